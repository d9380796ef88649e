//! The regional comparison on a map: the same values as the bars (the latest period of the
//! choice), on the map of the level, coloured by quintiles, and the map as a download
//! `/kpi.svg`. Colouring by comparison with the benchmark comes with the comparison of
//! observations; ROAZ regions have no map (no published boundaries; see
//! `gemeten_grafiek::kaart`), so a ROAZ comparison keeps its bars only.

use axum::extract::State;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use gemeten_grafiek::{kaart, svg_bestand, Gebied, Kleuring, Niveau, Vergelijking};

use crate::error::ApiError;
use crate::extract::{query_pairs, Taal};
use crate::kpi::keuze::{pagina_keuze, Regio};
use crate::kpi::{catalogus, selectie, vergelijking, Selectie};
use crate::layout::PageError;
use crate::{AppState, Lang, Weergave};

/// The map of a comparison, or `None` for a choice that is no comparison or whose level has
/// no map. A region code the map does not know (the catalogue and the boundary files are
/// tested to agree) or a region twice leaves the map out and is logged, not an error page:
/// the bars and the table still show the values.
fn svg(s: &Selectie, l: Lang) -> Option<Markup> {
    let Regio::Soort(level) = &s.keuze.regio else {
        return None;
    };
    let niveau: Niveau = level.parse().ok()?;
    let k = &s.keuze.kpi;
    let gebieden: Vec<Gebied> = s
        .rijen
        .iter()
        .map(|o| Gebied {
            code: o.region.clone(),
            value: o.waarde(),
            vergelijking: match vergelijking(
                o,
                s.landelijk.as_ref(),
                k.direction,
                s.keuze.zekerheid,
            )
            .map(|v| v.oordeel)
            {
                Some(gemeten_indicators::Vergelijking::Beter) => Vergelijking::Beter,
                Some(gemeten_indicators::Vergelijking::Vergelijkbaar) => {
                    Vergelijking::Vergelijkbaar
                }
                Some(gemeten_indicators::Vergelijking::Slechter) => Vergelijking::Slechter,
                _ => Vergelijking::NietVergeleken,
            },
        })
        .collect();
    // Coloured by the comparison with the country where values can be compared (they have
    // intervals or a published judgement); by quantiles otherwise, which says only where a
    // region ranks, not whether it differs.
    let vergeleken = gebieden
        .iter()
        .any(|g| g.vergelijking != Vergelijking::NietVergeleken);
    let kleuring = if vergeleken {
        Kleuring::Vergelijking {
            met: l.t("Nederland", "the Netherlands").to_owned(),
        }
    } else {
        Kleuring::Kwantielen {
            klassen: 5,
            richting: Some(k.direction),
        }
    };
    let naam = match l {
        Lang::Nl => &k.name_nl,
        Lang::En => &k.name_en,
    };
    let title = match s.keuze.periode {
        Some(p) => format!("{naam} — {p}"),
        None => naam.clone(),
    };
    kaart(niveau, &gebieden, &kleuring, &k.unit, &title, l)
        .inspect_err(|e| tracing::warn!(kpi = %k.code, "no map: {e}"))
        .ok()
}

/// Whether the map of this selection is coloured by the comparison with the country (else
/// by quantiles): the caption must say which.
fn vergeleken(s: &Selectie) -> bool {
    s.rijen.iter().any(|o| {
        vergelijking(
            o,
            s.landelijk.as_ref(),
            s.keuze.kpi.direction,
            s.keuze.zekerheid,
        )
        .is_some_and(|v| v.oordeel != gemeten_indicators::Vergelijking::NietVergeleken)
    })
}

/// The map as a figure with its caption and download link; for ROAZ regions, which have no
/// published boundaries, a sentence saying so; empty for other choices without a map.
pub(crate) fn figuur(s: &Selectie, l: Lang) -> Markup {
    let Some(svg) = svg(s, l) else {
        if matches!(&s.keuze.regio, Regio::Soort(level) if level == "roaz") {
            return html! { p.opmerking { (l.t(
                "Geen kaart van de ROAZ-regio's: er zijn geen gepubliceerde grenzen, en ze vallen niet precies samen met zorgkantoorregio's; de staven en de tabel geven de waarden.",
                "No map of the ROAZ regions: no boundaries are published, and they do not coincide exactly with zorgkantoor regions; the bars and the table give the values.",
            )) } };
        }
        return html! {};
    };
    let uitleg = if vergeleken(s) {
        let n = s.keuze.zekerheid.label(l);
        match l {
            Lang::Nl => format!("Dezelfde waarden op de kaart, gekleurd naar de vergelijking met Nederland ({n}-interval); wit is geen gegevens. Grenzen: CBS."),
            Lang::En => format!("The same values on the map, coloured by the comparison with the Netherlands ({n} interval); white is no data. Boundaries: CBS."),
        }
    } else {
        l.t(
            "Dezelfde waarden op de kaart, in vijf even grote groepen (kwintielen): dat zegt waar een regio staat, niet of ze verschilt; wit is geen gegevens. Grenzen: CBS.",
            "The same values on the map, in five equal-sized groups (quintiles): that says where a region ranks, not whether it differs; white is no data. Boundaries: CBS.",
        )
        .to_owned()
    };
    html! {
        figure.kpi-figuur.kpi-kaart {
            (svg)
            figcaption {
                (uitleg)
                " "
                a href={"/kpi.svg?" (s.keuze.query())} download { (l.t("Download kaart (SVG)", "Download map (SVG)")) }
            }
        }
    }
}

/// `GET /kpi.svg?…`: the map of the same choice as `/kpi`, as a file of its own.
pub(crate) async fn svg_download(
    State(state): State<AppState>,
    taal: Taal,
    uri: Uri,
) -> Result<Response, PageError> {
    let fout = |e: ApiError| PageError::new(&taal, e);
    // Computed once per version of the observations and the catalogue (see `Weergaven`); the
    // title holds the KPI's code for the file name.
    let key = format!("kpi.svg/{}/{}", taal.lang.code(), taal.here);
    let w = state
        .weergave(key, || async {
            let pairs = query_pairs(&uri)?;
            let cat = catalogus(&state).await?;
            let keuze = pagina_keuze(&cat, &pairs)?;
            let s = selectie(&state, keuze).await?;
            let m = svg(&s, taal.lang)
                .ok_or_else(|| ApiError::niet_gevonden("regio", "kaart", "map", s.keuze.query()))?;
            Ok(Weergave {
                title: s.keuze.kpi.code.to_string(),
                body: svg_bestand(&m),
            })
        })
        .await
        .map_err(fout)?;
    let name = format!("attachment; filename=\"kpi-{}.svg\"", w.title);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        w.body.clone(),
    )
        .into_response())
}
