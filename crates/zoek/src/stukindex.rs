//! The site-wide index: register records and projects in one tantivy index, with the same
//! Dutch and English analysis as the project index, and a quoted fragment per hit.
//!
//! It is derived data, built from the register and the store. A server keeps it in a folder
//! beside the database ([`Stukindex::open`]) with a stamp of what it was built from
//! ([`Stukindex::stempel`]), so that a restart with an unchanged portfolio reuses it instead
//! of indexing everything again; tests and one-off use keep it in memory. After that only the
//! pieces that changed are replaced ([`Stukindex::update`]).
//!
//! A search makes one pass over the matching pieces ([`Stukindex::zoek`]): the number per
//! kind and the best hits overall and per kind are collected together, and only those best
//! hits are read from the document store.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

use crate::stuk::{Soort, Stuk};
use crate::taal::{analyzer, tokenizer_name};
use crate::ZoekFout;
use gemeten_domain::Lang;

/// Memory for the writer while building, shared by its threads (tantivy uses fewer threads
/// when each would get less than its minimum).
const WRITER_HEAP: usize = 120_000_000;
/// Memory for the writer of an update: a few pieces, one thread.
const UPDATE_HEAP: usize = 20_000_000;
/// Characters of text quoted around the matched words.
const FRAGMENT_CHARS: usize = 180;
/// The name of the kind as a number (its place in [`Soort::ALL`]), read per matching piece.
const SOORT_NR: &str = "soort_nr";
/// The number of kinds: the counts and groups of a search, one per kind.
const SOORTEN: usize = Soort::ALL.len();

pub struct Stukindex {
    index: Index,
    reader: IndexReader,
    /// Built once: the analysers are registered with the index, the parser keeps them.
    parser: QueryParser,
    path: String,
    f: Velden,
}

#[derive(Clone, Copy)]
struct Velden {
    /// `soort/id`: unique, so an update can delete a piece by it.
    key: Field,
    soort: Field,
    soort_nr: Field,
    id: Field,
    title: Field,
    text_nl: Field,
    text_en: Field,
}

/// A quoted part of a hit's text; `highlights` are the matched words as character (not
/// byte) ranges into `text`, so that any client can mark them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StukTreffer {
    pub soort: Soort,
    pub id: String,
    pub title: String,
    pub score: f32,
    pub fragment: Fragment,
}

/// The best hits and how many pieces matched in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uitslag {
    pub total: usize,
    pub hits: Vec<StukTreffer>,
}

/// The best hits per kind (each kind's own top), the best over the chosen kind (or all),
/// and how many pieces of each kind matched: one search's answer for a grouped page.
#[derive(Debug, Clone, PartialEq)]
pub struct Gegroepeerd {
    /// Matching pieces of the chosen kind, or of all kinds.
    pub total: usize,
    /// Matching pieces per kind, in the order of [`Soort::ALL`].
    pub per_soort: [usize; SOORTEN],
    /// The best `limiet` over the chosen kind (or all).
    pub hits: Vec<StukTreffer>,
    /// The best `per_groep` of each kind with matches (the chosen kind only, if one).
    pub groepen: Vec<(Soort, Vec<StukTreffer>)>,
}

fn schema() -> (Schema, Velden) {
    let mut b = Schema::builder();
    let text = |taal: Lang| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer_name(taal))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let f = Velden {
        key: b.add_text_field("key", STRING),
        soort: b.add_text_field("soort", STRING | STORED),
        soort_nr: b.add_u64_field(SOORT_NR, FAST),
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(Lang::Nl).set_stored()),
        // Stored: the quoted fragment is cut from it.
        text_nl: b.add_text_field("text_nl", text(Lang::Nl).set_stored()),
        text_en: b.add_text_field("text_en", text(Lang::En)),
    };
    (b.build(), f)
}

fn key(soort: Soort, id: &str) -> String {
    format!("{}/{id}", soort.code())
}

