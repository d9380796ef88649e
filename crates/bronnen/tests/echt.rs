//! Each real file of `data/echt/`, imported through its shipped mapping: the values, not
//! only the counts, against the published figures.

use gemeten_bronnen::{importeer, meegeleverd, meegeleverde_koppeling, Meegeleverd};
use gemeten_domain::{Meetperiode, Waarneming};
use gemeten_indicators::Catalogus;

fn importeer_meegeleverd(bestand: &str) -> Vec<Waarneming> {
    let m: &Meegeleverd = meegeleverd()
        .iter()
        .find(|m| m.bestand == bestand)
        .expect("shipped file");
    let k = m.koppeling().expect("shipped mapping reads");
    let cat = Catalogus::standaard().unwrap();
    importeer(m.tekst, m.bestand, &k, &cat).unwrap_or_else(|e| panic!("{bestand}: {e}"))
}

fn p(t: &str) -> Meetperiode {
    t.parse().unwrap()
}

/// The one observation matching kpi, period, sex, SES breakdown and group.
fn een<'a>(
    w: &'a [Waarneming],
    kpi: &str,
    period: &str,
    sex: &str,
    dim: &str,
    ses: &str,
) -> &'a Waarneming {
    let hits: Vec<&Waarneming> = w
        .iter()
        .filter(|o| {
            o.kpi == kpi
                && o.period == p(period)
                && o.sex == sex
                && o.ses_dimensie == dim
                && o.ses == ses
        })
        .collect();
    assert_eq!(hits.len(), 1, "{kpi} {period} {sex} {dim} {ses}: {hits:?}");
    hits[0]
}

#[test]
fn every_shipped_file_imports_through_its_mapping() {
    let cat = Catalogus::standaard().unwrap();
    let mut totaal = 0;
    for m in meegeleverd() {
        let k = m.koppeling().unwrap();
        let w = importeer(m.tekst, m.bestand, &k, &cat).unwrap();
        assert!(!w.is_empty(), "{}", m.bestand);
        // CBS figures carry CBS's licence; the monitor pages of missions I-III name none in the
        // stored copy, so their values say where they come from and that no licence is stated.
        assert!(w.iter().all(|o| !o.synthetisch
            && (o.source.contains("CC BY 4.0")
                || (m.bestand == "rivm_monitor_missies_I_IV.csv"
                    && o.source.contains("vzinfo.nl")
                    && o.source.contains("licentie niet vermeld")))));
        // Found again by the file name, wherever the file lies.
        let gevonden = meegeleverde_koppeling(&format!("/tmp/downloads/{}", m.bestand))
            .expect("found by name")
            .unwrap();
        assert_eq!(gevonden, k);
        totaal += w.len();
    }
    assert_eq!(totaal, 30 + 3 + 85 + 80 + 44 + 94);
    assert!(meegeleverde_koppeling("onbekend.csv").is_none());
}

#[test]
fn cbs_71950_typed_dataset_values_and_margins() {
    let w = importeer_meegeleverd("cbs_71950ned_typeddataset_2021_2023.csv");
    assert_eq!(w.len(), 30, "10 measures × 3 years");
    let g = een(&w, "gezonde_levensverwachting", "2021", "", "", "");
    assert_eq!(g.value, 65.2);
    // Margin row B000150: 0.3 → 64.9–65.5, exactly as published to one decimal.
    assert_eq!((g.lower, g.upper), (Some(64.9), Some(65.5)));
    assert_eq!(g.region, "NL01");
    assert_eq!(g.source, "CBS StatLine 71950ned (CC BY 4.0, bron: CBS)");
    let lv = een(&w, "levensverwachting", "2021", "", "", "");
    assert_eq!((lv.value, lv.lower, lv.upper), (81.35, None, None));
    let cz = een(
        &w,
        "levensverwachting_zonder_chronische_ziektes",
        "2023",
        "",
        "",
        "",
    );
    assert_eq!(
        (cz.value, cz.lower, cz.upper),
        (43.2, Some(42.8), Some(43.6))
    );
    let gali = een(
        &w,
        "levensverwachting_zonder_gali_beperkingen",
        "2022",
        "",
        "",
        "",
    );
    assert_eq!((gali.value, gali.lower), (57.8, None));
    let ml = een(
        &w,
        "levensverwachting_zonder_lichte_matige_ernstige_beperkingen",
        "2022",
        "",
        "",
        "",
    );
    assert_eq!(ml.value, 54.0);
    // Exactly the four columns with margins have bounds, in every year.
    assert_eq!(w.iter().filter(|o| o.lower.is_some()).count(), 4 * 3);
}

