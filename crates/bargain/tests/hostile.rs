//! GENIUS files built to break the reader (issue 14): nesting that would
//! overflow the stack, an issue defined twice (counted twice, utilities
//! above 1), a value listed twice, negative weights and evaluations. Each
//! is an error naming the file, not a crash or a confident answer.

use detente_bargain::genius::read_genius;

const DOMAIN: &str = r#"<negotiation_template><utility_space><objective index="0" name="root" type="objective">
<issue index="1" name="food" type="discrete" etype="discrete"><item index="1" value="fish"/><item index="2" value="meat"/></issue>
<issue index="2" name="time" type="discrete" etype="discrete"><item index="1" value="early"/><item index="2" value="late"/></issue>
</objective></utility_space></negotiation_template>"#;

const PROFILE: &str = r#"<utility_space><objective index="0" name="root" type="objective">
<issue index="1" name="food" type="discrete" etype="discrete"><item index="1" value="fish" evaluation="1"/><item index="2" value="meat" evaluation="0.5"/></issue>
<weight index="1" value="0.6"/>
<issue index="2" name="time" type="discrete" etype="discrete"><item index="1" value="early" evaluation="1"/><item index="2" value="late" evaluation="0.2"/></issue>
<weight index="2" value="0.4"/>
</objective></utility_space>"#;

fn read(domain: &str, profile: &str) -> Result<detente_bargain::Domain, String> {
    let profiles = vec![
        ("a.xml".to_owned(), profile.to_owned()),
        ("b.xml".to_owned(), PROFILE.to_owned()),
    ];
    read_genius("d.xml", domain, &profiles).map_err(|e| e.to_string())
}

#[test]
fn the_plain_domain_reads() {
    let d = read(DOMAIN, PROFILE).unwrap();
    assert_eq!(d.issues.len(), 2);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = DOMAIN.replace(
        "<objective",
        &format!(
            "{}{}<objective",
            "<a>".repeat(20_000),
            "</a>".repeat(20_000)
        ),
    );
    let e = read(&deep, PROFILE).unwrap_err();
    assert!(e.contains("nest deeper than 256"), "{e}");
    // In a profile too.
    let deep = PROFILE.replace(
        "<objective",
        &format!("{}{}<objective", "<b>".repeat(300), "</b>".repeat(300)),
    );
    let e = read(DOMAIN, &deep).unwrap_err();
    assert!(e.starts_with("a.xml"), "{e}");
    // 256 levels, with comments, CDATA and a `>` inside an attribute, read.
    let ok = DOMAIN.replace(
        "<objective",
        &format!(
            "<!-- <x> --><![CDATA[<y>]]>{}{}<objective",
            "<c note=\"a>b\">".repeat(250),
            "</c>".repeat(250)
        ),
    );
    read(&ok, PROFILE).unwrap();
}

#[test]
fn an_issue_defined_twice_is_an_error() {
    let twice = DOMAIN.replace(r#"name="time""#, r#"name="food""#);
    let e = read(&twice, PROFILE).unwrap_err();
    assert!(e.contains("issue `food` is defined twice"), "{e}");
    let twice = DOMAIN.replace(r#"value="late""#, r#"value="early""#);
    let e = read(&twice, PROFILE).unwrap_err();
    assert!(e.contains("lists the value `early` twice"), "{e}");
}

#[test]
fn negative_weights_and_evaluations_are_errors() {
    let e = read(
        DOMAIN,
        &PROFILE.replace(r#"value="0.4""#, r#"value="-0.4""#),
    )
    .unwrap_err();
    assert!(e.contains("weight -0.4 is negative"), "{e}");
    let e = read(
        DOMAIN,
        &PROFILE.replace(r#"evaluation="0.2""#, r#"evaluation="-1""#),
    )
    .unwrap_err();
    assert!(e.contains("evaluation -1 is negative"), "{e}");
}
