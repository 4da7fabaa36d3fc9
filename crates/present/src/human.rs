//! Text for people: headings, aligned tables, diagnostics as a compiler
//! shows them. (Column alignment is a dozen lines here rather than a table
//! crate, to keep output byte-stable for snapshot tests.)

use std::fmt::Write;

use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use detente_analysis::Analysis;
use detente_analysis::input::InputKind;
use detente_scenario::SourceFile;
use detente_scenario::diagnostic::render_all;
use detente_scenario::evidence::{EvidenceReport, QuoteStatus};
use detente_scenario::format::{PointStatus, Role, Stance, Track};
use detente_scenario::model::{IssueKind, Value, fmt_num};
use detente_scenario::{Diagnostic, Loaded, Scenario, Severity};

/// Left-aligned columns separated by two spaces; trailing spaces trimmed.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::from("  ");
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                line.extend(std::iter::repeat_n(
                    ' ',
                    widths[c] - cell.chars().count() + 2,
                ));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Diagnostics as a compiler shows them, in colour when asked.
fn diagnostics(ds: &[Diagnostic], file: &SourceFile, color: bool) -> String {
    if !color {
        return render_all(ds, file);
    }
    let files = SimpleFile::new(file.name.as_str(), file.text.as_str());
    let mut buf = termcolor::Buffer::ansi();
    let mut out = String::new();
    for d in ds {
        buf.clear();
        match term::emit_to_write_style(&mut buf, &Config::default(), &files, &d.to_codespan(file))
        {
            Ok(()) => out.push_str(&String::from_utf8_lossy(buf.as_slice())),
            Err(_) => out.push_str(&d.one_line(file)),
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// An input that cannot be used: its diagnostics and a count, naming what
/// the file was read as.
pub fn invalid(loaded: &Loaded, kind: InputKind, color: bool) -> String {
    let mut out = diagnostics(&loaded.diagnostics, &loaded.file, color);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "{}: invalid {}, {}",
        loaded.file.name,
        kind.noun(),
        plural(errors, "error")
    );
    out
}

pub fn check(
    loaded: &Loaded,
    scenario: &Scenario,
    report: &EvidenceReport,
    budget: &detente_analysis::budget::Estimate,
    findings: &[Diagnostic],
    color: bool,
) -> String {
    let mut out = diagnostics(findings, &loaded.file, color);
    let _ = writeln!(
        out,
        "{}: valid scenario: {}, {}, {}, {}, {}",
        loaded.file.name,
        plural(scenario.actors.len(), "actor"),
        plural(scenario.issues.len(), "issue"),
        plural(scenario.positions.len(), "position"),
        plural(scenario.proposals.len(), "proposal"),
        plural(scenario.claims.len(), "claim"),
    );
    out.push_str(&evidence_lines(report));
    let _ = writeln!(
        out,
        "budget: what `analyze` would spend ({} runs), and the limit ([budget] or --budget raises it)",
        detente_analysis::ANALYZE_RUNS,
    );
    let rows = budget.rows();
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let v = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (what, value, limit) in rows {
        let pad = v - value.chars().count();
        let _ = writeln!(out, "  {what:<w$}  {value}{:pad$}  limit: {limit}", "");
    }
    out
}

fn evidence_lines(r: &EvidenceReport) -> String {
    let c = &r.coverage;
    let mut out = String::new();
    if r.sources_checked {
        let _ = writeln!(
            out,
            "quotes: {} checked: {} verified, {} not found, {} unavailable",
            c.quotes, c.quotes_verified, c.quotes_unverified, c.quotes_unchecked
        );
    } else {
        let _ = writeln!(
            out,
            "quotes: {} not checked (pass --sources DIR to verify them)",
            c.quotes
        );
    }
    let _ = writeln!(
        out,
        "positions: {} quoted, {} analyst estimates only, of {}",
        c.positions_quoted, c.positions_estimated, c.positions
    );
    let _ = writeln!(out, "contradictions: {}", r.contradictions.len());
    out
}

pub fn show(s: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, as of {})", s.title, s.id, s.as_of);
    if let Some(d) = &s.description {
        let _ = writeln!(out, "{}", d.trim());
    }

    let _ = writeln!(out, "\nActors");
    let mut rows = vec![vec![
        "id".into(),
        "name".into(),
        "role".into(),
        "capability".into(),
        "people".into(),
    ]];
    for a in &s.actors {
        let mut who = a.people.join(", ");
        if let Some(r) = &a.represented_by {
            who = format!(
                "absent, relayed by {}{}",
                r.id,
                if who.is_empty() {
                    String::new()
                } else {
                    format!("; {who}")
                }
            );
        }
        rows.push(vec![
            a.id.clone(),
            a.name.clone(),
            role(a.role).into(),
            fmt_num(a.capability),
            who,
        ]);
    }
    out.push_str(&table(&rows));

    let _ = writeln!(out, "\nIssues");
    for (n, i) in s.issues.iter().enumerate() {
        let _ = writeln!(
            out,
            "  [{}] {} — {} ({})",
            n + 1,
            i.id,
            i.name,
            track(i.track)
        );
        match &i.kind {
            IssueKind::Scale {
                min,
                max,
                unit,
                low,
                high,
            } => {
                let _ = writeln!(
                    out,
                    "      {} {unit} = {low}; {} {unit} = {high}",
                    fmt_num(*min),
                    fmt_num(*max)
                );
            }
            IssueKind::Options { options } => {
                for (k, o) in options.iter().enumerate() {
                    let _ = writeln!(out, "      {}. {o}", k + 1);
                }
            }
        }
    }

    let _ = writeln!(
        out,
        "\nPositions (position/salience; #n = option n; ~ = analyst estimate)"
    );
    let mut header = vec!["actor".to_string()];
    header.extend((1..=s.issues.len()).map(|n| format!("[{n}]")));
    let mut rows = vec![header];
    let mut grid = vec![vec![None; s.issues.len()]; s.actors.len()];
    for p in &s.positions {
        grid[p.actor.index][p.issue.index] = Some(p);
    }
    for (a, row_positions) in s.actors.iter().zip(&grid) {
        let cells: Vec<String> = row_positions
            .iter()
            .map(|p| match p {
                None => "·".into(),
                Some(p) => {
                    let v = match &p.at {
                        Value::Number(x) => fmt_num(*x),
                        Value::Option { index, .. } => format!("#{}", index + 1),
                    };
                    let est = if p.evidence.estimate { "~" } else { "" };
                    format!("{est}{v}/{}", fmt_num(p.salience))
                }
            })
            .collect();
        if cells.iter().any(|c| c != "·") {
            let mut row = vec![a.id.clone()];
            row.extend(cells);
            rows.push(row);
        }
    }
    out.push_str(&table(&rows));

    if !s.proposals.is_empty() {
        let _ = writeln!(out, "\nProposals");
        for p in &s.proposals {
            let date = p.date.map_or(String::new(), |d| format!(", {d}"));
            let _ = writeln!(out, "  {} — {} (by {}{date})", p.id, p.name, p.by.id);
            for v in &p.values {
                let issue = &s.issues[v.issue.index];
                let _ = writeln!(out, "      {} = {}", issue.id, issue.describe(&v.value));
            }
            if !p.conditions.is_empty() {
                let _ = writeln!(out, "      conditions: {}", p.conditions.join("; "));
            }
            for r in &p.responses {
                let _ = writeln!(out, "      {} {}", r.actor.id, stance(r.stance));
            }
        }
    }

    for f in &s.frameworks {
        let count = |st| f.points.iter().filter(|p| p.status == st).count();
        let total = f.points_total.map_or(String::new(), |t| format!(" of {t}"));
        let _ = writeln!(
            out,
            "\nFramework: {} — {} point(s){total} described: {} agreed, {} open, {} disputed",
            f.name,
            f.points.len(),
            count(PointStatus::Agreed),
            count(PointStatus::Open),
            count(PointStatus::Disputed)
        );
        let rows: Vec<Vec<String>> = f
            .points
            .iter()
            .map(|p| {
                let n = p.number.map_or("-".into(), |n| n.to_string());
                let issues: Vec<&str> = p.issues.iter().map(|i| i.id.as_str()).collect();
                vec![
                    n,
                    status(p.status).into(),
                    p.title.clone(),
                    issues.join(", "),
                ]
            })
            .collect();
        out.push_str(&table(&rows));
    }

    if let Some(c) = &s.conflict {
        conflict(&mut out, c);
    }

    if !s.claims.is_empty() {
        let _ = writeln!(out, "\nClaims");
        let rows: Vec<Vec<String>> = s
            .claims
            .iter()
            .map(|c| vec![c.quantity.clone(), c.describe(), c.quote.source.id.clone()])
            .collect();
        out.push_str(&table(&rows));
    }
    out
}

pub fn analyze(
    loaded: &Loaded,
    s: &Scenario,
    a: &Analysis,
    findings: &[Diagnostic],
    color: bool,
) -> String {
    let mut out = String::new();
    let brief = crate::brief::of(s, a);
    if let Some(b) = &brief {
        out.push_str(&crate::brief::terminal(b));
        out.push('\n');
    }
    out.push_str(&show(s));
    out.push_str(&forecast_summary(&a.forecast));
    match (&a.geometry, &a.geometry_unavailable) {
        (Some(g), _) => {
            out.push('\n');
            out.push_str(&geometry(g));
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "\nGeometry: not available: {why}");
        }
        _ => {}
    }
    match (&a.packages, &a.packages_unavailable) {
        (Some(p), _) => out.push_str(&packages_summary(p)),
        (None, Some(why)) => {
            let _ = writeln!(out, "\nPackages: not available: {why}");
        }
        _ => {}
    }
    match (&a.stability, &a.stability_unavailable) {
        (Some(st), _) => {
            out.push('\n');
            out.push_str(&stability(st));
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "\nStability: not available: {why}");
        }
        _ => {}
    }
    let _ = writeln!(out, "\nEvidence");
    for line in evidence_lines(&a.evidence).lines() {
        let _ = writeln!(out, "  {line}");
    }
    for c in &a.evidence.contradictions {
        let _ = writeln!(
            out,
            "  ! {}: {} (\"{}\", {}) vs {} (\"{}\", {})",
            c.quantity,
            c.first.says,
            c.first.quote,
            c.first.source,
            c.second.says,
            c.second.quote,
            c.second.source
        );
    }
    for q in &a.evidence.quotes {
        if let QuoteStatus::NotFound { .. } = q.status {
            let _ = writeln!(
                out,
                "  ? not found in {}: \"{}\" ({})",
                q.source, q.quote, q.supports
            );
        }
    }
    if let Some(b) = &brief {
        out.push_str(&crate::brief::terminal_rest(b));
    }
    if !findings.is_empty() {
        let _ = writeln!(out, "\nFindings");
        out.push_str(&diagnostics(findings, &loaded.file, color));
    }
    out
}

