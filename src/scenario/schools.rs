//! `schools[]` and `ap_providers[]`: the places, checked one element at a time.
//!
//! Ids are checked in [`refs`](super::refs) (one namespace for both lists);
//! here: names from fixed lists, year groups, counts and the ledger. A year
//! group with a bad count still counts as taught, so that its ledger entry is
//! not reported a second time as "not taught".

use super::issue::{field, index, key, quote, Issue};
use super::kinds::*;
use super::load::Cx;
use super::types::*;
use super::values::Echo;
use super::wire::{WireAp, WireSchool, WireYearPlaces};

/// `sex` values.
const SCHOOL_SEXES: &[(&str, SchoolSex)] = &[
    ("mixed", SchoolSex::Mixed),
    ("boys", SchoolSex::Boys),
    ("girls", SchoolSex::Girls),
];

/// `ofsted` values.
const OFSTED: &[(&str, Ofsted)] = &[
    ("outstanding", Ofsted::Outstanding),
    ("good", Ofsted::Good),
    ("requires_improvement", Ofsted::RequiresImprovement),
    ("inadequate", Ofsted::Inadequate),
    ("not_inspected", Ofsted::NotInspected),
];

impl Cx {
    pub(super) fn school(&mut self, i: usize, w: &WireSchool) -> Option<School> {
        let p = index("schools", i);
        let location = self.location(&field(&p, "location"), &w.location);
        let sex = self.optional_choice(&field(&p, "sex"), &w.sex, SCHOOL_SEXES, SchoolSex::Mixed);
        let ofsted = self.optional_choice(
            &field(&p, "ofsted"),
            &w.ofsted,
            OFSTED,
            Ofsted::NotInspected,
        );
        let (years, taught) = self.year_groups(&p, w);
        let fap_this_year = self.ledger(&p, w, &taught);
        Some(School {
            id: w.id.clone(),
            name: w.name.clone(),
            location: location?,
            sex: sex?,
            ofsted: ofsted?,
            years: years?,
            fap_this_year: fap_this_year?,
            accepts_fap: w.accepts_fap.unwrap_or(true),
            trust: w.trust.clone(),
        })
    }

    /// `year_groups`: the places, and which year groups are taught (even where a count is bad).
    fn year_groups(
        &mut self,
        p: &str,
        w: &WireSchool,
    ) -> (
        Option<[Option<YearPlaces>; YEAR_GROUPS]>,
        [bool; YEAR_GROUPS],
    ) {
        let yp = field(p, "year_groups");
        let mut taught = [false; YEAR_GROUPS];
        if w.year_groups.is_empty() {
            self.push(
                Issue::error(
                    "no-year-groups",
                    &yp,
                    "a school needs at least one year group",
                )
                .hint("e.g. \"year_groups\": {\"7\": {\"pan\": 180, \"on_roll\": 178}}"),
            );
            return (None, taught);
        }
        let mut years = [None; YEAR_GROUPS];
        let mut ok = true;
        for (k, v) in &w.year_groups {
            let (y, places) = self.year_places(&key(&yp, k), k, v, &w.id);
            if let Some(y) = y {
                taught[y.index()] = true;
            }
            match (y, places) {
                (Some(y), Some(places)) => years[y.index()] = Some(places),
                _ => ok = false,
            }
        }
        (ok.then_some(years), taught)
    }

    /// One year group's key and places (each `None` where wrong).
    fn year_places(
        &mut self,
        kp: &str,
        k: &str,
        v: &WireYearPlaces,
        id: &str,
    ) -> (Option<YearGroup>, Option<YearPlaces>) {
        let y = self.year(kp, k, Echo::Show);
        let pan = self.count(&field(kp, "pan"), v.pan);
        let on_roll = self.count(&field(kp, "on_roll"), v.on_roll);
        let (Some(pan), Some(on_roll)) = (pan, on_roll) else {
            return (y, None);
        };
        if y.is_some() {
            self.roll_far_above_pan(kp, id, pan, on_roll);
        }
        (y, Some(YearPlaces { pan, on_roll }))
    }

    /// A year group with far more pupils on roll than its PAN (over 1.5 times
    /// and at least 10 more) is most likely a PAN typed as a form size or as
    /// free places: the school then has no place for anyone, silently.
    fn roll_far_above_pan(&mut self, path: &str, id: &str, pan: u32, on_roll: u32) {
        if on_roll >= pan + 10 && f64::from(on_roll) > 1.5 * f64::from(pan) {
            self.push(
                Issue::warning(
                    "roll-above-pan",
                    path,
                    format!("school {}: {on_roll} on roll is far above the PAN of {pan}", quote(id)),
                )
                .hint("pan is the whole year group's published admission number (e.g. 180), not a form size or the free places"),
            );
        }
    }

    /// `fap_this_year`: counts, only for year groups the school teaches.
    fn ledger(
        &mut self,
        p: &str,
        w: &WireSchool,
        taught: &[bool; YEAR_GROUPS],
    ) -> Option<[u32; YEAR_GROUPS]> {
        let mut out = [0; YEAR_GROUPS];
        let mut ok = true;
        let fp = field(p, "fap_this_year");
        for (k, &n) in w.fap_this_year.iter().flatten() {
            let kp = key(&fp, k);
            let (Some(y), Some(n)) = (self.year(&kp, k, Echo::Show), self.count(&kp, n)) else {
                ok = false;
                continue;
            };
            if !taught[y.index()] && !w.year_groups.is_empty() {
                self.push(
                    Issue::error("ledger-year", &kp, format!("school {} does not teach year {y}", quote(&w.id)))
                        .hint("fap_this_year lists only year groups the school teaches (add it to year_groups, or remove it)"),
                );
                ok = false;
            }
            out[y.index()] = n;
        }
        ok.then_some(out)
    }

    pub(super) fn ap(&mut self, i: usize, w: &WireAp) -> Option<ApProvider> {
        let p = index("ap_providers", i);
        let location = self.location(&field(&p, "location"), &w.location);
        let places = self.count(&field(&p, "places"), w.places);
        let yp = field(&p, "years");
        let years = if w.years.len() != 2 {
            self.push(
                Issue::error(
                    "ap-years",
                    &yp,
                    format!(
                        "expected [first, last] (two year groups), found {} item(s)",
                        w.years.len()
                    ),
                )
                .hint("e.g. \"years\": [\"7\", \"11\"]; for one year group write it twice"),
            );
            None
        } else {
            let a = self.year(&index(&yp, 0), &w.years[0], Echo::Show);
            let b = self.year(&index(&yp, 1), &w.years[1], Echo::Show);
            match (a, b) {
                (Some(a), Some(b)) if a > b => {
                    self.push(
                        Issue::error(
                            "ap-years",
                            &yp,
                            format!("first year {a} is after last year {b}"),
                        )
                        .hint(format!(
                            "write the range as [first, last]: [\"{b}\", \"{a}\"]"
                        )),
                    );
                    None
                }
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            }
        };
        let (first_year, last_year) = years?;
        Some(ApProvider {
            id: w.id.clone(),
            name: w.name.clone(),
            location: location?,
            places: places?,
            first_year,
            last_year,
            specialisms: w.specialisms.clone().unwrap_or_default(),
        })
    }
}
