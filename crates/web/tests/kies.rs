//! The knowledge and innovation ecosystem on the web: a page per mission with the tree drawn
//! as SVG (well-formed, with a legend and a text version), linked from the mission page, an
//! empty state that says why, and the API (`/api/v1/kies`, `/api/v1/missies/{code}/kies`).

mod common;

use axum::http::{Method, StatusCode};

use gemeten_domain::{MissieCode, RegisterParts};
use gemeten_store::RegisterStore;

use common::{api, app, fingerprint, get_page, login, post_form, send, state_over, token, PROJECT};

/// The `<svg class="kies" …>…</svg>` of a page.
fn svg_of(body: &str) -> &str {
    let start = body.find("<svg class=\"kies\"").expect("a KIES chart");
    let end = start + body[start..].find("</svg>").expect("closed") + "</svg>".len();
    &body[start..end]
}

/// A small XML well-formedness check: every tag closes in order, attributes are quoted, text
/// holds no bare `<` or `&` that is no entity. Returns the number of elements.
fn well_formed(xml: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    let mut elements = 0;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .ok_or(format!("</{name}> without opening tag"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            check_attributes(&tag[name.len()..])?;
            elements += 1;
            if !self_closing {
                stack.push(name.to_owned());
            }
        }
        rest = &rest[gt + 1..];
    }
    check_text(rest)?;
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    Ok(elements)
}

fn check_text(t: &str) -> Result<(), String> {
    for (i, _) in t.match_indices('&') {
        let entity = &t[i..t[i..].find(';').map_or(t.len(), |e| i + e + 1)];
        if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;"].contains(&entity)
            && !entity.starts_with("&#")
        {
            return Err(format!(
                "bare & in text: {:?}",
                &t[i..(i + 12).min(t.len())]
            ));
        }
    }
    if t.contains('>') {
        return Err(format!("'>' in text {t:?}"));
    }
    Ok(())
}

fn check_attributes(mut a: &str) -> Result<(), String> {
    loop {
        a = a.trim_start();
        if a.is_empty() {
            return Ok(());
        }
        let eq = a
            .find('=')
            .ok_or(format!("attribute without value: {a:?}"))?;
        let name = &a[..eq];
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name {name:?}"));
        }
        let value = &a[eq + 1..];
        let q = value.chars().next().ok_or("attribute without value")?;
        if q != '"' && q != '\'' {
            return Err(format!("unquoted attribute {name}"));
        }
        let end = value[1..]
            .find(q)
            .ok_or(format!("unclosed attribute {name}"))?
            + 1;
        let v = &value[1..end];
        if v.contains('<') {
            return Err(format!("'<' in attribute {name}"));
        }
        check_text(&v.replace('>', ""))?;
        a = &value[end + 1..];
    }
}

#[test]
fn the_well_formedness_check_catches_what_it_should() {
    assert_eq!(
        well_formed("<svg a=\"1\"><g><rect x=\"1\"/></g></svg>"),
        Ok(3)
    );
    assert!(well_formed("<svg><g></svg>").is_err());
    assert!(well_formed("<svg a=1></svg>").is_err());
    assert!(well_formed("<svg>A & B</svg>").is_err());
    assert!(well_formed("<svg><g>").is_err());
}

