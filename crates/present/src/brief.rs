//! The brief: the answer first, in the scenario's words, with what it rests
//! on and how sure it is.
//!
//! [`brief`] turns the findings (`detente_analysis::brief`) into sections
//! of sentences, and decides once how many of each section's sentences fit
//! its line budget at [`WIDTH`] columns, so that the terminal, the Markdown
//! of `detente brief`, the report and the app show the same sentences and
//! the same "+k more". Renderers only lay the sections out.

use detente_analysis::brief::{
    Basis, Camp, Caveat, CaveatKind, Conclusion, Deal, Findings, Landing, OptionChoice, PivotInput,
    ProposalFinding, Scale, Stable,
};
use detente_analysis::stability::SolutionConcept;
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
    /// The terms of the field the sentences use, each with its meaning, for
    /// a reader the page is forwarded to.
    pub terms: Vec<Term>,
}

/// A term of the field and what it means here.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Term {
    pub term: String,
    pub meaning: String,
}

/// Every term the brief may use, with the words that show it is used.
const TERMS: &[(&str, &[&str], &str)] = &[
    (
        "Nash package",
        &["Nash package"],
        "the package that maximises the product of the parties' gains over no agreement (Nash 1950): the best joint gain, not a forecast of where talks end",
    ),
    (
        "gain",
        &[" over no agreement"],
        "a party's utility for a package minus its utility for no agreement, on its 0–1 scale (1 = everything it wants on every issue, weighted by salience)",
    ),
    (
        "salience",
        &["salience"],
        "how much an issue matters to an actor, 0–1",
    ),
    (
        "draws",
        &["draws"],
        "repetitions of the analysis with every input moved at random within its stated uncertainty (the scenario's `uncertainty`); \"in 90 % of draws\" is the 5–95 % range",
    ),
    (
        "models",
        &["models", "expected utility", "SMP", "compromise"],
        "the forecast models: compromise (the mean of positions weighted by capability × salience), median (the position that beats every other in votes weighted by capability × salience; Black 1948), expected utility (Bueno de Mesquita's model of challenges between actors, round by round) and SMP (KTAB's spatial model of politics)",
    ),
    (
        "cycles / has not settled",
        &["cycles", "has not settled"],
        "an iterative model whose last rounds still move by more than 1 % of the scale; its range, not one round, counts as its forecast",
    ),
    (
        "stable under every concept",
        &["stable under", "concept"],
        "no decision maker gains by moving away, under each of the graph model's tests: Nash (no better move), GMR and SMR (every better move can be punished), SEQ (punished by credible moves), SIM (simultaneous moves)",
    ),
    (
        "only by deterrence",
        &["deterrence"],
        "stable under GMR or SMR but not Nash: someone could gain by moving, but others could make them worse off",
    ),
    (
        "coalitions",
        &["coalition", "together reach"],
        "decision makers moving jointly, each gaining",
    ),
    (
        "quoted / estimate",
        &["quoted", "Estimates", "estimate"],
        "an input is quoted when a quote from a listed source supports its value; otherwise it is the analyst's estimate",
    ),
    (
        "if … were …, not …",
        &["were "],
        "the pivotal input: the one that, moved by its stated uncertainty, changes the conclusion most, with what it changes",
    ),
];

/// The terms a brief's sentences use.
fn terms(sections: &[Section]) -> Vec<Term> {
    let text: String = sections
        .iter()
        .flat_map(|s| s.lines.iter())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    TERMS
        .iter()
        .filter(|(_, shows, _)| shows.iter().any(|w| text.contains(w)))
        .map(|(term, _, meaning)| Term {
            term: (*term).to_owned(),
            meaning: (*meaning).to_owned(),
        })
        .collect()
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

/// A label cut to at most `n` characters, at a word's end where one is
/// near, with an ellipsis.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let head: String = s.chars().take(n.saturating_sub(1)).collect();
    let cut = match head.rfind(' ') {
        Some(i) if head[..i].chars().count() * 2 > n => head[..i].trim_end_matches([',', ';', ':']),
        _ => head.as_str(),
    };
    format!("{cut}…")
}

fn signed(x: f64) -> String {
    let n = number(x, 2);
    if x >= 0.0 && n != "0" {
        format!("+{n}")
    } else {
        n
    }
}

