//! Names for people: a school or AP provider by its name (the id only where
//! the scenario gives no name, or in small type beside it), and a FAP
//! category in the words of the Code's para 3.17 instead of its letter.

use crate::scenario::{Pupil, Scenario, Target};

/// The target's name, or its id when the scenario gives none.
pub fn name(sc: &Scenario, t: Target) -> String {
    let name = match t {
        Target::School(s) => sc.schools[s as usize].name.as_deref(),
        Target::Ap(a) => sc.aps[a as usize].name.as_deref(),
    };
    name.map_or_else(|| sc.target_id(t).to_string(), str::to_string)
}

/// The id to print in small type beside the name (`None` when the name
/// already is the id).
pub fn reference(sc: &Scenario, t: Target) -> Option<&str> {
    let named = match t {
        Target::School(s) => sc.schools[s as usize].name.is_some(),
        Target::Ap(a) => sc.aps[a as usize].name.is_some(),
    };
    named.then(|| sc.target_id(t))
}

/// A placement by id (as plans store it) in words: the name, or `unplaced`.
pub fn place(sc: &Scenario, id: Option<&str>) -> String {
    match id {
        None => "unplaced".to_string(),
        Some(id) => sc
            .find_target(id)
            .map_or_else(|| id.to_string(), |t| name(sc, t)),
    }
}

/// A para 3.17 category in words.
pub fn category(c: char) -> &'static str {
    match c {
        'a' => "child-in-need or protection plan",
        'b' => "in a refuge",
        'c' => "from criminal justice",
        'd' => "from AP or excluded",
        'e' => "SEN, disability or medical",
        'f' => "young carer",
        'g' => "homeless",
        'h' => "kinship care",
        'i' => "Traveller, refugee or asylum",
        'j' => "refused for behaviour (3.10)",
        'k' => "exceptional circumstances",
        'l' => "out of school 4+ weeks",
        'm' => "previously looked after",
        _ => "other category",
    }
}

/// What kind of case the pupil is, in words: the FAP category, or in-year.
pub fn case_kind(p: &Pupil) -> String {
    match (p.is_fap(), p.category) {
        (true, Some(c)) => format!("FAP: {}", category(c)),
        (true, None) => "FAP".to_string(),
        (false, _) => "in-year".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::category;

    #[test]
    fn every_category_letter_has_its_own_words() {
        let words: Vec<&str> = ('a'..='m').map(category).collect();
        let mut unique = words.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 13, "{words:?}");
        assert!(!words.contains(&category('z')));
    }
}
