//! Writes synthetic persons as a Parquet file in the microdata layout that `gemeten hle`
//! reads (one row per person; see the README).

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{DataType, DoubleType, Int32Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;

use crate::bevolking::{Generator, Persoon};

#[derive(Debug, thiserror::Error)]
pub enum SchrijfFout {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: Parquet: {source}")]
    Parquet {
        file: String,
        source: parquet::errors::ParquetError,
    },
}

const SCHEMA: &str = "message microdata {
    required int32 year;
    required int32 age;
    required int32 sex;
    required int32 ses;
    required int32 region;
    required double exposure;
    required int32 died;
    optional int32 good_health;
}";

pub struct Opties {
    pub rows: u64,
    pub row_group: usize,
    pub year: i32,
    pub seed: u64,
}

/// Column buffers for one row group.
#[derive(Default)]
struct Kolommen {
    age: Vec<i32>,
    sex: Vec<i32>,
    ses: Vec<i32>,
    region: Vec<i32>,
    exposure: Vec<f64>,
    died: Vec<i32>,
    good: Vec<i32>,
    good_def: Vec<i16>,
}

impl Kolommen {
    fn clear(&mut self) {
        self.age.clear();
        self.sex.clear();
        self.ses.clear();
        self.region.clear();
        self.exposure.clear();
        self.died.clear();
        self.good.clear();
        self.good_def.clear();
    }

    fn push(&mut self, p: &Persoon) {
        self.age.push(i32::from(p.age));
        self.sex.push(i32::from(p.sex));
        self.ses.push(i32::from(p.ses));
        self.region.push(i32::from(p.region));
        self.exposure.push(p.exposure);
        self.died.push(i32::from(p.died));
        match p.good_health {
            Some(g) => {
                self.good.push(i32::from(g));
                self.good_def.push(1);
            }
            None => self.good_def.push(0),
        }
    }
}

/// Generates `opties.rows` persons into `path`; `progress` gets the rows written so far.
/// Each row group has its own random stream (seed, group), so the file is the same for the
/// same options whatever the machine.
pub fn schrijf(path: &Path, opties: &Opties, progress: &dyn Fn(u64)) -> Result<(), SchrijfFout> {
    let file = path.display().to_string();
    let pq = |source| SchrijfFout::Parquet {
        file: file.clone(),
        source,
    };
    let schema = Arc::new(parse_message_type(SCHEMA).map_err(pq)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(opties.row_group)
            .build(),
    );
    let out = File::create(path).map_err(|source| SchrijfFout::Io {
        file: file.clone(),
        source,
    })?;
    let mut writer = SerializedFileWriter::new(out, schema, props).map_err(pq)?;
    let generator = Generator::new();
    let mut cols = Kolommen::default();
    let mut written = 0u64;
    let mut group = 0u64;
    while written < opties.rows {
        let n = (opties.rows - written).min(opties.row_group as u64);
        let mut rng = fastrand::Rng::with_seed(opties.seed.wrapping_mul(1_000_003) ^ group);
        cols.clear();
        for _ in 0..n {
            cols.push(&generator.persoon(&mut rng));
        }
        let years = vec![opties.year; n as usize];
        let mut rg = writer.next_row_group().map_err(pq)?;
        for values in [&years, &cols.age, &cols.sex, &cols.ses, &cols.region] {
            kolom::<Int32Type>(&mut rg, values, None).map_err(pq)?;
        }
        kolom::<DoubleType>(&mut rg, &cols.exposure, None).map_err(pq)?;
        kolom::<Int32Type>(&mut rg, &cols.died, None).map_err(pq)?;
        kolom::<Int32Type>(&mut rg, &cols.good, Some(&cols.good_def)).map_err(pq)?;
        rg.close().map_err(pq)?;
        written += n;
        group += 1;
        progress(written);
    }
    writer.close().map_err(pq)?;
    Ok(())
}

/// Writes the next column of the row group.
fn kolom<T: DataType>(
    rg: &mut SerializedRowGroupWriter<'_, File>,
    values: &[T::T],
    def: Option<&[i16]>,
) -> Result<(), ParquetError> {
    let mut c = rg
        .next_column()?
        .ok_or_else(|| ParquetError::General("more columns written than the schema has".into()))?;
    c.typed::<T>().write_batch(values, def, None)?;
    c.close()
}
