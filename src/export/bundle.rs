//! A wire scenario → the CSV bundle files (names and bytes).
//!
//! Columns follow [`crate::import::cells`]'s lists, so the two stay in step.
//! Files start with a UTF-8 byte-order mark (for Excel). Numbers are written in Rust's shortest round-trip form (`535120`, `3.4`),
//! lists joined with `;`, booleans as `true`/`false`, absent fields as empty
//! cells. Locations use `easting`,`northing` or `lat`,`lon` columns, whichever
//! kind the scenario uses.

use crate::import::cells::{AP_COLUMNS, PLACE_COLUMNS, PUPIL_COLUMNS, SCHOOL_COLUMNS};
use crate::scenario::wire::*;

/// The bundle files of a scenario, in a fixed order.
pub fn to_bundle(w: &WireScenario) -> Vec<(&'static str, Vec<u8>)> {
    let grid = first_location(w).is_none_or(|l| matches!(l, WireLocation::Grid { .. }));
    let json = |v: serde_json::Value| {
        let mut b = serde_json::to_vec_pretty(&v).expect("JSON values serialise");
        b.push(b'\n');
        b
    };
    let policy = match &w.policy {
        Some(p) => serde_json::to_value(p).expect("wire types serialise"),
        None => serde_json::Value::Object(Default::default()),
    };
    vec![
        ("meta.json", json(serde_json::Value::Object(w.meta.clone()))),
        ("policy.json", json(policy)),
        ("schools.csv", schools(&w.schools, grid)),
        ("places.csv", places(&w.schools)),
        ("ap.csv", aps(&w.ap_providers, grid)),
        ("pupils.csv", pupils(&w.pupils, grid)),
    ]
}

fn first_location(w: &WireScenario) -> Option<WireLocation> {
    w.schools
        .iter()
        .map(|s| s.location)
        .chain(w.ap_providers.iter().map(|a| a.location))
        .chain(w.pupils.iter().map(|p| p.home))
        .next()
}

/// The header without the location columns the scenario does not use.
fn header(columns: &[&'static str], grid: bool) -> Vec<&'static str> {
    // Homes are written as locations, never as postcodes.
    let unused: &[&str] = if grid {
        &["lat", "lon", "postcode"]
    } else {
        &["easting", "northing", "postcode"]
    };
    columns
        .iter()
        .copied()
        .filter(|c| !unused.contains(c))
        .collect()
}

/// CSV with a UTF-8 byte-order mark, so that Excel on Windows reads names
/// with accents and signs such as "−" as written (`fap import` drops it).
fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(crate::report::csv::BOM.to_vec());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn loc(l: &WireLocation) -> [String; 2] {
    match *l {
        WireLocation::Grid { easting, northing } => [num(easting), num(northing)],
        WireLocation::LatLon { lat, lon } => [num(lat), num(lon)],
    }
}

fn num(v: f64) -> String {
    format!("{v}")
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), T::to_string)
}

fn list(v: &Option<Vec<String>>) -> String {
    v.as_ref().map_or(String::new(), |l| l.join(";"))
}

fn schools(schools: &[WireSchool], grid: bool) -> Vec<u8> {
    let h = header(SCHOOL_COLUMNS, grid);
    write(
        &h,
        schools.iter().map(|s| {
            let [a, b] = loc(&s.location);
            vec![
                s.id.clone(),
                opt(&s.name),
                opt(&s.sex),
                opt(&s.ofsted),
                a,
                b,
                opt(&s.accepts_fap),
                opt(&s.trust),
            ]
        }),
    )
}

fn places(schools: &[WireSchool]) -> Vec<u8> {
    write(
        PLACE_COLUMNS,
        schools.iter().flat_map(|s| {
            let mut years: Vec<(&String, &WireYearPlaces)> = s.year_groups.iter().collect();
            years.sort_by_key(|(y, _)| crate::scenario::YearGroup::parse(y));
            years.into_iter().map(move |(y, p)| {
                let fap = s.fap_this_year.as_ref().and_then(|m| m.get(y));
                vec![
                    s.id.clone(),
                    y.clone(),
                    p.pan.to_string(),
                    p.on_roll.to_string(),
                    opt(&fap),
                ]
            })
        }),
    )
}

fn aps(aps: &[WireAp], grid: bool) -> Vec<u8> {
    let h = header(AP_COLUMNS, grid);
    write(
        &h,
        aps.iter().map(|a| {
            let [x, y] = loc(&a.location);
            vec![
                a.id.clone(),
                opt(&a.name),
                a.places.to_string(),
                a.years.first().cloned().unwrap_or_default(),
                a.years.get(1).cloned().unwrap_or_default(),
                list(&a.specialisms),
                x,
                y,
            ]
        }),
    )
}

fn pupils(pupils: &[WirePupil], grid: bool) -> Vec<u8> {
    let h = header(PUPIL_COLUMNS, grid);
    write(
        &h,
        pupils.iter().map(|p| {
            let [x, y] = loc(&p.home);
            let travel = p.travel_km.as_ref().map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}:{}", num(*v)))
                    .collect::<Vec<_>>()
                    .join(";")
            });
            vec![
                p.id.clone(),
                p.kind.clone(),
                opt(&p.category),
                p.year_group.clone(),
                p.sex.clone(),
                x,
                y,
                p.days_out_of_education.map_or(String::new(), num),
                list(&p.preferences),
                list(&p.excluded_from),
                list(&p.previous_schools),
                list(&p.siblings_at),
                list(&p.avoid),
                opt(&p.route),
                list(&p.needs),
                opt(&p.behaviour_concern),
                opt(&p.twice_excluded),
                p.load_weight.map_or(String::new(), num),
                opt(&p.pinned),
                travel.unwrap_or_default(),
            ]
        }),
    )
}
