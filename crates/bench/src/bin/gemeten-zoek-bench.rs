//! `gemeten-zoek-bench`: the CPU time of one site search that is not answered from the kept
//! answers (`Stukindex::zoek_vers`), per kind of query, in three ways in interleaved rounds
//! in one process: as before (every match counted; the top of the dominant kind from the
//! best n + the others' matches of all kinds), with the count bounded ("more than N"), and
//! bounded with the dominant kind's top found in one pruning pass that keeps only that kind.
//!
//! The index holds the reference register and the same synthetic portfolio as the web
//! benchmark (gemeten-portfolio-bench, seed 1); it is kept in `--dir` and built only when
//! missing. The queries are those of tools/bench/zoekvragen.lua (the web benchmark's), put
//! in classes by how many pieces they match. CPU time is the thread's own
//! (`/proc/thread-self/schedstat`), so other work on the machine does not count in it.
//!
//! Prints one line per class and mode: queries, matches (median), µs CPU per page search
//! (the groups of 5 per kind, as `/zoeken`) and per API search (the best 20).

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use gemeten_bench::portefeuille::{portefeuille, PortefeuilleOpties};
use gemeten_domain::Lang;
use gemeten_interchange::reference_register;
use gemeten_zoek::{project_stuk, register_stukken, Stukindex, TELGRENS};

#[derive(Parser)]
struct Args {
    /// Folder for the index (kept between runs; built when its stamp differs).
    #[arg(long)]
    dir: PathBuf,
    #[arg(long, default_value_t = 200_000)]
    projects: usize,
    /// The queries, as in the web benchmark: a wrk script with `"word+word",` lines.
    #[arg(long, default_value = "tools/bench/zoekvragen.lua")]
    queries: PathBuf,
    /// Interleaved rounds (exact, bounded, exact, …).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// The bound of the bounded count.
    #[arg(long, default_value_t = TELGRENS)]
    grens: usize,
    /// Only run the current way, `page` or `api`, over every query for the rounds (to
    /// profile it, e.g. under `perf record`), and print µs per search; or `controleer`: check
    /// query by query that the current way gives the counts and hits of the way before.
    #[arg(long)]
    profiel: Option<String>,
    /// Index the projects only (no register pieces): to see what the register's pieces in
    /// the same index cost the projects' top-k.
    #[arg(long)]
    alleen_projecten: bool,
}

