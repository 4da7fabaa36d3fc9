//! Reading what a user points detente at: the one place that decides what
//! a file is, and the one error type every reader's failure becomes.
//!
//! Users arrive with a detente scenario or with a file from the tool they
//! used before: a KTAB CSV, a Decide table, a GENIUS or GeniusWeb domain with
//! its profiles, a GMCR+ `.gmcr`. Every front end (each CLI command, the web
//! app) opens input through [`open`], so they agree on what a file is and
//! none can open less than another. A file that cannot be used becomes
//! [`InputError::Invalid`]: its text and diagnostics with a stable code
//! (E7xx for peer formats), rendered by the same code as a scenario's errors,
//! with file, line, column and a fix. This is the facade's I/O module: the
//! rest of the crate computes and reads nothing.

use std::io::Read;
use std::path::{Path, PathBuf};

use detente_bargain::Domain;
use detente_bargain::genius::{read_genius, read_geniusweb};
use detente_forecast::decide::DecideFile;
use detente_forecast::ktab::KtabScenario;
use detente_gmcr::gmcr_plus::{self, ImportError, Imported};
use detente_scenario::{BERLIN_2025_12, BERLIN_2025_12_NAME, Code, Diagnostic, Loaded, SourceFile};

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A detente scenario (TOML).
    Scenario,
    /// A KTAB scenario CSV: all its dimensions form one problem.
    Ktab,
    /// A decide-exchange-model input: one problem per issue.
    Decide,
    /// A GENIUS XML domain with its profiles.
    Genius,
    /// A GeniusWeb JSON domain with its profiles.
    GeniusWeb,
    /// A GMCR+ conflict (`.gmcr`).
    Gmcr,
}

impl InputKind {
    /// How messages name the format.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Scenario => "detente scenario",
            InputKind::Ktab => "KTAB CSV",
            InputKind::Decide => "Decide",
            InputKind::Genius => "GENIUS domain",
            InputKind::GeniusWeb => "GeniusWeb domain",
            InputKind::Gmcr => "GMCR+ file",
        }
    }

    /// What an invalid file of this kind is called ("invalid scenario",
    /// "invalid KTAB CSV").
    pub fn noun(self) -> &'static str {
        match self {
            InputKind::Scenario => "scenario",
            other => other.name(),
        }
    }
}

/// An input, read and parsed.
pub enum Input {
    /// A valid scenario (an invalid one is an [`InputError::Invalid`]).
    Scenario(Box<Loaded>),
    Ktab {
        file: String,
        scenario: KtabScenario,
    },
    Decide {
        file: String,
        parsed: DecideFile,
    },
    /// A GENIUS or GeniusWeb domain with its profiles.
    Domain {
        file: String,
        kind: InputKind,
        domain: Domain,
    },
    Gmcr {
        file: String,
        imported: Imported,
    },
}

impl Input {
    pub fn kind(&self) -> InputKind {
        match self {
            Input::Scenario(_) => InputKind::Scenario,
            Input::Ktab { .. } => InputKind::Ktab,
            Input::Decide { .. } => InputKind::Decide,
            Input::Domain { kind, .. } => *kind,
            Input::Gmcr { .. } => InputKind::Gmcr,
        }
    }

    /// The file's name as the user gave it.
    pub fn file(&self) -> &str {
        match self {
            Input::Scenario(l) => &l.file.name,
            Input::Ktab { file, .. }
            | Input::Decide { file, .. }
            | Input::Domain { file, .. }
            | Input::Gmcr { file, .. } => file,
        }
    }
}

/// Why an input cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file or directory could not be read at all, or the request does
    /// not fit it (a domain file without profiles): a usage error.
    #[error("{0}")]
    Unreadable(String),
    /// The file was read but is not valid: its text and diagnostics, with
    /// the scenario left empty.
    #[error("{} is not a valid {}", loaded.file.name, kind.name())]
    Invalid {
        loaded: Box<Loaded>,
        kind: InputKind,
    },
}

