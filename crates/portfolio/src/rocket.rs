//! The synthesis of the "−30" (000 lines 1723-1738: monitoring looks at what the ROCKET
//! principles contribute to narrowing the SES gap): per mission, how much of the portfolio
//! states a contribution to a target such as `C-ses-verschil`, and how it scores on ROCKET.

use serde::Serialize;

use gemeten_domain::{
    Beoordeling, Bijdrage, Id, Kader, MissieCode, OnderwerpSoort, Project, Register,
};

/// The mean score of one principle over the projects whose latest ROCKET assessment scores it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipeScore {
    pub maatstaf: Id,
    pub letter: Option<String>,
    /// Projects whose score counts.
    pub n: usize,
    pub gemiddelde: Option<f64>,
}

/// One mission's portfolio against the −30 and ROCKET.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RocketSynthese {
    pub missie: MissieCode,
    /// The target whose contributions are counted.
    pub doel: Id,
    pub projecten: usize,
    /// Projects that state a contribution to `doel`.
    pub met_bijdrage: usize,
    /// Projects with a ROCKET assessment (their latest counts, self-assessment or not).
    pub met_rocket: usize,
    /// Per principle, in the register's order (R, O, C, K, E, T).
    pub per_principe: Vec<PrincipeScore>,
    /// The mean of the assessed projects' mean scores.
    pub gemiddelde: Option<f64>,
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Per mission of the register (the central mission counts every project that names it),
/// given the projects, the stated contributions and the assessments (oldest first: a
/// project's last ROCKET assessment is its current one).
pub fn rocket_synthese(
    register: &Register,
    projects: &[Project],
    bijdragen: &[Bijdrage],
    beoordelingen: &[Beoordeling],
    doel: &Id,
) -> Vec<RocketSynthese> {
    let p = register.parts();
    let principes = gemeten_domain::van_kader(&p.maatstaf, Kader::Rocket);
    let latest = |id: &Id| {
        beoordelingen.iter().rev().find(|b| {
            b.soort == OnderwerpSoort::Project && &b.onderwerp == id && b.kader == Kader::Rocket
        })
    };
    p.missie
        .iter()
        .map(|m| {
            let ps: Vec<&Project> = projects
                .iter()
                .filter(|x| x.missies.contains(&m.code))
                .collect();
            let met_bijdrage = ps
                .iter()
                .filter(|x| {
                    bijdragen
                        .iter()
                        .any(|b| b.project == x.id && &b.doel == doel)
                })
                .count();
            let assessed: Vec<&Beoordeling> = ps.iter().filter_map(|x| latest(&x.id)).collect();
            let per_principe = principes
                .iter()
                .map(|pr| {
                    let scores: Vec<f64> = assessed
                        .iter()
                        .filter_map(|b| b.oordelen.iter().find(|o| o.maatstaf == pr.id))
                        .filter_map(|o| o.score.map(f64::from))
                        .collect();
                    PrincipeScore {
                        maatstaf: pr.id.clone(),
                        letter: pr.letter.as_ref().map(|l| l.to_string()),
                        n: scores.len(),
                        gemiddelde: mean(&scores),
                    }
                })
                .collect();
            let means: Vec<f64> = assessed.iter().filter_map(|b| b.gemiddelde()).collect();
            RocketSynthese {
                missie: m.code,
                doel: doel.clone(),
                projecten: ps.len(),
                met_bijdrage,
                met_rocket: assessed.len(),
                per_principe,
                gemiddelde: mean(&means),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gemeten_domain::{Kader, Oordeel};

    fn register() -> Register {
        let mut parts = gemeten_domain::RegisterParts::default();
        for (id, letter) in [("rocket-r", "R"), ("rocket-o", "O")] {
            parts.maatstaf.push(
                serde_json::from_value(serde_json::json!({
                    "id": id, "kader": "rocket", "letter": letter, "name_nl": letter,
                    "name_en": letter, "text_nl": letter,
                    "source": { "doc": "000", "section": "s", "lines": "1-1" },
                }))
                .unwrap(),
            );
        }
        parts.missie.push(
            serde_json::from_value(serde_json::json!({
                "code": "II", "title_nl": "Zorg", "text_nl": "t", "deadline": 2030,
                "source": { "doc": "001", "section": "s", "lines": "1-1" },
            }))
            .unwrap(),
        );
        Register::new(parts).unwrap()
    }

    fn project(id: &str) -> Project {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "funder": "ZonMw", "status": "lopend", "missies": ["II"],
        }))
        .unwrap()
    }

    fn assessment(id: &str, r: u8, o: Option<u8>) -> Beoordeling {
        let o2 = |m: &str, s: Option<u8>| Oordeel {
            maatstaf: m.parse().unwrap(),
            score: s,
            oordeel: s.is_none().then(|| "n.v.t.".parse().unwrap()),
            toelichting: "t".parse().unwrap(),
        };
        Beoordeling {
            soort: OnderwerpSoort::Project,
            onderwerp: id.parse().unwrap(),
            kader: Kader::Rocket,
            oordelen: vec![o2("rocket-r", Some(r)), o2("rocket-o", o)],
            beoordelaar: "admin".parse().unwrap(),
            datum: "2026-01-01".parse().unwrap(),
            zelfbeoordeling: false,
            oproep: None,
        }
    }

    /// Three projects: a and b assessed (a twice: the later counts), b with a judgement
    /// in words for O; only a states a contribution to the −30.
    #[test]
    fn the_latest_assessment_counts_and_judgements_in_words_have_no_score() {
        let reg = register();
        let projects = [project("a"), project("b"), project("c")];
        let doel: Id = "C-ses-verschil".parse().unwrap();
        let bijdragen = [Bijdrage {
            project: "a".parse().unwrap(),
            doel: doel.clone(),
            toelichting: "lage SEP".parse().unwrap(),
            oproep: None,
        }];
        let b = [
            assessment("a", 1, Some(1)),
            assessment("b", 4, None),
            assessment("a", 5, Some(3)),
        ];
        let s = rocket_synthese(&reg, &projects, &bijdragen, &b, &doel);
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!((s.projecten, s.met_bijdrage, s.met_rocket), (3, 1, 2));
        // R: (5 + 4) / 2; O: only a's 3 (b judged O in words).
        assert_eq!(s.per_principe[0].letter.as_deref(), Some("R"));
        assert_eq!(
            (s.per_principe[0].n, s.per_principe[0].gemiddelde),
            (2, Some(4.5))
        );
        assert_eq!(
            (s.per_principe[1].n, s.per_principe[1].gemiddelde),
            (1, Some(3.0))
        );
        // Means per project: a 4, b 4.
        assert_eq!(s.gemiddelde, Some(4.0));
    }
}