#[test]
fn cbs_71950_statline_export_with_labels_decimal_comma_and_footer() {
    let w = importeer_meegeleverd("cbs_71950ned_statline_export_vanaf_1981.csv");
    // 1981, 1991, 2001, 2011 are '.' (not available): no observation; the footer is skipped.
    let mut jaren: Vec<(String, f64)> = w.iter().map(|o| (o.period.to_string(), o.value)).collect();
    jaren.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        jaren,
        vec![
            ("2021".to_owned(), 81.35),
            ("2022".to_owned(), 81.61),
            ("2023".to_owned(), 81.84)
        ]
    );
    assert!(w
        .iter()
        .all(|o| o.kpi == "levensverwachting" && o.is_national_total()));
}

#[test]
fn cbs_84842_education_pooled_period_and_age_65_as_its_own_kpi() {
    let w = importeer_meegeleverd("cbs_84842NED_opleiding_2019_2022.csv");
    assert_eq!(w.len(), 17 * 5);
    let g = een(
        &w,
        "gezonde_levensverwachting",
        "2019/2022",
        "",
        "opleiding",
        "laag",
    );
    assert_eq!(g.value, 56.6);
    assert!(g.period.is_meerjarig());
    assert_eq!(g.period.to_string(), "2019/2022");
    let pk = een(
        &w,
        "levensverwachting_65_zonder_psychische_klachten",
        "2019/2022",
        "vrouw",
        "opleiding",
        "middelbaar",
    );
    assert_eq!(pk.value, 19.7);
    let lv65 = een(
        &w,
        "levensverwachting_65",
        "2019/2022",
        "man",
        "opleiding",
        "hoog",
    );
    assert_eq!(lv65.value, 20.5);
    let lv0 = een(
        &w,
        "levensverwachting",
        "2019/2022",
        "man",
        "opleiding",
        "hoog",
    );
    assert_eq!(lv0.value, 82.7);
    // The page copy ends before women 65 hoog: that value is absent, not invented.
    assert!(!w
        .iter()
        .any(|o| o.kpi == "levensverwachting_65" && o.sex == "vrouw" && o.ses == "hoog"));
}

#[test]
fn cbs_71885_four_education_levels() {
    let w = importeer_meegeleverd("cbs_71885ned_opleiding_2011_2014.csv");
    assert_eq!(w.len(), 16 * 5);
    assert!(w.iter().all(|o| o.ses_dimensie == "opleiding4"));
    let b = een(
        &w,
        "levensverwachting_goede_geestelijke_gezondheid",
        "2011/2014",
        "man",
        "opleiding4",
        "basisonderwijs",
    );
    assert_eq!(b.value, 67.4);
    let h = een(
        &w,
        "levensverwachting_65_zonder_chronische_ziektes",
        "2011/2014",
        "vrouw",
        "opleiding4",
        "hbo_universiteit",
    );
    assert_eq!(h.value, 4.0);
}