/// This thread's CPU time so far, in nanoseconds.
fn cpu_ns() -> anyhow::Result<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat")?;
    s.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .context("reading /proc/thread-self/schedstat")
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let register = reference_register().map_err(|e| anyhow::anyhow!("{e}"))?;
    let stamp = format!(
        "zoek-bench projects={} seed=1{}",
        a.projects,
        if a.alleen_projecten {
            " projects only"
        } else {
            ""
        }
    );
    let mut index = Stukindex::open(&a.dir)?;
    if index.stempel() != stamp {
        let generated = portefeuille(
            &register,
            &PortefeuilleOpties {
                projects: a.projects,
                duplicate_share: 0.01,
                unlabelled_share: 0.1,
                seed: 1,
            },
        );
        let t = std::time::Instant::now();
        index.rebuild(
            register_stukken(&register)
                .into_iter()
                .filter(|_| !a.alleen_projecten)
                .chain(generated.projects.iter().map(project_stuk)),
            &stamp,
        )?;
        eprintln!("index built: {:.1} s", t.elapsed().as_secs_f64());
    }
    let script = std::fs::read_to_string(&a.queries)
        .with_context(|| format!("reading {}", a.queries.display()))?;
    let queries: Vec<String> = script
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\","))
        .map(|q| q.replace('+', " "))
        .collect();
    anyhow::ensure!(!queries.is_empty(), "no queries in {}", a.queries.display());

    if a.profiel.as_deref() == Some("controleer") {
        // The current way against the way before (exact counts; top-k as before), query by
        // query: counts the same up to the bound, the same hits in the same order.
        for q in &queries {
            index.set_telgrens(usize::MAX);
            index.set_oude_topk(true);
            let oud_pagina = index.zoek_vers(q, Lang::Nl, None, 0, 5)?;
            let oud_api = index.zoek_vers(q, Lang::Nl, None, 20, 0)?;
            index.set_telgrens(a.grens);
            index.set_oude_topk(false);
            let pagina = index.zoek_vers(q, Lang::Nl, None, 0, 5)?;
            let api = index.zoek_vers(q, Lang::Nl, None, 20, 0)?;
            for i in 0..oud_pagina.per_soort.len() {
                let exact = oud_pagina.per_soort[i];
                anyhow::ensure!(
                    pagina.per_soort[i] == exact.min(a.grens)
                        && pagina.meer_dan[i] == (exact > a.grens),
                    "{q}: kind {i}: {} (more: {}) for {exact}",
                    pagina.per_soort[i],
                    pagina.meer_dan[i]
                );
            }
            anyhow::ensure!(pagina.groepen == oud_pagina.groepen, "{q}: groups differ");
            anyhow::ensure!(api.hits == oud_api.hits, "{q}: hits differ");
        }
        println!(
            "{} queries: the same counts and hits as before",
            queries.len()
        );
        return Ok(());
    }
    if let Some(p) = &a.profiel {
        let (limiet, per_groep) = if p == "api" { (20, 0) } else { (0, 5) };
        let t = cpu_ns()?;
        for _ in 0..a.rounds {
            for q in &queries {
                std::hint::black_box(index.zoek_vers(q, Lang::Nl, None, limiet, per_groep)?);
            }
        }
        let ns = cpu_ns()? - t;
        println!(
            "{p}: {:.0} µs CPU per search",
            ns as f64 / 1e3 / (a.rounds * queries.len()) as f64
        );
        return Ok(());
    }

    // Classes by the exact number of matches.
    index.set_telgrens(usize::MAX);
    let mut classes: Vec<(&str, Vec<(String, usize)>)> = vec![
        ("all zoekvragen.lua", Vec::new()),
        ("rare (< 1 000 matches)", Vec::new()),
        ("common, one word (>= 10 000)", Vec::new()),
        ("common, two words (>= 10 000)", Vec::new()),
    ];
    for q in &queries {
        let n = index.zoek_vers(q, Lang::Nl, None, 0, 0)?.total;
        classes[0].1.push((q.clone(), n));
        let c = match (n, q.split(' ').count()) {
            (n, _) if n < 1_000 => 1,
            (n, 1) if n >= 10_000 => 2,
            (n, _) if n >= 10_000 => 3,
            _ => continue,
        };
        classes[c].1.push((q.clone(), n));
    }
    let mut extra = Vec::new();
    for q in ["thuis", "dementie thuis", "zorg"] {
        extra.push((
            q.to_owned(),
            index.zoek_vers(q, Lang::Nl, None, 0, 0)?.total,
        ));
    }
    classes.push(("the issue's words (thuis; dementie thuis; zorg)", extra));

    // (class, mode) -> (page ns, api ns, queries) summed over the rounds.
    let bounded = format!("bounded at {}", a.grens);
    let bounded_old = format!("bounded at {}, top-k as before", a.grens);
    let modes = [
        ("before: exact count, top-k as before", usize::MAX, true),
        (bounded_old.as_str(), a.grens, true),
        (bounded.as_str(), a.grens, false),
    ];
    let mut sums = vec![[(0u64, 0u64, 0usize); 3]; classes.len()];
    for _ in 0..a.rounds {
        for (m, (_, grens, oud)) in modes.iter().enumerate() {
            index.set_telgrens(*grens);
            index.set_oude_topk(*oud);
            for (c, (_, qs)) in classes.iter().enumerate() {
                let t = cpu_ns()?;
                for (q, _) in qs {
                    std::hint::black_box(index.zoek_vers(q, Lang::Nl, None, 0, 5)?);
                }
                let page = cpu_ns()? - t;
                let t = cpu_ns()?;
                for (q, _) in qs {
                    std::hint::black_box(index.zoek_vers(q, Lang::Nl, None, 20, 0)?);
                }
                let api = cpu_ns()? - t;
                let s = &mut sums[c][m];
                s.0 += page;
                s.1 += api;
                s.2 += qs.len();
            }
        }
    }
    println!("| queries | n | matches (median) | count | page: µs CPU per search | API: µs CPU per search |");
    println!("|---|---:|---:|---|---:|---:|");
    for (c, (name, qs)) in classes.iter().enumerate() {
        let mut n: Vec<usize> = qs.iter().map(|(_, n)| *n).collect();
        n.sort_unstable();
        let median = n.get(n.len() / 2).copied().unwrap_or_default();
        for (m, (mode, _, _)) in modes.iter().enumerate() {
            let (page, api, k) = sums[c][m];
            let per = |ns: u64| ns as f64 / 1e3 / k.max(1) as f64;
            println!(
                "| {name} | {} | {median} | {mode} | {:.0} | {:.0} |",
                qs.len(),
                per(page),
                per(api)
            );
        }
    }
    Ok(())
}
