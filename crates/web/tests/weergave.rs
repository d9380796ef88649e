//! A page and its JSON come from one view model, so they tell the same facts: the same
//! counts, the same statuses with the same words (in both languages), the same items. Each
//! test reads both answers and holds one against the other.

mod common;
mod kpi_gemeenschappelijk;

use axum::http::StatusCode;
use serde_json::Value;

use gemeten_domain::MissieCode;
use kpi_gemeenschappelijk::{app, get_from};

const TALEN: [&str; 2] = ["nl", "en"];

/// Text as the pages escape it.
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The count in the heading of section `id`: `<h2 id="doelen">Doelen <span class="count">(4)`.
fn section_count(page: &str, id: &str) -> usize {
    let at = page
        .find(&format!("<h2 id=\"{id}\">"))
        .unwrap_or_else(|| panic!("section {id}"));
    let rest = &page[at..];
    let open = rest.find("<span class=\"count\">(").unwrap() + "<span class=\"count\">(".len();
    rest[open..open + rest[open..].find(')').unwrap()]
        .parse()
        .unwrap()
}

/// The status words the page shows between `from` and `to`, sorted.
fn statuses(page: &str, from: &str, to: &str) -> Vec<String> {
    let start = page.find(from).unwrap_or_else(|| panic!("{from}"));
    let end = start + page[start..].find(to).unwrap_or(page.len() - start);
    let mut found: Vec<String> = page[start..end]
        .split("<span class=\"status ")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find("</span>").unwrap()].to_owned()
        })
        .collect();
    found.sort();
    found
}

