//! Property tests: no text, however broken, panics the parser, the validator
//! or the renderer, and every diagnostic points inside the text.

use detente_scenario::diagnostic::render_all;
use detente_scenario::evidence;
use proptest::prelude::*;

fn exercise(text: &str) {
    let loaded = detente_scenario::load("fuzz.toml", text);
    for d in &loaded.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        let j = d.to_json(&loaded.file);
        assert!(j.line >= 1 && j.column >= 1);
    }
    let _ = render_all(&loaded.diagnostics, &loaded.file);
    if let Some(s) = &loaded.scenario {
        let r = evidence::check(s, None);
        let _ = r.diagnostics(s);
    }
}

/// Edits of the built-in scenario: deletions, insertions and replacements at
/// random places, which reach deep into the validator rather than stopping
/// at the first syntax error.
fn mutated() -> impl Strategy<Value = String> {
    let base = detente_scenario::BERLIN_2025_12;
    let n = base.len();
    let token = prop_oneof![
        Just(String::new()),
        Just("\"".to_owned()),
        Just("[[".to_owned()),
        Just("nan".to_owned()),
        Just("-1e309".to_owned()),
        Just("= =".to_owned()),
        Just("\n[[actor]]\nid = \"UA\"\n".to_owned()),
        Just("é€\u{2014}".to_owned()),
        "[a-z_ =\"\\[\\]{},.0-9\n-]{0,12}",
    ];
    (0..n, 0..64usize, token).prop_map(move |(at, len, t)| {
        let mut at = at;
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len).min(n);
        while !base.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{}{}", &base[..at], t, &base[end.max(at)..])
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        exercise(&text);
    }

    #[test]
    fn tomlish_text_never_panics(text in "(\\[\\[?(actor|issue|position|scenario|claim)\\]\\]?\n|[a-z_]{1,8} = (\"[^\"\n]{0,8}\"|-?[0-9]{1,4}(\\.[0-9])?|nan|inf|\\[[0-9, ]{0,6}\\]|[0-9]{4}-[0-9]{2}-[0-9]{2})\n){0,30}") {
        exercise(&text);
    }

    #[test]
    fn edited_builtin_never_panics(text in mutated()) {
        exercise(&text);
    }
}
