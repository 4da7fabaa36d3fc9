//! The brief: the answer first, in the scenario's words, with what it rests
//! on and how sure it is.
//!
//! [`brief`] turns the findings (`detente_analysis::brief`) into sections
//! of sentences, and decides once how many of each section's sentences fit
//! its line budget at [`WIDTH`] columns, so that the terminal, the Markdown
//! of `detente brief`, the report and the app show the same sentences and
//! the same "+k more". Renderers only lay the sections out.

use detente_analysis::brief::{
    Basis, Conclusion, Deal, Findings, Landing, OptionChoice, PivotInput, ProposalFinding, Stable,
};
use detente_scenario::Scenario;
use schemars::JsonSchema;
use serde::Serialize;

use crate::words::number;

/// Columns the brief is laid out for.
pub const WIDTH: usize = 100;
/// Most lines of the terminal brief, title included.
pub const MAX_LINES: usize = 40;

/// One section of the brief: its sentences, and how many of them fit.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Section {
    /// Stable id: `provenance`, `lands`, `deal`, `proposals`, `stable`,
    /// `rests-on`, `caveats`.
    pub id: String,
    pub title: String,
    /// Every sentence, in order.
    pub lines: Vec<String>,
    /// How many of `lines` the brief shows (the rest are "+k more", in the
    /// full output).
    pub shown: usize,
    /// The same sentences with long labels clipped, where the terminal's
    /// 100 columns need it (`lines` keeps them whole).
    #[serde(skip)]
    pub terminal: Option<Vec<String>>,
}

impl Section {
    /// The sentences as the terminal shows them.
    pub fn terminal_lines(&self) -> &[String] {
        self.terminal.as_deref().unwrap_or(&self.lines)
    }

    /// Sentences left out of the brief.
    pub fn more(&self) -> usize {
        self.lines.len() - self.shown
    }
}

/// The brief as every front end shows it: the findings as data, and the
/// sections in words.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Brief {
    pub title: String,
    #[serde(flatten)]
    pub findings: Findings,
    pub sections: Vec<Section>,
}

/// Lines a sentence takes at `width` columns with a 2-column indent and a
/// 4-column hanging indent.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::from("  ");
    let mut fresh = true;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if !fresh && line.chars().count() + 1 + w > width {
            out.push(std::mem::replace(&mut line, String::from("    ")));
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    out.push(line);
    out
}

/// A label cut to `n` characters, with an ellipsis.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut c: String = s.chars().take(n.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

fn signed(x: f64) -> String {
    let n = number(x, 2);
    if x >= 0.0 && n != "0" {
        format!("+{n}")
    } else {
        n
    }
}

fn pct(x: f64) -> String {
    format!("{} %", number(100.0 * x, 0))
}

fn list(xs: &[String]) -> String {
    match xs.len() {
        0 => String::new(),
        1 => xs[0].clone(),
        n => format!("{} and {}", xs[..n - 1].join(", "), xs[n - 1]),
    }
}

/// Where an issue lands, in one sentence; `short` clips long labels so
/// that the line fits the terminal's 100 columns.
fn landing_line(l: &Landing, short: bool) -> Option<String> {
    let clip = |t: &str, n: usize| if short { clip(t, n) } else { t.to_owned() };
    let x = l.settlement?;
    let sc = &l.scale;
    let value = match sc.option(x) {
        Some(o) => format!("\"{}\"", clip(o, 46)),
        None => {
            // The end of the scale it is near (within a quarter), by its
            // label.
            let near = (x - sc.min).min(sc.max - x) <= 0.25 * (sc.max - sc.min);
            let end = if !near {
                None
            } else if x - sc.min <= sc.max - x {
                sc.low.as_ref().map(|lab| (sc.words(sc.min), lab))
            } else {
                sc.high.as_ref().map(|lab| (sc.words(sc.max), lab))
            };
            match end {
                // An end label that only repeats the number says nothing.
                Some((at, lab)) if *lab != at && !at.starts_with(&format!("{lab} ")) => {
                    format!("{} ({at} = {})", sc.words(x), clip(lab, 36))
                }
                _ => sc.words(x),
            }
        }
    };
    let agreement = if l.models.len() < 2 {
        "one model"
    } else if l.agree {
        "models agree"
    } else {
        "models split"
    };
    let band = match l.band {
        Some([lo, hi]) if (hi - lo).abs() < 1e-9 => "no stated uncertainty moves it".to_owned(),
        Some([lo, hi]) => match &sc.options {
            Some(_) => {
                let (a, b) = (lo.round(), hi.round());
                if a == b {
                    "band: that option".to_owned()
                } else {
                    format!("band: options {}–{}", number(a, 0), number(b, 0))
                }
            }
            None => format!("band {}–{}", sc.number(lo), sc.words(hi)),
        },
        None => "no Monte Carlo".to_owned(),
    };
    Some(format!("{}: {value}; {agreement}; {band}.", l.issue))
}

