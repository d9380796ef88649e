//! The first `gemeten serve` on a new database stores the practice round `oefen-II` with the
//! seeded administrator as its participant, so `admin` can log in and vote at once, over
//! real HTTP; a second start neither adds it again nor touches its ballots.

mod common;

use std::path::Path;
use std::process::Command;

use common::http::{request, Server};
use gemeten_app::PRACTICE_ROUND;
use gemeten_web::{CSRF_COOKIE, SESSION_COOKIE};

const PASSWORD: &str = "een-goed-wachtwoord";

fn serve(db: &Path) -> Server {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gemeten"));
    c.args(["--db", &common::target(db)])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(common::zoekindex(db))
        .env_remove("GEMETEN_LANG")
        .env("GEMETEN_ADMIN_PASSWORD", PASSWORD);
    Server::start(c)
}

fn round(server: &Server) -> serde_json::Value {
    let a = request(
        server,
        "GET",
        &format!("/api/v1/rondes/{PRACTICE_ROUND}"),
        "",
        None,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    serde_json::from_str(&a.body).unwrap()
}

#[test]
fn after_the_first_start_the_admin_votes_in_the_practice_round() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.sqlite");
    let server = serve(&db);

    let d = round(&server);
    assert!(d["summary"]["title_nl"]
        .as_str()
        .unwrap()
        .contains("niet uit een document"));
    // Usernames are not public: an anonymous reader sees the participant's name only.
    assert_eq!(d["ronde"]["deelnemers"][0]["id"], "deelnemer-1");
    assert_eq!(d["ronde"]["deelnemers"][0]["name"], "Beheerder");
    assert_eq!(d["ronde"]["missie"], "II");
    assert_eq!(
        d["summary"]["kind"],
        serde_json::json!({ "type": "top_n", "n": 3, "ordered": false })
    );
    let candidates: Vec<String> = d["summary"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert!(!candidates.is_empty());
    assert_eq!(d["summary"]["ballots"], 0);

    // Log in as the seeded administrator.
    let login = request(&server, "GET", "/inloggen", "", None);
    let visitor = login.cookie(CSRF_COOKIE);
    let csrf = login.value_of("csrf");
    let a = request(
        &server,
        "POST",
        "/inloggen",
        &visitor,
        Some(&format!("username=admin&password={PASSWORD}&csrf={csrf}")),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let session = a.cookie(SESSION_COOKIE);

    // The list links to it; its page has the ballot form for the admin.
    let list = request(&server, "GET", "/rondes", &session, None);
    assert!(list
        .body
        .contains(&format!("href=\"/rondes/{PRACTICE_ROUND}\"")));
    let page = request(
        &server,
        "GET",
        &format!("/rondes/{PRACTICE_ROUND}"),
        &session,
        None,
    );
    assert!(
        page.body
            .contains(&format!("action=\"/rondes/{PRACTICE_ROUND}/stem\"")),
        "{}",
        page.body
    );
    let csrf = page.value_of("csrf");
    let a = request(
        &server,
        "POST",
        &format!("/rondes/{PRACTICE_ROUND}/stem"),
        &session,
        Some(&format!("top={}&csrf={csrf}", candidates[0])),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(round(&server)["summary"]["ballots"], 1);
    drop(server);

    // A second start: the round is there once, with its ballot.
    let server = serve(&db);
    let list = request(&server, "GET", "/api/v1/rondes", "", None);
    let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let practice: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == PRACTICE_ROUND)
        .collect();
    assert_eq!(practice.len(), 1);
    assert_eq!(practice[0]["ballots"], 1);
}
