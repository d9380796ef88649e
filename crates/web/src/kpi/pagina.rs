//! `/kpi`: the KPI explorer page. A plain GET form (works without JavaScript) chooses KPI,
//! region (the country, one region, or every region of one kind for a comparison), the
//! groups and the period; the answer is a chart, a table with the source per value, and a
//! link to the same selection as CSV. Without data for a choice, the page says what exists.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use gemeten_domain::Meetperiode;
use gemeten_grafiek::{balken, lijn_met_breuken, svg_bestand, Balk, Punt, Reeks};
use gemeten_indicators::{Catalogus, KpiDefinitie, Uitsplitsing, REGIO_NIVEAUS, SEXES};

use crate::error::ApiError;
use crate::extract::query_pairs;
use crate::extract::Taal;
use crate::kpi::kaart;
use crate::kpi::keuze::{pagina_keuze, Groep, Keuze, Niveau, Regio, ALLE, ALLE_VAN, LAND};
use crate::kpi::kleine_aantallen::{onderdrukt_label, Openbaar};
use crate::kpi::{catalogus, getal_in, jaren, regio_naam, selectie, vergelijking, Selectie};
use crate::layout::{page, Nav, PageError};
use crate::{AppState, Lang, Weergave};

pub(crate) async fn pagina(
    State(state): State<AppState>,
    taal: Taal,
    uri: Uri,
) -> Result<Response, PageError> {
    let l = taal.lang;
    let fout = |e: ApiError| PageError::new(&taal, e);
    let key = format!("kpi/{}/{}", l.code(), taal.here);
    let w = state
        .weergave(key, || async {
            let cat = catalogus(&state).await?;
            let cat = &*cat;
            let pairs = query_pairs(&uri)?;
            let keuze = pagina_keuze(cat, &pairs)?;
            let s = selectie(&state, keuze).await?;
            let body = html! {
                h1 { (l.t("KPI-verkenner", "KPI explorer")) }
                p.intro { (l.t(
                    "Kies een indicator, een regio of een soort regio, en een groep. Waarden op minder personen dan de drempel voor kleine aantallen worden niet getoond.",
                    "Choose an indicator, a region or a kind of region, and a group. Values resting on fewer persons than the small-numbers threshold are not shown.",
                )) " (" (l.t("drempel", "threshold")) ": n ≥ " (state.min_cell) ")" }
                (formulier(cat, &s, l))
                (definitie(&s.keuze.kpi, l))
                (uitkomst(cat, &s, l))
            };
            Ok(Weergave {
                title: String::new(),
                body: body.into_string(),
            })
        })
        .await
        .map_err(fout)?;
    Ok(page(
        &taal,
        l.t("KPI-verkenner", "KPI explorer"),
        Nav::Kpi,
        PreEscaped(w.body.clone()),
    ))
}

/// The chosen KPI's definition in the page's language, with a link to its indicator page
/// (caveats, breaks, source).
fn definitie(k: &KpiDefinitie, l: Lang) -> Markup {
    let t = k.definitie(l);
    html! {
        @if !t.is_empty() {
            p.definitie {
                strong { (l.t("Definitie", "Definition")) ": " }
                @if KpiDefinitie::tekst_is_in(l, &k.definitie_nl, &k.definitie_en) { (t) } @else { span lang="nl" { (t) } }
                " " a href=(format!("/kpi/{}", k.code)) { (l.t("Meer over deze indicator", "More about this indicator")) }
            }
        }
    }
}

fn kpi_naam(k: &KpiDefinitie, l: Lang) -> &str {
    match l {
        Lang::Nl => &k.name_nl,
        Lang::En => &k.name_en,
    }
}

pub(crate) fn niveau_label(level: &str, l: Lang) -> &'static str {
    match level {
        "land" => l.t("Land", "Country"),
        "provincie" => l.t("Provincies", "Provinces"),
        "ggd" => l.t("GGD-regio's", "GGD regions"),
        "zorgkantoor" => l.t("Zorgkantoorregio's", "Zorgkantoor regions"),
        "roaz" => l.t("ROAZ-regio's", "ROAZ regions"),
        _ => l.t("Overig", "Other"),
    }
}