fn labels(voortgang: &[Value], lang: &str) -> Vec<String> {
    let mut l: Vec<String> = voortgang
        .iter()
        .map(|v| v["status_label"][lang].as_str().unwrap().to_owned())
        .collect();
    l.sort();
    l
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_mission_page_and_its_json_show_the_same_targets_statuses_and_counts() {
    let app = app();
    let mut statuses_seen = std::collections::BTreeSet::new();
    for code in MissieCode::ALL {
        let j = get_from(&app, &format!("/api/v1/missies/{code}")).await;
        assert_eq!(j.status, StatusCode::OK, "{}", j.body);
        let j = j.json();
        let voortgang = j["voortgang"].as_array().unwrap();
        assert_eq!(voortgang.len(), len(&j["doelen"]), "{code}: one per target");
        for lang in TALEN {
            let p = get_from(&app, &format!("/missies/{code}?lang={lang}")).await;
            assert_eq!(p.status, StatusCode::OK);
            let page = &p.body;
            let what = format!("{code} ({lang})");
            for (section, member) in [
                ("doelen", "doelen"),
                ("vragen", "kia_vragen"),
                ("activiteiten", "activiteiten"),
                ("instrumenten", "instrumenten"),
            ] {
                assert_eq!(
                    section_count(page, section),
                    len(&j[member]),
                    "{what}: {section}"
                );
            }
            let pijplijn = &j["pijplijn"];
            assert_eq!(
                section_count(page, "pijplijn") as u64,
                pijplijn["innovaties"].as_u64().unwrap() + pijplijn["projecten"].as_u64().unwrap(),
                "{what}: pipeline"
            );
            let met_reeks: Vec<&Value> =
                voortgang.iter().filter(|v| len(&v["reeks"]) > 0).collect();
            assert_eq!(
                section_count(page, "voortgang"),
                met_reeks.len(),
                "{what}: targets with a series"
            );
            // Every target's status on the page, in the page's words, and no other.
            assert_eq!(
                statuses(page, "<h2 id=\"voortgang\">", "<h2 id=\"toc\">"),
                labels(voortgang, lang),
                "{what}: statuses"
            );
            for v in &met_reeks {
                let id = format!("id=\"traject-{}\"", v["doel"].as_str().unwrap());
                let at = page.find(&id).unwrap_or_else(|| panic!("{what}: {id}"));
                let figure = &page[at..at + page[at..].find("</figure>").unwrap()];
                let reason = if lang == "nl" {
                    &v["reason"]
                } else {
                    &v["reason_en"]
                };
                assert!(
                    figure.contains(&html(reason.as_str().unwrap())),
                    "{what}: {id} reason {reason}"
                );
                if let Some(t) = v.get("trend") {
                    assert!(
                        figure.contains(&html(t["oordeel"][lang].as_str().unwrap())),
                        "{what}: {id} trend"
                    );
                }
            }
            let monitor_rows = page.find("<table class=\"monitor\">").map_or(0, |at| {
                let t = &page[at..at + page[at..].find("</table>").unwrap()];
                t.matches("<th scope=\"row\">").count()
            });
            assert_eq!(monitor_rows, len(&j["monitor"]), "{what}: monitor");
        }
        statuses_seen.extend(voortgang.iter().map(|v| v["status"].to_string()));
    }
    // The sample observations give more than one status, so the comparison says something.
    assert!(statuses_seen.len() >= 2, "{statuses_seen:?}");
}

#[tokio::test]
async fn the_overview_and_its_json_show_the_same_counts_and_statuses() {
    let app = app();
    let list = get_from(&app, "/api/v1/missies").await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), MissieCode::ALL.len());
    let alle: Vec<Value> = list
        .iter()
        .flat_map(|m| m["voortgang"].as_array().unwrap().clone())
        .collect();
    for lang in TALEN {
        let page = get_from(&app, &format!("/?lang={lang}")).await.body;
        for m in list {
            let code = m["code"].as_str().unwrap();
            let link = format!("<th scope=\"row\"><a href=\"/missies/{code}\">");
            let at = page.find(&link).unwrap_or_else(|| panic!("{code}"));
            let row = &page[at..at + page[at..].find("</tr>").unwrap()];
            let cells: Vec<usize> = row
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| {
                    // The projects' count is a link to the mission's projects.
                    let c = match c.strip_prefix("<a") {
                        Some(link) => &link[link.find('>').unwrap() + 1..],
                        None => c,
                    };
                    c[..c.find('<').unwrap()].parse().unwrap()
                })
                .collect();
            let counts = &m["counts"];
            let expected: Vec<usize> = [
                "doelen",
                "kia_vragen",
                "activiteiten",
                "instrumenten",
                "innovaties",
                "projecten",
            ]
            .iter()
            .map(|k| counts[k].as_u64().unwrap() as usize)
            .collect();
            assert_eq!(cells, expected, "{code} ({lang}): {row}");
            // Each target of the mission in the status table, with the JSON's status words.
            for v in m["voortgang"].as_array().unwrap() {
                let href = format!(
                    "href=\"/missies/{code}#traject-{}\"",
                    v["doel"].as_str().unwrap()
                );
                let at = page.find(&href).unwrap_or_else(|| panic!("{href}"));
                let row = &page[at..at + page[at..].find("</tr>").unwrap()];
                let label = v["status_label"][lang].as_str().unwrap();
                assert!(row.contains(&format!(">{label}</span>")), "{href}: {row}");
            }
        }
        assert_eq!(
            statuses(&page, "class=\"doelstatus\"", "</table>"),
            labels(&alle, lang),
            "{lang}"
        );
    }
}

/// The words the round pages write for a status of the API.
fn ronde_status(status: &str, lang: &str) -> &'static str {
    match (status, lang) {
        ("published", "nl") => "selectie gepubliceerd",
        ("published", _) => "selection published",
        ("no_ballots", "nl") => "open, nog geen stembiljetten",
        ("no_ballots", _) => "open, no ballots yet",
        ("voting", "nl") => "open, er wordt gestemd",
        ("voting", _) => "open, voting",
        other => panic!("a status the pages do not know: {other:?}"),
    }
}

