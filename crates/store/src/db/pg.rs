//! The PostgreSQL backend: the sync `postgres` client, prepared statements cached per
//! connection, `?N` placeholders translated to `$N`, values converted by the column and
//! parameter types the server reports, and a small versioned migration runner (a
//! `schema_version` table; each migration in its own transaction, under an advisory lock so
//! two processes starting at once do not both migrate).

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::{DbError, Row, Value};

pub struct Pg {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
}

/// The message of a PostgreSQL error: the server's own text (with its detail) for errors the
/// server raised, else the client's description with its cause.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_owned(),
        };
    }
    match e.source() {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// `?N` → `$N`, outside quoted strings and identifiers.
pub fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        out.push(if quote.is_none() && c == '?' { '$' } else { c });
    }
    out
}

/// A parameter, converted to the type the server expects at its place: booleans and
/// integers are both `Value::Int` on the store's side.
#[derive(Debug)]
struct Param<'a>(&'a Value);

type BoxError = Box<dyn Error + Sync + Send>;

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        let wrong = || -> BoxError { format!("{:?} cannot be stored as {ty}", self.0).into() };
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => n.to_string().to_sql(ty, out),
                _ => Err(wrong()),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                _ => Err(wrong()),
            },
            Value::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => s.to_sql(ty, out),
                _ => Err(wrong()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn value(row: &postgres::Row, i: usize) -> Result<Value, DbError> {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|b| Value::Int(b as i64)),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|x| Value::Real(x.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        other => {
            return Err(DbError::Column {
                index: i,
                reason: format!("type {other} is not one gemeten reads"),
            })
        }
    };
    Ok(v.unwrap_or(Value::Null))
}

impl Pg {
    pub fn connect(url: &str, migrations: &[&str]) -> Result<Pg, DbError> {
        let pg = Pg {
            client: RefCell::new(Client::connect(url, NoTls)?),
            statements: RefCell::new(HashMap::new()),
        };
        pg.migrate(migrations)?;
        Ok(pg)
    }

    /// Whether the client knows its connection closed (no round trip).
    pub fn closed(&self) -> bool {
        self.client.try_borrow().is_ok_and(|c| c.is_closed())
    }

    fn statement(&self, sql: &str) -> Result<Statement, DbError> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.borrow_mut().prepare(&placeholders(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, DbError> {
        let stmt = self.statement(sql)?;
        let params: Vec<Param<'_>> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        Ok(self.client.borrow_mut().execute(&stmt, &refs)? as usize)
    }

    pub fn query(&self, sql: &str, params: &[Value]) -> Result<(Vec<String>, Vec<Row>), DbError> {
        let stmt = self.statement(sql)?;
        let params: Vec<Param<'_>> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let rows = self.client.borrow_mut().query(&stmt, &refs)?;
        let names = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        let rows = rows
            .iter()
            .map(|r| (0..r.len()).map(|i| value(r, i)).collect::<Result<_, _>>())
            .map(|r| r.map(Row))
            .collect::<Result<_, _>>()?;
        Ok((names, rows))
    }

    /// Runs statements as they are. Cached statements are dropped: the batch may change the
    /// tables they were planned against.
    pub fn batch(&self, sql: &str) -> Result<(), DbError> {
        self.client.borrow_mut().batch_execute(sql)?;
        let control = ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"];
        if !control.iter().any(|c| sql.starts_with(c)) {
            self.statements.borrow_mut().clear();
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<usize, DbError> {
        let row = self
            .client
            .borrow_mut()
            .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])?;
        Ok(row.try_get::<_, i32>(0)? as usize)
    }

    /// Applies the migrations not applied yet, each in its own transaction.
    fn migrate(&self, migrations: &[&str]) -> Result<(), DbError> {
        // One lock id for gemeten's migrations, taken per transaction.
        const LOCK: &str = "SELECT pg_advisory_xact_lock(7157420260001)";
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction()?;
        tx.execute(LOCK, &[])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (
                 version INTEGER PRIMARY KEY,
                 applied_at TEXT NOT NULL DEFAULT
                     to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
             )",
        )?;
        let found: i32 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])?
            .try_get(0)?;
        tx.commit()?;
        if found as usize > migrations.len() {
            return Err(DbError::TooNew {
                found: found as usize,
                known: migrations.len(),
            });
        }
        for (i, sql) in migrations.iter().enumerate() {
            let version = i as i32 + 1;
            let mut tx = client.transaction()?;
            tx.execute(LOCK, &[])?;
            let done: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM schema_version WHERE version = $1)",
                    &[&version],
                )?
                .try_get(0)?;
            if done {
                continue;
            }
            let applied = tx.batch_execute(sql).and_then(|()| {
                tx.execute(
                    "INSERT INTO schema_version (version) VALUES ($1)",
                    &[&version],
                )
            });
            applied.map_err(|e| DbError::Migration {
                version: version as usize,
                error: Box::new(e.into()),
            })?;
            tx.commit()?;
        }
        Ok(())
    }
}
