//! Readers for the GENIUS XML and GeniusWeb JSON negotiation formats.
//!
//! GENIUS (TU Delft) semantics, as its `EvaluatorDiscrete.normalize`
//! applies them: a discrete value's utility is
//! weight × evaluation / (the issue's largest evaluation); weights are used
//! as written (they need not sum to 1); `<reservation value>` is on that
//! scale; `<discount_factor>` is a time discount and is ignored. Only an
//! issue's own `<item>` children count: some ANAC profiles nest further
//! items inside `<similarity_function>`, which are skipped.
//!
//! GeniusWeb: `LinearAdditiveUtilitySpace` with `issueWeights` and
//! `valueUtilities` used as written (utility = Σ weight × value utility);
//! the reservation value is the utility of `reservationBid` if given, else
//! `reservationValue`, else 0.

use std::collections::HashMap;

use thiserror::Error;

use crate::domain::{Domain, Issue, Party};

#[derive(Debug, Error, PartialEq)]
#[error("{file}: {message}")]
pub struct ReadError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    pub message: String,
}

fn err(file: &str, line: Option<u32>, message: impl Into<String>) -> ReadError {
    ReadError {
        file: file.into(),
        line,
        message: message.into(),
    }
}

fn line_of(doc: &roxmltree::Document, node: roxmltree::Node) -> Option<u32> {
    Some(doc.text_pos_at(node.range().start).row)
}

/// The deepest element nesting a GENIUS file may have: real domains and
/// profiles nest about 5 deep; 20,000 levels overflowed the stack.
pub const MAX_XML_DEPTH: usize = 256;

/// How deep elements nest, and the line where `MAX_XML_DEPTH` is passed,
/// by a scan that recurses nowhere (comments, CDATA, processing
/// instructions and declarations skipped; quoted attribute values may hold
/// `>`).
fn too_deep(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let line = |at: usize| 1 + b[..at].iter().filter(|&&c| c == b'\n').count() as u32;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + k;
        let rest = &text[at..];
        let skip_to = |end: &str| rest.find(end).map(|e| at + e + end.len());
        let next = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") {
            skip_to("?>")
        } else if rest.starts_with("<!") {
            skip_to(">")
        } else {
            // A tag: to its `>` outside quotes.
            let mut quote = None;
            let mut end = None;
            for (j, &c) in b[at + 1..].iter().enumerate() {
                match (quote, c) {
                    (None, b'"' | b'\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => {
                        end = Some(at + 1 + j);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end?;
            if rest.starts_with("</") {
                depth = depth.saturating_sub(1);
            } else if b[end - 1] != b'/' {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Some(line(at));
                }
            }
            Some(end + 1)
        };
        match next {
            Some(n) => i = n,
            // Unterminated: the XML parser says where.
            None => return None,
        }
    }
    None
}

/// Parses GENIUS XML, refusing nesting deeper than [`MAX_XML_DEPTH`]
/// before the parser sees it.
fn parse_xml<'a>(file: &str, text: &'a str) -> Result<roxmltree::Document<'a>, ReadError> {
    if let Some(line) = too_deep(text) {
        // No snippet: the line of such a file is the whole nesting.
        return Err(err(
            file,
            None,
            format!("elements nest deeper than {MAX_XML_DEPTH} levels (from line {line})"),
        ));
    }
    roxmltree::Document::parse(text)
        .map_err(|e| err(file, Some(e.pos().row), format!("not XML: {e}")))
}

/// The issues of a GENIUS domain or profile: name and values in order.
fn xml_issues<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("issue"))
        .collect()
}

fn items<'a>(issue: roxmltree::Node<'a, 'a>) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> {
    issue.children().filter(|c| c.has_tag_name("item"))
}

