//! The JSON API as the page (or a script) uses it: every route, every
//! refusal, driven in-process through the router.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use detente_server::{AppState, Config, MAX_BODY, router, version};
use serde_json::{Value, json};
use tower::ServiceExt;

fn berlin_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join("scenarios/berlin-2025-12.toml")).unwrap()
}

/// A scenario file in a directory of its own, served. The geometry layers
/// are left behind (the lens says they are missing), which keeps these
/// tests fast; the browser test serves them.
fn app(name: &str) -> (Arc<AppState>, PathBuf, String) {
    app_with(name, detente_server::MAX_ANALYSIS)
}

fn app_with(name: &str, max_analysis: std::time::Duration) -> (Arc<AppState>, PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("detente-api-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("berlin.toml");
    let text = berlin_text();
    std::fs::write(&file, &text).unwrap();
    let state = Arc::new(AppState::new(Config {
        path: Some(file.clone()),
        imported_from: None,
        name: file.display().to_string(),
        text: text.clone(),
        sources: None,
        geo_base: dir.clone(),
        runs: detente_server::APP_RUNS,
        report_runs: detente_server::APP_RUNS,
        seed: 1,
        max_analysis,
        forecast_models: Default::default(),
    }));
    (state, file, text)
}

async fn call(state: &Arc<AppState>, method: &str, path: &str, body: Body) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1:8080")
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let r = router(state.clone()).oneshot(req).await.unwrap();
    let status = r.status();
    let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, v)
}

async fn json_call(
    state: &Arc<AppState>,
    method: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(state, method, path, Body::from(body.to_string())).await
}

#[tokio::test]
async fn analyze_gives_every_lens_and_the_report_figures() {
    let (st, _, text) = app("analyze");
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": text })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["valid"], true);
    let a = &v["analysis"];
    assert!(a["forecast"]["issues"].as_array().unwrap().len() >= 8);
    assert_eq!(a["forecast"]["runs"], detente_server::APP_RUNS);
    assert!(a["packages"].is_object() && a["stability"].is_object());
    assert!(
        a["geometry_unavailable"].as_str().unwrap().contains("land"),
        "the missing layer is named: {}",
        a["geometry_unavailable"]
    );
    let ids: Vec<_> = v["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        ["forecast", "packages", "stability", "geometry", "evidence"]
    );
    assert!(v["figures"][0]["html"].as_str().unwrap().contains("<svg"));

    // The same text again: the same answer, from the cache.
    let (_, again) = json_call(&st, "POST", "/api/analyze", json!({ "text": text })).await;
    assert_eq!(again, v);
}

