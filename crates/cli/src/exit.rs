//! Exit codes, documented in the README and `detente --help`:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success, nothing to report |
//! | 1 | findings: unverified quotes, unavailable source texts, contradictions |
//! | 2 | usage error: bad arguments, unreadable file or directory |
//! | 3 | invalid input: a scenario or peer tool's file with at least one error diagnostic |

use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Findings = 1,
    Usage = 2,
    Invalid = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Turns a command's result into the process exit code; operational errors
/// (unreadable files, bad directories) are usage errors. With `--format
/// json` a usage error is also a JSON document on standard output, so a
/// script always gets one.
pub fn report(result: anyhow::Result<Exit>, json: bool, command: &str) -> ExitCode {
    match result {
        Ok(e) => e.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return Exit::Success.into();
            }
            eprintln!("error: {err:#}");
            if json {
                print!(
                    "{}",
                    detente_present::json::usage_error(Some(command), &format!("{err:#}"))
                );
            }
            Exit::Usage.into()
        }
    }
}

/// Arguments clap cannot parse: its message (help and version requests
/// print and succeed), and with `--format json` among the arguments, the
/// JSON usage-error document too.
pub fn bad_arguments(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let args: Vec<String> = std::env::args().collect();
    let json = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json");
    // Help and version requests, and everything without --format json, as
    // clap answers them (its exit codes included).
    if !json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let _ = e.print();
    // The subcommand, as clap knows the names (no list of our own).
    let names: Vec<String> = <crate::args::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let command = args.iter().skip(1).find(|a| names.contains(a));
    let message = e.render().to_string();
    let first = message.lines().next().unwrap_or("bad arguments");
    print!(
        "{}",
        detente_present::json::usage_error(
            command.map(String::as_str),
            first.trim_start_matches("error: ")
        )
    );
    Exit::Usage.into()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