fn deal_lines(d: &Deal) -> Vec<String> {
    let mut out = Vec::new();
    if !d.possible {
        out.push(if d.blockers.is_empty() {
            "No package beats no agreement for every party.".to_owned()
        } else {
            format!(
                "No package beats no agreement for every party; {} block{} (without {} there would be one).",
                list(&d.blockers),
                if d.blockers.len() == 1 { "s" } else { "" },
                if d.blockers.len() == 1 { "it" } else { "any one of them" }
            )
        });
        return out;
    }
    // Every party by name up to six; beyond, the range of their gains.
    let gains: Vec<String> = if d.parties.len() <= 6 {
        d.parties
            .iter()
            .map(|g| format!("{} {}", g.party, signed(g.gain)))
            .collect()
    } else {
        let lo = d
            .parties
            .iter()
            .map(|g| g.gain)
            .fold(f64::INFINITY, f64::min);
        let hi = d
            .parties
            .iter()
            .map(|g| g.gain)
            .fold(f64::NEG_INFINITY, f64::max);
        vec![format!(
            "each of the {} parties {} to {}",
            d.parties.len(),
            signed(lo),
            signed(hi)
        )]
    };
    let robust = match &d.robustness {
        Some(r) => format!(
            "; holds for every party in {} of {} draws",
            pct(r.share),
            r.draws
        ),
        None => String::new(),
    };
    out.push(format!(
        "Nash package: {} over no agreement{robust}.",
        gains.join(", ")
    ));
    let values: Vec<String> = d
        .package
        .iter()
        .map(|v| format!("{}: {}", v.issue, v.value))
        .collect();
    out.push(format!("{}.", values.join("; ")));
    for o in &d.others {
        let diff: Vec<String> = o
            .differs
            .iter()
            .map(|c| format!("{} {}", c.issue, c.to))
            .collect();
        let gains: Vec<String> = d
            .parties
            .iter()
            .zip(&o.gains)
            .map(|(p, g)| format!("{} {}", p.party, signed(*g)))
            .collect();
        out.push(format!(
            "{} differs ({}), as it maximises {}: {}.",
            o.concept,
            gains.join(", "),
            o.rule,
            diff.join("; ")
        ));
    }
    out
}

fn proposal_line(p: &ProposalFinding) -> String {
    let who = if p.fail.is_empty() {
        "every party prefers it to no agreement".to_owned()
    } else if p.accept.is_empty() {
        format!("fails {}", list(&p.fail))
    } else {
        format!(
            "{} prefer{} it to no agreement, {} does not",
            list(&p.accept),
            if p.accept.len() == 1 { "s" } else { "" },
            list(&p.fail)
        )
    };
    let fix = match (&p.fix, &p.no_fix) {
        (Some(f), _) => {
            let ch: Vec<String> = f
                .changes
                .iter()
                .map(|c| format!("{} goes from \"{}\" to \"{}\"", c.issue, c.from, c.to))
                .collect();
            format!("; acceptable to {} if {}", list(&f.wins), list(&ch))
        }
        (None, Some(why)) => format!("; no amendment found: {why}"),
        (None, None) => String::new(),
    };
    format!("{} ({}): {who}{fix}.", p.id, p.by)
}

