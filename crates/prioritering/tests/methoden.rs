//! Every aggregation method against examples computed by hand (the arithmetic is in the
//! comments), Kendall's W against published worked examples, and properties that must hold
//! for any ballots.

use gemeten_domain::{Id, MissieCode};
use gemeten_prioritering::{
    kendall_w_of_scores, uitslag, uitslagen, verify, Afwijking, Deelnemer, Keuze, Methode, Ronde,
    RondeCriterium, RondeParts, Schaal, Score, StemSoort, Stembiljet, Stembus, Uitslag,
};
use proptest::prelude::*;

fn id(s: &str) -> Id {
    s.parse().unwrap()
}

fn ids(v: &[&str]) -> Vec<Id> {
    v.iter().map(|s| id(s)).collect()
}

fn ronde(
    kind: StemSoort,
    kandidaten: &[&str],
    deelnemers: usize,
    criteria: &[(&str, Option<f64>)],
) -> Ronde {
    Ronde::new(RondeParts {
        id: id("test"),
        missie: MissieCode::II,
        title_nl: "Testronde".parse().unwrap(),
        title_en: None,
        kind,
        criteria: criteria
            .iter()
            .map(|(c, w)| RondeCriterium {
                id: id(c),
                weight: *w,
            })
            .collect(),
        deelnemers: (1..=deelnemers)
            .map(|i| Deelnemer {
                id: id(&format!("p{i}")),
                name: format!("Deelnemer {i}").parse().unwrap(),
                organisatie: None,
                source: None,
            })
            .collect(),
        kandidaten: ids(kandidaten),
        seats: None,
        selected: Vec::new(),
        attendance: None,
        source: None,
        attendance_source: None,
        kind_source: None,
        criteria_source: None,
        deelnemers_source: None,
        kandidaten_source: None,
        selected_source: None,
    })
    .unwrap()
}

fn biljet(p: usize, keuze: Keuze) -> Stembiljet {
    Stembiljet {
        deelnemer: id(&format!("p{p}")),
        keuze,
        replaces: false,
        illustratief: false,
        cast_at: None,
    }
}

fn top(p: usize, v: &[&str]) -> Stembiljet {
    biljet(p, Keuze::Top(ids(v)))
}

fn rank(p: usize, v: &[&str]) -> Stembiljet {
    biljet(p, Keuze::Rangorde(ids(v)))
}

/// `scores`: per candidate, the ratings on the criteria in order.
fn rate(p: usize, criteria: &[&str], scores: &[(&str, &[i64])]) -> Stembiljet {
    biljet(
        p,
        Keuze::Scores(
            scores
                .iter()
                .flat_map(|(k, s)| {
                    criteria.iter().zip(s.iter()).map(move |(c, v)| Score {
                        kandidaat: id(k),
                        criterium: id(c),
                        score: *v,
                    })
                })
                .collect(),
        ),
    )
}

/// (candidate, rank, score, tied) in result order.
fn table(u: &Uitslag) -> Vec<(String, usize, f64, bool)> {
    u.ranking
        .iter()
        .map(|p| (p.kandidaat.to_string(), p.rank, p.score, p.tied))
        .collect()
}

