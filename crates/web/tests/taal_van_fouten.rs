//! Every refusal in the reader's language: a Dutch page says why in Dutch and an English page
//! in English (a role refusal, an invalid field, an unknown key, a refused ballot), and API
//! JSON speaks the request's language (`?lang=`, `Accept-Language`, else Dutch) while its
//! `field` stays the same machine name. A scan of the messages of many bad requests finds no
//! English words in the Dutch ones and no Dutch words in the English ones.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use common::{api, app, get_page, login, post_form, send, token, PROJECT, ROUND};

/// Words that betray English in a Dutch message.
const ENGELS: &[&str] = &[
    "only",
    "must",
    "expected",
    "does not exist",
    "field",
    "unknown",
    "is not",
    "exists already",
    "forbidden",
];

/// Words that betray Dutch in an English message.
const NEDERLANDS: &[&str] = &[
    "alleen",
    "moet",
    "verwacht",
    "bestaat niet",
    "bestaat al",
    "veld",
    "onbekend",
    "is geen",
    "niet toegestaan",
    "mag niet",
];

/// The words of `list` found in `text` (whole words or phrases, ignoring case; a field name
/// such as `expected_in_practice` is one word, and no language's).
fn found(text: &str, list: &[&str]) -> Vec<String> {
    let lower = format!(" {} ", text.to_lowercase());
    let words: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    list.iter()
        .filter(|w| {
            let w = format!(" {} ", w.to_lowercase());
            words.contains(&w)
        })
        .map(|w| (*w).to_owned())
        .collect()
}

/// The text of the refusal on a page: the alert at a form, or the message of an error page.
fn refusal(body: &str) -> String {
    let start = body
        .find("role=\"alert\">")
        .map(|i| i + 13)
        .or_else(|| body.find("</h1><p>").map(|i| i + 8))
        .unwrap_or_else(|| panic!("no refusal on the page: {body}"));
    let end = body[start..].find("</p>").unwrap() + start;
    body[start..end].to_owned()
}

#[tokio::test]
async fn a_role_refusal_is_in_the_page_language() {
    let (app, _) = app();
    let hu = login(&app, "hu").await;
    for (lang, expected) in [
        ("nl", "niet toegestaan: deze gebruiker mag project"),
        ("en", "forbidden: this user may not edit project"),
    ] {
        let uri = format!("/projecten/{PROJECT}?lang={lang}");
        let a = send(&app, post_form(&uri, &hu, "trl=5")).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
        assert!(a.body.contains(&format!("<html lang=\"{lang}\"")));
        let r = refusal(&a.body);
        assert!(r.contains(expected), "{lang}: {r}");
    }
}