#[test]
fn rivm_monitor_income_quintiles_education_and_pooled_periods() {
    let w = importeer_meegeleverd("rivm_monitor_missies_centrale_missie.csv");
    assert_eq!(w.len(), 44);
    let q1 = een(
        &w,
        "gezonde_levensverwachting",
        "2017/2020",
        "man",
        "inkomen5",
        "q1",
    );
    assert_eq!(q1.value, 50.5);
    let q5 = een(
        &w,
        "gezonde_levensverwachting",
        "2017/2020",
        "vrouw",
        "inkomen5",
        "q5",
    );
    assert_eq!(q5.value, 72.4);
    // "2015-2018" as published is the pooled period 2015/2018.
    let laag = een(
        &w,
        "gezonde_levensverwachting",
        "2015/2018",
        "man",
        "opleiding",
        "laag",
    );
    assert_eq!(laag.value, 57.0);
    assert_eq!(laag.period, Meetperiode::jaren(2015, 2018).unwrap());
    let jaar = een(&w, "gezonde_levensverwachting", "2020", "vrouw", "", "");
    assert_eq!(jaar.value, 65.8);
    let dood = een(
        &w,
        "gemiddelde_leeftijd_bij_overlijden",
        "2022",
        "vrouw",
        "",
        "",
    );
    assert_eq!(dood.value, 81.0);
    assert_eq!(
        w.iter()
            .filter(|o| o.kpi == "gemiddelde_leeftijd_bij_overlijden")
            .count(),
        8
    );
}

#[test]
fn rivm_monitor_missions_i_to_iii_as_transcribed() {
    let w = importeer_meegeleverd("rivm_monitor_missies_I_IV.csv");
    // 96 cells on the pages, two of them '++' (no value).
    assert_eq!(w.len(), 94);
    assert!(w
        .iter()
        .all(|o| o.region == "NL01" && o.sex.is_empty() && o.ses_dimensie.is_empty()));
    let v = |kpi: &str, period: &str| een(&w, kpi, period, "", "", "").value;
    // Mission I: smoking adults 2020-2023, physical activity guidelines, burden shares 2018.
    let rook: Vec<f64> = ["2020", "2021", "2022", "2023"]
        .iter()
        .map(|j| v("volwassenen_rookt", j))
        .collect();
    assert_eq!(rook, [20.2, 20.6, 18.9, 19.0]);
    assert_eq!(v("voldoet_beweegrichtlijnen", "2022"), 44.3);
    assert_eq!(v("ziektelast_bijdrage_leefstijl", "2018"), 18.5);
    assert_eq!(v("ziektelast_bijdrage_arbeid", "2018"), 4.6);
    assert_eq!(v("ziektelast_bijdrage_milieu", "2018"), 4.0);
    assert_eq!(v("jongeren_gerookt_afgelopen_maand", "2021"), 9.5);
    assert_eq!(v("verzuimklachten_door_werk", "2022"), 18.8);
    assert_eq!(v("fijn_stof_pm10", "2019"), 17.6);
    assert_eq!(v("fijn_stof_pm10_provincies_hoger", "2021"), 17.1);
    // Mission II: 75-plussers, e-health 2021.
    assert_eq!(v("ouderen_75plus_zorg_goed_geregeld", "2020"), 75.0);
    assert_eq!(v("ehealth_vervangt_zorg_op_locatie", "2021"), 35.0);
    // Mission III: per kind of disability; '++' gives no observation.
    assert_eq!(
        v("meedoen_gaan_en_staan_in_woning_zintuiglijk", "2019"),
        80.0
    );
    assert_eq!(
        v("meedoen_bezoek_buren_vrienden_verstandelijk", "2022"),
        49.0
    );
    assert_eq!(v("betaald_werk_psychisch", "2021"), 20.0);
    assert_eq!(v("betaald_werk_chronisch", "2022"), 71.0);
    assert!(w
        .iter()
        .all(|o| !(o.kpi == "opleiding_cursus_lichamelijk" && o.period == p("2020"))));
    assert_eq!(
        w[0].source,
        "RIVM Monitor missies Gezondheid en Zorg, missies I-III (vzinfo.nl; overgenomen van de \
         pagina) (bron: RIVM, vzinfo.nl; licentie niet vermeld in de opgeslagen paginakopie)"
    );
}
