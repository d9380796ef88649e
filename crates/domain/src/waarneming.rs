use serde::{Deserialize, Serialize};

/// One observed value of a KPI: a period, a region and (optionally) a group.
///
/// Empty breakdown fields mean "all": `sex == ""` is both sexes together. Codes are
/// checked against the KPI catalogue and region list by the indicator engine before a
/// value is stored; the store keeps them as they were accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waarneming {
    pub kpi: String,
    pub period: i32,
    /// CBS region code, e.g. `NL01`, `PV26`, `GG3406`.
    pub region: String,
    /// `man`, `vrouw` or empty.
    pub sex: String,
    /// Socio-economic group (`q1`..`q5` income quintile, `laag`/`midden`/`hoog` education)
    /// or empty.
    pub ses: String,
    /// Age band label ("0", "65-69", "85+") or empty.
    pub age_band: String,
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Where the value comes from: a publication, a file, a `gemeten hle` run.
    pub source: String,
}

impl Waarneming {
    /// A national total (region NL01, no breakdown) without interval.
    pub fn national(kpi: &str, period: i32, value: f64, source: &str) -> Self {
        Waarneming {
            kpi: kpi.to_owned(),
            period,
            region: "NL01".to_owned(),
            sex: String::new(),
            ses: String::new(),
            age_band: String::new(),
            value,
            lower: None,
            upper: None,
            source: source.to_owned(),
        }
    }

    /// The national total, the series a target is measured on.
    pub fn is_national_total(&self) -> bool {
        self.region == "NL01"
            && self.sex.is_empty()
            && self.ses.is_empty()
            && self.age_band.is_empty()
    }

    /// The breakdown that identifies this value within its KPI and period.
    pub fn key(&self) -> (&str, i32, &str, &str, &str, &str) {
        (
            &self.kpi,
            self.period,
            &self.region,
            &self.sex,
            &self.ses,
            &self.age_band,
        )
    }
}
