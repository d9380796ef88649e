//! Which observations to withhold so that no small cell can be read, not even by
//! subtraction: the small cells themselves (primary suppression) and, following CBS's
//! disclosure practice, for every additive group with exactly one withheld cell, the
//! next-smallest cell of that group too (complementary or secondary suppression).
//!
//! An additive group is a total and its parts along one breakdown, for one KPI and period:
//! both sexes together = men + women; all SES groups = the groups of one SES breakdown; all
//! ages = the age bands; the Netherlands (`NL01`) = the regions of one level (provinces
//! `PV…`, GGD regions `GG…`, zorgkantoor regions `ZK…`, ROAZ regions `ROAZ…`, each a
//! partition of the country). With the counts `n` of all but one cell of such a group
//! published, the last follows by subtraction (total n = 500, men n = 495 → women n = 5),
//! and with them the value where it is a mean or a rate (n × value adds up too). A group is
//! treated as additive whether or not its stored parts are complete: withholding one cell too
//! many is the safe error.

use std::collections::BTreeMap;

use crate::Waarneming;

/// The breakdowns along which cells add up.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum As {
    Geslacht,
    Ses,
    Leeftijd,
    Regio,
}

/// The level of a region code, by CBS's prefixes (`NL01` is the total of every level).
fn regioniveau(code: &str) -> &'static str {
    for (prefix, level) in [
        ("NL", "land"),
        ("PV", "provincie"),
        ("GG", "ggd"),
        ("ZK", "zorgkantoor"),
        ("ROAZ", "roaz"),
    ] {
        if code.starts_with(prefix) {
            return level;
        }
    }
    "overig"
}

/// The key of the group `w` is a part of along `as_`, or `None` when `w` is that axis's
/// total. The key leaves out the axis itself but keeps what restricts the parts (the SES
/// breakdown, the region level), so the total is found by the same key.
type Groepsleutel = (
    String,
    crate::Meetperiode,
    As,
    String,
    String,
    String,
    String,
    String,
);

fn sleutel(w: &Waarneming, as_: As, deel_van: &str) -> Groepsleutel {
    let leeg = String::new;
    let (regio, sex, dim, ses, leeftijd) = (
        w.region.clone(),
        w.sex.clone(),
        w.ses_dimensie.clone(),
        w.ses.clone(),
        w.age_band.clone(),
    );
    let (a, b, c, d, e) = match as_ {
        As::Geslacht => (regio, leeg(), dim, ses, leeftijd),
        As::Ses => (regio, sex, deel_van.to_owned(), leeg(), leeftijd),
        As::Leeftijd => (regio, sex, dim, ses, leeg()),
        As::Regio => (deel_van.to_owned(), sex, dim, ses, leeftijd),
    };
    (w.kpi.clone(), w.period, as_, a, b, c, d, e)
}

/// The additive groups of `obs`, each as the indices of its total (first) and its parts. Only
/// groups with a stored total and at least one part count.
fn groepen(obs: &[Waarneming]) -> Vec<Vec<usize>> {
    let mut totalen: BTreeMap<Groepsleutel, Vec<usize>> = BTreeMap::new();
    let mut delen: BTreeMap<Groepsleutel, Vec<usize>> = BTreeMap::new();
    for (i, w) in obs.iter().enumerate() {
        // Along sex.
        if w.sex.is_empty() {
            totalen
                .entry(sleutel(w, As::Geslacht, ""))
                .or_default()
                .push(i);
        } else {
            delen
                .entry(sleutel(w, As::Geslacht, ""))
                .or_default()
                .push(i);
        }
        // Along an SES breakdown: a total (no breakdown) heads one group per breakdown,
        // found below by the parts' breakdown.
        if w.ses.is_empty() && w.ses_dimensie.is_empty() {
            totalen.entry(sleutel(w, As::Ses, "")).or_default().push(i);
        } else {
            delen
                .entry(sleutel(w, As::Ses, &w.ses_dimensie))
                .or_default()
                .push(i);
        }
        if w.age_band.is_empty() {
            totalen
                .entry(sleutel(w, As::Leeftijd, ""))
                .or_default()
                .push(i);
        } else {
            delen
                .entry(sleutel(w, As::Leeftijd, ""))
                .or_default()
                .push(i);
        }
        let niveau = regioniveau(&w.region);
        if niveau == "land" {
            totalen
                .entry(sleutel(w, As::Regio, ""))
                .or_default()
                .push(i);
        } else {
            delen
                .entry(sleutel(w, As::Regio, niveau))
                .or_default()
                .push(i);
        }
    }
    let mut uit = Vec::new();
    for (k, parts) in delen {
        // The total's key: the axis's own restriction (SES breakdown, region level) cleared.
        let mut tk = k.clone();
        match tk.2 {
            As::Ses => tk.5.clear(),
            As::Regio => tk.3.clear(),
            As::Geslacht | As::Leeftijd => {}
        }
        if let Some(totaal) = totalen.get(&tk) {
            // Two stored totals for one key (two sources) are each a total of the parts.
            for &t in totaal {
                let mut g = vec![t];
                g.extend(parts.iter().copied());
                uit.push(g);
            }
        }
    }
    uit
}

