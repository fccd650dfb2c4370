//! `pupils[]`: one pupil record, checked; its references are resolved in
//! [`refs`](super::refs).
//!
//! Pupil records are special-category personal data, and a value typed in the
//! wrong column may be a name: no message here repeats a string the record
//! holds ([`Echo::Hide`]); it names the field and what it must be.

use super::issue::{field, index, Issue};
use super::kinds::*;
use super::load::Cx;
use super::refs::Ids;
use super::types::*;
use super::values::{Echo, Range};
use super::wire::WirePupil;

impl Cx {
    pub(super) fn pupil(&mut self, i: usize, w: &WirePupil, ids: &Ids) -> Option<Pupil> {
        let p = index("pupils", i);
        let kind = self.choice(
            &field(&p, "kind"),
            &w.kind,
            &[("fap", PupilKind::Fap), ("in_year", PupilKind::InYear)],
            Echo::Hide,
        );
        let category = self.category(&p, kind, w.category.as_deref());
        let year = self.year(&field(&p, "year_group"), &w.year_group, Echo::Hide);
        let sex = self.choice(
            &field(&p, "sex"),
            &w.sex,
            &[("f", PupilSex::F), ("m", PupilSex::M), ("x", PupilSex::X)],
            Echo::Hide,
        );
        let home = self.location(&field(&p, "home"), &w.home);
        let days = match w.days_out_of_education {
            None => Some(0.0),
            Some(d) => self.number(&field(&p, "days_out_of_education"), d, Range::DAYS),
        };
        let load_weight = match w.load_weight {
            None => Some(1.0),
            Some(d) => self.number(&field(&p, "load_weight"), d, Range::LOAD_WEIGHT),
        };
        let route = match &w.route {
            None => Some(Route::School),
            Some(r) => self.choice(
                &field(&p, "route"),
                r,
                &[
                    ("school", Route::School),
                    ("ap", Route::Ap),
                    ("either", Route::Either),
                ],
                Echo::Hide,
            ),
        };
        if kind == Some(PupilKind::InYear) && matches!(route, Some(Route::Ap | Route::Either)) {
            self.push(
                Issue::error("in-year-ap", field(&p, "route"), "an in_year pupil cannot take an AP route")
                    .hint("AP places are for FAP pupils: set \"route\": \"school\", or make the pupil \"kind\": \"fap\" with a category"),
            );
        }
        let refs = ids.pupil_refs(self, &p, w, kind, route);
        let (kind, year, sex, home, days, load_weight, route, refs) = (
            kind?,
            year?,
            sex?,
            home?,
            days?,
            load_weight?,
            route?,
            refs?,
        );
        Some(Pupil {
            id: w.id.clone(),
            kind,
            category: category.filter(|_| kind == PupilKind::Fap),
            year,
            sex,
            home,
            days_out_of_education: days,
            preferences: refs.preferences,
            excluded_from: refs.excluded_from,
            previous_schools: refs.previous_schools,
            siblings_at: refs.siblings_at,
            avoid: refs.avoid,
            route,
            needs: w.needs.clone().unwrap_or_default(),
            behaviour_concern: w.behaviour_concern.unwrap_or(false),
            twice_excluded: w.twice_excluded.unwrap_or(false),
            load_weight,
            pinned: refs.pinned,
            travel_km: refs.travel_km,
            reference: None,
        })
    }

    /// The FAP category letter: required for `fap`, allowed and ignored for `in_year`.
    fn category(&mut self, p: &str, kind: Option<PupilKind>, c: Option<&str>) -> Option<char> {
        if kind != Some(PupilKind::Fap) {
            return None;
        }
        let path = field(p, "category");
        let Some(c) = c else {
            self.push(
                Issue::error(
                    "category",
                    path,
                    "a FAP pupil needs a category (a–m, School Admissions Code para 3.17)",
                )
                .hint("add e.g. \"category\": \"d\""),
            );
            return None;
        };
        let letter = c
            .chars()
            .next()
            .filter(|ch| c.len() == 1 && ('a'..='m').contains(ch));
        if letter.is_none() {
            let lower = c.to_ascii_lowercase();
            let hint = if lower.len() == 1 && ('a'..='m').any(|l| lower.starts_with(l)) {
                format!("write the letter in lower case: \"{lower}\"")
            } else {
                "use a lower-case letter from a to m (School Admissions Code para 3.17)".into()
            };
            self.push(
                Issue::error(
                    "category",
                    path,
                    "the category must be one letter a–m (the value given is not repeated: pupil data)",
                )
                .hint(hint),
            );
        }
        letter
    }
}
