//! `gemeten hle`: life expectancy and healthy life expectancy per group from microdata
//! (Parquet or CSV) or from an aggregated table (CSV).

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use gemeten_indicators::{
    combineer, deeltelling, from_microdata, from_microdata_met, from_table, is_microdata,
    lees_deeltelling, ses_gaps, sha256_bestanden, Aggregaat, GroepUitkomst, Herkomst, HleOpties,
    HleUitkomst, KleineCellen, Leeftijdsklassen, Leesopties, Verwachting,
};

use crate::cli::{AggregateCommand, TabelOpties};
use crate::i18n::{self, Lang};
use crate::show::Output;
use crate::table;
use crate::waarnemingen_uit;

fn opties(t: &TabelOpties) -> anyhow::Result<HleOpties> {
    let open = t.open_age.unwrap_or(if t.single_year { 100 } else { 85 });
    let bands = if t.single_year {
        Leeftijdsklassen::single_year(open)
    } else {
        if !open.is_multiple_of(5) || open < 5 {
            return Err(gemeten_domain::Probleem::bij_veld(
                "--open-age",
                format!("{open}: voor verkorte tabellen een veelvoud van 5"),
                format!("{open}: a multiple of 5 for abridged tables"),
            )
            .into());
        }
        Leeftijdsklassen::abridged(open)
    };
    Ok(HleOpties {
        bands,
        min_cell: t.min_cell,
    })
}

fn read_microdata(
    file: &Path,
    by: &[String],
    threads: Option<NonZeroUsize>,
    lang: Lang,
) -> anyhow::Result<Aggregaat> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {percent:>3}% {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(i18n::READING.get(lang));
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let opties = Leesopties { threads };
    let agg =
        without_panic_message(|| gemeten_indicators::aggregate_met(file, by, &opties, &progress));
    bar.finish_and_clear();
    Ok(agg?)
}

/// Runs `f` with the panic message switched off. The microdata reader catches the panics of
/// the parquet library on a damaged file and refuses the file by name; `main`'s hook would
/// first print each as an internal error. A panic that `f` does not catch is still told.
fn without_panic_message<T>(f: impl FnOnce() -> T) -> T {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("gemeten: internal error: {what}; please report this");
        std::panic::resume_unwind(payload)
    })
}

