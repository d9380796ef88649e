//! `gemeten-portfolio-bench`: the portfolio at scale. Generates a synthetic portfolio,
//! then times each step gemeten takes with it — reading and validating the funder's CSV,
//! storing it, indexing it, searching it, suggesting labels and finding duplicates — and
//! prints one JSON object with the measurements (tools/bench/portfolio.sh makes the table).

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;

use gemeten_bench::portefeuille::{portefeuille, queries, PortefeuilleOpties};
use gemeten_domain::MissieCode;
use gemeten_interchange::{projects_to_csv, read_projects, reference_register};
use gemeten_store::{ProjectStore, Store};
use gemeten_zoek::{near_duplicates, Classificeerder, Zoekindex};

#[derive(Parser)]
struct Args {
    /// Folder for the generated files, the database and the index (emptied first).
    #[arg(long)]
    dir: PathBuf,
    #[arg(long, default_value_t = 200_000)]
    projects: usize,
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only write portfolio.csv (for the web load benchmark) and stop.
    #[arg(long)]
    csv_only: bool,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    if a.dir.exists() {
        std::fs::remove_dir_all(&a.dir).context("clearing --dir")?;
    }
    std::fs::create_dir_all(&a.dir)?;
    let register = reference_register().map_err(|e| anyhow::anyhow!("{e}"))?;

    let t = Instant::now();
    let generated = portefeuille(
        &register,
        &PortefeuilleOpties {
            projects: a.projects,
            duplicate_share: 0.01,
            unlabelled_share: 0.1,
            seed: a.seed,
        },
    );
    let csv_path = a.dir.join("portfolio.csv");
    let csv = projects_to_csv(&generated.projects, &csv_path.display().to_string())?;
    std::fs::write(&csv_path, &csv)?;
    if a.csv_only {
        return Ok(());
    }
    let qs = queries(a.queries, a.seed + 1);
    std::fs::write(a.dir.join("queries.txt"), qs.join("\n"))?;
    let generate_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let projects =
        read_projects(&csv, "portfolio.csv", &register).map_err(|e| anyhow::anyhow!("{e}"))?;
    let read_s = t.elapsed().as_secs_f64();

    let mut store = Store::open(a.dir.join("bench.sqlite"))?;
    let t = Instant::now();
    store.add_projects(&projects, "bench", false)?;
    let store_s = t.elapsed().as_secs_f64();

    let mut index = Zoekindex::open(&a.dir.join("bench.zoek"))?;
    let t = Instant::now();
    index.rebuild(&projects, &|_| (), None)?;
    let index_s = t.elapsed().as_secs_f64();

    let mut lat = Vec::with_capacity(qs.len());
    let mut hits = 0usize;
    for q in &qs {
        let t = Instant::now();
        hits += index.search(q, 10)?.len();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(f64::total_cmp);

    // Suggestions are judged on held-out labelled projects: the last fifth of the labelled
    // ones, whose labels the classifier does not see.
    let labelled: Vec<&gemeten_domain::Project> =
        projects.iter().filter(|p| !p.missies.is_empty()).collect();
    let cut = labelled.len() * 4 / 5;
    let (train, test) = labelled.split_at(cut);
    let train: Vec<gemeten_domain::Project> = train.iter().map(|p| (*p).clone()).collect();
    let accuracy = |c: &mut Classificeerder| {
        let right = test
            .iter()
            .filter(|p| {
                let s = c.suggest(&p.text(), 3);
                let best = s
                    .missies
                    .iter()
                    .find(|(m, _)| *m != MissieCode::C)
                    .map(|m| m.0);
                let label = p.missies.iter().find(|m| **m != MissieCode::C);
                best.is_some() && best.as_ref() == label
            })
            .count();
        right as f64 / test.len().max(1) as f64
    };
    let t = Instant::now();
    let mut learned = Classificeerder::learning_from(&register, &train);
    let learn_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for p in &projects {
        std::hint::black_box(learned.suggest(&p.text(), 3));
    }
    let classify_s = t.elapsed().as_secs_f64();
    let accuracy_learned = accuracy(&mut learned);
    let accuracy_register = accuracy(&mut Classificeerder::new(&register));

    let t = Instant::now();
    let pairs = near_duplicates(&projects, 0.6, true);
    let dup_s = t.elapsed().as_secs_f64();
    let found: HashSet<(String, String)> = pairs
        .iter()
        .map(|d| (d.a.to_string(), d.b.to_string()))
        .collect();
    let cross: Vec<(usize, usize)> = generated
        .planted
        .iter()
        .copied()
        .filter(|&(c, o)| projects[c].funder != projects[o].funder)
        .collect();
    let recalled = cross
        .iter()
        .filter(|&&(c, o)| {
            let (x, y) = (projects[c].id.to_string(), projects[o].id.to_string());
            found.contains(&(x.clone(), y.clone())) || found.contains(&(y, x))
        })
        .count();

    println!(
        "{}",
        serde_json::json!({
            "projects": projects.len(),
            "csv_mb": csv.len() as f64 / 1e6,
            "generate_s": generate_s,
            "read_validate_s": read_s,
            "store_s": store_s,
            "index_s": index_s,
            "queries": qs.len(),
            "hits_per_query": hits as f64 / qs.len() as f64,
            "search_p50_ms": percentile(&lat, 0.5),
            "search_p95_ms": percentile(&lat, 0.95),
            "search_p99_ms": percentile(&lat, 0.99),
            "classify_s": classify_s,
            "classify_per_s": projects.len() as f64 / classify_s,
            "classify_learn_s": learn_s,
            "classify_top1_register_only": accuracy_register,
            "classify_top1_learned": accuracy_learned,
            "classify_holdout": test.len(),
            "duplicates_s": dup_s,
            "duplicate_pairs": pairs.len(),
            "planted_cross_funder": cross.len(),
            "planted_found": recalled,
        })
    );
    Ok(())
}
