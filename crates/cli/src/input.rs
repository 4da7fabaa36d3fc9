//! Reading scenarios and source texts from disk or standard input.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use detente_scenario::evidence::SourceTexts;
use detente_scenario::{BERLIN_2025_12, BERLIN_2025_12_NAME, Loaded, Scenario};

/// Reads and validates the scenario at `path`, or the built-in one.
pub fn load(path: Option<&Path>) -> anyhow::Result<Loaded> {
    let (name, text) = match path {
        None => (BERLIN_2025_12_NAME.to_owned(), BERLIN_2025_12.to_owned()),
        Some(p) if p == Path::new("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the scenario from standard input")?;
            ("<stdin>".to_owned(), text)
        }
        Some(p) => {
            let bytes = std::fs::read(p)
                .with_context(|| format!("cannot read scenario file {}", p.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                    p.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            (p.display().to_string(), text)
        }
    };
    Ok(detente_scenario::load(name, text))
}

/// Reads the source texts of a scenario from `dir`.
pub fn sources(scenario: &Scenario, dir: Option<&Path>) -> anyhow::Result<Option<SourceTexts>> {
    let Some(dir) = dir else { return Ok(None) };
    if !dir.is_dir() {
        bail!("--sources {}: not a directory", dir.display());
    }
    Ok(Some(SourceTexts::load(scenario, dir)))
}
