//! From bytes to a validated [`Scenario`], collecting every issue on the way.
//!
//! The flow is one-way: bytes → JSON value ([`json`](super::json)) → wire types,
//! one list element at a time so that a type error in `pupils[3]` does not hide
//! one in `pupils[7]` → semantic checks (this file and [`refs`](super::refs)) →
//! [`Scenario`]. Checks that need the option rules (pinned pupils, pupils with
//! no option) run last, only on a scenario without errors, in
//! [`crate::model::feasibility`].

use super::issue::{field, index, key, quote, Issue};
use super::json;
use super::types::*;
use super::wire::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The required value of `format`.
pub const FORMAT: &str = "fap-scenario/1";

/// What reading a scenario produced: the scenario when there was no error, and
/// every issue (errors and warnings) found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// `Some` when there is no error.
    pub scenario: Option<Scenario>,
    /// All findings, errors first then warnings, each in file order.
    pub issues: Vec<Issue>,
}

impl Loaded {
    /// Are there errors?
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }
}

/// Reads and validates a scenario file, refusing files over `max_bytes`.
pub fn load_file(path: &Path, max_bytes: u64) -> Loaded {
    match read_limited(path, max_bytes) {
        Ok(bytes) => load_bytes(&bytes),
        Err(i) => Loaded {
            scenario: None,
            issues: vec![i],
        },
    }
}

/// Reads a file whole, unless it is larger than `max_bytes`.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Issue> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| {
        Issue::error("file-read", "", format!("cannot open: {}", io_reason(&e)))
            .hint("check the path; run `fap validate --help` for examples")
    })?;
    let too_big = |n: u64| {
        Issue::error(
            "file-too-large",
            "",
            format!("the file is larger than the limit of {max_bytes} bytes ({n} bytes or more)"),
        )
        .hint("raise the limit with --max-input-mb if this really is a scenario")
    };
    if let Ok(m) = f.metadata() {
        if m.is_dir() {
            return Err(Issue::error(
                "file-read",
                "",
                "this is a directory, not a scenario file",
            ));
        }
        if m.len() > max_bytes {
            return Err(too_big(m.len()));
        }
    }
    let mut bytes = Vec::new();
    f.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Issue::error("file-read", "", format!("cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A short reason for an I/O error, without the OS's path echo.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Validates scenario bytes.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    let value = match json::parse(bytes) {
        Ok(v) => v,
        Err(i) => {
            return Loaded {
                scenario: None,
                issues: vec![i],
            }
        }
    };
    let mut cx = Cx::default();
    let scenario = cx.scenario(&value);
    let scenario = match scenario {
        Some(s) if !cx.has_errors() => {
            crate::model::feasibility::check(&s, &mut cx.issues);
            Some(s)
        }
        _ => None,
    };
    let mut issues = cx.issues;
    issues.sort_by_key(|i| i.severity); // stable: file order within each severity
    let scenario = scenario.filter(|_| !issues.iter().any(Issue::is_error));
    Loaded { scenario, issues }
}

/// The validation context: issues found so far and the scenario's location kind.
#[derive(Default)]
pub(super) struct Cx {
    pub(super) issues: Vec<Issue>,
    grid: Option<(bool, String)>,
}

impl Cx {
    fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    pub(super) fn push(&mut self, i: Issue) {
        self.issues.push(i);
    }

