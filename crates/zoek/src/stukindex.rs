//! The site-wide index: register records and projects in one tantivy index, with the same
//! Dutch and English analysis as the project index, and a quoted fragment per hit.
//!
//! It is derived data, built from the register and the store. A server keeps it in a folder
//! beside the database ([`Stukindex::open`]) with a stamp of what it was built from
//! ([`Stukindex::stempel`]), so that a restart with an unchanged portfolio reuses it instead
//! of indexing everything again; tests and one-off use keep it in memory. After that only the
//! pieces that changed are replaced ([`Stukindex::update`]).
//!
//! A search ([`Stukindex::zoek`]) counts the matching pieces per kind without scoring them,
//! exactly up to a bound ([`TELGRENS`]) and beyond it as "more than" (a common word then
//! stops counting instead of visiting every match), then takes the best hits overall and per kind with tantivy's top-k search, which skips
//! blocks of documents that cannot make the top (block-max WAND) instead of scoring every
//! match; only those best hits are read from the document store.

use std::cmp::Ordering;
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering as Volgorde};
use std::sync::Mutex;

use lru::LruCache;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::store::Compressor;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    doc, DocAddress, DocId, DocSet, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy,
    Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term, TERMINATED,
};

use crate::stuk::{Soort, Stuk};
use crate::taal::{analyzer, quote_analyzer, stems, tokenizer_name};
use crate::ZoekFout;
use gemeten_domain::Lang;

/// Memory for the writer while building, shared by its threads (tantivy uses fewer threads
/// when each would get less than its minimum).
const WRITER_HEAP: usize = 120_000_000;
/// Memory for the writer of an update: a few pieces, one thread.
const UPDATE_HEAP: usize = 20_000_000;
/// Characters of text quoted around the matched words.
const FRAGMENT_CHARS: usize = 180;
/// What the index's files hold, written before the builder's stamp: an index written by
/// another version of gemeten (other fields, or the same fields filled otherwise) reads as
/// unstamped, so it is built anew rather than misread.
const VORM: &str = "stukindex-3";
/// Bytes per block of the document store (see [`instellingen`]).
const DOC_BLOK: usize = 2_048;
/// Answers kept for repeated searches (the same words, kind and lengths) until the index
/// changes; when full, they are all dropped.
const ONTHOUDEN: usize = 512;
/// The name of the kind as a number (its place in [`Soort::ALL`]), read per matching piece.
const SOORT_NR: &str = "soort_nr";
/// The number of kinds: the counts and groups of a search, one per kind.
const SOORTEN: usize = Soort::ALL.len();
/// Matches counted per kind: up to this many exactly, beyond it the count says "more than
/// this many" ([`Gegroepeerd::meer_dan`]), so that a common word does not visit every match.
pub const TELGRENS: usize = 1_000;

pub struct Stukindex {
    index: Index,
    reader: IndexReader,
    /// Built once per language (its combined field): the analysers are registered with the
    /// index, the parser keeps them.
    parsers: [QueryParser; 2],
    /// The Dutch and English analysers, built once, for queries of plain words.
    nl: TextAnalyzer,
    en: TextAnalyzer,
    /// Recent answers, each with the generation of the index it was computed on; a commit
    /// moves the generation on, so an answer is never given for another index.
    /// At most [`ONTHOUDEN`], the least recently used let go first (emptying it wholly when
    /// full would search a working set just above the bound anew in bursts).
    uitslagen: Mutex<LruCache<Sleutel, (u64, Gegroepeerd)>>,
    generatie: AtomicU64,
    /// Matches counted per kind exactly, at most ([`TELGRENS`]; `usize::MAX`: every one).
    telgrens: usize,
    /// The top of a dominant kind as before [`Stukindex::beste_gefilterd`] (benchmarks).
    oude_topk: bool,
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
    /// Stored only: shown, and the fragment is quoted from `text` (Dutch) or `text_en`.
    title: Field,
    text: Field,
    text_en: Field,
    /// Searched: the title (twice, so that a word in the title weighs more) and the text,
    /// as one field per analysis, so that a word is one list of postings per search.
    alles_nl: Field,
    alles_en: Field,
}

impl Velden {
    fn alles(&self, taal: Lang) -> Field {
        match taal {
            Lang::Nl => self.alles_nl,
            Lang::En => self.alles_en,
        }
    }
}

/// A quoted part of a hit's text; `highlights` are the matched words as character (not
/// byte) ranges into `text`, so that any client can mark them; `lang` the language of the
/// quoted text (the page's where the piece has that wording and it matches there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
    pub lang: Lang,
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
    /// More than `total` pieces matched: the count stopped at the bound.
    pub meer_dan: bool,
    pub hits: Vec<StukTreffer>,
}

/// A search: its words, language, kind, and how many hits overall and per kind.
type Sleutel = (String, Lang, Option<Soort>, usize, usize);

/// The best hits per kind (each kind's own top), the best over the chosen kind (or all),
/// and how many pieces of each kind matched: one search's answer for a grouped page.
#[derive(Debug, Clone, PartialEq)]
pub struct Gegroepeerd {
    /// Matching pieces of the chosen kind, or of all kinds.
    pub total: usize,
    /// More than `total` pieces match (a kind was counted up to the bound only).
    pub total_meer_dan: bool,
    /// Matching pieces per kind, in the order of [`Soort::ALL`]: exact up to the index's
    /// bound ([`TELGRENS`]); a kind with more matches has the bound here and `meer_dan`.
    pub per_soort: [usize; SOORTEN],
    /// Per kind: more than `per_soort` pieces of it match.
    pub meer_dan: [bool; SOORTEN],
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
        title: b.add_text_field("title", STORED),
        // The quoted fragment is cut from it.
        text: b.add_text_field("text", STORED),
        text_en: b.add_text_field("text_en", STORED),
        alles_nl: b.add_text_field("alles_nl", text(Lang::Nl)),
        alles_en: b.add_text_field("alles_en", text(Lang::En)),
    };
    (b.build(), f)
}

