//! Load test of `detente serve`: many concurrent clients on loopback for a
//! bounded time, every answer checked. Run by `bench/serve.sh`, which
//! starts the server on a copy of the Berlin scenario.
//!
//! Before the load, the client builds reference variants of the scenario
//! (Ukraine's salience on territory at 12 values) through `/api/edit`, and
//! computes each one's analysis *in this process* with the same options
//! as the app; the server's answer must equal it value for value. Under
//! load every client loops over a mix of what a user of the page does:
//!
//! | kind | share | checked |
//! |---|---|---|
//! | `analyze` of a reference variant | 35% | body byte-identical to the reference |
//! | `edit` (random salience) then `analyze` | 15% | 200, the edited salience echoed, every issue forecast |
//! | `get` the scenario | 20% | one of the texts saved, its version |
//! | `invalid` text | 10% | 422, the diagnostic on the right line |
//! | `save` from the current version | 10% | 200, or 409 when another client saved first |
//! | `stale` save | 10% | 409 |
//!
//! Afterwards the file on disk must be the server's text, the previous
//! version kept, and no temporary file left. Prints throughput and latency
//! percentiles per kind; exits 1 on any wrong answer.
//!
//! ```text
//! bench_load --url http://127.0.0.1:PORT --file SCENARIO --sources DIR [--clients 100] [--seconds 30] [--think-ms 0]
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use detente_analysis::Options;
use detente_analysis::geometry::geometry;
use detente_analysis::input::{layer_base, read_layers};
use detente_scenario::evidence::SourceTexts;
use detente_server::cache::{fnv, fnv_bytes};
use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let url = arg("--url").expect("--url http://127.0.0.1:PORT");
    let file = PathBuf::from(arg("--file").expect("--file SCENARIO (the served file)"));
    let sources = arg("--sources").map(PathBuf::from);
    let clients: usize = arg("--clients").map_or(100, |c| c.parse().expect("--clients N"));
    let seconds: u64 = arg("--seconds").map_or(30, |c| c.parse().expect("--seconds N"));
    let think: u64 = arg("--think-ms").map_or(0, |c| c.parse().expect("--think-ms MS"));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ok = rt.block_on(run(url, file, sources, clients, seconds, think));
    std::process::exit(if ok { 0 } else { 1 });
}

/// A reference variant: its text, where its salience line is, and the
/// hash of the server's answer.
struct Variant {
    text: String,
    line: usize,
    body: u64,
}

struct Shared {
    url: String,
    http: reqwest::Client,
    variants: Vec<Variant>,
    /// (actor, issue) of every position, for random edits.
    positions: Vec<(String, String)>,
    /// Every text a save may have left on disk.
    texts: Vec<String>,
    deadline: Instant,
    /// Mean pause between a client's actions, in ms (uniform on 0..2×).
    think: u64,
    log: Mutex<Log>,
}