fn groep_label(cat: &Catalogus, soort: &str, v: &str, l: Lang) -> String {
    match (soort, v) {
        ("geslacht", "man") => l.t("mannen", "men").to_owned(),
        ("geslacht", "vrouw") => l.t("vrouwen", "women").to_owned(),
        ("ses", q)
            if q.starts_with('q')
                && cat
                    .ses_dimensies
                    .get("inkomen5")
                    .is_some_and(|d| d.groepen.iter().any(|g| g == q)) =>
        {
            format!("{} {}", l.t("inkomenskwintiel", "income quintile"), &q[1..])
        }
        ("ses", d)
            if d.starts_with('d')
                && cat
                    .ses_dimensies
                    .get("inkomen10")
                    .is_some_and(|x| x.groepen.iter().any(|g| g == d)) =>
        {
            format!("{} {}", l.t("inkomensdeciel", "income decile"), &d[1..])
        }
        ("ses", e) => match cat.ses_dimensie_van(e) {
            // An administrator's breakdown: its own name and label.
            Some(dim) if cat.eigen_ses.contains(&dim.code) => {
                format!("{}: {}", dim.naam(l), dim.label(e, l))
            }
            _ => format!("{} {}", l.t("opleiding", "education"), e.replace('_', ", ")),
        },
        ("leeftijd", a) => format!("{} {a}", l.t("leeftijd", "age")),
        _ => v.to_owned(),
    }
}

/// The groups of one observation in words ("totaal" when it has none).
fn groepen(cat: &Catalogus, o: &Openbaar, l: Lang) -> String {
    let parts: Vec<String> = [
        ("geslacht", &o.sex),
        ("ses", &o.ses),
        ("leeftijd", &o.age_band),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| groep_label(cat, k, v, l))
    .collect();
    if parts.is_empty() {
        l.t("totaal", "total").to_owned()
    } else {
        parts.join(", ")
    }
}

fn select_groep(
    cat: &Catalogus,
    id: &'static str,
    label: &str,
    waarden: &[String],
    gekozen: &Groep,
    enabled: bool,
    l: Lang,
) -> Markup {
    html! { div.veld {
        label for=(id) { (label) }
        select #(id) name=(id) disabled[!enabled] {
            option value="" selected[*gekozen == Groep::Totaal] { (l.t("totaal", "total")) }
            @for v in waarden {
                option value=(v) selected[gekozen.param() == v] { (groep_label(cat, id, v, l)) }
            }
            option value=(ALLE) selected[*gekozen == Groep::Alle] { (l.t("alle groepen apart", "every group separately")) }
        }
    } }
}

