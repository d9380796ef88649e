//! Person-level microdata (Parquet or CSV) summed into counts per group and single year of
//! age. Only these counts leave this module: deaths, person-years, persons, and how many of
//! them reported good health.
//!
//! Breakdown columns hold integer codes (sex 1/2, SES 1..10 with 1 the lowest, a region
//! number, a year); the codes of the columns the definition knows are checked
//! ([`codes`]). Codes are mapped to dense slots as they are met, so the hot loop is a few
//! array lookups per row. Parquet files are cut into units of work of at most a million
//! rows (row groups, split at row offsets where the file has a page index) that all cores
//! take from one queue.
//!
//! Every count is a whole number, person-years too (in billionths, [`EXPOSURE_SCALE`]):
//! sums of whole numbers do not depend on the order of addition, so the counts of one run,
//! of any split over files, row groups, units or threads, and of several data holders
//! combined are the same to the last bit.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::Path;

use crate::{IndicatorError, InvoerFout};

pub mod codes;
mod csv_bron;
pub(crate) use csv_bron::csv_fout;
mod invoer;
pub use invoer::{is_microdata, microdata_bestanden, sha256_bestanden};
mod parquet_bron;

/// Highest single year of age accepted.
pub const MAX_AGE: u16 = 120;
const AGES: usize = MAX_AGE as usize + 1;
/// Breakdown codes must lie in `0..CODE_LIMIT`.
pub const CODE_LIMIT: i64 = 1 << 16;
/// Person-years are counted in billionths (about 0.03 seconds): a row's exposure is rounded
/// to that once, and from then on every sum is exact.
pub const EXPOSURE_SCALE: f64 = 1e9;

pub const COL_AGE: &str = "age";
pub const COL_EXPOSURE: &str = "exposure";
pub const COL_DIED: &str = "died";
pub const COL_GOOD_HEALTH: &str = "good_health";

/// Counts for one group and one age (or band), as the life table takes them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Telling {
    pub deaths: f64,
    pub exposure: f64,
    pub persons: f64,
    /// Persons whose perceived health is known, and of those, how many report good health.
    pub health_n: f64,
    pub good: f64,
}

impl Telling {
    pub fn add(&mut self, o: &Telling) {
        self.deaths += o.deaths;
        self.exposure += o.exposure;
        self.persons += o.persons;
        self.health_n += o.health_n;
        self.good += o.good;
    }
}

/// Counts of microdata for one group and one single year of age, all whole numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Celtelling {
    pub deaths: u64,
    /// Person-years × [`EXPOSURE_SCALE`].
    pub exposure: u64,
    pub persons: u64,
    pub health_n: u64,
    pub good: u64,
}

impl Celtelling {
    /// The sum, or `None` if a count would overflow (only counts from a file can be that
    /// large: 2^64 billionths are 18 billion person-years).
    pub fn checked_add(&self, o: &Celtelling) -> Option<Celtelling> {
        Some(Celtelling {
            deaths: self.deaths.checked_add(o.deaths)?,
            exposure: self.exposure.checked_add(o.exposure)?,
            persons: self.persons.checked_add(o.persons)?,
            health_n: self.health_n.checked_add(o.health_n)?,
            good: self.good.checked_add(o.good)?,
        })
    }

    /// As the life table takes them; person-years divided once, so equal counts give equal
    /// numbers.
    pub fn telling(&self) -> Telling {
        Telling {
            deaths: self.deaths as f64,
            exposure: self.exposure as f64 / EXPOSURE_SCALE,
            persons: self.persons as f64,
            health_n: self.health_n as f64,
            good: self.good as f64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.persons == 0 && self.exposure == 0
    }
}

/// A row's person-years in billionths, rounded to nearest (halves away from zero, as
/// `f64::round`): the reference that `exposure_units_32` is tested against.
#[cfg(test)]
fn exposure_units(exposure: f64) -> u64 {
    let x = exposure * EXPOSURE_SCALE;
    // Through i64: one instruction each way on x86-64, where u64 takes a branch.
    let whole = x as i64;
    // Exact: `x` and `whole` are below 2^53, so their difference is representable.
    (whole + i64::from(x - whole as f64 >= 0.5)) as u64
}

/// A row's person-years in billionths, rounded to nearest (halves away from zero, as
/// `f64::round`), for an exposure the caller has checked to lie in [0, 1]. Written out
/// because `f64::round` is a library call on x86-64 without SSE4.1; the units fit 32 bits,
/// so that a batch converts in vector registers.
#[inline]
pub(crate) fn exposure_units_32(exposure: f64) -> u32 {
    let x = exposure * EXPOSURE_SCALE;
    let whole = x as i32;
    (whole + i32::from(x - f64::from(whole) >= 0.5)) as u32
}

/// Counts per group (its codes, in the order of `by`) and single age `0..=MAX_AGE`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aggregaat {
    pub by: Vec<String>,
    pub groups: BTreeMap<Vec<i64>, Vec<Celtelling>>,
}