pub fn run(
    file: &Path,
    by: &[String],
    threads: Option<NonZeroUsize>,
    t: &TabelOpties,
    out: Output,
) -> anyhow::Result<()> {
    let opties = opties(t)?;
    let naam = file.file_name().map_or_else(
        || file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let doel = waarnemingen_uit::doel(
        &t.observations,
        &t.period,
        t,
        format!("gemeten hle over {naam}"),
    )?;
    let klok = std::time::Instant::now();
    let uitkomst = if is_microdata(file)? {
        let agg = read_microdata(file, by, threads, out.lang)?;
        if gemeten_indicators::tijden() {
            eprintln!("tijden: gelezen {:.3?}", klok.elapsed());
        }
        from_microdata_met(&agg, &opties, draden(threads))
    } else {
        from_table(file, by, &opties)?
    };
    if gemeten_indicators::tijden() {
        eprintln!("tijden: levenstabellen {:.3?}", klok.elapsed());
    }
    let r = present(&uitkomst, t, None, doel, out, draden(threads));
    if gemeten_indicators::tijden() {
        eprintln!("tijden: uitvoer {:.3?}", klok.elapsed());
    }
    r
}

/// Shows a result as a table, JSON, or both (`--out`); `extra` goes into the JSON.
fn present(
    uitkomst: &HleUitkomst,
    t: &TabelOpties,
    extra: Option<Value>,
    waarnemingen: Option<waarnemingen_uit::Doel>,
    out: Output,
    threads: usize,
) -> anyhow::Result<()> {
    let gaps = if uitkomst.by.contains(&t.ses_column) {
        ses_gaps(uitkomst, &t.ses_column, t.age)?
    } else {
        Vec::new()
    };
    if let Some(doel) = &waarnemingen {
        let n = waarnemingen_uit::schrijf(uitkomst, &gaps, doel)?;
        if !out.json {
            eprintln!(
                "{}: {n} {}",
                doel.file.display(),
                i18n::OBSERVATIONS_WRITTEN.get(out.lang)
            );
        }
    }
    if out.json || t.out.is_some() {
        let doc = JsonUitkomst {
            u: uitkomst,
            gaps: &gaps,
            age: t.age,
            extra,
        };
        match &t.out {
            Some(path) => {
                let f = std::fs::File::create(path).with_context(|| path.display().to_string())?;
                let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                schrijf_json(&mut w, &doc, threads)
                    .and_then(|()| Ok(w.flush()?))
                    .with_context(|| path.display().to_string())?;
            }
            None => {
                let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                schrijf_json(&mut w, &doc, threads)?;
                writeln!(w)?;
                w.flush()?;
            }
        }
        if !out.json {
            print_table(uitkomst, &gaps, t.age, out.lang);
        }
    } else {
        print_table(uitkomst, &gaps, t.age, out.lang);
    }
    Ok(())
}

/// `gemeten aggregate`: partial counts of one data holder.
pub fn aggregate_partial(a: &AggregateCommand, out: Output) -> anyhow::Result<()> {
    let policy = match a.small_cells.as_str() {
        "keep" => KleineCellen::Keep,
        n => KleineCellen::Suppress {
            min: n.parse().with_context(|| {
                format!("--small-cells '{n}': verwacht 'keep' of een aantal personen")
            })?,
        },
    };
    let agg = read_microdata(&a.file, &a.by, a.threads, out.lang)?;
    let name = a.file.display().to_string();
    let herkomst = Herkomst {
        holder: a.holder.clone(),
        source_file: a
            .file
            .file_name()
            .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned()),
        source_sha256: sha256_bestanden(&a.file)?,
        rows: agg.rows(),
        created_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        gemeten_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let d = deeltelling(&agg, herkomst, policy);
    let path = a.out.display().to_string();
    std::fs::write(&a.out, serde_json::to_vec_pretty(&d)?).with_context(|| path.clone())?;
    if out.json {
        println!(
            "{}",
            json!({"file": path, "cells": d.cells.len(), "suppressed_cells": d.suppressed_cells, "checksum": d.checksum})
        );
    } else {
        println!(
            "{path}: {} {}, {} {} ({})",
            d.cells.len(),
            i18n::CELLS.get(out.lang),
            d.suppressed_cells,
            i18n::CELLS_SUPPRESSED.get(out.lang),
            d.checksum
        );
    }
    Ok(())
}

/// `gemeten combine`: life tables from the partial counts of several holders.
pub fn combine(files: &[PathBuf], t: &TabelOpties, out: Output) -> anyhow::Result<()> {
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).with_context(|| name.clone())?;
        parts.push((name.clone(), lees_deeltelling(&bytes, &name)?));
    }
    let c = combineer(&parts)?;
    let doel = waarnemingen_uit::doel(
        &t.observations,
        &t.period,
        t,
        format!(
            "gemeten combine, gefedereerd over {} ({})",
            c.holders.join(", "),
            if c.suppressed_cells == 0 {
                "exact"
            } else {
                "niet exact: kleine cellen weggelaten"
            }
        ),
    )?;
    let uitkomst = from_microdata(&c.aggregaat, &opties(t)?);
    if !out.json {
        println!(
            "{}: {}",
            i18n::COMBINED_FROM.get(out.lang),
            c.holders.join(", ")
        );
        if c.suppressed_cells > 0 {
            println!("{}: {}", i18n::NOT_EXACT.get(out.lang), c.suppressed_cells);
        }
    }
    let extra = json!({"holders": c.holders, "suppressed_cells": c.suppressed_cells, "exact": c.suppressed_cells == 0});
    present(&uitkomst, t, Some(extra), doel, out, draden(None))
}

/// The threads asked for, or one per core.
fn draden(threads: Option<NonZeroUsize>) -> usize {
    threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
}

fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// The JSON of a result, written straight out as it is serialised: the same document as a
/// `serde_json::Value` built first would give (keys in alphabetical order), without the
/// tree of maps, which for 300 groups was a good part of the serial end of a run.
struct JsonUitkomst<'a> {
    u: &'a HleUitkomst,
    gaps: &'a [gemeten_indicators::SesVerschil],
    age: u16,
    extra: Option<Value>,
}