#[tokio::test]
async fn invalid_text_gets_the_cli_diagnostics_422() {
    let (st, _, text) = app("invalid");
    let bad = text.replacen("salience = 0.95", "salience = 1.95", 1);
    assert_ne!(bad, text);
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": bad })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    let line = bad.lines().position(|l| l.contains("1.95")).unwrap() + 1;
    assert_eq!(d["line"], line, "{d}");
    assert!(d["column"].as_u64().unwrap() >= 1);
    assert!(d["message"].as_str().unwrap().contains("salience"), "{d}");
    assert!(!d["help"].as_str().unwrap_or_default().is_empty(), "{d}");

    // Not TOML at all, and not JSON at all.
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": "[[actor]\n" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["diagnostics"][0]["line"], 1);
    let (status, v) = call(&st, "POST", "/api/analyze", Body::from("{text:")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(v["error"].is_string());
}

#[tokio::test]
async fn oversized_bodies_are_refused_413() {
    let (st, _, _) = app("big");
    let big = json!({ "text": "#".repeat(MAX_BODY) });
    let (status, _) = json_call(&st, "POST", "/api/analyze", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn edits_change_only_the_edited_value() {
    let (st, _, text) = app("edit");
    let edit = json!({ "text": text, "edits": [
        { "kind": "salience", "actor": "UA", "issue": "territory", "value": 0.2 },
        { "kind": "capability", "actor": "RU", "value": 85 },
    ] });
    let (status, v) = json_call(&st, "POST", "/api/edit", edit).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let edited = v["text"].as_str().unwrap();
    let changed: Vec<_> = text
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(text.lines().count(), edited.lines().count());
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": edited })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let ua = v["scenario"]["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["actor"] == "UA" && p["issue"] == "territory")
        .unwrap();
    assert_eq!(ua["salience"], 0.2);

    let unknown = json!({ "text": text, "edits": [
        { "kind": "salience", "actor": "XX", "issue": "territory", "value": 0.2 },
    ] });
    let (status, v) = json_call(&st, "POST", "/api/edit", unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"].as_str().unwrap().contains("XX"), "{v}");
}

#[tokio::test]
async fn saves_are_atomic_keep_the_previous_file_and_refuse_stale_versions() {
    let (st, file, text) = app("save");
    let (_, got) = call(&st, "GET", "/api/scenario", Body::empty()).await;
    assert_eq!(got["version"], version(&text));
    assert_eq!(got["saveable"], true);
    let v0 = got["version"].as_str().unwrap().to_owned();
    let mine = text.replacen("salience = 0.95", "salience = 0.5", 1);

    // Invalid text is never saved.
    let bad = text.replacen("salience = 0.95", "salience = 9", 1);
    let (status, _) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": v0, "text": bad }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": v0, "text": mine }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["version"], version(&mine));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), mine);
    let prev = PathBuf::from(v["previous"].as_str().unwrap());
    assert_eq!(std::fs::read_to_string(prev).unwrap(), text);
    let (_, got) = call(&st, "GET", "/api/scenario", Body::empty()).await;
    assert_eq!(got["text"], mine.as_str());

    // A second save from the first version would overwrite that edit: 409,
    // and the file stays as the first save left it.
    let other = text.replacen("salience = 0.95", "salience = 0.7", 1);
    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": v0, "text": other }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["version"], version(&mine));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), mine);

    // Someone edits the file by hand: saves from before are stale too.
    let by_hand = format!("{mine}# a note\n");
    std::fs::write(&file, &by_hand).unwrap();
    let (status, _) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": version(&mine), "text": other }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), by_hand);
    // Reloading shows their edit, and a save from it goes through.
    let (_, got) = call(&st, "GET", "/api/scenario", Body::empty()).await;
    assert_eq!(got["text"], by_hand.as_str());
    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": got["version"], "text": other }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), other);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A second process saving the same file holds its save lock: this app
/// answers 409 and writes nothing until the lock is released (issue 14:
/// two apps on one file both answered 200, and one update was lost).
#[tokio::test]
async fn a_save_while_another_process_saves_the_file_gets_409() {
    let (st, file, text) = app("locked");
    let v0 = version(&text);
    let mine = text.replacen("salience = 0.95", "salience = 0.5", 1);
    let other = detente_analysis::input::lock_for_save(&file)
        .unwrap()
        .expect("the lock is free");
    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": v0, "text": mine }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("another program is saving this file"),
        "{v}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    drop(other);
    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": v0, "text": mine }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), mine);
}

#[tokio::test]
async fn the_built_in_scenario_is_read_only_403() {
    let text = berlin_text();
    let st = Arc::new(AppState::new(Config {
        path: None,
        imported_from: None,
        name: "berlin-2025-12.toml (built in)".into(),
        text: text.clone(),
        sources: None,
        geo_base: std::env::temp_dir(),
        runs: detente_server::APP_RUNS,
        report_runs: detente_server::APP_RUNS,
        seed: 1,
        max_analysis: detente_server::MAX_ANALYSIS,
        forecast_models: Default::default(),
    }));
    let (_, got) = call(&st, "GET", "/api/scenario", Body::empty()).await;
    assert_eq!(got["saveable"], false);
    let (status, v) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": version(&text), "text": text }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(v["error"].as_str().unwrap().contains("read-only"));
}

#[tokio::test]
async fn the_page_and_its_style_sheet_are_served() {
    let (st, _, _) = app("page");
    let req = Request::builder()
        .uri("/")
        .header("host", "localhost")
        .body(Body::empty())
        .unwrap();
    let r = router(st.clone()).oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(
        page.contains("/report.css") && !page.contains("http://") && !page.contains("https://")
    );
    let req = Request::builder()
        .uri("/report.css")
        .header("host", "localhost")
        .body(Body::empty())
        .unwrap();
    let r = router(st).oneshot(req).await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/css");
}

/// A conflict of 2^20 states (within the budget, tens of seconds to
/// analyse) sent to an app with a 1 s limit: 503, and the analysis stops
/// instead of running on (issue 14): the app counts it as cancelled within
/// a second or two of the answer, keeps no answer for it, and its core
/// serves the next request. The wait is a hang guard, not a timing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_whose_answer_timed_out_is_stopped() {
    let (st, _, _) = app_with("slow", std::time::Duration::from_secs(1));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let big =
        std::fs::read_to_string(root.join("crates/cli/tests/scenarios/big-conflict.toml")).unwrap();
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": big })).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(
        v["error"].as_str().unwrap().contains("and was stopped"),
        "{v}"
    );
    let t0 = std::time::Instant::now();
    loop {
        let (_, stats) = call(&st, "GET", "/api/stats", Body::empty()).await;
        if stats["cancelled"] == 1 {
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 20,
            "the analysis was not stopped: {stats}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (_, stats) = call(&st, "GET", "/api/stats", Body::empty()).await;
    assert_eq!(stats["analysed"], 0, "a stopped analysis is not an answer");
    // Asked again, it is not answered from a cache: it is stopped again.
    let (status, _) = json_call(&st, "POST", "/api/analyze", json!({ "text": big })).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (_, stats) = call(&st, "GET", "/api/stats", Body::empty()).await;
    assert_eq!(stats["cached"], 0);
    assert_eq!(stats["busy"], 2);
}

#[tokio::test]
async fn out_of_range_edits_are_answered_with_diagnostics() {
    let (st, _, text) = app("range");
    // Each is refused by the edit itself, or by the check of the edited
    // text; never analysed as if it were fine.
    for edit in [
        json!({ "kind": "salience", "actor": "UA", "issue": "territory", "value": -0.5 }),
        json!({ "kind": "capability", "actor": "UA", "value": -3 }),
        json!({ "kind": "position", "actor": "UA", "issue": "territory", "value": 1e9 }),
        // An option the issue does not have.
        json!({ "kind": "position", "actor": "UA", "issue": "nato-membership", "value": "maybe" }),
    ] {
        let (status, v) = json_call(
            &st,
            "POST",
            "/api/edit",
            json!({ "text": text, "edits": [edit] }),
        )
        .await;
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(!v["error"].as_str().unwrap().is_empty(), "{v}");
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{v}");
        let (status, v) =
            json_call(&st, "POST", "/api/analyze", json!({ "text": v["text"] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{edit}: {v}");
        let d = &v["diagnostics"][0];
        assert!(d["code"].as_str().unwrap().starts_with('E'), "{d}");
        assert!(d["line"].as_u64().unwrap() > 1, "{d}");
    }
}

mod never_a_crash {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// Any prefix of the scenario, with any bytes appended: 200 or 422
        /// with diagnostics, never an error of the server's own.
        #[test]
        fn cut_or_garbled_text_gets_200_or_422(cut in 0.0f64..1.0, junk in "[ -~\n]{0,40}") {
            let text = berlin_text();
            let mut at = (text.len() as f64 * cut) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let garbled = format!("{}{junk}", &text[..at]);
            let rt = tokio::runtime::Runtime::new().unwrap();
            let (status, v) = rt.block_on(async {
                let (st, _, _) = app("garbled");
                json_call(&st, "POST", "/api/analyze", json!({ "text": garbled })).await
            });
            prop_assert!(status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}: {v}");
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                prop_assert!(v["diagnostics"][0]["line"].as_u64().is_some(), "{v}");
            }
        }
    }
}

#[tokio::test]
async fn the_report_of_the_text_in_the_page_downloads() {
    let (st, _, text) = app("report");
    // The text as it is in the page, not as saved.
    let edited = text.replacen(
        "title = \"Berlin talks on ending the war in Ukraine\"",
        "title = \"Edited in the app\"",
        1,
    );
    assert_ne!(edited, text);
    let req = Request::builder()
        .method("POST")
        .uri("/api/report")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "text": edited }).to_string()))
        .unwrap();
    let r = router(st.clone()).oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("report.html")
    );
    let page = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    for id in ["forecast", "packages", "stability", "geometry", "evidence"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(page.contains("<title>Edited in the app</title>"));
    // Invalid text: the diagnostics, as JSON.
    let (status, v) = json_call(&st, "POST", "/api/report", json!({ "text": "[[actor]\n" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["diagnostics"].is_array());
}

#[tokio::test]
async fn requests_for_other_hosts_are_refused() {
    let (st, _, _) = app("hosts");
    for (host, ok) in [
        ("127.0.0.1:8080", true),
        ("localhost:1234", true),
        ("LOCALHOST", true),
        ("[::1]:8080", true),
        ("evil.example:8080", false),
        ("evil.example", false),
        ("10.0.0.5:8080", false),
    ] {
        let req = Request::builder()
            .uri("/api/scenario")
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let r = router(st.clone()).oneshot(req).await.unwrap();
        let expected = if ok {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(r.status(), expected, "{host}");
    }
    // No Host at all: which site was meant cannot be told (issue 14).
    let req = Request::builder()
        .uri("/api/scenario")
        .body(Body::empty())
        .unwrap();
    let r = router(st.clone()).oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// A peer tool's file (here a KTAB CSV) opens read-only as the scenario
/// detente imports; the first save creates a new scenario beside it, the
/// next keeps `*.prev`, and the peer file is never written.
#[tokio::test]
async fn a_peer_file_opens_read_only_and_saves_beside_itself() {
    use detente_analysis::input::{Request, open, save_path_beside, scenario_text};
    let dir = std::env::temp_dir().join(format!("detente-api-peer-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("SOE-Policy.csv");
    let original = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/forecast/ktab/SOE-Policy.csv"),
    )
    .unwrap();
    std::fs::write(&csv, &original).unwrap();
    let input = open(Request::path(Some(&csv))).unwrap();
    let text = scenario_text(&input, "2026-01-01").unwrap();
    let target = save_path_beside(&csv);
    assert_eq!(target, dir.join("SOE-Policy.detente.toml"));
    let st = Arc::new(AppState::new(Config {
        path: Some(target.clone()),
        imported_from: Some(input.kind().name().into()),
        name: csv.display().to_string(),
        text: text.clone(),
        sources: None,
        geo_base: dir.clone(),
        runs: 20,
        report_runs: 20,
        seed: 1,
        max_analysis: detente_server::MAX_ANALYSIS,
        forecast_models: Default::default(),
    }));
    let (status, got) = json_call(&st, "GET", "/api/scenario", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["imported_from"], "KTAB CSV");
    assert_eq!(got["text"], text.as_str());
    assert_eq!(got["saves_to"], target.display().to_string());
    // Its lenses, as for any scenario.
    let (status, a) = json_call(&st, "POST", "/api/analyze", json!({ "text": text })).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["command"], "analyze");
    assert_eq!(a["analysis"]["summary"]["actors"], 26);
    // The first save creates the new file.
    let (status, saved) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": got["version"], "text": text }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["previous"], Value::Null);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    // The next replaces it and keeps the previous one.
    let edited = text.replacen("capability = 100.0", "capability = 90.0", 1);
    assert_ne!(edited, text);
    let (status, saved) = json_call(
        &st,
        "PUT",
        "/api/scenario",
        json!({ "version": version(&text), "text": edited }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert!(saved["previous"].as_str().unwrap().ends_with(".prev"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), edited);
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        original,
        "the peer file is never written"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The listener itself (not the router): at most 256 connections at once,
/// one more closed at once; a connection that sends no request is closed
/// after the 10 s header timeout, and its place serves the next client
/// (issue 14: neither limit existed). Waits are hang guards.
#[test]
fn the_listener_caps_connections_and_times_out_silent_ones() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};
    let (st, _, _) = app("listener");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        detente_server::run("127.0.0.1:0", st, move |addr| tx.send(addr).unwrap()).unwrap();
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let get = |s: &mut TcpStream| -> String {
        let _ = write!(
            s,
            "GET /api/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        );
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer
    };
    // 256 silent connections hold every place.
    let t0 = Instant::now();
    let silent: Vec<TcpStream> = (0..detente_server::MAX_CONNECTIONS)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut over = TcpStream::connect(addr).unwrap();
    over.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(get(&mut over), "", "connection 257 is closed unanswered");
    // The silent ones are closed once their headers are 10 s late.
    let mut first = silent.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(first.read(&mut buf).unwrap_or(0), 0, "closed by the server");
    let waited = t0.elapsed();
    assert!(
        waited >= detente_server::HEADER_TIMEOUT - Duration::from_secs(1),
        "{waited:?}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let mut next = TcpStream::connect(addr).unwrap();
    next.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(
        get(&mut next).starts_with("HTTP/1.1 200"),
        "a place is free again"
    );
}

/// The requests that used to kill the app, sent to one app in turn: a
/// statement of 5,000 nested parentheses (it overflowed a worker's stack),
/// a grid of 10^7 values and a conflict whose move lists need 8.6 GB (both
/// exhausted memory). Each is answered 422 with its diagnostic, and the
/// app still answers the built-in scenario afterwards (issue 14).
#[tokio::test]
async fn the_killer_requests_are_refused_and_the_app_still_answers() {
    let (st, _, text) = app("killers");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = |name: &str| {
        std::fs::read_to_string(root.join("crates/scenario/tests/corpus/invalid").join(name))
            .unwrap()
    };
    let deep = text.replacen(
        "\"-us-press\",",
        &format!("\"{}-us-press{}\",", "(".repeat(5000), ")".repeat(5000)),
        1,
    );
    assert_ne!(deep, text);
    for (killer, code) in [
        (deep, "E502"),
        (corpus("E605-over-budget.toml"), "E605"),
        (corpus("E509-conflict-over-budget.toml"), "E509"),
    ] {
        let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": killer })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {v}");
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
    let (status, v) = json_call(&st, "POST", "/api/analyze", json!({ "text": text })).await;
    assert_eq!(status, StatusCode::OK, "{v}");
}