#[tokio::test]
async fn an_invalid_field_is_refused_in_the_page_language() {
    let (app, _) = app();
    let umc = login(&app, "umc").await;
    for (lang, expected) in [
        ("nl", "TRL 12 ligt niet tussen 1 en 9"),
        ("en", "TRL 12 is outside 1-9"),
    ] {
        let uri = format!("/projecten/{PROJECT}?lang={lang}");
        let a = send(&app, post_form(&uri, &umc, "trl=12&status=lopend")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        let r = refusal(&a.body);
        assert!(r.contains(expected), "{lang}: {r}");
        assert!(r.contains("<code>trl</code>"), "the field stays named: {r}");
    }
}

#[tokio::test]
async fn an_unknown_key_is_a_404_in_the_page_language() {
    let (app, _) = app();
    for (uri, expected) in [
        ("/missies/XIV", "missie 'XIV' bestaat niet"),
        ("/missies/XIV?lang=en", "mission 'XIV' does not exist"),
        ("/rondes/bestaat-niet", "ronde 'bestaat-niet' bestaat niet"),
        (
            "/rondes/bestaat-niet?lang=en",
            "round 'bestaat-niet' does not exist",
        ),
    ] {
        let a = send(&app, get_page(uri, None)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}: {}", a.body);
        let r = refusal(&a.body).replace("&#39;", "'");
        assert!(r.contains(expected), "{uri}: {r}");
    }
}

#[tokio::test]
async fn a_refused_ballot_is_explained_in_the_page_language() {
    let (app, _) = app();
    let team = login(&app, "team2").await;
    for (lang, expected) in [
        ("nl", "'geen-kandidaat' is geen kandidaat van deze ronde"),
        ("en", "'geen-kandidaat' is not a candidate of this round"),
    ] {
        let uri = format!("/rondes/{ROUND}/stem?lang={lang}");
        let a = send(&app, post_form(&uri, &team, "top=geen-kandidaat")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        let r = refusal(&a.body).replace("&#39;", "'");
        assert!(r.contains(expected), "{lang}: {r}");
    }
}

#[tokio::test]
async fn api_json_speaks_the_language_of_the_request() {
    let (app, _) = app();
    let ask = |accept: Option<&str>, uri: &str| {
        let mut r = Request::get(uri);
        if let Some(a) = accept {
            r = r.header(header::ACCEPT_LANGUAGE, a);
        }
        r.body(Body::empty()).unwrap()
    };
    for (accept, uri, lang, expected) in [
        (
            None,
            "/api/v1/instrumenten?trl=12",
            "nl",
            "TRL 12 ligt niet tussen 1 en 9",
        ),
        (
            Some("en-GB,en;q=0.9,nl;q=0.5"),
            "/api/v1/instrumenten?trl=12",
            "en",
            "TRL 12 is outside 1-9",
        ),
        (
            Some("en"),
            "/api/v1/instrumenten?trl=12&lang=nl",
            "nl",
            "TRL 12 ligt niet tussen 1 en 9",
        ),
        (
            Some("de, nl;q=0.8"),
            "/api/v1/missies/XIV",
            "nl",
            "onbekende missiecode 'XIV'",
        ),
        (
            None,
            "/api/v1/projecten/bestaat-niet?lang=en",
            "en",
            "project 'bestaat-niet' does not exist",
        ),
    ] {
        let a = send(&app, ask(accept, uri)).await;
        let v = a.json();
        assert_eq!(v["lang"], lang, "{uri}: {v}");
        let e = v["error"].as_str().unwrap();
        assert!(e.contains(expected), "{uri}: {v}");
        // Both texts are there for a client that shows either.
        let p = &v["problems"][0]["reason"];
        assert!(p["nl"].is_string() && p["en"].is_string(), "{v}");
        assert_ne!(p["nl"], p["en"], "{v}");
    }
}

/// The messages of bad requests, pages and API, in both languages: none in the other one.
#[tokio::test]
async fn no_english_words_in_dutch_refusals_and_no_dutch_words_in_english_ones() {
    let (app, state) = app();
    let umc = login(&app, "umc").await;
    let hu = login(&app, "hu").await;
    let team = login(&app, "team2").await;
    let lezer = login(&app, "lezer").await;
    let admin_token = token(&state, "admin");
    let team5 = token(&state, "team5");
    let mut checked = 0;
    for lang in ["nl", "en"] {
        let (bad, words) = match lang {
            "nl" => (ENGELS, "English"),
            _ => (NEDERLANDS, "Dutch"),
        };
        let mut texts: Vec<(String, String)> = Vec::new();
        // API refusals.
        for uri in [
            "/api/v1/missies/VII",
            "/api/v1/projecten?missie=VII",
            "/api/v1/instrumenten?trl=12",
            "/api/v1/instrumenten?missie=II&trl=abc",
            "/api/v1/missies/II/synthese?trl=0",
            "/api/v1/projecten/Niet%20Geldig!",
            "/api/v1/projecten/bestaat-niet",
            "/api/v1/zoeken?soort=boek&q=zorg",
            "/api/v1/zoeken",
        ] {
            let sep = if uri.contains('?') { '&' } else { '?' };
            let a = send(&app, get_page(&format!("{uri}{sep}lang={lang}"), None)).await;
            texts.push((uri.to_owned(), a.json()["error"].to_string()));
        }
        for (method, uri, bearer, body) in [
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &admin_token,
                r#"{"trl": 12}"#,
            ),
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &admin_token,
                r#"{"kleur": 1}"#,
            ),
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &admin_token,
                r#"{}"#,
            ),
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &admin_token,
                r#"[1]"#,
            ),
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &team5,
                r#"{"trl": 5}"#,
            ),
            (
                Method::PUT,
                format!("/api/v1/projecten/{PROJECT}"),
                &admin_token,
                r#"{"status": "klaar"}"#,
            ),
        ] {
            let a = send(
                &app,
                api(method, &format!("{uri}?lang={lang}"), Some(bearer), body),
            )
            .await;
            texts.push((format!("{uri} {body}"), a.json()["error"].to_string()));
        }
        // Page refusals.
        for (sessie, uri, body) in [
            (
                &umc,
                format!("/projecten/{PROJECT}"),
                "trl=12&status=lopend",
            ),
            (&umc, format!("/projecten/{PROJECT}"), "trl=x&status=lopend"),
            (&umc, format!("/projecten/{PROJECT}"), "status=klaar"),
            (&hu, format!("/projecten/{PROJECT}"), "trl=5"),
            (&team, format!("/rondes/{ROUND}/stem"), "top=geen-kandidaat"),
            (&lezer, format!("/rondes/{ROUND}/stem"), "top=baas"),
        ] {
            let a = send(&app, post_form(&format!("{uri}?lang={lang}"), sessie, body)).await;
            texts.push((format!("{uri} {body}"), refusal(&a.body)));
        }
        for uri in [
            "/missies/XIV",
            "/rondes/bestaat-niet",
            "/projecten/bestaat-niet",
        ] {
            let a = send(&app, get_page(&format!("{uri}?lang={lang}"), None)).await;
            texts.push((uri.to_owned(), refusal(&a.body)));
        }
        for (what, text) in &texts {
            let text = text.replace("&#39;", "'");
            // Codes and ids the user typed are theirs, not the message's language.
            let text = text
                .replace("Niet Geldig!", "")
                .replace("bestaat-niet", "")
                .replace("geen-kandidaat", "");
            let hits = found(&text, bad);
            assert!(
                hits.is_empty(),
                "{words} words {hits:?} in the {lang} refusal of {what}: {text}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked}");
}
