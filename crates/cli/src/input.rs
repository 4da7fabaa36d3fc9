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

/// What `detente forecast` reads.
pub enum ForecastInput {
    Scenario(Box<Loaded>),
    Ktab {
        file: String,
        scenario: detente_forecast::ktab::KtabScenario,
    },
    Decide {
        file: String,
        parsed: detente_forecast::decide::DecideFile,
    },
    /// A KTAB or Decide file with an error at a place.
    Invalid {
        file: String,
        line: usize,
        column: usize,
        message: String,
        help: String,
    },
}

/// Reads a forecast input: a KTAB CSV (`.csv`), a Decide file (rows
/// starting `#A`, `#P`, `#M`, `#D`, `#O` or `#/`), or a scenario.
pub fn forecast_input(path: Option<&Path>) -> anyhow::Result<ForecastInput> {
    let Some(p) = path.filter(|p| *p != Path::new("-")) else {
        return Ok(ForecastInput::Scenario(Box::new(load(path)?)));
    };
    let text =
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
    let file = p.display().to_string();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let decide = ["#A", "#P", "#M", "#D", "#O", "#/"]
        .iter()
        .any(|t| first.starts_with(t));
    if decide {
        return Ok(match detente_forecast::decide::read(&text) {
            Ok(parsed) => ForecastInput::Decide { file, parsed },
            Err(e) => ForecastInput::Invalid {
                file,
                line: e.line,
                column: e.column,
                message: e.message,
                help: e.help,
            },
        });
    }
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return Ok(match detente_forecast::ktab::read_csv(&text) {
            Ok(scenario) => ForecastInput::Ktab { file, scenario },
            Err(e) => ForecastInput::Invalid {
                file,
                line: e.line,
                column: e.column,
                message: e.message,
                help: e.help,
            },
        });
    }
    Ok(ForecastInput::Scenario(Box::new(detente_scenario::load(
        file, text,
    ))))
}

/// Today's date (UTC) as `YYYY-MM-DD` (days-to-civil, H. Hinnant).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Writes `text` to a new file `path` atomically (a temporary file beside
/// it, then a rename); refuses to replace an existing file.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} already exists; choose another name or remove it first",
            path.display()
        );
    }
    write_atomic(path, text)
}

/// What `detente packages` reads.
pub enum PackagesInput {
    Scenario(Box<Loaded>),
    Domain {
        file: String,
        domain: detente_bargain::Domain,
    },
}

fn read_text(p: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
}

/// Reads a scenario, a GENIUS/GeniusWeb domain file with `profiles`, or a
/// directory with a domain and its profiles.
pub fn packages_input(
    path: Option<&Path>,
    profiles: &[std::path::PathBuf],
) -> anyhow::Result<PackagesInput> {
    use detente_bargain::genius::{read_genius, read_geniusweb};
    let Some(p) = path.filter(|p| *p != Path::new("-")) else {
        return Ok(PackagesInput::Scenario(Box::new(load(path)?)));
    };
    let named = |f: &Path| -> anyhow::Result<(String, String)> {
        Ok((f.display().to_string(), read_text(f)?))
    };
    let (domain_file, profile_files): (std::path::PathBuf, Vec<std::path::PathBuf>) = if p.is_dir()
    {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(p)
            .with_context(|| format!("cannot list {}", p.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|e| e == "xml" || e == "json"))
            .collect();
        files.sort();
        let is_domain = |f: &Path| -> bool {
            let t = std::fs::read_to_string(f).unwrap_or_default();
            if f.extension().is_some_and(|e| e == "json") {
                !t.contains("LinearAdditiveUtilitySpace") && t.contains("issuesValues")
            } else {
                t.contains("<negotiation_template") || !t.contains("evaluation")
            }
        };
        let Some(pos) = files.iter().position(|f| is_domain(f)) else {
            bail!(
                "{}: no domain file (a GENIUS <negotiation_template> or a GeniusWeb `issuesValues` file)",
                p.display()
            );
        };
        let d = files.remove(pos);
        (d, files)
    } else if p.extension().is_some_and(|e| e == "xml" || e == "json") {
        if profiles.len() < 2 {
            bail!(
                "{}: a domain file needs a --profile per party (at least two)",
                p.display()
            );
        }
        (p.to_path_buf(), profiles.to_vec())
    } else {
        return Ok(PackagesInput::Scenario(Box::new(load(Some(p))?)));
    };
    let (dname, dtext) = named(&domain_file)?;
    let profs: Vec<(String, String)> = profile_files
        .iter()
        .map(|f| named(f))
        .collect::<anyhow::Result<_>>()?;
    let domain = if domain_file.extension().is_some_and(|e| e == "json") {
        read_geniusweb(&dname, &dtext, &profs)
    } else {
        read_genius(&dname, &dtext, &profs)
    }
    .map_err(|e| match e.line {
        Some(l) => anyhow::anyhow!("{}:{l}: {}", e.file, e.message),
        None => anyhow::anyhow!("{}: {}", e.file, e.message),
    })?;
    domain
        .check()
        .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    Ok(PackagesInput::Domain {
        file: p.display().to_string(),
        domain,
    })
}

/// Writes `text` to `path` atomically (a temporary file beside it, then a
/// rename), replacing an earlier output.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map_or("out".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}", path.display())
    })?;
    Ok(())
}
