//! The web app as a user drives it, in headless Chromium through
//! ChromeDriver (Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs): load the page, edit a salience, see the forecast change, save,
//! reload and find the edit kept.
//!
//! The WebDriver protocol is a few JSON requests over HTTP; a minimal client
//! is written here rather than pulling in an async WebDriver crate.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Standard base64 (the screenshot WebDriver returns), decoded.
fn base64(s: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|c| *c != b'=').map(digit).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= u32::from(*d) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request with a JSON body; the JSON answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly the body it announces: ChromeDriver keeps
    // the connection open, so reading to the end would wait for a timeout.
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|n| n.trim().parse::<usize>().unwrap());
    let text = if let Some(n) = length {
        let mut buf = vec![0; n];
        r.read_exact(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    } else if lower.contains("transfer-encoding: chunked") {
        dechunk(&mut r)
    } else {
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        rest
    };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {head}{text}"))
}

fn dechunk(r: &mut impl BufRead) -> String {
    let mut out = Vec::new();
    loop {
        let mut size = String::new();
        r.read_line(&mut size).unwrap();
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        let mut chunk = vec![0; n + 2];
        r.read_exact(&mut chunk).unwrap_or_default();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(out).unwrap()
}

struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        v["value"].clone()
    }

    fn element(&self, css: &str) -> Option<String> {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        // W3C WebDriver's element reference key; an error answer has none.
        v.get("element-6066-11e4-a52e-4f735466cecf")?
            .as_str()
            .map(str::to_owned)
    }

    fn text(&self, css: &str) -> Option<String> {
        let id = self.element(css)?;
        self.cmd("GET", &format!("/element/{id}/text"), None)
            .as_str()
            .map(str::to_owned)
    }

    fn value(&self, css: &str) -> Option<String> {
        let id = self.element(css)?;
        self.cmd("GET", &format!("/element/{id}/property/value"), None)
            .as_str()
            .map(str::to_owned)
    }

    /// Replaces the value of the input at `css` with `text` and leaves it
    /// (Tab), as a user typing a number does.
    fn type_into(&self, css: &str, text: &str) {
        let input = self.wait(css, |b| b.element(css));
        self.cmd("POST", &format!("/element/{input}/clear"), Some(json!({})));
        self.cmd(
            "POST",
            &format!("/element/{input}/value"),
            Some(json!({ "text": format!("{text}\u{E004}") })),
        );
    }

    /// Polls `f` until it returns `Some`, for up to 60 s (a debug build on
    /// two busy cores takes some 20 s for the first analysis, map included).
    fn wait<T>(&self, what: &str, f: impl Fn(&Browser) -> Option<T>) -> T {
        let t0 = Instant::now();
        loop {
            if let Some(v) = f(self) {
                return v;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                let url = self.cmd("GET", "/url", None);
                let page = self.cmd("GET", "/source", None);
                let page = page.as_str().unwrap_or_default();
                panic!(
                    "timed out waiting for {what} at {url}; the page:\n{}",
                    &page[..page.len().min(3000)]
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn edit_salience_see_forecast_change_save_reload() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root
        .join("../shared")
        .canonicalize()
        .expect("../shared beside the checkout");
    let dir = std::env::temp_dir().join(format!("detente-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join("berlin.toml");
    let text = std::fs::read_to_string(root.join("scenarios/berlin-2025-12.toml"))
        .unwrap()
        .replace("\"../../shared/", &format!("\"{}/", shared.display()));
    std::fs::write(&file, &text).unwrap();

    // The app, on a port of its own choosing, announced on stderr.
    let (app, url) = common::serve(&[file.as_os_str()]);
    let _app = Kill(app);

    let port = free_port();
    let driver = Kill(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt-get install chromium chromium-driver; .ci/run does)"),
    );
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": {
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    } } } });
    let s = http(port, "POST", "/session", Some(&caps));
    let session = s["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {s}"))
        .to_owned();
    let b = Browser { port, session };

    b.cmd("POST", "/url", Some(json!({ "url": url })));
    let before = b.wait("the first forecast", |b| {
        b.text("#fc-territory-compromise").filter(|t| !t.is_empty())
    });
    // The report's charts are on the page, from the same analysis.
    b.wait("the forecast charts", |b| b.element("#fig-forecast svg"));
    assert!(b.element("#fig-stability table").is_some());
    // The findings `analyze` reports are on the page too.
    let findings = b.text("#findings").unwrap_or_default();
    assert!(findings.contains("W403"), "{findings}");
    if let Some(png) = std::env::var_os("DETENTE_SCREENSHOT") {
        b.cmd(
            "POST",
            "/window/rect",
            Some(json!({ "width": 1400, "height": 1000 })),
        );
        b.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": "document.getElementById('fig-forecast').scrollIntoView()", "args": [] })),
        );
        let shot = b.cmd("GET", "/screenshot", None);
        std::fs::write(png, base64(shot.as_str().unwrap())).unwrap();
    }
    // The brief is on top, laid out from the server's sections.
    let brief_before = b.wait("the brief", |b| {
        b.text("#brief-lands").filter(|t| t.contains("territory:"))
    });
    assert!(
        b.text("#brief-deal")
            .is_some_and(|t| t.contains("Nash package"))
    );
    // Ukraine cares less about territory: the compromise moves toward 100.
    b.type_into("#sal-UA-territory", "0.2");
    // The brief follows the edit: where territory lands moves with it.
    b.wait("the brief to change", |b| {
        b.text("#brief-lands")
            .filter(|t| t.contains("territory:") && *t != brief_before)
    });
    let after = b.wait("the forecast to change", |b| {
        b.text("#fc-territory-compromise")
            .filter(|t| !t.is_empty() && *t != before)
    });
    assert!(
        after.parse::<f64>().unwrap() > before.parse::<f64>().unwrap(),
        "{before} -> {after}"
    );

    let save = b.element("#save").unwrap();
    b.wait("the save button", |b| {
        (b.cmd("GET", &format!("/element/{save}/enabled"), None) == json!(true)).then_some(())
    });
    b.cmd("POST", &format!("/element/{save}/click"), Some(json!({})));
    b.wait("the save", |b| {
        b.text("#status").filter(|t| t.starts_with("saved"))
    });
    // The report of what is on the page, downloaded.
    let report = b.element("#report").unwrap();
    b.cmd("POST", &format!("/element/{report}/click"), Some(json!({})));
    b.wait("the report", |b| {
        b.text("#status").filter(|t| t.contains("report written"))
    });
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("salience = 0.2"), "the edit is in the file");
    assert_eq!(
        std::fs::read_to_string(dir.join("berlin.toml.prev")).unwrap(),
        text,
        "the previous version is kept"
    );

    b.cmd("POST", "/url", Some(json!({ "url": url })));
    b.wait("the reloaded salience", |b| {
        b.value("#sal-UA-territory").filter(|v| v == "0.2")
    });
    let reloaded = b.wait("the reloaded forecast", |b| {
        b.text("#fc-territory-compromise").filter(|t| !t.is_empty())
    });
    assert_eq!(reloaded, after);

    // What if Ukraine cared still less? The change from the saved scenario
    // shows beside the forecast; Undo takes the edit back.
    b.type_into("#sal-UA-territory", "0.05");
    b.wait("the what-if forecast", |b| {
        b.text("#fc-territory-compromise")
            .filter(|t| !t.is_empty() && *t != after)
    });
    let delta = b.wait("the change from the saved scenario", |b| {
        b.text("#fc-territory-compromise + .delta")
    });
    assert!(delta.starts_with('+'), "{delta}");
    let undo = b.element("#undo").unwrap();
    b.cmd("POST", &format!("/element/{undo}/click"), Some(json!({})));
    b.wait("the undone salience", |b| {
        b.value("#sal-UA-territory").filter(|v| v == "0.2")
    });
    b.wait("the forecast back", |b| {
        b.text("#fc-territory-compromise").filter(|t| *t == after)
    });
    assert!(b.element("#fc-territory-compromise + .delta").is_none());

    // Invalid text typed into the scenario editor: the CLI's diagnostics,
    // nothing applied.
    b.cmd(
        "POST",
        "/execute/sync",
        Some(json!({ "script": "document.getElementById('source').open = true; document.getElementById('toml').value = 'title = 3\\n';", "args": [] })),
    );
    let apply = b.element("#apply").unwrap();
    b.cmd("POST", &format!("/element/{apply}/click"), Some(json!({})));
    let shown = b.wait("the diagnostics", |b| {
        b.text("#status").filter(|t| t.contains("E002"))
    });
    assert!(shown.contains("line 1:1"), "{shown}");
    assert_eq!(b.value("#sal-UA-territory").unwrap(), "0.2");

    // (The page was reloaded: element references from before are stale.)
    let save = b.element("#save").unwrap();
    // Someone else saves the file meanwhile: this save is refused (409)
    // and their edit survives.
    b.type_into("#sal-UA-territory", "0.3");
    b.wait("the save button", |b| {
        (b.cmd("GET", &format!("/element/{save}/enabled"), None) == json!(true)).then_some(())
    });
    let theirs = format!("{saved}# their note\n");
    std::fs::write(&file, &theirs).unwrap();
    b.cmd("POST", &format!("/element/{save}/click"), Some(json!({})));
    b.wait("the refusal", |b| {
        b.text("#status")
            .filter(|t| t.contains("changed since you loaded"))
    });
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);

    // Two changes in the same instant (a quick Tab through two boxes): both
    // land in the text, neither overwrites the other.
    b.cmd(
        "POST",
        "/execute/sync",
        Some(json!({ "script": "for (const [id, v] of [['cap-UA', '41'], ['cap-RU', '91']]) { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); }", "args": [] })),
    );
    b.wait("both edits in the text", |b| {
        let text = b.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": "return S.text", "args": [] })),
        );
        let text = text.as_str()?;
        (text.contains("capability = 41") && text.contains("capability = 91")).then_some(())
    });
    b.cmd("DELETE", "", None);
    drop(driver);
    let _ = std::fs::remove_dir_all(&dir);
}
