//! Homes given as postcodes, placed through a lookup table the user supplies.
//!
//! fap ships no national postcode file (it is large and updated quarterly);
//! `--postcodes FILE` names one the authority already has, in either
//! published layout: the ONS Postcode Directory (and the National Statistics
//! Postcode Lookup) with columns `pcds`/`pcd`/`pcd2`, `oseast1m`, `osnrth1m`
//! (grid metres) and `lat`, `long`; or Ordnance Survey Code-Point Open, whose
//! CSV files have no header row (postcode, quality, eastings, northings, …)
//! or, with the column-headers file prepended, `PC`, `PQ`, `EA`, `NO`. A small
//! table with `postcode`, `easting`, `northing` (or `lat`, `lon`) columns is
//! read too. The file is streamed and only the postcodes the pupils use are
//! kept, so the full directory (about a gigabyte) does not have to fit in
//! memory. Messages quote a postcode only when it has a postcode's shape,
//! never anything else of the row.

use super::ImportIssue;
use crate::scenario::wire::WireLocation;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The postcodes of a lookup table that the pupils use.
#[derive(Debug, Default)]
pub struct Postcodes {
    /// The table's name, for messages.
    pub file: String,
    found: BTreeMap<String, Option<WireLocation>>,
}

/// Columns of one layout: postcode, then grid (easting, northing), then
/// degrees (lat, lon); `None` where the layout has no such column.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    postcode: usize,
    grid: Option<(usize, usize)>,
    degrees: Option<(usize, usize)>,
}

/// `e1 6an`, `E16AN` → `E16AN`: upper case, no spaces.
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The postcode as people write it (`E1 6AN`) when `s` has a UK postcode's
/// shape; `None` for anything else (which is then never echoed).
pub fn shown(s: &str) -> Option<String> {
    let k = key(s);
    let b = k.as_bytes();
    let n = b.len();
    let inward = n >= 5
        && b[n - 3].is_ascii_digit()
        && b[n - 2].is_ascii_alphabetic()
        && b[n - 1].is_ascii_alphabetic();
    let outward = &k[..n.saturating_sub(3)];
    let ok = inward
        && (2..=4).contains(&outward.len())
        && outward.as_bytes()[0].is_ascii_alphabetic()
        && outward.bytes().all(|c| c.is_ascii_alphanumeric());
    ok.then(|| format!("{outward} {}", &k[n - 3..]))
}

impl Postcodes {
    /// Reads `path`, keeping the postcodes in `wanted` (keys as [`key`] makes them).
    pub fn load(path: &Path, wanted: &BTreeSet<String>) -> Result<Postcodes, ImportIssue> {
        let file = path.display().to_string();
        let fail = |m: String| {
            ImportIssue::file(&file, m)
                .hint("--postcodes takes the ONS Postcode Directory or Code-Point Open CSV (docs/import.md)")
                .code("postcodes")
        };
        let f = std::fs::File::open(path).map_err(|e| {
            fail(format!(
                "cannot read: {}",
                crate::scenario::load::io_reason(&e)
            ))
        })?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::BufReader::new(f));
        let mut records = rdr.records();
        let first = match records.next() {
            Some(Ok(r)) => r,
            Some(Err(_)) => return Err(fail("malformed CSV in the first row".into())),
            None => return Err(fail("the file is empty".into())),
        };
        let (layout, data_first) = layout(&first).ok_or_else(|| {
            fail("no postcode and location columns (pcds, oseast1m, osnrth1m; or postcode, easting, northing)".into())
        })?;
        let mut found = BTreeMap::new();
        let rows = data_first.then_some(Ok(first)).into_iter().chain(records);
        for (i, r) in rows.enumerate() {
            let r = r.map_err(|_| fail(format!("malformed CSV near data row {}", i + 1)))?;
            let k = key(r.get(layout.postcode).unwrap_or(""));
            if wanted.contains(&k) {
                found.insert(k, place(&r, layout));
            }
        }
        Ok(Postcodes { file, found })
    }

    /// The home at postcode `pc`: `Err` with what to say when it is unknown
    /// or has no location in the table.
    pub fn home(&self, pc: &str) -> Result<WireLocation, String> {
        let what = shown(pc).map_or("the postcode".to_string(), |s| format!("postcode {s:?}"));
        match self.found.get(&key(pc)) {
            Some(Some(l)) => Ok(*l),
            Some(None) => Err(format!("{what} has no location in {}", self.file)),
            None => Err(format!("{what} is not in {}", self.file)),
        }
    }
}