/// For each observation, whether to withhold it: the small cells (fewer than `min_cell`
/// persons), and then, until no additive group has exactly one withheld cell, the smallest
/// other cell of each such group (by `n`; a cell without a count is taken last, ties by
/// order). The result is the same for the same observations in the same order.
pub fn te_onderdrukken(obs: &[Waarneming], min_cell: u64) -> Vec<bool> {
    let mut weg: Vec<bool> = obs.iter().map(|w| w.is_small_cell(min_cell)).collect();
    if !weg.iter().any(|x| *x) {
        return weg;
    }
    let groepen = groepen(obs);
    loop {
        let mut veranderd = false;
        for g in &groepen {
            if g.iter().filter(|&&i| weg[i]).count() != 1 {
                continue;
            }
            if let Some(&extra) = g
                .iter()
                .filter(|&&i| !weg[i])
                .min_by_key(|&&i| (obs[i].n.unwrap_or(u64::MAX), i))
            {
                weg[extra] = true;
                veranderd = true;
            }
        }
        if !veranderd {
            return weg;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Meetperiode;

    fn cel(region: &str, sex: &str, dim: &str, ses: &str, n: u64) -> Waarneming {
        let mut w = Waarneming::national("k", Meetperiode::jaar(2022).unwrap(), n as f64, "t");
        w.region = region.into();
        w.sex = sex.into();
        w.ses_dimensie = dim.into();
        w.ses = ses.into();
        w.n = Some(n);
        w
    }

    /// An attacker who knows the published counts and every additive relation between the
    /// cells (any stored total minus the sum of its parts along one breakdown), and applies
    /// subtraction until nothing more follows. Returns the withheld cells it recovers.
    /// Written independently of [`groepen`]: it tries every pair of a candidate total and the
    /// cells that differ from it in exactly one breakdown, where the total has "all".
    fn aanval(obs: &[Waarneming], weg: &[bool]) -> Vec<usize> {
        let mut bekend: Vec<Option<u64>> = obs
            .iter()
            .zip(weg)
            .map(|(w, &x)| if x { None } else { w.n })
            .collect();
        let velden = |w: &Waarneming| {
            [
                w.sex.clone(),
                format!("{}|{}", w.ses_dimensie, w.ses),
                w.age_band.clone(),
                w.region.clone(),
            ]
        };
        let is_totaal = |as_: usize, v: &str| match as_ {
            0 | 2 => v.is_empty(),
            1 => v == "|",
            _ => v == "NL01",
        };
        // The restriction the parts of one relation share along the axis.
        let soort = |as_: usize, v: &str| match as_ {
            1 => v.split('|').next().unwrap_or("").to_owned(),
            3 => v.chars().take_while(|c| c.is_ascii_alphabetic()).collect(),
            _ => String::new(),
        };
        let mut relaties: Vec<Vec<usize>> = Vec::new();
        for (t, tw) in obs.iter().enumerate() {
            let tv = velden(tw);
            for as_ in 0..4 {
                if !is_totaal(as_, &tv[as_]) {
                    continue;
                }
                let mut per_soort: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                for (p, pw) in obs.iter().enumerate() {
                    let pv = velden(pw);
                    let zelfde_rest = (0..4).all(|j| j == as_ || pv[j] == tv[j]);
                    if pw.kpi == tw.kpi
                        && pw.period == tw.period
                        && zelfde_rest
                        && !is_totaal(as_, &pv[as_])
                    {
                        per_soort.entry(soort(as_, &pv[as_])).or_default().push(p);
                    }
                }
                for (_, delen) in per_soort {
                    let mut r = vec![t];
                    r.extend(delen);
                    relaties.push(r);
                }
            }
        }
        loop {
            let mut nieuw = false;
            for r in &relaties {
                let onbekend: Vec<usize> =
                    r.iter().copied().filter(|&i| bekend[i].is_none()).collect();
                if onbekend.len() != 1 {
                    continue;
                }
                let x = onbekend[0];
                let som: i128 = r[1..]
                    .iter()
                    .filter_map(|&i| bekend[i])
                    .map(i128::from)
                    .sum();
                let totaal = bekend[r[0]].map(i128::from);
                let waarde = match totaal {
                    Some(t) => t - som,
                    None => som,
                };
                bekend[x] = u64::try_from(waarde).ok();
                nieuw = true;
            }
            if !nieuw {
                break;
            }
        }
        (0..obs.len())
            .filter(|&i| weg[i] && bekend[i].is_some())
            .collect()
    }

    fn voorbeeld() -> Vec<Waarneming> {
        vec![
            // Sex: total 500 = men 495 + women 5.
            cel("NL01", "", "", "", 500),
            cel("NL01", "man", "", "", 495),
            cel("NL01", "vrouw", "", "", 5),
            // Education, both sexes: 500 = 200 + 180 + 120.
            cel("NL01", "", "opleiding", "laag", 200),
            cel("NL01", "", "opleiding", "middelbaar", 180),
            cel("NL01", "", "opleiding", "hoog", 120),
            // Women by education: 5 = 3 + 2 (both small), men 495 = 197 + 178 + 120.
            cel("NL01", "vrouw", "opleiding", "laag", 3),
            cel("NL01", "vrouw", "opleiding", "hoog", 2),
            cel("NL01", "man", "opleiding", "laag", 197),
            cel("NL01", "man", "opleiding", "middelbaar", 178),
            cel("NL01", "man", "opleiding", "hoog", 120),
            // Provinces, both sexes: 500 = 300 + 190 + 10 (three of twelve shown here).
            cel("PV20", "", "", "", 300),
            cel("PV21", "", "", "", 190),
            cel("PV22", "", "", "", 8),
            cel("PV22", "man", "", "", 6),
            cel("PV22", "vrouw", "", "", 2),
            // GGD regions: 500 = 260 + 240.
            cel("GG3406", "", "", "", 260),
            cel("GG3306", "", "", "", 240),
        ]
    }

    #[test]
    fn primary_suppression_alone_is_undone_by_subtraction() {
        let obs = voorbeeld();
        let primair: Vec<bool> = obs.iter().map(|w| w.is_small_cell(10)).collect();
        let onthuld = aanval(&obs, &primair);
        // Women (5) follow from 500 − 495: the finding of issue 16.
        assert!(onthuld.contains(&2), "{onthuld:?}");
    }

    #[test]
    fn with_complementary_suppression_no_subtraction_reveals_a_withheld_cell() {
        let obs = voorbeeld();
        let weg = te_onderdrukken(&obs, 10);
        assert!(aanval(&obs, &weg).is_empty(), "{weg:?}");
        // Every small cell is withheld, and the complement is the next-smallest: men (495)
        // rather than the total (500) for the sex split.
        for (i, w) in obs.iter().enumerate() {
            if w.n.unwrap() < 10 {
                assert!(weg[i], "{i}");
            }
        }
        assert!(weg[1] && !weg[0], "{weg:?}");
        // Cells in no group with a withheld cell stay published.
        assert!(!weg[16] && !weg[17], "{weg:?}");
    }

    #[test]
    fn every_small_cell_pattern_of_a_grid_is_protected() {
        // Sex × education grid with totals; try every choice of small cells among the
        // nine inner and margin cells.
        let basis = vec![
            cel("NL01", "", "", "", 300),
            cel("NL01", "man", "", "", 150),
            cel("NL01", "vrouw", "", "", 150),
            cel("NL01", "", "opleiding", "laag", 100),
            cel("NL01", "", "opleiding", "hoog", 200),
            cel("NL01", "man", "opleiding", "laag", 50),
            cel("NL01", "man", "opleiding", "hoog", 100),
            cel("NL01", "vrouw", "opleiding", "laag", 50),
            cel("NL01", "vrouw", "opleiding", "hoog", 100),
        ];
        for masker in 1u32..(1 << basis.len()) {
            let obs: Vec<Waarneming> = basis
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let mut w = w.clone();
                    if masker & (1 << i) != 0 {
                        w.n = Some(3);
                    }
                    w
                })
                .collect();
            let weg = te_onderdrukken(&obs, 10);
            assert!(aanval(&obs, &weg).is_empty(), "mask {masker:b}: {weg:?}");
        }
    }

    #[test]
    fn without_small_cells_nothing_is_withheld() {
        let mut obs = voorbeeld();
        for w in &mut obs {
            w.n = Some(1000);
        }
        assert!(te_onderdrukken(&obs, 10).iter().all(|x| !x));
    }
}
