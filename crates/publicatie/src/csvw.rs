//! The description of a KPI series' CSV in the W3C "CSV on the Web" metadata vocabulary
//! (CSVW): its columns with their meaning, data type and, for the value and its bounds, the
//! unit. A reader (or a tool such as csvw-validator) learns from it what each column holds
//! without reading gemeten's documentation.

use gemeten_indicators::KpiDefinitie;
use serde_json::{json, Value};

/// The metadata of `csv_path` (relative; CSVW resolves it against the metadata file's own
/// address, which is the CSV's with `-metadata.json` appended).
pub fn beschrijving(csv_path: &str, code: &str, def: Option<&KpiDefinitie>, unit: &str) -> Value {
    let name = def.map_or(code, |k| k.name_nl.as_str());
    let file = csv_path.rsplit('/').next().unwrap_or(csv_path);
    let kolom = |name: &str, nl: &str, en: &str, datatype: &str| {
        json!({
            "name": name,
            "titles": name,
            "dc:description": [
                {"@value": nl, "@language": "nl"},
                {"@value": en, "@language": "en"}
            ],
            "datatype": datatype
        })
    };
    let met_eenheid = |mut v: Value| {
        if !unit.is_empty() {
            v["schema:unitText"] = json!(unit);
        }
        v
    };
    json!({
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "nl"}],
        "url": file,
        "dc:title": name,
        "dc:description": def.map_or("", |k| k.definitie_nl.as_str()),
        "tableSchema": {
            "columns": [
                kolom("kpi", "Code van de indicator in gemeten's catalogus", "The indicator's code in gemeten's catalogue", "string"),
                kolom("period", "Meetperiode: een jaar (2021), samengenomen jaren (2019/2022), een kwartaal (2021KW02) of een maand (2021MM03)", "Period: a year (2021), pooled years (2019/2022), a quarter (2021KW02) or a month (2021MM03)", "string"),
                kolom("region", "Regiocode van CBS (NL01 is Nederland; GG…, PV…, ZK…) of ROAZ01–ROAZ10", "CBS region code (NL01 is the Netherlands; GG…, PV…, ZK…) or ROAZ01–ROAZ10", "string"),
                kolom("sex", "man, vrouw, of leeg voor beide samen", "man (male), vrouw (female), or empty for both", "string"),
                kolom("ses_dimensie", "De SES-indeling van de kolom ses (opleiding, inkomen5, …), leeg zonder SES-groep", "The SES breakdown of column ses (education, income quintiles, …), empty without an SES group", "string"),
                kolom("ses", "SES-groep binnen die indeling, of leeg", "SES group within that breakdown, or empty", "string"),
                kolom("age_band", "Leeftijdsklasse (bv. 18-64, 65+), of leeg voor alle leeftijden", "Age band (e.g. 18-64, 65+), or empty for all ages", "string"),
                met_eenheid(kolom("value", &format!("De waarde, in {unit}"), &format!("The value, in {unit}"), "double")),
                met_eenheid(kolom("lower", "Ondergrens van het 95%-interval, of leeg", "Lower bound of the 95 % interval, or empty", "double")),
                met_eenheid(kolom("upper", "Bovengrens van het 95%-interval, of leeg", "Upper bound of the 95 % interval, or empty", "double")),
                kolom("source", "Bron van de waarde zoals gepubliceerd", "Source of the value as published", "string"),
                kolom("n", "Aantal personen of gevallen waarop de waarde rust, of leeg als onbekend", "Number of persons or cases the value rests on, or empty when unknown", "integer"),
                kolom("significantie", "Significantie zoals de bron die publiceert (bv. 'onder, 99% zeker'), of leeg", "Significance as the source publishes it, or empty", "string"),
                kolom("publicatiestatus", "Status van de publicatie (bv. voorlopig), of leeg", "Publication status (e.g. provisional), or empty", "string"),
                kolom("synthetisch", "ja voor een synthetische voorbeeldwaarde (geen statistiek), anders nee", "ja (yes) for a synthetic example value (not statistics), otherwise nee (no)", "string")
            ]
        }
    })
}
