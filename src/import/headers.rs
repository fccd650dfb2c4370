//! Column headers as people type them → the fields fap reads.
//!
//! A coordinator writes "Year group", "On roll" or "Accepts FAP?" where the
//! bundle's documented header is `year_group`, `on_roll`, `accepts_fap`.
//! Headers are compared after [`normalise`] (case, spaces, hyphens and
//! underscores do not matter), then through a short list of common other
//! names ("Gender" for `sex`, "URN" for a school's id). A header is taken only
//! when that mapping is unambiguous: two columns meaning one field, or a
//! column meaning nothing fap reads, is an error naming both, with a hint
//! (delete it, or `--ignore-column NAME` for a column kept for people, such
//! as a name). Values stay strict: this module only renames columns.

use super::table::{letter, Table};
use super::ImportIssue;

/// Other names for fields: `(what people write, normalised; field)`. A name
/// maps to the first field in the list that the file has.
const ALIASES: &[(&str, &str)] = &[
    ("pupil_id", "id"),
    ("pupil_ref", "id"),
    ("pupil_reference", "id"),
    ("reference", "id"),
    ("ref", "id"),
    ("urn", "school_id"),
    ("school_urn", "school_id"),
    ("school", "school_id"),
    ("urn", "id"),
    ("school_urn", "id"),
    ("school_id", "id"),
    ("ap_id", "id"),
    ("provider_id", "id"),
    ("year", "year_group"),
    ("ncy", "year_group"),
    ("nc_year", "year_group"),
    ("gender", "sex"),
    ("number_on_roll", "on_roll"),
    ("nor", "on_roll"),
    ("roll", "on_roll"),
    ("published_admission_number", "pan"),
    ("admission_number", "pan"),
    ("days_out", "days_out_of_education"),
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("long", "lon"),
    ("lng", "lon"),
    ("eastings", "easting"),
    ("northings", "northing"),
    ("free_places", "places"),
    ("from_year", "first_year"),
    ("to_year", "last_year"),
    ("post_code", "postcode"),
    ("home_postcode", "postcode"),
    ("preference", "preferences"),
];

/// Lower case, every run of characters other than letters and digits as one
/// `_`, none at the ends: `" Year  group "` → `year_group`, `Accepts FAP?` →
/// `accepts_fap`.
pub fn normalise(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for c in h.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The field of `known` a header means, if any.
pub fn field_of<'k>(header: &str, known: &[&'k str]) -> Option<&'k str> {
    let n = normalise(header);
    let squashed = n.replace('_', "");
    known
        .iter()
        .find(|k| **k == n || k.replace('_', "") == squashed)
        .or_else(|| {
            ALIASES
                .iter()
                .filter(|(a, _)| *a == n)
                .find_map(|(_, f)| known.iter().find(|k| *k == f))
        })
        .copied()
}

/// Maps every header of `t` to a field of `known`; every unknown or doubled
/// column is an error. A column named in `ignore` is left unread when fap
/// would otherwise refuse it (it means nothing fap reads, or another column
/// already gives its field); a column fap needs is never dropped by it.
pub fn canonicalise(t: &mut Table, known: &[&str], ignore: &[String]) -> Vec<ImportIssue> {
    let ignored = |h: &str| ignore.iter().any(|i| normalise(i) == normalise(h));
    let fields: Vec<Option<&str>> = t.headers().iter().map(|h| field_of(h, known)).collect();
    let heads = t.headers();
    let mut errors = Vec::new();
    let mut keys: Vec<String> = Vec::with_capacity(heads.len());
    for (i, h) in heads.iter().enumerate() {
        let other_gives = |f: &str| {
            (0..heads.len()).any(|j| j != i && fields[j] == Some(f) && !ignored(&heads[j]))
        };
        let key = match fields[i] {
            _ if h.is_empty() => String::new(),
            Some(f) if ignored(h) && other_gives(f) => String::new(),
            Some(f) => {
                if let Some(j) = keys.iter().position(|k| k == f) {
                    errors.push(doubled(t, f, j, i));
                }
                f.to_string()
            }
            None if ignored(h) => String::new(),
            None => {
                errors.push(unknown(t, h, i, known));
                String::new()
            }
        };
        keys.push(key);
    }
    t.keys = keys;
    errors
}

fn doubled(t: &Table, field: &str, a: usize, b: usize) -> ImportIssue {
    let h = t.headers();
    ImportIssue::file(
        &t.file,
        format!(
            "columns {:?} ({}) and {:?} ({}) both mean {field}",
            h[a],
            letter(a),
            h[b],
            letter(b)
        ),
    )
    .hint(format!(
        "delete one of them, or pass --ignore-column {:?}",
        h[b]
    ))
    .code("csv-header")
}

fn unknown(t: &Table, h: &str, i: usize, known: &[&str]) -> ImportIssue {
    let e = ImportIssue::file(
        &t.file,
        format!("unknown column {h:?} (column {})", letter(i)),
    )
    .code("csv-unknown-column");
    let keep = format!("to keep it in the file, pass --ignore-column {h:?}");
    match crate::scenario::load::suggest(&normalise(h), known.iter().copied()) {
        Some(s) => e.hint(format!("did you mean {s:?}? Or, {keep}")),
        None => e.hint(format!(
            "fap reads the columns {}; delete this one, or {keep}",
            known.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: &[&str] = &["school_id", "year_group", "pan", "on_roll", "fap_this_year"];

    #[test]
    fn headers_as_people_type_them() {
        for (h, want) in [
            ("Year group", "year_group"),
            (" ON_ROLL ", "on_roll"),
            ("On-roll", "on_roll"),
            ("YearGroup", "year_group"),
            ("URN", "school_id"),
            ("PAN", "pan"),
        ] {
            assert_eq!(field_of(h, PLACES), Some(want), "{h}");
        }
        assert_eq!(
            field_of("Accepts FAP?", &["id", "accepts_fap"]),
            Some("accepts_fap")
        );
        assert_eq!(field_of("URN", &["id", "name"]), Some("id"));
        assert_eq!(field_of("Name", PLACES), None);
    }

    #[test]
    fn doubled_and_unknown_columns_are_errors_unless_ignored() {
        let mut t = Table::parse(
            "places.csv",
            b"URN,School name,Year,Year group,PAN,On roll\n1,x,7,7,30,20\n",
            true,
        )
        .unwrap();
        let e: Vec<String> = canonicalise(&mut t, PLACES, &[])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].contains("unknown column \"School name\"") && e[0].contains("--ignore-column")
        );
        assert!(e[1].contains("\"Year\" (C) and \"Year group\" (D) both mean year_group"));
        let ignore = ["school name".to_string(), "Year".to_string()];
        assert!(canonicalise(&mut t, PLACES, &ignore).is_empty());
        assert_eq!(t.get(&t.rows[0], t.col("on_roll")), Some("20"));
        assert_eq!(
            t.col("year_group")
                .map(|c| t.labels()["year_group"].clone() + &format!("{c:?}")),
            Some("Year group (D)Col(3)".to_string())
        );
    }
}
