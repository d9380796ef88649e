//! `gemeten-hle-bench`: the in-process time of gemeten's microdata engine, for the HLE
//! benchmark's library-against-library column: reading and summing the microdata
//! (`aggregate_met`) and the life tables with Sullivan (`from_microdata`), timed inside one
//! process, without process start nor writing the full result. Writes life expectancy and
//! healthy life expectancy at birth per group as JSON, so that the benchmark can check it
//! against the other tools.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use serde_json::json;

use gemeten_indicators::{
    aggregate_met, from_microdata_met, HleOpties, Leeftijdsklassen, Leesopties,
};

#[derive(Parser)]
#[command(version)]
struct Args {
    /// Microdata: a file, a directory or a glob pattern, as for `gemeten hle`.
    file: PathBuf,
    /// Breakdown columns, comma-separated.
    #[arg(long, value_delimiter = ',')]
    by: Vec<String>,
    /// Threads (default: one per core).
    #[arg(long)]
    threads: Option<NonZeroUsize>,
    /// Where to write the result (JSON).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let opties = HleOpties {
        bands: Leeftijdsklassen::abridged(85),
        min_cell: 1000.0,
    };
    let start = Instant::now();
    let agg = aggregate_met(
        &args.file,
        &args.by,
        &Leesopties {
            threads: args.threads,
        },
        &|_, _| {},
    )?;
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let uitkomst = from_microdata_met(&agg, &opties, threads);
    let seconds = start.elapsed().as_secs_f64();
    let groups: Vec<_> = uitkomst
        .groups
        .iter()
        .filter(|g| g.suppressed.is_none())
        .filter_map(|g| {
            let v = g.at(0)?;
            let key: Vec<String> = g.key.iter().map(ToString::to_string).collect();
            Some(json!({"key": key, "e0": v.le, "hle0": v.hle}))
        })
        .collect();
    std::fs::write(
        &args.out,
        serde_json::to_vec(&json!({"seconds": seconds, "groups": groups}))?,
    )?;
    Ok(())
}
