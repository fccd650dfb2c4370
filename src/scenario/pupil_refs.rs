//! Every list of ids a pupil carries, resolved against the scenario's
//! namespace ([`Ids`]) and checked: unknown ids in `preferences`, `avoid`,
//! `pinned` and `travel_km` are errors; in `excluded_from`, `previous_schools`
//! and `siblings_at` they are warnings and dropped (children arrive from
//! schools outside the scenario). Issues come in the order of the lists.

use super::issue::{field, index, key, quote, Issue};
use super::kinds::{PupilKind, Route, Target};
use super::load::Cx;
use super::refs::{is_valid_id, Ids, MAX_PREFERENCES};
use super::values::Range;
use super::wire::WirePupil;
use std::collections::{BTreeMap, HashSet};

/// Resolved references of one pupil.
pub(super) struct PupilRefs {
    pub preferences: Vec<Target>,
    pub excluded_from: Vec<Target>,
    pub previous_schools: Vec<Target>,
    pub siblings_at: Vec<Target>,
    pub avoid: Vec<Target>,
    pub pinned: Option<Target>,
    pub travel_km: BTreeMap<Target, f64>,
}

impl Ids {
    /// Resolves and checks every id list of one pupil (`p`: its path).
    pub(super) fn pupil_refs(
        &self,
        cx: &mut Cx,
        p: &str,
        w: &WirePupil,
        kind: Option<PupilKind>,
        route: Option<Route>,
    ) -> Option<PupilRefs> {
        let mut r = Resolve {
            ids: self,
            p,
            ok: true,
        };
        let preferences = r.strict(cx, "preferences", &w.preferences);
        let avoid = r.strict(cx, "avoid", &w.avoid);
        r.check_preferences(
            cx,
            w.preferences.as_deref().unwrap_or_default(),
            kind,
            route,
        );
        let refs = PupilRefs {
            preferences,
            excluded_from: r.lenient(cx, "excluded_from", &w.excluded_from),
            previous_schools: r.lenient(cx, "previous_schools", &w.previous_schools),
            siblings_at: r.lenient(cx, "siblings_at", &w.siblings_at),
            avoid,
            pinned: r.pinned(cx, w.pinned.as_deref()),
            travel_km: r.travel_km(cx, w.travel_km.as_ref()),
        };
        r.ok.then_some(refs)
    }
}

/// One pupil's references being resolved: `ok` until one is wrong.
struct Resolve<'a> {
    ids: &'a Ids,
    /// The pupil's path, e.g. `pupils[3]`.
    p: &'a str,
    ok: bool,
}

impl Resolve<'_> {
    /// A list whose unknown ids are errors.
    fn strict(&mut self, cx: &mut Cx, name: &str, list: &Option<Vec<String>>) -> Vec<Target> {
        let lp = field(self.p, name);
        let mut out = Vec::new();
        for (i, id) in list.iter().flatten().enumerate() {
            match self.ids.lookup(id) {
                Some(t) => out.push(t),
                None => self.unknown(cx, &index(&lp, i), id, name),
            }
        }
        out
    }

    /// An unknown id where one must be known.
    fn unknown(&mut self, cx: &mut Cx, path: &str, id: &str, what: &str) {
        self.ids.report_unknown(cx, path, id, true, what);
        self.ok = false;
    }

    /// An error that makes the pupil's references unusable.
    fn error(&mut self, cx: &mut Cx, issue: Issue) {
        cx.push(issue);
        self.ok = false;
    }

    /// At most six preferences, none repeated, AP ones only where the pupil
    /// may go to AP.
    fn check_preferences(
        &mut self,
        cx: &mut Cx,
        prefs: &[String],
        kind: Option<PupilKind>,
        route: Option<Route>,
    ) {
        let pp = field(self.p, "preferences");
        if prefs.len() > MAX_PREFERENCES {
            self.too_many_preferences(cx, &pp, prefs.len());
        }
        let mut seen = HashSet::new();
        for (i, id) in prefs.iter().enumerate() {
            if !seen.insert(id) {
                self.repeated_preference(cx, &index(&pp, i), id);
            }
            let is_ap = matches!(self.ids.lookup(id), Some(Target::Ap(_)));
            if let Some(why) = is_ap.then(|| no_ap_because(kind, route)).flatten() {
                self.ap_preference(cx, &index(&pp, i), id, why);
            }
        }
    }

    fn too_many_preferences(&mut self, cx: &mut Cx, pp: &str, n: usize) {
        let message = format!("{n} preferences; at most {MAX_PREFERENCES} are allowed");
        let issue = Issue::error("preferences", pp, message).hint("keep the parents' first six");
        self.error(cx, issue);
    }

    fn repeated_preference(&mut self, cx: &mut Cx, path: &str, id: &str) {
        let issue = Issue::error("preferences", path, format!("{} is repeated", quote(id)))
            .hint("each school or AP provider may be named once");
        self.error(cx, issue);
    }

    fn ap_preference(&mut self, cx: &mut Cx, path: &str, id: &str, why: &str) {
        let message = format!("{} is an AP provider, but {why}", quote(id));
        let issue = Issue::error("ap-preference", path, message)
            .hint("AP preferences need a FAP pupil with \"route\": \"ap\" or \"either\"");
        self.error(cx, issue);
    }

    /// A list whose unknown ids are warnings (and dropped); a malformed id is
    /// still an error.
    fn lenient(&mut self, cx: &mut Cx, name: &str, list: &Option<Vec<String>>) -> Vec<Target> {
        let lp = field(self.p, name);
        let mut out = Vec::new();
        for (i, id) in list.iter().flatten().enumerate() {
            // A known id, even a malformed one, was reported where it is defined.
            if let Some(t) = self.ids.lookup(id) {
                out.push(t);
            } else if is_valid_id(id) {
                let outside = "a school outside the scenario";
                self.ids
                    .report_unknown(cx, &index(&lp, i), id, false, outside);
            } else {
                let issue =
                    Issue::error("id", index(&lp, i), format!("malformed id {}", quote(id)))
                        .hint("ids are 1–64 characters of A-Z a-z 0-9 _ - . /, e.g. \"S012\"");
                self.error(cx, issue);
            }
        }
        out
    }

    fn pinned(&mut self, cx: &mut Cx, id: Option<&str>) -> Option<Target> {
        let id = id?;
        let t = self.ids.lookup(id);
        if t.is_none() {
            self.unknown(cx, &field(self.p, "pinned"), id, "pinned");
        }
        t
    }

    /// Known targets with distances in range.
    fn travel_km(
        &mut self,
        cx: &mut Cx,
        km: Option<&BTreeMap<String, f64>>,
    ) -> BTreeMap<Target, f64> {
        let mut out = BTreeMap::new();
        let tp = field(self.p, "travel_km");
        for (id, &km) in km.into_iter().flatten() {
            let kp = key(&tp, id);
            match (self.ids.lookup(id), cx.number(&kp, km, Range::KM)) {
                (Some(t), Some(km)) => {
                    out.insert(t, km);
                }
                (None, _) => self.unknown(cx, &kp, id, "travel_km"),
                _ => self.ok = false,
            }
        }
        out
    }
}

/// Why this pupil may not name an AP provider, if it may not.
fn no_ap_because(kind: Option<PupilKind>, route: Option<Route>) -> Option<&'static str> {
    match (kind, route) {
        (Some(PupilKind::InYear), _) => {
            Some("this pupil is in_year (AP places are for FAP pupils)")
        }
        (Some(PupilKind::Fap), Some(Route::School)) => Some("this pupil's route is school only"),
        _ => None,
    }
}