/// The `[conflict]` section: options, and each DM's statements with the
/// sources quoted for each.
fn conflict(out: &mut String, c: &detente_scenario::model::Conflict) {
    use detente_scenario::format::OptionDirection;
    let sq = c
        .status_quo
        .map_or(String::new(), |s| format!("; status quo: state {}", s + 1));
    let _ = writeln!(
        out,
        "\nConflict ({} options, {} states{sq})",
        c.options.len(),
        c.states.len()
    );
    let mut rows = vec![vec![
        "option".into(),
        "DM".into(),
        "moves".into(),
        "name".into(),
    ]];
    for o in &c.options {
        let moves = match o.direction {
            OptionDirection::Both => "both ways",
            OptionDirection::OnlyTake => "take only",
            OptionDirection::OnlyDrop => "drop only",
        };
        rows.push(vec![
            o.id.clone(),
            o.dm.id.clone(),
            moves.into(),
            o.name.clone(),
        ]);
    }
    out.push_str(&table(&rows));
    let _ = writeln!(
        out,
        "Preferences (statements most important first; [source] = quoted for that statement)"
    );
    for p in &c.preferences {
        if p.statements.is_empty() {
            let _ = writeln!(out, "  {}  explicit ranking of the states", p.dm.id);
            continue;
        }
        for (k, st) in p.statements.iter().enumerate() {
            let who = if k == 0 { p.dm.id.as_str() } else { "" };
            let mut sources: Vec<&str> = st
                .evidence
                .quotes
                .iter()
                .map(|q| q.source.id.as_str())
                .collect();
            sources.dedup();
            let cite = if sources.is_empty() {
                String::new()
            } else {
                format!("  [{}]", sources.join(", "))
            };
            let _ = writeln!(
                out,
                "  {who:<width$}  {}. {}{cite}",
                k + 1,
                st.text,
                width = c.dms.iter().map(|d| d.id.len()).max().unwrap_or(0)
            );
        }
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Party => "party",
        Role::Mediator => "mediator",
        Role::Guarantor => "guarantor",
        Role::Observer => "observer",
    }
}