#[derive(Default)]
struct Log {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    statuses: BTreeMap<(&'static str, u16), usize>,
    wrong: Vec<String>,
    wrong_count: usize,
}

impl Shared {
    async fn post(&self, path: &str, body: &Value) -> (u16, Bytes) {
        self.send(self.http.post(format!("{}{path}", self.url)).json(body))
            .await
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (u16, Bytes) {
        match req.send().await {
            Ok(r) => {
                let s = r.status().as_u16();
                (s, r.bytes().await.unwrap_or_default())
            }
            Err(e) => (0, Bytes::from(e.to_string())),
        }
    }

    fn record(&self, kind: &'static str, t: Duration, status: u16, wrong: Option<String>) {
        let mut log = self.log.lock().unwrap();
        log.latencies.entry(kind).or_default().push(t);
        *log.statuses.entry((kind, status)).or_default() += 1;
        if let Some(w) = wrong {
            log.wrong_count += 1;
            if log.wrong.len() < 10 {
                log.wrong.push(format!("{kind}: {w}"));
            }
        }
    }
}

/// The JSON answer to `req`; the load test cannot go on without it.
async fn json_of(req: reqwest::RequestBuilder) -> Value {
    req.send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a JSON answer")
}

/// xorshift64*: enough randomness for choosing actions, seeded per client.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

async fn run(
    url: String,
    file: PathBuf,
    sources: Option<PathBuf>,
    clients: usize,
    seconds: u64,
    think: u64,
) -> bool {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let got: Value = json_of(http.get(format!("{url}/api/scenario"))).await;
    let text0 = got["text"].as_str().unwrap().to_owned();
    let name = got["file"].as_str().unwrap().to_owned();

    // The reference analyses, computed here with the app's options.
    let loaded = detente_scenario::load(name.clone(), text0.clone());
    let s0 = loaded.scenario.expect("the served scenario is valid");
    let geo = s0
        .geometry
        .as_ref()
        .map(|g| read_layers(g, &layer_base(&name, None)).and_then(|t| geometry(g, &t)));
    let positions: Vec<(String, String)> = s0
        .positions
        .iter()
        .map(|p| (p.actor.id.clone(), p.issue.id.clone()))
        .collect();
    let t0 = Instant::now();
    let mut variants = Vec::new();
    for k in 0..12 {
        let value = 0.05 + 0.075 * k as f64;
        let edit = json!({ "text": text0, "edits": [
            { "kind": "salience", "actor": "UA", "issue": "territory", "value": value }
        ] });
        let r: Value = json_of(http.post(format!("{url}/api/edit")).json(&edit)).await;
        let text = r["text"].as_str().expect("the edit applies").to_owned();
        let line = text
            .lines()
            .zip(text0.lines())
            .position(|(a, b)| a != b)
            .expect("the edit changed a line")
            + 1;
        let loaded = detente_scenario::load(name.clone(), text.clone());
        let s = loaded.scenario.expect("the variant is valid");
        let texts = sources.as_ref().map(|d| SourceTexts::load(&s, d));
        let mut options = Options {
            sources: texts.as_ref(),
            geometry_report: geo.clone(),
            ..Options::default()
        };
        options.forecast.runs = detente_server::APP_RUNS;
        let expected = serde_json::to_value(detente_analysis::analyze(&s, &options)).unwrap();
        let r = http
            .post(format!("{url}/api/analyze"))
            .json(&json!({ "text": text }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body = r.bytes().await.unwrap();
        let answer: Value = serde_json::from_slice(&body).unwrap();
        if let Some(at) = first_difference(&answer["analysis"], &expected, "analysis") {
            panic!(
                "the server's analysis of variant {k} differs from the one computed here at {at}"
            );
        }
        variants.push(Variant {
            text,
            line,
            body: fnv_bytes(&body),
        });
    }
    eprintln!(
        "{} reference variants analysed here and by the server, equal ({:.1} s)",
        variants.len(),
        t0.elapsed().as_secs_f64()
    );
    let mut texts = vec![text0.clone()];
    texts.extend(variants.iter().map(|v| v.text.clone()));

    let shared = Arc::new(Shared {
        url,
        http,
        variants,
        positions,
        texts,
        deadline: Instant::now() + Duration::from_secs(seconds),
        think,
        log: Mutex::new(Log::default()),
    });
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(shared.clone(), c as u64)))
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = start.elapsed();
    // What the server did (its own counts).
    let server = match shared
        .http
        .get(format!("{}/api/stats", shared.url))
        .send()
        .await
    {
        Ok(r) => match r.json::<Value>().await {
            Ok(v) => format!(
                "server: {} analyses run ({:.1} ms each on average), {} answers from the cache, {} invalid texts, {} turned away (503)",
                v["analysed"],
                v["analysis_ms_mean"].as_f64().unwrap_or(0.0),
                v["cached"],
                v["invalid"],
                v["busy"]
            ),
            Err(e) => format!("server: no stats ({e})"),
        },
        Err(e) => format!("server: no stats ({e})"),
    };

    // The file on disk: the server's text, the previous one kept, no
    // temporary file.
    let got: Value = json_of(shared.http.get(format!("{}/api/scenario", shared.url))).await;
    let on_disk = std::fs::read_to_string(&file).unwrap();
    let mut log = shared.log.lock().unwrap();
    if got["text"].as_str() != Some(on_disk.as_str()) {
        log.wrong
            .push("the file differs from the server's text".into());
        log.wrong_count += 1;
    }
    if !shared.texts.contains(&on_disk) {
        log.wrong.push("the file is none of the texts saved".into());
        log.wrong_count += 1;
    }
    let dir = file.parent().unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        if n.contains("tmp") {
            log.wrong.push(format!("temporary file left: {n}"));
            log.wrong_count += 1;
        }
        if n.ends_with(".prev") {
            let prev = std::fs::read_to_string(dir.join(&n)).unwrap();
            if !shared.texts.contains(&prev) {
                log.wrong.push(format!("{n} is none of the texts saved"));
                log.wrong_count += 1;
            }
        }
    }

