//! Serving connections with limits, so that slow, idle or half-sent connections cannot take
//! every file descriptor (issue 16, finding 8: at the open-file limit every request timed
//! out). axum's own `serve` sets none of these, so gemeten accepts connections itself and
//! serves each with hyper's HTTP/1 connection:
//!
//! - **connections**: at most [`Grenzen::max_connections`] at once (a semaphore); more wait in
//!   the kernel's accept queue instead of each taking a descriptor;
//! - **headers**: a client has [`Grenzen::header_timeout`] to send a request's headers
//!   (hyper's `header_read_timeout`), else the connection is closed;
//! - **request**: a request not answered within [`Grenzen::request_timeout`] — a body that
//!   trickles in, say — is answered 408 and the connection closed;
//! - **idle**: a kept-alive connection without a request for [`Grenzen::idle_timeout`] is
//!   closed.
//!
//! Each connection's requests carry the client's address (`ConnectInfo<SocketAddr>`), which
//! login throttling counts.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::header::CONNECTION;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower_service::Service;

/// The limits a server puts on its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grenzen {
    pub header_timeout: Duration,
    pub request_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Grenzen {
    /// Ten seconds for headers, a minute per request and per idle connection, 512
    /// connections (well under the usual limit of 1 024 open files, which the store's
    /// connections and the search index share).
    fn default() -> Grenzen {
        Grenzen {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// When a connection last answered or started, and how many requests it has in flight.
struct Bezig {
    start: Instant,
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Bezig {
    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// When the connection is idle long enough to close; `None` while a request runs.
    fn idle_deadline(&self, idle: Duration) -> Option<Instant> {
        (self.in_flight.load(Ordering::Relaxed) == 0).then(|| {
            self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed)) + idle
        })
    }
}

fn timed_out() -> Response {
    let mut r = (
        StatusCode::REQUEST_TIMEOUT,
        "request not complete in time / verzoek niet op tijd compleet\n",
    )
        .into_response();
    r.headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    r
}

/// Serves `app` on `listener` within `grenzen` until `shutdown` completes; then stops
/// accepting, lets every connection finish its request, and returns.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    grenzen: Grenzen,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(grenzen.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => p.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of descriptors or a connection reset before it was taken: wait a
                // moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let bezig = Arc::new(Bezig {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        });
        let router = app.clone();
        let b = Arc::clone(&bezig);
        let request_timeout = grenzen.request_timeout;
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(addr));
            b.in_flight.fetch_add(1, Ordering::Relaxed);
            let answer = router.clone().call(request);
            let b = Arc::clone(&b);
            async move {
                let response = tokio::time::timeout(request_timeout, answer)
                    .await
                    .unwrap_or_else(|_| Ok(timed_out()));
                b.in_flight.fetch_sub(1, Ordering::Relaxed);
                b.touch();
                response
            }
        });
        let mut stop = stop_rx.clone();
        let idle = grenzen.idle_timeout;
        let header_timeout = grenzen.header_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let mut closing = false;
            loop {
                let deadline = bezig
                    .idle_deadline(idle)
                    .unwrap_or_else(|| Instant::now() + idle);
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = stop.changed(), if !closing => {
                        closing = true;
                        conn.as_mut().graceful_shutdown();
                    }
                    () = tokio::time::sleep_until(deadline.into()), if !closing => {
                        if bezig.idle_deadline(idle).is_some_and(|d| d <= Instant::now()) {
                            closing = true;
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    // Every connection holds a permit until it is done.
    let _ = slots
        .acquire_many(grenzen.max_connections.max(1) as u32)
        .await;
    Ok(())
}
