//! One `tracing` span per request, and the request metrics.
//!
//! [`track`] is the outermost layer of [`crate::router`], so it times and counts everything,
//! the auth guard's refusals included. Layers added with `Router::layer` run after routing,
//! which is why the route template (`MatchedPath`, e.g. `/projecten/{id}`) is known here:
//! spans and metric labels name the template, never the raw path, so ids do not multiply the
//! series and query strings (which may carry anything) never reach a log.
//!
//! The span holds method, route, status, duration and the username — nothing else from the
//! request: no headers, so no cookies, API or metrics tokens, nor CSRF values.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use tracing::field::{display, Empty};
use tracing::Instrument;

use crate::auth::Gebruiker;
use crate::metrics::{RequestLabels, UNMATCHED};
use crate::AppState;

/// The method as a label: the standard ones by name, anything else as `OTHER`, so a client
/// inventing methods cannot add series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Opens the request's span, answers the request inside it, then records status and
/// duration, logs one line and counts the request.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let span = tracing::info_span!(
        "request",
        method = %method,
        route = %route,
        user = Empty,
        status = Empty,
        duration_ms = Empty,
    );
    let in_flight = state.metrics.started();
    let start = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let elapsed = start.elapsed();
    drop(in_flight);
    let status = response.status();
    span.record("status", status.as_u16());
    span.record(
        "duration_ms",
        display(format_args!("{:.3}", elapsed.as_secs_f64() * 1000.0)),
    );
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::error!("answered");
        } else {
            tracing::info!("answered");
        }
    });
    state.metrics.answered(
        RequestLabels {
            method,
            route,
            status: status.as_u16(),
        },
        elapsed.as_secs_f64(),
    );
    response
}

/// Puts the username into the request's span. Runs inside the auth guard, which resolved
/// the user: [`track`] sits outside it and cannot see the request's extensions afterwards.
pub async fn record_user(gebruiker: Gebruiker, request: Request, next: Next) -> Response {
    if let Some(account) = &gebruiker.account {
        tracing::Span::current().record("user", display(&account.username));
    }
    next.run(request).await
}