/// Reads a GENIUS domain (`domain_name`, `domain_text`) and its profiles
/// (`(file name, text)`), one party per profile, named after its file.
pub fn read_genius(
    domain_name: &str,
    domain_text: &str,
    profiles: &[(String, String)],
) -> Result<Domain, ReadError> {
    let doc = parse_xml(domain_name, domain_text)?;
    let mut issues = Vec::new();
    for n in xml_issues(&doc) {
        let name = n
            .attribute("name")
            .ok_or_else(|| err(domain_name, line_of(&doc, n), "an <issue> without a name"))?;
        if n.attribute("type").is_some_and(|t| t != "discrete")
            || n.attribute("etype").is_some_and(|t| t != "discrete")
        {
            return Err(err(
                domain_name,
                line_of(&doc, n),
                format!("issue `{name}` is not discrete; only discrete issues are supported"),
            ));
        }
        let values: Vec<String> = items(n)
            .map(|i| i.attribute("value").unwrap_or_default().to_owned())
            .collect();
        if values.is_empty() {
            return Err(err(
                domain_name,
                line_of(&doc, n),
                format!("issue `{name}` has no items"),
            ));
        }
        // GENIUS keys issues by name: a second one would count twice.
        if issues.iter().any(|i: &Issue| i.name == name) {
            return Err(err(
                domain_name,
                line_of(&doc, n),
                format!("issue `{name}` is defined twice; issue names must be unique"),
            ));
        }
        if let Some(v) = values
            .iter()
            .enumerate()
            .find(|(k, v)| values[..*k].contains(v))
        {
            return Err(err(
                domain_name,
                line_of(&doc, n),
                format!("issue `{name}` lists the value `{}` twice", v.1),
            ));
        }
        issues.push(Issue {
            name: name.to_owned(),
            values,
        });
    }
    if issues.is_empty() {
        return Err(err(domain_name, None, "no <issue> elements"));
    }
    let parties = profiles
        .iter()
        .map(|(file, text)| read_profile(file, text, &issues))
        .collect::<Result<_, _>>()?;
    Ok(Domain { issues, parties })
}

