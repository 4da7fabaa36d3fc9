//! Quote matching that forgives typography but not wording.
//!
//! News texts and analysts' copies of them differ in case, line breaks,
//! typographic quotes (“ ” ‘ ’), dashes (– — and ASCII `--`) and the spaces
//! around dashes. Normalising both sides the same way lets a verbatim quote
//! match whatever the typesetting; everything else must be identical.

/// A normalised text and, for each byte of it, the byte offset in the
/// original it came from.
pub struct Normalized {
    pub text: String,
    pub origin: Vec<usize>,
}

impl Normalized {
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut after_dash = false;
        let mut pending_space: Option<usize> = None;
        for (at, c) in original.char_indices() {
            let class = classify(c);
            match class {
                Class::Skip => continue,
                Class::Space => {
                    if !after_dash && !text.is_empty() && pending_space.is_none() {
                        pending_space = Some(at);
                    }
                    continue;
                }
                Class::Dash => {
                    // Dashes swallow the spaces around them and each other.
                    pending_space = None;
                    if !after_dash {
                        push(&mut text, &mut origin, '-', at);
                    }
                    after_dash = true;
                    continue;
                }
                _ => {}
            }
            if let Some(s) = pending_space.take() {
                push(&mut text, &mut origin, ' ', s);
            }
            after_dash = false;
            match class {
                Class::Char(c) => {
                    for l in c.to_lowercase() {
                        push(&mut text, &mut origin, l, at);
                    }
                }
                Class::Str(s) => {
                    for l in s.chars() {
                        push(&mut text, &mut origin, l, at);
                    }
                }
                Class::Skip | Class::Space | Class::Dash => unreachable!("handled above"),
            }
        }
        Normalized { text, origin }
    }

    /// Original byte offset of a normalised byte offset.
    pub fn original_offset(&self, at: usize) -> usize {
        self.origin
            .get(at)
            .copied()
            .unwrap_or_else(|| self.origin.last().map_or(0, |o| o + 1))
    }
}

fn push(text: &mut String, origin: &mut Vec<usize>, c: char, at: usize) {
    text.push(c);
    origin.extend(std::iter::repeat_n(at, c.len_utf8()));
}

enum Class {
    Skip,
    Space,
    Dash,
    Char(char),
    Str(&'static str),
}

fn classify(c: char) -> Class {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => Class::Skip,
        c if c.is_whitespace() => Class::Space,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Class::Dash,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => {
            Class::Char('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Class::Char('"'),
        '\u{2026}' => Class::Str("..."),
        c => Class::Char(c),
    }
}

/// Where a quote was found: byte range in the original text.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
}

/// Splits a quote at `...` / `…` into the fragments that must appear in order.
pub fn fragments(quote: &str) -> Vec<String> {
    Normalized::new(quote)
        .text
        .split("...")
        .map(|f| f.trim_matches(|c: char| c == ' ' || c == '"' || c == '\''))
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Looks a quote up in a normalised source.
pub fn find(source: &Normalized, quote: &str) -> Option<Found> {
    let frags = fragments(quote);
    let mut from = 0;
    let mut first = None;
    let mut last_end = 0;
    for f in &frags {
        let at = from + source.text.get(from..)?.find(f.as_str())?;
        first.get_or_insert(at);
        from = at + f.len();
        last_end = from;
    }
    let start = first?;
    Some(Found {
        start: source.original_offset(start),
        end: source.original_offset(last_end.saturating_sub(1)) + 1,
    })
}

/// The passage of a source most like a quote that was not found.
#[derive(Clone, Debug, PartialEq)]
pub struct Closest {
    /// Similarity in 0–1 (normalised Levenshtein on the normalised texts).
    pub similarity: f64,
    /// Byte range of the passage in the original text.
    pub start: usize,
    pub end: usize,
}

/// Slides a window of the quote's word count over the source and keeps the
/// window with the highest normalised Levenshtein similarity.
pub fn closest(source: &Normalized, quote: &str) -> Option<Closest> {
    let q = fragments(quote).join(" ");
    let k = q.split(' ').count().max(1);
    let words: Vec<(usize, usize)> = word_spans(&source.text);
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(f64, usize, usize)> = None;
    for w in 0..words.len() {
        for len in [k.saturating_sub(1).max(1), k, k + 1] {
            let Some(&(_, end)) = words.get(w + len - 1) else {
                continue;
            };
            let start = words[w].0;
            let sim = strsim::normalized_levenshtein(&source.text[start..end], &q);
            if best.is_none_or(|(b, _, _)| sim > b) {
                best = Some((sim, start, end));
            }
        }
    }
    best.map(|(similarity, s, e)| Closest {
        similarity,
        start: source.original_offset(s),
        end: source.original_offset(e - 1) + 1,
    })
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).text
    }

    #[test]
    fn typography_is_forgiven() {
        assert_eq!(norm("  We  Stand\nwhere "), "we stand where");
        assert_eq!(
            norm("guarantees -- Article Five-like"),
            "guarantees-article five-like"
        );
        assert_eq!(
            norm("guarantees — Article Five–like"),
            "guarantees-article five-like"
        );
        assert_eq!(
            norm("“we stand where we stand”"),
            "\"we stand where we stand\""
        );
        assert_eq!(norm("Kyiv’s"), "kyiv's");
        assert_eq!(norm("wait…"), "wait...");
    }

    #[test]
    fn finds_with_offsets_into_the_original() {
        let src = "He said:\n“We stand   where we stand” — and left.";
        let n = Normalized::new(src);
        let f = find(&n, "we stand where we stand").unwrap();
        assert_eq!(&src[f.start..f.end], "We stand   where we stand");
        assert!(find(&n, "we sit where we sit").is_none());
    }

    #[test]
    fn ellipsis_skips_text_in_order() {
        let n = Normalized::new("Alpha beta gamma delta epsilon.");
        assert!(find(&n, "alpha ... delta").is_some());
        assert!(find(&n, "alpha … delta").is_some());
        assert!(find(&n, "delta ... alpha").is_none());
    }

    #[test]
    fn closest_passage_for_a_misquote() {
        let src = "Ukraine insists these guarantees must be comparable to NATO’s Article Five.";
        let n = Normalized::new(src);
        let c = closest(&n, "guarantees must be similar to NATO's Article Five").unwrap();
        assert!(c.similarity > 0.7, "{c:?}");
        assert!(src[c.start..c.end].contains("comparable"));
    }
}