/// What changes from `from` to `to`, by option names.
fn changes(from: &[OptionChoice], to: &[OptionChoice]) -> String {
    let d: Vec<String> = from
        .iter()
        .zip(to)
        .filter(|(a, b)| a.taken != b.taken)
        .map(|(_, b)| {
            if b.taken {
                format!("adds {}", b.name)
            } else {
                format!("drops {}", b.name)
            }
        })
        .collect();
    if d.is_empty() {
        "nothing changes".to_owned()
    } else {
        d.join("; ")
    }
}

fn stable_lines(st: &Stable) -> Vec<String> {
    let mut out = Vec::new();
    let ids: Vec<String> = st
        .status_quo_options
        .iter()
        .filter(|o| o.taken)
        .map(|o| o.option.clone())
        .collect();
    out.push(format!(
        "Status quo (state {}): {}.",
        st.status_quo,
        if ids.is_empty() {
            "no option taken".to_owned()
        } else {
            ids.join(", ")
        }
    ));
    for r in &st.reachable {
        let concepts: Vec<&str> = r.concepts.iter().map(|c| c.name()).collect();
        let how = if r.moves.is_empty() {
            "The status quo itself is stable".to_owned()
        } else {
            let movers: Vec<String> = r.moves.iter().map(|m| m.dm.clone()).collect();
            format!(
                "{}'s move{} reach{} state {}",
                list(&movers),
                if r.moves.len() == 1 { "" } else { "s" },
                if r.moves.len() == 1 { "es" } else { "" },
                r.state
            )
        };
        out.push(format!(
            "{how} ({}): {}.",
            concepts.join(", "),
            changes(&st.status_quo_options, &r.options)
        ));
    }
    for c in &st.coalitions {
        out.push(format!(
            "{} together reach state {}{}: {}.",
            list(&c.members),
            c.state,
            if c.stable { " (coalition-stable)" } else { "" },
            changes(&st.status_quo_options, &c.options)
        ));
    }
    out
}

fn input_words(kind: PivotInput) -> &'static str {
    match kind {
        PivotInput::Position => "position",
        PivotInput::Salience => "salience",
        PivotInput::Capability => "capability",
        PivotInput::Reservation => "value of no agreement",
    }
}

fn basis_line(b: &Basis, f: &Findings) -> String {
    let (what, scale) = match &b.conclusion {
        Conclusion::Landing { issue } => (
            format!("Where {issue} lands"),
            f.landings
                .iter()
                .find(|l| l.issue == *issue)
                .map(|l| &l.scale),
        ),
        Conclusion::Deal => ("The deal".to_owned(), None),
        Conclusion::Proposal { proposal } => (format!("Who accepts {proposal}"), None),
    };
    let pivot = match &b.pivot {
        None => "no single input, moved within its stated uncertainty, changes it".to_owned(),
        Some(p) => {
            let on = p
                .issue
                .as_ref()
                .map_or(String::new(), |i| format!(" on {i}"));
            // A position in the issue's words: on a scale with its unit,
            // on an options issue by option number.
            let issue_scale = p
                .issue
                .as_ref()
                .and_then(|i| f.landings.iter().find(|l| l.issue == *i))
                .map(|l| &l.scale)
                .or(scale);
            let (from, to) = match (p.input, issue_scale) {
                (PivotInput::Position, Some(sc)) if sc.options.is_none() => {
                    (sc.words(p.from), sc.words(p.to))
                }
                (PivotInput::Position, Some(_)) => (
                    format!("option {}", number(p.from, 2)),
                    format!("option {}", number(p.to, 2)),
                ),
                _ => (number(p.from, 2), number(p.to, 2)),
            };
            let effect = match &b.conclusion {
                Conclusion::Landing { .. } => format!("moves it {} of the scale", pct(p.effect)),
                Conclusion::Proposal { .. } => {
                    let n = p.effect as usize;
                    format!(
                        "changes the verdict of {n} part{}",
                        if n == 1 { "y" } else { "ies" }
                    )
                }
                Conclusion::Deal => {
                    let n = p.effect as usize;
                    format!(
                        "changes {n} issue{} of the package{}",
                        if n == 1 { "" } else { "s" },
                        match p.still_acceptable {
                            Some(false) => ", and it no longer beats no agreement for all",
                            _ => "",
                        }
                    )
                }
            };
            format!(
                "pivotal: {}'s {}{on}, {from} → {to}, {effect}",
                p.actor,
                input_words(p.input)
            )
        }
    };
    format!(
        "{what}: {} of its deciding weight is quoted; {pivot}.",
        pct(b.quoted)
    )
}

