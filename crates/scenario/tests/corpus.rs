//! The sample corpus: every diagnostic code has an invalid sample whose
//! rendered message is pinned by a snapshot; every valid sample loads clean.
//!
//! Sample names start with the code they must raise (`E102-unknown-actor.toml`).
//! Samples of evidence findings (W codes) are checked against the texts in
//! `tests/corpus/sources/`.

use std::path::{Path, PathBuf};

use detente_scenario::evidence::{self, SourceTexts};
use detente_scenario::{Code, Diagnostic, Loaded, diagnostic::render_all};

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn sources_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/sources")
}

/// Loads a sample and, when valid, runs the evidence check on it.
fn diagnose(path: &Path) -> (Loaded, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!("{}", path.file_name().unwrap().to_string_lossy());
    let loaded = detente_scenario::load(name, text);
    let mut all = loaded.diagnostics.clone();
    if let Some(s) = &loaded.scenario {
        let texts = SourceTexts::load(s, &sources_dir());
        all.extend(evidence::check(s, Some(&texts)).diagnostics(s));
    }
    (loaded, all)
}

#[test]
fn every_invalid_sample_raises_its_code_with_a_pinned_message() {
    for path in corpus("invalid") {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = Code::parse(&stem[..4])
            .unwrap_or_else(|| panic!("{stem}: name must start with a code"));
        let (loaded, diagnostics) = diagnose(&path);
        assert!(
            diagnostics.iter().any(|d| d.code == code),
            "{stem}: expected {code:?}, got {:?}",
            diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        if code.as_str().starts_with('E') {
            assert!(
                loaded.scenario.is_none(),
                "{stem}: an E code must make the scenario invalid"
            );
        } else {
            assert!(
                loaded.scenario.is_some(),
                "{stem}: a W or N code must leave the scenario valid"
            );
        }
        // Every diagnostic names a real place and says how to fix it.
        for d in &diagnostics {
            assert!(
                d.span.end <= loaded.file.text.len(),
                "{stem}: span out of range"
            );
            assert!(!d.message.is_empty());
        }
        let rendered = render_all(&diagnostics, &loaded.file);
        insta::assert_snapshot!(stem.clone(), rendered);
    }
}

#[test]
fn every_code_has_a_sample() {
    let samples: Vec<String> = corpus("invalid")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy()[..4].to_owned())
        .collect();
    // Peer tools' files (E7xx) are read in crates/analysis, whose corpus
    // holds their samples.
    for code in Code::ALL.iter().filter(|c| !c.as_str().starts_with("E7")) {
        assert!(
            samples.iter().any(|s| s == code.as_str()),
            "no sample for {} ({}): add tests/corpus/invalid/{}-{}.toml",
            code.as_str(),
            code.name(),
            code.as_str(),
            code.name()
        );
    }
}

#[test]
fn valid_samples_load_clean() {
    for path in corpus("valid") {
        let (loaded, diagnostics) = diagnose(&path);
        assert!(
            loaded.scenario.is_some(),
            "{}: {:#?}",
            path.display(),
            loaded.diagnostics
        );
        // Notes (what the inputs alone say) may remain; nothing else.
        let serious: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity() != detente_scenario::Severity::Note)
            .collect();
        assert!(serious.is_empty(), "{}: {serious:#?}", path.display());
    }
}

#[test]
fn diagnostics_render_as_json_with_line_and_column() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/invalid/E102-unknown-actor.toml");
    let (loaded, diagnostics) = diagnose(&path);
    let j = diagnostics[0].to_json(&loaded.file);
    assert_eq!(j.code.as_str(), "E102");
    assert_eq!(j.name, "unknown-actor");
    let line = loaded
        .file
        .text
        .lines()
        .position(|l| l.contains("Alpah"))
        .unwrap()
        + 1;
    assert_eq!((j.line, j.column), (line, 9));
    assert_eq!(j.help.as_deref(), Some("actors are: `A`, `B`"));
    assert_eq!(j.severity, detente_scenario::Severity::Error);
}
