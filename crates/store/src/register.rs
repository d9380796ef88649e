//! The register in the database. Rows are mapped to and from the register's JSON form by
//! column name (a `__` in a column name marks a nested value, `source__doc` is
//! `source.doc`), and list fields by link tables named `<table>_<field>` with columns (owner,
//! pos, value). That one rule covers every table, so adding a field means adding a column,
//! not code.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use gemeten_domain::{Register, RegisterParts, TABLES};

use crate::db::{params, Value as SqlValue};
use crate::{RegisterStore, Store, StoreError};

/// Integer columns that hold booleans (booleans travel as 0/1 across the backend layer).
const BOOL_COLUMNS: &[&str] = &["selected", "interviewed", "all_partners", "name_is_english"];

impl Store {
    fn key_column(table: &str) -> &'static str {
        match table {
            "missie" | "programma" => "code",
            _ => "id",
        }
    }

    fn list_fields(&self, table: &str) -> Vec<String> {
        let prefix = format!("{table}_");
        // A longer table whose name starts with this one's (`programma_bijdrage` after
        // `programma`) owns its own link tables.
        let longer: Vec<String> = TABLES
            .iter()
            .filter(|t| t.starts_with(&prefix))
            .map(|t| format!("{t}_"))
            .collect();
        let mut fields: Vec<String> = self
            .link_tables
            .iter()
            .filter(|t| !longer.iter().any(|l| t.starts_with(l.as_str())))
            .filter_map(|t| t.strip_prefix(&prefix).map(str::to_owned))
            .collect();
        fields.sort();
        fields
    }

    fn read_table(&self, table: &str) -> Result<Vec<Value>, StoreError> {
        let (names, rows) = self
            .db
            .query_named(&format!("SELECT * FROM {table}"), &[])
            .map_err(self.sql())?;
        let mut records = Vec::new();
        for row in rows {
            let mut obj = Map::new();
            for (name, v) in names.iter().zip(row.values()) {
                let v = match v {
                    SqlValue::Null => continue,
                    SqlValue::Int(n) if BOOL_COLUMNS.contains(&name.as_str()) => {
                        Value::Bool(*n != 0)
                    }
                    SqlValue::Int(n) => Value::Number((*n).into()),
                    SqlValue::Real(x) => Number::from_f64(*x).map_or(Value::Null, Value::Number),
                    SqlValue::Text(t) => Value::String(t.clone()),
                };
                match name.split_once("__") {
                    Some((outer, inner)) => {
                        let entry = obj
                            .entry(outer.to_owned())
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(m) = entry {
                            m.insert(inner.to_owned(), v);
                        }
                    }
                    None => {
                        obj.insert(name.clone(), v);
                    }
                }
            }
            records.push(Value::Object(obj));
        }
        let key = Self::key_column(table);
        for field in self.list_fields(table) {
            let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            let pairs = self.rows(
                &format!("SELECT owner, value FROM {table}_{field} ORDER BY owner, pos"),
                params![],
                |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
            )?;
            for (owner, value) in pairs {
                lists.entry(owner).or_default().push(Value::String(value));
            }
            for r in &mut records {
                let owner = r
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let list = lists.remove(&owner).unwrap_or_default();
                r[field.as_str()] = Value::Array(list);
            }
        }
        Ok(records)
    }

    fn write_table(
        &self,
        table: &str,
        records: &[Value],
        list_fields: &[String],
    ) -> Result<(), StoreError> {
        let key = Self::key_column(table);
        for record in records {
            let Value::Object(obj) = record else { continue };
            let mut columns = Vec::new();
            let mut values = Vec::new();
            for (k, v) in obj {
                if list_fields.contains(k) {
                    continue;
                }
                match v {
                    Value::Object(inner) => {
                        for (ik, iv) in inner {
                            columns.push(format!("\"{k}__{ik}\""));
                            values.push(to_sql(iv));
                        }
                    }
                    other => {
                        columns.push(format!("\"{k}\""));
                        values.push(to_sql(other));
                    }
                }
            }
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            self.exec(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns.join(", "),
                    marks.join(", ")
                ),
                &values,
            )?;
            let owner = obj.get(key).and_then(Value::as_str).unwrap_or_default();
            for field in list_fields {
                let items = obj
                    .get(field)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let insert =
                    format!("INSERT INTO {table}_{field} (owner, pos, value) VALUES (?1, ?2, ?3)");
                for (pos, item) in items.iter().enumerate() {
                    self.exec(
                        &insert,
                        params![owner, pos, item.as_str().unwrap_or_default()],
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Int(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Int(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

impl RegisterStore for Store {
    fn load(&self) -> Result<Register, StoreError> {
        let mut doc = Map::new();
        for table in TABLES {
            doc.insert(table.to_string(), Value::Array(self.read_table(table)?));
        }
        let parts: RegisterParts =
            serde_path_to_error::deserialize(Value::Object(doc)).map_err(|e| {
                StoreError::Corrupt {
                    path: self.path.clone(),
                    table: e.path().to_string(),
                    reason: e.inner().to_string(),
                }
            })?;
        Register::new(parts).map_err(|errors| StoreError::Corrupt {
            path: self.path.clone(),
            table: errors[0].table.to_owned(),
            reason: errors[0].to_string(),
        })
    }

    fn replace(&mut self, register: &Register) -> Result<(), StoreError> {
        let doc = serde_json::to_value(register.parts()).expect("register values always serialise");
        let lists: Vec<Vec<String>> = TABLES.iter().map(|t| self.list_fields(t)).collect();
        self.unit(|| {
            // Children before parents when deleting, parents before children when inserting.
            for (table, fields) in TABLES.iter().zip(&lists).rev() {
                for field in fields {
                    self.exec(&format!("DELETE FROM {table}_{field}"), params![])?;
                }
                self.exec(&format!("DELETE FROM {table}"), params![])?;
            }
            for (table, fields) in TABLES.iter().zip(&lists) {
                let records = doc[*table]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                self.write_table(table, records, fields)?;
            }
            Ok(())
        })
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        let mut total = 0i64;
        for table in TABLES {
            total += self.one::<i64>(&format!("SELECT count(*) FROM {table}"), params![])?;
        }
        Ok(total == 0)
    }

    fn schema_version(&self) -> Result<usize, StoreError> {
        self.db.schema_version().map_err(self.sql())
    }
}
