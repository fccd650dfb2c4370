//! Changes in a panel's words ("Rule out Bow Road Academy (S012) for
//! P0003"), and the short form a coordinator types on the command line
//! (`pin P0007=S012`, `add-place S012:9`).

use super::Change;
use crate::scenario::{Scenario, Target};

/// A school or AP provider as people know it: `Bow Road Academy (S012)`, or the id.
pub fn place_name(sc: &Scenario, id: &str) -> String {
    let name = match sc.find_target(id) {
        Some(Target::School(s)) => sc.schools[s as usize].name.as_deref(),
        Some(Target::Ap(a)) => sc.aps[a as usize].name.as_deref(),
        None => None,
    };
    match name {
        Some(n) => format!("{n} ({id})"),
        None => id.to_string(),
    }
}

/// The change in a panel's words, with names where the scenario gives them.
pub fn describe(c: &Change, sc: &Scenario) -> String {
    let at = |id: &str| place_name(sc, id);
    let year = |y: &Option<String>| {
        y.as_deref()
            .map(|y| format!(" Year {}", y.trim_start_matches(['Y', 'y'])))
            .unwrap_or_default()
    };
    match c {
        Change::Pin { pupil, place } => format!("Place {pupil} at {}", at(place)),
        Change::Unpin { pupil } => format!("Unpin {pupil}"),
        Change::Avoid { pupil, place } => format!("Rule out {} for {pupil}", at(place)),
        Change::Unavoid { pupil, place } => format!("Allow {} again for {pupil}", at(place)),
        Change::Withdraw { pupil } => format!("Withdraw {pupil}"),
        Change::AddPlace { place, year: y } => {
            format!("One more free place at {}{}", at(place), year(y))
        }
        Change::RemovePlace { place, year: y } => {
            format!("One free place fewer at {}{}", at(place), year(y))
        }
        Change::AddAbovePan => "One more place above PAN per year group".into(),
        Change::RemoveAbovePan => "One place above PAN fewer per year group".into(),
    }
}

/// The short forms, as `(name, what follows it)`, for `--help` and errors.
pub const FORMS: [(&str, &str); 9] = [
    ("pin", "PUPIL=PLACE"),
    ("unpin", "PUPIL"),
    ("avoid", "PUPIL=PLACE"),
    ("unavoid", "PUPIL=PLACE"),
    ("withdraw", "PUPIL"),
    ("add-place", "SCHOOL:YEAR or AP"),
    ("remove-place", "SCHOOL:YEAR or AP"),
    ("add-above-pan", ""),
    ("remove-above-pan", ""),
];

/// Reads one change in short form: `name` is one of [`FORMS`], `arg` what follows it.
pub fn parse(name: &str, arg: &str) -> Result<Change, String> {
    let pair = || {
        arg.split_once('=')
            .map(|(p, t)| (p.trim().to_string(), t.trim().to_string()))
            .filter(|(p, t)| !p.is_empty() && !t.is_empty())
            .ok_or_else(|| format!("{name} {arg:?}: write PUPIL=PLACE, e.g. P0007=S012"))
    };
    let one = || {
        let a = arg.trim();
        if a.is_empty() || a.contains(['=', ' ']) {
            Err(format!("{name} {arg:?}: write one pupil id, e.g. P0007"))
        } else {
            Ok(a.to_string())
        }
    };
    let at = || match arg.split_once(':') {
        Some((p, y)) => (p.trim().to_string(), Some(y.trim().to_string())),
        None => (arg.trim().to_string(), None),
    };
    Ok(match name {
        "pin" => pair().map(|(pupil, place)| Change::Pin { pupil, place })?,
        "avoid" => pair().map(|(pupil, place)| Change::Avoid { pupil, place })?,
        "unavoid" => pair().map(|(pupil, place)| Change::Unavoid { pupil, place })?,
        "unpin" => Change::Unpin { pupil: one()? },
        "withdraw" => Change::Withdraw { pupil: one()? },
        "add-place" => {
            let (place, year) = at();
            Change::AddPlace { place, year }
        }
        "remove-place" => {
            let (place, year) = at();
            Change::RemovePlace { place, year }
        }
        "add-above-pan" => Change::AddAbovePan,
        "remove-above-pan" => Change::RemoveAbovePan,
        _ => {
            let all: Vec<&str> = FORMS.iter().map(|f| f.0).collect();
            return Err(format!(
                "{name:?} is not a change; one of {}",
                all.join(", ")
            ));
        }
    })
}