    fn scenario(&mut self, v: &Value) -> Option<Scenario> {
        let Some(obj) = v.as_object() else {
            self.push(
                Issue::error(
                    "type",
                    "",
                    format!("expected a JSON object, found {}", kind_of(v)),
                )
                .hint("a scenario starts with {\"format\": \"fap-scenario/1\", ...}"),
            );
            return None;
        };
        for k in obj.keys() {
            if !TOP_LEVEL_KEYS.contains(&k.as_str()) {
                self.unknown_field("", k, TOP_LEVEL_KEYS);
            }
        }
        match obj.get("format") {
            None => self.push(
                Issue::error("missing-field", "", "missing required field `format`")
                    .hint(format!("add \"format\": \"{FORMAT}\"")),
            ),
            Some(Value::String(s)) if s == FORMAT => {}
            Some(other) => self.push(
                Issue::error(
                    "format",
                    "format",
                    format!("expected \"{FORMAT}\", found {}", short_value(other)),
                )
                .hint("this version of fap reads fap-scenario/1 files only"),
            ),
        }
        let name = self.meta(obj.get("meta"));
        let policy = match obj.get("policy") {
            None => Some(Policy::default()),
            Some(p) => self
                .de::<WirePolicy>(p, "policy")
                .and_then(|w| self.policy(w)),
        };
        let schools = self.list::<WireSchool>(obj.get("schools"), "schools", true);
        let aps = self.list::<WireAp>(obj.get("ap_providers"), "ap_providers", false);
        let pupils = self.list::<WirePupil>(obj.get("pupils"), "pupils", true);

        let ids = super::refs::Ids::collect(self, obj);
        let schools: Vec<School> = schools
            .iter()
            .filter_map(|(i, w)| self.school(*i, w))
            .collect();
        let aps: Vec<ApProvider> = aps.iter().filter_map(|(i, w)| self.ap(*i, w)).collect();
        let pupils: Vec<Pupil> = pupils
            .iter()
            .filter_map(|(i, w)| self.pupil(*i, w, &ids))
            .collect();
        let policy = policy?;
        if self.has_errors() {
            return None;
        }
        Some(Scenario {
            name: name?,
            policy,
            schools,
            aps,
            pupils,
        })
    }

