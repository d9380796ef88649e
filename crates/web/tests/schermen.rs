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
        (
            "/doelen/{id}",
            vec![
                "/doelen/II-zorg-in-leefomgeving",
                "/doelen/C-ses-verschil?lang=en",
                "/doelen/II-een-op-zes?lang=en",
            ],
        ),
        (
            "/missies/{code}/synthese",
            vec![
                "/missies/II/synthese?limiet=2",
                "/missies/II/synthese?lang=en&limiet=1&pagina=2&techniek_voor=true",
            ],
        ),
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
        ("/maatstaven", vec!["/maatstaven", "/maatstaven?lang=en"]),
        ("/bestuur", vec!["/bestuur?jaar=2026", "/bestuur?lang=en"]),
        (
            "/bestuur/{id}",
            vec!["/bestuur/kernteam", "/bestuur/missieteam-v?lang=en"],
        ),
        (
            "/activiteiten/{id}",
            vec!["/activiteiten/000-INT-1", "/activiteiten/000-IV-1?lang=en"],
        ),
        (
            "/missies/{code}/jaaragenda",
            vec![
                "/missies/II/jaaragenda?jaar=2026",
                "/missies/C/jaaragenda?jaar=2026&lang=en",
            ],
        ),
        (
            "/missies/{code}/kies",
            vec![
                "/missies/III/kies",
                "/missies/IV/kies",
                "/missies/C/kies?lang=en",
            ],
        ),
        ("/oproepen", vec!["/oproepen", "/oproepen?lang=en"]),
        ("/oproepen/{id}", vec!["/oproepen/scherm-oproep"]),
    ])
}

