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
