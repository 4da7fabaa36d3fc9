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
/// (unreadable files, bad directories) are usage errors.
pub fn report(result: anyhow::Result<Exit>) -> ExitCode {
    match result {
        Ok(e) => e.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return Exit::Success.into();
            }
            eprintln!("error: {err:#}");
            Exit::Usage.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
