//! Source texts are read only inside the sources folder (issue 14): a
//! `[[source]] file` that climbs out with `..`, names an absolute path or is
//! a link to a file outside is not read, its quotes are not "verified", and
//! no diagnostic prints a line of it.

use detente_scenario::diagnostic::render_all;
use detente_scenario::evidence::{self, QuoteStatus, SourceTexts};

const SECRET: &str = "root:x:0:0:the secret line";

fn scenario(files: &[(&str, &str)]) -> String {
    let mut t = String::from("[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-12-15\n\n");
    for (id, file) in files {
        t.push_str(&format!(
            "[[source]]\nid = \"{id}\"\ntitle = \"{id}\"\nfile = '{file}'\n\n"
        ));
    }
    t.push_str(
        "[[actor]]\nid = \"A\"\nname = \"A\"\nrole = \"party\"\ncapability = 1\nevidence = [\n",
    );
    for (id, _) in files {
        t.push_str(&format!(
            "  {{ source = \"{id}\", quote = \"the secret line\" }},\n"
        ));
    }
    t.push_str("]\n\n[[issue]]\nid = \"x\"\nname = \"X\"\ntrack = \"legal\"\noptions = [\"no\", \"yes\"]\n");
    t
}

#[test]
fn files_outside_the_sources_folder_are_not_read() {
    let base = std::env::temp_dir().join(format!("detente-sources-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dir = base.join("sources");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(base.join("outside.txt"), SECRET).unwrap();
    std::fs::write(dir.join("inside.txt"), SECRET).unwrap();
    let outside = base.join("outside.txt");
    let mut files = vec![
        ("inside", "inside.txt".to_owned()),
        ("climbs", "../outside.txt".to_owned()),
        ("absolute", outside.display().to_string()),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, dir.join("link.txt")).unwrap();
        files.push(("link", "link.txt".to_owned()));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(i, f)| (*i, f.as_str())).collect();
    let text = scenario(&refs);
    let loaded = detente_scenario::load("t.toml", text);
    let s = loaded.scenario.as_ref().expect("valid");
    let texts = SourceTexts::load(s, &dir);
    let report = evidence::check(s, Some(&texts));
    for q in &report.quotes {
        let verified = matches!(q.status, QuoteStatus::Verified { .. });
        assert_eq!(
            verified,
            q.source == "inside",
            "{}: {:?}",
            q.source,
            q.status
        );
    }
    let rendered = render_all(&report.diagnostics(s), &loaded.file);
    assert_eq!(
        rendered.matches("is outside the sources directory").count(),
        files.len() - 1,
        "{rendered}"
    );
    // The only text shown is the scenario's own; the file's line is not.
    assert!(!rendered.contains("root:x:0:0"), "{rendered}");
    std::fs::remove_dir_all(&base).unwrap();
}