fn formulier(cat: &Catalogus, s: &Selectie, l: Lang) -> Markup {
    let k = &s.keuze;
    let kan = |u: Uitsplitsing| k.kpi.breakdowns.contains(&u);
    let mut banden: BTreeSet<String> = s
        .alle
        .iter()
        .map(|o| o.age_band.clone())
        .filter(|a| !a.is_empty())
        .collect();
    if let Groep::Waarde(a) = &k.leeftijd {
        banden.insert(a.clone());
    }
    let banden: Vec<String> = banden.into_iter().collect();
    let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let gekozen_regio = match &k.regio {
        Regio::Een(c) => c.clone(),
        Regio::Soort(level) => format!("{ALLE_VAN}{level}"),
    };
    html! {
        form.filter.kpi-keuze method="get" action="/kpi" {
            div.veld {
            label for="kpi" { "KPI" }
            select #kpi name="kpi" {
                @for d in cat.kpis.values() {
                    option value=(d.code) selected[d.code == k.kpi.code] { (kpi_naam(d, l)) " (" (d.unit) ")" }
                }
            }
            }
            div.veld {
            label for="regio" { (l.t("Regio", "Region")) }
            select #regio name="regio" {
                option value=(LAND) selected[gekozen_regio == LAND] { (l.t("Nederland (landelijk)", "Netherlands (national)")) }
                @for level in REGIO_NIVEAUS.iter().filter(|n| **n != "land") {
                    optgroup label=(niveau_label(level, l)) {
                        @let alle = format!("{ALLE_VAN}{level}");
                        option value=(alle) selected[gekozen_regio == alle] {
                            (l.t("alle regio's vergelijken: ", "compare all regions: ")) (niveau_label(level, l))
                        }
                        @for r in cat.regios.values().filter(|r| &r.level == level) {
                            option value=(r.code) selected[gekozen_regio == r.code] lang=[crate::layout::nl(l)] { (r.name_nl) }
                        }
                    }
                }
            }
            }
            (select_groep(cat, "geslacht", l.t("Geslacht", "Sex"), &own(SEXES), &k.geslacht, kan(Uitsplitsing::Sex), l))
            (select_groep(cat, "ses", l.t("SES-groep", "SES group"), &own(&cat.ses_groepen()), &k.ses, kan(Uitsplitsing::Ses), l))
            (select_groep(cat, "leeftijd", l.t("Leeftijd", "Age band"), &banden, &k.leeftijd, kan(Uitsplitsing::AgeBand), l))
            div.veld {
            label for="periode" { (l.t("Jaar", "Year")) }
            select #periode name="periode" {
                option value="" selected[k.periode.is_none()] {
                    (l.t("alle perioden (vergelijking: laatste)", "all periods (comparison: latest)"))
                }
                @for j in jaren(&s.alle) {
                    option value=(j) selected[k.periode == Some(j)] { (j) }
                }
            }
            }
            div.veld {
            label for="zekerheid" { (l.t("Vergelijking met Nederland", "Comparison with the Netherlands")) }
            select #zekerheid name="zekerheid" {
                @for n in Niveau::ALLE {
                    option value=(n.param()) selected[k.zekerheid == n] { (n.label(l)) " " (l.t("betrouwbaarheid", "confidence")) }
                }
            }
            }
            @if l == Lang::En { input type="hidden" name="lang" value="en"; }
            button type="submit" { (l.t("Tonen", "Show")) }
        }
    }
}

pub(crate) fn waarde_cellen(o: &Openbaar, l: Lang) -> Markup {
    html! {
        @match o.waarde() {
            Some(v) => {
                td.num { (getal_in(v, l)) }
                td.num { @if let (Some(a), Some(b)) = (o.lower, o.upper) { (getal_in(a, l)) "–" (getal_in(b, l)) } @else { "—" } }
                td.num { (o.n.map_or_else(|| "—".to_owned(), |n| n.to_string())) }
            }
            None => {
                td.onderdrukt colspan="3" { (onderdrukt_label(l)) }
            }
        }
    }
}

fn tabel(cat: &Catalogus, s: &Selectie, l: Lang) -> Markup {
    let vergelijk = matches!(s.keuze.regio, Regio::Soort(_));
    html! {
        div.scroll { table.kpi-tabel {
            caption { (kpi_naam(&s.keuze.kpi, l)) " (" (s.keuze.kpi.unit) ")" }
            thead { tr {
                th scope="col" { (l.t("Periode", "Period")) }
                th scope="col" { (l.t("Regio", "Region")) }
                th scope="col" { (l.t("Groep", "Group")) }
                th scope="col" .num { (l.t("Waarde", "Value")) }
                th scope="col" .num { (l.t("95 %-interval", "95 % interval")) }
                th scope="col" .num { "n" }
                @if vergelijk { th scope="col" { (l.t("T.o.v. Nederland (95 %)", "Against the Netherlands (95 %)")) } }
                th scope="col" { (l.t("Bron", "Source")) }
            } }
            tbody { @for o in s.landelijk.iter().chain(&s.rijen) { tr {
                th scope="row" { (o.period) }
                td {
                    // A region's own profile: every KPI for it against the country.
                    @if o.region == LAND {
                        (regio_naam(cat, &o.region))
                    } @else {
                        a href={"/gebieden/" (o.region)} lang=[crate::layout::nl(l)] { (regio_naam(cat, &o.region)) }
                    }
                    " " span.code { "(" (o.region) ")" }
                }
                td { (groepen(cat, o, l)) }
                (waarde_cellen(o, l))
                @if vergelijk {
                    @match (o.region != "NL01").then(|| vergelijking(o, s.landelijk.as_ref(), s.keuze.kpi.direction, s.keuze.zekerheid)).flatten() {
                        Some(v) => td class=(format!("vergelijking {}", v.oordeel.label_nl().replace(' ', "-"))) {
                            (l.t(v.oordeel.label_nl(), v.oordeel.label_en()))
                            br; small { (l.t(&v.reden.nl, &v.reden.en)) }
                        },
                        None => td { "—" },
                    }
                }
                td {
                    @if o.synthetisch {
                        strong.synthetisch { (l.t("synthetisch (verzonnen voorbeeld)", "synthetic (made-up example)")) } " "
                    }
                    @if let Some(sig) = &o.significantie { span.significantie lang="nl" { (sig) } " " }
                    @if let Some(st) = &o.publicatiestatus { span.publicatiestatus lang="nl" { "(" (st) ") " } }
                    cite.bron { (o.source) }
                }
            } } }
        } }
    }
}

