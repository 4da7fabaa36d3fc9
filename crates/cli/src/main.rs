//! `detente`: the command-line front end. Argument parsing, reading files and
//! printing live here; all analysis lives in the library crates.

mod args;
mod commands;
mod exit;
mod input;
mod options;
mod printer;

fn main() -> std::process::ExitCode {
    let args = match <args::Cli as clap::Parser>::try_parse() {
        Ok(args) => args,
        Err(e) => return exit::bad_arguments(e),
    };
    let json = args.format == args::Format::Json;
    exit::report(commands::run(&args), json, args.command.name())
}
