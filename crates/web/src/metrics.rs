//! Operations: the Prometheus metrics behind `GET /metrics` and who may read them.
//!
//! The registry is an instance in [`AppState`] (no global recorder), so two apps in one
//! process — the tests — count apart. [`crate::telemetry::track`] feeds the request
//! families; the gauges that describe the state (the store's change counters, its
//! connections) are
//! read when a scraper asks, so they cost nothing between scrapes.
//!
//! Access: an administrator (session or API token), or a scraper that sends
//! `Authorization: Bearer <metrics token>` when the server was given one
//! (`gemeten serve --metrics-token`). The metrics token is not an account: it opens this
//! route only, and [`scraper`] answers it before the auth guard, which would refuse it as an
//! unknown API token.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{prometheus_text, EncodeLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

use gemeten_domain::Rol;
use gemeten_store::{PoolStatus, Versies};

use crate::auth::{same, Gebruiker};
use crate::error::ApiError;
use crate::AppState;

/// Where the metrics are served (outside `/api/v1`: it is for scrapers, not API clients).
pub const METRICS_PATH: &str = "/metrics";

/// The route label of requests that matched no route (the 404 fallback): the raw path
/// would make one series per mistyped or probing URL.
pub const UNMATCHED: &str = "unmatched";

/// Upper bounds (seconds) of the latency buckets: from a cached page (about a millisecond)
/// to a cold portfolio load of a national portfolio (seconds).
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    pub method: &'static str,
    pub route: String,
    pub status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RouteLabels {
    pub route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConnectionLabels {
    state: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AreaLabels {
    area: &'static str,
}

/// The metric families, registered once.
struct Families {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    store_version: Family<AreaLabels, Gauge>,
    connections: Family<ConnectionLabels, Gauge>,
    connections_max: Gauge,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Families {
    fn new() -> Families {
        let mut registry = Registry::with_prefix("gemeten");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time from receiving a request to its response head, by route template",
            Unit::Seconds,
            latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "Requests being answered now",
            in_flight.clone(),
        );
        let store_version = Family::<AreaLabels, Gauge>::default();
        registry.register(
            "store_version",
            "The store's change counter per area (it moves with every change, by any process)",
            store_version.clone(),
        );
        let connections = Family::<ConnectionLabels, Gauge>::default();
        registry.register(
            "store_connections",
            "Store connections by state (in_use, idle)",
            connections.clone(),
        );
        let connections_max = Gauge::default();
        registry.register(
            "store_connections_max",
            "The most store connections there can be",
            connections_max.clone(),
        );
        Families {
            registry,
            requests,
            latency,
            in_flight,
            store_version,
            connections,
            connections_max,
        }
    }
}

/// The metrics of one app: the families and the optional scraper token. Cloned with the
/// state.
#[derive(Clone)]
pub struct Metrics {
    families: Arc<Families>,
    pub(crate) token: Option<Arc<str>>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            families: Arc::new(Families::new()),
            token: None,
        }
    }
}

impl Metrics {
    /// Counts a request as started; the returned guard counts it as finished when dropped,
    /// so a request whose client went away mid-answer is not left in flight.
    pub(crate) fn started(&self) -> InFlight {
        self.families.in_flight.inc();
        InFlight(Arc::clone(&self.families))
    }

    /// Counts an answered request and its latency.
    pub(crate) fn answered(&self, labels: RequestLabels, seconds: f64) {
        self.families
            .latency
            .get_or_create(&RouteLabels {
                route: labels.route.clone(),
            })
            .observe(seconds);
        self.families.requests.get_or_create(&labels).inc();
    }

    /// The exposition (Prometheus text format 0.0.4) with the state gauges read now.
    fn render(&self, versies: Versies, pool: PoolStatus) -> Result<String, ApiError> {
        let f = &self.families;
        for (area, n) in [
            ("register", versies.register),
            ("waarneming", versies.waarneming),
            ("project", versies.project),
            ("ronde", versies.ronde),
            ("monitoring", versies.monitoring),
            ("account", versies.account),
        ] {
            f.store_version
                .get_or_create(&AreaLabels { area })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        f.connections
            .get_or_create(&ConnectionLabels { state: "in_use" })
            .set(pool.in_use.into());
        f.connections
            .get_or_create(&ConnectionLabels { state: "idle" })
            .set(pool.idle.into());
        f.connections_max.set(pool.max.into());
        let mut text = String::new();
        prometheus_text::encode(&mut text, &f.registry)
            .map_err(|e| ApiError::Internal(format!("encoding the metrics: {e}")))?;
        Ok(text)
    }

    /// Whether `headers` carry this server's metrics token as a bearer token.
    fn is_scraper(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| same(given.trim(), token))
    }
}

/// Marks one request in flight until dropped.
pub(crate) struct InFlight(Arc<Families>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.dec();
    }
}

/// The exposition with the gauges read now: the pool first, so the scrape's own store call
/// does not show as a connection in use.
async fn expose(state: &AppState) -> Result<Response, ApiError> {
    let pool = state.store.status();
    let versies = state.with_store(|s| s.versies()).await?;
    let text = state.metrics.render(versies, pool)?;
    Ok((
        [(
            CONTENT_TYPE,
            HeaderValue::from_static(prometheus_text::CONTENT_TYPE),
        )],
        text,
    )
        .into_response())
}

/// `GET /metrics` for administrators (401 without a user, 403 with another role).
pub async fn endpoint(
    State(state): State<AppState>,
    gebruiker: Gebruiker,
) -> Result<Response, ApiError> {
    gebruiker.require(&[Rol::Admin])?;
    expose(&state).await
}

/// Answers `/metrics` for a scraper with the metrics token before the auth guard sees the
/// token; every other request goes on unchanged.
pub async fn scraper(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_metrics = request.method() == Method::GET
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| p.as_str() == METRICS_PATH);
    if is_metrics && state.metrics.is_scraper(request.headers()) {
        return expose(&state).await.into_response();
    }
    next.run(request).await
}