/// How many of `lines` fit in `budget` terminal lines at [`WIDTH`],
/// leaving one for "+k more" when not all do.
fn fit(lines: &[String], budget: usize) -> usize {
    let cost = |l: &String| wrap(l, WIDTH).len();
    let total: usize = lines.iter().map(cost).sum();
    if total <= budget {
        return lines.len();
    }
    let mut used = 0;
    let mut n = 0;
    for l in lines {
        if used + cost(l) > budget.saturating_sub(1) {
            break;
        }
        used += cost(l);
        n += 1;
    }
    n
}

/// The brief of an analysis, when it computed one.
pub fn of(s: &Scenario, a: &detente_analysis::Analysis) -> Option<Brief> {
    a.brief.as_ref().map(|f| brief(s, f))
}

/// The brief of a scenario from its findings.
pub fn brief(s: &Scenario, f: &Findings) -> Brief {
    let p = &f.provenance;
    let quotes = match p.quotes_verified {
        Some(v) => format!("{v}/{} quotes verified", p.quotes),
        None => "quotes unverified".to_owned(),
    };
    // One line: the brief's line budget counts on it.
    let provenance = clip(
        &format!(
            "{}{} · as of {} · {} runs, seed {} · {quotes}",
            p.scenario,
            p.hash.as_ref().map_or(String::new(), |h| format!("@{h}")),
            p.as_of,
            p.runs,
            p.seed
        ),
        WIDTH - 2,
    );
    let line = |short: bool| move |l: &Landing| landing_line(l, short);
    let mut lands: Vec<String> = f.landings.iter().take(10).filter_map(line(false)).collect();
    let mut lands_short: Vec<String> = f.landings.iter().take(10).filter_map(line(true)).collect();
    let lands_more = f.landings.len().saturating_sub(10);
    // The strongest caveat on the landings: the one concerning most of a
    // scale.
    let landing_caveat = f.caveats.iter().filter(|c| c.kind.about_landings()).fold(
        None::<&detente_analysis::brief::Caveat>,
        |b, c| match b {
            Some(b) if b.weight >= c.weight => Some(b),
            _ => Some(c),
        },
    );
    let mut deal = match (&f.deal, &f.deal_unavailable) {
        (Some(d), _) => deal_lines(d),
        (None, Some(why)) => vec![format!("No packages lens: {why}.")],
        (None, None) => Vec::new(),
    };
    let proposals: Vec<String> = f.proposals.iter().map(proposal_line).collect();
    let stable = f.stable.as_ref().map(stable_lines).unwrap_or_default();
    let mut bases: Vec<&Basis> = f.bases.iter().collect();
    // The deal first, then the landings by stake, then the proposals.
    bases.sort_by_key(|b| match b.conclusion {
        Conclusion::Deal => 0,
        Conclusion::Landing { .. } => 1,
        Conclusion::Proposal { .. } => 2,
    });
    let rests: Vec<String> = bases.iter().map(|b| basis_line(b, f)).collect();
    let caveats: Vec<String> = f
        .caveats
        .iter()
        .map(|c| format!("[{}] {}.", c.kind.name(), c.text))
        .collect();
    // Budgets in terminal lines (each section adds its title line).
    let mut sections = vec![section("provenance", "Provenance", vec![provenance], 1)];
    let lands_budget = 10;
    let shown = fit(&lands_short, lands_budget - landing_caveat.map_or(0, |_| 1));
    let mut lands_section = section(
        "lands",
        "Where it lands",
        std::mem::take(&mut lands),
        lands_budget,
    );
    lands_section.shown = shown;
    if lands_more > 0 {
        lands_section
            .lines
            .extend(f.landings[10..].iter().filter_map(line(false)));
        lands_short.extend(f.landings[10..].iter().filter_map(line(true)));
    }
    if let Some(c) = landing_caveat {
        // The strongest caveat on the landings, right under them.
        let caveat = format!("Caveat: {}.", c.text);
        lands_section.lines.insert(shown, caveat.clone());
        lands_short.insert(shown, caveat);
        lands_section.shown = shown + 1;
    }
    lands_section.terminal = Some(lands_short);
    sections.push(lands_section);
    sections.push(section("deal", "The deal", std::mem::take(&mut deal), 7));
    sections.push(section(
        "proposals",
        "The proposals on the table",
        proposals,
        5,
    ));
    sections.push(section("stable", "What is stable", stable, 4));
    sections.push(section("rests-on", "What rests on what", rests, 3));
    sections.push(section("caveats", "Caveats", caveats, 3));
    sections.retain(|x| !x.lines.is_empty());
    Brief {
        title: format!("Brief: {} (detente {})", s.title, f.provenance.version),
        findings: f.clone(),
        sections,
    }
}