fn row(k: &str, rank: usize, score: f64, tied: bool) -> (String, usize, f64, bool) {
    (k.to_owned(), rank, score, tied)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// Example A: four candidates a-d, top-2 ballots: p1 [a, b], p2 [a, c], p3 [b].
fn example_a(ordered: bool) -> Stembus {
    let r = ronde(
        StemSoort::TopN { n: 2, ordered },
        &["a", "b", "c", "d"],
        3,
        &[],
    );
    Stembus::with_ballots(
        r,
        [top(1, &["a", "b"]), top(2, &["a", "c"]), top(3, &["b"])],
    )
    .unwrap()
}

#[test]
fn approval_counts_ballots_naming_each_candidate_and_shows_ties() {
    // a: p1, p2 = 2; b: p1, p3 = 2; c: p2 = 1; d: 0. a and b share rank 1, c is 3rd.
    let u = uitslag(&example_a(false), Methode::Approval);
    assert_eq!(
        table(&u),
        vec![
            row("a", 1, 2.0, true),
            row("b", 1, 2.0, true),
            row("c", 3, 1.0, false),
            row("d", 4, 0.0, false),
        ]
    );
    assert_eq!(u.winners, ids(&["a", "b"]));
    assert!(!u.tie_at_cutoff);
    // Share of ballots naming each winner: a 2/3, b 2/3.
    let support: Vec<(String, usize, f64)> = u
        .agreement
        .winner_support
        .iter()
        .map(|s| (s.kandidaat.to_string(), s.ballots, s.share))
        .collect();
    assert_eq!(support.len(), 2);
    assert!(support
        .iter()
        .all(|(_, n, share)| *n == 2 && close(*share, 2.0 / 3.0)));
    assert!(u.agreement.kendall_w.is_none());
}

#[test]
fn borda_from_unordered_top_n_lets_the_named_and_the_unnamed_tie() {
    // m = 4. A ballot naming k tie for places 1..k: points m - (k+1)/2; the unnamed tie for
    // k+1..m: points (m-k-1)/2.
    // k = 2: named 4 - 1.5 = 2.5, unnamed (4-2-1)/2 = 0.5; k = 1: named 3, unnamed 1.
    // a = 2.5 + 2.5 + 1 = 6; b = 2.5 + 0.5 + 3 = 6; c = 0.5 + 2.5 + 1 = 4; d = 0.5 + 0.5 + 1 = 2.
    // Each ballot hands out m(m-1)/2 = 6 points: 6 + 6 + 4 + 2 = 18 = 3 × 6.
    let u = uitslag(&example_a(false), Methode::Borda);
    assert_eq!(
        table(&u),
        vec![
            row("a", 1, 6.0, true),
            row("b", 1, 6.0, true),
            row("c", 3, 4.0, false),
            row("d", 4, 2.0, false),
        ]
    );
}

#[test]
fn borda_from_ordered_top_n_counts_positions() {
    // Ordered, m = 4: position 0 → 3 points, position 1 → 2; the unnamed share the rest:
    // k = 2: (1 + 0)/2 = 0.5 each; k = 1: (2 + 1 + 0)/3 = 1 each.
    // a = 3 + 3 + 1 = 7; b = 2 + 0.5 + 3 = 5.5; c = 0.5 + 2 + 1 = 3.5; d = 0.5 + 0.5 + 1 = 2.
    let u = uitslag(&example_a(true), Methode::Borda);
    assert_eq!(
        table(&u),
        vec![
            row("a", 1, 7.0, false),
            row("b", 2, 5.5, false),
            row("c", 3, 3.5, false),
            row("d", 4, 2.0, false),
        ]
    );
    assert_eq!(u.winners, ids(&["a", "b"]));
}

#[test]
fn median_of_borda_points_with_quartiles() {
    // Ballot points from the ordered example: a {3, 3, 1}, b {2, 0.5, 3}, c {0.5, 2, 1},
    // d {0.5, 0.5, 1}. Type-7 quantiles of 3 sorted values v: q(p) at h = 2p.
    // a sorted {1, 3, 3}: median 3, q1 = 1 + 0.5·(3-1) = 2, q3 = 3 + 0.5·0 = 3, IQR 1.
    // b sorted {0.5, 2, 3}: median 2, q1 = 0.5 + 0.5·1.5 = 1.25, q3 = 2 + 0.5·1 = 2.5.
    // c sorted {0.5, 1, 2}: median 1, q1 0.75, q3 1.5. d {0.5, 0.5, 1}: median 0.5, q3 0.75.
    let u = uitslag(&example_a(true), Methode::Median);
    let got: Vec<(String, f64, f64, f64, f64)> = u
        .ranking
        .iter()
        .map(|p| {
            let s = p.spread.unwrap();
            (p.kandidaat.to_string(), p.score, s.q1, s.q3, s.iqr)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a".into(), 3.0, 2.0, 3.0, 1.0),
            ("b".into(), 2.0, 1.25, 2.5, 1.25),
            ("c".into(), 1.0, 0.75, 1.5, 0.75),
            ("d".into(), 0.5, 0.5, 0.75, 0.25),
        ]
    );
}

#[test]
fn mean_is_not_applicable_to_top_n_and_approval_not_to_rankings() {
    let u = uitslag(&example_a(false), Methode::Mean);
    assert!(u.ranking.is_empty());
    assert!(u.not_applicable.as_deref().unwrap().contains("rating"));
    let r = ronde(StemSoort::Rangorde, &["x", "y"], 1, &[]);
    let bus = Stembus::with_ballots(r, [rank(1, &["x", "y"])]).unwrap();
    assert!(uitslag(&bus, Methode::Approval).not_applicable.is_some());
    assert!(uitslag(&bus, Methode::Borda).not_applicable.is_none());
}

#[test]
fn a_round_without_ballots_has_no_result_yet() {
    let r = ronde(StemSoort::Rangorde, &["x", "y"], 2, &[]);
    for u in uitslagen(&Stembus::new(r)) {
        assert!(u.not_applicable.is_some(), "{:?}", u.methode);
        assert!(u.ranking.is_empty() && u.winners.is_empty());
    }
}

// Example B: three candidates, four full rankings.
fn example_b() -> Stembus {
    let r = ronde(StemSoort::Rangorde, &["x", "y", "z"], 4, &[]);
    Stembus::with_ballots(
        r,
        [
            rank(1, &["x", "y", "z"]),
            rank(2, &["x", "z", "y"]),
            rank(3, &["y", "x", "z"]),
            rank(4, &["z", "y", "x"]),
        ],
    )
    .unwrap()
}

#[test]
fn borda_from_rankings_and_kendalls_w() {
    // Points 2, 1, 0 by place. x = 2+2+1+0 = 5; y = 1+0+2+1 = 4; z = 0+1+0+2 = 3.
    let u = uitslag(&example_b(), Methode::Borda);
    assert_eq!(
        table(&u),
        vec![
            row("x", 1, 5.0, false),
            row("y", 2, 4.0, false),
            row("z", 3, 3.0, false),
        ]
    );
    assert_eq!(u.winners, ids(&["x"]));
    // Rank sums: x 1+1+2+3 = 7, y 2+3+1+2 = 8, z 3+2+3+1 = 9; mean m(n+1)/2 = 8;
    // S = 1 + 0 + 1 = 2; W = 12·2 / (4²·(3³-3)) = 24/384 = 0.0625.
    let w = u.agreement.kendall_w.unwrap();
    assert_eq!((w.raters, w.objects), (4, 3));
    assert!(close(w.s, 2.0) && close(w.ties, 0.0));
    assert!(close(w.w, 0.0625), "{}", w.w);
}

// Example C: ratings 1-5 on two criteria weighted 2 and 1, candidates p and q, three raters.
fn example_c(weights: [Option<f64>; 2]) -> Stembus {
    let crit = ["k1", "k2"];
    let r = ronde(
        StemSoort::Scores {
            scale: Schaal { min: 1, max: 5 },
        },
        &["p", "q"],
        3,
        &[("k1", weights[0]), ("k2", weights[1])],
    );
    Stembus::with_ballots(
        r,
        [
            rate(1, &crit, &[("p", &[5, 2]), ("q", &[3, 3])]),
            rate(2, &crit, &[("p", &[4, 1]), ("q", &[4, 4])]),
            rate(3, &crit, &[("p", &[5, 5]), ("q", &[2, 5])]),
        ],
    )
    .unwrap()
}

#[test]
fn weighted_mean_of_criterion_ratings() {
    // Weights 2 and 1: ballot score = (2·k1 + k2)/3.
    // p: (10+2)/3 = 4, (8+1)/3 = 3, (10+5)/3 = 5 → mean 12/3 = 4.
    // q: (6+3)/3 = 3, (8+4)/3 = 4, (4+5)/3 = 3 → mean 10/3 = 3.333…
    let u = uitslag(&example_c([Some(2.0), Some(1.0)]), Methode::Mean);
    let t = table(&u);
    assert_eq!((t[0].0.as_str(), t[0].1), ("p", 1));
    assert!(close(t[0].2, 4.0) && close(t[1].2, 10.0 / 3.0));
    // Without weights all criteria count equally: p (3.5 + 2.5 + 5)/3 = 11/3,
    // q (3 + 4 + 3.5)/3 = 3.5.
    let u = uitslag(&example_c([None, None]), Methode::Mean);
    assert!(close(u.ranking[0].score, 11.0 / 3.0) && close(u.ranking[1].score, 3.5));
    // Median of the weighted ballot scores: p {3, 4, 5} → 4; q {3, 3, 4} → 3.
    let u = uitslag(&example_c([Some(2.0), Some(1.0)]), Methode::Median);
    assert_eq!((u.ranking[0].score, u.ranking[1].score), (4.0, 3.0));
    // Kendall's W on the ballots' orders: p>q, q>p, p>q. Rank sums p 1+2+1 = 4, q 5;
    // mean 3·1.5 = 4.5; S = 0.5; W = 12·0.5 / (9·(8-2)) = 6/54 = 1/9.
    let w = u.agreement.kendall_w.unwrap();
    assert!(close(w.w, 1.0 / 9.0), "{}", w.w);
}

#[test]
fn equal_means_are_a_tie_not_an_order() {
    // Two raters with weights 2, 1: p 4 and 3, q 3 and 4 → both 3.5: shared rank 1.
    let crit = ["k1", "k2"];
    let r = ronde(
        StemSoort::Scores {
            scale: Schaal { min: 1, max: 5 },
        },
        &["q", "p"],
        2,
        &[("k1", Some(2.0)), ("k2", Some(1.0))],
    );
    let bus = Stembus::with_ballots(
        r,
        [
            rate(1, &crit, &[("p", &[5, 2]), ("q", &[3, 3])]),
            rate(2, &crit, &[("p", &[4, 1]), ("q", &[4, 4])]),
        ],
    )
    .unwrap();
    let u = uitslag(&bus, Methode::Mean);
    assert_eq!(
        table(&u),
        vec![row("p", 1, 3.5, true), row("q", 1, 3.5, true)]
    );
    // One seat, two candidates tied for it: both are winners and the tie is flagged.
    assert_eq!(u.winners.len(), 2);
    assert!(u.tie_at_cutoff);
}

/// Scores of judges (rows) for objects (columns), higher = better: ranks given as
/// `n + 1 - rank` so that rank 1 is the best.
fn from_ranks(ranks: &[&[u32]]) -> Vec<Vec<f64>> {
    ranks
        .iter()
        .map(|r| {
            let n = r.len() as f64;
            r.iter().map(|&x| n + 1.0 - x as f64).collect()
        })
        .collect()
}

#[test]
fn kendalls_w_matches_published_worked_examples() {
    // InfluentialPoints, "Kendall coefficient of concordance", worked example I
    // (https://influentialpoints.com/Training/coefficient_of_concordance.htm): four raters rank
    // strawberries from eight farms. Published: rank sums 31 12 12 15 22 5 22 25, sum of
    // squares 500, W = 500 / (504·16/12) = 0.744.
    let strawberries = from_ranks(&[
        &[8, 4, 2, 3, 5, 1, 6, 7],
        &[7, 3, 1, 4, 5, 2, 6, 8],
        &[8, 2, 5, 6, 7, 1, 4, 3],
        &[8, 3, 4, 2, 5, 1, 6, 7],
    ]);
    let w = kendall_w_of_scores(&strawberries).unwrap();
    assert!(close(w.s, 500.0), "S = {}", w.s);
    assert!((w.w - 0.744).abs() < 0.0005, "W = {}", w.w);
    assert!(close(w.w, 500.0 / 672.0));

    // "Kendall's coefficient of concordance" course notes (Jegie, p. 177-178): three judges
    // rate eight essays; published W = 0.94. By hand: rank sums 23 17 15 4 8 6 13 22, mean
    // 13.5, S = 354, W = 12·354 / (9·504) = 0.9365.
    let essays = from_ranks(&[
        &[8, 6, 4, 1, 3, 2, 5, 7],
        &[7, 5, 6, 2, 3, 1, 4, 8],
        &[8, 6, 5, 1, 2, 3, 4, 7],
    ]);
    let w = kendall_w_of_scores(&essays).unwrap();
    assert!(close(w.s, 354.0));
    assert!((w.w - 0.94).abs() < 0.005, "W = {}", w.w);
}

#[test]
fn kendalls_w_corrects_for_ties() {
    // No published example with ties was found; this one is computed by hand.
    // Three raters, four objects (higher score = better):
    //   r1: 4 3 2 1 → ranks 1 2 3 4                       (no ties)
    //   r2: 4 4 2 1 → ranks 1.5 1.5 3 4                    (t = 2: 2³-2 = 6)
    //   r3: 3 3 3 1 → ranks 2 2 2 4                        (t = 3: 3³-3 = 24)
    // Rank sums 4.5, 5.5, 8, 12 (total 30 = 3·4·5/2); mean 7.5;
    // S = 9 + 4 + 0.25 + 20.25 = 33.5; Σ(t³-t) = 30.
    // W = 12·33.5 / (3²·(4³-4) - 3·30) = 402 / (540 - 90) = 0.8933…
    // (Without the correction it would be 402/540 = 0.7444.)
    let w = kendall_w_of_scores(&[
        vec![4.0, 3.0, 2.0, 1.0],
        vec![4.0, 4.0, 2.0, 1.0],
        vec![3.0, 3.0, 3.0, 1.0],
    ])
    .unwrap();
    assert!(close(w.s, 33.5) && close(w.ties, 30.0));
    assert!(close(w.w, 402.0 / 450.0), "W = {}", w.w);
    // Everything tied by everyone: no agreement to measure.
    assert!(kendall_w_of_scores(&[vec![1.0, 1.0], vec![2.0, 2.0]]).is_none());
    // One rater: undefined.
    assert!(kendall_w_of_scores(&[vec![1.0, 2.0]]).is_none());
}

#[test]
fn a_replacing_ballot_counts_instead_of_the_first_which_stays_in_the_history() {
    let mut bus = example_b();
    let before = uitslag(&bus, Methode::Borda);
    let mut again = rank(4, &["x", "y", "z"]);
    again.replaces = true;
    bus.add(again).unwrap();
    assert_eq!(bus.history().len(), 5);
    assert!(bus.history()[3].replaced && !bus.history()[4].replaced);
    assert_eq!(bus.counted().len(), 4);
    // p4 moved x from last to first: x gets 2 instead of 0.
    let after = uitslag(&bus, Methode::Borda);
    assert_eq!(after.ballots, 4);
    assert_eq!(after.replaced, 1);
    assert_eq!(after.ranking[0].score, before.ranking[0].score + 2.0);
}

#[test]
fn illustrative_ballots_flag_the_result() {
    let r = ronde(StemSoort::Rangorde, &["x", "y"], 2, &[]);
    let mut b = rank(1, &["x", "y"]);
    b.illustratief = true;
    let bus = Stembus::with_ballots(r, [b, rank(2, &["y", "x"])]).unwrap();
    assert!(bus.illustratief());
    assert!(uitslagen(&bus).iter().all(|u| u.illustratief));
    assert!(!uitslag(&example_b(), Methode::Borda).illustratief);
}

#[test]
fn a_result_is_reproducible_from_its_ballots() {
    let bus = example_a(true);
    let stored = uitslag(&bus, Methode::Borda);
    // The fingerprint is stable: it only changes when the result (or its JSON form) does,
    // and then stored results no longer verify.
    assert_eq!(
        stored.fingerprint,
        uitslag(&bus, Methode::Borda).fingerprint
    );
    assert!(stored.fingerprint.starts_with("fnv1a64:") && stored.fingerprint.len() == 24);
    assert_eq!(
        stored.fingerprint, "fnv1a64:928d69b01301f5b7",
        "fingerprint format changed"
    );
    assert_eq!(verify(&bus, &stored), Ok(()));
    // Through JSON and back (as the store keeps it) it still verifies.
    let json = serde_json::to_string(&stored).unwrap();
    let back: Uitslag = serde_json::from_str(&json).unwrap();
    assert_eq!(verify(&bus, &back), Ok(()));

    // Changed after the fact: the stored content no longer matches its fingerprint.
    let mut tampered = stored.clone();
    tampered.ranking.swap(0, 1);
    assert!(matches!(
        verify(&bus, &tampered),
        Err(Afwijking::Changed { .. })
    ));
    // Other ballots: the recomputed result differs.
    let other = example_a(false);
    let err = verify(&other, &stored).unwrap_err();
    assert!(matches!(err, Afwijking::Differs { .. }), "{err}");
    assert!(err.to_string().contains("method borda"));
}

fn permutation(n: usize) -> impl Strategy<Value = Vec<usize>> {
    Just((0..n).collect::<Vec<_>>()).prop_shuffle()
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("k{i}")).collect()
}

