//! Every screen in a real browser at phone width (WCAG 1.4.10, reflow): headless Chromium
//! emulating a 320-px screen loads one page of every kind the router serves and fails when
//! the page scrolls sideways. Wide content (tables, charts) may scroll inside its own
//! container; the page itself may not.

mod browser;
mod common;

use std::collections::BTreeMap;

use fantoccini::Client;

use common::{app, PASSWORD};

/// One address per page kind, by route. A route the router has and this list lacks fails
/// the test, so a new page cannot skip it.
fn samples() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        ("/", vec!["/", "/?lang=en"]),
        ("/missies/{code}", vec!["/missies/II", "/missies/V?lang=en"]),
        ("/projecten", vec!["/projecten", "/projecten?lang=en"]),
        (
            "/projecten/{id}",
            vec!["/projecten/vb-thuismonitor-hartfalen"],
        ),
        ("/kpi", vec!["/kpi", "/kpi?kpi=gezonde_levensverwachting"]),
        (
            "/kpi/{code}",
            vec![
                "/kpi/gezonde_levensverwachting",
                "/kpi/rokers_jongeren?lang=en",
            ],
        ),
        ("/gebieden", vec!["/gebieden"]),
        ("/gebieden/{code}", vec!["/gebieden/GG3406"]),
        ("/innovaties", vec!["/innovaties"]),
        ("/innovaties/{id}", vec!["/innovaties/cva-portaal"]),
        ("/rondes", vec!["/rondes"]),
        ("/rondes/nieuw", vec!["/rondes/nieuw"]),
        (
            "/rondes/{id}",
            vec![
                "/rondes/002-II",
                "/rondes/test-ii",
                "/rondes/002-III-arbeid?lang=en",
            ],
        ),
        ("/zoeken", vec!["/zoeken?q=zorg", "/zoeken?q=hart&lang=en"]),
        ("/inloggen", vec!["/inloggen"]),
        ("/wachtwoord", vec!["/wachtwoord"]),
        ("/beheer/audit", vec!["/beheer/audit"]),
        ("/beheer/gebruikers", vec!["/beheer/gebruikers"]),
        (
            "/beheer/gebruikers/{username}",
            vec!["/beheer/gebruikers/umc"],
        ),
        ("/beheer/kpis", vec!["/beheer/kpis"]),
        ("/api", vec!["/api", "/api?lang=en"]),
    ])
}

/// Routes that are no pages: the stylesheet, downloads and the metrics.
fn no_page(path: &str) -> bool {
    path == gemeten_web::METRICS_PATH || [".css", ".csv", ".svg"].iter().any(|s| path.ends_with(s))
}

#[test]
fn every_page_route_has_a_sample() {
    let samples = samples();
    let missing: Vec<&str> = gemeten_web::page_operations()
        .into_iter()
        .filter(|(m, p)| *m == "get" && !no_page(p) && !samples.contains_key(p))
        .map(|(_, p)| p)
        .collect();
    assert!(
        missing.is_empty(),
        "page routes without a sample: {missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_kind_reflows_at_320_px() {
    let Some((chromium, driver)) = browser::installed() else {
        return;
    };
    let (app, _state) = app();
    let base = browser::serve(app).await;
    let (_driver, webdriver) = browser::chromedriver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let c = browser::phone(&webdriver, &chromium, profile.path(), 320).await;
    let result = visit_all(&c, &base).await;
    let _ = c.close().await;
    let failures = result.unwrap();
    assert!(
        failures.is_empty(),
        "pages that scroll sideways at 320 px:\n{}",
        failures.join("\n")
    );
}

async fn visit_all(c: &Client, base: &str) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let mut failures = Vec::new();
    // A visitor first: the login page and pages that do not exist; then an administrator,
    // who sees every form and the administration.
    let visitor = ["/inloggen", "/missies/XIV", "/bestaat/niet?lang=en"];
    let admin: Vec<&str> = samples().into_values().flatten().collect();
    for (i, path) in visitor.iter().chain(admin.iter()).enumerate() {
        if i == visitor.len() {
            browser::log_in(c, base, "admin", PASSWORD).await?;
        }
        c.goto(&format!("{base}{path}")).await?;
        if let Some(why) = browser::overflow(c).await? {
            failures.push(format!("{path}: {why}"));
        }
    }
    Ok(failures)
}