/// The rows as series: one per region and group, over the periods. Pooled multi-year values
/// form series of their own, drawn at their middle year and labelled so: a line never joins
/// a pooled value to a single year's.
/// The years of a KPI's series breaks, for the chart to mark.
pub(crate) fn breukjaren(k: &KpiDefinitie) -> Vec<i32> {
    k.breuken.iter().map(|b| b.jaar).collect()
}

pub(crate) fn reeksen(cat: &Catalogus, rijen: &[Openbaar], l: Lang) -> Vec<Reeks> {
    type Sleutel = (String, String, String, String, bool, bool);
    let mut by: BTreeMap<Sleutel, Vec<(Meetperiode, Punt)>> = BTreeMap::new();
    for o in rijen {
        by.entry((
            o.region.clone(),
            o.sex.clone(),
            o.ses.clone(),
            o.age_band.clone(),
            o.period.is_meerjarig(),
            o.synthetisch,
        ))
        .or_default()
        .push((
            o.period,
            Punt {
                period: o.period.midden().floor() as i32,
                value: o.waarde(),
                lower: o.lower,
                upper: o.upper,
            },
        ));
    }
    let meerdere_regios = by.keys().map(|k| &k.0).collect::<BTreeSet<_>>().len() > 1;
    by.into_iter()
        .map(
            |((region, sex, ses, age_band, pooled, synthetic), mut punten)| {
                punten.sort_by_key(|p| p.0);
                let probe = Openbaar {
                    kpi: String::new(),
                    period: punten[0].0,
                    region: region.clone(),
                    sex,
                    ses_dimensie: String::new(),
                    ses,
                    age_band,
                    value: None,
                    lower: None,
                    upper: None,
                    n: None,
                    source: String::new(),
                    significantie: None,
                    publicatiestatus: None,
                    synthetisch: synthetic,
                    suppressed: false,
                };
                let mut label = if meerdere_regios {
                    format!("{}, {}", regio_naam(cat, &region), groepen(cat, &probe, l))
                } else {
                    groepen(cat, &probe, l)
                };
                if pooled {
                    let periods: Vec<String> = punten.iter().map(|p| p.0.to_string()).collect();
                    label.push_str(&format!(
                        " — {} {}",
                        l.t(
                            "samengenomen perioden, getekend bij hun middelste jaar:",
                            "pooled periods, drawn at their middle year:"
                        ),
                        periods.join(", ")
                    ));
                }
                if synthetic {
                    label.push_str(l.t(" — SYNTHETISCH", " — SYNTHETIC"));
                }
                Reeks {
                    label,
                    punten: punten.into_iter().map(|p| p.1).collect(),
                }
            },
        )
        .collect()
}