fn ranking_round(n: usize, ballots: usize) -> Ronde {
    let names = names(n);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    ronde(StemSoort::Rangorde, &refs, ballots, &[])
}

fn ranking_ballot(p: usize, order: &[usize]) -> Stembiljet {
    biljet(
        p,
        Keuze::Rangorde(order.iter().map(|i| id(&format!("k{i}"))).collect()),
    )
}

/// W from its definition via the variance of each rater's midranks: the tie-corrected
/// denominator is m · Σ_raters Σ_objects (r - (n+1)/2)², because ties reduce each rater's
/// sum of squares by Σ(t³-t)/12. Independent of the t³-t bookkeeping of the crate.
fn w_by_variance(scores: &[Vec<f64>]) -> Option<f64> {
    let m = scores.len() as f64;
    let n = scores[0].len();
    let ranks: Vec<Vec<f64>> = scores
        .iter()
        .map(|s| {
            s.iter()
                .map(|&v| {
                    let better = s.iter().filter(|&&o| o > v).count() as f64;
                    let equal = s.iter().filter(|&&o| o == v).count() as f64;
                    better + (equal + 1.0) / 2.0
                })
                .collect()
        })
        .collect();
    let centre = (n as f64 + 1.0) / 2.0;
    let sums: Vec<f64> = (0..n).map(|j| ranks.iter().map(|r| r[j]).sum()).collect();
    let s: f64 = sums.iter().map(|r| (r - m * centre).powi(2)).sum();
    let within: f64 = ranks
        .iter()
        .flat_map(|r| r.iter().map(|x| (x - centre).powi(2)))
        .sum();
    (within > 0.0).then(|| s / (m * within))
}

