//! Just enough TopoJSON for the boundary files: a `Topology` with an optional quantising
//! `transform`, delta-encoded arcs, and one `GeometryCollection` of `Polygon`s and
//! `MultiPolygon`s whose properties carry `statcode` and `statnaam`.
//!
//! Decoded by hand with serde_json: the `topojson` crate (last released 2022) converts to
//! `geojson` and brings that crate and `geo-types` along, for the thirty lines below.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A point in RD coordinates (metres; y grows northward).
pub(crate) type Punt = (f64, f64);
/// A closed ring, without the repeated closing point's duplicate removed (first == last).
pub(crate) type Ring = Vec<Punt>;

/// One region of a boundary file: its CBS code and name, and its polygons (each an outer
/// ring followed by its holes).
#[derive(Debug, Clone)]
pub(crate) struct Vorm {
    pub code: String,
    pub naam: String,
    pub polygonen: Vec<Vec<Ring>>,
}

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    soort: String,
    transform: Option<Transform>,
    arcs: Vec<Vec<Vec<f64>>>,
    objects: BTreeMap<String, Object>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Object {
    GeometryCollection { geometries: Vec<Geometry> },
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
        properties: Properties,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
        properties: Properties,
    },
}

#[derive(Deserialize)]
struct Properties {
    statcode: String,
    statnaam: String,
}

/// The regions of a TopoJSON text, in file order; a message says what is wrong otherwise.
pub(crate) fn decodeer(tekst: &str) -> Result<Vec<Vorm>, String> {
    let topo: Topology = serde_json::from_str(tekst).map_err(|e| e.to_string())?;
    if topo.soort != "Topology" {
        return Err(format!("type is '{}', not 'Topology'", topo.soort));
    }
    let arcs = arcs(&topo)?;
    let mut vormen = Vec::new();
    for object in topo.objects.into_values() {
        let Object::GeometryCollection { geometries } = object;
        for g in geometries {
            let (polygonen, p) = match g {
                Geometry::Polygon {
                    arcs: p,
                    properties,
                } => (vec![p], properties),
                Geometry::MultiPolygon {
                    arcs: m,
                    properties,
                } => (m, properties),
            };
            let polygonen = polygonen
                .iter()
                .map(|rings| rings.iter().map(|r| ring(&arcs, r)).collect())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{}: {e}", p.statcode))?;
            vormen.push(Vorm {
                code: p.statcode,
                naam: p.statnaam,
                polygonen,
            });
        }
    }
    Ok(vormen)
}

/// Every arc in absolute coordinates. With a `transform` the positions are quantised and
/// each is the difference from the one before (TopoJSON spec §2.1.2, §2.2).
fn arcs(topo: &Topology) -> Result<Vec<Vec<Punt>>, String> {
    topo.arcs
        .iter()
        .enumerate()
        .map(|(i, arc)| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|pos| match pos[..] {
                    // A position may carry more than x and y (spec §2.1.1); only two are used.
                    [px, py, ..] => Ok(plaats(topo, &mut x, &mut y, px, py)),
                    _ => Err(format!("arc {i} has a position with fewer than 2 numbers")),
                })
                .collect()
        })
        .collect()
}

fn plaats(topo: &Topology, x: &mut f64, y: &mut f64, px: f64, py: f64) -> Punt {
    match &topo.transform {
        Some(t) => {
            *x += px;
            *y += py;
            (
                *x * t.scale[0] + t.translate[0],
                *y * t.scale[1] + t.translate[1],
            )
        }
        None => (px, py),
    }
}

/// A ring from arc indexes: index `!i` (i.e. `-i - 1`) is arc `i` reversed, and each arc
/// after the first starts where the previous one ended, so its first point is dropped.
fn ring(arcs: &[Vec<Punt>], indexen: &[i64]) -> Result<Ring, String> {
    let mut ring: Ring = Vec::new();
    for &i in indexen {
        let (n, omgekeerd) = if i >= 0 { (i, false) } else { (!i, true) };
        let arc = usize::try_from(n)
            .ok()
            .and_then(|n| arcs.get(n))
            .ok_or_else(|| format!("arc index {i} out of range ({} arcs)", arcs.len()))?;
        let punten: Box<dyn Iterator<Item = &Punt>> = if omgekeerd {
            Box::new(arc.iter().rev())
        } else {
            Box::new(arc.iter())
        };
        let skip = usize::from(!ring.is_empty());
        ring.extend(punten.skip(skip));
    }
    Ok(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The square of the TopoJSON specification's example, split into two arcs, the second
    /// used reversed; a transform of scale 2 and translate (100, 0).
    const VIERKANT: &str = r#"{"type":"Topology",
        "transform":{"scale":[2,2],"translate":[100,0]},
        "arcs":[[[0,0],[10,0],[0,10]],[[0,0],[0,10],[10,0]]],
        "objects":{"x":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0,-2]],"properties":{"statcode":"A","statnaam":"Aa"}},
            {"type":"MultiPolygon","arcs":[[[0,-2]],[[1,-1]]],"properties":{"statcode":"B","statnaam":"Bb"}}
        ]}}}"#;

    #[test]
    fn arcs_are_delta_decoded_transformed_and_reversed_with_a_tilde_index() {
        let v = decodeer(VIERKANT).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].code.as_str(), v[0].naam.as_str()), ("A", "Aa"));
        // Arc 0: (100,0) (120,0) (120,20); arc 1 reversed: (120,20) (100,20) (100,0).
        assert_eq!(
            v[0].polygonen,
            vec![vec![vec![
                (100.0, 0.0),
                (120.0, 0.0),
                (120.0, 20.0),
                (100.0, 20.0),
                (100.0, 0.0)
            ]]]
        );
        assert_eq!(v[1].polygonen.len(), 2, "a MultiPolygon keeps its parts");
        assert_eq!(v[1].polygonen[1][0][0], (100.0, 0.0));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert!(decodeer("{").is_err());
        assert!(decodeer(r#"{"type":"FeatureCollection","arcs":[],"objects":{}}"#).is_err());
        let buiten = VIERKANT.replace("[[0,-2]]", "[[0,-9]]");
        assert!(decodeer(&buiten).unwrap_err().contains("out of range"));
        let punt = VIERKANT.replace(r#""type":"Polygon""#, r#""type":"Point""#);
        assert!(decodeer(&punt).is_err());
    }
}