fn uitkomst(cat: &Catalogus, s: &Selectie, l: Lang) -> Markup {
    let k = &s.keuze;
    let csv = format!("/kpi.csv?{}", k.query());
    let download = html! {
        p.download {
            a href=(csv) download { (l.t("Download CSV", "Download CSV")) } " · "
            a href=(format!("{csv}&excel=1")) download { (l.t("CSV voor Excel", "CSV for Excel")) } " "
            (l.t("(dezelfde keuze, met bron per waarde; de Excel-versie met puntkomma's en decimale komma)", "(the same choice, with the source of every value; the Excel version with semicolons and decimal commas)"))
        }
    };
    if s.rijen.is_empty() {
        return leeg(cat, s, l);
    }
    let waarschuwing = html! {
        @if s.rijen.iter().any(|o| o.synthetisch) {
            p.synthetisch-melding { strong { (l.t(
                "Let op: (een deel van) deze waarden is synthetisch — verzonnen voorbeelden, geen echte cijfers. Ze zijn in de legenda en de tabel gemarkeerd.",
                "Note: (some of) these values are synthetic — made-up examples, not real statistics. They are marked in the legend and the table.",
            )) } }
        }
    };
    if let Regio::Soort(level) = &k.regio {
        let title = format!(
            "{} — {}, {}",
            kpi_naam(&k.kpi, l),
            niveau_label(level, l),
            k.periode.map_or_else(String::new, |p| p.to_string())
        );
        let bars: Vec<Balk> = s
            .rijen
            .iter()
            .map(|o| Balk {
                label: regio_naam(cat, &o.region),
                value: o.waarde(),
            })
            .collect();
        return html! {
            h2 { (l.t("Regiovergelijking", "Regional comparison")) }
            (waarschuwing)
            figure.kpi-figuur {
                div.scroll { (balken(&bars, s.landelijk.as_ref().and_then(Openbaar::waarde), &k.kpi.unit, &title, l)) }
                figcaption { (l.t(
                    "Gesorteerd van hoog naar laag; de verticale lijn is de landelijke waarde voor dezelfde groep en hetzelfde jaar.",
                    "Sorted from high to low; the vertical line is the national value for the same group and year.",
                )) }
            }
            (kaart::figuur(s, l))
            (download)
            (tabel(cat, s, l))
        };
    }
    let Some(grafiek) = lijn_grafiek(cat, s, l) else {
        return leeg(cat, s, l);
    };
    html! {
        h2 { (l.t("Verloop", "Series")) }
        (waarschuwing)
        figure.kpi-figuur {
            div.scroll { (grafiek) }
            figcaption {
                (l.t(
                    "Waarden per periode met hun 95 %-interval (verticale streepjes) waar de bron dat geeft; een onderdrukte waarde is een onderbreking in de lijn. Samengenomen meerjarige perioden zijn een eigen reeks, getekend bij hun middelste jaar.",
                    "Values per period with their 95 % interval (vertical whiskers) where the source gives one; a suppressed value is a gap in the line. Pooled multi-year periods are a series of their own, drawn at their middle year.",
                ))
                " "
                a href={"/kpi-lijn.svg?" (k.query())} download { (l.t("Download grafiek (SVG)", "Download chart (SVG)")) }
            }
        }
        (download)
        (tabel(cat, s, l))
    }
}

/// The series chart of a choice of the country or one region, or `None` for a comparison of
/// regions (bars and a map instead) or a choice without rows.
fn lijn_grafiek(cat: &Catalogus, s: &Selectie, l: Lang) -> Option<Markup> {
    let k = &s.keuze;
    let Regio::Een(c) = &k.regio else {
        return None;
    };
    if s.rijen.is_empty() {
        return None;
    }
    let title = format!("{} — {}", kpi_naam(&k.kpi, l), regio_naam(cat, c));
    Some(lijn_met_breuken(
        &reeksen(cat, &s.rijen, l),
        &breukjaren(&k.kpi),
        &k.kpi.unit,
        &title,
        l,
    ))
}