proptest! {
    #[test]
    fn w_is_one_when_all_rankings_agree(n in 2usize..8, m in 2usize..8, seed in permutation(7)) {
        let order: Vec<usize> = seed.into_iter().filter(|&i| i < n).collect();
        let bus = Stembus::with_ballots(
            ranking_round(n, m),
            (1..=m).map(|p| ranking_ballot(p, &order)),
        ).unwrap();
        let w = uitslag(&bus, Methode::Borda).agreement.kendall_w.unwrap();
        prop_assert!(close(w.w, 1.0), "W = {}", w.w);
    }

    #[test]
    fn w_lies_in_zero_one_and_matches_its_variance_form(
        scores in prop::collection::vec(prop::collection::vec(1i64..4, 5), 2..7)
    ) {
        let scores: Vec<Vec<f64>> = scores.into_iter()
            .map(|r| r.into_iter().map(|x| x as f64).collect())
            .collect();
        match (kendall_w_of_scores(&scores), w_by_variance(&scores)) {
            (Some(w), Some(v)) => {
                prop_assert!((0.0..=1.0).contains(&w.w), "W = {}", w.w);
                prop_assert!((w.w - v).abs() < 1e-9, "W {} vs variance form {}", w.w, v);
            }
            (None, None) => {}
            (a, b) => prop_assert!(false, "one form defined, the other not: {:?} {:?}", a, b),
        }
    }

    #[test]
    fn borda_order_does_not_depend_on_ballot_order(
        ballots in prop::collection::vec(permutation(5), 1..9),
        shuffle in permutation(8),
    ) {
        let m = ballots.len();
        let cast: Vec<Stembiljet> = ballots.iter().enumerate()
            .map(|(i, o)| ranking_ballot(i + 1, o))
            .collect();
        let reordered: Vec<Stembiljet> = shuffle.iter()
            .filter(|&&i| i < m)
            .map(|&i| cast[i].clone())
            .collect();
        let a = uitslag(&Stembus::with_ballots(ranking_round(5, m), cast).unwrap(), Methode::Borda);
        let b = uitslag(&Stembus::with_ballots(ranking_round(5, m), reordered).unwrap(), Methode::Borda);
        prop_assert_eq!(&a.ranking, &b.ranking);
        prop_assert_eq!(a.fingerprint, b.fingerprint);
    }

    #[test]
    fn a_ballot_for_the_winner_never_lowers_it_in_borda(
        ballots in prop::collection::vec(permutation(4), 1..8),
        rest in permutation(4),
    ) {
        let m = ballots.len();
        let cast: Vec<Stembiljet> = ballots.iter().enumerate()
            .map(|(i, o)| ranking_ballot(i + 1, o))
            .collect();
        let mut bus = Stembus::with_ballots(ranking_round(4, m + 1), cast).unwrap();
        let before = uitslag(&bus, Methode::Borda);
        let winner: usize = before.ranking[0].kandidaat.as_str()[1..].parse().unwrap();
        // The added ballot puts the winner first, the others in any order.
        let mut order = vec![winner];
        order.extend(rest.into_iter().filter(|&i| i != winner));
        bus.add(ranking_ballot(m + 1, &order)).unwrap();
        let after = uitslag(&bus, Methode::Borda);
        // The winner gains m-1 = 3 points, every other candidate at most 2: it leads alone.
        prop_assert_eq!(&after.ranking[0].kandidaat, &before.ranking[0].kandidaat);
        prop_assert!(!after.ranking[0].tied);
    }

    #[test]
    fn a_ballot_naming_the_winner_never_lowers_it_in_approval(
        ballots in prop::collection::vec(prop::collection::btree_set(0usize..5, 1..=3), 1..8),
        others in prop::collection::btree_set(0usize..5, 0..=2),
    ) {
        let names = names(5);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let m = ballots.len();
        let r = ronde(StemSoort::TopN { n: 3, ordered: false }, &refs, m + 1, &[]);
        let cast: Vec<Stembiljet> = ballots.iter().enumerate()
            .map(|(i, s)| biljet(i + 1, Keuze::Top(s.iter().map(|k| id(&format!("k{k}"))).collect())))
            .collect();
        let bus = Stembus::with_ballots(r, cast).unwrap();
        for methode in [Methode::Approval, Methode::Borda] {
            let before = uitslag(&bus, methode);
            let winner = before.ranking[0].kandidaat.clone();
            let mut named = vec![winner.clone()];
            named.extend(others.iter().map(|k| id(&format!("k{k}"))).filter(|k| k != &winner));
            named.truncate(3);
            let mut probe = bus.clone();
            probe.add(biljet(m + 1, Keuze::Top(named))).unwrap();
            prop_assert_eq!(uitslag(&probe, methode).plaats(&winner).unwrap().rank, 1, "{}", methode);
        }
    }

    #[test]
    fn a_ballot_rating_the_winner_highest_never_lowers_it_in_mean_or_median(
        ballots in prop::collection::vec(prop::collection::vec(1i64..=5, 6), 1..7),
        others in prop::collection::vec(1i64..=5, 4),
    ) {
        // Three candidates, two criteria, scale 1-5. The added ballot rates the winner 5 on
        // every criterion. For the mean the others may get anything: (N·a + 5)/(N+1) stays at
        // least (N·b + x)/(N+1) when a ≥ b and x ≤ 5. The median is not monotone in that
        // sense (winner {2.9, 3} median 2.95 beats {0, 5} median 2.5, but adding 5 to both
        // gives 3 against 5), so for the median the others get the minimum.
        let crit = ["c1", "c2"];
        let cands = ["k0", "k1", "k2"];
        let m = ballots.len();
        let r = ronde(
            StemSoort::Scores { scale: Schaal { min: 1, max: 5 } },
            &cands, m + 1, &[("c1", None), ("c2", None)],
        );
        let cast: Vec<Stembiljet> = ballots.iter().enumerate().map(|(i, s)| {
            rate(i + 1, &crit, &[("k0", &s[0..2]), ("k1", &s[2..4]), ("k2", &s[4..6])])
        }).collect();
        let bus = Stembus::with_ballots(r, cast).unwrap();
        for methode in [Methode::Mean, Methode::Median] {
            let before = uitslag(&bus, methode);
            let winner = before.ranking[0].kandidaat.clone();
            let mut it = others.iter();
            let mut s: Vec<(&str, Vec<i64>)> = Vec::new();
            for k in cands {
                let v = if k == winner.as_str() {
                    vec![5, 5]
                } else if methode == Methode::Median {
                    vec![1, 1]
                } else {
                    vec![*it.next().unwrap(), *it.next().unwrap()]
                };
                s.push((k, v));
            }
            let refs: Vec<(&str, &[i64])> = s.iter().map(|(k, v)| (*k, v.as_slice())).collect();
            let mut probe = bus.clone();
            probe.add(rate(m + 1, &crit, &refs)).unwrap();
            prop_assert_eq!(uitslag(&probe, methode).plaats(&winner).unwrap().rank, 1, "{}", methode);
        }
    }
}