/// The writer before the groups were serialised on several threads, kept as the reference
/// that [`schrijf_json`] must equal byte for byte.
#[cfg(test)]
impl Serialize for JsonUitkomst<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("bands", &self.u.bands)?;
        m.serialize_entry("by", &self.u.by)?;
        if let Some(extra) = &self.extra {
            m.serialize_entry("combined", extra)?;
        }
        m.serialize_entry("groups", &Groepen(self.u))?;
        m.serialize_entry("method", "Chiang II levenstabel + Sullivan")?;
        m.serialize_entry("min_cell", &self.u.min_cell)?;
        m.serialize_entry("ses_gap", &json!({ "age": self.age, "gaps": self.gaps }))?;
        m.end()
    }
}

#[cfg(test)]
struct Groepen<'a>(&'a HleUitkomst);

/// A value of a group's JSON object.
enum Veld<'a> {
    Waarde(Value),
    Leeftijden(&'a [Verwachting]),
}

/// A group's fields in the order of its JSON object (alphabetical, as a map would have them).
fn velden<'a>(u: &'a HleUitkomst, g: &'a GroepUitkomst) -> Vec<(&'a str, Veld<'a>)> {
    let at0 = g.at(0);
    let mut velden: Vec<(&str, Veld<'_>)> =
        u.by.iter()
            .zip(&g.key)
            .map(|(name, key)| {
                let v = serde_json::to_value(key).unwrap_or(Value::Null);
                (name.as_str(), Veld::Waarde(v))
            })
            .collect();
    let vast = [
        ("persons", json!(g.persons)),
        ("deaths", json!(g.deaths)),
        ("exposure", json!(round(g.exposure))),
        ("suppressed", json!(g.suppressed)),
        ("e0", json!(at0.map(|v| v.le))),
        ("e0_se", json!(at0.and_then(|v| v.le_se))),
        ("hle0", json!(at0.map(|v| v.hle))),
        ("hle0_se", json!(at0.and_then(|v| v.hle_se))),
    ];
    // As in a map: a later value of the same name replaces the earlier one.
    for (name, v) in vast {
        velden.retain(|(n, _)| *n != name);
        velden.push((name, Veld::Waarde(v)));
    }
    velden.retain(|(n, _)| *n != "ages");
    velden.push(("ages", Veld::Leeftijden(&g.ages)));
    velden.reverse();
    velden.sort_by(|a, b| a.0.cmp(b.0));
    velden.dedup_by(|a, b| a.0 == b.0);
    velden
}

#[cfg(test)]
impl Serialize for Groepen<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut seq = s.serialize_seq(Some(u.groups.len()))?;
        for g in &u.groups {
            seq.serialize_element(&Groep(&velden(u, g)))?;
        }
        seq.end()
    }
}

/// Groups a thread serialises at the least: below this, one thread writes them all.
const GROEPEN_PER_DRAAD: usize = 32;

/// Writes the JSON document of [`JsonUitkomst`] to `w` as `serde_json::to_writer_pretty`
/// writes it (2.4 MB for 310 groups with every age: the serial end of a run on microdata),
/// the groups serialised on up to `threads` threads: this thread streams the keys before the
/// groups and the first run of groups into `w` (through a small buffer, so no fresh memory
/// to fault in), the other threads each serialise a later run into memory of their own, and
/// those are written after it in order, then the keys after the groups. Each part is written
/// with [`Ingesprongen`] at the depth it has in the whole, so the bytes are the same.
fn schrijf_json<W: Write>(w: &mut W, doc: &JsonUitkomst<'_>, threads: usize) -> anyhow::Result<()> {
    let u = doc.u;
    w.write_all(b"{\n  \"bands\": ")?;
    deel(w, 1, &u.bands)?;
    w.write_all(b",\n  \"by\": ")?;
    deel(w, 1, &u.by)?;
    if let Some(extra) = &doc.extra {
        w.write_all(b",\n  \"combined\": ")?;
        deel(w, 1, extra)?;
    }
    w.write_all(b",\n  \"groups\": [")?;

    let n = u.groups.len();
    let runs = threads.min(n / GROEPEN_PER_DRAAD).max(1);
    let per = n.div_ceil(runs).max(1);
    let mut runs = u.groups.chunks(per).enumerate();
    let eerste = runs.next();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let rest: Vec<_> = runs
            .map(|run| {
                scope.spawn(move || -> anyhow::Result<Vec<u8>> {
                    let mut buf = Vec::with_capacity(run.1.len() << 13);
                    groepen(&mut buf, u, run)?;
                    Ok(buf)
                })
            })
            .collect();
        if let Some(run) = eerste {
            groepen(w, u, run)?;
        }
        for h in rest {
            let buf = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            w.write_all(&buf)?;
        }
        Ok(())
    })?;

    w.write_all(if n == 0 { b"]" } else { b"\n  ]" })?;
    w.write_all(b",\n  \"method\": ")?;
    deel(w, 1, "Chiang II levenstabel + Sullivan")?;
    w.write_all(b",\n  \"min_cell\": ")?;
    deel(w, 1, &u.min_cell)?;
    w.write_all(b",\n  \"ses_gap\": ")?;
    deel(w, 1, &json!({ "age": doc.age, "gaps": doc.gaps }))?;
    w.write_all(b"\n}")?;
    Ok(())
}

