//! A CSV row read straight into a typed record: the row's cells as a serde `Deserializer`,
//! shaped as the JSON object the record expects (lists as sequences, partners and funding
//! lines as maps, numbers as integers), without building that object first.
//!
//! It presents the same fields in the same order as a `serde_json::Value` object of the same
//! row (a `BTreeMap`: keys in sorted order), calls the same visitor methods and raises
//! errors of the same type through the same `serde::de::Error` methods, so a refused row
//! gets the same message and the same field path as before (the import tests check them).

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::Error;

/// One cell, or one part of a cell, as the record's field expects it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cel<'a> {
    Tekst(&'a str),
    Getal(i64),
    Lijst(Vec<Cel<'a>>),
    /// Fields of an object, in sorted order of their names.
    Velden(Vec<(&'a str, Cel<'a>)>),
}

impl<'a> Cel<'a> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Cel::Tekst(s) => Unexpected::Str(s),
            Cel::Getal(n) if *n >= 0 => Unexpected::Unsigned(*n as u64),
            Cel::Getal(n) => Unexpected::Signed(*n),
            Cel::Lijst(_) => Unexpected::Seq,
            Cel::Velden(_) => Unexpected::Map,
        }
    }
}

/// Read by reference, so that a refused row can be read a second time, with the field path
/// tracked, without a copy of it.
impl<'de> Deserializer<'de> for &'de Cel<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Cel::Tekst(s) => visitor.visit_borrowed_str(s),
            // As a JSON number: non-negative integers are unsigned.
            Cel::Getal(n) if *n >= 0 => visitor.visit_u64(*n as u64),
            Cel::Getal(n) => visitor.visit_i64(*n),
            Cel::Lijst(items) => {
                let len = items.len();
                let mut seq = Reeks(items.iter());
                let v = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(v),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in array")),
                }
            }
            Cel::Velden(fields) => {
                let len = fields.len();
                let mut map = Object {
                    fields: fields.iter(),
                    value: None,
                };
                let v = visitor.visit_map(&mut map)?;
                match map.fields.len() {
                    0 => Ok(v),
                    _ => Err(de::Error::invalid_length(len, &"fewer elements in map")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // An empty cell is left out of the row: a cell that is there is never null.
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Cel::Tekst(s) => visitor.visit_enum(Variant(s)),
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Reeks<'a>(std::slice::Iter<'a, Cel<'a>>);

impl<'de> SeqAccess<'de> for Reeks<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|c| seed.deserialize(c)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Object<'a> {
    fields: std::slice::Iter<'a, (&'a str, Cel<'a>)>,
    value: Option<&'a Cel<'a>>,
}

impl<'de> MapAccess<'de> for Object<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.fields.next() {
            Some((key, value)) => {
                let key: &'de str = key;
                self.value = Some(value);
                seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(v),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// A string as an enum's unit variant (as `serde_json::Value` reads one).
struct Variant<'a>(&'a str);

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly), Error> {
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(self.0))?;
        Ok((v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projecten::cell_value;
    use crate::raw::{decode, decode_twice, RawRecord};
    use crate::{Location, ReadError};
    use gemeten_domain::Project;
    use serde_json::Value;

    /// The JSON value the CSV reader built before it read rows straight into the record.
    fn as_value(c: &Cel) -> Value {
        match c {
            Cel::Tekst(s) => Value::from(*s),
            Cel::Getal(n) => Value::from(*n),
            Cel::Lijst(items) => Value::Array(items.iter().map(as_value).collect()),
            Cel::Velden(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), as_value(v)))
                    .collect(),
            ),
        }
    }

    /// A row as the reader makes it: cells converted, fields in sorted order.
    fn row<'a>(cells: &[(&'a str, &'a str)]) -> Cel<'a> {
        let mut fields: Vec<(&str, Cel)> = cells
            .iter()
            .map(|(h, c)| (*h, cell_value(h, c).unwrap()))
            .collect();
        fields.sort_by_key(|(h, _)| *h);
        Cel::Velden(fields)
    }

    fn location() -> Location {
        Location {
            line: Some(7),
            table: Some("project".into()),
            record: Some(6),
            ..Location::file("p.csv")
        }
    }

    /// Read straight or through a JSON value, a row gives the same project, or the same
    /// problem: the same reason in both languages and the same field path.
    #[test]
    fn a_row_read_straight_decodes_as_its_json_value_did() {
        let base = [
            ("id", "p-1"),
            ("title", "Valdetectie thuis"),
            ("funder", "ZonMw"),
            ("status", "lopend"),
        ];
        let variants: Vec<Vec<(&str, &str)>> = vec![
            vec![],
            vec![
                ("summary", "Sensoren in huis"),
                ("partners", "UMC Utrecht|kennisinstelling|penvoerder; Thuiszorg Noord|zorgaanbieder|partner"),
                ("missies", "II; III"),
                ("trl", "4"),
                ("sel", "3"),
                ("brl", "2"),
                ("phase_innovation", "ontwikkelen"),
                ("funding", "ZonMw||250000|2024|2026; NWO||10|2024|2024"),
                ("start", "2024"),
                ("end", "2026"),
                ("expected_in_practice", "2028"),
            ],
            vec![("status", "bezig")],
            vec![("trl", "12")],
            vec![("trl", "-1")],
            vec![("trl", "0"), ("status", "bezig")],
            vec![("partners", "UMC|ruimteschip|penvoerder")],
            vec![("partners", "|kennisinstelling|penvoerder")],
            vec![("missies", "II; XX")],
            vec![("funding", "ZonMw||-5|2024|2026")],
            vec![("funding", "ZonMw||5|2026|2024")],
            vec![("start", "2026"), ("end", "2024")],
            vec![("start", "1200")],
            vec![("title", "Val\u{7}detectie")],
            vec![("id", "p 1")],
            vec![("phase_environment", "later")],
            vec![("kia_vragen", "niet-bestaand; ook niet")],
        ];
        let mut refused = Vec::new();
        for extra in &variants {
            let mut cells: Vec<(&str, &str)> = base
                .iter()
                .filter(|(h, _)| !extra.iter().any(|(e, _)| e == h))
                .copied()
                .collect();
            cells.extend(extra.iter().copied());
            let straight_row = row(&cells);
            let (mut e1, mut e2): (Vec<ReadError>, Vec<ReadError>) = (Vec::new(), Vec::new());
            let straight: Option<Project> = decode_twice(&straight_row, location, &mut e1);
            let raw = RawRecord {
                value: as_value(&straight_row),
                location: location(),
            };
            let via_value: Option<Project> = decode(raw, &mut e2);
            assert_eq!(straight, via_value, "{extra:?}");
            assert_eq!(e1, e2, "{extra:?}");
            if !e1.is_empty() {
                refused.push(e1[0].to_string());
            }
        }
        // Every variant after the first two is refused.
        assert_eq!(refused.len(), variants.len() - 2, "{refused:#?}");
        // Without a required field.
        let cells = [("id", "p-1"), ("funder", "ZonMw"), ("status", "lopend")];
        let (mut e1, mut e2) = (Vec::new(), Vec::new());
        let r = row(&cells);
        assert!(decode_twice::<Project, _>(&r, location, &mut e1).is_none());
        let raw = RawRecord {
            value: as_value(&r),
            location: location(),
        };
        assert!(decode::<Project>(raw, &mut e2).is_none());
        assert_eq!(e1, e2);
        assert!(e1[0].to_string().contains("title"), "{}", e1[0]);
    }
}
