//! Who asks is looked up without waiting where it need not (issue 11, item 6): a static file
//! is served without a session lookup, and a request's session lookup does not queue behind
//! writers for a store connection.

mod common;

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use common::{send, user, PASSWORD};
use gemeten_domain::Rol;
use gemeten_store::{AccountStore, Pool, RegisterStore, Store};
use gemeten_web::{AppState, Lang, SESSION_COOKIE};

/// Holds every connection of the state's store on a thread of its own until the returned
/// sender is dropped, so any request that asks the store waits.
fn hold_every_connection(state: &AppState) -> mpsc::Sender<()> {
    let pool = Arc::clone(&state.store);
    let (held_tx, held_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let n = pool.status().max;
        let held: Vec<_> = (0..n).map(|_| pool.get().expect("a connection")).collect();
        held_tx.send(()).unwrap();
        let _ = release_rx.recv();
        drop(held);
    });
    held_rx.recv().unwrap();
    release_tx
}

fn with_bogus_session(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, format!("{SESSION_COOKIE}=bogus"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_static_file_with_a_session_cookie_is_served_without_asking_the_store() {
    let (app, state) = common::app();
    let release = hold_every_connection(&state);

    // The stylesheet needs no store: served while no connection is free.
    let css = tokio::time::timeout(
        Duration::from_secs(5),
        send(&app, with_bogus_session("/static/gemeten.css")),
    )
    .await
    .expect("the stylesheet waited for a store connection");
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains('{'), "{}", css.body);

    // The control: a page with the same cookie does look the session up, and waits.
    let page = tokio::time::timeout(
        Duration::from_millis(300),
        send(&app, with_bogus_session("/")),
    )
    .await;
    assert!(
        page.is_err(),
        "a page was answered without its session lookup"
    );
    drop(release);
}

/// Writers waiting for the database's write lock hold their connections; with more of them
/// than connections, a reader must still get one. SQLite only: it has the one write lock
/// this test can hold from outside the pool.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_lookup_does_not_queue_behind_writers() {
    if common::on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("web.sqlite").display().to_string();
    let (sessie, token) = {
        let mut store = Store::open(&target).unwrap();
        let register = gemeten_interchange::reference_register().unwrap();
        store.replace(&register).unwrap();
        store
            .create_user(&user("admin", Rol::Admin, None, None), PASSWORD)
            .unwrap();
        store
            .create_user(&user("lezer", Rol::Publiek, None, None), PASSWORD)
            .unwrap();
        (
            store.start_session("admin", 3600).unwrap(),
            store.create_api_token("admin", "test").unwrap(),
        )
    };
    let register = gemeten_interchange::reference_register().unwrap();
    let state = AppState::with_pool(register, Pool::open(&target, 4).unwrap(), Lang::Nl);
    let app = gemeten_web::router(state.clone());

    // Another process holds the write lock until told.
    let (locked_tx, locked_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let blocker = {
        let target = target.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&target).unwrap();
            store
                .atomically(|s| {
                    s.zet_instelling("test", "houdt het schrijfslot")?;
                    locked_tx.send(()).unwrap();
                    let _ = release_rx.recv();
                    Ok::<_, gemeten_store::StoreError>(())
                })
                .unwrap();
        })
    };
    locked_rx.recv().unwrap();

    // More writers than connections, all waiting for the lock.
    let writers: Vec<_> = (0..6)
        .map(|_| {
            let app = app.clone();
            let token = token.clone();
            tokio::spawn(async move {
                send(
                    &app,
                    Request::post("/api/v1/tokens")
                        .header(header::AUTHORIZATION, format!("Bearer {token}"))
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(Body::from(r#"{"username":"lezer"}"#))
                        .unwrap(),
                )
                .await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let read = tokio::time::timeout(
        Duration::from_secs(2),
        send(
            &app,
            Request::get("/api/v1/tokens")
                .header(header::COOKIE, format!("{SESSION_COOKIE}={}", sessie.token))
                .body(Body::empty())
                .unwrap(),
        ),
    )
    .await
    .expect("a logged-in read queued behind the writers");
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);

    release_tx.send(()).unwrap();
    blocker.join().unwrap();
    for w in writers {
        let a = w.await.unwrap();
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    }
    drop(app);
    drop(state);
}
