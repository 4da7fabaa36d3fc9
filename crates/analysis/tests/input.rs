//! The one entry point for input: every peer format's failure becomes a
//! diagnostic with a stable code, placed in its file, rendered like a
//! scenario's (samples under `tests/corpus/`, one per E7xx code, each
//! message pinned); every format a peer tool publishes opens.

use std::path::{Path, PathBuf};

use detente_analysis::input::{Input, InputError, InputKind, Request, open};
use detente_scenario::Code;
use detente_scenario::diagnostic::render_all;

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel)
}

#[test]
fn every_peer_code_has_a_sample_with_a_pinned_message() {
    let samples = corpus();
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("E7")) {
        let path = samples
            .iter()
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(code.as_str())
            })
            .unwrap_or_else(|| {
                panic!(
                    "no sample for {}: add tests/corpus/{}-{}.*",
                    code.as_str(),
                    code.as_str(),
                    code.name()
                )
            });
        let Err(InputError::Invalid { loaded, .. }) = open(Request::path(Some(path))) else {
            panic!("{}: expected an invalid input", path.display());
        };
        assert!(loaded.scenario.is_none());
        assert_eq!(loaded.diagnostics.len(), 1, "{}", path.display());
        let d = &loaded.diagnostics[0];
        assert_eq!(d.code, *code, "{}", path.display());
        assert!(
            d.help.is_some(),
            "{}: every diagnostic says how to fix it",
            path.display()
        );
        assert!(d.span.end <= loaded.file.text.len());
        // The file named relative to the corpus, so the snapshot is the
        // same on every machine.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/");
        let rendered =
            render_all(&loaded.diagnostics, &loaded.file).replace(&root.display().to_string(), "");
        insta::assert_snapshot!(code.as_str(), rendered);
    }
}

#[test]
fn peer_errors_carry_line_and_column() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/E702-invalid-decide-file.txt");
    let Err(InputError::Invalid { loaded, kind }) = open(Request::path(Some(&path))) else {
        panic!("expected an invalid input");
    };
    assert_eq!(kind, InputKind::Decide);
    let j = loaded.diagnostics[0].to_json(&loaded.file);
    assert_eq!((j.line, j.column), (5, 9));
    assert_eq!(j.code, Code::InvalidDecide);
}

#[test]
fn every_peer_format_opens() {
    let cases: [(PathBuf, &[PathBuf], InputKind); 4] = [
        (
            shared("data/forecast/ktab/SOE-Policy.csv"),
            &[],
            InputKind::Ktab,
        ),
        (
            shared("data/negotiation-domains/anac/y2010/Travel"),
            &[],
            InputKind::Genius,
        ),
        (
            shared("data/negotiation-domains/geniusweb/FlightBooking"),
            &[],
            InputKind::GeniusWeb,
        ),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../gmcr/tests/gmcr/prisoners.gmcr"),
            &[],
            InputKind::Gmcr,
        ),
    ];
    for (path, profiles, kind) in cases {
        let input = open(Request {
            path: Some(&path),
            profiles,
            budget: &[],
        })
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(input.kind(), kind, "{}", path.display());
        // Every format becomes a valid scenario for the lenses (what the
        // app and `analyze` open).
        let as_scenario = detente_analysis::input::as_scenario(input, "2026-01-01", &[]);
        assert!(as_scenario.is_ok(), "{}", path.display());
    }
    // The built-in scenario.
    assert!(matches!(open(Request::default()), Ok(Input::Scenario(_))));
}