/// `GET /kpi-lijn.svg?…`: the series chart of the same choice as `/kpi`, as a file of its
/// own (the map of a comparison is `/kpi.svg`).
pub(crate) async fn lijn_download(
    State(state): State<AppState>,
    taal: Taal,
    uri: Uri,
) -> Result<Response, PageError> {
    let fout = |e: ApiError| PageError::new(&taal, e);
    let cat = catalogus(&state).await.map_err(fout)?;
    let cat = &*cat;
    let pairs = query_pairs(&uri).map_err(|e| fout(e.into()))?;
    let keuze = pagina_keuze(cat, &pairs).map_err(|e| fout(e.into()))?;
    let s = selectie(&state, keuze).await.map_err(fout)?;
    let m = lijn_grafiek(cat, &s, taal.lang).ok_or_else(|| {
        fout(ApiError::niet_gevonden(
            "regio",
            "reeks",
            "series",
            s.keuze.query(),
        ))
    })?;
    let name = format!("attachment; filename=\"kpi-{}-lijn.svg\"", s.keuze.kpi.code);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        svg_bestand(&m),
    )
        .into_response())
}

/// No rows for this choice: say what this KPI does have, with a link to a choice that works.
fn leeg(cat: &Catalogus, s: &Selectie, l: Lang) -> Markup {
    let k = &s.keuze;
    if s.alle.is_empty() {
        return html! {
            p.leeg { (l.t(
                "Voor deze KPI heeft gemeten nog geen waarnemingen: ze zijn nog niet uit de bron ingelezen. Kies een andere KPI, of vraag de beheerder van gemeten ze in te lezen.",
                "gemeten has no observations for this KPI yet: they have not been read from the source. Choose another KPI, or ask gemeten's administrator to read them in.",
            )) " " a href="/kpi" { (l.t("Een andere KPI kiezen", "Choose another KPI")) } }
        };
    }
    let levels: BTreeMap<&str, BTreeSet<&str>> = s.alle.iter().fold(BTreeMap::new(), |mut m, o| {
        let level = cat.regios.get(&o.region).map_or("?", |r| r.level.as_str());
        m.entry(level).or_default().insert(o.region.as_str());
        m
    });
    let distinct = |f: fn(&Openbaar) -> &str| {
        s.alle
            .iter()
            .map(f)
            .filter(|v| !v.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let jr = jaren(&s.alle);
    let first = &s.alle[0];
    let voorbeeld = Keuze {
        regio: Regio::Een(first.region.clone()),
        geslacht: groep_van(&first.sex),
        ses: groep_van(&first.ses),
        leeftijd: groep_van(&first.age_band),
        periode: None,
        zekerheid: k.zekerheid,
        kpi: k.kpi.clone(),
    };
    html! {
        div.leeg role="status" {
            p { (l.t("Geen waarnemingen voor deze keuze.", "No observations for this choice.")) }
            p { (l.t("Voor deze KPI zijn er", "For this KPI there are")) " " (s.alle.len()) " "
                (l.t("waarnemingen", "observations")) ":" }
            ul {
                li { (l.t("perioden", "periods")) ": " (jr.first().map(Meetperiode::to_string).unwrap_or_default()) " – " (jr.last().map(Meetperiode::to_string).unwrap_or_default()) }
                @for (level, codes) in &levels {
                    li { (niveau_label(level, l)) ": " (codes.len()) " " (l.t("regio('s)", "region(s)")) }
                }
                li { (l.t("geslacht", "sex")) ": " (or_totaal(distinct(|o| &o.sex), l)) }
                li { (l.t("SES-groepen", "SES groups")) ": " (or_totaal(distinct(|o| &o.ses), l)) }
                li { (l.t("leeftijdsklassen", "age bands")) ": " (or_totaal(distinct(|o| &o.age_band), l)) }
            }
            p { a href=(format!("/kpi?{}", voorbeeld.query())) { (l.t("Toon een keuze met gegevens", "Show a choice with data")) } }
        }
    }
}

fn groep_van(v: &str) -> Groep {
    if v.is_empty() {
        Groep::Totaal
    } else {
        Groep::Waarde(v.to_owned())
    }
}

fn or_totaal(s: String, l: Lang) -> String {
    if s.is_empty() {
        l.t("alleen totaal", "total only").to_owned()
    } else {
        s
    }
}
