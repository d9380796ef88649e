//! KPIs that administrators define: added or changed only through
//! [`kpi_definities_vastleggen`], which checks each definition with the indicator engine's
//! rules (on its own and with the shipped catalogue) and against the observations stored
//! under its code, inside the transaction that writes it, so a definition never contradicts
//! its own values and a batch lands whole or not at all.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use gemeten_domain::{Account, Probleem, Problemen, Rol};
use gemeten_indicators::{Catalogus, Definities, IndicatorError, KpiDefinitie, SesDimensie};
use gemeten_store::{Store, WaarnemingStore};

use crate::handeling::{gedaan, uitvoeren, Afloop};
use crate::{AppFout, Handeling};

/// The administrators' KPI definitions as stored, by code.
pub fn eigen_kpis(store: &Store) -> Result<BTreeMap<String, KpiDefinitie>, AppFout> {
    store
        .kpi_definities()?
        .into_iter()
        .map(|k| {
            let def: KpiDefinitie = serde_json::from_str(&k.definitie)
                .map_err(|e| store.corrupt("kpi_definitie", format!("KPI '{}': {e}", k.code)))?;
            Ok((k.code, def))
        })
        .collect()
}

/// The SES breakdowns administrators defined, as stored, by code.
pub fn eigen_ses_dimensies(store: &Store) -> Result<BTreeMap<String, SesDimensie>, AppFout> {
    store
        .ses_dimensie_definities()?
        .into_iter()
        .map(|k| {
            let def: SesDimensie = serde_json::from_str(&k.definitie).map_err(|e| {
                store.corrupt("ses_dimensie_definitie", format!("'{}': {e}", k.code))
            })?;
            Ok((k.code, def))
        })
        .collect()
}

/// The catalogue every reader and import goes by: the shipped one plus the administrators'
/// breakdowns and definitions. A stored definition the current rules refuse (a later release
/// ships its code) is reported as such rather than left out, so no series silently loses its
/// KPI.
pub fn catalogus(store: &Store) -> Result<Catalogus, AppFout> {
    let dims = eigen_ses_dimensies(store)?;
    let eigen = eigen_kpis(store)?;
    Catalogus::met_eigen_definities(dims.into_values().collect(), eigen.into_values().collect())
        .map_err(|e| AppFout::Store(store.corrupt("kpi_definitie", e)))
}

/// The indicator engine's refusal of KPI definitions: one problem per KPI and field.
fn ongeldig(e: IndicatorError) -> AppFout {
    match e {
        IndicatorError::Definitie(fouten) => AppFout::Ongeldig(Problemen(fouten)),
        IndicatorError::Invoer(fouten) => {
            AppFout::Ongeldig(Problemen(fouten.iter().map(|f| f.probleem()).collect()))
        }
        e => AppFout::ongeldig("kpi", e.to_string(), e.to_string()),
    }
}

fn onleesbaar(e: serde_json::Error) -> AppFout {
    AppFout::ongeldig(
        "kpi",
        format!("de definitie is niet als JSON te schrijven: {e}"),
        format!("the definition cannot be written as JSON: {e}"),
    )
}

/// Adds or replaces the KPI definitions `defs`: [`definities_vastleggen`] without breakdowns.
pub fn kpi_definities_vastleggen(
    store: &mut Store,
    account: &Account,
    defs: Vec<KpiDefinitie>,
) -> Result<Catalogus, AppFout> {
    definities_vastleggen(
        store,
        account,
        Definities {
            ses_dimensie: Vec::new(),
            kpi: defs,
        },
    )
}

