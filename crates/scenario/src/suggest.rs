//! "Did you mean ...?" for misspelt ids and keys.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// Uses the Jaro–Winkler similarity (strsim), case-insensitively, which
/// rewards a shared prefix (`UKR` → `UA` is not suggested, `Ukriane` →
/// `Ukraine` is) and normalised Damerau–Levenshtein as a second opinion for
/// short ids where one edit is a large share of the word.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let cl = c.to_lowercase();
        if cl == w {
            return Some(c);
        }
        let jw = strsim::jaro_winkler(&w, &cl);
        let dl = strsim::normalized_damerau_levenshtein(&w, &cl);
        let score = jw.max(dl);
        let close = jw >= 0.84 || dl >= 0.6 || strsim::damerau_levenshtein(&w, &cl) <= 1;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?`, or a list of what is allowed when nothing is close.
pub fn help_for(word: &str, candidates: &[&str], what: &str) -> Option<String> {
    if let Some(m) = did_you_mean(word, candidates.iter().copied()) {
        return Some(format!("did you mean `{m}`?"));
    }
    match candidates.len() {
        0 => None,
        n if n <= 12 => Some(format!("{what}: {}", quoted_list(candidates))),
        n => Some(format!(
            "{what} ({n} in all) include {}, ...",
            quoted_list(&candidates[..8])
        )),
    }
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_and_only_close() {
        let ids = ["UA", "US", "RU", "DE", "territory", "guarantees"];
        assert_eq!(did_you_mean("terirtory", ids), Some("territory"));
        assert_eq!(did_you_mean("Territory", ids), Some("territory"));
        assert_eq!(did_you_mean("guarantee", ids), Some("guarantees"));
        assert_eq!(did_you_mean("RUS", ids), Some("RU"));
        assert_eq!(did_you_mean("finance", ids), None);
        assert_eq!(
            did_you_mean("salince", ["salience", "actor"]),
            Some("salience")
        );
    }
}