impl Aggregaat {
    /// No counts yet, over the breakdowns `by`.
    pub fn new(by: &[String]) -> Self {
        Aggregaat {
            by: by.to_vec(),
            groups: BTreeMap::new(),
        }
    }

    pub fn rows(&self) -> u64 {
        self.groups.values().flatten().map(|t| t.persons).sum()
    }

    /// Adds another aggregate over the same breakdowns (another file, thread or holder).
    pub fn merge(&mut self, other: Aggregaat) -> Result<(), IndicatorError> {
        if self.by != other.by {
            return Err(IndicatorError::methode(format!(
                "indelingen verschillen: {:?} tegenover {:?}",
                self.by, other.by
            )));
        }
        // Every group has one cell per age, whatever the other side brought.
        let mut other = other;
        for cells in other.groups.values_mut() {
            cells.resize(AGES, Celtelling::default());
        }
        // The first part, and a group only one side has, is taken as it is: copying hundreds
        // of thousands of cells into fresh zeros was most of the serial work left after the
        // threads of a run finished (issue 13).
        if self.groups.is_empty() {
            self.groups = other.groups;
            return Ok(());
        }
        for (key, cells) in other.groups {
            match self.groups.entry(key) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(cells);
                }
                std::collections::btree_map::Entry::Occupied(mut e) => {
                    for (a, b) in e.get_mut().iter_mut().zip(&cells) {
                        *a = a.checked_add(b).ok_or_else(|| {
                            IndicatorError::methode("tellingen te groot om op te tellen")
                        })?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whether the environment variable `GEMETEN_TIJDEN` is set: then the reader prints when
/// each phase ended (opening, each thread, the merge) to stderr, to see the serial parts
/// of a run apart from the parallel ones.
pub fn tijden() -> bool {
    static AAN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AAN.get_or_init(|| std::env::var_os("GEMETEN_TIJDEN").is_some())
}

/// How microdata is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leesopties {
    /// Threads that read Parquet; `None` is one per core.
    pub threads: Option<NonZeroUsize>,
}

/// Reads microdata from `path` and sums it by the breakdown columns `by`, on every core.
/// See [`aggregate_met`].
pub fn aggregate(
    path: &Path,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    aggregate_met(path, by, &Leesopties::default(), progress)
}

/// Reads microdata from `path` and sums it by the breakdown columns `by`. `path` is a file
/// (Parquet by extension `.parquet`/`.pq`, gzip-compressed CSV by `.gz`, otherwise CSV), a
/// directory of such files, or a glob pattern (`jaren/*.parquet`); see
/// [`microdata_bestanden`]. `progress` is called with the work done so far and the total
/// (rows for Parquet, bytes read from disk for CSV). The result does not depend on the
/// number of threads nor on how the rows are spread over files and row groups.
pub fn aggregate_met(
    path: &Path,
    by: &[String],
    opties: &Leesopties,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let files = microdata_bestanden(path)?;
    let (parquet, csv): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| invoer::soort(f) == invoer::Soort::Parquet);
    let threads = opties
        .threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let mut som = Aggregaat::new(by);
    if !parquet.is_empty() {
        som.merge(parquet_bron::aggregate(&parquet, by, threads, progress)?)?;
    }
    for f in &csv {
        som.merge(csv_bron::aggregate(f, by, progress)?)?;
    }
    if som.groups.is_empty() {
        let (nl, en) = if parquet.len() + csv.len() == 1 {
            ("het bestand bevat geen rijen", "the file holds no rows")
        } else {
            ("de bestanden bevatten geen rijen", "the files hold no rows")
        };
        return Err(IndicatorError::invoer(InvoerFout::tweetalig(
            &path.display().to_string(),
            None,
            None,
            nl,
            en,
        )));
    }
    Ok(som)
}

// A cell of the hot loop is one `u128` holding five counts side by side ("lanes"), so that
// a row is one 128-bit addition (two machine adds with carry) instead of five: person-years
// in billionths in bits 0..50, then deaths, persons, persons with known health and persons
// in good health, 19 bits each, up to bit 126. A lane cannot carry into the next as long
// as fewer than 2^19 rows were added since the cells were last moved into the wide sums
// (2^19 - 1 rows of at most 10^9 billionths stay below 2^50): `FLUSH_AFTER`.
const LANE_DEATHS: u32 = 50;
const LANE_PERSONS: u32 = 69;
const LANE_KNOWN: u32 = 88;
const LANE_GOOD: u32 = 107;
const COUNT_MASK: u128 = (1 << 19) - 1;
const EXPOSURE_MASK: u128 = (1 << LANE_DEATHS) - 1;

/// Rows a `Teller` adds to its packed cells before it moves them into wide sums. Only in
/// tests is it small enough to be reached within a few batches.
#[cfg(not(test))]
const FLUSH_AFTER: u64 = (1 << 19) - 1;
#[cfg(test)]
const FLUSH_AFTER: u64 = 100;

/// Most rows one call of the hot loop takes (the readers give at most this many).
const CHUNK: usize = 1 << 16;
const _: () = assert!((CHUNK as u64) <= FLUSH_AFTER || cfg!(test));

/// What a packed cell holds, as wide counts.
#[inline]
fn unpack(c: u128) -> Celtelling {
    Celtelling {
        exposure: (c & EXPOSURE_MASK) as u64,
        deaths: ((c >> LANE_DEATHS) & COUNT_MASK) as u64,
        persons: ((c >> LANE_PERSONS) & COUNT_MASK) as u64,
        health_n: ((c >> LANE_KNOWN) & COUNT_MASK) as u64,
        good: ((c >> LANE_GOOD) & COUNT_MASK) as u64,
    }
}

/// The packed increment of one row (see `LANE_DEATHS`); the row is checked: died 0 or 1,
/// good health 0, 1 or unknown, at most 10^9 billionths of a person-year.
#[inline(always)]
fn packed(units: u32, died: i32, good: i32) -> u128 {
    let lo = u64::from(units) | (died as u64) << LANE_DEATHS;
    let hi = 1u64 << (LANE_PERSONS - 64)
        | u64::from(good != GOOD_UNKNOWN) << (LANE_KNOWN - 64)
        | u64::from(good == 1) << (LANE_GOOD - 64);
    u128::from(lo) | u128::from(hi) << 64
}

/// Good health in a batch where it is unknown (a null, or an empty CSV field). Readers
/// refuse this value where a file holds it.
pub(crate) const GOOD_UNKNOWN: i32 = i32::MIN;

/// Not-yet-seen code in `Teller::offset`.
const NONE: u32 = u32::MAX;
/// Most cells (groups × ages) a sum may lay out: 2^28 cells are 4 GiB of packed counts.
const MAX_CELLS: usize = 1 << 28;

/// A sum in progress: dense slots per breakdown code, cells per (group slot, age).
struct Teller {
    file: String,
    by: Vec<String>,
    /// Per breakdown: code -> slot+1 (0 = not seen yet).
    slot_of: Vec<Vec<u32>>,
    /// Per breakdown: slot -> code.
    codes: Vec<Vec<i64>>,
    /// Per breakdown: code -> offset of its slot in `cells` (slot × stride), `NONE` for a
    /// code not seen yet; the offsets of a row's codes plus its age are its cell.
    offset: Vec<Vec<u32>>,
    /// Slots per breakdown in the layout of `cells`: exactly the codes seen, so that no
    /// cell is laid out for a group that cannot occur.
    capacity: Vec<usize>,
    /// The definition's codes per breakdown, where it has them.
    definitie: Vec<Option<&'static codes::Codes>>,
    /// Packed counts (see `LANE_DEATHS`), per group and age.
    cells: Vec<u128>,
    /// Exact wide sums, same layout, that the packed cells are moved into.
    wide: Vec<Celtelling>,
    /// Rows added to `cells` since they were last moved into `wide`.
    rows_in_cells: u64,
    /// Reused per batch: the cell of each row, person-years in billionths.
    scratch_index: Vec<u32>,
    scratch_units: Vec<u32>,
}

impl Teller {
    fn new(file: &str, by: &[String]) -> Self {
        let k = by.len();
        // No breakdowns: one group. Otherwise none until codes are seen.
        let cells = if k == 0 { AGES } else { 0 };
        Teller {
            file: file.to_owned(),
            by: by.to_vec(),
            slot_of: vec![Vec::new(); k],
            codes: vec![Vec::new(); k],
            offset: vec![Vec::new(); k],
            capacity: vec![0; k],
            definitie: by.iter().map(|b| codes::van(b)).collect(),
            cells: vec![0; cells],
            wide: vec![Celtelling::default(); cells],
            rows_in_cells: 0,
            scratch_index: Vec::new(),
            scratch_units: Vec::new(),
        }
    }

    /// Slot of `code` in breakdown `d`, a new one for a code not seen before; the layout
    /// is grown afterwards ([`Teller::lay_out`]).
    fn slot(&mut self, d: usize, code: i64, row: u64) -> Result<usize, InvoerFout> {
        if !(0..CODE_LIMIT).contains(&code) {
            return Err(InvoerFout::tweetalig(
                &self.file,
                Some(row),
                Some(&self.by[d]),
                format!("code {code} ligt niet tussen 0 en {}", CODE_LIMIT - 1),
                format!("code {code} is not between 0 and {}", CODE_LIMIT - 1),
            ));
        }
        let c = code as usize;
        let table = &mut self.slot_of[d];
        if c < table.len() && table[c] != 0 {
            return Ok(table[c] as usize - 1);
        }
        // Only codes not seen before come here: the check costs nothing per row.
        if let Some(codes) = self.definitie[d].filter(|c| !c.allows(code)) {
            let (nl, en) = codes.reden(&self.by[d], code);
            return Err(InvoerFout::tweetalig(
                &self.file,
                Some(row),
                Some(&self.by[d]),
                nl,
                en,
            ));
        }
        if c >= table.len() {
            table.resize(c + 1, 0);
        }
        let s = self.codes[d].len();
        table[c] = s as u32 + 1;
        self.codes[d].push(code);
        Ok(s)
    }

    /// Lays the cells out anew for the codes seen so far (exactly as many slots per
    /// breakdown), moving the counts, and recomputes the offsets.
    fn lay_out(&mut self) -> Result<(), IndicatorError> {
        let new_cap: Vec<usize> = self.codes.iter().map(Vec::len).collect();
        let groups = new_cap
            .iter()
            .try_fold(1usize, |acc, &c| acc.checked_mul(c))
            .filter(|g| g.checked_mul(AGES).is_some_and(|n| n <= MAX_CELLS))
            .ok_or_else(|| {
                IndicatorError::methode(format!(
                    "te veel groepen om te tellen: {} codes in {:?}",
                    new_cap
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" × "),
                    self.by
                ))
            })?;
        let mut cells = vec![0u128; groups * AGES];
        let mut wide = vec![Celtelling::default(); groups * AGES];
        let old_groups = if self.by.is_empty() {
            1
        } else {
            self.capacity.iter().product()
        };
        for g in 0..old_groups {
            // Decompose the old group index into slots, recompose with the new capacities.
            let (mut rest, mut idx, mut mul) = (g, 0, 1);
            for (k, cap) in self.capacity.iter().enumerate() {
                let s = rest % cap;
                rest /= cap;
                idx += s * mul;
                mul *= new_cap[k];
            }
            let (from, to) = (g * AGES..(g + 1) * AGES, idx * AGES..(idx + 1) * AGES);
            cells[to.clone()].copy_from_slice(&self.cells[from.clone()]);
            wide[to].copy_from_slice(&self.wide[from]);
        }
        self.capacity = new_cap;
        self.cells = cells;
        self.wide = wide;
        let mut stride = AGES;
        for d in 0..self.by.len() {
            let offsets = &mut self.offset[d];
            offsets.clear();
            offsets.extend(self.slot_of[d].iter().map(|&s| {
                if s == 0 {
                    NONE
                } else {
                    // Below MAX_CELLS, so it fits.
                    ((s as usize - 1) * stride) as u32
                }
            }));
            stride *= self.capacity[d];
        }
        Ok(())
    }

    /// Names the file that the next rows come from, for error messages.
    fn set_file(&mut self, file: &str) {
        if self.file != file {
            file.clone_into(&mut self.file);
        }
    }

    /// Moves the packed cells into the wide sums (the packed cells are then zero).
    fn flush(&mut self) -> Result<(), IndicatorError> {
        for (c, w) in self.cells.iter_mut().zip(self.wide.iter_mut()) {
            if *c != 0 {
                *w = w
                    .checked_add(&unpack(*c))
                    .ok_or_else(|| IndicatorError::methode("tellingen te groot om op te tellen"))?;
                *c = 0;
            }
        }
        self.rows_in_cells = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<Aggregaat, IndicatorError> {
        self.flush()?;
        let mut groups = BTreeMap::new();
        for (g, cells) in self.wide.chunks_exact(AGES).enumerate() {
            if cells.iter().all(|t| t.persons == 0) {
                continue;
            }
            let mut rest = g;
            let key: Vec<i64> = self
                .capacity
                .iter()
                .enumerate()
                .map(|(d, cap)| {
                    let s = rest % cap;
                    rest /= cap;
                    self.codes[d][s]
                })
                .collect();
            groups.insert(key, cells.to_vec());
        }
        Ok(Aggregaat {
            by: self.by,
            groups,
        })
    }
}

/// One batch of rows, column by column, ready to be summed. The readers have turned every
/// column into these narrow types (refusing what does not fit); the ranges are checked
/// here.
struct Partij<'a> {
    first_row: u64,
    /// Breakdown codes.
    keys: Vec<&'a [i32]>,
    age: &'a [i32],
    exposure: &'a [f64],
    /// 0 or 1.
    died: &'a [i32],
    /// 0 or 1, or [`GOOD_UNKNOWN`].
    good_health: &'a [i32],
}

impl Partij<'_> {
    fn rows(&self, r: std::ops::Range<usize>) -> Partij<'_> {
        Partij {
            first_row: self.first_row + r.start as u64,
            keys: self.keys.iter().map(|k| &k[r.clone()]).collect(),
            age: &self.age[r.clone()],
            exposure: &self.exposure[r.clone()],
            died: &self.died[r.clone()],
            good_health: &self.good_health[r],
        }
    }
}

