//! `gemeten-synth`: writes synthetic person-level microdata for one year as Parquet.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use gemeten_bench::parquet_uit::{schrijf, Opties};

/// Synthetic Dutch microdata (age, sex, income quintile, zorgkantoor region, deaths,
/// perceived health) in the layout `gemeten hle` reads. Not real data.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Output file (.parquet).
    #[arg(long)]
    out: PathBuf,
    /// Number of person records.
    #[arg(long, default_value_t = 18_000_000)]
    rows: u64,
    /// Rows per Parquet row group.
    #[arg(long, default_value_t = 1 << 20)]
    row_group: usize,
    #[arg(long, default_value_t = 2024)]
    year: i32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() {
    let args = Args::parse();
    let bar = ProgressBar::new(args.rows);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}% {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("schrijven");
    let started = Instant::now();
    let opties = Opties {
        rows: args.rows,
        row_group: args.row_group.max(1),
        year: args.year,
        seed: args.seed,
    };
    let result = schrijf(&args.out, &opties, &|n| bar.set_position(n));
    bar.finish_and_clear();
    match result {
        Ok(()) => eprintln!(
            "{}: {} rijen in {:.1} s",
            args.out.display(),
            args.rows,
            started.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("fout: {e}");
            std::process::exit(1);
        }
    }
}