#[tokio::test]
async fn the_rounds_pages_and_their_json_show_the_same_counts_statuses_and_results() {
    let (app, _state) = common::app();
    let get = |uri: String| {
        let app = app.clone();
        async move { common::send(&app, common::get_page(&uri, None)).await }
    };
    let list = get("/api/v1/rondes".into()).await.json();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 2, "{list:?}");
    let mut statuses = std::collections::BTreeSet::new();
    for lang in TALEN {
        let page = get(format!("/rondes?lang={lang}")).await.body;
        assert_eq!(
            page.matches("<th scope=\"row\"><a href=\"/rondes/").count(),
            list.len(),
            "{lang}: one row per round"
        );
        for r in list {
            let id = r["id"].as_str().unwrap();
            let at = page
                .find(&format!("<a href=\"/rondes/{id}\">"))
                .unwrap_or_else(|| panic!("{id}"));
            let row = &page[at..at + page[at..].find("</tr>").unwrap()];
            let status = r["status"].as_str().unwrap();
            statuses.insert(status.to_owned());
            assert!(row.contains(ronde_status(status, lang)), "{id}: {row}");
            assert!(
                row.contains(&format!("<td class=\"num\">{}", r["ballots"])),
                "{id}: {row}"
            );

            let detail = get(format!("/api/v1/rondes/{id}")).await.json();
            assert_eq!(&detail["summary"], r, "{id}: the list's summary");
            let page = get(format!("/rondes/{id}?lang={lang}")).await.body;
            let results = detail["results"].as_array().unwrap();
            let heading = if lang == "nl" {
                "<h2>Uitslag</h2>"
            } else {
                "<h2>Result</h2>"
            };
            let section =
                &page[page.find(heading).unwrap()..page.rfind("href=\"/rondes\"").unwrap()];
            assert_eq!(
                section.matches("<h3>").count(),
                results.len(),
                "{id} ({lang}): one section per result"
            );
            // A method with a result shows one row per candidate, unless it ranks them all
            // equal: then it says it cannot tell them apart. The fingerprint is the JSON's.
            let mut rows = 0;
            let mut inseparable = 0;
            for u in results {
                assert!(
                    !section.contains(u["fingerprint"].as_str().unwrap()),
                    "{id}"
                );
                let ranking = u["ranking"].as_array().unwrap();
                if !u["not_applicable"].is_null() || ranking.is_empty() {
                    continue;
                }
                if ranking.len() > 1 && ranking.iter().all(|p| p["rank"] == ranking[0]["rank"]) {
                    inseparable += 1;
                } else {
                    rows += ranking.len();
                }
            }
            assert_eq!(
                section.matches("<th scope=\"row\">").count(),
                rows,
                "{id} ({lang})"
            );
            let says = if lang == "nl" {
                "niet van elkaar onderscheiden"
            } else {
                "cannot tell the candidates apart"
            };
            assert_eq!(section.matches(says).count(), inseparable, "{id} ({lang})");
            for (label, n) in [
                (("geteld", "counted"), &r["ballots"]),
                (("vervangen", "replaced"), &r["replaced"]),
            ] {
                let word = if lang == "nl" { label.0 } else { label.1 };
                assert!(
                    page.contains(&format!("{n} {word}")),
                    "{id} ({lang}): {n} {word}"
                );
            }
            assert!(page.contains(ronde_status(status, lang)), "{id} ({lang})");
        }
    }
    assert!(statuses.len() >= 2, "{statuses:?}");
}