/// A whole number read from a file as the narrow integer of a batch, or the reason it is
/// refused (out of the range of the column).
pub(crate) fn smal(v: i64, column: &str) -> Result<i32, (String, String)> {
    i32::try_from(v).map_err(|_| bereik(&v, column))
}

/// Why a whole number is out of range for `column` (age or a breakdown code).
pub(crate) fn bereik(v: &dyn std::fmt::Display, column: &str) -> (String, String) {
    if column == COL_AGE {
        (
            format!("leeftijd {v} ligt niet tussen 0 en {MAX_AGE}"),
            format!("age {v} is not between 0 and {MAX_AGE}"),
        )
    } else {
        (
            format!("code {v} ligt niet tussen 0 en {}", CODE_LIMIT - 1),
            format!("code {v} is not between 0 and {}", CODE_LIMIT - 1),
        )
    }
}

/// A 0/1 value read as a number, or the reason it is refused.
pub(crate) fn nul_een(v: f64) -> Result<i32, (String, String)> {
    if v == 0.0 {
        Ok(0)
    } else if v == 1.0 {
        Ok(1)
    } else {
        Err(geen_nul_een(&v))
    }
}

pub(crate) fn geen_nul_een(v: &dyn std::fmt::Display) -> (String, String) {
    (format!("{v} is geen 0 of 1"), format!("{v} is not 0 or 1"))
}