fn nr(soort: Soort) -> u64 {
    Soort::ALL
        .iter()
        .position(|k| *k == soort)
        .unwrap_or_default() as u64
}

impl Stukindex {
    /// Indexes `stukken` in memory.
    pub fn build(stukken: &[Stuk]) -> Result<Stukindex, ZoekFout> {
        let index = Stukindex::in_memory()?;
        index.rebuild(stukken.iter().cloned(), "")?;
        Ok(index)
    }

    /// An empty index in memory.
    pub fn in_memory() -> Result<Stukindex, ZoekFout> {
        let (schema, _) = schema();
        Stukindex::with(Index::create_in_ram(schema), ":memory:".into())
    }

    /// The index kept in `dir`, created (with the folder) when there is none. A folder that
    /// does not hold a readable index of this schema (damaged, or of an older version of
    /// gemeten) is emptied and the index created anew: it is derived data, and its stamp then
    /// says nothing was indexed.
    pub fn open(dir: &Path) -> Result<Stukindex, ZoekFout> {
        let path = dir.display().to_string();
        let io = |source| ZoekFout::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        match Stukindex::open_in(dir) {
            Ok(index) => Ok(index),
            Err(_) => {
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                Stukindex::open_in(dir)
            }
        }
    }

    fn open_in(dir: &Path) -> Result<Stukindex, ZoekFout> {
        let path = dir.display().to_string();
        let fout = |source| ZoekFout::Index {
            path: path.clone(),
            source,
        };
        let (schema, _) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(|e| fout(e.into()))?;
        let index = Index::open_or_create(directory, schema).map_err(fout)?;
        let index = Stukindex::with(index, path)?;
        // Reading the stamp and every segment's files now finds a damaged folder here,
        // not at the first search.
        index.index.load_metas().map_err(index.fout())?;
        index.index.validate_checksum().map_err(index.fout())?;
        Ok(index)
    }

    fn with(index: Index, path: String) -> Result<Stukindex, ZoekFout> {
        for taal in Lang::ALL {
            index
                .tokenizers()
                .register(tokenizer_name(taal), analyzer(taal));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(64)
            .try_into()
            .map_err(|source| ZoekFout::Index {
                path: path.clone(),
                source,
            })?;
        let (_, f) = schema();
        let mut parser = QueryParser::for_index(&index, vec![f.title, f.text_nl, f.text_en]);
        parser.set_field_boost(f.title, 2.0);
        Ok(Stukindex {
            index,
            reader,
            parser,
            path,
            f,
        })
    }

    fn fout(&self) -> impl Fn(tantivy::TantivyError) -> ZoekFout + '_ {
        |source| ZoekFout::Index {
            path: self.path.clone(),
            source,
        }
    }

    /// What the index was last built or updated from, as its builder wrote it (empty:
    /// nothing known, build it).
    pub fn stempel(&self) -> String {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .unwrap_or_default()
    }

    fn commit(&self, mut w: IndexWriter, stempel: &str) -> Result<(), ZoekFout> {
        let mut c = w.prepare_commit().map_err(self.fout())?;
        c.set_payload(stempel);
        c.commit().map_err(self.fout())?;
        w.wait_merging_threads().map_err(self.fout())?;
        self.reader.reload().map_err(self.fout())
    }

    /// Replaces everything with `stukken`, stamped `stempel`, in one commit: searches running
    /// meanwhile see the old index until it is done.
    pub fn rebuild(
        &self,
        stukken: impl IntoIterator<Item = Stuk>,
        stempel: &str,
    ) -> Result<(), ZoekFout> {
        let w: IndexWriter = self.index.writer(WRITER_HEAP).map_err(self.fout())?;
        w.delete_all_documents().map_err(self.fout())?;
        for s in stukken {
            w.add_document(document(self.f, &s)).map_err(self.fout())?;
        }
        self.commit(w, stempel)
    }

