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
/// `f64::round`); the caller has checked `0 <= exposure <= 1`. Written out because
/// `f64::round` is a library call on x86-64 without SSE4.1, once per row in the hot loop.
#[inline]
pub fn exposure_units(exposure: f64) -> u64 {
    let x = exposure * EXPOSURE_SCALE;
    let whole = x as u64;
    // Exact: `x` and `whole` are below 2^53, so their difference is representable.
    whole + u64::from(x - whole as f64 >= 0.5)
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
        for (key, cells) in other.groups {
            let mine = self
                .groups
                .entry(key)
                .or_insert_with(|| vec![Celtelling::default(); AGES]);
            for (a, b) in mine.iter_mut().zip(&cells) {
                *a = a
                    .checked_add(b)
                    .ok_or_else(|| IndicatorError::methode("tellingen te groot om op te tellen"))?;
            }
        }
        Ok(())
    }
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

/// The cell the hot loop adds to: 32 bytes, aligned so that it never straddles two cache
/// lines. Its counts are 32-bit; the `Teller` moves them into [`Celtelling`]s long before
/// they could overflow (person-years too: 2^32 rows of at most 10^9 units fit in 64 bits).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Snel {
    exposure: u64,
    deaths: u32,
    persons: u32,
    health_n: u32,
    good: u32,
}

impl Snel {
    fn wide(&self) -> Celtelling {
        Celtelling {
            deaths: u64::from(self.deaths),
            exposure: self.exposure,
            persons: u64::from(self.persons),
            health_n: u64::from(self.health_n),
            good: u64::from(self.good),
        }
    }
}

/// A sum in progress: dense slots per breakdown code, cells per (group slot, age).
struct Teller {
    file: String,
    by: Vec<String>,
    /// Per breakdown: code -> slot+1 (0 = not seen yet).
    slot_of: Vec<Vec<u32>>,
    /// Per breakdown: slot -> code.
    codes: Vec<Vec<i64>>,
    /// Slots reserved per breakdown in the layout of `cells`.
    capacity: Vec<usize>,
    /// The definition's codes per breakdown, where it has them.
    definitie: Vec<Option<&'static codes::Codes>>,
    cells: Vec<Snel>,
    /// Rows added to `cells` since they were last moved into `spilled`.
    rows_in_cells: u64,
    /// Sums moved out of `cells` before their 32-bit counts could overflow.
    spilled: Aggregaat,
    /// Reused per batch: slot per breakdown and row, then cell offset per row.
    scratch_slots: Vec<u32>,
    scratch_index: Vec<usize>,
}

impl Teller {
    fn new(file: &str, by: &[String]) -> Self {
        let k = by.len();
        let capacity = vec![8; k];
        let groups: usize = capacity.iter().product();
        Teller {
            file: file.to_owned(),
            by: by.to_vec(),
            slot_of: vec![Vec::new(); k],
            codes: vec![Vec::new(); k],
            capacity,
            definitie: by.iter().map(|b| codes::van(b)).collect(),
            cells: vec![Snel::default(); groups * AGES],
            rows_in_cells: 0,
            spilled: Aggregaat::new(by),
            scratch_slots: Vec::new(),
            scratch_index: Vec::new(),
        }
    }