impl Teller {
    fn add(&mut self, p: &Partij<'_>) -> Result<(), IndicatorError> {
        let n = p.age.len();
        if n > CHUNK {
            let mut at = 0;
            while at < n {
                let end = (at + CHUNK).min(n);
                self.add(&p.rows(at..end))?;
                at = end;
            }
            return Ok(());
        }
        self.check(p).map_err(IndicatorError::invoer)?;
        if self.rows_in_cells + n as u64 > FLUSH_AFTER {
            self.flush()?;
        }
        // Person-years in billionths, in a pass of their own (it vectorises: they fit 32
        // bits).
        let mut units = std::mem::take(&mut self.scratch_units);
        units.clear();
        units.extend(p.exposure.iter().map(|&e| exposure_units_32(e)));
        let r = self.sum_rows(p, &units);
        self.scratch_units = units;
        r?;
        self.rows_in_cells += n as u64;
        Ok(())
    }

    /// Adds the rows of a checked batch to the cells, giving codes not seen before their
    /// slots (and the cells a new layout) as they come.
    fn sum_rows(&mut self, p: &Partij<'_>, units: &[u32]) -> Result<(), IndicatorError> {
        let n = p.age.len();
        let mut at = 0;
        while at < n {
            let r = at..n;
            // The common numbers of breakdowns in one loop each, the cell of a row found
            // as it is added; more breakdowns in two passes.
            let done = match p.keys.len() {
                0 => self.rows_k::<0>(p, units, r),
                1 => self.rows_k::<1>(p, units, r),
                2 => self.rows_k::<2>(p, units, r),
                3 => self.rows_k::<3>(p, units, r),
                4 => self.rows_k::<4>(p, units, r),
                _ => self.rows_many(p, units, r),
            };
            at += done;
            if at < n {
                self.new_codes(p, at)?;
            }
        }
        Ok(())
    }

