//! Only this machine may use the app while it listens on loopback.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;

use crate::routes::error;
use crate::state::AppState;

/// Whether a `Host` header names this machine: `localhost` or a loopback
/// address, with or without a port.
pub fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:8080
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses (403) a request whose `Host` is not this machine, and (400) one
/// without a `Host`, while the app
/// listens on a loopback address: a web page the user visits could
/// otherwise rebind its own domain name to 127.0.0.1 and read or overwrite
/// the scenario through the user's browser.
pub(crate) async fn loopback_hosts_only(
    State(st): State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if st.loopback_only.load(Ordering::Relaxed) {
        // HTTP/1.1 requires a Host; without one, which site the browser
        // meant cannot be told, so the request is refused (400) rather
        // than let through.
        let host = req
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or_default().to_owned())
            .or_else(|| req.uri().authority().map(|a| a.as_str().to_owned()));
        let Some(host) = host else {
            return error(
                StatusCode::BAD_REQUEST,
                "the request has no Host header; the app answers requests for localhost only, at http://127.0.0.1:PORT/",
            );
        };
        if !loopback_host(&host) {
            return error(
                StatusCode::FORBIDDEN,
                format!(
                    "the app answers requests for localhost only, not for `{host}`; open it at http://127.0.0.1:PORT/"
                ),
            );
        }
    }
    next.run(req).await
}