/// The layout of a table from its first row, and whether that row is data
/// (Code-Point Open's files have no header).
fn layout(first: &csv::StringRecord) -> Option<(Layout, bool)> {
    let names: Vec<String> = first
        .iter()
        .map(|h| super::headers::normalise(h.trim_start_matches('\u{feff}')))
        .collect();
    let find = |cands: &[&str]| names.iter().position(|n| cands.contains(&n.as_str()));
    if let Some(postcode) = find(&["pcds", "pcd", "pcd2", "postcode", "pc", "post_code"]) {
        let pair = |a: &[&str], b: &[&str]| find(a).zip(find(b));
        let grid = pair(
            &["oseast1m", "easting", "eastings", "ea"],
            &["osnrth1m", "northing", "northings", "no"],
        );
        let degrees = pair(&["lat", "latitude"], &["long", "lon", "longitude"]);
        return (grid.is_some() || degrees.is_some()).then_some((
            Layout {
                postcode,
                grid,
                degrees,
            },
            false,
        ));
    }
    let number = |i: usize| {
        first
            .get(i)
            .is_some_and(|c| c.trim().parse::<f64>().is_ok())
    };
    let codepoint = Layout {
        postcode: 0,
        grid: Some((2, 3)),
        degrees: None,
    };
    (shown(first.get(0)?).is_some() && number(2) && number(3)).then_some((codepoint, true))
}

/// A row's location: grid metres when given, else degrees (the directory
/// writes 99.999999 as the latitude of postcodes it cannot place).
fn place(r: &csv::StringRecord, l: Layout) -> Option<WireLocation> {
    let num = |i: usize| r.get(i).and_then(|c| c.trim().parse::<f64>().ok());
    let grid = l.grid.and_then(|(e, n)| Some((num(e)?, num(n)?)));
    if let Some((easting, northing)) = grid.filter(|&(e, n)| e > 0.0 || n > 0.0) {
        return Some(WireLocation::Grid { easting, northing });
    }
    let (lat, lon) = l.degrees.and_then(|(a, b)| Some((num(a)?, num(b)?)))?;
    (lat.abs() <= 90.0).then_some(WireLocation::LatLon { lat, lon })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, wanted: &[&str]) -> Postcodes {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pc.csv");
        std::fs::write(&p, text).unwrap();
        let wanted = wanted.iter().map(|s| key(s)).collect();
        Postcodes::load(&p, &wanted).unwrap()
    }

    #[test]
    fn postcode_shapes() {
        assert_eq!(shown("e1 6an").as_deref(), Some("E1 6AN"));
        assert_eq!(shown("SW1A1AA").as_deref(), Some("SW1A 1AA"));
        assert_eq!(shown("Flat 2"), None);
        assert_eq!(shown("12 High Street"), None);
    }

    #[test]
    fn reads_the_directory_and_code_point_layouts() {
        let onspd = "pcd,pcd2,pcds,oseast1m,osnrth1m,lat,long\nE1  6AN,E1   6AN,E1 6AN,533900,181500,51.5,-0.07\nE1  7ZZ,E1   7ZZ,E1 7ZZ,,,99.999999,0\n";
        let t = load(onspd, &["e16an", "E1 7ZZ"]);
        assert_eq!(
            t.home("E1 6AN"),
            Ok(WireLocation::Grid {
                easting: 533900.0,
                northing: 181500.0
            })
        );
        assert!(t.home("E1 7ZZ").unwrap_err().contains("has no location"));
        assert!(t
            .home("E1 8AA")
            .unwrap_err()
            .contains("\"E1 8AA\" is not in"));
        let codepoint = "\"E1 6AN\",10,533901,181501,\"E92000001\"\n";
        let t = load(codepoint, &["E16AN"]);
        assert_eq!(
            t.home("e1 6an"),
            Ok(WireLocation::Grid {
                easting: 533901.0,
                northing: 181501.0
            })
        );
        let headed = "PC,PQ,EA,NO\nE1 6AN,10,1,2\n";
        assert!(load(headed, &["E16AN"]).home("E16AN").is_ok());
    }
}