/// Gains from `lo` to `hi`, once when they print the same.
fn span(who: &str, lo: f64, hi: f64) -> String {
    if signed(lo) == signed(hi) {
        format!("{who} {}", signed(lo))
    } else {
        format!("{who} {} to {}", signed(lo), signed(hi))
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

/// A settlement value in the issue's words: the option in quotes, or the
/// number with its unit and, near an end of the scale, that end's label.
fn value_words(sc: &Scale, x: f64, clip: &dyn Fn(&str, usize) -> String) -> String {
    match sc.option(x) {
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
    }
}

/// What a camp of models says, and (unless `count`) which models say it.
fn camp_words(l: &Landing, c: &Camp, clip: &dyn Fn(&str, usize) -> String, count: bool) -> String {
    let sc = &l.scale;
    let value = match sc.option(c.range[0]) {
        Some(o) => format!("\"{}\"", clip(o, 28)),
        None if sc.words(c.range[0]) == sc.words(c.range[1]) => sc.words(c.range[0]),
        None => format!("{}–{}", sc.number(c.range[0]), sc.words(c.range[1])),
    };
    if count {
        return value;
    }
    let who: Vec<String> = c
        .models
        .iter()
        .map(|id| {
            l.models
                .iter()
                .find(|m| m.model == *id)
                .map_or_else(|| id.clone(), |m| m.label.clone())
        })
        .collect();
    format!("{value} ({})", list(&who))
}

/// A model's label by its id.
fn model_label(l: &Landing, id: &str) -> String {
    l.models
        .iter()
        .find(|m| m.model == id)
        .map_or_else(|| id.to_owned(), |m| m.label.clone())
}

/// Whether a model has not settled across more than rounding: its range
/// reads as two values.
fn unsettled_across(l: &Landing, m: &detente_analysis::brief::ModelLanding) -> bool {
    m.range
        .is_some_and(|r| l.scale.quoted(r[0]) != l.scale.quoted(r[1]))
}

/// Where an issue lands, in one sentence. With `clip_at`, the terminal's
/// form: labels cut to that many characters and the models counted rather
/// than named, so that the line fits 100 columns.
///
/// `terse` takes the terminal's shortest words ("split 2–2", "between:",
/// "90 % band") for lines whose numbers do not fit otherwise.
///
/// When the models split into camps and the settlement (their median)
/// lies in none of them, no model gives it: the sentence names the camps
/// first and the value between them second.
fn landing_line(l: &Landing, clip_at: Option<usize>, terse: bool) -> Option<String> {
    let short = clip_at.is_some();
    let clip = |t: &str, n: usize| match clip_at {
        Some(m) => clip(t, n.min(m)),
        None => t.to_owned(),
    };
    let x = l.settlement?;
    let sc = &l.scale;
    let n = l.models.len();
    let between = !l.agree && l.camps.len() > 1 && !l.camps.iter().any(|c| c.holds_settlement);
    // Models that have not settled: in the terminal only those whose range
    // crosses options or splits the models; in full every one whose range
    // reads as two values, with that range.
    let cyclers: Vec<String> = l
        .models
        .iter()
        .filter(|m| {
            if short {
                m.range.is_some_and(|r| match &sc.options {
                    Some(_) => sc.option(r[0]) != sc.option(r[1]),
                    None => l.camps.len() == 1 && !l.agree,
                })
            } else {
                unsettled_across(l, m)
            }
        })
        .map(|m| {
            let r = m.range.unwrap_or([m.value, m.value]);
            let how = if m.period.is_some() {
                "cycles"
            } else {
                "has not settled"
            };
            if short {
                format!("{} {how}", m.label)
            } else {
                format!(
                    "{} {how} between {} and {}",
                    m.label,
                    sc.quoted(r[0]),
                    sc.quoted(r[1])
                )
            }
        })
        .collect();
    // The models of a camp that say one value (in full, the unsettled
    // ones speak through `cyclers`).
    let speakers = |c: &Camp| -> Vec<String> {
        c.models
            .iter()
            .filter(|id| {
                short
                    || !l
                        .models
                        .iter()
                        .any(|m| m.model == **id && unsettled_across(l, m))
            })
            .map(|id| model_label(l, id))
            .collect()
    };
    let head = if between {
        let camps: Vec<String> = l
            .camps
            .iter()
            .map(|c| camp_words(l, c, &clip, short))
            .collect();
        let sizes: Vec<String> = l.camps.iter().map(|c| c.models.len().to_string()).collect();
        let middle = sc.quoted(x);
        match (camps.len(), short) {
            (2, true) => format!(
                "{} {}, {} or {}; {} {middle}",
                if terse { "split" } else { "models split" },
                sizes.join("–"),
                camps[0],
                camps[1],
                if terse { "between:" } else { "between them" }
            ),
            (2, false) => format!(
                "models split into two camps, {} and {}; between them {middle}, which no model gives",
                camps[0], camps[1]
            ),
            (k, _) => format!(
                "models split from {} to {}; their median {middle}",
                camps[0],
                camps[k - 1]
            ),
        }
    } else {
        let value = value_words(sc, x, &clip);
        let mut parts: Vec<String> = Vec::new();
        if n < 2 {
            parts.push("one model".to_owned());
        } else if l.agree {
            parts.push("models agree".to_owned());
        } else if l.camps.len() == 1 {
            if cyclers.is_empty() {
                let c = &l.camps[0];
                parts.push(format!(
                    "models spread {}–{}",
                    sc.number(c.range[0]),
                    sc.words(c.range[1])
                ));
            }
        } else if short && !cyclers.is_empty() {
            // The terminal names the model that does not settle, and
            // leaves the split to the full line.
        } else if short {
            let k = l
                .camps
                .iter()
                .find(|c| c.holds_settlement)
                .map_or(0, |c| c.models.len());
            parts.push(format!("{k} of {n} models"));
        } else {
            let others: Vec<String> = l
                .camps
                .iter()
                .filter(|c| !c.holds_settlement)
                .filter_map(|c| {
                    let who = speakers(c);
                    (!who.is_empty()).then(|| {
                        format!(
                            "{} give{} {}",
                            list(&who),
                            if who.len() == 1 { "s" } else { "" },
                            camp_words(l, c, &clip, true)
                        )
                    })
                })
                .collect();
            if !others.is_empty() {
                parts.push(format!("models split: {}", others.join("; ")));
            }
        }
        parts.extend(cyclers);
        if parts.is_empty() {
            value
        } else {
            format!("{value}; {}", parts.join("; "))
        }
    };
    let band = match l.band {
        Some([lo, hi]) if (hi - lo).abs() < 1e-9 => "draws do not move it".to_owned(),
        Some([lo, hi]) => match &sc.options {
            Some(o) => {
                let k = x.round().clamp(1.0, o.len() as f64) as usize;
                let at = |v: f64| v.round().clamp(1.0, o.len() as f64) as usize;
                let (a, b) = (at(lo), at(hi));
                let label = |i: usize| format!("\"{}\"", clip(&o[i - 1], 28));
                let also: Vec<usize> = (a..=b).filter(|&i| i != k).collect();
                match also.as_slice() {
                    [] => "every draw keeps it".to_owned(),
                    [i] => format!("some draws give {}", label(*i)),
                    _ => format!("draws give {} to {}", label(a), label(b)),
                }
            }
            None => format!(
                "{} {}–{}",
                if terse {
                    "90 % band"
                } else {
                    "in 90 % of draws"
                },
                sc.number(lo),
                sc.words(hi)
            ),
        },
        None => "no Monte Carlo".to_owned(),
    };
    Some(format!("{}: {head}; {band}.", l.issue))
}

/// A sentence cut to its first clauses where the whole does not fit one
/// terminal line: at the last "; " or " (" that leaves a line (the full
/// sentence is in the Markdown, the report and "The brief in full").
fn one_clause(text: &str) -> String {
    if wrap(text, WIDTH).len() == 1 {
        return text.to_owned();
    }
    let mut cut = text.trim_end_matches('.');
    while let Some(i) = cut.rfind("; ").or_else(|| cut.rfind(" (")) {
        cut = &cut[..i];
        if wrap(&format!("{cut}."), WIDTH).len() == 1 {
            return format!("{cut}.");
        }
    }
    text.to_owned()
}

/// The terminal's one line for an issue: labels clipped until it fits,
/// then (numbers do not clip) the terse words.
fn landing_line_short(l: &Landing) -> Option<String> {
    l.settlement?;
    let line = one_line(|at| landing_line(l, Some(at), false).unwrap_or_default());
    if wrap(&line, WIDTH).len() == 1 {
        return Some(line);
    }
    let terse = one_line(|at| landing_line(l, Some(at), true).unwrap_or_default());
    Some(if wrap(&terse, WIDTH).len() == 1 {
        terse
    } else {
        line
    })
}

/// The deal's sentences; with `clip_at`, the terminal's form, option labels
/// cut to that many characters.
fn deal_lines(d: &Deal, clip_at: Option<usize>) -> Vec<String> {
    let cut = |t: &str| match clip_at {
        Some(n) => clip(t, n),
        None => t.to_owned(),
    };
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
        vec![span(
            &format!("each of the {} parties", d.parties.len()),
            lo,
            hi,
        )]
    };
    let robust = match &d.robustness {
        Some(r) if r.varied => format!(
            "; holds for every party in {} of {} draws",
            pct(r.share),
            r.draws
        ),
        _ => String::new(),
    };
    // The package's values are the answer: never clipped.
    let values: Vec<String> = d
        .package
        .iter()
        .map(|v| format!("{}: {}", v.issue, v.value))
        .collect();
    // The terminal leaves the robustness to the answer above it.
    let robust = if clip_at.is_some() {
        String::new()
    } else {
        robust
    };
    out.push(format!(
        "Nash package ({} over no agreement{robust}): {}.",
        gains.join(", "),
        values.join("; ")
    ));
    // Solutions that pick the same other package share one sentence.
    let mut done = vec![false; d.others.len()];
    for (i, o) in d.others.iter().enumerate() {
        if done[i] {
            continue;
        }
        let same: Vec<usize> = (i..d.others.len())
            .filter(|&j| {
                d.others[j]
                    .differs
                    .iter()
                    .map(|c| (&c.issue, &c.to))
                    .eq(o.differs.iter().map(|c| (&c.issue, &c.to)))
            })
            .collect();
        for &j in &same {
            done[j] = true;
        }
        let diff: Vec<String> = o
            .differs
            .iter()
            .map(|c| format!("{} {}", c.issue, cut(&c.to)))
            .collect();
        let gains: Vec<String> = if d.parties.len() <= 6 {
            d.parties
                .iter()
                .zip(&o.gains)
                .map(|(p, g)| format!("{} {}", p.party, signed(*g)))
                .collect()
        } else {
            let lo = o.gains.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = o.gains.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            vec![span("each", lo, hi)]
        };
        let names: Vec<String> = same
            .iter()
            .map(|&j| d.others[j].concept.to_string())
            .collect();
        let rules: Vec<String> = same.iter().map(|&j| d.others[j].rule.clone()).collect();
        out.push(format!(
            "{} differ{} ({}), as {} {}: {}.",
            list(&names),
            if same.len() == 1 { "s" } else { "" },
            gains.join(", "),
            if same.len() == 1 {
                "it maximises"
            } else {
                "they maximise"
            },
            rules.join(", or "),
            diff.join("; ")
        ));
    }
    if d.others.is_empty() {
        out.push("Every other bargaining solution picks the same package.".to_owned());
    }
    out
}

/// One proposal's verdict and smallest fix; with `clip_at`, the
/// terminal's shorter form, labels cut to that many characters.
fn proposal_line(p: &ProposalFinding, clip_at: Option<usize>) -> String {
    let cut = |t: &str| match clip_at {
        Some(n) => clip(t, n),
        None => t.to_owned(),
    };
    let who = match (p.accept.is_empty(), p.fail.is_empty(), clip_at) {
        (_, true, _) => "every party prefers it to no agreement".to_owned(),
        (true, false, _) => "no party prefers it to no agreement".to_owned(),
        (false, false, None) => format!(
            "{} prefer{} it to no agreement, {} do{} not",
            list(&p.accept),
            if p.accept.len() == 1 { "s" } else { "" },
            list(&p.fail),
            if p.fail.len() == 1 { "es" } else { "" }
        ),
        (false, false, Some(_)) => format!("{} for, {} against", list(&p.accept), list(&p.fail)),
    };
    let fix = match (&p.fix, &p.no_fix) {
        (Some(f), _) => {
            let ch: Vec<String> = f
                .changes
                .iter()
                .map(|c| match (clip_at, c.stated) {
                    // The proposal is silent on the issue: the amendment
                    // adds it (no agreement would leave it at `from`).
                    (None, Some(false)) => format!(
                        "it added {} \"{}\" (it is silent on {}, which no agreement leaves at \"{}\")",
                        c.issue, c.to, c.issue, c.from
                    ),
                    (Some(_), Some(false)) => format!("it added {} \"{}\"", c.issue, cut(&c.to)),
                    (None, _) => format!("{} goes from \"{}\" to \"{}\"", c.issue, c.from, c.to),
                    (Some(_), _) => {
                        format!("{} \"{}\" → \"{}\"", c.issue, cut(&c.from), cut(&c.to))
                    }
                })
                .collect();
            match clip_at {
                None => format!("; acceptable to {} if {}", list(&f.wins), list(&ch)),
                Some(_) => format!("; {} would accept if {}", list(&f.wins), list(&ch)),
            }
        }
        (None, Some(why)) => format!("; no amendment found: {why}"),
        (None, None) => String::new(),
    };
    format!("{} ({}): {who}{fix}.", p.id, p.by)
}

/// A sentence in the terminal's form on one line where clipping its labels
/// can make it fit (`line` builds it with labels cut to a length).
///
/// Labels are not cut below 20 characters (they would stop saying what
/// they are); a sentence that does not fit by then takes two lines with
/// labels of up to 40.
fn one_line(line: impl Fn(usize) -> String) -> String {
    let mut at = 46;
    loop {
        let l = line(at);
        if wrap(&l, WIDTH).len() == 1 {
            return l;
        }
        if at <= 20 {
            return line(40);
        }
        at -= 2;
    }
}

/// A name that may start a sentence, for the middle of one ("The US
/// offers …" → "the US offers …").
fn mid(name: &str) -> String {
    for article in ["The ", "A ", "An "] {
        if let Some(rest) = name.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    name.to_owned()
}

/// An option by name; a short label (GMCR+ files name options "Air
/// Strike") with its decision maker, a sentence ("The US offers …") as it
/// is.
fn option_words(o: &OptionChoice) -> String {
    if o.name.split_whitespace().count() <= 3 {
        format!("{} {}", o.dm, o.name)
    } else {
        mid(&o.name)
    }
}

/// The options taken in a state, by name.
fn taken(options: &[OptionChoice]) -> String {
    let names: Vec<String> = options
        .iter()
        .filter(|o| o.taken)
        .map(option_words)
        .collect();
    if names.is_empty() {
        "no one takes any option".to_owned()
    } else {
        names.join("; ")
    }
}

/// What changes from `from` to `to`, by option names.
fn changes(from: &[OptionChoice], to: &[OptionChoice]) -> String {
    let now: Vec<String> = from
        .iter()
        .zip(to)
        .filter(|(a, b)| !a.taken && b.taken)
        .map(|(_, b)| option_words(b))
        .collect();
    let ended: Vec<String> = from
        .iter()
        .zip(to)
        .filter(|(a, b)| a.taken && !b.taken)
        .map(|(_, b)| option_words(b))
        .collect();
    let mut d = Vec::new();
    if !now.is_empty() {
        d.push(format!("now: {}", now.join("; ")));
    }
    if !ended.is_empty() {
        d.push(format!("no longer: {}", ended.join("; ")));
    }
    if d.is_empty() {
        "nothing changes".to_owned()
    } else {
        d.join("; ")
    }
}

/// The concepts a state is stable under, in words.
fn under(concepts: &[SolutionConcept], all: &[SolutionConcept]) -> String {
    if !all.is_empty() && all.iter().all(|c| concepts.contains(c)) {
        "every concept".to_owned()
    } else {
        let names: Vec<String> = concepts.iter().map(|c| c.name().to_owned()).collect();
        list(&names)
    }
}

fn movers(moves: &[detente_analysis::stability::Move]) -> String {
    let mut who: Vec<String> = Vec::new();
    for m in moves {
        if !who.contains(&m.dm) {
            who.push(m.dm.clone());
        }
    }
    list(&who)
}

/// Whether a stable state also holds against coalitions, when the
/// coalition analysis ran.
fn against_coalitions(r: &detente_analysis::brief::Reached) -> &'static str {
    match r.coalition_stable {
        Some(true) => " and against coalitions",
        Some(false) => " but not against coalitions",
        None => "",
    }
}

fn stable_lines(st: &Stable) -> Vec<String> {
    let mut out = Vec::new();
    let Some(sq) = st.status_quo else {
        // No status quo: the equilibria themselves, most robust first.
        out.push(format!(
            "No status quo is given; {} state{} stable under at least one concept.",
            st.reachable_total,
            if st.reachable_total == 1 {
                " is"
            } else {
                "s are"
            }
        ));
        for r in &st.reachable {
            out.push(format!(
                "State {}, stable {}{}: {}.",
                r.state,
                held(&r.concepts, &st.concepts),
                against_coalitions(r),
                taken(&r.options)
            ));
        }
        return out;
    };
    out.push(format!(
        "Status quo (state {sq}): {}.",
        taken(&st.status_quo_options)
    ));
    for r in &st.reachable {
        if r.moves.is_empty() {
            out.push(format!(
                "The status quo itself is stable {}{}.",
                held(&r.concepts, &st.concepts),
                against_coalitions(r)
            ));
        } else {
            out.push(format!(
                "{}'s move{} lead{} to state {} ({}), stable {}{}.",
                movers(&r.moves),
                if r.moves.len() == 1 { "" } else { "s" },
                if r.moves.len() == 1 { "s" } else { "" },
                r.state,
                changes(&st.status_quo_options, &r.options),
                held(&r.concepts, &st.concepts),
                against_coalitions(r)
            ));
        }
    }
    for c in &st.coalitions {
        out.push(format!(
            "{} together reach state {} ({}){}.",
            list(&c.members),
            c.state,
            changes(&st.status_quo_options, &c.options),
            if c.stable {
                ", stable against coalitions"
            } else {
                ""
            }
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

/// An input's value in its issue's words: a number with its unit, or an
/// option; a position between two options (a stated sd moves it there) is
/// "between" them.
fn input_value(kind: PivotInput, x: f64, sc: Option<&Scale>) -> String {
    match (kind, sc) {
        (PivotInput::Position, Some(sc)) => match &sc.options {
            None => sc.words(x),
            Some(o) => {
                let n = o.len() as f64;
                let (lo, hi) = (x.floor().clamp(1.0, n), x.ceil().clamp(1.0, n));
                if (x - x.round()).abs() < 0.05 || lo == hi {
                    sc.quoted(x)
                } else {
                    format!("between {} and {}", sc.quoted(lo), sc.quoted(hi))
                }
            }
        },
        _ => number(x, 2),
    }
}

/// One conclusion's basis: how much of its deciding weight is quoted, and
/// its pivotal input.
fn basis_line(b: &Basis, f: &Findings) -> String {
    let scale_of = |issue: &str| {
        f.landings
            .iter()
            .find(|l| l.issue == issue)
            .map(|l| &l.scale)
    };
    let what = match &b.conclusion {
        Conclusion::Landing { issue } => format!("Where {issue} lands"),
        Conclusion::Deal => "The deal".to_owned(),
        Conclusion::Proposal { proposal } => format!("Who accepts {proposal}"),
    };
    let pivot = match &b.pivot {
        None => "no input moved within its stated uncertainty changes it".to_owned(),
        Some(p) => {
            let sc = p.issue.as_deref().and_then(scale_of);
            let (from, to) = (
                input_value(p.input, p.from, sc),
                input_value(p.input, p.to, sc),
            );
            let effect = match &b.conclusion {
                Conclusion::Landing { .. } => format!("it moves {} of the scale", pct(p.effect)),
                Conclusion::Proposal { .. } => {
                    let n = p.effect as usize;
                    if n == 1 {
                        "one party's verdict changes".to_owned()
                    } else {
                        format!("{n} parties' verdicts change")
                    }
                }
                Conclusion::Deal => {
                    let n = p.effect as usize;
                    format!(
                        "{n} of its issue{} change{}",
                        if n == 1 { "" } else { "s" },
                        match (n == 1, p.still_acceptable) {
                            (_, Some(false)) =>
                                " and it no longer beats no agreement for every party",
                            (true, _) => "s",
                            (false, _) => "",
                        }
                    )
                }
            };
            // The issue is named unless the conclusion is about it.
            let on = match (&p.issue, &b.conclusion) {
                (Some(i), Conclusion::Landing { issue }) if i == issue => String::new(),
                (Some(i), _) => format!(" on {i}"),
                (None, _) => String::new(),
            };
            // Moved by its stated sd.
            format!(
                "if {}'s {}{on} were {to}, not {from}, {effect}",
                p.actor,
                input_words(p.input)
            )
        }
    };
    format!("{what}: {} quoted; {pivot}.", pct(b.quoted))
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

/// The order in which caveats claim the first screen: what makes a
/// finding an artifact of the inputs first, then what makes it uncertain.
fn first_screen_rank(k: CaveatKind) -> u8 {
    match k {
        CaveatKind::NoAgreementPossible | CaveatKind::FrontierThinned => 0,
        CaveatKind::StanceContradictsModel => 1,
        CaveatKind::PartyWithoutPositions => 2,
        CaveatKind::RelayedPartyLeftOut => 3,
        CaveatKind::PartyWithLittleAtStake => 4,
        CaveatKind::IssueWithoutPositions => 5,
        CaveatKind::SingleActorIssue => 6,
        CaveatKind::ValueOffGrid => 7,
        // The landings' lines show splits and bands already; a model that
        // does not settle they do not.
        CaveatKind::ModelOscillates => 8,
        CaveatKind::ModelsDisagree => 9,
        CaveatKind::WideUncertainty => 10,
        CaveatKind::RestsOnEstimates => 11,
    }
}

/// The caveats in the order the brief lists them: the strongest of each
/// kind first (but for the kind of `shown`, under the landings already) (kinds by [`first_screen_rank`], strength by weight × the
/// issue's stake; the strongest `rests-on-estimates` is in the answer
/// already), then the rest as the
/// findings order them (by kind, strongest first).
fn caveat_order<'f>(f: &'f Findings, shown: Option<&Caveat>) -> Vec<&'f Caveat> {
    // A caveat's weight, scaled by its issue's share of the largest stake:
    // a split on the issue most at stake outranks one on a side issue.
    let top = f.landings.iter().map(|l| l.stake).fold(0.0, f64::max);
    let importance = |c: &Caveat| {
        let stake = c
            .issues
            .first()
            .and_then(|i| f.landings.iter().find(|l| l.issue == *i))
            .map_or(1.0, |l| if top > 0.0 { l.stake / top } else { 1.0 });
        c.weight * stake
    };
    let strongest = |k: CaveatKind| {
        f.caveats
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == k)
            .fold(None::<(usize, &Caveat)>, |b, (i, c)| match b {
                Some((_, x)) if importance(x) >= importance(c) => b,
                _ => Some((i, c)),
            })
    };
    let mut kinds: Vec<CaveatKind> = f.caveats.iter().map(|c| c.kind).collect();
    kinds.sort_by_key(|k| first_screen_rank(*k));
    kinds.dedup();
    // The answer already names the conclusion resting most on estimates,
    // and the landings their strongest caveat.
    kinds.retain(|k| *k != CaveatKind::RestsOnEstimates && Some(*k) != shown.map(|c| c.kind));
    let heads: Vec<usize> = kinds
        .into_iter()
        .filter_map(strongest)
        .map(|(i, _)| i)
        .collect();
    let mut out: Vec<&Caveat> = heads.iter().map(|&i| &f.caveats[i]).collect();
    out.extend(
        f.caveats
            .iter()
            .enumerate()
            .filter(|(i, _)| !heads.contains(i))
            .map(|(_, c)| c),
    );
    out
}

/// The answer in three sentences, for the five-minute reader: which deal
/// to table and how sure it is, how much of it rests on estimates, and
/// what is stable.
fn answer_lines(s: &Scenario, f: &Findings, clip_at: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    match (&f.deal, &f.deal_unavailable) {
        (Some(d), _) if d.possible => {
            let who = match d.parties.len() {
                2 => format!("{} and {}", d.parties[0].party, d.parties[1].party),
                n => format!("all {n} parties"),
            };
            let sure = match &d.robustness {
                Some(r) if r.varied => format!(" in {} of {} draws", pct(r.share), r.draws),
                Some(_) => " (no input it rests on has a stated uncertainty)".to_owned(),
                None => String::new(),
            };
            // The deal is the best joint gain, not a forecast: say where it
            // is not where the issues land.
            let unlike = match d.unlike_landings.len() {
                0 => String::new(),
                k => format!(
                    "; not a forecast: {k} of its {} issues land elsewhere",
                    d.package.len()
                ),
            };
            out.push(format!(
                "Deal: table the Nash package; it beats no agreement for {who}{sure}{unlike}."
            ));
        }
        (Some(d), _) => out.push(if d.blockers.is_empty() {
            "Deal: none; no package beats no agreement for every party.".to_owned()
        } else {
            format!(
                "Deal: none; no package beats no agreement for every party, and {} block{} it.",
                list(&d.blockers),
                if d.blockers.len() == 1 { "s" } else { "" }
            )
        }),
        (None, Some(why)) => out.push(format!("Deal: not analysed ({why}).")),
        (None, None) => {}
    }
    let deal_basis = f.bases.iter().find(|b| b.conclusion == Conclusion::Deal);
    let weakest = f
        .caveats
        .iter()
        .filter(|c| c.kind == CaveatKind::RestsOnEstimates)
        .fold(None::<&Caveat>, |b, c| match b {
            Some(b) if b.weight >= c.weight => Some(b),
            _ => Some(c),
        });
    let sources = match deal_basis {
        Some(b) => format!(
            "Estimates: {} of what decides the deal",
            pct(1.0 - b.quoted)
        ),
        None => "Estimates".to_owned(),
    };
    // The conclusion resting most on estimates, by its caveat's subject.
    let subject = |c: &Caveat| match (c.proposals.first(), c.issues.first()) {
        (Some(p), _) => format!("the verdict on {p}"),
        (None, Some(i)) => format!("where {i} lands"),
        (None, None) => "the deal".to_owned(),
    };
    match weakest {
        _ if f.provenance.quotes == 0 => {
            out.push("Estimates: every input; the scenario quotes no source.".to_owned())
        }
        Some(c) if c.proposals.is_empty() && c.issues.is_empty() => out.push(format!("{sources}.")),
        Some(c) => out.push(format!(
            "{sources}; {}: {} ({}).",
            if clip_at.is_some() {
                "most estimated"
            } else {
                "the most estimated finding"
            },
            subject(c),
            pct(c.weight)
        )),
        None if deal_basis.is_some() => out.push(format!(
            "{sources}; no conclusion rests mostly on estimates."
        )),
        None => {}
    }
    let Some(st) = &f.stable else {
        if s.conflict.is_none() {
            out.push("Stable: not analysed; the scenario has no [conflict] model.".to_owned());
        }
        return out;
    };
    if st.status_quo.is_none() {
        out.push(match st.reachable.first() {
            Some(r) => format!(
                "Stable: no status quo is given; state {} is stable {}{}.",
                r.state,
                held(&r.concepts, &st.concepts),
                match st.reachable_total {
                    1 => String::new(),
                    2 => ", and 1 more state under fewer concepts".to_owned(),
                    n => format!(", and {} more states under fewer concepts", n - 1),
                }
            ),
            None => "Stable: no state is stable under any concept.".to_owned(),
        });
        return out;
    }
    let sq = st.reachable.iter().find(|r| r.moves.is_empty());
    let away = st.reachable.iter().find(|r| !r.moves.is_empty());
    // The terminal's shorter form leaves out "is stable".
    let stable = if clip_at.is_some() { "" } else { "is stable " };
    let head = match sq {
        Some(r) => format!("the status quo {stable}{}", held(&r.concepts, &st.concepts)),
        None => "the status quo is not".to_owned(),
    };
    out.push(match away {
        None if sq.is_none() => {
            "Stable: no equilibrium is reachable from the status quo.".to_owned()
        }
        None => format!("Stable: {head}."),
        Some(r) => format!(
            "Stable: {head}; after {}'s move, {}{}{}.",
            movers(&r.moves),
            match clip_at {
                None => format!("stable {}", held(&r.concepts, &st.concepts)),
                Some(_) => held(&r.concepts, &st.concepts),
            },
            match (r.coalition_stable, clip_at) {
                (Some(false), None) => ", though a coalition could move on",
                _ => "",
            },
            // The terminal leaves what changes to "What is stable".
            if clip_at.is_some() {
                String::new()
            } else {
                format!(" — {}", changes(&st.status_quo_options, &r.options))
            }
        ),
    });
    out
}

/// How a state holds, after "stable": "under every concept", or "only by
/// deterrence (GMR and SMR)" when it is GMR- or SMR- but not Nash-stable
/// (every move away from it can be punished).
fn held(concepts: &[SolutionConcept], all: &[SolutionConcept]) -> String {
    let names = under(concepts, all);
    if !concepts.contains(&SolutionConcept::Nash) && concepts.contains(&SolutionConcept::Gmr) {
        format!("only by deterrence ({names})")
    } else {
        format!("under {names}")
    }
}

/// The brief of a scenario from its findings.
pub fn brief(s: &Scenario, f: &Findings) -> Brief {
    let p = &f.provenance;
    let quotes = match p.quotes_verified {
        _ if p.quotes == 0 => "no quotes".to_owned(),
        Some(v) => format!("{v}/{} quotes verified", p.quotes),
        None => "quotes unverified".to_owned(),
    };
    let provenance = format!(
        "detente {} · {}{} · as of {} · {} runs, seed {} · {quotes}",
        p.version,
        p.scenario,
        // Seven hex digits name the text as git's short hashes do.
        p.hash
            .as_ref()
            .map_or(String::new(), |h| format!("@{}", &h[..h.len().min(7)])),
        p.as_of,
        p.runs,
        p.seed
    );
    // The provenance: one terminal line, which the line budget counts on.
    let mut prov = section("provenance", "Provenance", vec![provenance.clone()]);
    prov.terminal = Some(vec![clip(&provenance, WIDTH - 2)]);
    let mut answer = section("answer", "In short", answer_lines(s, f, None));
    answer.terminal = Some(answer_lines(s, f, Some(60)));

    let lands: Vec<String> = f
        .landings
        .iter()
        .filter_map(|l| landing_line(l, None, false))
        .collect();
    let mut lands = section("lands", "Where it lands", lands);
    lands.terminal = Some(f.landings.iter().filter_map(landing_line_short).collect());
    // Then the strongest caveat on the landings, on one terminal line.
    let landing_caveat = caveat_order(f, None)
        .into_iter()
        .find(|c| c.kind.about_landings());
    let landing_caveat_line = landing_caveat.map(|c| {
        let full = format!("Caveat: {}.", c.text);
        let short = one_clause(&full);
        (full, short)
    });

    let (deal, deal_short) = match (&f.deal, &f.deal_unavailable) {
        (Some(d), _) => (deal_lines(d, None), deal_lines(d, Some(22))),
        (None, Some(why)) => {
            let l = vec![format!("No packages lens: {why}.")];
            (l.clone(), l)
        }
        (None, None) => (Vec::new(), Vec::new()),
    };
    let mut deal = section("deal", "The deal", deal);
    deal.terminal = Some(deal_short);

    let proposals: Vec<String> = f.proposals.iter().map(|p| proposal_line(p, None)).collect();
    let mut proposals = section("proposals", "The proposals on the table", proposals);
    proposals.terminal = Some(
        f.proposals
            .iter()
            .map(|p| one_line(|at| proposal_line(p, Some(at))))
            .collect(),
    );
    let stable = f.stable.as_ref().map(stable_lines).unwrap_or_default();

    // The deal first (the answer's sentence repeats its share), then the
    // conclusions that rest least on quotes.
    let mut bases: Vec<&Basis> = f.bases.iter().collect();
    bases.sort_by(|a, b| {
        (a.conclusion != Conclusion::Deal)
            .cmp(&(b.conclusion != Conclusion::Deal))
            .then(a.quoted.total_cmp(&b.quoted))
    });
    let rests: Vec<String> = bases.iter().map(|b| basis_line(b, f)).collect();
    let caveats: Vec<String> = caveat_order(f, landing_caveat)
        .iter()
        .map(|c| format!("[{}] {}.", c.kind.name(), c.text))
        .collect();
    let mut caveats = section("caveats", "Caveats", caveats);
    caveats.terminal = Some(caveats.lines.iter().map(|l| one_clause(l)).collect());

    // Each section's budget in terminal lines, its title apart (the answer's
    // includes the heading the terminal leaves out).
    let plan = |section: Section, budget: usize| Plan {
        section,
        budget,
        last: None,
    };
    let plans = vec![
        plan(prov, 1),
        plan(answer, 5),
        Plan {
            last: landing_caveat_line,
            ..plan(lands, 9)
        },
        plan(deal, 6),
        plan(proposals, 4),
        plan(section("stable", "What is stable", stable), 3),
        plan(section("rests-on", "What rests on what", rests), 3),
        plan(caveats, 2),
    ];
    let sections = lay_out(plans);
    Brief {
        title: format!("Brief: {}", s.title),
        findings: f.clone(),
        terms: terms(&sections),
        sections,
    }
}

/// A section with its line budget, and a sentence always shown after the
/// lines that fit (the landings' caveat).
struct Plan {
    section: Section,
    budget: usize,
    last: Option<(String, String)>,
}

/// Decides how many sentences of each section the terminal's first screen
/// shows. What a section leaves of its budget passes to the next, so a
/// scenario with few issues shows more of its proposals; a section with
/// nothing to say passes on its title's line too.
fn lay_out(plans: Vec<Plan>) -> Vec<Section> {
    let mut carry: usize = plans
        .iter()
        .filter(|p| p.section.lines.is_empty())
        .map(|p| p.budget + 1)
        .sum();
    let mut out = Vec::new();
    for Plan {
        section: mut x,
        budget,
        last,
    } in plans.into_iter().filter(|p| !p.section.lines.is_empty())
    {
        // "+k more" counts `lines`: the terminal's form says the same
        // sentences, only shorter.
        debug_assert_eq!(x.terminal_lines().len(), x.lines.len(), "{}", x.id);
        let b = budget + carry;
        x.shown = match last {
            None => fit(x.terminal_lines(), b),
            Some((full, short)) => {
                let k = fit(
                    x.terminal_lines(),
                    b.saturating_sub(wrap(&short, WIDTH).len()),
                );
                x.lines.insert(k, full);
                if let Some(t) = &mut x.terminal {
                    t.insert(k, short);
                }
                k + 1
            }
        };
        let used: usize = x.terminal_lines()[..x.shown]
            .iter()
            .map(|l| wrap(l, WIDTH).len())
            .sum::<usize>()
            + usize::from(x.more() > 0);
        carry = b.saturating_sub(used);
        out.push(x);
    }
    out
}

/// A section of sentences; [`lay_out`] decides how many the brief shows.
fn section(id: &str, title: &str, lines: Vec<String>) -> Section {
    Section {
        id: id.to_owned(),
        title: title.to_owned(),
        shown: lines.len(),
        lines,
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
        // The answer follows the provenance line without a heading: its
        // sentences start "Deal:", "Estimates:", "Stable:".
        if s.id == "provenance" || s.id == "answer" {
            for l in &s.terminal_lines()[..s.shown] {
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
    if !b.terms.is_empty() {
        if out.is_empty() {
            out.push_str("\nThe brief in full\n");
        }
        out.push_str("Terms\n");
        for t in &b.terms {
            for w in wrap(&format!("{}: {}.", t.term, t.meaning), WIDTH) {
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
    if !b.terms.is_empty() {
        out.push_str("## Terms\n\n");
        for t in &b.terms {
            out.push_str(&format!("- **{}**: {}.\n", t.term, t.meaning));
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
    if !b.terms.is_empty() {
        h.push_str("<details><summary>Terms</summary><dl>");
        for t in &b.terms {
            h.push_str(&format!(
                "<dt>{}</dt><dd>{}.</dd>",
                esc(&t.term),
                esc(&t.meaning)
            ));
        }
        h.push_str("</dl></details>");
    }
    h.push_str("</section>");
    h
}
