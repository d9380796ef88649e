//! Databases for the shared store tests: a SQLite file in a temporary directory, or a fresh
//! PostgreSQL database from `gemeten-testpg` (skipped, saying so, when there is none).

use gemeten_testpg::PgDb;

use crate::Store;

/// Where a test's store lives; [`TestDb::open`] may be called again to reopen it.
pub enum TestDb {
    Sqlite(tempfile::TempDir),
    Postgres(PgDb),
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        TestDb::Sqlite(tempfile::tempdir().expect("a temporary directory"))
    }

    /// A fresh PostgreSQL database, or `None` (after saying why) when there is none.
    pub fn postgres() -> Option<TestDb> {
        gemeten_testpg::postgres_or_skip().map(TestDb::Postgres)
    }

    pub fn target(&self) -> String {
        match self {
            TestDb::Sqlite(dir) => dir.path().join("g.sqlite").display().to_string(),
            TestDb::Postgres(db) => db.url.clone(),
        }
    }

    /// A copy of this database (none of whose connections may be open): a copied SQLite
    /// file, a PostgreSQL database made with this one as its template.
    pub fn kopie(&self) -> TestDb {
        match self {
            TestDb::Sqlite(_) => {
                let copy = TestDb::sqlite();
                for suffix in ["", "-wal"] {
                    let from = format!("{}{suffix}", self.target());
                    if std::path::Path::new(&from).exists() {
                        std::fs::copy(&from, format!("{}{suffix}", copy.target()))
                            .expect("the file is copied");
                    }
                }
                copy
            }
            TestDb::Postgres(db) => TestDb::Postgres(db.copy().expect("a copy of the database")),
        }
    }

    pub fn open(&self) -> Store {
        Store::open(self.target()).expect("the test store opens")
    }
}