/// What to open: a path (`None` for the built-in scenario, `-` for
/// standard input, which is always a scenario) and, for a GENIUS or
/// GeniusWeb domain file, the profiles of its parties.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    pub path: Option<&'a Path>,
    pub profiles: &'a [PathBuf],
    /// Budget settings beside the file (`--budget`), parsed by
    /// [`detente_scenario::budget::parse_setting`].
    pub budget: &'a [(String, u64)],
}

impl<'a> Request<'a> {
    pub fn path(path: Option<&'a Path>) -> Request<'a> {
        Request {
            path,
            profiles: &[],
            budget: &[],
        }
    }
}

/// Decides what the file at `path` is, from its name and its first line.
/// A directory is a GENIUS or GeniusWeb domain folder.
pub fn detect(path: &Path, text: Option<&str>) -> InputKind {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        _ if path.is_dir() => {
            if domain_files(path).is_ok_and(|(d, _)| has_ext(&d, "json")) {
                InputKind::GeniusWeb
            } else {
                InputKind::Genius
            }
        }
        Some("gmcr") => InputKind::Gmcr,
        Some("xml") => InputKind::Genius,
        Some("json") => InputKind::GeniusWeb,
        _ if text.is_some_and(is_decide) => InputKind::Decide,
        Some("csv") => InputKind::Ktab,
        _ => InputKind::Scenario,
    }
}