    /// Replaces the pieces in `changed` (by kind and id; new ones are added) and removes
    /// the pieces `removed`, in one commit, stamped `stempel`. Searches running meanwhile
    /// see the index before or after, never half of it.
    pub fn update(
        &self,
        changed: &[Stuk],
        removed: &[(Soort, String)],
        stempel: &str,
    ) -> Result<(), ZoekFout> {
        let f = self.f;
        let w: IndexWriter = self
            .index
            .writer_with_num_threads(1, UPDATE_HEAP)
            .map_err(self.fout())?;
        for (soort, id) in removed {
            w.delete_term(Term::from_field_text(f.key, &key(*soort, id)));
        }
        for s in changed {
            w.delete_term(Term::from_field_text(f.key, &key(s.soort, &s.id)));
            w.add_document(document(f, s)).map_err(self.fout())?;
        }
        self.commit(w, stempel)
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` pieces for `query`, of kind `soort` when given. The query is read
    /// leniently, like the project search: words, "phrases", -exclusions.
    pub fn search(
        &self,
        query: &str,
        soort: Option<Soort>,
        limit: usize,
    ) -> Result<Uitslag, ZoekFout> {
        let g = self.zoek(query, soort, limit, 0)?;
        Ok(Uitslag {
            total: g.total,
            hits: g.hits,
        })
    }

    /// One pass over the pieces matching `query`: how many of each kind, the best `limiet`
    /// of kind `soort` (or of all), and the best `per_groep` of each kind (of `soort` only,
    /// when given). Only those hits are read from the document store and quoted.
    pub fn zoek(
        &self,
        query: &str,
        soort: Option<Soort>,
        limiet: usize,
        per_groep: usize,
    ) -> Result<Gegroepeerd, ZoekFout> {
        let (parsed, _) = self.parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let oogst = searcher
            .search(
                &*parsed,
                &Verzamelaar {
                    alleen: soort.map(nr),
                    limiet,
                    per_groep,
                },
            )
            .map_err(self.fout())?;
        let total = match soort {
            Some(k) => oogst.per_soort[nr(k) as usize],
            None => oogst.per_soort.iter().sum(),
        };
        if oogst.top.is_empty() && oogst.groepen.iter().all(Vec::is_empty) {
            return Ok(Gegroepeerd {
                total,
                per_soort: oogst.per_soort,
                hits: Vec::new(),
                groepen: Vec::new(),
            });
        }
        let mut quote =
            SnippetGenerator::create(&searcher, &*parsed, self.f.text_nl).map_err(self.fout())?;
        quote.set_max_num_chars(FRAGMENT_CHARS);
        let lees = |hits: Vec<Hit>| -> Result<Vec<StukTreffer>, ZoekFout> {
            let mut out = Vec::with_capacity(hits.len());
            for h in hits {
                if let Some(t) = self.treffer(&searcher, &quote, h)? {
                    out.push(t);
                }
            }
            Ok(out)
        };
        let hits = lees(oogst.top)?;
        let mut groepen = Vec::new();
        for (k, g) in Soort::ALL.into_iter().zip(oogst.groepen) {
            if !g.is_empty() {
                groepen.push((k, lees(g)?));
            }
        }
        Ok(Gegroepeerd {
            total,
            per_soort: oogst.per_soort,
            hits,
            groepen,
        })
    }

    fn treffer(
        &self,
        searcher: &tantivy::Searcher,
        quote: &SnippetGenerator,
        h: Hit,
    ) -> Result<Option<StukTreffer>, ZoekFout> {
        let f = self.f;
        let d: TantivyDocument = searcher.doc(h.address).map_err(self.fout())?;
        let s = |field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let Ok(soort) = s(f.soort).parse::<Soort>() else {
            return Ok(None);
        };
        let text = s(f.text_nl);
        Ok(Some(StukTreffer {
            soort,
            id: s(f.id),
            title: s(f.title),
            score: h.score,
            fragment: fragment(quote, &text),
        }))
    }
}

/// A matching piece: its score and where it is. Ordered best first: higher score, then
/// the earlier address (so equal scores come out in a stable order).
#[derive(Clone, Copy)]
struct Hit {
    score: Score,
    address: DocAddress,
}

impl PartialEq for Hit {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Hit {}
impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Hit {
    /// Less is better.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.address.cmp(&other.address))
    }
}

/// The best `n` hits seen: a heap whose top is the worst kept.
#[derive(Default)]
struct Beste {
    n: usize,
    heap: BinaryHeap<Hit>,
}

impl Beste {
    fn new(n: usize) -> Beste {
        Beste {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
        }
    }

    fn push(&mut self, h: Hit) {
        if self.n == 0 {
            return;
        }
        if self.heap.len() < self.n {
            self.heap.push(h);
        } else if self.heap.peek().is_some_and(|worst| h < *worst) {
            self.heap.pop();
            self.heap.push(h);
        }
    }

    fn merge(&mut self, other: Beste) {
        for h in other.heap {
            self.push(h);
        }
    }

    fn sorted(self) -> Vec<Hit> {
        self.heap.into_sorted_vec()
    }
}

/// Counts per kind and keeps the best overall and per kind, in one pass.
struct Verzamelaar {
    alleen: Option<u64>,
    limiet: usize,
    per_groep: usize,
}

struct SegmentVerzamelaar {
    segment: SegmentOrdinal,
    soort: Column<u64>,
    alleen: Option<u64>,
    per_soort: [usize; SOORTEN],
    top: Beste,
    groepen: [Beste; SOORTEN],
}

struct Oogst {
    per_soort: [usize; SOORTEN],
    top: Vec<Hit>,
    groepen: Vec<Vec<Hit>>,
}

struct SegmentOogst {
    per_soort: [usize; SOORTEN],
    top: Beste,
    groepen: [Beste; SOORTEN],
}

impl Collector for Verzamelaar {
    type Fruit = Oogst;
    type Child = SegmentVerzamelaar;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentVerzamelaar> {
        let groep = |k: usize| {
            let mee = self.alleen.is_none_or(|a| a == k as u64);
            Beste::new(if mee { self.per_groep } else { 0 })
        };
        Ok(SegmentVerzamelaar {
            segment,
            soort: reader.fast_fields().u64(SOORT_NR)?,
            alleen: self.alleen,
            per_soort: [0; SOORTEN],
            top: Beste::new(self.limiet),
            groepen: std::array::from_fn(groep),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentOogst>) -> tantivy::Result<Oogst> {
        let mut per_soort = [0; SOORTEN];
        let mut top = Beste::new(self.limiet);
        let mut groepen: [Beste; SOORTEN] = std::array::from_fn(|_| Beste::new(self.per_groep));
        for f in fruits {
            for (a, b) in per_soort.iter_mut().zip(f.per_soort) {
                *a += b;
            }
            top.merge(f.top);
            for (a, b) in groepen.iter_mut().zip(f.groepen) {
                a.merge(b);
            }
        }
        Ok(Oogst {
            per_soort,
            top: top.sorted(),
            groepen: groepen.into_iter().map(Beste::sorted).collect(),
        })
    }
}

impl SegmentCollector for SegmentVerzamelaar {
    type Fruit = SegmentOogst;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(k) = self.soort.first(doc) else {
            return;
        };
        let Some(n) = self.per_soort.get_mut(k as usize) else {
            return;
        };
        *n += 1;
        let hit = Hit {
            score,
            address: DocAddress::new(self.segment, doc),
        };
        if self.alleen.is_none_or(|a| a == k) {
            self.top.push(hit);
        }
        self.groepen[k as usize].push(hit);
    }

    fn harvest(self) -> SegmentOogst {
        SegmentOogst {
            per_soort: self.per_soort,
            top: self.top,
            groepen: self.groepen,
        }
    }
}

fn document(f: Velden, s: &Stuk) -> TantivyDocument {
    doc!(
        f.key => key(s.soort, &s.id),
        f.soort => s.soort.code(),
        f.soort_nr => nr(s.soort),
        f.id => s.id.as_str(),
        f.title => s.title.as_str(),
        f.text_nl => s.text.as_str(),
        // The title too: the English analysis of the title has no field of its own.
        f.text_en => format!("{}\n{}", s.title, s.text),
    )
}

/// The best-matching part of `text` with its matched words, "…" where it was cut; the
/// opening of the text when the words matched only the title or the English stemming.
fn fragment(quote: &SnippetGenerator, text: &str) -> Fragment {
    let snippet = quote.snippet(text);
    if snippet.is_empty() {
        let mut cut: String = text.chars().take(FRAGMENT_CHARS).collect();
        if cut.len() < text.len() {
            cut.push('…');
        }
        return Fragment {
            text: cut,
            highlights: Vec::new(),
        };
    }
    let range = snippet.fragment_range();
    let lead = if range.start > 0 { "…" } else { "" };
    let tail = if range.end < text.len() { "…" } else { "" };
    let body = snippet.fragment();
    let chars = |byte: usize| lead.chars().count() + body[..byte].chars().count();
    let highlights = tantivy::snippet::collapse_overlapped_ranges(snippet.highlighted())
        .into_iter()
        .map(|r| (chars(r.start), chars(r.end)))
        .collect();
    Fragment {
        text: format!("{lead}{body}{tail}"),
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stuk(soort: Soort, id: &str, title: &str, text: &str) -> Stuk {
        Stuk {
            soort,
            id: id.into(),
            title: title.into(),
            text: text.into(),
        }
    }

    fn index() -> Stukindex {
        Stukindex::build(&[
            stuk(
                Soort::KiaVraag,
                "q1",
                "q1",
                "Hoe kunnen werkgevers bijdragen aan een gezonde werkomgeving?",
            ),
            stuk(
                Soort::Project,
                "p1",
                "Gezonde werkplek",
                "Een werkgever meet de werkdruk.",
            ),
            stuk(Soort::Instrument, "i1", "Subsidie", "Voor zorgrobots."),
        ])
        .unwrap()
    }

    #[test]
    fn a_singular_finds_the_plural_and_the_fragment_marks_it() {
        let u = index().search("werkgever", None, 10).unwrap();
        assert_eq!(u.total, 2);
        let q = u.hits.iter().find(|h| h.id == "q1").unwrap();
        assert_eq!(q.soort, Soort::KiaVraag);
        let (a, b) = q.fragment.highlights[0];
        let marked: String = q.fragment.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "werkgevers");
    }

    #[test]
    fn a_kind_narrows_the_hits_and_counts_only_that_kind() {
        let u = index()
            .search("werkgever", Some(Soort::Project), 10)
            .unwrap();
        assert_eq!(u.total, 1);
        assert_eq!(u.hits[0].id, "p1");
        let none = index()
            .search("zorgrobot", Some(Soort::Project), 10)
            .unwrap();
        assert_eq!(none.total, 0);
    }

    #[test]
    fn an_update_replaces_and_removes_pieces_by_kind_and_id() {
        let index = index();
        index
            .update(
                &[stuk(
                    Soort::Project,
                    "p1",
                    "Exoskelet",
                    "Tillen zonder rugklachten.",
                )],
                &[(Soort::KiaVraag, "q1".into())],
                "na",
            )
            .unwrap();
        assert_eq!(index.len(), 2);
        assert_eq!(index.search("werkgever", None, 10).unwrap().total, 0);
        let u = index.search("rugklacht", None, 10).unwrap();
        assert_eq!(u.hits.len(), 1);
        assert_eq!(
            (u.hits[0].soort, u.hits[0].id.as_str()),
            (Soort::Project, "p1")
        );
    }

    #[test]
    fn a_hit_on_the_title_only_quotes_the_opening_of_the_text() {
        let u = index().search("subsidie", None, 10).unwrap();
        assert_eq!(u.hits[0].fragment.text, "Voor zorgrobots.");
        assert!(u.hits[0].fragment.highlights.is_empty());
    }

    #[test]
    fn one_grouped_search_agrees_with_a_search_per_kind() {
        let index = index();
        let g = index.zoek("werkgever zorgrobot", None, 10, 5).unwrap();
        assert_eq!(g.total, 3);
        for (k, n) in Soort::ALL.into_iter().zip(g.per_soort) {
            let apart = index.search("werkgever zorgrobot", Some(k), 5).unwrap();
            assert_eq!(apart.total, n, "{k}");
            let groep = g.groepen.iter().find(|(s, _)| *s == k);
            match groep {
                Some((_, hits)) => assert_eq!(*hits, apart.hits, "{k}"),
                None => assert!(apart.hits.is_empty(), "{k}"),
            }
        }
        let alles = index.search("werkgever zorgrobot", None, 10).unwrap();
        assert_eq!(g.hits, alles.hits);
        // Best first.
        assert!(g.hits.windows(2).all(|w| w[0].score >= w[1].score));
        // A chosen kind: the total and the groups are of that kind only.
        let p = index
            .zoek("werkgever zorgrobot", Some(Soort::Project), 10, 5)
            .unwrap();
        assert_eq!(p.total, 1);
        assert_eq!(p.per_soort, g.per_soort);
        assert_eq!(p.groepen.len(), 1);
        assert_eq!(p.groepen[0].0, Soort::Project);
    }

    #[test]
    fn the_best_of_many_are_kept_in_score_order() {
        let stukken: Vec<Stuk> = (0..300)
            .map(|i| {
                // More mentions of the word, a higher score.
                let words = vec!["valpreventie"; 1 + i % 7].join(" ");
                stuk(
                    Soort::Project,
                    &format!("p{i}"),
                    "Project",
                    &format!("{words} thuis"),
                )
            })
            .collect();
        let index = Stukindex::build(&stukken).unwrap();
        let g = index.zoek("valpreventie", None, 20, 3).unwrap();
        assert_eq!(g.total, 300);
        assert_eq!(g.hits.len(), 20);
        assert_eq!(g.groepen.len(), 1);
        assert_eq!(g.groepen[0].1.len(), 3);
        let best = g.hits[0].score;
        assert!(g.hits.iter().all(|h| h.score <= best));
        assert!(g.hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(g.groepen[0].1[..], g.hits[..3]);
    }

    #[test]
    fn a_kept_index_is_reopened_with_its_stamp_and_a_damaged_one_is_started_anew() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("stukken");
        {
            let index = Stukindex::open(&at).unwrap();
            assert_eq!(index.stempel(), "");
            assert!(index.is_empty());
            index
                .rebuild(
                    [stuk(Soort::Project, "p1", "Gezonde werkplek", "Werkdruk.")],
                    "project=7",
                )
                .unwrap();
        }
        let again = Stukindex::open(&at).unwrap();
        assert_eq!(again.stempel(), "project=7");
        assert_eq!(again.search("werkplek", None, 5).unwrap().total, 1);
        drop(again);

        // Damage every file of the index: it opens empty, without a stamp, to be rebuilt.
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::write(&path, b"kapot").unwrap();
            }
        }
        let fresh = Stukindex::open(&at).unwrap();
        assert_eq!(fresh.stempel(), "");
        assert!(fresh.is_empty());

        // And a file where the folder should be is an error that names it, not a panic.
        let file = dir.path().join("bestand");
        std::fs::write(&file, b"x").unwrap();
        let Err(e) = Stukindex::open(&file) else {
            panic!("a file is no index folder");
        };
        assert!(e.to_string().contains("bestand"), "{e}");
    }
}
