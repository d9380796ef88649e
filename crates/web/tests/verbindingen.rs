//! The server closes connections that send half a request, sit idle, or trickle a body, and
//! serves no more than its connection limit at once (issue 16, finding 8), on a real socket
//! with short limits.

mod common;

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use gemeten_web::{serve_with, Grenzen};

const SHORT: Duration = Duration::from_millis(800);

/// A server within `grenzen` on a free port; it stops when the test's runtime ends.
async fn server(grenzen: Grenzen) -> std::net::SocketAddr {
    let (app, _) = common::app();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_with(listener, app, grenzen, std::future::pending()));
    addr
}

fn short() -> Grenzen {
    Grenzen {
        header_timeout: SHORT,
        request_timeout: SHORT,
        idle_timeout: SHORT,
        max_connections: 64,
    }
}

/// Reads until the server closes the connection; how long that took and what came.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, String) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), stream.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!(
                "still open after {limit:?}; got {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
    (start.elapsed(), String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test]
async fn a_connection_that_sends_half_its_headers_is_closed() {
    let addr = server(short()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: gemeten\r\n")
        .await
        .unwrap();
    let (took, _) = until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "closed after {took:?}");
}

#[tokio::test]
async fn a_silent_connection_is_closed() {
    let addr = server(short()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    let (took, got) = until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(
        took < Duration::from_secs(3),
        "closed after {took:?}: {got}"
    );
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_when_idle() {
    let addr = server(short()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /static/gemeten.css HTTP/1.1\r\nHost: gemeten\r\n\r\n")
        .await
        .unwrap();
    let (took, got) = until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(took < Duration::from_secs(3), "closed after {took:?}");
}

#[tokio::test]
async fn a_body_that_trickles_is_answered_408_and_closed() {
    let addr = server(short()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        b"POST /inloggen HTTP/1.1\r\nHost: gemeten\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=a",
    )
    .await
    .unwrap();
    let (took, got) = until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(took < Duration::from_secs(3), "closed after {took:?}");
}

#[tokio::test]
async fn no_more_connections_than_the_limit_are_served_at_once() {
    let addr = server(Grenzen {
        max_connections: 2,
        header_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        ..short()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    // Give the server a moment to take both.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(addr).await.unwrap();
    third
        .write_all(
            b"GET /static/gemeten.css HTTP/1.1\r\nHost: gemeten\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let waited = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(
        waited.is_err(),
        "the third connection was served beside two others"
    );
    // One of the two goes: the third is served.
    drop(held.pop());
    let (_, got) = until_closed(&mut third, Duration::from_secs(5)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}