fn read_profile(file: &str, text: &str, issues: &[Issue]) -> Result<Party, ReadError> {
    let doc = parse_xml(file, text)?;
    let weights: HashMap<String, (f64, Option<u32>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("weight"))
        .filter_map(|n| {
            let idx = n.attribute("index")?.to_owned();
            let v = n.attribute("value")?.trim().parse().ok()?;
            Some((idx, (v, line_of(&doc, n))))
        })
        .collect();
    let reservation = doc
        .descendants()
        .find(|n| n.has_tag_name("reservation"))
        .and_then(|n| n.attribute("value"))
        .map_or(Ok(0.0), |v| {
            v.trim().parse::<f64>().map_err(|_| {
                err(
                    file,
                    None,
                    format!("reservation value `{v}` is not a number"),
                )
            })
        })?;
    let profile_issues = xml_issues(&doc);
    let mut contribution = Vec::with_capacity(issues.len());
    for issue in issues {
        let node = profile_issues
            .iter()
            .find(|n| n.attribute("name") == Some(issue.name.as_str()))
            .ok_or_else(|| err(file, None, format!("no <issue name=\"{}\">", issue.name)))?;
        let index = node.attribute("index").unwrap_or_default();
        let (w, _) = *weights.get(index).ok_or_else(|| {
            err(
                file,
                line_of(&doc, *node),
                format!("no <weight index=\"{index}\"> for issue `{}`", issue.name),
            )
        })?;
        if !(w.is_finite() && w >= 0.0) {
            return Err(err(
                file,
                line_of(&doc, *node),
                format!(
                    "issue `{}`: weight {w} is negative; GENIUS weights are shares of 1",
                    issue.name
                ),
            ));
        }
        let mut evals = vec![None; issue.values.len()];
        for it in items(*node) {
            let value = it.attribute("value").unwrap_or_default();
            let Some(v) = issue.values.iter().position(|x| x == value) else {
                return Err(err(
                    file,
                    line_of(&doc, it),
                    format!(
                        "issue `{}`: value `{value}` is not in the domain",
                        issue.name
                    ),
                ));
            };
            let e: f64 = it
                .attribute("evaluation")
                .ok_or_else(|| {
                    err(
                        file,
                        line_of(&doc, it),
                        format!("value `{value}` has no evaluation"),
                    )
                })?
                .trim()
                .parse()
                .map_err(|_| {
                    err(
                        file,
                        line_of(&doc, it),
                        format!("value `{value}`: evaluation is not a number"),
                    )
                })?;
            if !(e.is_finite() && e >= 0.0) {
                return Err(err(
                    file,
                    line_of(&doc, it),
                    format!(
                        "value `{value}`: evaluation {e} is negative; evaluations are 0 or more"
                    ),
                ));
            }
            evals[v] = Some(e);
        }
        let evals: Vec<f64> = evals
            .iter()
            .enumerate()
            .map(|(v, e)| {
                e.ok_or_else(|| {
                    err(
                        file,
                        line_of(&doc, *node),
                        format!(
                            "issue `{}`: value `{}` has no evaluation",
                            issue.name, issue.values[v]
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let max = evals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max <= 0.0 {
            return Err(err(
                file,
                line_of(&doc, *node),
                format!("issue `{}`: no positive evaluation", issue.name),
            ));
        }
        contribution.push(evals.iter().map(|e| w * e / max).collect());
    }
    let name = std::path::Path::new(file)
        .file_stem()
        .map_or(file.to_owned(), |s| s.to_string_lossy().into_owned());
    Ok(Party {
        name,
        contribution,
        reservation,
    })
}

/// Reads a GeniusWeb domain and profiles (JSON).
pub fn read_geniusweb(
    domain_name: &str,
    domain_text: &str,
    profiles: &[(String, String)],
) -> Result<Domain, ReadError> {
    #[derive(serde::Deserialize)]
    struct DomainJson {
        #[serde(rename = "issuesValues")]
        issues_values: InOrder<serde_json::Value>,
    }
    let json: DomainJson = serde_json::from_str(domain_text).map_err(|e| {
        err(
            domain_name,
            Some(e.line() as u32),
            format!("not a GeniusWeb domain: {e}"),
        )
    })?;
    let issues: Vec<Issue> = json
        .issues_values
        .0
        .iter()
        .map(|(name, v)| {
            let values = v
                .get("values")
                .and_then(|x| x.as_array())
                .ok_or_else(|| {
                    err(
                        domain_name,
                        None,
                        format!(
                            "issue `{name}`: no `values` list (only discrete issues are supported)"
                        ),
                    )
                })?
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect();
            Ok(Issue {
                name: name.clone(),
                values,
            })
        })
        .collect::<Result<_, ReadError>>()?;
    let parties = profiles
        .iter()
        .map(|(file, text)| {
            let json: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| err(file, Some(e.line() as u32), format!("not JSON: {e}")))?;
            let space = json
                .get("LinearAdditiveUtilitySpace")
                .ok_or_else(|| err(file, None, "no `LinearAdditiveUtilitySpace`"))?;
            let mut contribution = Vec::new();
            for issue in &issues {
                let w = space
                    .pointer(&format!("/issueWeights/{}", escape(&issue.name)))
                    .and_then(|x| x.as_f64())
                    .ok_or_else(|| {
                        err(file, None, format!("no weight for issue `{}`", issue.name))
                    })?;
                let vu = space
                    .pointer(&format!(
                        "/issueUtilities/{}/discreteutils/valueUtilities",
                        escape(&issue.name)
                    ))
                    .ok_or_else(|| {
                        err(
                            file,
                            None,
                            format!("no value utilities for issue `{}`", issue.name),
                        )
                    })?;
                let c = issue
                    .values
                    .iter()
                    .map(|v| {
                        vu.get(v)
                            .and_then(|x| x.as_f64())
                            .map(|x| w * x)
                            .ok_or_else(|| {
                                err(
                                    file,
                                    None,
                                    format!("issue `{}`: no utility for `{v}`", issue.name),
                                )
                            })
                    })
                    .collect::<Result<Vec<f64>, _>>()?;
                contribution.push(c);
            }
            let reservation = if let Some(bid) = space.pointer("/reservationBid/issuevalues") {
                let mut r = 0.0;
                for (k, issue) in issues.iter().enumerate() {
                    let v = bid
                        .get(&issue.name)
                        .and_then(|x| x.as_str())
                        .ok_or_else(|| {
                            err(
                                file,
                                None,
                                format!("reservationBid has no value for `{}`", issue.name),
                            )
                        })?;
                    let i = issue.values.iter().position(|x| x == v).ok_or_else(|| {
                        err(
                            file,
                            None,
                            format!("reservationBid: `{v}` is not a value of `{}`", issue.name),
                        )
                    })?;
                    r += contribution[k][i];
                }
                r
            } else {
                space
                    .get("reservationValue")
                    .and_then(|x| x.as_f64())
                    .unwrap_or(0.0)
            };
            let name = space
                .get("name")
                .and_then(|x| x.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| file.clone());
            Ok(Party {
                name,
                contribution,
                reservation,
            })
        })
        .collect::<Result<_, ReadError>>()?;
    Ok(Domain { issues, parties })
}

/// JSON pointer escaping of one path segment.
fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// A JSON object's entries in file order (issue order matters to people;
/// `serde_json`'s map sorts keys).
struct InOrder<T>(Vec<(String, T)>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for InOrder<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = InOrder<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<InOrder<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(InOrder(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}