fn track(t: Track) -> &'static str {
    match t {
        Track::Political => "political",
        Track::Military => "military",
        Track::Security => "security",
        Track::Economic => "economic",
        Track::Legal => "legal",
        Track::Humanitarian => "humanitarian",
    }
}

fn stance(s: Stance) -> &'static str {
    match s {
        Stance::Accepts => "accepts",
        Stance::Conditional => "accepts with conditions",
        Stance::Undecided => "is undecided",
        Stance::Rejects => "rejects",
    }
}

fn status(s: PointStatus) -> &'static str {
    match s {
        PointStatus::Agreed => "agreed",
        PointStatus::Open => "open",
        PointStatus::Disputed => "disputed",
    }
}

/// The stability lens: options, the state table with every DM's verdicts
/// (N = Nash, G = GMR, S = SMR, Q = SEQ, M = SIM), equilibria, status-quo
/// paths, coalitions.
pub fn stability(r: &detente_analysis::stability::StabilityReport) -> String {
    let mut out = String::new();
    let legend: Vec<String> = crate::words::VERDICT_MARKS
        .iter()
        .filter(|(c, _)| r.concepts.contains(c))
        .map(|(c, m)| format!("{m} = {}", c.name()))
        .collect();
    let _ = writeln!(out, "Stability (graph model: {})", legend.join(", "));
    for (k, o) in r.options.iter().enumerate() {
        let _ = writeln!(out, "  option {}: {} ({}) — {}", k + 1, o.id, o.dm, o.name);
    }
    let mut header = vec!["state".to_string(), "options".into()];
    header.extend(r.dms.iter().cloned());
    header.push("equilibrium".into());
    let mut rows = vec![header];
    for s in &r.states {
        let mut row = vec![s.number.to_string(), s.options.clone()];
        for dm in &r.dms {
            let per = &r.stable[dm];
            // A concept undefined here (SIM on merged states) has no mark.
            let mark: String = crate::words::VERDICT_MARKS
                .iter()
                .filter_map(|(c, m)| {
                    let states = per.get(c)?;
                    Some(if states.contains(&s.number) { *m } else { '-' })
                })
                .collect();
            row.push(mark);
        }
        row.push(crate::words::concepts(&s.equilibrium, " "));
        rows.push(row);
    }
    out.push_str(&table(&rows));
    for dm in &r.indifferent {
        let _ = writeln!(
            out,
            "Warning: {dm}'s preference ranks every state equal, so every state is stable for {dm}; the equilibria say nothing about its choices."
        );
    }
    let _ = writeln!(out, "Equilibria");
    for (c, states) in &r.equilibria {
        let list: Vec<String> = states.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "  {:<7} {}",
            c.name(),
            if list.is_empty() {
                "none".into()
            } else {
                list.join(", ")
            }
        );
    }
    if let Some(c) = &r.coalitions {
        let list: Vec<String> = c.stable.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "Coalition-stable (no DM or group of DMs can all gain by moving): {}",
            if list.is_empty() {
                "none".into()
            } else {
                list.join(", ")
            }
        );
        for m in &c.from_status_quo {
            let _ = writeln!(
                out,
                "  joint move from the status quo: {{{}}} → {}",
                m.members.join(", "),
                m.to
            );
        }
    }
    if let Some(sq) = &r.status_quo {
        let _ = writeln!(
            out,
            "From the status quo (state {}) by unilateral improvements",
            sq.state
        );
        for p in &sq.reachable {
            let path: Vec<String> = p
                .moves
                .iter()
                .map(|m| format!("{} → {}", m.dm, m.to))
                .collect();
            let eq = if p.equilibrium.is_empty() {
                String::new()
            } else {
                format!("  [{}]", crate::words::concepts(&p.equilibrium, " "))
            };
            let via = if path.is_empty() {
                "(status quo)".to_string()
            } else {
                path.join(", ")
            };
            let _ = writeln!(out, "  {:>3}: {via}{eq}", p.state);
        }
    }
    out
}