    /// Slot of `code` in breakdown `d`, growing the layout when needed.
    #[inline]
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
        let c = code as usize;
        let table = &mut self.slot_of[d];
        if c < table.len() && table[c] != 0 {
            return Ok(table[c] as usize - 1);
        }
        if c >= table.len() {
            table.resize(c + 1, 0);
        }
        let s = self.codes[d].len();
        table[c] = s as u32 + 1;
        self.codes[d].push(code);
        if s >= self.capacity[d] {
            self.grow(d);
        }
        Ok(s)
    }

    fn grow(&mut self, d: usize) {
        let old_cap = self.capacity.clone();
        let mut new_cap = old_cap.clone();
        new_cap[d] *= 2;
        let groups: usize = new_cap.iter().product();
        let mut cells = vec![Snel::default(); groups * AGES];
        let old_groups: usize = old_cap.iter().product();
        for g in 0..old_groups {
            // Decompose the old group index into slots, recompose with the new capacities.
            let (mut rest, mut idx, mut mul) = (g, 0, 1);
            for (k, cap) in old_cap.iter().enumerate() {
                let s = rest % cap;
                rest /= cap;
                idx += s * mul;
                mul *= new_cap[k];
            }
            cells[idx * AGES..(idx + 1) * AGES]
                .copy_from_slice(&self.cells[g * AGES..(g + 1) * AGES]);
        }
        self.capacity = new_cap;
        self.cells = cells;
    }

    #[inline]
    fn group_index(&self, slots: &[usize]) -> usize {
        let (mut idx, mut mul) = (0, 1);
        for (s, cap) in slots.iter().zip(&self.capacity) {
            idx += s * mul;
            mul *= cap;
        }
        idx
    }

    /// Names the file that the next rows come from, for error messages.
    fn set_file(&mut self, file: &str) {
        if self.file != file {
            file.clone_into(&mut self.file);
        }
    }

    fn finish(mut self) -> Result<Aggregaat, IndicatorError> {
        let rest = self.drain();
        let mut som = std::mem::take(&mut self.spilled);
        som.merge(rest)?;
        Ok(som)
    }

    /// Takes the sums out of `cells` (which are then zero) as exact wide sums.
    fn drain(&mut self) -> Aggregaat {
        let mut groups = BTreeMap::new();
        let k = self.by.len();
        let counts: Vec<usize> = self.codes.iter().map(Vec::len).collect();
        let total: usize = if k == 0 { 1 } else { counts.iter().product() };
        for n in 0..total {
            let (mut rest, mut slots) = (n, Vec::with_capacity(k));
            for c in &counts {
                slots.push(rest % c);
                rest /= c;
            }
            let g = self.group_index(&slots);
            let cells = &mut self.cells[g * AGES..(g + 1) * AGES];
            if cells.iter().all(|t| t.persons == 0) {
                continue;
            }
            let wide: Vec<Celtelling> = cells.iter().map(Snel::wide).collect();
            cells.fill(Snel::default());
            let key: Vec<i64> = slots
                .iter()
                .enumerate()
                .map(|(d, &s)| self.codes[d][s])
                .collect();
            groups.insert(key, wide);
        }
        self.rows_in_cells = 0;
        Aggregaat {
            by: self.by.clone(),
            groups,
        }
    }
}

/// Rows a `Teller` sums in its 32-bit cells before it moves them into wide sums. Only in
/// tests is it small enough to be reached.
#[cfg(not(test))]
const SPILL_AFTER: u64 = u32::MAX as u64;
#[cfg(test)]
const SPILL_AFTER: u64 = 100;

/// Looks up the slots of codes already seen, from the start of `codes` up to the first one
/// that is new; returns how many were filled.
#[inline]
fn fill_known(table: &[u32], codes: &[i64], out: &mut [u32]) -> usize {
    for (i, (&code, o)) in codes.iter().zip(out.iter_mut()).enumerate() {
        let s = match usize::try_from(code) {
            Ok(c) if c < table.len() => table[c],
            _ => 0,
        };
        if s == 0 {
            return i;
        }
        *o = s - 1;
    }
    codes.len()
}

/// One batch of rows, column by column, ready to be summed.
struct Partij<'a> {
    first_row: u64,
    keys: Vec<&'a [i64]>,
    age: &'a [i64],
    exposure: &'a [f64],
    died: &'a [f64],
    /// `NaN` where perceived health is unknown.
    good_health: &'a [f64],
}

