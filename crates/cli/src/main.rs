//! `detente`: the command-line front end. Argument parsing, reading files and
//! printing live here; all analysis lives in the library crates.

mod args;
mod commands;
mod exit;
mod input;
mod options;
mod printer;

fn main() -> std::process::ExitCode {
    let args = <args::Cli as clap::Parser>::parse();
    exit::report(commands::run(&args))
}