/// English words that have no place in Dutch UI text.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "not",
    "does",
    "with",
    "must",
    "should",
    "cannot",
    "found",
    "invalid",
    "required",
    "error",
    "please",
    "search",
    "save",
    "cancel",
    "deadline",
    "ballot",
    "round",
    "users",
    "previous",
    "next",
    "unknown",
    "computed",
    "exist",
    "missing",
    "none",
    "only",
    "which",
    "this",
    "that",
    "choose",
    "page",
    "log in",
    "log out",
    "password",
    "username",
    "submit",
    "filter by",
    "results",
    "yes",
];
/// Dutch words that have no place in English UI text outside a `lang="nl"` fragment.
const DUTCH: &[&str] = &[
    "de",
    "het",
    "een",
    "niet",
    "wordt",
    "zijn",
    "voor",
    "naar",
    "geen",
    "nog",
    "ook",
    "deze",
    "bij",
    "onbekend",
    "alle",
    "gebruiker",
    "ronde",
    "stem",
    "missie",
    "uitslag",
    "pagina",
    "zoeken",
    "inloggen",
    "wachtwoord",
    "projecten",
    "gekozen",
    "gelijk",
    "totaal",
];

/// The same address in the other language (`?lang=en` added, or removed for Dutch).
fn in_lang(path: &str, lang: &str) -> String {
    let base = path
        .replace("?lang=en&", "?")
        .replace("&lang=en", "")
        .replace("?lang=en", "");
    match lang {
        "en" if base.contains('?') => format!("{base}&lang=en"),
        "en" => format!("{base}?lang=en"),
        _ => format!(
            "{base}{}lang=nl",
            if base.contains('?') { '&' } else { '?' }
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_speaks_its_own_language() {
    let Some((chromium, driver)) = browser::installed() else {
        return;
    };
    let (app, _state) = app();
    let base = browser::serve(app).await;
    let (_driver, webdriver) = browser::chromedriver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let c = browser::phone(&webdriver, &chromium, profile.path(), 390).await;
    let result = async {
        let mut failures = Vec::new();
        let mut paths: Vec<&str> = vec!["/missies/XIV", "/bestaat/niet", "/inloggen"];
        let admin: Vec<&str> = samples().into_values().flatten().collect();
        paths.extend(&admin);
        for (i, path) in paths.iter().enumerate() {
            if i == 3 {
                browser::log_in(&c, &base, "admin", PASSWORD).await?;
            }
            for (lang, words) in [("nl", ENGLISH), ("en", DUTCH)] {
                let url = in_lang(path, lang);
                c.goto(&format!("{base}{url}")).await?;
                for w in browser::foreign_words(&c, lang, words).await? {
                    failures.push(format!("{url}: {w}"));
                }
            }
        }
        Ok::<_, fantoccini::error::CmdError>(failures)
    }
    .await;
    let _ = c.close().await;
    let failures = result.unwrap();
    assert!(
        failures.is_empty(),
        "{} words in the other language:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The done-when of issue 15 on a phone (390 px): a mission team member votes in a round
/// (results hidden until then, a refused ballot kept with the reason beside it), then an
/// administrator reads the audit log, filtered to that vote, and edits and disables a user,
/// whose page then shows the trail. No page scrolls sideways on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_officer_votes_reads_the_audit_log_and_manages_a_user_on_a_phone() {
    let Some((chromium, driver)) = browser::installed() else {
        return;
    };
    let (app, _state) = app();
    let base = browser::serve(app).await;
    let (_driver, webdriver) = browser::chromedriver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let c = browser::phone(&webdriver, &chromium, profile.path(), 390).await;
    let result = phone_flow(&c, &base).await;
    let _ = c.close().await;
    result.unwrap();
}

async fn no_overflow(c: &Client) -> Result<(), fantoccini::error::CmdError> {
    let url = c.current_url().await?;
    if let Some(why) = browser::overflow(c).await? {
        panic!("{url} scrolls sideways at 390 px: {why}");
    }
    Ok(())
}

async fn phone_flow(c: &Client, base: &str) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::Locator::{Css, Id};
    // 1. The mission team of II votes in the test round (a top 2 of four).
    browser::log_in(c, base, "team2", PASSWORD).await?;
    c.goto(&format!("{base}/rondes/{}", common::ROUND)).await?;
    no_overflow(c).await?;
    let page = browser::text(c, "main").await;
    assert!(
        page.contains("De tussenstand zie je nadat je hebt gestemd"),
        "{page}"
    );
    let boxes = c
        .find_all(Css("form.stem input[type='checkbox'][name='top']"))
        .await?;
    assert_eq!(boxes.len(), 4, "one checkbox per candidate");
    // Three of a top 2: refused, in Dutch, next to the choices, the three still ticked.
    for b in &boxes[..3] {
        b.click().await?;
    }
    browser::click_and_load(c, "form.stem button[type='submit']").await?;
    let fout = browser::text(c, "form.stem fieldset .fout").await;
    assert!(
        fout.contains("ten hoogste 2") || fout.contains("3"),
        "{fout}"
    );
    assert!(!fout.contains("allowed"), "the reason is Dutch: {fout}");
    let checked = c
        .find_all(Css("form.stem input[type='checkbox']:checked"))
        .await?;
    assert_eq!(checked.len(), 3, "the refused choice is kept");
    no_overflow(c).await?;
    // Two: counted; now the interim results show.
    checked[2].click().await?;
    browser::click_and_load(c, "form.stem button[type='submit']").await?;
    let page = browser::text(c, "main").await;
    assert!(page.contains("Je hebt gestemd"), "{page}");
    assert!(!page.contains("De tussenstand zie je nadat"), "{page}");
    assert!(page.contains("Aantal stemmen"), "{page}");
    no_overflow(c).await?;
    browser::log_out(c).await?;

    // 2. An administrator reads the audit log from the navigation, filtered to that vote.
    browser::log_in(c, base, "admin", PASSWORD).await?;
    browser::click_and_load(c, "header nav a[href='/beheer/audit']").await?;
    no_overflow(c).await?;
    c.find(Id("wie")).await?.select_by_value("team2").await?;
    c.find(Id("wat"))
        .await?
        .select_by_value("stembiljet uitgebracht")
        .await?;
    browser::click_and_load(c, "form.audit-filter button[type='submit']").await?;
    let rows = c.find_all(Css("table.audit tbody tr")).await?;
    assert_eq!(rows.len(), 1, "the one counted ballot");
    let row = rows[0].text().await?;
    assert!(
        row.contains("team2") && row.contains(common::ROUND),
        "{row}"
    );
    assert!(
        row.contains("2026") || row.contains("202"),
        "a readable date: {row}"
    );
    no_overflow(c).await?;

    // 3. The administrator edits and disables a user, and sees it in their trail.
    c.goto(&format!("{base}/beheer/gebruikers")).await?;
    browser::click_and_load(c, "a[href='/beheer/gebruikers/umc']").await?;
    no_overflow(c).await?;
    let naam = c.find(Id("display_name")).await?;
    naam.clear().await?;
    naam.send_keys("Umc Onderzoeker").await?;
    browser::click_and_load(c, "form.bewerken button[type='submit']").await?;
    assert_eq!(
        browser::text(c, "dl.feiten")
            .await
            .contains("Umc Onderzoeker"),
        true
    );
    browser::click_and_load(c, "form[action$='/uitschakelen'] button").await?;
    let trail = browser::text(c, "table.audit").await;
    assert!(trail.contains("gebruiker gewijzigd"), "{trail}");
    assert!(
        trail.contains("Umc Onderzoeker") && trail.contains("→"),
        "a readable before/after: {trail}"
    );
    assert!(trail.contains("gebruiker uitgeschakeld"), "{trail}");
    no_overflow(c).await?;
    c.goto(&format!("{base}/beheer/gebruikers")).await?;
    let list = browser::text(c, "table").await;
    assert!(
        list.contains("uitgeschakeld"),
        "the list shows the disabled user: {list}"
    );
    no_overflow(c).await?;
    Ok(())
}