impl Teller {
    fn add(&mut self, p: &Partij<'_>) -> Result<(), IndicatorError> {
        self.check(p).map_err(IndicatorError::invoer)?;
        let n = p.age.len();
        if self.rows_in_cells + n as u64 > SPILL_AFTER {
            let s = self.drain();
            self.spilled.merge(s)?;
        }
        // Slots are assigned per breakdown first and combined into one group index per
        // row afterwards, because a new code may grow the layout and change its strides.
        let mut slots = std::mem::take(&mut self.scratch_slots);
        slots.clear();
        slots.resize(p.keys.len() * n, 0);
        for (d, column) in p.keys.iter().enumerate() {
            let out = &mut slots[d * n..(d + 1) * n];
            let mut i = 0;
            while i < n {
                i += fill_known(&self.slot_of[d], &column[i..], &mut out[i..]);
                if i < n {
                    // A code not seen before (or out of range, which `slot` refuses).
                    out[i] = self
                        .slot(d, column[i], p.first_row + i as u64)
                        .map_err(IndicatorError::invoer)? as u32;
                    i += 1;
                }
            }
        }
        let mut index = std::mem::take(&mut self.scratch_index);
        index.clear();
        index.resize(n, 0);
        let mut stride = AGES;
        for (d, cap) in self.capacity.iter().enumerate() {
            for (ix, &s) in index.iter_mut().zip(&slots[d * n..(d + 1) * n]) {
                *ix += s as usize * stride;
            }
            stride *= cap;
        }
        let rows = index
            .iter()
            .zip(p.age)
            .zip(p.died.iter().zip(p.exposure))
            .zip(p.good_health);
        // `check` has made sure that died and good health are 0 or 1 (good health NaN when
        // unknown) and exposure lies in [0, 1] person-year.
        for (((&at, &age), (&died, &exposure)), &g) in rows {
            let cell = &mut self.cells[at + age as usize];
            cell.deaths += u32::from(died == 1.0);
            cell.exposure += exposure_units(exposure);
            cell.persons += 1;
            cell.health_n += u32::from(!g.is_nan());
            cell.good += u32::from(g == 1.0);
        }
        self.rows_in_cells += n as u64;
        self.scratch_slots = slots;
        self.scratch_index = index;
        Ok(())
    }

    /// Refuses the batch at the first row with a value out of range, column by column.
    fn check(&self, p: &Partij<'_>) -> Result<(), InvoerFout> {
        let row = |i: usize| p.first_row + i as u64;
        let max = i64::from(MAX_AGE);
        // A branch-free scan first (it vectorises); the position only when something is off.
        let bad_age = p
            .age
            .iter()
            .fold(false, |acc, a| acc | !(0..=max).contains(a));
        let bad_exposure = p
            .exposure
            .iter()
            .fold(false, |acc, e| acc | !(0.0..=1.0).contains(e));
        let bad_died = p
            .died
            .iter()
            .fold(false, |acc, &d| acc | (d != 0.0) & (d != 1.0));
        let bad_good = p
            .good_health
            .iter()
            .fold(false, |acc, &g| acc | !g.is_nan() & (g != 0.0) & (g != 1.0));
        if !(bad_age | bad_exposure | bad_died | bad_good) {
            return Ok(());
        }
        if let Some(i) = p.age.iter().position(|a| !(0..=max).contains(a)) {
            return Err(self.fout(
                row(i),
                COL_AGE,
                format!("leeftijd {} ligt niet tussen 0 en {MAX_AGE}", p.age[i]),
                format!("age {} is not between 0 and {MAX_AGE}", p.age[i]),
            ));
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
        if let Some(i) = p.died.iter().position(|&d| d != 0.0 && d != 1.0) {
            return Err(self.fout(
                row(i),
                COL_DIED,
                format!("{} is geen 0 of 1", p.died[i]),
                format!("{} is not 0 or 1", p.died[i]),
            ));
        }
        if let Some(i) = p
            .good_health
            .iter()
            .position(|&g| !g.is_nan() && g != 0.0 && g != 1.0)
        {
            return Err(self.fout(
                row(i),
                COL_GOOD_HEALTH,
                format!("{} is geen 0 of 1", p.good_health[i]),
                format!("{} is not 0 or 1", p.good_health[i]),
            ));
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

    /// Sums `rows` rows in batches of `batch` (in tests the 32-bit cells are moved into the
    /// wide sums every 100 rows).
    fn sum(rows: usize, batch: usize) -> Aggregaat {
        let by = vec!["sex".to_owned()];
        let mut t = Teller::new("t.csv", &by);
        let sex: Vec<i64> = (0..rows).map(|i| 1 + (i % 2) as i64).collect();
        let age: Vec<i64> = (0..rows).map(|i| (i % 7) as i64).collect();
        let exposure: Vec<f64> = (0..rows).map(|i| (i % 366) as f64 / 365.25).collect();
        let died: Vec<f64> = (0..rows).map(|i| f64::from(i % 11 == 0)).collect();
        let good: Vec<f64> = (0..rows)
            .map(|i| {
                if i % 5 == 0 {
                    f64::NAN
                } else {
                    f64::from(i % 3 == 0)
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
                    }
                }
            }
            e = (e + 0.123_456_789_012_345_6) % 1.0;
        }
        assert_eq!(exposure_units(1.0), 1_000_000_000);
        assert_eq!(exposure_units(0.0), 0);
        assert_eq!(exposure_units(0.5e-9), 1);
    }
}