    /// Codes not seen before in rows `from..` of the batch (or out of range, which `slot`
    /// refuses): slots for all of them, then one new layout.
    fn new_codes(&mut self, p: &Partij<'_>, from: usize) -> Result<(), IndicatorError> {
        for (d, column) in p.keys.iter().enumerate() {
            for (i, &code) in column.iter().enumerate().skip(from) {
                let known = self.offset[d]
                    .get(code as u32 as usize)
                    .is_some_and(|&o| o != NONE);
                if !known {
                    self.slot(d, i64::from(code), p.first_row + i as u64)
                        .map_err(IndicatorError::invoer)?;
                    // Seen now, though not yet laid out: mark it so that the rest of the
                    // batch does not come here again.
                    let table = &mut self.offset[d];
                    let c = code as usize;
                    if c >= table.len() {
                        table.resize(c + 1, NONE);
                    }
                    table[c] = 0;
                }
            }
        }
        self.lay_out()
    }

    /// Adds rows `r` of a batch with `K` breakdowns up to the first row with a code not
    /// laid out yet; returns how many rows were added.
    #[inline(never)]
    fn rows_k<const K: usize>(
        &mut self,
        p: &Partij<'_>,
        units: &[u32],
        r: std::ops::Range<usize>,
    ) -> usize {
        let n = r.len();
        let tables: [&[u32]; K] = std::array::from_fn(|d| self.offset[d].as_slice());
        let keys: [&[i32]; K] = std::array::from_fn(|d| &p.keys[d][r.clone()][..n]);
        let (age, units) = (&p.age[r.clone()][..n], &units[r.clone()][..n]);
        let (died, good) = (&p.died[r.clone()][..n], &p.good_health[r][..n]);
        let cells = &mut self.cells[..];
        for i in 0..n {
            let mut at = age[i] as u32;
            let mut missing = false;
            for d in 0..K {
                // A negative code becomes a huge index, which is not in the table.
                let o = tables[d]
                    .get(keys[d][i] as u32 as usize)
                    .copied()
                    .unwrap_or(NONE);
                missing |= o == NONE;
                at = at.wrapping_add(o);
            }
            if missing {
                return i;
            }
            cells[at as usize] += packed(units[i], died[i], good[i]);
        }
        n
    }