/// The document store in small blocks: showing a hit decompresses its block, and the hits
/// of a search are spread over the index (tantivy's default of 16 KiB decompressed about
/// forty pieces per hit shown).
fn instellingen() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: DOC_BLOK,
        ..IndexSettings::default()
    }
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
        let index = Index::builder()
            .schema(schema)
            .settings(instellingen())
            .create_in_ram()
            .map_err(|source| ZoekFout::Index {
                path: ":memory:".into(),
                source,
            })?;
        Stukindex::with(index, ":memory:".into())
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
        let index = Index::builder()
            .schema(schema)
            .settings(instellingen())
            .open_or_create(directory)
            .map_err(fout)?;
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
        // An English page reads the words in both languages (the texts are mostly Dutch).
        let parsers = Lang::ALL.map(|taal| match taal {
            Lang::Nl => QueryParser::for_index(&index, vec![f.alles_nl]),
            Lang::En => QueryParser::for_index(&index, vec![f.alles_en, f.alles_nl]),
        });
        Ok(Stukindex {
            index,
            reader,
            parsers,
            nl: analyzer(Lang::Nl),
            en: analyzer(Lang::En),
            uitslagen: Mutex::new(LruCache::new(
                NonZeroUsize::new(ONTHOUDEN).unwrap_or(NonZeroUsize::MIN),
            )),
            generatie: AtomicU64::new(0),
            telgrens: TELGRENS,
            oude_topk: false,
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
    /// nothing known, or written by another version of gemeten: build it).
    pub fn stempel(&self) -> String {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| Some(p.strip_prefix(VORM)?.strip_prefix('\n')?.to_owned()))
            .unwrap_or_default()
    }

    fn commit(&self, mut w: IndexWriter, stempel: &str) -> Result<(), ZoekFout> {
        let mut c = w.prepare_commit().map_err(self.fout())?;
        c.set_payload(&format!("{VORM}\n{stempel}"));
        c.commit().map_err(self.fout())?;
        w.wait_merging_threads().map_err(self.fout())?;
        let reloaded = self.reader.reload().map_err(self.fout());
        // Even when the reload failed: the searcher may or may not have moved on.
        self.generatie.fetch_add(1, Volgorde::SeqCst);
        if let Ok(mut u) = self.uitslagen.lock() {
            u.clear();
        }
        reloaded
    }

    /// Replaces everything with `stukken`, stamped `stempel`, in one commit: searches running
    /// meanwhile see the old index until it is done.
    pub fn rebuild(
        &self,
        stukken: impl IntoIterator<Item = Stuk>,
        stempel: &str,
    ) -> Result<(), ZoekFout> {
        self.rebuild_from(stukken.into_iter().map(Ok::<Stuk, ZoekFout>), stempel)
    }

    /// As [`Stukindex::rebuild`], from pieces that are read as the build goes (a store read
    /// in parts), so that they need not all be in memory at once: the writer holds at most
    /// its bounded heap. The first piece that could not be read stops the build; then
    /// nothing is committed and the index stays as it was.
    pub fn rebuild_from<E: From<ZoekFout>>(
        &self,
        stukken: impl IntoIterator<Item = Result<Stuk, E>>,
        stempel: &str,
    ) -> Result<(), E> {
        let mut w: IndexWriter = self.index.writer(WRITER_HEAP).map_err(self.fout())?;
        w.delete_all_documents().map_err(self.fout())?;
        for s in stukken {
            let s = match s {
                Ok(s) => s,
                Err(e) => {
                    // Uncommitted: the deletion and the pieces added so far are dropped.
                    let _ = w.rollback();
                    return Err(e);
                }
            };
            w.add_document(document(self.f, &s)).map_err(self.fout())?;
        }
        self.commit(w, stempel)?;
        Ok(self.voeg_samen()?)
    }

    /// Merges the segments a build left (one per writer thread and more) into one, keeping
    /// the stamp: a search then looks each word up once and its top-k threshold carries over
    /// every piece, instead of starting again per segment.
    fn voeg_samen(&self) -> Result<(), ZoekFout> {
        let ids = self.index.searchable_segment_ids().map_err(self.fout())?;
        if ids.len() < 2 {
            return Ok(());
        }
        let mut w: IndexWriter = self
            .index
            .writer_with_num_threads(1, UPDATE_HEAP)
            .map_err(self.fout())?;
        w.merge(&ids).wait().map_err(self.fout())?;
        w.wait_merging_threads().map_err(self.fout())?;
        let reloaded = self.reader.reload().map_err(self.fout());
        self.generatie.fetch_add(1, Volgorde::SeqCst);
        if let Ok(mut u) = self.uitslagen.lock() {
            u.clear();
        }
        reloaded
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

    /// Counts matches per kind exactly up to `n` (at least 1), beyond it "more than `n`";
    /// `usize::MAX` counts every match (slower for common words). Drops the kept answers.
    pub fn set_telgrens(&mut self, n: usize) {
        self.telgrens = n.max(1);
        if let Ok(u) = self.uitslagen.get_mut() {
            u.clear();
        }
    }

    /// For benchmarks: the best of a dominant kind found as before (the best `n` + the
    /// matches of the other kinds over all kinds, then those of the kind kept) instead of
    /// one pruning pass that keeps only that kind. The hits are the same.
    #[doc(hidden)]
    pub fn set_oude_topk(&mut self, oud: bool) {
        self.oude_topk = oud;
        if let Ok(u) = self.uitslagen.get_mut() {
            u.clear();
        }
    }

    pub fn telgrens(&self) -> usize {
        self.telgrens
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` pieces for `query`, of kind `soort` when given, its words read as
    /// Dutch ([`Stukindex::zoek`]). The query is read leniently, like the project search:
    /// words, "phrases", -exclusions.
    pub fn search(
        &self,
        query: &str,
        soort: Option<Soort>,
        limit: usize,
    ) -> Result<Uitslag, ZoekFout> {
        let g = self.zoek(query, Lang::Nl, soort, limit, 0)?;
        Ok(Uitslag {
            total: g.total,
            meer_dan: g.total_meer_dan,
            hits: g.hits,
        })
    }

    /// The pieces matching `query`: how many of each kind (counted, not scored), the best
    /// `limiet` of kind `soort` (or of all), and the best `per_groep` of each kind (of `soort`
    /// only, when given). Only those hits are read from the document store and quoted.
    ///
    /// Every text is analysed in Dutch and in English. On a Dutch page (`taal`) a word is
    /// looked up by its Dutch stem only (one list of postings per word, the fast case), or by
    /// its English stem when the Dutch one occurs nowhere; on an English page by both stems,
    /// so that a Dutch word there still finds its Dutch word forms.
    ///
    /// The answer is kept for the same search until the index changes (at most
    /// [`ONTHOUDEN`] answers, the least recently asked let go first): a popular query is
    /// answered without searching again.
    pub fn zoek(
        &self,
        query: &str,
        taal: Lang,
        soort: Option<Soort>,
        limiet: usize,
        per_groep: usize,
    ) -> Result<Gegroepeerd, ZoekFout> {
        let sleutel = (query.to_owned(), taal, soort, limiet, per_groep);
        // The generation before the searcher: an answer computed on a searcher that a
        // commit replaced meanwhile is kept under the old generation, never given again.
        let generatie = self.generatie.load(Volgorde::SeqCst);
        if let Some((g, u)) = self
            .uitslagen
            .lock()
            .ok()
            .and_then(|mut u| u.get(&sleutel).cloned())
        {
            if g == generatie {
                return Ok(u);
            }
        }
        let u = self.zoek_vers(query, taal, soort, limiet, per_groep)?;
        if let Ok(mut kept) = self.uitslagen.lock() {
            kept.put(sleutel, (generatie, u.clone()));
        }
        Ok(u)
    }

    /// As [`Stukindex::zoek`], but always searched anew, never from or into the kept
    /// answers (benchmarks measure the search with it).
    pub fn zoek_vers(
        &self,
        query: &str,
        taal: Lang,
        soort: Option<Soort>,
        limiet: usize,
        per_groep: usize,
    ) -> Result<Gegroepeerd, ZoekFout> {
        let searcher = self.reader.searcher();
        let parsed = self.vraag(&searcher, query, taal);
        let (per_soort, meer_dan) = self.tel(&searcher, &*parsed)?;
        let (total, total_meer_dan) = match soort {
            Some(k) => (per_soort[nr(k) as usize], meer_dan[nr(k) as usize]),
            None => (per_soort.iter().sum(), meer_dan.iter().any(|m| *m)),
        };
        let top = match soort {
            _ if limiet == 0 || total == 0 => Vec::new(),
            None => self.beste(&searcher, &*parsed, limiet)?,
            Some(k) => self.beste_van(&searcher, &*parsed, k, limiet, &per_soort, &meer_dan)?,
        };
        let mut groepen_hits = Vec::new();
        if per_groep > 0 {
            for k in Soort::ALL {
                if soort.is_some_and(|s| s != k) || per_soort[nr(k) as usize] == 0 {
                    continue;
                }
                groepen_hits.push((
                    k,
                    self.beste_van(&searcher, &*parsed, k, per_groep, &per_soort, &meer_dan)?,
                ));
            }
        }
        if top.is_empty() && groepen_hits.is_empty() {
            return Ok(Gegroepeerd {
                total,
                total_meer_dan,
                per_soort,
                meer_dan,
                hits: Vec::new(),
                groepen: Vec::new(),
            });
        }
        let quote = Citaat {
            taal,
            nl: self.citeer(&searcher, &*parsed, Lang::Nl)?,
            en: self.citeer(&searcher, &*parsed, Lang::En)?,
        };
        let lees = |hits: Vec<Hit>| -> Result<Vec<StukTreffer>, ZoekFout> {
            let mut out = Vec::with_capacity(hits.len());
            for h in hits {
                if let Some(t) = self.treffer(&searcher, &quote, h)? {
                    out.push(t);
                }
            }
            Ok(out)
        };
        let hits = lees(top)?;
        let mut groepen = Vec::new();
        for (k, g) in groepen_hits {
            groepen.push((k, lees(g)?));
        }
        Ok(Gegroepeerd {
            total,
            total_meer_dan,
            per_soort,
            meer_dan,
            hits,
            groepen,
        })
    }

    /// What quotes the hits' texts in language `taal`: the words of `query` in the field of
    /// `taal`, each weighing less the more pieces have it (as tantivy's
    /// [`SnippetGenerator::create`]), and an analyser that stems only the words of a text that
    /// may be one of them; none when the query has no word in that field (a Dutch page looks
    /// up English stems only for a word no Dutch stem finds).
    fn citeer(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        taal: Lang,
    ) -> Result<Option<SnippetGenerator>, ZoekFout> {
        let veld = self.f.alles(taal);
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == veld && !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        let mut woorden = std::collections::BTreeMap::new();
        for term in &terms {
            let waarde = term.value();
            let Some(woord) = waarde.as_str() else {
                continue;
            };
            let n = searcher.doc_freq(term).map_err(self.fout())?;
            if n > 0 {
                woorden.insert(woord.to_owned(), 1.0 / (1.0 + n as Score));
            }
        }
        if woorden.is_empty() {
            return Ok(None);
        }
        let analyser = quote_analyzer(taal, woorden.keys().map(String::as_str));
        Ok(Some(SnippetGenerator::new(
            woorden,
            analyser,
            veld,
            FRAGMENT_CHARS,
        )))
    }

    /// How many pieces of each kind match `query`, and whether more than that: with the
    /// bound at `usize::MAX`, every match counted in one pass (visited, not scored); else per
    /// kind the matches of that kind (the query and the kind intersected, so that a small
    /// kind is found through its own few pieces) up to one past the bound, then it stops.
    fn tel(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
    ) -> Result<([usize; SOORTEN], [bool; SOORTEN]), ZoekFout> {
        if self.telgrens == usize::MAX {
            let per_soort = searcher.search(query, &Telling).map_err(self.fout())?;
            return Ok((per_soort, [false; SOORTEN]));
        }
        let grens = self.telgrens;
        let mut per_soort = [0; SOORTEN];
        let mut meer_dan = [false; SOORTEN];
        for (i, k) in Soort::ALL.into_iter().enumerate() {
            let van_soort = Term::from_field_text(self.f.soort, k.code());
            if searcher.doc_freq(&van_soort).map_err(self.fout())? == 0 {
                continue;
            }
            let smal = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(van_soort, IndexRecordOption::Basic)),
                ),
            ]);
            let weight = smal
                .weight(EnableScoring::disabled_from_searcher(searcher))
                .map_err(self.fout())?;
            let mut n = 0usize;
            'segmenten: for reader in searcher.segment_readers() {
                let mut docs = weight.scorer(reader, 1.0).map_err(self.fout())?;
                let levend = reader.alive_bitset();
                let mut doc = docs.doc();
                while doc != TERMINATED {
                    if levend.is_none_or(|a| a.is_alive(doc)) {
                        n += 1;
                        if n > grens {
                            break 'segmenten;
                        }
                    }
                    doc = docs.advance();
                }
            }
            per_soort[i] = n.min(grens);
            meer_dan[i] = n > grens;
        }
        Ok((per_soort, meer_dan))
    }

    /// The query for `text` on a page in language `taal`. Plain words (the common case) become
    /// a union of term queries, per word its stem(s) as [`Stukindex::zoek`] says: the same
    /// terms and scores as the parser's answer, flat, so that a top-k search skips what cannot
    /// make the top (on a Dutch page one list of postings per word). Anything else ("phrases", -exclusions,
    /// operators) is read by the parser of `taal`, leniently.
    fn vraag(&self, searcher: &tantivy::Searcher, text: &str, taal: Lang) -> Box<dyn Query> {
        self.woorden(searcher, text, taal).unwrap_or_else(|| {
            let i = Lang::ALL
                .iter()
                .position(|l| *l == taal)
                .unwrap_or_default();
            self.parsers[i].parse_query_lenient(text).0
        })
    }

    fn woorden(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
        taal: Lang,
    ) -> Option<Box<dyn Query>> {
        let plain = text
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace());
        let operator = text
            .split_whitespace()
            .any(|w| matches!(w, "AND" | "OR" | "NOT" | "IN"));
        if !plain || operator {
            return None;
        }
        let f = self.f;
        let ander = match taal {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        };
        let (mut nl, mut en) = (self.nl.clone(), self.en.clone());
        let mut analyse = |l: Lang, word: &str| match l {
            Lang::Nl => stems(&mut nl, word),
            Lang::En => stems(&mut en, word),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in text.split_whitespace() {
            let mut terms = Vec::new();
            // An English page: the English and the Dutch stem (the texts are mostly Dutch);
            // a Dutch page: the Dutch stem, or the English one when it occurs nowhere.
            let talen: &[Lang] = match taal {
                Lang::En => &[Lang::En, Lang::Nl],
                Lang::Nl => &[Lang::Nl],
            };
            for l in talen {
                match analyse(*l, word).as_slice() {
                    // A stop word.
                    [] => {}
                    [stem] => terms.push(Term::from_field_text(f.alles(*l), stem)),
                    // More than one token: a phrase, which the parser builds.
                    _ => return None,
                }
            }
            let nergens = |t: &Term| searcher.doc_freq(t).ok() == Some(0);
            if taal == Lang::Nl && !terms.is_empty() && terms.iter().all(nergens) {
                if let [stem] = analyse(ander, word).as_slice() {
                    terms = vec![Term::from_field_text(f.alles(ander), stem)];
                }
            }
            for term in terms {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        match clauses.len() {
            0 => None,
            1 => clauses.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        }
    }

    /// The best `n` pieces of all kinds.
    fn beste(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        n: usize,
    ) -> Result<Vec<Hit>, ZoekFout> {
        if !self.oude_topk {
            return self.beste_gefilterd(searcher, query, None, n);
        }
        let top = searcher
            .search(query, &TopDocs::with_limit(n).order_by_score())
            .map_err(self.fout())?;
        Ok(gesorteerd(
            top.into_iter()
                .map(|(score, address)| Hit { score, address }),
        ))
    }

    /// The best `n` pieces of kind `k`, given how many of each kind match. A kind that
    /// matches at least as many as the others together (or more than the bound): one top-k
    /// pass over the query that keeps only pieces of kind `k`, its threshold the `n`-th best
    /// of `k` so far, so that block-max WAND skips what cannot make `k`'s top; a smaller kind:
    /// the search narrowed to kind `k` (matched, not scored, so the scores stay those of
    /// the query), which visits only `k`'s few matches.
    fn beste_van(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        k: Soort,
        n: usize,
        per_soort: &[usize; SOORTEN],
        meer_dan: &[bool; SOORTEN],
    ) -> Result<Vec<Hit>, ZoekFout> {
        let van_k = per_soort[nr(k) as usize];
        let anders = per_soort.iter().sum::<usize>() - van_k;
        // Only with the other kinds counted exactly is `anders` how many there are.
        let anders_exact = Soort::ALL
            .into_iter()
            .zip(meer_dan)
            .all(|(s, m)| s == k || !m);
        if !self.oude_topk && (meer_dan[nr(k) as usize] || (anders_exact && anders <= van_k)) {
            return self.beste_gefilterd(searcher, query, Some(k), n);
        }
        if self.oude_topk && anders_exact && anders < van_k {
            // The way before (kept to compare in benchmarks): the best `n` + `anders` of
            // all kinds hold the best `n` of `k`.
            let ruim = self.beste(searcher, query, n + anders)?;
            let mut kolommen: Vec<Option<Column<u64>>> = Vec::new();
            let mut out = Vec::with_capacity(n);
            for h in ruim {
                let seg = h.address.segment_ord as usize;
                if kolommen.len() <= seg {
                    kolommen.resize(seg + 1, None);
                }
                if kolommen[seg].is_none() {
                    kolommen[seg] = Some(
                        searcher
                            .segment_reader(h.address.segment_ord)
                            .fast_fields()
                            .u64(SOORT_NR)
                            .map_err(self.fout())?,
                    );
                }
                let soort = kolommen[seg]
                    .as_ref()
                    .and_then(|c| c.first(h.address.doc_id));
                if soort == Some(nr(k)) {
                    out.push(h);
                    if out.len() == n {
                        break;
                    }
                }
            }
            return Ok(out);
        }
        let van_soort: Box<dyn Query> = Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(self.f.soort, k.code()),
                IndexRecordOption::Basic,
            )),
            0.0,
        ));
        let smal = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (Occur::Must, van_soort),
        ]);
        self.beste(searcher, &smal, n)
    }

    /// The best `n` pieces (of kind `k`, when given) in one pruning pass over `query`: a
    /// piece of another kind is passed over, and the threshold is the `n`-th best so far,
    /// carried from segment to segment (tantivy's [`TopDocs`] starts every segment from
    /// nothing), so block-max WAND skips every block that cannot beat it. Equal scores: the
    /// earlier address first, as [`TopDocs`].
    fn beste_gefilterd(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        k: Option<Soort>,
        n: usize,
    ) -> Result<Vec<Hit>, ZoekFout> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .map_err(self.fout())?;
        let soort_k = k.map(nr);
        // The worst of the best so far on top.
        let mut beste: std::collections::BinaryHeap<Hit> =
            std::collections::BinaryHeap::with_capacity(n + 1);
        let drempel = |beste: &std::collections::BinaryHeap<Hit>| match beste.peek() {
            Some(h) if beste.len() >= n => h.score,
            _ => Score::MIN,
        };
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let soort = match soort_k {
                Some(_) => Some(reader.fast_fields().u64(SOORT_NR).map_err(self.fout())?),
                None => None,
            };
            let levend = reader.alive_bitset();
            let start = drempel(&beste);
            weight
                .for_each_pruning(start, reader, &mut |doc, score| {
                    let telt = levend.is_none_or(|a| a.is_alive(doc))
                        && soort.as_ref().is_none_or(|c| c.first(doc) == soort_k);
                    if telt {
                        let h = Hit {
                            score,
                            address: DocAddress::new(ord as SegmentOrdinal, doc),
                        };
                        if beste.len() < n {
                            beste.push(h);
                        } else if beste.peek().is_some_and(|worst| h < *worst) {
                            beste.pop();
                            beste.push(h);
                        }
                    }
                    drempel(&beste)
                })
                .map_err(self.fout())?;
        }
        Ok(gesorteerd(beste.into_iter()))
    }

    fn treffer(
        &self,
        searcher: &tantivy::Searcher,
        quote: &Citaat,
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
        let (nl, en) = (s(f.text), s(f.text_en));
        Ok(Some(StukTreffer {
            soort,
            id: s(f.id),
            title: s(f.title),
            score: h.score,
            fragment: quote.fragment(&nl, &en),
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

/// Hits best first (equal scores: the earlier address first, so the order is stable).
fn gesorteerd(hits: impl Iterator<Item = Hit>) -> Vec<Hit> {
    let mut v: Vec<Hit> = hits.collect();
    v.sort();
    v
}

/// Counts the matching pieces per kind, without scoring them.
struct Telling;

struct SegmentTelling {
    soort: Column<u64>,
    per_soort: [usize; SOORTEN],
}

impl Collector for Telling {
    type Fruit = [usize; SOORTEN];
    type Child = SegmentTelling;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTelling> {
        Ok(SegmentTelling {
            soort: reader.fast_fields().u64(SOORT_NR)?,
            per_soort: [0; SOORTEN],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[usize; SOORTEN]>) -> tantivy::Result<[usize; SOORTEN]> {
        let mut per_soort = [0; SOORTEN];
        for f in fruits {
            for (a, b) in per_soort.iter_mut().zip(f) {
                *a += b;
            }
        }
        Ok(per_soort)
    }
}

impl SegmentCollector for SegmentTelling {
    type Fruit = [usize; SOORTEN];

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(n) = self
            .soort
            .first(doc)
            .and_then(|k| self.per_soort.get_mut(k as usize))
        {
            *n += 1;
        }
    }

    fn harvest(self) -> [usize; SOORTEN] {
        self.per_soort
    }
}

fn document(f: Velden, s: &Stuk) -> TantivyDocument {
    // The title twice: a word in the title counts as two in the text (it was a field of its
    // own with twice the weight; one field per language makes a word one list to search).
    let alles = format!("{t}\n{t}\n{}\n{}", s.text, s.text_en, t = s.title);
    doc!(
        f.key => key(s.soort, &s.id),
        f.soort => s.soort.code(),
        f.soort_nr => nr(s.soort),
        f.id => s.id.as_str(),
        f.title => s.title.as_str(),
        f.text => s.text.as_str(),
        f.text_en => s.text_en.as_str(),
        f.alles_nl => alles.as_str(),
        f.alles_en => alles,
    )
}

/// What quotes a search's hits on a page in language `taal`, per language of the texts.
struct Citaat {
    taal: Lang,
    nl: Option<SnippetGenerator>,
    en: Option<SnippetGenerator>,
}

impl Citaat {
    /// The fragment of a piece with Dutch text `nl` and English wording `en` (may be empty):
    /// from the text in the page's language where the search's words occur in it, else from
    /// the other text where they do; with no match in either (a match in the title only),
    /// the opening of the page's language's text, or of the Dutch one when it has no English.
    ///
    /// Both texts are searched in both analyses, so a word may match a text in the other
    /// language's analysis (a Dutch word on an English page, by its Dutch stem): each text
    /// is tried with the page's words, then with the other language's.
    fn fragment(&self, nl: &str, en: &str) -> Fragment {
        let (eigen, ander) = match self.taal {
            Lang::Nl => (&self.nl, &self.en),
            Lang::En => (&self.en, &self.nl),
        };
        let teksten = match self.taal {
            Lang::Nl => [(Lang::Nl, nl), (Lang::En, en)],
            Lang::En => [(Lang::En, en), (Lang::Nl, nl)],
        };
        let mut teksten = teksten
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .peekable();
        let Some(&(eerste_taal, eerste)) = teksten.peek() else {
            return opening(Lang::Nl, "");
        };
        for (taal, text) in teksten {
            for quote in [eigen, ander].into_iter().flatten() {
                if let Some(f) = fragment(quote, taal, text) {
                    return f;
                }
            }
        }
        opening(eerste_taal, eerste)
    }
}

/// The opening of `text`, "…" where it was cut.
fn opening(taal: Lang, text: &str) -> Fragment {
    let mut cut: String = text.chars().take(FRAGMENT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Fragment {
        text: cut,
        highlights: Vec::new(),
        lang: taal,
    }
}

/// The best-matching part of `text` (in language `taal`) with its matched words, "…" where
/// it was cut; none when no word of the search occurs in it.
fn fragment(quote: &SnippetGenerator, taal: Lang, text: &str) -> Option<Fragment> {
    let snippet = quote.snippet(text);
    if snippet.is_empty() {
        return None;
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
    Some(Fragment {
        text: format!("{lead}{body}{tail}"),
        highlights,
        lang: taal,
    })
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
            text_en: String::new(),
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
        // Asked before the update, and kept: the update must not leave the old answer.
        assert_eq!(index.search("werkgever", None, 10).unwrap().total, 2);
        assert_eq!(index.search("werkgever", None, 10).unwrap().total, 2);
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

    /// A build from pieces read as it goes: a piece that could not be read stops it, and
    /// the index keeps what it had (the pieces before the failure are not committed); a
    /// build that reads everything replaces the index and its stamp.
    #[test]
    fn a_build_that_cannot_read_a_piece_leaves_the_index_as_it_was() {
        #[derive(Debug)]
        struct Onleesbaar(String);
        impl From<ZoekFout> for Onleesbaar {
            fn from(e: ZoekFout) -> Onleesbaar {
                Onleesbaar(e.to_string())
            }
        }
        let index = index();
        let before = index.len();
        let stamp = index.stempel();
        let pieces = vec![
            Ok(stuk(Soort::Project, "p9", "Zorgrobot", "Nieuw.")),
            Err(Onleesbaar("project p10: unreadable".into())),
            Ok(stuk(Soort::Project, "p11", "Zorgrobot", "Nieuw.")),
        ];
        let e = index.rebuild_from(pieces, "half").unwrap_err();
        assert_eq!(e.0, "project p10: unreadable");
        assert_eq!(index.len(), before);
        assert_eq!(index.stempel(), stamp);
        assert_eq!(index.search("werkgever", None, 10).unwrap().total, 2);
        let all = vec![
            Ok::<_, Onleesbaar>(stuk(Soort::Project, "p9", "Zorgrobot", "Nieuw.")),
            Ok(stuk(Soort::Project, "p11", "Werkgever", "Nieuw.")),
        ];
        index.rebuild_from(all, "heel").unwrap();
        assert_eq!(index.len(), 2);
        assert_eq!(index.stempel(), "heel");
        let u = index.search("werkgever", None, 10).unwrap();
        assert_eq!(
            u.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["p11"]
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
        let g = index
            .zoek("werkgever zorgrobot", Lang::Nl, None, 10, 5)
            .unwrap();
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
            .zoek("werkgever zorgrobot", Lang::Nl, Some(Soort::Project), 10, 5)
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
        let g = index.zoek("valpreventie", Lang::Nl, None, 20, 3).unwrap();
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
    fn plain_words_score_as_the_parser_scores_them() {
        let stukken: Vec<Stuk> = (0..200)
            .map(|i| {
                let words = ["dementie", "thuis", "zorgrobot", "werkgevers", "de"];
                let text: Vec<&str> = (0..1 + i % 9).map(|j| words[(i + j) % 5]).collect();
                stuk(
                    Soort::ALL[i % 8],
                    &format!("s{i}"),
                    if i % 3 == 0 {
                        "Dementie thuis"
                    } else {
                        "Project"
                    },
                    &text.join(" "),
                )
            })
            .collect();
        let index = Stukindex::build(&stukken).unwrap();
        let searcher = index.reader.searcher();
        // (words, the page's language, the language whose parser reads them alike)
        for (q, taal, als) in [
            ("dementie thuis", Lang::Nl, 0),
            ("werkgever de thuis", Lang::Nl, 0),
            ("de", Lang::Nl, 0),
            ("dementie thuis", Lang::En, 1),
            ("werkgevers", Lang::En, 1),
            // Its Dutch stem occurs nowhere: looked up by its English stem.
            ("Zorgrobots", Lang::Nl, 1),
        ] {
            let flat = index.woorden(&searcher, q, taal);
            let (parsed, _) = index.parsers[als].parse_query_lenient(q);
            let Some(flat) = flat else {
                assert_eq!(q, "de", "only a stop word alone falls back to the parser");
                continue;
            };
            let a = searcher
                .search(&*flat, &TopDocs::with_limit(500).order_by_score())
                .unwrap();
            let b = searcher
                .search(&*parsed, &TopDocs::with_limit(500).order_by_score())
                .unwrap();
            assert_eq!(a.len(), b.len(), "{q}");
            assert!(!a.is_empty(), "{q}");
            let scores = |v: &[(Score, DocAddress)]| {
                let mut m: Vec<(DocAddress, i64)> = v
                    .iter()
                    .map(|(s, d)| (*d, (s * 1000.0).round() as i64))
                    .collect();
                m.sort();
                m
            };
            assert_eq!(scores(&a), scores(&b), "{q}");
        }
        // Not plain words: the parser reads them.
        assert!(index
            .woorden(&searcher, "\"dementie thuis\"", Lang::Nl)
            .is_none());
        assert!(index
            .woorden(&searcher, "dementie -thuis", Lang::Nl)
            .is_none());
        assert!(index
            .woorden(&searcher, "dementie OR thuis", Lang::Nl)
            .is_none());
    }

    #[test]
    fn the_top_of_a_small_kind_among_many_of_another_is_its_own_best() {
        // 500 projects and 3 questions match; the questions' own best come out, in order,
        // whichever way they are found, and agree with a search of that kind alone.
        let mut stukken: Vec<Stuk> = (0..500)
            .map(|i| {
                stuk(
                    Soort::Project,
                    &format!("p{i}"),
                    "Project",
                    "valpreventie thuis",
                )
            })
            .collect();
        for (i, n) in [1, 3, 2].into_iter().enumerate() {
            let words = vec!["valpreventie"; n].join(" ");
            stukken.push(stuk(Soort::KiaVraag, &format!("q{i}"), "Vraag", &words));
        }
        let index = Stukindex::build(&stukken).unwrap();
        let g = index.zoek("valpreventie", Lang::Nl, None, 5, 2).unwrap();
        assert_eq!(g.total, 503);
        assert_eq!(g.per_soort[nr(Soort::KiaVraag) as usize], 3);
        assert_eq!(g.per_soort[nr(Soort::Project) as usize], 500);
        let vragen = &g
            .groepen
            .iter()
            .find(|(k, _)| *k == Soort::KiaVraag)
            .unwrap()
            .1;
        let ids: Vec<&str> = vragen.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["q1", "q2"]);
        let projecten = &g
            .groepen
            .iter()
            .find(|(k, _)| *k == Soort::Project)
            .unwrap()
            .1;
        assert_eq!(projecten.len(), 2);
        assert!(projecten.iter().all(|h| h.soort == Soort::Project));
        let alleen = index
            .search("valpreventie", Some(Soort::KiaVraag), 2)
            .unwrap();
        assert_eq!(alleen.total, 3);
        assert_eq!(&alleen.hits, vragen);
        let p = index
            .search("valpreventie", Some(Soort::Project), 2)
            .unwrap();
        assert_eq!(&p.hits, projecten);
    }

    /// Counting stops past the bound: a kind with more matches says "more than the bound",
    /// one with fewer keeps its exact count, and the hits (overall and per kind) are those
    /// of an exact count, for every bound; the top of a dominant kind found in one pruning
    /// pass is the top found as before.
    #[test]
    fn counts_past_the_bound_are_lower_bounds_and_the_hits_do_not_change() {
        let mut stukken: Vec<Stuk> = (0..300)
            .map(|i| {
                let words = vec!["valpreventie"; 1 + i % 5].join(" ");
                let extra = if i % 2 == 0 { "thuis" } else { "wijk" };
                stuk(
                    Soort::Project,
                    &format!("p{i}"),
                    "Project",
                    &format!("{words} {extra}"),
                )
            })
            .collect();
        for i in 0..12 {
            let words = vec!["valpreventie"; 1 + i % 4].join(" ");
            stukken.push(stuk(Soort::KiaVraag, &format!("q{i}"), "Vraag", &words));
            stukken.push(stuk(Soort::Doel, &format!("d{i}"), "Doel", "thuis"));
        }
        let mut index = Stukindex::build(&stukken).unwrap();
        // Deleted pieces are not counted.
        index
            .update(&[], &[(Soort::Project, "p0".into())], "min een")
            .unwrap();
        // The reference: every match counted, the top of each kind found as before.
        index.set_telgrens(usize::MAX);
        index.set_oude_topk(true);
        let queries = [
            "valpreventie",
            "valpreventie thuis",
            "thuis",
            "wijk",
            "\"valpreventie thuis\"",
        ];
        let exact: Vec<Gegroepeerd> = queries
            .iter()
            .map(|q| index.zoek_vers(q, Lang::Nl, None, 7, 3).unwrap())
            .collect();
        assert_eq!(exact[0].per_soort[nr(Soort::Project) as usize], 299);
        assert_eq!(exact[0].per_soort[nr(Soort::KiaVraag) as usize], 12);
        for grens in [1, 5, 12, 100, 299, 300, TELGRENS, usize::MAX] {
            index.set_oude_topk(false);
            index.set_telgrens(grens);
            for (q, e) in queries.iter().zip(&exact) {
                for soort in [None, Some(Soort::Project), Some(Soort::KiaVraag)] {
                    let e = match soort {
                        None => e.clone(),
                        Some(_) => {
                            index.set_telgrens(usize::MAX);
                            index.set_oude_topk(true);
                            let e = index.zoek_vers(q, Lang::Nl, soort, 7, 3).unwrap();
                            index.set_oude_topk(false);
                            index.set_telgrens(grens);
                            e
                        }
                    };
                    let g = index.zoek_vers(q, Lang::Nl, soort, 7, 3).unwrap();
                    for i in 0..SOORTEN {
                        assert_eq!(g.per_soort[i], e.per_soort[i].min(grens), "{q} {grens}");
                        assert_eq!(g.meer_dan[i], e.per_soort[i] > grens, "{q} {grens}");
                    }
                    let (total, meer) = match soort {
                        Some(k) => (g.per_soort[nr(k) as usize], g.meer_dan[nr(k) as usize]),
                        None => (g.per_soort.iter().sum(), g.meer_dan.contains(&true)),
                    };
                    assert_eq!((g.total, g.total_meer_dan), (total, meer), "{q} {grens}");
                    assert!(g.total <= e.total);
                    assert_eq!(g.hits, e.hits, "{q} {grens} {soort:?}");
                    assert_eq!(g.groepen, e.groepen, "{q} {grens} {soort:?}");
                }
            }
        }
        index.set_telgrens(100);
        let u = index.search("valpreventie", None, 5).unwrap();
        assert_eq!((u.total, u.meer_dan), (112, true));
        let u = index
            .search("valpreventie", Some(Soort::KiaVraag), 5)
            .unwrap();
        assert_eq!((u.total, u.meer_dan), (12, false));
    }

    /// One field per language: a word in the title still ranks a piece above a piece that
    /// has it once in its text only, and above one that has it in a longer text twice.
    #[test]
    fn a_word_in_the_title_ranks_above_the_same_word_in_the_text() {
        let index = Stukindex::build(&[
            stuk(
                Soort::Project,
                "tekst",
                "Zorg in de wijk",
                "Een project over dementie bij ouderen die thuis wonen met hulp van de buurt.",
            ),
            stuk(
                Soort::Project,
                "titel",
                "Dementie thuis",
                "Ouderen wonen langer zelfstandig met hulp van de buurt en de wijkverpleging.",
            ),
            stuk(
                Soort::Project,
                "twee",
                "Ondersteuning van mantelzorgers",
                "Mantelzorgers van mensen met dementie krijgen les; de cursus over dementie \
                 duurt zes weken en is gratis voor iedereen in de gemeente.",
            ),
            stuk(Soort::Project, "niets", "Valpreventie", "Oefeningen thuis."),
        ])
        .unwrap();
        for taal in Lang::ALL {
            let g = index.zoek("dementie", taal, None, 10, 0).unwrap();
            let ids: Vec<&str> = g.hits.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(ids, ["titel", "twee", "tekst"], "{taal:?}");
            // Two words: the piece with both in its title first.
            let g = index.zoek("dementie thuis", taal, None, 10, 0).unwrap();
            assert_eq!(g.hits[0].id, "titel", "{taal:?}");
            assert_eq!(g.total, 4, "{taal:?}");
        }
    }

    /// The words are stemmed in the page's language: on an English page "workers" finds an
    /// English text with "worker", on a Dutch page a Dutch plural finds its singular; a Dutch
    /// word on an English page finds its Dutch forms (looked up by both stems there), and
    /// on a Dutch page a word whose Dutch stem occurs nowhere is looked up by its English
    /// stem.
    #[test]
    fn the_words_are_stemmed_in_the_language_of_the_page() {
        let mut q1 = stuk(
            Soort::KiaVraag,
            "q1",
            "q1",
            "Hoe kunnen werkgevers bijdragen?",
        );
        q1.text_en = "How can employers contribute to a healthy worker?".into();
        let index = Stukindex::build(&[
            q1,
            stuk(Soort::Project, "p1", "Medicijnen thuis", "Veilig gebruik."),
        ])
        .unwrap();
        let ids = |q: &str, taal: Lang| -> Vec<String> {
            let g = index.zoek(q, taal, None, 10, 0).unwrap();
            g.hits.into_iter().map(|h| h.id).collect()
        };
        assert_eq!(ids("workers", Lang::En), ["q1"]);
        assert_eq!(ids("employer", Lang::En), ["q1"]);
        assert_eq!(ids("medicijn", Lang::Nl), ["p1"]);
        assert_eq!(ids("werkgever", Lang::Nl), ["q1"]);
        // Dutch words on an English page.
        assert_eq!(ids("medicijnen", Lang::En), ["p1"]);
        assert_eq!(ids("werkgevers", Lang::En), ["q1"]);
        // The fragment marks the word in the page's analysis.
        let g = index.zoek("workers", Lang::En, None, 10, 0).unwrap();
        let f = &g.hits[0].fragment;
        let (a, b) = f.highlights[0];
        let marked: String = f.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "worker");
        // Kept answers are per language.
        assert_eq!(ids("employers", Lang::Nl), ["q1"]);
        assert_eq!(ids("employers", Lang::En), ["q1"]);
    }

    /// The kept answers let the least recently asked go first: a query asked again and again
    /// stays while many others pass through (before, the whole store was emptied when full).
    #[test]
    fn the_kept_answers_let_the_least_recently_asked_go() {
        let index = index();
        let kept = |q: &str| {
            index
                .uitslagen
                .lock()
                .unwrap()
                .contains(&(q.to_owned(), Lang::Nl, None, 10, 0))
        };
        index.zoek("werkgever", Lang::Nl, None, 10, 0).unwrap();
        index.zoek("zorgrobot", Lang::Nl, None, 10, 0).unwrap();
        for i in 0..ONTHOUDEN {
            index
                .zoek(&format!("woord{i}"), Lang::Nl, None, 10, 0)
                .unwrap();
            index.zoek("werkgever", Lang::Nl, None, 10, 0).unwrap();
        }
        assert!(kept("werkgever"), "asked all along");
        assert!(!kept("zorgrobot"), "asked once, long ago");
        assert!(kept(&format!("woord{}", ONTHOUDEN - 1)));
        assert_eq!(index.uitslagen.lock().unwrap().len(), ONTHOUDEN);
    }

    /// A fragment is quoted from the page's language: the English wording on an English
    /// page, the Dutch text on a Dutch page; from the other text (and saying so) only where
    /// the words occur there alone.
    #[test]
    fn a_fragment_is_quoted_in_the_language_of_the_page_where_it_can_be() {
        let mut q1 = stuk(
            Soort::KiaVraag,
            "q1",
            "q1",
            "Hoe kunnen werkgevers bijdragen aan gezond werk?",
        );
        q1.text_en = "How can employers contribute to healthy work?".into();
        let index = Stukindex::build(&[
            q1,
            stuk(
                Soort::Project,
                "p1",
                "Werkplek",
                "Een werkgever meet de werkdruk.",
            ),
        ])
        .unwrap();
        let fragment = |q: &str, taal: Lang, id: &str| -> (Fragment, String) {
            let g = index.zoek(q, taal, None, 10, 0).unwrap();
            let f = g.hits.into_iter().find(|h| h.id == id).unwrap().fragment;
            let marked = f
                .highlights
                .first()
                .map(|&(a, b)| f.text.chars().skip(a).take(b - a).collect())
                .unwrap_or_default();
            (f, marked)
        };
        // The page's language, and nothing of the other.
        let (f, marked) = fragment("employers", Lang::En, "q1");
        assert_eq!((f.lang, marked.as_str()), (Lang::En, "employers"));
        assert!(!f.text.contains("werkgevers"), "{}", f.text);
        let (f, marked) = fragment("werkgevers", Lang::Nl, "q1");
        assert_eq!((f.lang, marked.as_str()), (Lang::Nl, "werkgevers"));
        assert!(!f.text.contains("employers"), "{}", f.text);
        // A Dutch word on an English page: the Dutch text, said to be Dutch.
        let (f, marked) = fragment("werkgevers", Lang::En, "q1");
        assert_eq!((f.lang, marked.as_str()), (Lang::Nl, "werkgevers"));
        // An English word on a Dutch page: the English wording, said to be English.
        let (f, marked) = fragment("employers", Lang::Nl, "q1");
        assert_eq!((f.lang, marked.as_str()), (Lang::En, "employers"));
        assert!(!f.text.contains("werkgevers"), "{}", f.text);
        // A piece with no English wording: its Dutch text on an English page.
        let (f, marked) = fragment("werkdruk", Lang::En, "p1");
        assert_eq!((f.lang, marked.as_str()), (Lang::Nl, "werkdruk"));
        // A match in the title only: the opening of the page's language's text.
        let (f, marked) = fragment("q1", Lang::En, "q1");
        assert_eq!((f.lang, marked.as_str()), (Lang::En, ""));
        assert!(f.text.starts_with("How can"), "{}", f.text);
        let (f, _) = fragment("q1", Lang::Nl, "q1");
        assert_eq!(f.lang, Lang::Nl);
        assert!(f.text.starts_with("Hoe kunnen"), "{}", f.text);
    }

    /// A build ends in one segment (the writer's threads each leave their own), with the
    /// stamp it was given, and searches as before.
    #[test]
    fn a_build_is_merged_into_one_segment_and_keeps_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let index = Stukindex::open(dir.path()).unwrap();
        let stukken = (0..5_000).map(|i| {
            stuk(
                Soort::ALL[i % 9],
                &format!("s{i}"),
                "Project",
                &format!("valpreventie {}", ["thuis", "wijk", "zorg"][i % 3]),
            )
        });
        index.rebuild(stukken, "vijfduizend").unwrap();
        assert_eq!(index.index.searchable_segment_ids().unwrap().len(), 1);
        assert_eq!(index.stempel(), "vijfduizend");
        assert_eq!(index.len(), 5_000);
        let u = index.search("thuis", Some(Soort::Missie), 3).unwrap();
        assert_eq!((u.total, u.meer_dan), (556, false));
        drop(index);
        assert_eq!(
            Stukindex::open(dir.path()).unwrap().stempel(),
            "vijfduizend"
        );
    }

    /// Quoting stems only the words that may match: the fragments and the marked words are
    /// those of stemming every word, in both languages, accented words and short stems
    /// included.
    #[test]
    fn quoting_with_fewer_words_stemmed_quotes_the_same() {
        let teksten = [
            "Hoe kunnen werkgevers bijdragen aan een gezonde werkomgeving? Werkgevers en werknemers.",
            "Één café, twee cafés; de ëxtra zorgrobots helpen thuis.\nHow can employers help workers?",
            "Medicijnen thuis: veilig gebruik van medicijnen bij ouderen met dementie.",
            "",
            "de",
        ];
        // Words as typed; stemmed in each language below.
        let woorden: &[&[&str]] = &[
            &["werkgever"],
            &["werkgevers", "café", "zorgrobot"],
            &["medicijn", "thuis", "dementie"],
            &["employers", "worker"],
            &["één", "ca", "extra"],
            &[],
        ];
        let mut gemarkeerd = 0;
        for taal in Lang::ALL {
            let mut a = analyzer(taal);
            for w in woorden {
                let w: Vec<String> = w.iter().flat_map(|t| stems(&mut a, t)).collect();
                let termen: std::collections::BTreeMap<String, Score> =
                    w.iter().map(|t| (t.clone(), 0.5)).collect();
                let veld = Field::from_field_id(0);
                let heel = SnippetGenerator::new(termen.clone(), analyzer(taal), veld, 60);
                let snel = SnippetGenerator::new(
                    termen,
                    quote_analyzer(taal, w.iter().map(String::as_str)),
                    veld,
                    60,
                );
                for t in teksten {
                    let (a, b) = (heel.snippet(t), snel.snippet(t));
                    assert_eq!(a.fragment(), b.fragment(), "{t} {w:?}");
                    assert_eq!(a.highlighted(), b.highlighted(), "{t} {w:?}");
                    gemarkeerd += b.highlighted().len();
                }
            }
        }
        // Words were found and marked, not only texts without any.
        assert!(gemarkeerd >= 15, "{gemarkeerd}");
    }

    /// A folder holding an index of the fields before one field per language (or one whose
    /// stamp was written without this version's mark) opens unstamped, so the server builds
    /// it anew instead of searching fields that are not there.
    #[test]
    fn an_index_of_an_older_version_opens_unstamped_to_be_built_anew() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("stukken");
        {
            // The schema before (title, Dutch and English text as fields of their own).
            let mut b = Schema::builder();
            let tekst = |naam| {
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(naam)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
            };
            b.add_text_field("key", STRING);
            let soort = b.add_text_field("soort", STRING | STORED);
            b.add_u64_field(SOORT_NR, FAST);
            let id = b.add_text_field("id", STRING | STORED);
            let title = b.add_text_field("title", tekst("gemeten_nl").set_stored());
            b.add_text_field("text_nl", tekst("gemeten_nl").set_stored());
            b.add_text_field("text_en", tekst("gemeten_en"));
            std::fs::create_dir_all(&at).unwrap();
            let index = Index::create_in_dir(&at, b.build()).unwrap();
            for taal in Lang::ALL {
                index
                    .tokenizers()
                    .register(tokenizer_name(taal), analyzer(taal));
            }
            let mut w: IndexWriter = index.writer(15_000_000).unwrap();
            w.add_document(doc!(soort => "project", id => "p1", title => "Werkplek"))
                .unwrap();
            let mut c = w.prepare_commit().unwrap();
            c.set_payload("gemeten-stukindex-1 register=0 project=7 seq=3");
            c.commit().unwrap();
        }
        let index = Stukindex::open(&at).unwrap();
        assert_eq!(index.stempel(), "");
        assert!(index.is_empty());
        index
            .rebuild(
                [stuk(Soort::Project, "p1", "Werkplek", "Gezond.")],
                "project=8",
            )
            .unwrap();
        assert_eq!(index.stempel(), "project=8");
        drop(index);
        let again = Stukindex::open(&at).unwrap();
        assert_eq!(again.stempel(), "project=8");
        assert_eq!(again.search("werkplek", None, 5).unwrap().total, 1);

        // The same fields, but a stamp without this version's mark: unstamped.
        let mut w: IndexWriter = again.index.writer(15_000_000).unwrap();
        let mut c = w.prepare_commit().unwrap();
        c.set_payload("project=8");
        c.commit().unwrap();
        drop(again);
        assert_eq!(Stukindex::open(&at).unwrap().stempel(), "");
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