/// `stability --explain STATE` in words.
pub fn explanation(
    r: &detente_analysis::stability::StabilityReport,
    state: usize,
    e: &[detente_analysis::stability::DmExplanation],
) -> String {
    let mut out = String::new();
    let row = &r.states[state - 1];
    let chosen: Vec<&str> = r
        .options
        .iter()
        .zip(row.options.chars())
        .filter(|(_, c)| *c == 'Y')
        .map(|(o, _)| o.id.as_str())
        .collect();
    let chosen = if chosen.is_empty() {
        "none".to_string()
    } else {
        chosen.join(", ")
    };
    let _ = writeln!(
        out,
        "State {state} ({}; options chosen: {chosen})",
        row.options
    );
    let eq = if row.equilibrium.is_empty() {
        "none".to_string()
    } else {
        crate::words::concepts(&row.equilibrium, ", ")
    };
    let _ = writeln!(out, "Equilibrium under: {eq}");
    let path = |p: &Option<Vec<detente_analysis::stability::Move>>| -> Option<String> {
        p.as_ref().map(|steps| {
            steps
                .iter()
                .map(|m| format!("{} → {}", m.dm, m.to))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    for d in e {
        let stable = if d.stable.is_empty() {
            "none".to_string()
        } else {
            crate::words::concepts(&d.stable, ", ")
        };
        let _ = writeln!(out, "\n{}: stable under {stable}", d.dm);
        if d.improvements.is_empty() {
            let _ = writeln!(out, "  no unilateral improvement from state {state}");
        }
        for u in &d.improvements {
            let _ = writeln!(out, "  can move to state {}, which it prefers", u.to);
            let line = |what: &str, p: Option<String>, none: &str| match p {
                Some(p) => format!("    {what}: {p}\n"),
                None => format!("    {what}: none — {none}\n"),
            };
            out.push_str(&line(
                "sanction (GMR)",
                path(&u.sanction),
                "the opponents cannot leave it worse off than at the start",
            ));
            out.push_str(&line(
                "sanction it cannot escape (SMR)",
                path(&u.inescapable_sanction),
                "it can always counter",
            ));
            out.push_str(&line(
                "sanction by improvements (SEQ)",
                path(&u.credible_sanction),
                "no sanction in which every mover gains",
            ));
        }
    }
    out
}

pub fn inverse(
    dm: &str,
    state: usize,
    r: &detente_analysis::stability::InverseCounts,
    listed: Option<&[Vec<usize>]>,
) -> String {
    use detente_analysis::stability::{CountMethod as Method, Reading};
    let reading = match r.reading {
        Reading::Standard => "standard definitions",
        Reading::GmcrPlus => "GMCR+'s inverse solver",
    };
    let mut text = format!(
        "Rankings of {dm} (of {}) that make state {state} an equilibrium ({reading}):\n",
        crate::words::big_count(&r.rankings)
    );
    let mut rows = Vec::new();
    for t in &r.tallies {
        let name = t.concept.name();
        let count = t
            .count
            .as_deref()
            .map_or("-".into(), crate::words::big_count);
        let share = t
            .share
            .map_or(String::new(), |s| format!("{:.1}%", 100.0 * s));
        let how = match &t.method {
            Method::OthersUnstable => {
                "another DM is unstable there whatever this one prefers".into()
            }
            Method::ClosedForm => "closed form n!/(k+1)".into(),
            Method::InclusionExclusion { sets } => {
                format!("inclusion-exclusion over {}", plural(*sets, "sanction set"))
            }
            Method::Components { sets } => format!(
                "inclusion-exclusion over {}, counted by components",
                plural(*sets, "move")
            ),
            Method::RelevantOrders { states } => {
                format!("every order of {}", plural(*states, "relevant state"))
            }
            Method::Enumeration => "every ranking enumerated".into(),
            Method::TooLarge { states } => format!(
                "not counted: {} matter, past the exact-count limits",
                plural(*states, "state")
            ),
        };
        rows.push(vec![name.to_string(), count, share, how]);
    }
    for line in table(&rows).lines() {
        let _ = writeln!(text, "  {line}");
    }
    if let Some(list) = listed {
        for r in list {
            let r: Vec<String> = r.iter().map(ToString::to_string).collect();
            let _ = writeln!(text, "  {}", r.join(" "));
        }
    }
    text
}

/// One line per issue: each model's forecast and the Monte Carlo 90%
/// interval (full detail: `detente forecast`).
fn forecast_summary(r: &detente_analysis::forecast::ForecastReport) -> String {
    let mut out = format!(
        "\nForecasts (issue scale, options by number; 5-95% of {} Monte Carlo runs over the stated uncertainties in brackets; details: detente forecast)\n",
        r.runs
    );
    // One column per model that ran, as the registry orders them.
    let mut header = vec!["  issue".to_string()];
    header.extend(r.models.iter().map(|m| m.id.clone()));
    let mut rows = vec![header];
    for issue in &r.issues {
        let mut row = vec![format!("  {}", issue.id)];
        for model in &r.models {
            let Some(m) = issue.models.iter().find(|m| m.model == model.id) else {
                row.push("-".into());
                continue;
            };
            let varied = issue.monte_carlo.iter().flatten().any(|d| {
                d.dimensions[0]
                    .as_ref()
                    .is_some_and(|s| short(s.quantiles[0]) != short(s.quantiles[4]))
            });
            let band = issue
                .monte_carlo
                .iter()
                .flatten()
                .find(|d| d.model == m.model)
                .and_then(|d| d.dimensions[0].as_ref())
                // No ranges for an issue whose runs did not vary for any
                // model (no stated uncertainty reaches it): zero-width
                // brackets would look like a robustness nobody tested.
                .filter(|_| varied)
                .map_or(String::new(), |s| {
                    format!(" [{}-{}]", short(s.quantiles[0]), short(s.quantiles[4]))
                });
            row.push(format!("{}{band}", short(m.forecast[0])));
        }
        rows.push(row);
    }
    out.push_str(&table(&rows));
    // Issues whose runs succeeded but never varied.
    let flat = |issue: &detente_analysis::forecast::IssueForecast| {
        let ran: Vec<_> = issue
            .monte_carlo
            .iter()
            .flatten()
            .filter_map(|d| d.dimensions[0].as_ref())
            .collect();
        !ran.is_empty()
            && ran
                .iter()
                .all(|s| short(s.quantiles[0]) == short(s.quantiles[4]))
    };
    let flat: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| r.runs > 0 && flat(i))
        .map(|i| i.id.as_str())
        .collect();
    if !flat.is_empty() {
        let _ = writeln!(
            out,
            "  no range for {}: no stated uncertainty reaches {}, so the runs did not vary",
            flat.join(", "),
            if flat.len() == 1 { "it" } else { "them" }
        );
    }
    // Why a cell is "-": the models that could not run, and why.
    for issue in &r.issues {
        for s in &issue.skipped {
            let _ = writeln!(out, "  {}: {} not run: {}", issue.id, s.model, s.reason);
        }
    }
    out
}

/// A number as people read it: up to 2 decimals, no trailing zeros.
fn short(x: f64) -> String {
    crate::words::number(x, 2)
}

pub fn forecast(r: &detente_analysis::forecast::ForecastReport, dyads: bool) -> String {
    use detente_analysis::forecast::OfferKind;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Forecasts: compromise = capability x salience weighted mean; median = weighted median; \
         expected-utility = Bueno de Mesquita (Scholz et al.) median after the rounds; smp = KTAB SMP, \
         likeliest position at convergence."
    );
    if r.runs > 0 {
        let noise = r.noise.map_or(String::new(), |f| format!(", noise {f}"));
        let _ = writeln!(out, "Monte Carlo: {} runs, seed {}{noise}.", r.runs, r.seed);
    }
    for issue in &r.issues {
        let dims: Vec<String> = issue
            .dimensions
            .iter()
            .map(|d| match &d.options {
                Some(o) => format!(
                    "options {}",
                    o.iter()
                        .enumerate()
                        .map(|(k, l)| format!("{} = {l}", k + 1))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!(
                    "{} to {}{}",
                    short(d.min),
                    short(d.max),
                    d.unit.as_ref().map_or(String::new(), |u| format!(" {u}"))
                ),
            })
            .collect();
        let _ = writeln!(out, "\n[{}] {} ({})", issue.id, issue.name, dims.join("; "));
        let who: Vec<String> = issue
            .actors
            .iter()
            .map(|a| {
                let pos: Vec<String> = a.position.iter().map(|x| short(*x)).collect();
                let sal: Vec<String> = a.salience.iter().map(|x| short(*x)).collect();
                format!("{} {} (s {})", a.id, pos.join("/"), sal.join("/"))
            })
            .collect();
        let _ = writeln!(out, "  positions: {}", who.join(", "));
        let mut rows = vec![{
            let mut h = vec!["  model".to_string(), "forecast".into()];
            if issue.monte_carlo.is_some() {
                h.extend(["mean", "5%", "25%", "50%", "75%", "95%"].map(String::from));
            }
            h
        }];
        for m in &issue.models {
            let f: Vec<String> = m.forecast.iter().map(|x| short(*x)).collect();
            let mut value = f.join(" / ");
            if let Some(o) = &m.option {
                value = format!("{value} ({o})");
            }
            let mut row = vec![format!("  {}", m.model.clone()), value];
            if let Some(mc) = &issue.monte_carlo {
                match mc
                    .iter()
                    .find(|d| d.model == m.model)
                    .and_then(|d| d.dimensions[0].as_ref())
                {
                    Some(s) => {
                        row.push(short(s.mean));
                        row.extend(s.quantiles.iter().map(|q| short(*q)));
                    }
                    None => row.push("no run succeeded".into()),
                }
            }
            rows.push(row);
        }
        out.push_str(&table(&rows));
        for s in &issue.skipped {
            let _ = writeln!(out, "  {} not run: {}", s.model, s.reason);
        }
        if let Some(eu) = issue.models.iter().find(|m| !m.dyads.is_empty()) {
            let moves: Vec<String> = eu
                .dyads
                .iter()
                .filter(|d| d.taken && d.round <= 3)
                .map(|d| {
                    let verb = match d.offer {
                        Some(OfferKind::Confrontation) => "loses to",
                        Some(OfferKind::Compromise) => "compromises with",
                        Some(OfferKind::Capitulation) => "capitulates to",
                        None => "moves with",
                    };
                    format!(
                        "r{} {} {verb} {} -> {}",
                        d.round,
                        d.receiver,
                        d.proposer,
                        short(d.position.unwrap_or(f64::NAN))
                    )
                })
                .collect();
            if !moves.is_empty() {
                let _ = writeln!(
                    out,
                    "  expected-utility moves (rounds 1-3): {}",
                    moves.join("; ")
                );
            }
        }
        if dyads {
            for m in issue.models.iter().filter(|m| !m.dyads.is_empty()) {
                let _ = writeln!(
                    out,
                    "  expected-utility dyads (E_r: receiver challenging proposer, E_p: proposer challenging receiver, both as the receiver sees them)"
                );
                let mut rows = vec![
                    [
                        "  round", "receiver", "proposer", "E_r", "E_p", "offer", "to", "taken",
                    ]
                    .map(String::from)
                    .to_vec(),
                ];
                for d in &m.dyads {
                    let offer = match d.offer {
                        Some(OfferKind::Confrontation) => "confrontation",
                        Some(OfferKind::Compromise) => "compromise",
                        Some(OfferKind::Capitulation) => "capitulation",
                        None => "-",
                    };
                    rows.push(vec![
                        format!("  {}", d.round),
                        d.receiver.clone(),
                        d.proposer.clone(),
                        format!("{:+.4}", d.eu_receiver),
                        format!("{:+.4}", d.eu_proposer),
                        offer.into(),
                        d.position.map_or("-".into(), short),
                        if d.taken { "yes".into() } else { String::new() },
                    ]);
                }
                out.push_str(&table(&rows));
            }
        }
        for s in issue.sensitivity.iter().flatten() {
            let top: Vec<String> = s
                .rows
                .iter()
                .take(3)
                .filter(|r| r.swing > 0.0)
                .map(|r| {
                    let lo: Vec<String> = r.low.iter().map(|x| short(*x)).collect();
                    let hi: Vec<String> = r.high.iter().map(|x| short(*x)).collect();
                    format!(
                        "{} {} {}..{} -> {}..{}",
                        r.actor,
                        crate::words::input_name(r.input),
                        short(r.from),
                        short(r.to),
                        lo.join("/"),
                        hi.join("/")
                    )
                })
                .collect();
            if !top.is_empty() {
                let _ = writeln!(out, "  most sensitive ({}): {}", s.model, top.join("; "));
            }
        }
    }
    out
}

/// The packages lens in a few lines (details: `detente packages`).
fn packages_summary(r: &detente_analysis::packages::PackagesReport) -> String {
    let mut out = String::new();
    let zopa = r.zopa.share.map_or("not counted".into(), |s| {
        format!("{:.1}% of {} packages", 100.0 * s, r.outcomes)
    });
    let _ = writeln!(
        out,
        "\nPackages ({}; no agreement worth {}; details: detente packages)",
        r.parties.join(", "),
        utilities(&r.parties, &r.reservation)
    );
    let _ = writeln!(
        out,
        "  zone of possible agreement: {zopa}; Pareto frontier: {} utility vectors, {} acceptable to all",
        r.frontier_size, r.rational_frontier
    );
    if let Some(why) = &r.frontier_thinned {
        let _ = writeln!(out, "  not exact: {why}");
    }
    for s in &r.solutions {
        match (&s.undefined, s.points.first()) {
            (Some(why), _) => {
                let _ = writeln!(out, "  {}: undefined: {why}", s.concept);
            }
            (None, Some(p)) => {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    s.concept,
                    utilities(&r.parties, &p.utility)
                );
            }
            _ => {}
        }
    }
    for p in &r.proposals {
        let gains = gains(&r.parties, &p.gain);
        let _ = writeln!(
            out,
            "  proposal {}: {gains} over no agreement; {}",
            p.id,
            crate::words::proposal_verdict(p.rational, p.dominated)
        );
    }
    out
}

fn utilities(parties: &[String], u: &[f64]) -> String {
    parties
        .iter()
        .zip(u)
        .map(|(p, x)| format!("{p} {x:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each party's gain over its reservation value, signed.
fn gains(parties: &[String], g: &[f64]) -> String {
    parties
        .iter()
        .zip(g)
        .map(|(p, x)| format!("{p} {x:+.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn package_line(p: &detente_analysis::packages::Package) -> String {
    p.values
        .iter()
        .map(|v| format!("{} = {}", v.issue, v.value))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn packages(r: &detente_analysis::packages::PackagesReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Packages: {} parties ({}), {} issues, {} packages",
        r.parties.len(),
        r.parties.join(", "),
        r.issues.len(),
        r.outcomes
    );
    let _ = writeln!(
        out,
        "No agreement is worth: {}",
        utilities(&r.parties, &r.reservation)
    );
    let mut sources: Vec<&String> = r.reservation_source.iter().collect();
    sources.dedup();
    let _ = writeln!(
        out,
        "  (reservation values: {})",
        sources
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    match (r.zopa.rational, r.zopa.share) {
        (Some(c), Some(s)) => {
            let _ = writeln!(
                out,
                "Zone of possible agreement: {c} packages ({:.2}% of all) beat no agreement for every party",
                100.0 * s
            );
        }
        _ => {
            let _ = writeln!(out, "Zone of possible agreement: {}", r.zopa.method);
        }
    }
    let _ = writeln!(
        out,
        "Pareto frontier: {} distinct utility vectors, {} of them at least as good as no agreement for everyone",
        r.frontier_size, r.rational_frontier
    );
    if let Some(why) = &r.frontier_thinned {
        let mut c = why.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        let _ = writeln!(out, "  {}{}.", first.unwrap_or_default(), c.as_str());
    }
    let mut rows = vec![{
        let mut h: Vec<String> = r.parties.iter().map(|p| format!("  {p}")).collect();
        h[1..]
            .iter_mut()
            .for_each(|x| *x = x.trim_start().to_string());
        h.push("package".into());
        h
    }];
    for p in r.frontier.iter().take(15) {
        let mut row: Vec<String> = p.utility.iter().map(|u| format!("{u:.3}")).collect();
        row[0] = format!("  {}", row[0]);
        let mut pk = p.packages.first().map(package_line).unwrap_or_default();
        if p.tied > 1 {
            pk = format!("{pk} (+{} tied)", p.tied - 1);
        }
        row.push(pk);
        rows.push(row);
    }
    out.push_str(&table(&rows));
    if r.frontier.len() > 15 {
        let _ = writeln!(
            out,
            "  ... {} more (all of them with --format json)",
            r.frontier_size - 15
        );
    }
    let _ = writeln!(
        out,
        "\nBargaining solutions (disagreement point: the reservation values)"
    );
    for s in &r.solutions {
        match &s.undefined {
            Some(why) => {
                let _ = writeln!(out, "  {}: undefined: {why}", s.concept);
            }
            None => {
                let ties = s.tied.unwrap_or(s.points.len());
                // Three ties say what the rest look like.
                for (k, p) in s.points.iter().enumerate().take(3) {
                    let tie = if ties > 1 {
                        format!(" (tie {} of {})", k + 1, ties)
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        out,
                        "  {}{tie}: {}\n      {}",
                        s.concept,
                        utilities(&r.parties, &p.utility),
                        p.packages.first().map(package_line).unwrap_or_default()
                    );
                }
                if ties > 3 {
                    let _ = writeln!(
                        out,
                        "  {}: {} more ties (up to {} listed with --format json)",
                        s.concept,
                        ties - 3,
                        s.points.len()
                    );
                }
            }
        }
    }
    if !r.logrolls.is_empty() {
        let _ = writeln!(
            out,
            "\nLogrolls (each party gets its way on the issue it cares more about; gains over an issue-by-issue split)"
        );
        for l in r.logrolls.iter().take(8) {
            let _ = writeln!(
                out,
                "  {} gets {} = {}, {} gets {} = {}: gains {:+.3} / {:+.3}",
                l.party_a,
                l.issue_a,
                l.value_a,
                l.party_b,
                l.issue_b,
                l.value_b,
                l.gain_a,
                l.gain_b
            );
        }
    }
    if !r.proposals.is_empty() {
        let _ = writeln!(
            out,
            "\nTabled proposals (utility minus reservation value per party)"
        );
        for p in &r.proposals {
            let gains = gains(&r.parties, &p.gain);
            let verdict = crate::words::proposal_verdict(p.rational, p.dominated);
            let _ = writeln!(
                out,
                "  {} ({}, by {}): {gains}; {verdict}",
                p.id, p.name, p.by
            );
            for g in &p.package.ground {
                let _ = writeln!(
                    out,
                    "      on the ground: {} = {} means {} km2 and {} people{}",
                    g.issue,
                    g.value,
                    km2(g.km2),
                    km2(g.people),
                    g.zone
                        .as_ref()
                        .map_or(" (interpolated)".into(), |z| format!(" (zone {z})"))
                );
            }
            if p.dominated {
                let changes = p
                    .changes
                    .iter()
                    .map(|c| {
                        let who = r
                            .parties
                            .iter()
                            .zip(&c.change)
                            .map(|(q, d)| format!("{q} {d:+.3}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        format!("{}: {} -> {} ({who})", c.issue, c.from, c.to)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let _ = writeln!(
                    out,
                    "      nearest better package: {}; gets there by {changes}",
                    utilities(&r.parties, &p.nearest_utility)
                );
            }
        }
    }
    out
}

fn km2(x: f64) -> String {
    let r = x.round() as i64;
    let s = r.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if r < 0 { format!("-{out}") } else { out }
}

pub fn geometry(r: &detente_analysis::geometry::GeometryReport) -> String {
    let mut out = String::new();
    let date = r
        .date
        .as_deref()
        .map_or(String::new(), |d| format!(" on {d}"));
    let _ = writeln!(
        out,
        "Front line{date}: {:.0} km{}",
        r.line_km,
        if r.line_derived {
            " (derived from the occupied area)"
        } else {
            ""
        }
    );
    if let Some(a) = &r.attribution {
        let _ = writeln!(out, "Data: {a}");
    }
    if !r.regions.is_empty() {
        let _ = writeln!(out, "\nRegions (land, km2)");
        let (occupied, held) = (crate::words::occupied_side(r), crate::words::held_side(r));
        let mut rows = vec![vec![
            "  region".to_owned(),
            "land".to_owned(),
            occupied,
            held,
            format!("{} %", crate::words::occupied_share_heading(r)),
        ]];
        for g in &r.regions {
            rows.push(vec![
                format!("  {} ({})", g.name, g.region),
                km2(g.km2),
                km2(g.occupied_km2),
                km2(g.held_km2),
                crate::words::occupied_share(g.occupied_km2, g.km2),
            ]);
        }
        out.push_str(&table(&rows));
    }
    if !r.zones.is_empty() {
        let _ = writeln!(
            out,
            "\nZones (geodesic km2; places and pre-war population of listed settlements)"
        );
        let mut rows = vec![vec![
            "  zone".to_owned(),
            "area".to_owned(),
            crate::words::occupied_side(r),
            crate::words::held_side(r),
            "places".to_owned(),
            "people".to_owned(),
        ]];
        for z in &r.zones {
            rows.push(vec![
                format!(
                    "  {}{}",
                    z.zone.id,
                    if z.zone.grey { " (grey)" } else { "" }
                ),
                km2(z.measure.km2),
                km2(z.measure.occupied_km2),
                km2(z.measure.held_km2),
                z.measure.places.len().to_string(),
                km2(z.measure.population as f64),
            ]);
        }
        out.push_str(&table(&rows));
        for z in &r.zones {
            let top: Vec<String> = z
                .measure
                .places
                .iter()
                .take(5)
                .map(|p| format!("{} {}", p.name, km2(p.population as f64)))
                .collect();
            let proposal = z
                .zone
                .proposal
                .as_deref()
                .map_or(String::new(), |p| format!(" [{p}]"));
            let by_region: Vec<String> = z
                .measure
                .by_region
                .iter()
                .map(|g| format!("{} {}", g.region, km2(g.km2)))
                .collect();
            let _ = writeln!(
                out,
                "  {}{proposal}: {}; by region: {}{}",
                z.zone.id,
                z.zone.name,
                by_region.join(", "),
                if top.is_empty() {
                    String::new()
                } else {
                    format!("; largest places: {}", top.join(", "))
                }
            );
        }
    }
    for c in &r.changes {
        let _ = writeln!(
            out,
            "\nSince {}: occupied {} -> {} km2 (+{} newly occupied, -{} no longer)",
            c.since,
            km2(c.occupied_before_km2),
            km2(c.occupied_now_km2),
            km2(c.gained_km2),
            km2(c.lost_km2)
        );
        for g in c
            .by_region
            .iter()
            .filter(|g| g.gained_km2 + g.lost_km2 >= 0.5)
        {
            let _ = writeln!(
                out,
                "  {}: +{} / -{} km2",
                g.name,
                km2(g.gained_km2),
                km2(g.lost_km2)
            );
        }
    }
    out
}