    /// As `rows_k`, for any number of breakdowns: the cells of the rows first.
    fn rows_many(&mut self, p: &Partij<'_>, units: &[u32], r: std::ops::Range<usize>) -> usize {
        let mut index = std::mem::take(&mut self.scratch_index);
        index.clear();
        index.extend(p.age[r.clone()].iter().map(|&a| a as u32));
        let mut done = index.len();
        for (d, column) in p.keys.iter().enumerate() {
            let table = &self.offset[d];
            for (i, (ix, &code)) in index.iter_mut().zip(&column[r.clone()]).enumerate() {
                let o = table.get(code as u32 as usize).copied().unwrap_or(NONE);
                if o == NONE {
                    done = done.min(i);
                }
                *ix = ix.wrapping_add(o);
            }
        }
        let s = r.start;
        let rows = index[..done]
            .iter()
            .zip(&units[s..])
            .zip(p.died[s..].iter().zip(&p.good_health[s..]));
        for ((&at, &u), (&died, &g)) in rows {
            self.cells[at as usize] += packed(u, died, g);
        }
        self.scratch_index = index;
        done
    }

    /// Refuses the batch at the first row with a value out of range, column by column.
    fn check(&self, p: &Partij<'_>) -> Result<(), InvoerFout> {
        let row = |i: usize| p.first_row + i as u64;
        let max = u32::from(MAX_AGE);
        // A branch-free scan first (it vectorises); the position only when something is off.
        let bad_age = p.age.iter().fold(false, |acc, &a| acc | (a as u32 > max));
        let bad_exposure = p
            .exposure
            .iter()
            .fold(false, |acc, e| acc | !(0.0..=1.0).contains(e));
        let bad_died = p.died.iter().fold(false, |acc, &d| acc | (d as u32 > 1));
        let bad_good = p.good_health.iter().fold(false, |acc, &g| {
            acc | ((g as u32 > 1) & (g != GOOD_UNKNOWN))
        });
        if !(bad_age | bad_exposure | bad_died | bad_good) {
            return Ok(());
        }
        if let Some(i) = p.age.iter().position(|&a| a as u32 > max) {
            let (nl, en) = bereik(&p.age[i], COL_AGE);
            return Err(self.fout(row(i), COL_AGE, nl, en));
        }
        if let Some(i) = p.exposure.iter().position(|e| !(0.0..=1.0).contains(e)) {
            return Err(self.fout(
                row(i),
                COL_EXPOSURE,
                format!(
                    "blootstelling {} ligt niet tussen 0 en 1 persoonsjaar",
                    p.exposure[i]
                ),
                format!(
                    "exposure {} is not between 0 and 1 person-year",
                    p.exposure[i]
                ),
            ));
        }
        if let Some(i) = p.died.iter().position(|&d| d as u32 > 1) {
            let (nl, en) = geen_nul_een(&p.died[i]);
            return Err(self.fout(row(i), COL_DIED, nl, en));
        }
        if let Some(i) = p
            .good_health
            .iter()
            .position(|&g| g as u32 > 1 && g != GOOD_UNKNOWN)
        {
            let (nl, en) = geen_nul_een(&p.good_health[i]);
            return Err(self.fout(row(i), COL_GOOD_HEALTH, nl, en));
        }
        Ok(())
    }

