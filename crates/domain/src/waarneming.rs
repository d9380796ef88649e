use serde::{Deserialize, Serialize};

use crate::Meetperiode;

/// One observed value of a KPI: a period, a region and (optionally) a group.
///
/// Empty breakdown fields mean "all": `sex == ""` is both sexes together, `ses == ""` all
/// socio-economic groups. Codes are
/// checked against the KPI catalogue and region list by the indicator engine before a
/// value is stored; the store keeps them as they were accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waarneming {
    pub kpi: String,
    /// A year, a pooled run of years (`2019/2022`), a quarter or a month.
    pub period: Meetperiode,
    /// CBS region code, e.g. `NL01`, `PV26`, `GG3406`.
    pub region: String,
    /// `man`, `vrouw` or empty.
    pub sex: String,
    /// The socio-economic breakdown `ses` belongs to (`opleiding`, `opleiding4`, `inkomen5`,
    /// …; the catalogue defines each with its groups from low to high), empty without one.
    /// Education and income are separate breakdowns, so both gaps can be kept side by side.
    #[serde(default)]
    pub ses_dimensie: String,
    /// The group within `ses_dimensie` (`laag`, `middelbaar`, `hoog`; `q1`..`q5`) or empty.
    pub ses: String,
    /// Age band label ("0", "65-69", "85+") or empty.
    pub age_band: String,
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Where the value comes from: a publication, a file, a `gemeten hle` run.
    pub source: String,
    /// How many persons or cases the value rests on, when known. Public front ends withhold
    /// values on fewer than their small-cell threshold. Absent in files from before it
    /// existed, hence the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    /// A significance judgement as the publisher gave it (VZinfo: "onder, 99% zeker"), used
    /// as published when comparing with a benchmark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub significantie: Option<String>,
    /// The publisher's status of the figure (CBS: voorlopig, nader voorlopig, definitief).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicatiestatus: Option<String>,
    /// A made-up value (the examples a fresh installation shows where nothing real exists);
    /// every view marks it as such.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetisch: bool,
}

/// KPI, period, region, sex, SES breakdown, SES group, age band.
pub type WaarnemingSleutel<'a> = (
    &'a str,
    Meetperiode,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

impl Waarneming {
    /// A national total (region NL01, no breakdown) without interval.
    pub fn national(kpi: &str, period: Meetperiode, value: f64, source: &str) -> Self {
        Waarneming {
            kpi: kpi.to_owned(),
            period,
            region: "NL01".to_owned(),
            sex: String::new(),
            ses_dimensie: String::new(),
            ses: String::new(),
            age_band: String::new(),
            value,
            lower: None,
            upper: None,
            source: source.to_owned(),
            n: None,
            significantie: None,
            publicatiestatus: None,
            synthetisch: false,
        }
    }

    /// The national total, the series a target is measured on.
    pub fn is_national_total(&self) -> bool {
        self.region == "NL01"
            && self.sex.is_empty()
            && self.ses.is_empty()
            && self.age_band.is_empty()
    }

    /// This value rests on fewer than `min_cell` persons (an unknown `n` is not small: the
    /// publisher of an aggregate without counts answers for it).
    pub fn is_small_cell(&self, min_cell: u64) -> bool {
        self.n.is_some_and(|n| n < min_cell)
    }

    /// The breakdown that identifies this value within its KPI and period.
    pub fn key(&self) -> WaarnemingSleutel<'_> {
        (
            &self.kpi,
            self.period,
            &self.region,
            &self.sex,
            &self.ses_dimensie,
            &self.ses,
            &self.age_band,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Waarneming;

    #[test]
    fn json_without_n_still_reads_and_small_cells_need_a_known_n() {
        let old = r#"{"kpi":"levensverwachting","period":2020,"region":"NL01","sex":"",
            "ses":"","age_band":"","value":81.4,"lower":null,"upper":null,"source":"CBS"}"#;
        let mut w: Waarneming = serde_json::from_str(old).unwrap();
        assert_eq!(w.n, None);
        assert!(!w.is_small_cell(10), "an unknown n is not a small cell");
        w.n = Some(9);
        assert!(w.is_small_cell(10));
        w.n = Some(10);
        assert!(!w.is_small_cell(10));
    }
}