    let total: usize = log.latencies.values().map(Vec::len).sum();
    println!(
        "{clients} clients{}, {:.1} s on loopback: {total} requests, {:.0} requests/s, {} wrong answers",
        if think > 0 {
            format!(" pausing {think} ms on average between actions")
        } else {
            " with no pause between actions".to_owned()
        },
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        log.wrong_count
    );
    println!(
        "{:<8} {:>7} {:>9} {:>9} {:>9} {:>9}  statuses",
        "kind", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let mut latencies = std::mem::take(&mut log.latencies);
    for (kind, ts) in &mut latencies {
        ts.sort();
        let q = |p: f64| ts[((ts.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
        let statuses: Vec<String> = log
            .statuses
            .iter()
            .filter(|((k, _), _)| k == kind)
            .map(|((_, s), n)| format!("{s}×{n}"))
            .collect();
        println!(
            "{kind:<8} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}  {}",
            ts.len(),
            q(0.5),
            q(0.95),
            q(0.99),
            q(1.0),
            statuses.join(" ")
        );
    }
    println!("{server}");
    for w in &log.wrong {
        println!("wrong: {w}");
    }
    log.wrong_count == 0
}

/// The path of the first value where `a` and `b` differ, with both values.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(va, vb, &format!("{path}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (va, vb))| first_difference(va, vb, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: server {a}, here {b}")),
    }
}

async fn client(sh: Arc<Shared>, seed: u64) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (seed + 1).wrapping_mul(0x1234_5678_9abc_def1));
    while Instant::now() < sh.deadline {
        if sh.think > 0 {
            let pause = rng.below(2 * sh.think as usize + 1) as u64;
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        let roll = rng.below(100);
        let t = Instant::now();
        let (kind, status, wrong) = match roll {
            0..35 => analyze_variant(&sh, &mut rng).await,
            35..50 => edit_and_analyze(&sh, &mut rng).await,
            50..70 => get_scenario(&sh).await,
            70..80 => invalid_text(&sh, &mut rng).await,
            80..90 => save_current(&sh, &mut rng).await,
            _ => save_stale(&sh, &mut rng).await,
        };
        sh.record(kind, t.elapsed(), status, wrong);
    }
}

/// What one action gave: its kind, the status, and what was wrong, if
/// anything.
type Outcome = (&'static str, u16, Option<String>);

/// A reference variant, compared byte for byte.
async fn analyze_variant(sh: &Shared, rng: &mut Rng) -> Outcome {
    let v = &sh.variants[rng.below(sh.variants.len())];
    let (status, body) = sh.post("/api/analyze", &json!({ "text": v.text })).await;
    let wrong = if status != 200 {
        Some(format!("status {status}"))
    } else if fnv_bytes(&body) != v.body {
        Some("the answer differs from the reference".into())
    } else {
        None
    };
    ("analyze", status, wrong)
}

/// A random salience edited, then analysed.
async fn edit_and_analyze(sh: &Shared, rng: &mut Rng) -> Outcome {
    let (actor, issue) = &sh.positions[rng.below(sh.positions.len())];
    let value = (1 + rng.below(99)) as f64 / 100.0;
    let base = &sh.variants[rng.below(sh.variants.len())].text;
    let edit = json!({ "text": base, "edits": [
            { "kind": "salience", "actor": actor, "issue": issue, "value": value }
        ] });
    let (status, body) = sh.post("/api/edit", &edit).await;
    let edited: Option<String> = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["text"].as_str().map(str::to_owned));
    let Some(text) = edited.filter(|_| status == 200) else {
        return ("edit", status, Some(format!("status {status}")));
    };
    let (status, body) = sh.post("/api/analyze", &json!({ "text": text })).await;
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let echoed = v["scenario"]["positions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["actor"] == actor.as_str() && p["issue"] == issue.as_str())
        .and_then(|p| p["salience"].as_f64());
    let wrong = if status != 200 {
        Some(format!("status {status}"))
    } else if echoed != Some(value) {
        Some(format!("salience {echoed:?}, edited to {value}"))
    } else if v["analysis"]["forecast"]["issues"]
        .as_array()
        .is_none_or(Vec::is_empty)
    {
        Some("no forecast".into())
    } else {
        None
    };
    ("edit", status, wrong)
}

/// The scenario: a text someone saved, with its version.
async fn get_scenario(sh: &Shared) -> Outcome {
    let (status, body) = sh
        .send(sh.http.get(format!("{}/api/scenario", sh.url)))
        .await;
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let text = v["text"].as_str().unwrap_or_default();
    let wrong = if status != 200 {
        Some(format!("status {status}"))
    } else if !sh.texts.iter().any(|t| t == text) {
        Some("a text nobody saved".into())
    } else if v["version"].as_str() != Some(&format!("{:016x}", fnv(text))) {
        Some("the version does not match the text".into())
    } else {
        None
    };
    ("get", status, wrong)
}

/// Invalid text: 422 with the diagnostic on the right line.
async fn invalid_text(sh: &Shared, rng: &mut Rng) -> Outcome {
    let v = &sh.variants[rng.below(sh.variants.len())];
    let bad: String = v
        .text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == v.line {
                l.replacen("salience = ", "salience = 1", 1)
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (status, body) = sh.post("/api/analyze", &json!({ "text": bad })).await;
    let d: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let wrong = if status != 422 {
        Some(format!("status {status}"))
    } else if d["diagnostics"][0]["line"].as_u64() != Some(v.line as u64) {
        Some(format!(
            "diagnostic at line {}, expected {}",
            d["diagnostics"][0]["line"], v.line
        ))
    } else {
        None
    };
    ("invalid", status, wrong)
}

/// A save from the current version: 200, or 409 if another client saved first.
async fn save_current(sh: &Shared, rng: &mut Rng) -> Outcome {
    let (_, body) = sh
        .send(sh.http.get(format!("{}/api/scenario", sh.url)))
        .await;
    let version = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["version"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let v = &sh.variants[rng.below(sh.variants.len())];
    let (status, _) = sh
        .send(
            sh.http
                .put(format!("{}/api/scenario", sh.url))
                .json(&json!({ "version": version, "text": v.text })),
        )
        .await;
    let wrong = (status != 200 && status != 409).then(|| format!("status {status}"));
    ("save", status, wrong)
}

/// A save from a stale version: 409.
async fn save_stale(sh: &Shared, rng: &mut Rng) -> Outcome {
    let v = &sh.variants[rng.below(sh.variants.len())];
    let (status, _) = sh
        .send(
            sh.http
                .put(format!("{}/api/scenario", sh.url))
                .json(&json!({ "version": "0000000000000000", "text": v.text })),
        )
        .await;
    let wrong = (status != 409).then(|| format!("status {status}"));
    ("stale", status, wrong)
}
