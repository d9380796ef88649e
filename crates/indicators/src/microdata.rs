//! Person-level microdata (Parquet or CSV) summed into counts per group and single year of
//! age. Only these counts leave this module: deaths, person-years, persons, and how many of
//! them reported good health.
//!
//! Breakdown columns hold integer codes (sex 1/2, SES 1..10 with 1 the lowest, a region
//! number, a year); the codes of the columns the definition knows are checked
//! ([`codes`]). Codes are mapped to dense slots as they are met, so the hot loop is a few
//! array lookups per row; row groups of a Parquet file are summed on all cores.
//!
//! Every count is a whole number, person-years too (in billionths, [`EXPOSURE_SCALE`]):
//! sums of whole numbers do not depend on the order of addition, so the counts of one run,
//! of several threads and of several data holders combined are the same to the last bit.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{IndicatorError, InvoerFout};

pub mod codes;
mod csv_bron;
pub(crate) use csv_bron::csv_fout;
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

/// A row's person-years in billionths; the caller has checked `0 <= exposure <= 1`.
#[inline]
pub fn exposure_units(exposure: f64) -> u64 {
    (exposure * EXPOSURE_SCALE).round() as u64
}

/// Counts per group (its codes, in the order of `by`) and single age `0..=MAX_AGE`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aggregaat {
    pub by: Vec<String>,
    pub groups: BTreeMap<Vec<i64>, Vec<Celtelling>>,
}

impl Aggregaat {
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

/// Reads microdata from `path` (Parquet by extension `.parquet`/`.pq`, otherwise CSV) and
/// sums it by the breakdown columns `by`. `progress` is called with the number of rows
/// done so far.
pub fn aggregate(
    path: &Path,
    by: &[String],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Aggregaat, IndicatorError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("parquet" | "pq") => parquet_bron::aggregate(path, by, progress),
        _ => csv_bron::aggregate(path, by, progress),
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
    cells: Vec<Celtelling>,
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
            cells: vec![Celtelling::default(); groups * AGES],
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
        let mut cells = vec![Celtelling::default(); groups * AGES];
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

    fn finish(self) -> Aggregaat {
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
            let cells = &self.cells[g * AGES..(g + 1) * AGES];
            if cells.iter().all(|t| t.persons == 0) {
                continue;
            }
            let key: Vec<i64> = slots
                .iter()
                .enumerate()
                .map(|(d, &s)| self.codes[d][s])
                .collect();
            groups.insert(key, cells.to_vec());
        }
        Aggregaat {
            by: self.by,
            groups,
        }
    }
}

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
    fn add(&mut self, p: &Partij<'_>) -> Result<(), InvoerFout> {
        self.check(p)?;
        let n = p.age.len();
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
                    out[i] = self.slot(d, column[i], p.first_row + i as u64)? as u32;
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
        for (((&at, &age), (&died, &exposure)), &g) in rows {
            // `check` made every value one of these: 0 or 1, and 0..=1 person-year.
            let cell = &mut self.cells[at + age as usize];
            cell.deaths += u64::from(died == 1.0);
            cell.exposure += exposure_units(exposure);
            cell.persons += 1;
            if !g.is_nan() {
                cell.health_n += 1;
                cell.good += u64::from(g == 1.0);
            }
        }
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