/// Writes the groups of run `i` (the first run starts the array).
fn groepen<W: Write + ?Sized>(
    w: &mut W,
    u: &HleUitkomst,
    (i, run): (usize, &[GroepUitkomst]),
) -> anyhow::Result<()> {
    for (j, g) in run.iter().enumerate() {
        let eerste = i == 0 && j == 0;
        w.write_all(if eerste { b"\n    " } else { b",\n    " })?;
        deel(w, 2, &Groep(&velden(u, g)))?;
    }
    Ok(())
}

/// Writes `v` to `w` as the pretty printer writes it `diepte` levels deep.
fn deel<W: Write + ?Sized, T: Serialize + ?Sized>(
    w: &mut W,
    diepte: usize,
    v: &T,
) -> serde_json::Result<()> {
    let mut s = serde_json::Serializer::with_formatter(
        w,
        Ingesprongen {
            diepte,
            heeft_waarde: false,
        },
    );
    v.serialize(&mut s)
}

/// serde_json's `PrettyFormatter` (two spaces a level), started `diepte` levels deep, so
/// that a value inside a document can be written on its own, on another thread, and come
/// out byte for byte as the whole document's pretty printer writes it there.
struct Ingesprongen {
    diepte: usize,
    heeft_waarde: bool,
}

impl Ingesprongen {
    fn inspringen<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPATIES: [u8; 64] = [b' '; 64];
        let mut n = 2 * self.diepte;
        while n > 0 {
            let k = n.min(SPATIES.len());
            w.write_all(&SPATIES[..k])?;
            n -= k;
        }
        Ok(())
    }

    /// An array or object opened: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, haak: &[u8]) -> std::io::Result<()> {
        self.diepte += 1;
        self.heeft_waarde = false;
        w.write_all(haak)
    }

    /// An array or object closed: on its own line when it held something.
    fn sluit<W: ?Sized + Write>(&mut self, w: &mut W, haak: &[u8]) -> std::io::Result<()> {
        self.diepte -= 1;
        if self.heeft_waarde {
            w.write_all(b"\n")?;
            self.inspringen(w)?;
        }
        w.write_all(haak)
    }

    /// The next element or key, on a line of its own.
    fn volgende<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.inspringen(w)
    }
}

impl serde_json::ser::Formatter for Ingesprongen {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.sluit(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.volgende(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.heeft_waarde = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.sluit(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.volgende(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.heeft_waarde = true;
        Ok(())
    }
}

struct Groep<'a, 'b>(&'b [(&'a str, Veld<'a>)]);

impl Serialize for Groep<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, veld) in self.0 {
            match veld {
                Veld::Waarde(v) => m.serialize_entry(name, v)?,
                Veld::Leeftijden(ages) => m.serialize_entry(name, &Leeftijden(ages))?,
            }
        }
        m.end()
    }
}

struct Leeftijden<'a>(&'a [Verwachting]);

impl Serialize for Leeftijden<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&LeeftijdJson(v))?;
        }
        seq.end()
    }
}

