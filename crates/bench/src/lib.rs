//! Tools for the benchmarks: a synthetic national population and its microdata file.
//! Nothing here is used by the product; `gemeten-synth` writes the input the benchmark
//! scripts in `tools/bench/` time `gemeten hle`, DuckDB and Polars on; `portefeuille`
//! generates the project portfolio the portfolio benchmark imports, indexes and searches.

pub mod bevolking;
pub mod parquet_uit;
pub mod portefeuille;