    fn meta(&mut self, v: Option<&Value>) -> Option<String> {
        let hint = "add \"meta\": {\"name\": \"Autumn 2 secondary panel\"}";
        match v {
            None => {
                self.push(
                    Issue::error("missing-field", "", "missing required field `meta`").hint(hint),
                );
                None
            }
            Some(Value::Object(m)) => match m.get("name") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                Some(Value::String(_)) => {
                    self.push(Issue::error("value", "meta.name", "must not be empty").hint(hint));
                    None
                }
                Some(other) => {
                    self.push(Issue::error(
                        "type",
                        "meta.name",
                        format!("expected a string, found {}", kind_of(other)),
                    ));
                    None
                }
                None => {
                    self.push(
                        Issue::error("missing-field", "meta", "missing required field `name`")
                            .hint(hint),
                    );
                    None
                }
            },
            Some(other) => {
                self.push(
                    Issue::error(
                        "type",
                        "meta",
                        format!("expected an object, found {}", kind_of(other)),
                    )
                    .hint(hint),
                );
                None
            }
        }
    }

    /// Deserializes each element of a list on its own, so one bad element does
    /// not hide the next. Returns (index, element) for the ones that parsed.
    fn list<T: DeserializeOwned>(
        &mut self,
        v: Option<&Value>,
        name: &str,
        required: bool,
    ) -> Vec<(usize, T)> {
        match v {
            None if required => {
                self.push(
                    Issue::error(
                        "missing-field",
                        "",
                        format!("missing required field `{name}`"),
                    )
                    .hint(format!("add \"{name}\": [] if there are none")),
                );
                Vec::new()
            }
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.de::<T>(item, &index(name, i)).map(|t| (i, t)))
                .collect(),
            Some(other) => {
                self.push(Issue::error(
                    "type",
                    name,
                    format!("expected a list, found {}", kind_of(other)),
                ));
                Vec::new()
            }
        }
    }

    fn de<T: DeserializeOwned>(&mut self, v: &Value, prefix: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(v) {
            Ok(t) => Some(t),
            Err(e) => {
                let rel = json::json_path(e.path());
                let path = join(prefix, &rel);
                let msg = e.into_inner().to_string();
                self.push(serde_issue(&path, &msg));
                None
            }
        }
    }

    fn unknown_field(&mut self, parent: &str, name: &str, expected: &[&str]) {
        let mut i = Issue::error(
            "unknown-field",
            field(parent, name),
            format!("unknown field {}", quote(name)),
        );
        i.hint = Some(match suggest(name, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected one of: {}", expected.join(", ")),
        });
        self.push(i);
    }

    // ---- values -------------------------------------------------------------

    pub(super) fn finite(&mut self, path: &str, v: f64, min: f64, strict: bool) -> Option<f64> {
        let ok = v.is_finite() && if strict { v > min } else { v >= min };
        if ok {
            Some(v)
        } else {
            let cmp = if strict { ">" } else { "≥" };
            self.push(Issue::error(
                "range",
                path,
                format!("must be a finite number {cmp} {min}, found {v}"),
            ));
            None
        }
    }

    fn count(&mut self, path: &str, v: i64) -> Option<u32> {
        if v < 0 {
            self.push(
                Issue::error("negative", path, format!("must be ≥ 0, found {v}"))
                    .hint("counts cannot be negative"),
            );
            None
        } else if v > 10_000_000 {
            self.push(Issue::error(
                "range",
                path,
                format!("{v} is not a plausible count (limit 10000000)"),
            ));
            None
        } else {
            Some(v as u32)
        }
    }

    fn year(&mut self, path: &str, s: &str) -> Option<YearGroup> {
        let y = YearGroup::parse(s);
        if y.is_none() {
            self.push(
                Issue::error(
                    "year-group",
                    path,
                    format!("year group {} must be one of R, 1..11", quote(s)),
                )
                .hint("use \"R\" for Reception and \"1\" … \"11\" for Years 1–11, as strings"),
            );
        }
        y
    }

    fn choice<T: Copy>(&mut self, path: &str, s: &str, options: &[(&str, T)]) -> Option<T> {
        if let Some((_, t)) = options.iter().find(|(n, _)| *n == s) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let mut i = Issue::error(
            "enum",
            path,
            format!("{} is not one of {}", quote(s), names.join(", ")),
        );
        if let Some(sug) = suggest(s, names.iter().copied()) {
            i = i.hint(format!("did you mean \"{sug}\"?"));
        }
        self.push(i);
        None
    }

    pub(super) fn location(&mut self, path: &str, w: &WireLocation) -> Option<Location> {
        let is_grid = matches!(w, WireLocation::Grid { .. });
        match &self.grid {
            None => self.grid = Some((is_grid, path.to_string())),
            Some((g, first)) if *g != is_grid => {
                let (this, that) = if is_grid {
                    ("grid", "lat/lon")
                } else {
                    ("lat/lon", "grid")
                };
                let first = first.clone();
                self.push(
                    Issue::error("location-mixed", path, format!("a {this} location in a scenario whose first location ({first}) is {that}"))
                        .hint("use one kind of location for every school, AP provider and pupil"),
                );
                return None;
            }
            _ => {}
        }
        match *w {
            WireLocation::Grid { easting, northing } => {
                let e = self.coord(
                    &field(path, "easting"),
                    easting,
                    0.0,
                    1e7,
                    "grid metres are never negative",
                );
                let n = self.coord(
                    &field(path, "northing"),
                    northing,
                    0.0,
                    1e7,
                    "grid metres are never negative",
                );
                Some(Location::Grid {
                    easting: e?,
                    northing: n?,
                })
            }
            WireLocation::LatLon { lat, lon } => {
                let la = self.coord(
                    &field(path, "lat"),
                    lat,
                    -90.0,
                    90.0,
                    "latitude is within ±90 degrees",
                );
                let lo = self.coord(
                    &field(path, "lon"),
                    lon,
                    -180.0,
                    180.0,
                    "longitude is within ±180 degrees",
                );
                Some(Location::LatLon { lat: la?, lon: lo? })
            }
        }
    }

    fn coord(&mut self, path: &str, v: f64, lo: f64, hi: f64, hint: &str) -> Option<f64> {
        if v.is_finite() && v >= lo && v <= hi {
            Some(v)
        } else {
            self.push(
                Issue::error(
                    "coordinate",
                    path,
                    format!("{v} is out of range {lo}..{hi}"),
                )
                .hint(hint),
            );
            None
        }
    }

    // ---- sections -----------------------------------------------------------

    fn policy(&mut self, w: WirePolicy) -> Option<Policy> {
        let d = Policy::default();
        let mut ok = true;
        let mut num = |cx: &mut Cx, v: Option<f64>, path: &str, def: f64, strict: bool| -> f64 {
            match v {
                None => def,
                Some(x) => cx.finite(path, x, 0.0, strict).unwrap_or_else(|| {
                    ok = false;
                    def
                }),
            }
        };
        let mt = w.max_travel_km.unwrap_or_default();
        let wk = w.walking_km.unwrap_or_default();
        let cap = w.fap_cap.unwrap_or_default();
        let route_factor = num(
            self,
            w.route_factor,
            "policy.route_factor",
            d.route_factor,
            true,
        );
        let max_travel_km_primary = num(
            self,
            mt.primary,
            "policy.max_travel_km.primary",
            d.max_travel_km_primary,
            false,
        );
        let max_travel_km_secondary = num(
            self,
            mt.secondary,
            "policy.max_travel_km.secondary",
            d.max_travel_km_secondary,
            false,
        );
        let max_ap_travel_km = num(
            self,
            w.max_ap_travel_km,
            "policy.max_ap_travel_km",
            d.max_ap_travel_km,
            false,
        );
        let walking_km_under_8 = num(
            self,
            wk.under_8,
            "policy.walking_km.under_8",
            d.walking_km_under_8,
            false,
        );
        let walking_km_eight_plus = num(
            self,
            wk.eight_plus,
            "policy.walking_km.eight_plus",
            d.walking_km_eight_plus,
            false,
        );
        let fap_cap_per_30_pan = num(
            self,
            cap.per_30_pan,
            "policy.fap_cap.per_30_pan",
            d.fap_cap_per_30_pan,
            false,
        );
        let weights = self.weights(w.weights.unwrap_or_default(), &mut num);
        let fap_cap_mode = match cap.mode {
            None => Some(d.fap_cap_mode),
            Some(m) => self.choice(
                "policy.fap_cap.mode",
                &m,
                &[
                    ("hard", CapMode::Hard),
                    ("soft", CapMode::Soft),
                    ("off", CapMode::Off),
                ],
            ),
        };
        let max_above_pan = match w.max_above_pan {
            None => Some(d.max_above_pan),
            Some(n) => self.count("policy.max_above_pan", n),
        };
        let protect_inadequate = w.protect_inadequate.unwrap_or(d.protect_inadequate);
        if !ok {
            return None;
        }
        Some(Policy {
            route_factor,
            max_travel_km_primary,
            max_travel_km_secondary,
            max_ap_travel_km,
            walking_km_under_8,
            walking_km_eight_plus,
            fap_cap_per_30_pan,
            fap_cap_mode: fap_cap_mode?,
            max_above_pan: max_above_pan?,
            protect_inadequate,
            weights: weights?,
        })
    }

    fn weights(
        &mut self,
        w: WireWeights,
        num: &mut impl FnMut(&mut Cx, Option<f64>, &str, f64, bool) -> f64,
    ) -> Option<Weights> {
        let d = Weights::default();
        let p = "policy.weights";
        let mut n = |cx: &mut Cx, v: Option<f64>, name: &str, def: f64| {
            num(cx, v, &field(p, name), def, false)
        };
        let preference = match w.preference {
            None => d.preference.clone(),
            Some(v) if v.is_empty() => {
                self.push(
                    Issue::error(
                        "range",
                        field(p, "preference"),
                        "the preference table must not be empty",
                    )
                    .hint("e.g. [0, 2, 4, 6]"),
                );
                return None;
            }
            Some(v) => v
                .iter()
                .enumerate()
                .map(|(i, x)| self.finite(&index(&field(p, "preference"), i), *x, 0.0, false))
                .collect::<Option<Vec<f64>>>()?,
        };
        Some(Weights {
            distance_per_km: n(
                self,
                w.distance_per_km,
                "distance_per_km",
                d.distance_per_km,
            ),
            transport: n(self, w.transport, "transport", d.transport),
            preference,
            not_preferred: n(self, w.not_preferred, "not_preferred", d.not_preferred),
            previous_school: n(
                self,
                w.previous_school,
                "previous_school",
                d.previous_school,
            ),
            sibling_bonus: n(self, w.sibling_bonus, "sibling_bonus", d.sibling_bonus),
            unplaced: n(self, w.unplaced, "unplaced", d.unplaced),
            weak_school: n(self, w.weak_school, "weak_school", d.weak_school),
            above_pan: n(self, w.above_pan, "above_pan", d.above_pan),
            over_cap: n(self, w.over_cap, "over_cap", d.over_cap),
            over_fair_share: n(
                self,
                w.over_fair_share,
                "over_fair_share",
                d.over_fair_share,
            ),
            ap_route: n(self, w.ap_route, "ap_route", d.ap_route),
            ap_needs_match: n(self, w.ap_needs_match, "ap_needs_match", d.ap_needs_match),
            fap_priority: n(self, w.fap_priority, "fap_priority", d.fap_priority),
        })
    }

    fn school(&mut self, i: usize, w: &WireSchool) -> Option<School> {
        let p = index("schools", i);
        let location = self.location(&field(&p, "location"), &w.location);
        let sex = match &w.sex {
            None => Some(SchoolSex::Mixed),
            Some(s) => self.choice(
                &field(&p, "sex"),
                s,
                &[
                    ("mixed", SchoolSex::Mixed),
                    ("boys", SchoolSex::Boys),
                    ("girls", SchoolSex::Girls),
                ],
            ),
        };
        let ofsted = match &w.ofsted {
            None => Some(Ofsted::NotInspected),
            Some(s) => self.choice(
                &field(&p, "ofsted"),
                s,
                &[
                    ("outstanding", Ofsted::Outstanding),
                    ("good", Ofsted::Good),
                    ("requires_improvement", Ofsted::RequiresImprovement),
                    ("inadequate", Ofsted::Inadequate),
                    ("not_inspected", Ofsted::NotInspected),
                ],
            ),
        };
        let yp = field(&p, "year_groups");
        if w.year_groups.is_empty() {
            self.push(
                Issue::error(
                    "no-year-groups",
                    &yp,
                    "a school needs at least one year group",
                )
                .hint("e.g. \"year_groups\": {\"7\": {\"pan\": 180, \"on_roll\": 178}}"),
            );
        }
        let mut years = [None; YEAR_GROUPS];
        let mut ok = true;
        for (k, v) in &w.year_groups {
            let kp = key(&yp, k);
            let y = self.year(&kp, k);
            let pan = self.count(&field(&kp, "pan"), v.pan);
            let on_roll = self.count(&field(&kp, "on_roll"), v.on_roll);
            match (y, pan, on_roll) {
                (Some(y), Some(pan), Some(on_roll)) => {
                    years[y.index()] = Some(YearPlaces { pan, on_roll })
                }
                _ => ok = false,
            }
        }
        let mut fap_this_year = [0; YEAR_GROUPS];
        let fp = field(&p, "fap_this_year");
        for (k, &n) in w.fap_this_year.iter().flatten() {
            let kp = key(&fp, k);
            let (Some(y), Some(n)) = (self.year(&kp, k), self.count(&kp, n)) else {
                ok = false;
                continue;
            };
            if years[y.index()].is_none() && !w.year_groups.is_empty() {
                self.push(
                    Issue::error("ledger-year", &kp, format!("school {} does not teach year {y}", quote(&w.id)))
                        .hint("fap_this_year lists only year groups the school teaches (add it to year_groups, or remove it)"),
                );
                ok = false;
            }
            fap_this_year[y.index()] = n;
        }
        if !ok || w.year_groups.is_empty() {
            return None;
        }
        Some(School {
            id: w.id.clone(),
            name: w.name.clone(),
            location: location?,
            sex: sex?,
            ofsted: ofsted?,
            years,
            fap_this_year,
            accepts_fap: w.accepts_fap.unwrap_or(true),
            trust: w.trust.clone(),
        })
    }

    fn ap(&mut self, i: usize, w: &WireAp) -> Option<ApProvider> {
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
                .hint("e.g. \"years\": [\"7\", \"11\"]"),
            );
            None
        } else {
            let a = self.year(&index(&yp, 0), &w.years[0]);
            let b = self.year(&index(&yp, 1), &w.years[1]);
            match (a, b) {
                (Some(a), Some(b)) if a > b => {
                    self.push(
                        Issue::error(
                            "ap-years",
                            &yp,
                            format!("first year {a} is after last year {b}"),
                        )
                        .hint("write the range as [first, last]"),
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

    fn pupil(&mut self, i: usize, w: &WirePupil, ids: &super::refs::Ids) -> Option<Pupil> {
        let p = index("pupils", i);
        let kind = self.choice(
            &field(&p, "kind"),
            &w.kind,
            &[("fap", PupilKind::Fap), ("in_year", PupilKind::InYear)],
        );
        let category = match (kind, &w.category) {
            (Some(PupilKind::Fap), None) => {
                self.push(
                    Issue::error(
                        "category",
                        field(&p, "category"),
                        "a FAP pupil needs a category (a–m, School Admissions Code para 3.17)",
                    )
                    .hint("add e.g. \"category\": \"d\""),
                );
                None
            }
            (Some(PupilKind::Fap), Some(c)) => {
                let ch = c
                    .chars()
                    .next()
                    .filter(|ch| c.len() == 1 && ('a'..='m').contains(ch));
                if ch.is_none() {
                    self.push(
                        Issue::error(
                            "category",
                            field(&p, "category"),
                            format!("{} is not a category letter a–m", quote(c)),
                        )
                        .hint("use a lower-case letter from a to m"),
                    );
                }
                ch
            }
            _ => w.category.as_deref().and_then(|c| c.chars().next()),
        };
        let year = self.year(&field(&p, "year_group"), &w.year_group);
        let sex = self.choice(
            &field(&p, "sex"),
            &w.sex,
            &[("f", PupilSex::F), ("m", PupilSex::M), ("x", PupilSex::X)],
        );
        let home = self.location(&field(&p, "home"), &w.home);
        let days = match w.days_out_of_education {
            None => Some(0.0),
            Some(d) => self.finite(&field(&p, "days_out_of_education"), d, 0.0, false),
        };
        let load_weight = match w.load_weight {
            None => Some(1.0),
            Some(d) => self.finite(&field(&p, "load_weight"), d, 0.0, false),
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
            category: if kind == PupilKind::Fap {
                category
            } else {
                None
            },
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
        })
    }
}

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

fn join(prefix: &str, rel: &str) -> String {
    if rel.is_empty() {
        prefix.to_string()
    } else if prefix.is_empty() || rel.starts_with('[') {
        format!("{prefix}{rel}")
    } else {
        format!("{prefix}.{rel}")
    }
}

/// "a string", "a number", … for messages (never the value itself: it may be personal data).
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a whole number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        other => kind_of(other).to_string(),
    }
}