/// One age of a group, keys in alphabetical order.
struct LeeftijdJson<'a>(&'a Verwachting);

impl Serialize for LeeftijdJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("age", &v.age)?;
        m.serialize_entry("hle", &json!(v.hle))?;
        m.serialize_entry("hle_ci95", &v.hle_ci().map(|(a, b)| [json!(a), json!(b)]))?;
        m.serialize_entry("hle_se", &json!(v.hle_se))?;
        m.serialize_entry("le", &json!(v.le))?;
        m.serialize_entry("le_ci95", &v.le_ci().map(|(a, b)| [json!(a), json!(b)]))?;
        m.serialize_entry("le_se", &json!(v.le_se))?;
        m.end()
    }
}

fn ci(v: Option<(f64, f64)>) -> String {
    v.map_or_else(|| "–".to_owned(), |(a, b)| format!("{a:.2}–{b:.2}"))
}

fn print_table(u: &HleUitkomst, gaps: &[gemeten_indicators::SesVerschil], age: u16, lang: Lang) {
    let labels: Vec<&str> = u.by.iter().map(String::as_str).collect();
    let mut headers: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    for h in [
        &i18n::PERSONS,
        &i18n::LE,
        &i18n::CI95,
        &i18n::HLE,
        &i18n::CI95,
        &i18n::NOTE,
    ] {
        headers.push(h.get(lang).to_owned());
    }
    let mut t = table::plain(&headers);
    for g in &u.groups {
        let mut row: Vec<String> = g.key.iter().map(ToString::to_string).collect();
        row.push(format!("{:.0}", g.persons));
        match g.at(age) {
            Some(v) => {
                row.push(format!("{:.2}", v.le));
                row.push(ci(v.le_ci()));
                row.push(format!("{:.2}", v.hle));
                row.push(ci(v.hle_ci()));
                row.push(String::new());
            }
            None => {
                row.extend(["–", "–", "–", "–"].map(String::from));
                row.push(format!(
                    "{}: {}",
                    i18n::SUPPRESSED.get(lang),
                    g.suppressed.clone().unwrap_or_default()
                ));
            }
        }
        t.add_row(row);
    }
    println!(
        "{} {age} ({})",
        i18n::EXPECTANCY_AT.get(lang),
        u.bands.join(", ")
    );
    println!("{t}");
    let shown = u.groups.iter().filter(|g| g.suppressed.is_none()).count();
    if shown < u.groups.len() {
        println!(
            "{}: {}",
            i18n::SUPPRESSED_GROUPS.get(lang),
            u.groups.len() - shown
        );
    }
    if !gaps.is_empty() {
        println!("\n{}", i18n::SES_GAP.get(lang));
        for g in gaps {
            let within: Vec<String> = g.key.iter().map(ToString::to_string).collect();
            let within = if within.is_empty() {
                String::new()
            } else {
                format!("[{}] ", within.join("/"))
            };
            match g.gap {
                Some(gap) => println!(
                    "  {within}{} − {}: {gap:.2} {}{}",
                    g.highest,
                    g.lowest,
                    i18n::YEARS.get(lang),
                    g.gap_se.map_or(String::new(), |s| format!(
                        " (95 %: {:.2}–{:.2})",
                        gap - 1.96 * s,
                        gap + 1.96 * s
                    ))
                ),
                None => println!(
                    "  {within}{}: {}",
                    i18n::SUPPRESSED.get(lang),
                    g.suppressed.clone().unwrap_or_default()
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gemeten_indicators::{Celtelling, MAX_AGE};

    /// Counts per age that look like a population: deaths rising with age, some persons
    /// with unknown health; `seed` varies them, `persons` scales them (small groups are
    /// suppressed under `min_cell`).
    fn cellen(seed: u64, persons: u64) -> Vec<Celtelling> {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..=MAX_AGE)
            .map(|age| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let n = persons + (x >> 40) % (persons / 4 + 1);
                let deaths = (n * u64::from(age) * u64::from(age)) / 200_000 + (x >> 60);
                let known = n - n / 30;
                Celtelling {
                    deaths: deaths.min(n),
                    exposure: n * 900_000_000 + (x >> 35) % 1_000_000_007,
                    persons: n,
                    health_n: known,
                    good: known * (100 - u64::from(age.min(99))) / 100,
                }
            })
            .collect()
    }

    fn aggregaat(by: &[&str], keys: &[Vec<i64>], klein: usize) -> Aggregaat {
        let by: Vec<String> = by.iter().map(|s| s.to_string()).collect();
        let mut agg = Aggregaat::new(&by);
        for (i, key) in keys.iter().enumerate() {
            let persons = if i % 7 == klein {
                3
            } else {
                2_000 + 37 * i as u64
            };
            agg.groups.insert(key.clone(), cellen(i as u64, persons));
        }
        agg
    }

    /// The serial writer's bytes (and those of the `Value` tree it replaced) against the
    /// parts written on 1 to 8 threads, put together.
    fn zelfde_bytes(u: &HleUitkomst, ses: Option<&str>, extra: Option<Value>) -> usize {
        let gaps = match ses {
            Some(col) => ses_gaps(u, col, 0).unwrap(),
            None => Vec::new(),
        };
        let doc = JsonUitkomst {
            u,
            gaps: &gaps,
            age: 0,
            extra,
        };
        let serieel = serde_json::to_vec_pretty(&doc).unwrap();
        let boom = serde_json::to_vec_pretty(&serde_json::to_value(&doc).unwrap()).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&serieel),
            String::from_utf8_lossy(&boom)
        );
        for threads in [1, 2, 3, 8] {
            let mut samen = Vec::new();
            schrijf_json(&mut samen, &doc, threads).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&samen),
                String::from_utf8_lossy(&serieel),
                "{threads} threads"
            );
        }
        serieel.len()
    }

    #[test]
    fn parallel_json_equals_the_serial_writer_byte_for_byte() {
        let opties = |bands, min_cell| HleOpties { bands, min_cell };
        // sex × SES × region as in the benchmark: 310 groups, some suppressed.
        let keys: Vec<Vec<i64>> = (1..=2)
            .flat_map(|s| (1..=5).flat_map(move |q| (1..=31).map(move |r| vec![s, q, r])))
            .collect();
        let agg = aggregaat(&["sex", "ses", "region"], &keys, 3);
        let u = from_microdata(&agg, &opties(Leeftijdsklassen::abridged(85), 1_000.0));
        assert_eq!(u.groups.len(), 310);
        assert!(u.groups.iter().any(|g| g.suppressed.is_some()));
        assert!(u.groups.iter().any(|g| g.suppressed.is_none()));
        let bytes = zelfde_bytes(&u, Some("ses"), None);
        assert!(bytes > 1_000_000, "{bytes}");
        // The same groups with the `combined` key of `gemeten combine`, single years of age.
        let u = from_microdata(&agg, &opties(Leeftijdsklassen::single_year(100), 1_000.0));
        zelfde_bytes(
            &u,
            Some("ses"),
            Some(json!({"holders": ["a", "b\"c"], "suppressed_cells": 2, "exact": false})),
        );
        // A few groups (fewer than one thread's share), a breakdown without SES.
        let keys: Vec<Vec<i64>> = (1..=100).map(|r| vec![r]).collect();
        let agg = aggregaat(&["region"], &keys[..5], 9);
        let u = from_microdata(&agg, &opties(Leeftijdsklassen::abridged(85), 0.0));
        zelfde_bytes(&u, None, None);
        // Just enough groups for two runs, of unequal length.
        let agg = aggregaat(&["region"], &keys[..2 * GROEPEN_PER_DRAAD + 1], 0);
        let u = from_microdata(&agg, &opties(Leeftijdsklassen::abridged(85), 1_000.0));
        zelfde_bytes(&u, None, None);
        // No breakdown: one group.
        let agg = aggregaat(&[], &[vec![]], 9);
        let u = from_microdata(&agg, &opties(Leeftijdsklassen::abridged(85), 0.0));
        assert_eq!(u.groups.len(), 1);
        zelfde_bytes(&u, None, None);
        // No groups at all: `"groups": []`.
        let leeg = HleUitkomst {
            by: vec!["sex".into()],
            bands: u.bands.clone(),
            min_cell: 0.0,
            groups: Vec::new(),
        };
        zelfde_bytes(&leeg, None, None);
    }
}