#[tokio::test]
async fn every_missions_ecosystem_page_draws_its_elements_with_a_legend_and_a_text_version() {
    let (app, state) = app();
    for code in MissieCode::ALL {
        let graaf = state.register.kies(Some(*code), None);
        assert!(!graaf.knopen.is_empty(), "{code}");
        for lang in ["", "?lang=en"] {
            let uri = format!("/missies/{code}/kies{lang}");
            let a = send(&app, get_page(&uri, None)).await;
            assert_eq!(a.status, StatusCode::OK, "{uri}");
            let svg = svg_of(&a.body);
            let n = well_formed(svg).unwrap_or_else(|e| panic!("{uri}: {e}\n{svg}"));
            assert!(n > graaf.knopen.len(), "{uri}");
            // One box per element (the legend adds one swatch per kind).
            assert_eq!(
                svg.matches("class=\"kies-element\"").count(),
                graaf.knopen.len(),
                "{uri}"
            );
            assert!(svg.contains("role=\"img\"") && svg.contains("<desc>"));
            // The text version: one table row per element, each with the row's words.
            for k in &graaf.knopen {
                assert!(
                    a.body.contains(&format!("id=\"kies-{}\"", k.id)),
                    "{uri} {}",
                    k.id
                );
            }
            let legend = if lang.is_empty() {
                "ook in het register"
            } else {
                "also in the register"
            };
            assert!(svg.contains(legend), "{uri}");
            // The document's words in the other language than the page's are marked.
            let english = graaf.knopen.iter().filter(|k| k.name_is_english).count();
            let dutch = graaf.knopen.len() - english;
            if lang.is_empty() {
                assert!(a.body.contains("Figuur 5, r. 6181-6327"), "{uri}");
                let marked = svg.matches("class=\"kies-element\" lang=\"en\"").count();
                assert_eq!(marked, english, "{uri}");
            } else {
                assert!(a.body.contains("Knowledge and innovation ecosystem"));
                let marked = svg.matches("class=\"kies-element\" lang=\"nl\"").count();
                assert_eq!(marked, dutch, "{uri}");
            }
        }
        // Linked from the mission page.
        let m = send(&app, get_page(&format!("/missies/{code}"), None)).await;
        assert!(
            m.body.contains(&format!("href=\"/missies/{code}/kies\"")),
            "{code}"
        );
    }
    // Mission IV's row: the dementia consortia, and NDS (Tabel 2) among the care agreements.
    let iv = send(&app, get_page("/missies/IV/kies", None)).await;
    for id in [
        "pps-aboard",
        "pps-tap-dementia",
        "za-nds",
        "mjp-87",
        "kem-gedrag",
    ] {
        assert!(iv.body.contains(&format!("id=\"kies-{id}\"")), "{id}");
    }
    assert!(!iv.body.contains("id=\"kies-pps-amr-global\""));
    // Health-RI is the register's organisation and NGF instrument.
    let c = send(&app, get_page("/missies/C/kies", None)).await;
    assert!(c
        .body
        .contains("Health Research Infrastructure (Health-RI)"));
    assert!(c.body.contains(">Health-RI</a>"), "organisation link");
    // A code that is no mission: 404.
    let x = send(&app, get_page("/missies/VI/kies", None)).await;
    assert_eq!(x.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_register_without_the_ecosystem_says_why_and_how_to_get_it() {
    let mut parts: RegisterParts = gemeten_interchange::reference_register()
        .unwrap()
        .into_parts();
    parts.kies_knoop.clear();
    parts.kies_pijl.clear();
    let register = gemeten_domain::Register::new(parts).unwrap();
    let state = state_over(register, |s, r| s.replace(r).unwrap());
    let app = gemeten_web::router(state);
    let a = send(&app, get_page("/missies/II/kies", None)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("geen elementen van het ecosysteem"),
        "{}",
        a.body
    );
    assert!(a.body.contains("gemeten init --reset"));
    assert!(a
        .body
        .contains("Figuur 5 (000, Bijlagen, Figuur 5, r. 6181-6327)"));
    assert!(!a.body.contains("<svg class=\"kies\""));
    let en = send(&app, get_page("/missies/II/kies?lang=en", None)).await;
    assert!(en.body.contains("holds no elements of the ecosystem"));
    let j = send(&app, api(Method::GET, "/api/v1/missies/II/kies", None, "")).await;
    assert_eq!(j.status, StatusCode::OK);
    assert_eq!(j.json()["knopen"], serde_json::json!([]));
}

#[tokio::test]
async fn the_api_gives_nodes_and_links_by_mission_and_kind() {
    let (app, _state) = app();
    let all = send(&app, api(Method::GET, "/api/v1/kies", None, "")).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let all = all.json();
    assert_eq!(all["missie"], serde_json::Value::Null);
    assert_eq!(all["knopen"].as_array().unwrap().len(), 124);
    assert_eq!(all["pijlen"].as_array().unwrap().len(), 213);
    // Every link of every element to the register: Health-RI twice (organisation, instrument).
    let v = all["verwijzingen"].as_array().unwrap();
    assert!(v.iter().any(|x| x["from"] == "pps-health-ri"
        && x["to_kind"] == "instrument"
        && x["to"] == "ngf-health-ri"));
    assert!(v
        .iter()
        .any(|x| x["from"] == "za-iza" && x["to_kind"] == "programma" && x["to"] == "IZA"));
    // Legend-only elements have no mission.
    let fair = all["knopen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "pps-fair")
        .unwrap();
    assert_eq!(fair["missies"], serde_json::json!([]));

    let q = send(
        &app,
        api(
            Method::GET,
            "/api/v1/kies?missie=IV&soort=partnerschap",
            None,
            "",
        ),
    )
    .await;
    assert_eq!(q.status, StatusCode::OK);
    let q = q.json();
    assert_eq!(
        (q["missie"].as_str(), q["kind"].as_str()),
        (Some("IV"), Some("partnerschap"))
    );
    let knopen = q["knopen"].as_array().unwrap();
    assert_eq!(knopen.len(), 16);
    assert!(knopen.iter().all(|k| k["kind"] == "partnerschap"));
    assert!(knopen
        .iter()
        .all(|k| k["missies"].as_array().unwrap().contains(&"IV".into())));
    // IMDI is also named in the rows of II and III: its missions say so.
    let imdi = knopen.iter().find(|k| k["id"] == "pps-imdi").unwrap();
    assert_eq!(imdi["missies"], serde_json::json!(["II", "III", "IV"]));
    let pijlen = q["pijlen"].as_array().unwrap();
    assert_eq!(pijlen.len(), 16);
    assert!(pijlen.iter().all(|p| p["to"] == "IV"));
    let tap = pijlen
        .iter()
        .find(|p| p["from"] == "pps-tap-dementia")
        .unwrap();
    assert_eq!(tap["text_nl"], "TAP-dementia");
    assert_eq!(tap["source"]["lines"], "6268", "one line as its number");

    // The mission's own address is the same as the filter.
    let ii = send(&app, api(Method::GET, "/api/v1/missies/II/kies", None, "")).await;
    let f = send(&app, api(Method::GET, "/api/v1/kies?missie=II", None, "")).await;
    assert_eq!(ii.json(), f.json());
    assert_eq!(ii.json()["knopen"].as_array().unwrap().len(), 36);

    // Refusals name the parameter.
    for (uri, field) in [
        ("/api/v1/kies?missie=VI", "missie"),
        ("/api/v1/kies?missie=ii", "missie"),
        ("/api/v1/kies?missie=", "missie"),
        ("/api/v1/kies?soort=bedrijf", "soort"),
        ("/api/v1/missies/0/kies", "code"),
    ] {
        let a = send(&app, api(Method::GET, uri, None, "")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{uri}");
    }
}

#[tokio::test]
async fn the_ecosystem_survives_the_store() {
    let (_app, state) = app();
    let loaded = common::with_store(&state, |s| s.load().unwrap());
    assert_eq!(loaded.parts().kies_knoop, state.register.parts().kies_knoop);
    assert_eq!(loaded.parts().kies_pijl, state.register.parts().kies_pijl);
    assert_eq!(loaded.parts().kies_pijl.len(), 213);
}

/// The example projects link elements: the page counts them per element (examples apart and
/// labelled) and links them, the project page links its elements to their rows, and
/// `GET /api/v1/kies/{id}` gives one element with its projects, paged.
#[tokio::test]
async fn elements_show_the_projects_that_link_them_on_page_and_api() {
    let (app, _state) = app();
    let iv = send(&app, get_page("/missies/IV/kies", None)).await;
    assert_eq!(iv.status, StatusCode::OK);
    let row = |body: &str, id: &str| -> String {
        let start = body.find(&format!("<tr id=\"kies-{id}\"")).expect(id);
        let end = start + body[start..].find("</tr>").unwrap();
        body[start..end].to_owned()
    };
    // TAP-dementia: one made-up example, labelled, linked.
    let tap = row(&iv.body, "pps-tap-dementia");
    assert!(tap.contains("0 projecten, 1 verzonnen voorbeeld"), "{tap}");
    assert!(
        tap.contains("href=\"/projecten/vb-dementie-thuis\""),
        "{tap}"
    );
    assert!(tap.contains("verzonnen voorbeeld</span>"), "{tap}");
    assert!(iv
        .body
        .contains("zijn verzonnen voorbeelden, geen echte projecten"));
    // An element no project links says so.
    assert!(row(&iv.body, "pps-voila").contains("<td>—</td>"));
    let en = send(&app, get_page("/missies/IV/kies?lang=en", None)).await;
    let tap = row(&en.body, "pps-tap-dementia");
    assert!(tap.contains("0 projects, 1 made-up example"), "{tap}");
    assert!(tap.contains("made-up example</span>"), "{tap}");
    assert!(en.body.contains("Projects that link it"));

    // The project page lists its elements, linked to their rows of its missions' pages (the
    // central mission's for Health-RI).
    let p = send(&app, get_page(&format!("/projecten/{PROJECT}"), None)).await;
    assert!(
        p.body.contains("Kennis- en innovatie-ecosysteem (KIES)"),
        "{}",
        p.body
    );
    assert!(
        p.body.contains("href=\"/missies/II/kies#kies-pps-dcva\""),
        "{}",
        p.body
    );
    assert!(p
        .body
        .contains("href=\"/missies/C/kies#kies-pps-health-ri\""));
    let p = send(
        &app,
        get_page(&format!("/projecten/{PROJECT}?lang=en"), None),
    )
    .await;
    assert!(p.body.contains("Knowledge and innovation ecosystem (KIES)"));

    // The API: the element with its counts and projects.
    let a = send(&app, api(Method::GET, "/api/v1/kies/tki-lsh", None, "")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.headers.get("x-total-count").unwrap(), "2");
    let j = a.json();
    assert_eq!(j["id"], "tki-lsh");
    assert_eq!(j["kind"], "topsector");
    assert_eq!(
        j["projecten"],
        serde_json::json!({"echt": 0, "voorbeeld": 2})
    );
    assert_eq!(j["missies"].as_array().unwrap().len(), 6);
    assert_eq!(j["pijlen"].as_array().unwrap().len(), 6);
    let ids: Vec<&str> = j["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["vb-amr-sneltest", "vb-thuismonitor-hartfalen"]);
    assert_eq!(j["items"][0]["voorbeeld"], true);
    assert_eq!(
        j["pagina"],
        serde_json::json!({"pagina": 1, "limiet": 100, "paginas": 1, "totaal": 2})
    );
    let a = send(
        &app,
        api(
            Method::GET,
            "/api/v1/kies/tki-lsh?pagina=2&limiet=1",
            None,
            "",
        ),
    )
    .await;
    let j = a.json();
    assert_eq!(j["items"].as_array().unwrap().len(), 1);
    assert_eq!(j["items"][0]["id"], "vb-thuismonitor-hartfalen");
    assert_eq!(j["pagina"]["paginas"], 2);
    // The register's records it is.
    let h = send(
        &app,
        api(Method::GET, "/api/v1/kies/pps-health-ri", None, ""),
    )
    .await
    .json();
    assert!(h["verwijzingen"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["to"] == "ngf-health-ri"));
    // The list counts too.
    let all = send(
        &app,
        api(Method::GET, "/api/v1/kies?soort=zorgakkoord", None, ""),
    )
    .await
    .json();
    let wozo = all["knopen"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "za-wozo")
        .unwrap();
    assert_eq!(
        wozo["projecten"],
        serde_json::json!({"echt": 0, "voorbeeld": 2})
    );
    // Unknown: 404 naming the id, in both languages; a bad id or page: 400.
    let x = send(
        &app,
        api(Method::GET, "/api/v1/kies/bestaat-niet", None, ""),
    )
    .await;
    assert_eq!(x.status, StatusCode::NOT_FOUND);
    assert_eq!(x.json()["field"], "id");
    let x = send(
        &app,
        api(Method::GET, "/api/v1/kies/bestaat-niet?lang=en", None, ""),
    )
    .await;
    assert!(
        x.json()["error"]
            .as_str()
            .unwrap()
            .contains("KIES element 'bestaat-niet' does not exist"),
        "{}",
        x.body
    );
    for (uri, field) in [
        ("/api/v1/kies/a%20b", "id"),
        ("/api/v1/kies/tki-lsh?pagina=0", "pagina"),
        ("/api/v1/kies/tki-lsh?limiet=1001", "limiet"),
    ] {
        let x = send(&app, api(Method::GET, uri, None, "")).await;
        assert_eq!(x.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(x.json()["field"], field, "{uri}");
    }
}

/// `PUT` and the form link elements; one of another mission's row is refused naming
/// `kies[i]`, in both languages, and nothing is written.
#[tokio::test]
async fn a_project_links_elements_through_put_and_the_form() {
    let (app, state) = app();
    let admin = token(&state, "admin");
    let uri = format!("/api/v1/projecten/{PROJECT}");
    let before = fingerprint(&state);
    for (lang, text) in [
        (
            "en",
            "KIES element 'pps-amr-global' is in Figure 5 for mission(s) V, none of which",
        ),
        (
            "nl",
            "KIES-element 'pps-amr-global' staat in Figuur 5 bij missie(s) V",
        ),
    ] {
        let a = send(
            &app,
            api(
                Method::PUT,
                &format!("{uri}?lang={lang}"),
                Some(&admin),
                r#"{"kies": ["tki-lsh", "pps-amr-global"]}"#,
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
        let j = a.json();
        assert_eq!(j["field"], "kies[1]");
        assert!(j["error"].as_str().unwrap().contains(text), "{j}");
    }
    let a = send(
        &app,
        api(
            Method::PUT,
            &uri,
            Some(&admin),
            r#"{"kies": ["tki-lsh", "tki-lsh"]}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(fingerprint(&state), before);

    let a = send(
        &app,
        api(
            Method::PUT,
            &uri,
            Some(&admin),
            r#"{"kies": ["ket-cs4nl"]}"#,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["changed"], serde_json::json!(["kies"]));
    let k = send(&app, api(Method::GET, "/api/v1/kies/ket-cs4nl", None, ""))
        .await
        .json();
    assert_eq!(k["items"][0]["id"], PROJECT);

    // The form offers the elements of its missions' rows and the central one's, ticked.
    let umc = login(&app, "umc").await;
    let page = send(&app, get_page(&format!("/projecten/{PROJECT}"), Some(&umc))).await;
    assert!(
        page.body
            .contains("value=\"ket-cs4nl\" id=\"kies-ket-cs4nl\" checked"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"kies-pps-health-ri\""));
    assert!(!page.body.contains("id=\"kies-pps-amr-global\""));
    let before = fingerprint(&state);
    let a = send(
        &app,
        post_form(
            &format!("/projecten/{PROJECT}"),
            &umc,
            "status=lopend&kies=&kies=pps-amr-global",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("<code>kies[0]</code>"), "{}", a.body);
    assert_eq!(fingerprint(&state), before);
    let a = send(
        &app,
        post_form(
            &format!("/projecten/{PROJECT}"),
            &umc,
            "status=lopend&kies=",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let k = send(&app, api(Method::GET, "/api/v1/kies/ket-cs4nl", None, ""))
        .await
        .json();
    assert_eq!(k["items"], serde_json::json!([]));
}