/// The closest candidate to a misspelt name, if any is close.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(&name.to_lowercase(), c), c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Turns a serde message into our issue: unknown fields point at the field,
/// type errors say what was expected in words, and no value is echoed.
fn serde_issue(path: &str, msg: &str) -> Issue {
    let backticked: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected = &backticked[1.min(backticked.len())..];
        let mut i = Issue::error(
            "unknown-field",
            field(path, name),
            format!("unknown field {}", quote(name)),
        );
        i.hint = Some(match suggest(name, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if expected.is_empty() => "remove this field".to_string(),
            None => format!("expected one of: {}", expected.join(", ")),
        });
        return i;
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return Issue::error(
            "missing-field",
            path,
            format!("missing required field `{name}`"),
        )
        .hint("see docs/scenario-format.md for the required fields");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let found = found.split(' ').next().unwrap_or(found);
        let found = match found {
            "string" => "a string",
            "integer" => "a whole number",
            "floating" => "a decimal number",
            "boolean" => "a boolean",
            "null" => "null",
            "map" => "an object",
            "sequence" => "a list",
            other => other,
        };
        let expected = match expected {
            "i64" => "a whole number",
            "f64" => "a number",
            "a sequence" => "a list",
            "a map" => "an object",
            "a boolean" => "true or false",
            e if e.starts_with("struct ") => "an object",
            e => e,
        };
        let hint = if found == "null" {
            "null is allowed only for `pinned` and `trust`; leave the field out to use its default"
        } else {
            "see docs/scenario-format.md for each field's type"
        };
        return Issue::error("type", path, format!("expected {expected}, found {found}"))
            .hint(hint);
    }
    if msg.starts_with("invalid value: ") {
        return Issue::error("type", path, "expected a whole number in range")
            .hint("counts are whole numbers ≥ 0");
    }
    Issue::error("value", path, msg.to_string())
}