/// Adds or replaces SES breakdowns and KPI definitions: administrators only. Each is checked
/// with the indicator engine's rules together with the stored and shipped ones, and against
/// the observations stored under it (a unit, a breakdown or a kind of period they rely on
/// cannot change or go; a breakdown's groups they use cannot be renamed, dropped or
/// reordered); every problem is named, by code, field and reason, and then nothing is
/// written. One audit entry holds the definitions before (`null` for a new one) and after.
/// Returns the combined catalogue as it now is.
pub fn definities_vastleggen(
    store: &mut Store,
    account: &Account,
    definities: Definities,
) -> Result<Catalogus, AppFout> {
    let Definities {
        ses_dimensie: dims,
        kpi: defs,
    } = definities;
    let codes: Vec<String> = dims
        .iter()
        .map(|d| d.code.clone())
        .chain(defs.iter().map(|d| d.code.clone()))
        .collect();
    let object = format!("kpi-definities ({})", codes.join(", "));
    uitvoeren(
        store,
        account.username.as_str(),
        Handeling::KpiDefinitiesVastleggen,
        |s| {
            if account.role() != Rol::Admin {
                return Err(AppFout::verboden(
                    &object,
                    "alleen een beheerder mag KPI's definiëren",
                    "only an administrator may define KPIs",
                ));
            }
            if defs.is_empty() && dims.is_empty() {
                return Err(AppFout::ongeldig(
                    "kpi",
                    "geen KPI-definitie gegeven",
                    "no KPI definition given",
                ));
            }
            let opgeslagen = eigen_kpis(s)?;
            let opgeslagen_dims = eigen_ses_dimensies(s)?;
            // The stored definitions go in by code, so a code given twice would collapse
            // unseen there; it is refused here.
            let mut samen = opgeslagen.clone();
            for (i, d) in defs.iter().enumerate() {
                if defs[..i].iter().any(|e| e.code == d.code) {
                    return Err(Probleem::bij_veld(
                        "code",
                        "staat meer dan eens in de definities",
                        "is given more than once in the definitions",
                    )
                    .record(format!("KPI '{}'", d.code))
                    .into());
                }
                samen.insert(d.code.clone(), d.clone());
            }
            let mut samen_dims = opgeslagen_dims.clone();
            for (i, d) in dims.iter().enumerate() {
                if dims[..i].iter().any(|e| e.code == d.code) {
                    return Err(AppFout::Ongeldig(
                        Probleem::bij_veld(
                            "code",
                            "staat meer dan eens in de definities",
                            "appears more than once in the definitions",
                        )
                        .record(format!("SES-indeling '{}'", d.code))
                        .into(),
                    ));
                }
                samen_dims.insert(d.code.clone(), d.clone());
            }
            let cat = Catalogus::met_eigen_definities(
                samen_dims.into_values().collect(),
                samen.into_values().collect(),
            )
            .map_err(ongeldig)?;
            let mut fouten = Vec::new();
            if !dims.is_empty() {
                let alle = s.observations(None)?;
                for d in &dims {
                    fouten.extend(gemeten_indicators::dimensie_tegenstrijdigheden(
                        opgeslagen_dims.get(&d.code),
                        d,
                        &alle,
                    ));
                }
            }
            for d in &defs {
                let waarnemingen = s.observations(Some(&d.code))?;
                fouten.extend(gemeten_indicators::tegenstrijdigheden(
                    opgeslagen.get(&d.code),
                    d,
                    &waarnemingen,
                ));
            }
            if !fouten.is_empty() {
                return Err(ongeldig(IndicatorError::Definitie(fouten)));
            }
            let gewijzigd: Vec<&KpiDefinitie> = defs
                .iter()
                .filter(|d| opgeslagen.get(&d.code) != Some(*d))
                .collect();
            let gewijzigde_dims: Vec<&SesDimensie> = dims
                .iter()
                .filter(|d| opgeslagen_dims.get(&d.code) != Some(*d))
                .collect();
            if gewijzigd.is_empty() && gewijzigde_dims.is_empty() {
                return Ok(Afloop::Ongewijzigd(cat));
            }
            let (mut voor, mut na) = (serde_json::Map::new(), serde_json::Map::new());
            let mut dim_rijen = Vec::new();
            for d in &gewijzigde_dims {
                let tekst = serde_json::to_value(d).map_err(onleesbaar)?;
                dim_rijen.push((d.code.clone(), tekst.to_string()));
                let oud = opgeslagen_dims
                    .get(&d.code)
                    .map_or(Ok(Value::Null), serde_json::to_value);
                let sleutel = format!("ses_dimensie:{}", d.code);
                voor.insert(sleutel.clone(), oud.map_err(onleesbaar)?);
                na.insert(sleutel, tekst);
            }
            let mut rijen = Vec::new();
            for d in &gewijzigd {
                let tekst = serde_json::to_value(d).map_err(onleesbaar)?;
                rijen.push((d.code.clone(), tekst.to_string()));
                let oud = opgeslagen
                    .get(&d.code)
                    .map_or(Ok(Value::Null), serde_json::to_value);
                voor.insert(d.code.clone(), oud.map_err(onleesbaar)?);
                na.insert(d.code.clone(), tekst);
            }
            if !dim_rijen.is_empty() {
                s.zet_ses_dimensies(&dim_rijen, account.username.as_str())?;
            }
            if !rijen.is_empty() {
                s.zet_kpi_definities(&rijen, account.username.as_str())?;
            }
            gedaan(&object, Some(json!(voor)), Some(json!(na)), cat)
        },
    )
}