    fn fout(&self, row: u64, column: &str, nl: String, en: String) -> InvoerFout {
        InvoerFout::tweetalig(&self.file, Some(row), Some(column), nl, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sums `rows` rows in batches of `batch` (in tests the packed cells are moved into the
    /// wide sums every 100 rows).
    fn sum(rows: usize, batch: usize) -> Aggregaat {
        let by = vec!["sex".to_owned()];
        let mut t = Teller::new("t.csv", &by);
        let sex: Vec<i32> = (0..rows).map(|i| 1 + (i % 2) as i32).collect();
        let age: Vec<i32> = (0..rows).map(|i| (i % 7) as i32).collect();
        let exposure: Vec<f64> = (0..rows).map(|i| (i % 366) as f64 / 365.25).collect();
        let died: Vec<i32> = (0..rows).map(|i| i32::from(i % 11 == 0)).collect();
        let good: Vec<i32> = (0..rows)
            .map(|i| {
                if i % 5 == 0 {
                    GOOD_UNKNOWN
                } else {
                    i32::from(i % 3 == 0)
                }
            })
            .collect();
        let mut at = 0;
        while at < rows {
            let end = (at + batch).min(rows);
            t.add(&Partij {
                first_row: at as u64 + 2,
                keys: vec![&sex[at..end]],
                age: &age[at..end],
                exposure: &exposure[at..end],
                died: &died[at..end],
                good_health: &good[at..end],
            })
            .unwrap();
            at = end;
        }
        t.finish().unwrap()
    }

    #[test]
    fn moving_the_narrow_cells_into_wide_sums_changes_nothing() {
        let whole = sum(1_000, 1_000);
        assert_eq!(sum(1_000, 37), whole);
        assert_eq!(sum(1_000, 1), whole);
        assert_eq!(whole.rows(), 1_000);
        let deaths: u64 = whole.groups.values().flatten().map(|t| t.deaths).sum();
        assert_eq!(deaths, 91);
    }

    /// The most a packed cell can take between two flushes, every lane at its limit, comes
    /// out exact: no lane carries into the next.
    #[test]
    fn a_full_packed_cell_unpacks_exactly() {
        let rows = (1u64 << 19) - 1;
        let row = |died: u64, known: u64, good: u64| {
            u128::from(1_000_000_000 | died << LANE_DEATHS)
                | u128::from(
                    1u64 << (LANE_PERSONS - 64)
                        | known << (LANE_KNOWN - 64)
                        | good << (LANE_GOOD - 64),
                ) << 64
        };
        for (d, k, g) in [(1, 1, 1), (0, 1, 0), (1, 0, 0), (0, 0, 0)] {
            let mut cell = 0u128;
            for _ in 0..rows {
                cell += row(d, k, g);
            }
            assert_eq!(
                unpack(cell),
                Celtelling {
                    deaths: d * rows,
                    exposure: rows * 1_000_000_000,
                    persons: rows,
                    health_n: k * rows,
                    good: g * rows,
                }
            );
        }
    }

    #[test]
    fn exposure_units_round_as_f64_round_does() {
        let mut e = 0.0_f64;
        // Every representable exposure near a half unit, and a sweep over [0, 1].
        for i in 0..=1_000_000u64 {
            let sweep = i as f64 / 1_000_000.0;
            for x in [sweep, (i as f64 + 0.5) / EXPOSURE_SCALE, e] {
                for y in [x, x.next_up(), x.next_down()] {
                    if (0.0..=1.0).contains(&y) {
                        assert_eq!(
                            exposure_units(y),
                            (y * EXPOSURE_SCALE).round() as u64,
                            "{y}"
                        );
                        assert_eq!(u64::from(exposure_units_32(y)), exposure_units(y), "{y}");
                    }
                }
            }
            e = (e + 0.123_456_789_012_345_6) % 1.0;
        }
        assert_eq!(exposure_units(1.0), 1_000_000_000);
        assert_eq!(exposure_units(0.0), 0);
        assert_eq!(exposure_units(0.5e-9), 1);
    }

    /// Merging adds cell by cell where both have a group, takes a group only one side has,
    /// gives every group one cell per age, and refuses counts too large to add.
    #[test]
    fn merging_adds_cells_and_takes_groups_of_one_side() {
        let cel = |n: u64| Celtelling {
            deaths: n,
            exposure: n.saturating_mul(10),
            persons: n,
            health_n: n,
            good: n,
        };
        let deel = |groups: &[(i64, Vec<Celtelling>)]| Aggregaat {
            by: vec!["sex".into()],
            groups: groups.iter().map(|(k, v)| (vec![*k], v.clone())).collect(),
        };
        let mut som = Aggregaat::new(&["sex".into()]);
        som.merge(deel(&[(1, vec![cel(1); AGES])])).unwrap();
        som.merge(deel(&[(1, vec![cel(2); AGES]), (2, vec![cel(5); 3])]))
            .unwrap();
        assert_eq!(som.groups[&vec![1]], vec![cel(3); AGES]);
        let twee = &som.groups[&vec![2]];
        assert_eq!(twee.len(), AGES);
        assert_eq!(&twee[..3], &[cel(5); 3]);
        assert!(twee[3..].iter().all(Celtelling::is_empty));
        assert_eq!(som.rows(), 3 * AGES as u64 + 15);

        let err = som
            .merge(deel(&[(1, vec![cel(u64::MAX); AGES])]))
            .unwrap_err();
        assert!(err.to_string().contains("te groot"), "{err}");
        let err = som.merge(Aggregaat::new(&["ses".into()])).unwrap_err();
        assert!(err.to_string().contains("indelingen verschillen"), "{err}");
    }
}
