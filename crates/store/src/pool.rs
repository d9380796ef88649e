//! Several connections to one store, for a server whose requests should not queue behind
//! each other: an r2d2 pool of [`Store`]s (SQLite in WAL mode lets readers go on while one
//! writes; PostgreSQL takes them all), or, for a private in-memory database that one
//! connection alone can see, that one connection behind a mutex.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::{Store, StoreError};

/// Opens the pool's connections: the first one migrates the schema, the others find it
/// current.
struct Opener {
    target: String,
}

/// A pooled connection and when it was last handed back.
pub(crate) struct Gepoold {
    store: Store,
    terug: Instant,
}

/// A connection handed back less than this long ago is handed out again without asking the
/// server whether it is still there. Asking (`SELECT 1`) on every checkout cost a round trip
/// to PostgreSQL per store call: for a read that needs one query, half its time in the
/// store (issue 13). A server that closed the connection meanwhile fails that one call, and
/// the broken connection is then dropped (`has_broken`).
pub(crate) const ONGEVRAAGD: Duration = Duration::from_secs(5);

impl r2d2::ManageConnection for Opener {
    type Connection = Gepoold;
    type Error = StoreError;

    fn connect(&self) -> Result<Gepoold, StoreError> {
        Ok(Gepoold {
            store: Store::open(&self.target)?,
            terug: Instant::now(),
        })
    }

    fn is_valid(&self, c: &mut Gepoold) -> Result<(), StoreError> {
        if c.terug.elapsed() < ONGEVRAAGD {
            return Ok(());
        }
        // A PostgreSQL server may have closed an idle connection; one round trip tells.
        c.store.one::<i64>("SELECT 1", &[]).map(|_| ())
    }

    fn has_broken(&self, c: &mut Gepoold) -> bool {
        c.store.db.closed()
    }
}

enum Inner {
    Pooled(r2d2::Pool<Opener>),
    One(Arc<Mutex<Store>>),
}

/// Connections to one store, handed out one request at a time.
pub struct Pool {
    inner: Inner,
    path: String,
    dialect: crate::Dialect,
}

/// How busy a pool is, for the operators' metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

/// A connection taken from a [`Pool`]; back in the pool when dropped.
pub struct Verbinding<'a>(Houder<'a>);

thread_local! {
    /// Connections this thread holds, so work that must not hold one (hashing a password)
    /// can tell.
    static HELD: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether this thread holds a connection from a pool.
pub(crate) fn holds_connection() -> bool {
    HELD.with(|h| h.get() > 0)
}

impl Drop for Verbinding<'_> {
    fn drop(&mut self) {
        HELD.with(|h| h.set(h.get().saturating_sub(1)));
        if let Houder::Pooled(c) = &mut self.0 {
            c.terug = Instant::now();
        }
    }
}

impl<'a> Verbinding<'a> {
    fn new(houder: Houder<'a>) -> Verbinding<'a> {
        HELD.with(|h| h.set(h.get() + 1));
        Verbinding(houder)
    }
}

enum Houder<'a> {
    // Boxed: a pooled connection carries the whole store, the guard only a pointer.
    Pooled(Box<r2d2::PooledConnection<Opener>>),
    One(MutexGuard<'a, Store>),
}

impl Deref for Verbinding<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match &self.0 {
            Houder::Pooled(c) => &c.store,
            Houder::One(g) => g,
        }
    }
}

impl DerefMut for Verbinding<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match &mut self.0 {
            Houder::Pooled(c) => &mut c.store,
            Houder::One(g) => g,
        }
    }
}

impl Pool {
    /// Up to `size` connections to the store at `target` (a SQLite file or a PostgreSQL
    /// URL). One is opened now, so a store that cannot be opened or migrated is an error
    /// here and not at the first request.
    pub fn open(target: &str, size: u32) -> Result<Pool, StoreError> {
        let path = crate::db::redact(target);
        // Migrate once before the pool opens its connections side by side.
        let dialect = Store::open(target)?.dialect();
        let pool = r2d2::Pool::builder()
            .max_size(size.max(1))
            .min_idle(Some(1))
            // Connections are closed on the pool's own thread, never inside an async runtime
            // (a PostgreSQL client may not be dropped there).
            .idle_timeout(None)
            .max_lifetime(None)
            .build(Opener {
                target: target.to_owned(),
            })
            .map_err(|e| StoreError::Pool {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        Ok(Pool {
            inner: Inner::Pooled(pool),
            path,
            dialect,
        })
    }

    /// One connection that is already open (a private in-memory database, which no second
    /// connection could see), shared behind a mutex.
    pub fn one(store: Store) -> Pool {
        Pool {
            path: store.path.clone(),
            dialect: store.dialect(),
            inner: Inner::One(Arc::new(Mutex::new(store))),
        }
    }

    /// The kind of database the connections are to.
    pub fn dialect(&self) -> crate::Dialect {
        self.dialect
    }

    /// A connection; waits for one when all are in use (at most the pool's timeout).
    pub fn get(&self) -> Result<Verbinding<'_>, StoreError> {
        match &self.inner {
            Inner::Pooled(p) => p
                .get()
                .map(|c| Verbinding::new(Houder::Pooled(Box::new(c))))
                .map_err(|e| StoreError::Pool {
                    path: self.path.clone(),
                    reason: e.to_string(),
                }),
            Inner::One(m) => m
                .lock()
                .map(|g| Verbinding::new(Houder::One(g)))
                .map_err(|_| StoreError::Pool {
                    path: self.path.clone(),
                    reason: "the connection's lock is poisoned".into(),
                }),
        }
    }

    pub fn status(&self) -> PoolStatus {
        match &self.inner {
            Inner::Pooled(p) => {
                let s = p.state();
                PoolStatus {
                    in_use: s.connections - s.idle_connections,
                    idle: s.idle_connections,
                    max: p.max_size(),
                }
            }
            Inner::One(m) => {
                let busy = m.try_lock().is_err();
                PoolStatus {
                    in_use: u32::from(busy),
                    idle: u32::from(!busy),
                    max: 1,
                }
            }
        }
    }
}