fn section(id: &str, title: &str, lines: Vec<String>, budget: usize) -> Section {
    let shown = fit(&lines, budget);
    Section {
        id: id.to_owned(),
        title: title.to_owned(),
        lines,
        shown,
        terminal: None,
    }
}

/// The brief as terminal text: at most [`MAX_LINES`] lines of at most
/// [`WIDTH`] columns.
pub fn terminal(b: &Brief) -> String {
    let mut out = String::new();
    out.push_str(&b.title);
    out.push('\n');
    for s in &b.sections {
        if s.id == "provenance" {
            for l in &s.lines {
                for w in wrap(l, WIDTH) {
                    out.push_str(&w);
                    out.push('\n');
                }
            }
            continue;
        }
        out.push_str(&s.title);
        out.push('\n');
        for l in &s.terminal_lines()[..s.shown] {
            for w in wrap(l, WIDTH) {
                out.push_str(&w);
                out.push('\n');
            }
        }
        if s.more() > 0 {
            out.push_str(&format!("  +{} more in the full output below\n", s.more()));
        }
    }
    out
}

/// Every sentence of the sections the brief cuts short, for the end of the
/// full output (where its "+k more" point).
pub fn terminal_rest(b: &Brief) -> String {
    let mut out = String::new();
    for s in b.sections.iter().filter(|s| s.more() > 0) {
        if out.is_empty() {
            out.push_str("\nThe brief in full\n");
        }
        out.push_str(&format!("{}\n", s.title));
        for l in s.terminal_lines() {
            for w in wrap(l, WIDTH) {
                out.push_str(&w);
                out.push('\n');
            }
        }
    }
    out
}

/// The brief as Markdown, for `detente brief -o FILE.md`: every sentence
/// of every section (a forwarded page cannot point to a command).
pub fn markdown(b: &Brief) -> String {
    let mut out = format!("# {}\n\n", b.title);
    for s in &b.sections {
        if s.id == "provenance" {
            out.push_str(&format!("*{}*\n\n", s.lines.join(" ")));
            continue;
        }
        out.push_str(&format!("## {}\n\n", s.title));
        for l in &s.lines {
            out.push_str(&format!("- {l}\n"));
        }
        out.push('\n');
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The brief as an HTML fragment, for the top of the report (the app lays
/// out the same sections from its JSON the same way).
pub fn html(b: &Brief) -> String {
    let mut h = format!("<section id=\"brief\"><h2>{}</h2>", esc(&b.title));
    for s in &b.sections {
        if s.id == "provenance" {
            h.push_str(&format!(
                "<p class=\"muted\">{}</p>",
                esc(&s.lines.join(" "))
            ));
            continue;
        }
        h.push_str(&format!(
            "<h3>{}</h3><ul id=\"brief-{}\">",
            esc(&s.title),
            esc(&s.id)
        ));
        for l in &s.lines[..s.shown] {
            h.push_str(&format!("<li>{}</li>", esc(l)));
        }
        h.push_str("</ul>");
        if s.more() > 0 {
            h.push_str(&format!(
                "<details><summary>+{} more</summary><ul>",
                s.more()
            ));
            for l in &s.lines[s.shown..] {
                h.push_str(&format!("<li>{}</li>", esc(l)));
            }
            h.push_str("</ul></details>");
        }
    }
    h.push_str("</section>");
    h
}
