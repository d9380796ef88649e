//! The full-text index of the portfolio, kept in a folder beside the database. It is
//! derived data: it can always be rebuilt from the store, and is after every import. Each
//! commit records a stamp of the store's state it reflects ([`Zoekindex::versie`]: the
//! caller's, the database's identity and project version), so a reader can tell an index that
//! lags the store (a process killed between the store's commit and the index's, a change made
//! through the web, a database made anew at the same path) and rebuild it.

use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use gemeten_domain::Project;

use crate::taal::{analyzer, tokenizer_name};
use crate::ZoekFout;
use gemeten_domain::Lang;

/// Memory for the index writer; tantivy splits it over its indexing threads.
const WRITER_HEAP: usize = 200_000_000;
/// How long a writer waits for another process's writer to finish.
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

pub struct Zoekindex {
    index: Index,
    reader: IndexReader,
    path: String,
    f: Velden,
}

#[derive(Clone, Copy)]
struct Velden {
    id: Field,
    title: Field,
    funder: Field,
    text_nl: Field,
    text_en: Field,
    partners: Field,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Treffer {
    pub id: String,
    pub title: String,
    pub funder: String,
    pub score: f32,
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
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(Lang::Nl).set_stored()),
        funder: b.add_text_field("funder", STRING | STORED),
        text_nl: b.add_text_field("text_nl", text(Lang::Nl)),
        text_en: b.add_text_field("text_en", text(Lang::En)),
        partners: b.add_text_field("partners", text(Lang::Nl)),
    };
    (b.build(), f)
}

impl Zoekindex {
    /// Opens the index in `dir`, creating it (and the folder) when there is none.
    pub fn open(dir: &Path) -> Result<Self, ZoekFout> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| ZoekFout::Io {
            path: path.clone(),
            source,
        })?;
        let (schema, _) = schema();
        let index = Index::open_or_create(
            tantivy::directory::MmapDirectory::open(dir).map_err(|e| ZoekFout::Index {
                path: path.clone(),
                source: e.into(),
            })?,
            schema,
        )
        .map_err(|source| ZoekFout::Index {
            path: path.clone(),
            source,
        })?;
        Self::with(index, path)
    }

    /// An index in memory, for tests and one-off use.
    pub fn in_memory() -> Result<Self, ZoekFout> {
        let (schema, _) = schema();
        Self::with(Index::create_in_ram(schema), ":memory:".into())
    }

    fn with(index: Index, path: String) -> Result<Self, ZoekFout> {
        for taal in Lang::ALL {
            index
                .tokenizers()
                .register(tokenizer_name(taal), analyzer(taal));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| ZoekFout::Index {
                path: path.clone(),
                source,
            })?;
        let (_, f) = schema();
        Ok(Zoekindex {
            index,
            reader,
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

    fn document(&self, p: &Project) -> TantivyDocument {
        let f = self.f;
        let text = p.text();
        let partners: Vec<&str> = p.partners.iter().map(|x| x.name.as_str()).collect();
        doc!(
            f.id => p.id.as_str(),
            f.title => p.title.as_str(),
            f.funder => p.funder.as_str(),
            f.text_nl => text.as_str(),
            f.text_en => text.as_str(),
            f.partners => partners.join("\n"),
        )
    }

    /// The index's writer. One process writes at a time (tantivy's lock file); another
    /// one's short update is waited for, up to [`WRITER_WAIT`].
    fn writer(&self) -> Result<IndexWriter, ZoekFout> {
        let start = std::time::Instant::now();
        loop {
            match self.index.writer(WRITER_HEAP) {
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                )) if start.elapsed() < WRITER_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                w => return w.map_err(self.fout()),
            }
        }
    }

    /// Commits `w`, recording the stamp of the store's state the index now reflects (`None`:
    /// not known, so the next reader rebuilds).
    fn commit(&self, mut w: IndexWriter, versie: Option<&str>) -> Result<(), ZoekFout> {
        let mut c = w.prepare_commit().map_err(self.fout())?;
        c.set_payload(versie.unwrap_or_default());
        c.commit().map_err(self.fout())?;
        self.reader.reload().map_err(self.fout())
    }

    /// The stamp of the store's state this index was last brought up to, if known.
    pub fn versie(&self) -> Option<String> {
        self.index
            .load_metas()
            .ok()?
            .payload
            .filter(|p| !p.is_empty())
    }

    /// Replaces the whole index with `projects`, which are the store's in the state stamped
    /// `versie`; `progress` gets the number indexed so far.
    pub fn rebuild(
        &mut self,
        projects: &[Project],
        progress: &dyn Fn(usize),
        versie: Option<&str>,
    ) -> Result<(), ZoekFout> {
        let w = self.writer()?;
        w.delete_all_documents().map_err(self.fout())?;
        for (i, p) in projects.iter().enumerate() {
            w.add_document(self.document(p)).map_err(self.fout())?;
            if i % 10_000 == 0 {
                progress(i);
            }
        }
        self.commit(w, versie)?;
        progress(projects.len());
        Ok(())
    }

    /// Replaces the documents of these projects (by id), keeping the rest; `versie` is the
    /// stamp of the store's state the index reflects afterwards, if that is known.
    pub fn update(&mut self, projects: &[Project], versie: Option<&str>) -> Result<(), ZoekFout> {
        let w = self.writer()?;
        for p in projects {
            w.delete_term(Term::from_field_text(self.f.id, p.id.as_str()));
            w.add_document(self.document(p)).map_err(self.fout())?;
        }
        self.commit(w, versie)
    }

    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` projects for `query` (words, "phrases", -exclusions, field:word).
    /// A query that does not parse strictly is read leniently rather than refused: people
    /// type titles with colons and quotes in them.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Treffer>, ZoekFout> {
        let f = self.f;
        let mut parser =
            QueryParser::for_index(&self.index, vec![f.title, f.text_nl, f.text_en, f.partners]);
        parser.set_field_boost(f.title, 2.0);
        let (query, _) = parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(self.fout())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let d: TantivyDocument = searcher.doc(address).map_err(self.fout())?;
            let s = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            out.push(Treffer {
                id: s(f.id),
                title: s(f.title),
                funder: s(f.funder),
                score,
            });
        }
        Ok(out)
    }
}
