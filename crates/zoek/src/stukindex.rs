//! The site-wide index: register records and projects in one in-memory tantivy index, with
//! the same Dutch and English analysis as the project index, and a quoted fragment per hit.
//!
//! It lives in memory: it is derived data, built from the register and the store when a
//! server starts. After that only the pieces that changed are replaced ([`Stukindex::update`]):
//! building it anew for a national portfolio takes seconds, replacing a few pieces
//! milliseconds.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

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

pub struct Stukindex {
    index: Index,
    reader: IndexReader,
    f: Velden,
}

#[derive(Clone, Copy)]
struct Velden {
    /// `soort/id`: unique, so an update can delete a piece by it.
    key: Field,
    soort: Field,
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

fn fout(source: tantivy::TantivyError) -> ZoekFout {
    ZoekFout::Index {
        path: ":memory:".into(),
        source,
    }
}

impl Stukindex {
    /// Indexes `stukken` in memory.
    pub fn build(stukken: &[Stuk]) -> Result<Stukindex, ZoekFout> {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        for taal in Lang::ALL {
            index
                .tokenizers()
                .register(tokenizer_name(taal), analyzer(taal));
        }
        let mut w: IndexWriter = index.writer(WRITER_HEAP).map_err(fout)?;
        for s in stukken {
            w.add_document(document(f, s)).map_err(fout)?;
        }
        w.commit().map_err(fout)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(fout)?;
        Ok(Stukindex { index, reader, f })
    }

    /// Replaces the pieces in `changed` (by kind and id; new ones are added) and removes
    /// the pieces `removed`, in one commit. Searches running meanwhile see the index before
    /// or after, never half of it.
    pub fn update(&self, changed: &[Stuk], removed: &[(Soort, String)]) -> Result<(), ZoekFout> {
        let f = self.f;
        let mut w: IndexWriter = self
            .index
            .writer_with_num_threads(1, UPDATE_HEAP)
            .map_err(fout)?;
        for (soort, id) in removed {
            w.delete_term(Term::from_field_text(f.key, &key(*soort, id)));
        }
        for s in changed {
            w.delete_term(Term::from_field_text(f.key, &key(s.soort, &s.id)));
            w.add_document(document(f, s)).map_err(fout)?;
        }
        w.commit().map_err(fout)?;
        self.reader.reload().map_err(fout)
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
        let f = self.f;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text_nl, f.text_en]);
        parser.set_field_boost(f.title, 2.0);
        let (parsed, _) = parser.parse_query_lenient(query);
        let query: Box<dyn Query> = match soort {
            None => parsed.box_clone(),
            Some(k) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, parsed.box_clone()),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.soort, k.code()),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
        };
        let searcher = self.reader.searcher();
        let (top, total) = searcher
            .search(
                &query,
                &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
            )
            .map_err(fout)?;
        let mut quote = SnippetGenerator::create(&searcher, &*parsed, f.text_nl).map_err(fout)?;
        quote.set_max_num_chars(FRAGMENT_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top.into_iter().take(limit) {
            let d: TantivyDocument = searcher.doc(address).map_err(fout)?;
            let s = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let Ok(soort) = s(f.soort).parse::<Soort>() else {
                continue;
            };
            let text = s(f.text_nl);
            hits.push(StukTreffer {
                soort,
                id: s(f.id),
                title: s(f.title),
                score,
                fragment: fragment(&quote, &text),
            });
        }
        Ok(Uitslag { total, hits })
    }
}

fn document(f: Velden, s: &Stuk) -> TantivyDocument {
    doc!(
        f.key => key(s.soort, &s.id),
        f.soort => s.soort.code(),
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
}
