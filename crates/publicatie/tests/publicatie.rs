//! The catalogue names every dataset with its files and checksums; the report shows every
//! mission and target with its status, and draws its charts from the numbers it is given.

use gemeten_domain::{Lang, Trl, Waarneming};
use gemeten_indicators::{voortgang, Catalogus};
use gemeten_interchange::reference_register;
use gemeten_portfolio::synthese;
use gemeten_publicatie::{
    catalogus, rapport, verloop_van, Dataset, Distributie, RapportInvoer, Uitgever,
};

fn obs(kpi: &str, period: i32, value: f64) -> Waarneming {
    Waarneming::national(
        kpi,
        gemeten_domain::Meetperiode::jaar(period).unwrap(),
        value,
        "test",
    )
}

#[test]
fn the_catalogue_describes_each_dataset_and_file() {
    let d = Dataset {
        key: "kpi:x".into(),
        title_nl: "X".into(),
        title_en: "X".into(),
        description_nl: "een reeks".into(),
        temporal: Some((2019, 2024)),
        spatial: vec!["NL01".into(), "GG3406".into()],
        provenance: "CBS".into(),
        version: "abc".into(),
        distributions: vec![Distributie {
            path: "kpi/x.csv".into(),
            media_type: "text/csv",
            bytes: 12,
            sha256: "00ff".into(),
            title_nl: "kpi/x.csv (CSV)".into(),
        }],
        keywords: vec!["gezondheid".into()],
        synthetisch: false,
    };
    let u = Uitgever {
        name: "KIC".into(),
        license: "http://creativecommons.org/licenses/by/4.0/".into(),
        base_url: "https://gemeten.example.nl/".into(),
        contact_email: Some("data@example.nl".into()),
    };
    let c = catalogus(&u, &[d], "2026-11-23");
    assert_eq!(c["@type"], "dcat:Catalog");
    let set = &c["dcat:dataset"][0];
    assert_eq!(
        set["dct:identifier"],
        "https://gemeten.example.nl/api/v1/fair/datasets/kpi.x"
    );
    assert_eq!(set["@id"], set["dct:identifier"]);
    assert_eq!(set["dct:temporal"]["dcat:startDate"]["@value"], "2019");
    assert_eq!(set["dct:spatial"][1]["skos:notation"], "GG3406");
    assert_eq!(set["dct:license"]["@id"], u.license);
    let file = &set["dcat:distribution"][0];
    assert_eq!(
        file["dcat:downloadURL"]["@id"],
        "https://gemeten.example.nl/api/v1/fair/bestanden/kpi~x.csv"
    );
    assert_eq!(
        file["@id"],
        "https://gemeten.example.nl/api/v1/fair/datasets/kpi.x/distributies/kpi~x.csv"
    );
    assert_eq!(
        set["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
        "mailto:data@example.nl"
    );
    assert_eq!(
        file["spdx:checksum"]["spdx:checksumValue"]["@value"],
        "00ff"
    );
}

#[test]
fn the_report_covers_every_mission_and_target() {
    let register = reference_register().unwrap();
    let doelen: Vec<_> = register.parts().doel.iter().collect();
    let first = doelen[0].indicator.as_str().to_owned();
    let observations = vec![
        obs(&first, 2019, 10.0),
        obs(&first, 2021, 11.0),
        obs(&first, 2023, 12.0),
    ];
    let v = voortgang(&doelen, &observations, &Catalogus::standaard().unwrap());
    let trl = Trl::try_from(7).unwrap();
    let synthesen: Vec<_> = register
        .missies()
        .iter()
        .map(|m| synthese(&register, &[], m.code, trl))
        .collect();
    let invoer = |lang| RapportInvoer {
        register: &register,
        voortgang: &v,
        observaties: &observations,
        synthesen: &synthesen,
        activiteiten: &[],
        project_kpis: None,
        periode: "2025",
        gemaakt: "2026-11-23",
        lang,
    };
    let html = rapport(&invoer(Lang::Nl));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("lang=\"nl\""));
    for m in register.missies() {
        assert!(
            html.contains(&format!("id=\"missie-{}\"", m.code.code())),
            "{}",
            m.code
        );
    }
    for d in &doelen {
        assert!(html.contains(d.id.as_str()), "{}", d.id);
    }
    // No asset is loaded from elsewhere.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    let en = rapport(&invoer(Lang::En));
    assert!(en.contains("Progress report") && en.contains("lang=\"en\""));
}