/// The ids a list page links to in its rows, in order.
fn row_links(page: &str, prefix: &str) -> Vec<String> {
    let open = format!("<th scope=\"row\"><a href=\"{prefix}");
    page.split(&open)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn the_project_pages_and_their_json_show_the_same_projects() {
    let (app, state) = common::app();
    let get = |uri: String| {
        let app = app.clone();
        async move { common::send(&app, common::get_page(&uri, None)).await }
    };
    // A change, so the history has something in it.
    let admin = common::token(&state, "admin");
    let changed = common::send(
        &app,
        common::api(
            axum::http::Method::PUT,
            &format!("/api/v1/projecten/{}", common::PROJECT),
            Some(&admin),
            r#"{"trl": 8, "status": "afgerond"}"#,
        ),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    for query in ["limiet=7&pagina=2", "missie=II&limiet=5", "missie=V"] {
        let api = get(format!("/api/v1/projecten?{query}")).await;
        let total: usize = api.headers["x-total-count"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let projects: Vec<gemeten_domain::Project> = serde_json::from_str(&api.body).unwrap();
        assert!(!projects.is_empty(), "{query}");
        for lang in TALEN {
            let page = get(format!("/projecten?{query}&lang={lang}")).await.body;
            let ids: Vec<String> = projects.iter().map(|p| p.id.to_string()).collect();
            assert_eq!(row_links(&page, "/projecten/"), ids, "{query} ({lang})");
            let word = match (lang, total) {
                (_, 1) => "project",
                ("nl", _) => "projecten",
                _ => "projects",
            };
            assert!(
                page.contains(&format!("<caption>{total} {word}")),
                "{query} ({lang}): {total}"
            );
            for p in &projects {
                let at = page
                    .find(&format!("<a href=\"/projecten/{}\"", p.id))
                    .unwrap();
                let row = &page[at..at + page[at..].find("</tr>").unwrap()];
                let status = if lang == "nl" {
                    p.status.label_nl()
                } else {
                    p.status.label_en()
                };
                assert!(
                    row.contains(&format!("<td>{status}</td>")),
                    "{}: {row}",
                    p.id
                );
            }
        }
    }

    let one = get(format!("/api/v1/projecten/{}", common::PROJECT))
        .await
        .json();
    let project: gemeten_domain::Project = serde_json::from_value(one["project"].clone()).unwrap();
    let history = one["history"].as_array().unwrap();
    assert!(history.len() >= 2, "{history:?}");
    for lang in TALEN {
        let page = get(format!("/projecten/{}?lang={lang}", common::PROJECT))
            .await
            .body;
        let status = if lang == "nl" {
            project.status.label_nl()
        } else {
            project.status.label_en()
        };
        assert!(
            page.contains(&format!("<dd>{status}</dd>")),
            "{lang}: {status}"
        );
        let head = if lang == "nl" {
            "Geschiedenis"
        } else {
            "History"
        };
        assert!(
            page.contains(&format!("<h2>{head} ({})</h2>", history.len())),
            "{lang}"
        );
        for w in history {
            assert!(page.contains(&format!("<code>{}</code>", w["field"].as_str().unwrap())));
        }
        assert!(page.contains(&format!("<h2>Partners ({})</h2>", project.partners.len())));
    }
}

#[tokio::test]
async fn the_innovation_pages_and_their_json_show_the_same_innovations() {
    let (app, _state) = common::app();
    let get = |uri: String| {
        let app = app.clone();
        async move { common::send(&app, common::get_page(&uri, None)).await }
    };
    for query in ["", "missie=II", "missie=III&trl=4", "trl=6"] {
        let list = get(format!("/api/v1/innovaties?{query}")).await.json();
        let ids: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();
        for lang in TALEN {
            let page = get(format!("/innovaties?{query}&lang={lang}")).await.body;
            assert_eq!(row_links(&page, "/innovaties/"), ids, "{query} ({lang})");
        }
    }
    let list = get("/api/v1/innovaties".into()).await.json();
    for i in list.as_array().unwrap().iter().take(5) {
        let id = i["id"].as_str().unwrap();
        let d = get(format!("/api/v1/innovaties/{id}")).await.json();
        for lang in TALEN {
            let page = get(format!("/innovaties/{id}?lang={lang}")).await.body;
            for (section, member) in [("projecten", "projecten"), ("barrieres", "barrieres")] {
                assert_eq!(
                    section_count(&page, section),
                    len(&d[member]),
                    "{id} ({lang}): {section}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_users_page_and_its_json_show_the_same_users() {
    let (app, state) = common::app();
    let admin = common::token(&state, "admin");
    let sessie = common::login(&app, "admin").await;
    let list = common::send(
        &app,
        common::api(
            axum::http::Method::GET,
            "/api/v1/gebruikers",
            Some(&admin),
            "",
        ),
    )
    .await
    .json();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 6, "{list:?}");
    for lang in TALEN {
        let page = common::send(
            &app,
            common::get_page(&format!("/beheer/gebruikers?lang={lang}"), Some(&sessie)),
        )
        .await
        .body;
        // Each row's header cell links the username to the user's page.
        let rows: Vec<&str> = page
            .split("<th scope=\"row\">")
            .skip(1)
            .filter_map(|r| r.find("<code>").map(|i| &r[i + "<code>".len()..]))
            .map(|r| &r[..r.find("</tr>").unwrap()])
            .collect();
        assert_eq!(rows.len(), list.len(), "{lang}");
        for (row, u) in rows.iter().zip(list) {
            let text = |k: &str| u[k].as_str().unwrap_or("—").to_owned();
            assert!(
                row.starts_with(&format!("{}</code>", text("username"))),
                "{row}"
            );
            let cells: Vec<&str> = row
                .split("<td>")
                .skip(1)
                .map(|c| &c[..c.find("</td>").unwrap()])
                .collect();
            assert_eq!(
                cells,
                [
                    html(&text("display_name")),
                    text("role"),
                    html(&text("organisation")),
                    text("missie"),
                    (if lang == "nl" { "actief" } else { "active" }).to_owned()
                ],
                "{lang}"
            );
        }
    }
}

/// The hit links of a search page's groups, in order.
fn hit_links(page: &str) -> Vec<String> {
    page.split("<ol class=\"treffers\">")
        .skip(1)
        .flat_map(|ol| {
            ol[..ol.find("</ol>").unwrap()]
                .split("<li><a href=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn the_search_page_and_its_json_show_the_same_counts_and_hits() {
    let (app, _state) = common::app();
    let get = |uri: String| {
        let app = app.clone();
        async move { common::send(&app, common::get_page(&uri, None)).await }
    };
    for q in ["zorg", "werkgever", "thuismonitor"] {
        let all = get(format!("/api/v1/zoeken?q={q}")).await.json();
        let total = all["total"].as_u64().unwrap();
        assert!(total > 0, "{q}");
        let per_soort = all["per_soort"].as_object().unwrap();
        assert_eq!(
            per_soort.values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
            total,
            "{q}"
        );
        for lang in TALEN {
            // The words are stemmed in the request's language: the page and the API of the
            // same language agree.
            let all = get(format!("/api/v1/zoeken?q={q}&lang={lang}"))
                .await
                .json();
            let total = all["total"].as_u64().unwrap();
            let per_soort = all["per_soort"].as_object().unwrap();
            let page = get(format!("/zoeken?q={q}&lang={lang}")).await.body;
            let word = match (lang, total) {
                ("nl", 1) => "resultaat",
                ("nl", _) => "resultaten",
                (_, 1) => "result",
                _ => "results",
            };
            assert!(
                page.contains(&format!("<p role=\"status\">{total} {word}")),
                "{q} ({lang}): {total}"
            );
            for (soort, n) in per_soort {
                let n = n.as_u64().unwrap() as usize;
                if n > 0 {
                    assert_eq!(
                        section_count(&page, &format!("groep-{soort}")),
                        n,
                        "{q} {soort}"
                    );
                } else {
                    assert!(
                        !page.contains(&format!("id=\"groep-{soort}\"")),
                        "{q} {soort}"
                    );
                }
            }
        }
        // One kind: the page lists the same hits, in the same order, as the API.
        for (soort, n) in per_soort.iter().filter(|(_, n)| n.as_u64() > Some(0)) {
            let api = get(format!("/api/v1/zoeken?q={q}&soort={soort}&limiet=50"))
                .await
                .json();
            let hrefs: Vec<String> = api["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["href"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(hrefs.len(), (n.as_u64().unwrap() as usize).min(50));
            let page = get(format!("/zoeken?q={q}&soort={soort}")).await.body;
            assert_eq!(hit_links(&page), hrefs, "{q} {soort}");
        }
    }
}
