//! The store tests, one suite run against both backends: every test is a function taking a
//! [`support::TestDb`], and [`on_both!`] makes a `sqlite::` and a `postgres::` test of it.

mod support;

mod account;
mod kpi;
mod monitoring;
mod project;
mod register;
mod ronde;
mod versie;
mod waarneming;

/// `#[test]`s for each named suite function: one on a SQLite file, one on a fresh
/// PostgreSQL database (skipped, saying so, when there is no PostgreSQL).
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(&super::TestDb::sqlite());
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(db) = super::TestDb::postgres() {
                        super::$name(&db);
                    }
                }
            )*
        }
    };
}
pub(crate) use on_both;