/// The app with what the samples need beyond the common seed: a call with a project that
/// came in with it and a stated contribution to the −30.
fn app_met_oproep() -> (axum::Router, gemeten_web::AppState) {
    let (app, state) = app();
    let instrument = state.register.parts().instrument[0].id.clone();
    common::with_store(&state, |s| {
        let oproep = gemeten_domain::Oproep {
            id: "scherm-oproep".parse().unwrap(),
            instrument,
            title_nl:
                "Oproep voor zorg thuis met een lange titel die op een telefoon moet afbreken"
                    .parse()
                    .unwrap(),
            title_en: None,
            opens: "2026-01-01".parse().unwrap(),
            closes: "2026-12-31".parse().unwrap(),
            requires_rocket: true,
            requires_target: Some("C-ses-verschil".parse().unwrap()),
        };
        s.add_call(&oproep, "admin").unwrap();
        s.add_contribution(
            &gemeten_domain::Bijdrage {
                project: "vb-thuismonitor-hartfalen".parse().unwrap(),
                doel: "C-ses-verschil".parse().unwrap(),
                toelichting: "meer gezonde jaren in wijken met de laagste inkomens"
                    .parse()
                    .unwrap(),
                oproep: Some(oproep.id.clone()),
            },
            "admin",
        )
        .unwrap();
    });
    (app, state)
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
    let (app, _state) = app_met_oproep();
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
    // who sees every form and the administration. Every page in both languages, each named
    // (`?lang=` is remembered in a cookie, so an unnamed one would take the last one's).
    let visitor = ["/inloggen", "/missies/XIV", "/bestaat/niet"];
    let admin: Vec<&str> = samples().into_values().flatten().collect();
    for (i, path) in visitor.iter().chain(admin.iter()).enumerate() {
        if i == visitor.len() {
            browser::log_in(c, base, "admin", PASSWORD).await?;
        }
        for lang in ["nl", "en"] {
            let path = in_lang(path, lang);
            c.goto(&format!("{base}{path}")).await?;
            if let Some(why) = browser::overflow(c).await? {
                failures.push(format!("{path}: {why}"));
            }
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

/// Not yet in one language: a search hit quotes the stored text, Dutch and English joined,
/// so its language cannot be marked per part (the index would have to keep them apart).
const SKIP: &str = "ol.treffers";
/// Proper names in the other language: a Dutch one inside English sentences of the
/// register, the English title of an NWO-KIC call among the Dutch instrument names, and an
/// English loanword the register's Dutch text uses (activity 000-C-4b: "nationaal hub and
/// spoke innovatieconsortium", on the central mission's yearly agenda).
const NAMES: &[&str] = &[
    "Nederland Zorgt Voor Elkaar",
    "Lifestyle and Living Environment",
    "hub and spoke",
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
    let (app, _state) = app_met_oproep();
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
                for w in browser::foreign_words(&c, lang, words, SKIP, NAMES).await? {
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

/// The done-when of issue 15 on the narrowest phone (320 px): one policy officer (an
/// administrator, on the round's list of participants) votes in a round (results hidden
/// until then, a refused ballot kept with the reason beside it), reads the audit log from
/// the navigation, filtered to that vote, and edits and disables a user, whose page then
/// shows the trail. No page scrolls sideways on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_officer_votes_reads_the_audit_log_and_manages_a_user_on_a_phone() {
    let Some((chromium, driver)) = browser::installed() else {
        return;
    };
    let (app, _state) = app_met_oproep();
    let base = browser::serve(app).await;
    let (_driver, webdriver) = browser::chromedriver(&driver);
    let profile = tempfile::tempdir().unwrap();
    let c = browser::phone(&webdriver, &chromium, profile.path(), 320).await;
    let result = phone_flow(&c, &base).await;
    let _ = c.close().await;
    result.unwrap();
}

/// Whether `text` holds a date and time as Dutch readers write them: `4 december 2026, 18:20`.
fn dutch_date_time(text: &str) -> bool {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(4).any(|w| {
        w[0].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
            && MAANDEN.contains(&w[1])
            && w[2]
                .strip_suffix(',')
                .is_some_and(|y| y.len() == 4 && y.parse::<u16>().is_ok())
            && w[3].len() == 5
            && w[3].as_bytes()[2] == b':'
            && w[3].split(':').all(|n| n.parse::<u8>().is_ok())
    })
}

async fn no_overflow(c: &Client) -> Result<(), fantoccini::error::CmdError> {
    let url = c.current_url().await?;
    if let Some(why) = browser::overflow(c).await? {
        panic!("{url} scrolls sideways at 320 px: {why}");
    }
    Ok(())
}

async fn phone_flow(c: &Client, base: &str) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::Locator::{Css, Id};
    // 1. The policy officer votes in the test round (a top 2 of four).
    browser::log_in(c, base, "admin", PASSWORD).await?;
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

    // 2. They read the audit log from the navigation, filtered to that vote.
    browser::click_and_load(c, "header nav a[href='/beheer/audit']").await?;
    no_overflow(c).await?;
    c.find(Id("wie")).await?.select_by_value("admin").await?;
    c.find(Id("wat"))
        .await?
        .select_by_value("stembiljet uitgebracht")
        .await?;
    browser::click_and_load(c, "form.audit-filter button[type='submit']").await?;
    let rows = c.find_all(Css("table.audit tbody tr")).await?;
    assert_eq!(rows.len(), 1, "the one counted ballot");
    let row = rows[0].text().await?;
    assert!(
        row.contains("admin") && row.contains(common::ROUND),
        "{row}"
    );
    assert!(dutch_date_time(&row), "a date and time in Dutch: {row}");
    no_overflow(c).await?;

    // 3. They edit and disable a user, and see it in that user's trail.
    c.goto(&format!("{base}/beheer/gebruikers")).await?;
    browser::click_and_load(c, "a[href='/beheer/gebruikers/umc']").await?;
    no_overflow(c).await?;
    let naam = c.find(Id("display_name")).await?;
    naam.clear().await?;
    naam.send_keys("Umc Onderzoeker").await?;
    // From contributor of an organisation to the mission team of II.
    c.find(Id("role"))
        .await?
        .select_by_value("missieteam")
        .await?;
    c.find(Id("organisation")).await?.clear().await?;
    c.find(Id("missie")).await?.select_by_value("II").await?;
    browser::click_and_load(c, "form.bewerken button[type='submit']").await?;
    let feiten = browser::text(c, "dl.feiten").await;
    assert!(feiten.contains("Umc Onderzoeker"), "{feiten}");
    assert!(feiten.to_lowercase().contains("missieteam"), "{feiten}");
    no_overflow(c).await?;
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

/// The text of an HTML page's cells and fact values (`<td>`, `<dd>`), tags removed.
fn cells(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["<td", "<dd"] {
        let close = if tag == "<td" { "</td>" } else { "</dd>" };
        let mut rest = html;
        while let Some(i) = rest.find(tag) {
            let after = &rest[i..];
            let Some(start) = after.find('>') else { break };
            let Some(end) = after.find(close) else { break };
            let inner = &after[start + 1..end.max(start + 1)];
            let mut text = String::new();
            let mut in_tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            rest = &after[end.max(1)..];
        }
    }
    out
}

/// Issue 15's honest pages, on every sample page in both languages: no value is a bare
/// "?" (an unknown value says "onbekend"/"unknown" and, on the page, why); the made-up example
/// projects are labelled where they show; the financing route shows the best few with why,
/// not every instrument in one list.
#[tokio::test]
async fn pages_say_what_is_unknown_and_what_is_made_up() {
    let (app, _state) = app_met_oproep();
    let admin = common::login(&app, "admin").await;
    let mut failures = Vec::new();
    let paths: Vec<&str> = samples().into_values().flatten().collect();
    for path in paths {
        for lang in ["nl", "en"] {
            let url = in_lang(path, lang);
            let a = common::send(&app, common::get_page(&url, Some(&admin))).await;
            for c in cells(&a.body) {
                if c.split(['/', '–']).any(|part| part.trim() == "?") {
                    failures.push(format!("{url}: a bare '?' in \"{c}\""));
                }
            }
            let onbekend = if lang == "nl" { "onbekend" } else { "unknown" };
            if a.body.contains(&format!("class=\"onbekend\">{onbekend}<"))
                && !a.body.contains("class=\"waarom\"")
            {
                failures.push(format!("{url}: 'onbekend' without why"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // An innovation of 002 without phases, TRL or SEL: "onbekend", and why, on its page.
    let a = common::send(&app, common::get_page("/innovaties/cva-portaal", None)).await;
    assert!(
        a.body.contains("<span class=\"onbekend\">onbekend</span>"),
        "{}",
        a.body
    );
    assert!(a.body.contains("002 tekent de fasen alleen in figuur 4.1"));
    let a = common::send(
        &app,
        common::get_page("/innovaties/cva-portaal?lang=en", None),
    )
    .await;
    assert!(a
        .body
        .contains("002 draws the phases only in its figure 4.1"));

    // The example projects: labelled in the list, on their page and where an innovation or
    // a mission's pipeline lists them.
    let a = common::send(&app, common::get_page("/projecten", None)).await;
    let rows = a.body.matches("href=\"/projecten/vb-").count();
    assert!(rows > 0);
    assert_eq!(
        a.body
            .matches("<span class=\"vb-label\">verzonnen voorbeeld</span>")
            .count(),
        rows,
        "every example row is labelled"
    );
    let a = common::send(
        &app,
        common::get_page("/projecten/vb-thuismonitor-hartfalen?lang=en", None),
    )
    .await;
    assert!(a
        .body
        .contains("Made-up example: this project does not exist."));
    let a = common::send(&app, common::get_page("/missies/II", None)).await;
    assert!(
        a.body.contains("verzonnen voorbeeld"),
        "pipeline rows of examples"
    );

    // The financing route: at most three best fits, each with why; the rest folded away.
    let a = common::send(&app, common::get_page("/innovaties/cva-portaal", None)).await;
    let beste = &a.body[a
        .body
        .find("<ol class=\"route-beste\">")
        .expect("best fits")..];
    let beste = &beste[..beste.find("</ol>").unwrap()];
    let n = beste.matches("<li>").count();
    assert!((1..=3).contains(&n), "{beste}");
    assert_eq!(beste.matches("class=\"meta\"").count(), n, "each with why");
    assert!(a.body.contains("Past ook ("), "the others folded away");
    assert!(
        !a.body.contains("Past nu ("),
        "no flat list of every instrument"
    );
}

/// Theory-of-change boxes hold all of their text: no "…" cut, and the caption sends nobody
/// to hover.
#[tokio::test]
async fn theory_of_change_boxes_are_read_without_a_mouse() {
    let (app, _state) = app_met_oproep();
    for (path, hover) in [
        ("/missies/II", "Beweeg over"),
        ("/missies/II?lang=en", "Hover"),
    ] {
        let a = common::send(&app, common::get_page(path, None)).await;
        let svg = &a.body[a.body.find("<svg class=\"toc\"").expect("a diagram")..];
        let svg = &svg[..svg.find("</svg>").unwrap()];
        let nodes = svg.matches("<g class=\"node\">").count();
        assert!(nodes > 3, "{nodes} boxes");
        assert!(!svg.contains('…'), "a box's text is cut");
        assert!(!a.body.contains(hover), "{path}");
        // Each box's lines, joined, are its full text (its <title> after the id).
        for g in svg.split("<g class=\"node\">").skip(1) {
            let title = &g[g.find("<title>").unwrap() + 7..g.find("</title>").unwrap()];
            let full = title.split_once(": ").unwrap().1;
            let lines: Vec<&str> = g
                .split("<tspan")
                .skip(1)
                .map(|t| &t[t.find('>').unwrap() + 1..t.find("</tspan>").unwrap()])
                .collect();
            assert_eq!(
                lines.join(" "),
                full.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}
