//! When and where analyses run: texts are checked at once (invalid text
//! never waits); analyses wait for a core, one per core, on the app's own
//! rayon pool, within the time limit.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::http::StatusCode;
use detente_analysis::SCHEMA_VERSION;
use detente_analysis::budget::Budget;
use detente_scenario::Loaded;
use serde_json::json;

use crate::MAX_QUEUE;
use crate::cache::Answer;
use crate::state::AppState;

/// An error answer: status and `{schema_version, error}`.
pub(crate) fn answer(status: StatusCode, why: String) -> Answer {
    let body = json!({ "schema_version": SCHEMA_VERSION, "error": why });
    (status, Bytes::from(body.to_string()))
}

/// Checks `text` on a blocking thread: the scenario, or the 422 answer.
pub(crate) async fn check(st: &Arc<AppState>, text: String) -> Result<Loaded, Answer> {
    let state = st.clone();
    match tokio::task::spawn_blocking(move || state.check(&text)).await {
        Ok(checked) => checked,
        Err(join) => Err(answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the check failed: {join}"),
        )),
    }
}

/// Every lens on `text`, within the time limit (`--timeout`) from arrival: the cached
/// answer if there is one; else the text is checked at once (invalid text
/// never waits), then analysed on a blocking thread once a core is free.
/// 503 when [`MAX_QUEUE`] analyses are already waiting or the time is up.
pub(crate) async fn run_analysis(st: &Arc<AppState>, text: String) -> Answer {
    if let Some(hit) = st.kept(&text) {
        return hit;
    }
    let loaded = match check(st, text.clone()).await {
        Ok(loaded) => loaded,
        Err(a) => {
            st.results.put(&text, a.clone());
            return a;
        }
    };
    let job =
        move |state: &AppState, budget: &Budget| state.analyse_checked(&text, &loaded, budget);
    queued(st, job).await.unwrap_or_else(|a| a)
}

/// Runs `job` on a blocking thread once a core is free, on the analysis
/// pool, within the time limit from arrival. 503 when [`MAX_QUEUE`] jobs
/// are already waiting or the time is up, 500 if the job panicked.
pub(crate) async fn queued<T: Send + 'static>(
    st: &Arc<AppState>,
    job: impl FnOnce(&AppState, &Budget) -> T + Send + 'static,
) -> Result<T, Answer> {
    // The job's budget runs out when its answer does: within a second of
    // the 503 the job has stopped and its core is free (docs/app.md).
    let limit = st.config.max_analysis;
    let budget = Budget {
        deadline: Some(std::time::Instant::now() + limit),
        ..Budget::default()
    };
    let cancel = budget.cancel.clone();
    if st.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_QUEUE {
        st.waiting.fetch_sub(1, Ordering::SeqCst);
        st.stats.busy.fetch_add(1, Ordering::Relaxed);
        return Err(answer(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{MAX_QUEUE} analyses are already waiting; try again in a moment"),
        ));
    }
    let state = st.clone();
    // A task of its own: when the caller gives up, the job still runs (an
    // analysis keeps its answer for the next request with the same text).
    let work = tokio::spawn(async move {
        let permit = state.cores.clone().acquire_owned().await;
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.expect("the semaphore is never closed");
        // The permit moves into the blocking task: a core stays counted as
        // busy until the job really ends, even if its caller gave up.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.pool.install(|| job(&state, &budget))
        })
        .await
    });
    match tokio::time::timeout(limit, work).await {
        Err(_) => {
            cancel.cancel();
            st.stats.busy.fetch_add(1, Ordering::Relaxed);
            Err(answer(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the analysis did not finish within {} s (queueing included) and was stopped; ask for fewer runs, or start the app with a longer --timeout",
                    limit.as_secs_f64()
                ),
            ))
        }
        Ok(Err(join)) | Ok(Ok(Err(join))) => Err(answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the analysis failed: {join}"),
        )),
        Ok(Ok(Ok(out))) => Ok(out),
    }
}