/// A Decide file starts (after blank lines) with one of its row tags.
fn is_decide(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    ["#A", "#P", "#M", "#D", "#O", "#/"]
        .iter()
        .any(|t| first.starts_with(t))
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn unreadable(what: &str, p: &Path, e: impl std::fmt::Display) -> InputError {
    // A bare name that is no file may have meant a built-in scenario.
    let hint = if !p.exists() && p.extension().is_none() && p.components().count() == 1 {
        let names: Vec<&str> = detente_scenario::BUILTIN.iter().map(|b| b.name).collect();
        format!(" (built-in scenarios: {})", names.join(", "))
    } else {
        String::new()
    };
    InputError::Unreadable(format!("cannot read {what} {}: {e}{hint}", p.display()))
}

/// Reads a text file (`what` names it in the error), naming the byte where
/// it stops being UTF-8.
fn read_text(p: &Path, what: &str) -> Result<String, InputError> {
    let bytes = std::fs::read(p).map_err(|e| unreadable(what, p, e))?;
    String::from_utf8(bytes).map_err(|e| {
        InputError::Unreadable(format!(
            "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            p.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Opens an input: reads it, decides what it is, and parses it.
pub fn open(req: Request<'_>) -> Result<Input, InputError> {
    let load = |name: &str, text: String| detente_scenario::load_with(name, text, req.budget);
    let Some(p) = req.path else {
        return scenario(load(BERLIN_2025_12_NAME, BERLIN_2025_12.into()));
    };
    if p == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            InputError::Unreadable(format!("cannot read the scenario from standard input: {e}"))
        })?;
        return scenario(load("<stdin>", text));
    }
    // A built-in scenario by name (when no file of that name exists).
    if !p.exists()
        && let Some(b) = p.to_str().and_then(detente_scenario::builtin)
    {
        return scenario(load(b.file, b.text.into()));
    }
    let file = p.display().to_string();
    if p.is_dir() {
        return domain_dir(p, req.profiles);
    }
    let what = match detect(p, None) {
        InputKind::Scenario => "scenario file",
        kind => kind.name(),
    };
    let text = read_text(p, what)?;
    match detect(p, Some(&text)) {
        InputKind::Scenario => scenario(load(&file, text)),
        InputKind::Ktab => match detente_forecast::ktab::read_csv(&text) {
            Ok(scenario) => Ok(Input::Ktab { file, scenario }),
            Err(e) => Err(located(
                InputKind::Ktab,
                SourceFile::new(file, text),
                Code::InvalidKtab,
                (e.line, e.column),
                e.message,
                Some(e.help),
            )),
        },
        InputKind::Decide => match detente_forecast::decide::read(&text) {
            Ok(parsed) => Ok(Input::Decide { file, parsed }),
            Err(e) => Err(located(
                InputKind::Decide,
                SourceFile::new(file, text),
                Code::InvalidDecide,
                (e.line, e.column),
                e.message,
                Some(e.help),
            )),
        },
        InputKind::Gmcr => gmcr(file, text, req.budget),
        kind @ (InputKind::Genius | InputKind::GeniusWeb) => {
            if req.profiles.len() < 2 {
                return Err(InputError::Unreadable(format!(
                    "{file}: a domain file needs a --profile per party (at least two)"
                )));
            }
            // A bare name is looked up beside the domain file.
            let beside = |f: &PathBuf| -> PathBuf {
                match p.parent() {
                    Some(dir) if !f.exists() && f.is_relative() => dir.join(f),
                    _ => f.clone(),
                }
            };
            let profiles = req
                .profiles
                .iter()
                .map(|f| {
                    let f = beside(f);
                    Ok((f.display().to_string(), read_text(&f, "profile")?))
                })
                .collect::<Result<Vec<_>, InputError>>()?;
            domain(kind, file.clone(), (file, text), profiles)
        }
    }
}

fn scenario(loaded: Loaded) -> Result<Input, InputError> {
    if loaded.scenario.is_some() {
        Ok(Input::Scenario(Box::new(loaded)))
    } else {
        Err(InputError::Invalid {
            loaded: Box::new(loaded),
            kind: InputKind::Scenario,
        })
    }
}

/// An invalid peer file: one diagnostic at a 1-based line and column.
fn located(
    kind: InputKind,
    file: SourceFile,
    code: Code,
    (line, column): (usize, usize),
    message: String,
    help: Option<String>,
) -> InputError {
    let span = file.offset_of(line, column);
    let span = span..file.char_end(span);
    let d = Diagnostic::new(code, message, span).maybe_help(help);
    InputError::Invalid {
        loaded: Box::new(Loaded {
            file,
            scenario: None,
            diagnostics: vec![d],
        }),
        kind,
    }
}

/// A GMCR+ file: serde's line and column when it is not the JSON GMCR+
/// writes, the whole file when its content is inconsistent.
fn gmcr(file: String, text: String, budget: &[(String, u64)]) -> Result<Input, InputError> {
    match gmcr_plus::import(&text) {
        Ok(imported) => {
            // Over its budget, refuse here: before the stability lens builds
            // it, and before an import writes every state's rank.
            let limits = detente_scenario::budget::Limits::with(budget);
            let states = imported.form.feasible_states().len();
            let over = if states as u64 > limits.states {
                Some((
                    format!(
                        "{} feasible states, more than the budget of {}",
                        detente_scenario::budget::thousands(states as u128),
                        detente_scenario::budget::thousands(limits.states as u128)
                    ),
                    format!(
                        "add infeasible states or remove options in GMCR+, or raise the budget: --budget states={states}"
                    ),
                ))
            } else {
                imported
                    .form
                    .within(states, limits.memory_bytes())
                    .err()
                    .map(|e| {
                        (
                            e.to_string(),
                            format!(
                                "{}; or raise the budget: --budget memory_mb=…",
                                detente_gmcr::options::MOVE_BUDGET_HELP
                            ),
                        )
                    })
            };
            if let Some((message, help)) = over {
                return Err(located(
                    InputKind::Gmcr,
                    SourceFile::new(file, text),
                    Code::InvalidGmcr,
                    (1, 1),
                    message,
                    Some(help),
                ));
            }
            Ok(Input::Gmcr { file, imported })
        }
        Err(e) => {
            let (at, message) = match &e {
                ImportError::Json(j) if j.line() > 0 => (
                    (j.line(), j.column().max(1)),
                    format!("not a GMCR+ file: {j}"),
                ),
                ImportError::Json(j) => ((1, 1), format!("not a GMCR+ file: {j}")),
                other => ((1, 1), other.to_string()),
            };
            Err(located(
                InputKind::Gmcr,
                SourceFile::new(file, text),
                Code::InvalidGmcr,
                at,
                message,
                Some("a GMCR+ (gmcr-py) file is JSON: `options` (each with a `name`), `decisionMakers` (each with a `name`, its `options` by number from 0, and `preferences`); correct the value named above, or save the file again from GMCR+".into()),
            ))
        }
    }
}

/// The domain file and the profiles of a GENIUS or GeniusWeb folder
/// (profiles in file-name order).
fn domain_files(dir: &Path) -> Result<(PathBuf, Vec<PathBuf>), InputError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| unreadable("directory", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| has_ext(f, "xml") || has_ext(f, "json"))
        .collect();
    files.sort();
    let is_domain = |f: &Path| -> bool {
        let t = std::fs::read_to_string(f).unwrap_or_default();
        if has_ext(f, "json") {
            !t.contains("LinearAdditiveUtilitySpace") && t.contains("issuesValues")
        } else {
            t.contains("<negotiation_template") || !t.contains("evaluation")
        }
    };
    let Some(pos) = files.iter().position(|f| is_domain(f)) else {
        return Err(InputError::Unreadable(format!(
            "{}: no domain file (a GENIUS <negotiation_template> or a GeniusWeb `issuesValues` file)",
            dir.display()
        )));
    };
    let d = files.remove(pos);
    Ok((d, files))
}

/// The profiles of a GENIUS or GeniusWeb folder, in file-name order: the
/// parties a folder stands for unless `--profile` chooses some.
pub fn folder_profiles(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    domain_files(dir).map(|(_, profiles)| profiles)
}

/// A domain folder: its domain file with every profile in it, or with the
/// profiles `chosen` (as `--profile` names them; a bare name is looked up
/// in the folder).
fn domain_dir(dir: &Path, chosen: &[PathBuf]) -> Result<Input, InputError> {
    let (domain_file, mut profile_files) = domain_files(dir)?;
    if !chosen.is_empty() {
        profile_files = chosen
            .iter()
            .map(|f| if f.exists() { f.clone() } else { dir.join(f) })
            .collect();
        if profile_files.len() < 2 {
            return Err(InputError::Unreadable(format!(
                "{}: give a --profile per party (at least two)",
                dir.display()
            )));
        }
    }
    let kind = if has_ext(&domain_file, "json") {
        InputKind::GeniusWeb
    } else {
        InputKind::Genius
    };
    let dtext = read_text(&domain_file, "domain file")?;
    let profiles = profile_files
        .iter()
        .map(|f| Ok((f.display().to_string(), read_text(f, "profile")?)))
        .collect::<Result<Vec<_>, InputError>>()?;
    domain(
        kind,
        dir.display().to_string(),
        (domain_file.display().to_string(), dtext),
        profiles,
    )
}

/// Parses a domain and its profiles; an error is placed in the file it is
/// in, at its line when the reader knows it.
fn domain(
    kind: InputKind,
    file: String,
    (dname, dtext): (String, String),
    profiles: Vec<(String, String)>,
) -> Result<Input, InputError> {
    let read = if kind == InputKind::GeniusWeb {
        read_geniusweb(&dname, &dtext, &profiles)
    } else {
        read_genius(&dname, &dtext, &profiles)
    };
    let help = match kind {
        InputKind::GeniusWeb => {
            "a GeniusWeb domain has `issuesValues`; each profile is a `LinearAdditiveUtilitySpace` over its issues"
        }
        _ => {
            "a GENIUS domain is a <negotiation_template>; each profile a <utility_space> with an <issue> and <item evaluation=...> per value"
        }
    };
    let domain = read.map_err(|e| {
        let text = if e.file == dname {
            dtext.clone()
        } else {
            profiles
                .iter()
                .find(|(n, _)| *n == e.file)
                .map_or_else(String::new, |(_, t)| t.clone())
        };
        let at = e.line.map_or((1, 1), |l| (l as usize, 1));
        located(
            kind,
            SourceFile::new(e.file.clone(), text),
            Code::InvalidGenius,
            at,
            e.message.clone(),
            Some(help.into()),
        )
    })?;
    domain.check().map_err(|e| {
        located(
            kind,
            SourceFile::new(dname.clone(), dtext.clone()),
            Code::InvalidGenius,
            (1, 1),
            e.to_string(),
            Some(help.into()),
        )
    })?;
    Ok(Input::Domain { file, kind, domain })
}

/// Where a scenario's relative layer paths start: `--geo-dir`, else the
/// scenario file's directory (the checkout's `scenarios/` for the built-in
/// one).
pub fn layer_base(scenario_file: &str, geo_dir: Option<&Path>) -> PathBuf {
    if let Some(d) = geo_dir {
        return d.to_path_buf();
    }
    if let Some(d) = std::env::var_os(GEO_DIR_VAR).filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    match Path::new(scenario_file).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The environment variable naming the folder of the geometry layers when
/// `--geo-dir` does not.
pub const GEO_DIR_VAR: &str = "DETENTE_GEO_DIR";

/// The shared data beside the checkout (`../shared/data/geo`), where the
/// built-in scenario's layers live: never copied into the repository.
pub fn shared_geo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/geo")
}

/// The folders a scenario's layers may be read from: `base` (`--geo-dir`,
/// else [`GEO_DIR_VAR`], else the scenario's folder) and the shared data
/// beside the checkout, canonicalised.
fn layer_roots(base: &Path) -> Vec<PathBuf> {
    [base.to_path_buf(), shared_geo_dir()]
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .collect()
}

/// Reads the geometry layers of a scenario, or says which are missing.
/// Only files inside the layer roots are read (issue 14): a path that
/// leaves them (`..`, an absolute path, a link) is refused unread, and
/// nothing of its text is ever shown.
pub fn read_layers(
    g: &detente_scenario::model::Geometry,
    base: &Path,
) -> Result<crate::geometry::GeoTexts, String> {
    let roots = layer_roots(base);
    let mut missing = Vec::new();
    let mut outside = Vec::new();
    let mut read = |rel: &str| -> Option<crate::geometry::Layer> {
        let p = base.join(rel);
        match p.canonicalize() {
            Ok(c) if roots.iter().any(|r| c.starts_with(r)) => {}
            Ok(_) => {
                outside.push(rel.to_owned());
                return None;
            }
            Err(e) => {
                missing.push(format!("{} ({e})", p.display()));
                return None;
            }
        }
        match std::fs::read_to_string(&p) {
            Ok(text) => Some(crate::geometry::Layer {
                name: p.display().to_string(),
                text,
            }),
            Err(e) => {
                missing.push(format!("{} ({e})", p.display()));
                None
            }
        }
    };
    let occupied = read(&g.occupied);
    let land = read(&g.land);
    let line = g.line.as_deref().map(&mut read);
    let regions = g.regions.as_deref().map(&mut read);
    let settlements = g.settlements.as_deref().map(&mut read);
    let earlier: Vec<(String, Option<crate::geometry::Layer>)> = g
        .earlier
        .iter()
        .map(|(d, f)| (d.to_string(), read(f)))
        .collect();
    if !outside.is_empty() {
        return Err(format!(
            "geometry files outside the layer folder {}: {}; they are not read. Put them in that folder, or name theirs with --geo-dir DIR (or {GEO_DIR_VAR})",
            roots
                .first()
                .map_or(base.to_path_buf(), |r| r.clone())
                .display(),
            outside.join(", ")
        ));
    }
    if !missing.is_empty() {
        return Err(format!(
            "missing geometry files: {}; the layers are read at run time (pass --geo-dir DIR if they live elsewhere)",
            missing.join("; ")
        ));
    }
    Ok(crate::geometry::GeoTexts {
        occupied: occupied.expect("read"),
        land: land.expect("read"),
        line: line.flatten(),
        regions: regions.flatten(),
        settlements: settlements.flatten(),
        earlier: earlier
            .into_iter()
            .filter_map(|(d, l)| l.map(|l| (d, l)))
            .collect(),
    })
}

/// The input as a detente scenario's TOML text: a scenario's own text, or
/// a peer file written out by the importers in [`crate::import`] (`as_of`
/// is the day of the import).
pub fn scenario_text(input: &Input, as_of: &str) -> Result<String, InputError> {
    use crate::forecast::{subject_from_ktab, subjects_from_decide};
    let stem = Path::new(input.file())
        .file_stem()
        .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
    let origin = format!("{} ({})", input.file(), input.kind().name());
    Ok(match input {
        Input::Scenario(l) => l.file.text.clone(),
        Input::Ktab { scenario, .. } => crate::import::scenario_toml(
            &stem,
            &scenario.name,
            as_of,
            &origin,
            &[subject_from_ktab(scenario)],
        ),
        Input::Decide { file, parsed } => crate::import::scenario_toml(
            &stem,
            parsed.title.as_deref().unwrap_or(file),
            as_of,
            &origin,
            &subjects_from_decide(parsed),
        ),
        Input::Domain { domain, .. } => {
            crate::import::scenario_from_domain(&stem, &stem, as_of, &origin, domain)
        }
        Input::Gmcr { imported, .. } => {
            crate::import::scenario_from_gmcr(&stem, &stem, as_of, &origin, imported)
        }
    })
}

/// The input as a loaded scenario, for the commands that read scenarios
/// (check, show, analyze, report, geometry, the app): a peer file is
/// imported in memory under its own name and never written.
pub fn as_scenario(
    input: Input,
    as_of: &str,
    budget: &[(String, u64)],
) -> Result<Loaded, InputError> {
    if let Input::Scenario(l) = input {
        return Ok(*l);
    }
    let text = scenario_text(&input, as_of)?;
    let mut loaded = detente_scenario::load_with(input.file().to_owned(), text, budget);
    if loaded.scenario.is_some() {
        // Notes point into the text detente wrote, not the user's file; the
        // brief's caveats say the same without a misleading place.
        loaded
            .diagnostics
            .retain(|d| d.severity() != detente_scenario::Severity::Note);
        Ok(loaded)
    } else {
        // The importers write valid scenarios; if one did not, say so on
        // the text it wrote rather than on the user's file.
        Err(InputError::Invalid {
            loaded: Box::new(loaded),
            kind: InputKind::Scenario,
        })
    }
}

/// Today's date (UTC) as `YYYY-MM-DD` (days-to-civil, H. Hinnant): the
/// `as_of` of an imported scenario.
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

/// Writes `text` to `path` atomically: a temporary file of a name no
/// other writer uses, written and fsynced, renamed over `path`, and the
/// folder fsynced, so that a crash or a kill at any moment leaves either
/// the old file or the new one, whole. With `keep_previous`, the file's
/// earlier content is kept as `*.prev` the same way (never by a plain
/// copy, which a kill could leave truncated). Returns the `*.prev` path.
/// The one write routine of the CLI and the app.
pub fn write_atomic(
    path: &Path,
    text: &str,
    keep_previous: bool,
) -> std::io::Result<Option<PathBuf>> {
    let dir = folder_of(path);
    let prev = if keep_previous && path.exists() {
        let prev = path.with_extension(format!(
            "{}.prev",
            path.extension()
                .map_or(String::new(), |e| e.to_string_lossy().into_owned())
        ));
        let old = std::fs::read(path)?;
        replace(&dir, &prev, &old)?;
        Some(prev)
    } else {
        None
    };
    replace(&dir, path, text.as_bytes())?;
    Ok(prev)
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Replaces `path` by `bytes` through a fresh temporary file in `dir`.
fn replace(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // The rename is durable once the folder is.
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A lock on saving one file, held while it lives: another process (a
/// second app on the same file) that asks for it meanwhile is refused, so
/// that it cannot check the file's version and then overwrite a save made
/// after its check. An advisory lock on `.<name>.lock` beside the file,
/// released by the system if the process dies.
#[derive(Debug)]
pub struct SaveLock(#[allow(dead_code)] std::fs::File);

/// Takes the save lock of `path` without waiting: `Ok(None)` when another
/// process holds it.
pub fn lock_for_save(path: &Path) -> std::io::Result<Option<SaveLock>> {
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(folder_of(path).join(format!(".{name}.lock")))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(SaveLock(file))),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Writes `text` to a new file `path` atomically; refuses to replace an
/// existing file (never lose a user's data).
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{} already exists; choose another name or remove it first",
                path.display()
            ),
        ));
    }
    write_atomic(path, text, false).map(|_| ())
}

/// Where the app saves a scenario imported from the peer file `path`: a
/// new file beside it (`NAME.detente.toml`, or `NAME.detente-2.toml` and so
/// on when that exists), never the peer file itself.
pub fn save_path_beside(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .or_else(|| path.file_name())
        .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new("."));
    (1..)
        .map(|k| {
            let name = if k == 1 {
                format!("{stem}.detente.toml")
            } else {
                format!("{stem}.detente-{k}.toml")
            };
            dir.join(name)
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}.detente.toml")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_name_and_first_line() {
        let p = Path::new("x.csv");
        assert_eq!(detect(p, Some("name,desc,1,1")), InputKind::Ktab);
        assert_eq!(detect(p, Some("\n#A;a;A")), InputKind::Decide);
        assert_eq!(
            detect(Path::new("x.txt"), Some("#P;i;I")),
            InputKind::Decide
        );
        assert_eq!(detect(Path::new("x.gmcr"), None), InputKind::Gmcr);
        assert_eq!(detect(Path::new("x.XML"), None), InputKind::Genius);
        assert_eq!(detect(Path::new("x.json"), None), InputKind::GeniusWeb);
        assert_eq!(
            detect(Path::new("x.toml"), Some("[scenario]")),
            InputKind::Scenario
        );
    }

    #[test]
    fn offsets_from_line_and_column() {
        let f = SourceFile::new("f", "ab\ncdé\n");
        assert_eq!(f.offset_of(2, 3), 5);
        assert_eq!(f.char_end(5), 7);
        assert_eq!(f.line_col(f.offset_of(2, 3)), (2, 3));
        // Past the end of a line or the text: clamped, never a panic.
        assert_eq!(f.offset_of(1, 9), 2);
        assert_eq!(f.offset_of(9, 1), f.text.len());
    }

    #[test]
    fn atomic_writes_keep_the_previous_file_and_never_overwrite_new_ones() {
        let dir = std::env::temp_dir().join(format!("detente-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("s.toml");
        write_new(&p, "one").unwrap();
        assert!(write_new(&p, "two").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        let prev = write_atomic(&p, "two", true).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&prev).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(
            save_path_beside(&dir.join("s.csv")),
            dir.join("s.detente.toml")
        );
        std::fs::write(dir.join("s.detente.toml"), "x").unwrap();
        assert_eq!(
            save_path_beside(&dir.join("s.csv")),
            dir.join("s.detente-2.toml")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