#[test]
fn trajectory_points_follow_the_values() {
    let register = reference_register().unwrap();
    let doelen: Vec<_> = register.parts().doel.iter().take(1).collect();
    let k = doelen[0].indicator.as_str();
    let observed = [(2019, 10.0), (2021, 20.0)];
    let o: Vec<Waarneming> = observed.iter().map(|(p, v)| obs(k, *p, *v)).collect();
    let v = &voortgang(&doelen, &o, &Catalogus::standaard().unwrap())[0];
    let svg = gemeten_grafiek::verloop(&verloop_van(v, &observed), Lang::Nl).into_string();
    // The observation points (r="3"), in order; the higher value is drawn higher (smaller y).
    let cy: Vec<f64> = svg
        .match_indices("class=\"punt\"")
        .map(|(i, _)| {
            let before = &svg[..i];
            let at = before.rfind("cy=\"").unwrap() + 4;
            before[at..].split('"').next().unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(cy.len(), 2, "{svg}");
    assert!(cy[1] < cy[0], "20 is drawn above 10: {cy:?}");
    assert!(svg.contains("<title>") && svg.contains("role=\"img\""));
}

/// Formula cells once went out unchanged in the public CSV files (CSV injection into a
/// spreadsheet): a title `=HYPERLINK(…)`, a source `=cmd|…`. They are prefixed with `'`;
/// negative values stay numbers.
#[test]
fn formula_cells_in_public_csv_files_are_neutralised() {
    let register = reference_register().unwrap();
    let csv = "id,title,summary,funder,status\n\
               x-1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\",Samenvatting,ZonMw,lopend\n";
    let projects = gemeten_interchange::read_projects(csv.as_bytes(), "p.csv", &register).unwrap();
    let mut o = obs("levensverwachting", 2020, -3.5);
    o.source = "=cmd|' /C calc'!A0".into();
    let cat = Catalogus::standaard().unwrap();
    let p = gemeten_publicatie::fair_pakket(&register, &projects, &[o], &cat).unwrap();
    let text = |path: &str| {
        String::from_utf8(
            p.bestanden
                .iter()
                .find(|b| b.path == path)
                .unwrap()
                .bytes
                .clone(),
        )
        .unwrap()
    };
    let projecten = text("portfolio/projecten.csv");
    assert!(projecten.contains("\"'=HYPERLINK("), "{projecten}");
    let kpi = text("kpi/levensverwachting.csv");
    assert!(kpi.contains("'=cmd|"), "{kpi}");
    assert!(kpi.contains(",-3.5,"), "{kpi}");
    // The JSON files carry the values as they are: JSON is not run by a spreadsheet.
    assert!(p
        .bestanden
        .iter()
        .any(|b| b.path == "portfolio/projecten.json"
            && String::from_utf8_lossy(&b.bytes).contains("\"=HYPERLINK(")));
}

/// The portfolio's files written to a folder in parts are byte for byte, and by checksum,
/// the files of the package made in memory; for parts of one, of a few and of all projects,
/// for an empty portfolio, and with a formula cell to neutralise in a later part.
#[test]
fn the_portfolio_written_in_parts_is_the_portfolio_in_memory() {
    let register = reference_register().unwrap();
    let mut projects = gemeten_interchange::read_projects(
        include_bytes!("../../../data/voorbeeld/projecten.csv"),
        "projecten.csv",
        &register,
    )
    .unwrap();
    let mut last: gemeten_domain::Project = projects.last().unwrap().clone();
    last.id = "zz-formule".parse().unwrap();
    last.title = "=HYPERLINK(\"http://evil.example\")".parse().unwrap();
    projects.push(last);
    projects.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(projects.len() > 5);
    let cat = Catalogus::standaard().unwrap();
    for (all, part) in [
        (&projects[..], 1),
        (&projects[..], 3),
        (&projects[..], 1000),
        (&projects[..0], 3),
    ] {
        let whole = gemeten_publicatie::portfolio_in_geheugen(all).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let deel = gemeten_publicatie::portfolio_naar_map(dir.path(), |after| {
            let from = after.map_or(0, |id| all.iter().position(|p| &p.id == id).unwrap() + 1);
            Ok::<_, gemeten_interchange::WriteError>(
                all[from..].iter().take(part).cloned().collect(),
            )
        })
        .unwrap();
        assert_eq!(deel.projects, all.len());
        assert!(deel.bestanden.is_empty());
        for b in &whole.bestanden {
            let on_disk = std::fs::read(
                dir.path()
                    .join(gemeten_publicatie::portfolio_bestandsnaam(&b.path)),
            )
            .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&on_disk),
                String::from_utf8_lossy(&b.bytes),
                "{} in parts of {part}",
                b.path
            );
        }
        let described = |d: &[Distributie]| {
            d.iter()
                .map(|d| {
                    format!(
                        "{} {} {} {} {}",
                        d.path, d.media_type, d.bytes, d.sha256, d.title_nl
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            described(&deel.distributies),
            described(&whole.distributies)
        );
        // And the whole package's catalogue entries are the same either way.
        let a = gemeten_publicatie::fair_pakket(&register, all, &[], &cat).unwrap();
        let b = gemeten_publicatie::fair_pakket_met(&register, deel, &[], &cat).unwrap();
        let json = |p: &gemeten_publicatie::FairPakket| serde_json::to_string(&p.datasets).unwrap();
        assert_eq!(json(&a), json(&b));
        assert_eq!(a.bestanden.len(), b.bestanden.len() + 2);
    }
    // The formula was neutralised in the file on disk too.
    let whole = gemeten_publicatie::portfolio_in_geheugen(&projects).unwrap();
    assert!(!String::from_utf8_lossy(&whole.bestanden[0].bytes).contains(",=HYPERLINK"));
}
