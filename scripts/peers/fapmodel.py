"""Shared, solver-independent part of the Python peers of `fap`.

Reads a `fap-scenario/1` file (shared/SCENARIO.md), fills in the defaults, and
computes what the model of shared/MODEL.md needs: eligible options (rules 1-8 and
the AP rules), their cost coefficients, the unplaced costs, place/cap/fair-share
parameters and the constant terms of the objective.

It is an independent re-implementation (it shares no code with the Rust crate) and
is vectorised with numpy so that a 10,000 x 450 scenario is prepared in about a
second.  It does not validate a scenario beyond what it needs to read it: run
`fap validate` for that.  A pinned pupil whose pinned place is not an option makes
`build_options` raise `ScenarioError` (validation would reject the scenario).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

YEARS = ["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
YIDX = {y: i for i, y in enumerate(YEARS)}
NY = len(YEARS)
PRIMARY, SECONDARY = 0, 1
PHASES = ("primary", "secondary")
UNDER_8 = {"R", "1", "2"}
EARTH_RADIUS_KM = 6371.0088


def phase_of(year: str) -> int:
    return PRIMARY if YIDX[year] <= 6 else SECONDARY


DEFAULT_WEIGHTS = {
    "distance_per_km": 1.0,
    "transport": 3.0,
    "preference": [0.0, 2.0, 4.0, 6.0],
    "not_preferred": 8.0,
    "previous_school": 10.0,
    "sibling_bonus": 3.0,
    "unplaced": 100.0,
    "weak_school": 4.0,
    "above_pan": 12.0,
    "over_cap": 25.0,
    "over_fair_share": 6.0,
    "ap_route": 20.0,
    "ap_needs_match": 5.0,
    "fap_priority": 1.5,
}


class ScenarioError(Exception):
    pass


# --------------------------------------------------------------------------- reading


def _reject_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ScenarioError(f"duplicate key {k!r}")
        obj[k] = v
    return obj


def read_json(path: str):
    with open(path, "rb") as f:
        raw = f.read()
    # utf-8-sig drops a leading byte-order mark if there is one
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_reject_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ScenarioError(f"{path}: {e}") from None


@dataclass
class Policy:
    route_factor: float = 1.3
    max_travel_km: tuple = (5.0, 10.0)  # (primary, secondary)
    max_ap_travel_km: float = 15.0
    walking_under_8: float = 3.219
    walking_eight_plus: float = 4.828
    per_30_pan: float = 1.0
    cap_mode: str = "soft"
    max_above_pan: int = 1
    protect_inadequate: bool = True
    w: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


def parse_policy(obj) -> Policy:
    obj = obj or {}
    pol = Policy()
    pol.route_factor = float(obj.get("route_factor", 1.3))
    mt = obj.get("max_travel_km") or {}
    pol.max_travel_km = (float(mt.get("primary", 5.0)), float(mt.get("secondary", 10.0)))
    pol.max_ap_travel_km = float(obj.get("max_ap_travel_km", 15.0))
    wk = obj.get("walking_km") or {}
    pol.walking_under_8 = float(wk.get("under_8", 3.219))
    pol.walking_eight_plus = float(wk.get("eight_plus", 4.828))
    fc = obj.get("fap_cap") or {}
    pol.per_30_pan = float(fc.get("per_30_pan", 1.0))
    pol.cap_mode = fc.get("mode", "soft")
    if pol.cap_mode not in ("hard", "soft", "off"):
        raise ScenarioError(f"policy.fap_cap.mode: unknown mode {pol.cap_mode!r}")
    pol.max_above_pan = int(obj.get("max_above_pan", 1))
    pol.protect_inadequate = bool(obj.get("protect_inadequate", True))
    w = dict(DEFAULT_WEIGHTS)
    for k, v in (obj.get("weights") or {}).items():
        if k not in w:
            raise ScenarioError(f"policy.weights: unknown weight {k!r}")
        w[k] = [float(x) for x in v] if k == "preference" else float(v)
    if not w["preference"]:
        raise ScenarioError("policy.weights.preference must not be empty")
    pol.w = w
    return pol


@dataclass
class Scenario:
    name: str
    policy: Policy
    kind: str  # "grid" or "latlon"
    # schools
    school_ids: list
    s_loc: np.ndarray  # (S, 2): easting, northing  or lat, lon
    s_sex: np.ndarray  # 0 mixed, 1 boys, 2 girls
    s_ofsted: list
    s_accepts: np.ndarray  # bool
    teaches: np.ndarray  # (S, 12) bool
    pan: np.ndarray  # (S, 12) int
    on_roll: np.ndarray  # (S, 12) int
    fap_year: np.ndarray  # (S, 12) int
    # AP providers
    ap_ids: list
    a_loc: np.ndarray
    a_places: np.ndarray
    a_first: np.ndarray  # year index
    a_last: np.ndarray
    a_spec: list  # list of sets
    # pupils
    pupils: list  # dicts with defaults filled in
    p_loc: np.ndarray
    place_index: dict  # id -> ("s", i) | ("a", i)

    # derived, filled by _derive()
    free: np.ndarray = None  # (S, 12)
    pan_g: np.ndarray = None  # (S, 2)
    ledger_g: np.ndarray = None  # (S, 2)
    teaches_g: np.ndarray = None  # (S, 2)

    @property
    def n_pupils(self):
        return len(self.pupils)


def _loc(obj, where):
    if "easting" in obj and "northing" in obj:
        return "grid", (float(obj["easting"]), float(obj["northing"]))
    if "lat" in obj and "lon" in obj:
        return "latlon", (float(obj["lat"]), float(obj["lon"]))
    raise ScenarioError(f"{where}: not a location: {obj!r}")


PUPIL_DEFAULTS = {
    "category": None,
    "days_out_of_education": 0,
    "preferences": [],
    "excluded_from": [],
    "previous_schools": [],
    "siblings_at": [],
    "avoid": [],
    "route": "school",
    "needs": [],
    "behaviour_concern": False,
    "twice_excluded": False,
    "load_weight": 1.0,
    "pinned": None,
    "travel_km": {},
}


def load_scenario(path: str) -> Scenario:
    doc = read_json(path)
    if doc.get("format") != "fap-scenario/1":
        raise ScenarioError(f"format must be 'fap-scenario/1', got {doc.get('format')!r}")
    pol = parse_policy(doc.get("policy"))
    kinds = set()

    schools = doc.get("schools") or []
    S = len(schools)
    s_loc = np.zeros((S, 2))
    s_sex = np.zeros(S, dtype=np.int8)
    s_accepts = np.ones(S, dtype=bool)
    teaches = np.zeros((S, NY), dtype=bool)
    pan = np.zeros((S, NY), dtype=np.int64)
    on_roll = np.zeros((S, NY), dtype=np.int64)
    fap_year = np.zeros((S, NY), dtype=np.int64)
    s_ofsted, school_ids = [], []
    sexcode = {"mixed": 0, "boys": 1, "girls": 2}
    for i, s in enumerate(schools):
        school_ids.append(s["id"])
        k, xy = _loc(s["location"], f"schools[{i}].location")
        kinds.add(k)
        s_loc[i] = xy
        s_sex[i] = sexcode[s.get("sex", "mixed")]
        s_ofsted.append(s.get("ofsted", "not_inspected"))
        s_accepts[i] = bool(s.get("accepts_fap", True))
        for y, yg in s["year_groups"].items():
            j = YIDX[y]
            teaches[i, j] = True
            pan[i, j] = int(yg["pan"])
            on_roll[i, j] = int(yg["on_roll"])
        for y, n in (s.get("fap_this_year") or {}).items():
            fap_year[i, YIDX[y]] = int(n)

    aps = doc.get("ap_providers") or []
    A = len(aps)
    a_loc = np.zeros((A, 2))
    a_places = np.zeros(A, dtype=np.int64)
    a_first = np.zeros(A, dtype=np.int64)
    a_last = np.zeros(A, dtype=np.int64)
    a_spec, ap_ids = [], []
    for i, a in enumerate(aps):
        ap_ids.append(a["id"])
        k, xy = _loc(a["location"], f"ap_providers[{i}].location")
        kinds.add(k)
        a_loc[i] = xy
        a_places[i] = int(a["places"])
        a_first[i] = YIDX[a["years"][0]]
        a_last[i] = YIDX[a["years"][1]]
        a_spec.append(set(a.get("specialisms") or []))

    pupils = []
    raw_pupils = doc.get("pupils") or []
    p_loc = np.zeros((len(raw_pupils), 2))
    for i, p in enumerate(raw_pupils):
        q = dict(PUPIL_DEFAULTS)
        q.update(p)
        if q["kind"] not in ("fap", "in_year"):
            raise ScenarioError(f"pupils[{i}].kind: {q['kind']!r}")
        if q["route"] not in ("school", "ap", "either"):
            raise ScenarioError(f"pupils[{i}].route: {q['route']!r}")
        k, xy = _loc(q["home"], f"pupils[{i}].home")
        kinds.add(k)
        p_loc[i] = xy
        pupils.append(q)

    if len(kinds) > 1:
        raise ScenarioError("mixed location kinds (grid and lat/lon)")
    place_index = {sid: ("s", i) for i, sid in enumerate(school_ids)}
    for i, aid in enumerate(ap_ids):
        place_index[aid] = ("a", i)

    sc = Scenario(
        name=(doc.get("meta") or {}).get("name", ""),
        policy=pol,
        kind=kinds.pop() if kinds else "grid",
        school_ids=school_ids, s_loc=s_loc, s_sex=s_sex, s_ofsted=s_ofsted,
        s_accepts=s_accepts, teaches=teaches, pan=pan, on_roll=on_roll, fap_year=fap_year,
        ap_ids=ap_ids, a_loc=a_loc, a_places=a_places, a_first=a_first, a_last=a_last,
        a_spec=a_spec, pupils=pupils, p_loc=p_loc, place_index=place_index,
    )
    _derive(sc)
    return sc


def _derive(sc: Scenario):
    sc.free = np.maximum(0, sc.pan - sc.on_roll) * sc.teaches
    primary = np.arange(NY) <= 6
    sc.teaches_g = np.stack([sc.teaches[:, primary].any(1), sc.teaches[:, ~primary].any(1)], 1)
    pan_masked = np.where(sc.teaches, sc.pan, 0)
    S = len(sc.school_ids)
    if S:
        sc.pan_g = np.stack([pan_masked[:, primary].max(1), pan_masked[:, ~primary].max(1)], 1)
    else:
        sc.pan_g = np.zeros((0, 2), dtype=np.int64)
    sc.ledger_g = np.stack([sc.fap_year[:, primary].sum(1), sc.fap_year[:, ~primary].sum(1)], 1)


# --------------------------------------------------------------------------- distances


def distance_matrix(sc: Scenario, to_loc: np.ndarray) -> np.ndarray:
    """Pupil x place distances in km, before travel_km overrides."""
    rf = sc.policy.route_factor
    a, b = sc.p_loc, to_loc
    if sc.kind == "grid":
        de = a[:, 0:1] - b[None, :, 0]
        dn = a[:, 1:2] - b[None, :, 1]
        return np.sqrt(de * de + dn * dn) / 1000.0 * rf
    lat1 = np.radians(a[:, 0:1])
    lat2 = np.radians(b[None, :, 0])
    dlat = lat2 - lat1
    dlon = np.radians(b[None, :, 1]) - np.radians(a[:, 1:2])
    h = np.sin(dlat / 2.0) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2.0) ** 2
    c = 2.0 * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return EARTH_RADIUS_KM * c * rf


# --------------------------------------------------------------------------- options


@dataclass
class Options:
    # school options, sorted by pupil then school
    xp: np.ndarray
    xs: np.ndarray
    xc: np.ndarray
    # AP options, sorted by pupil then provider
    zp: np.ndarray
    za: np.ndarray
    zc: np.ndarray
    cu: np.ndarray  # unplaced cost per pupil
    pinned: np.ndarray  # bool per pupil
    # per pupil
    p_year: np.ndarray
    p_phase: np.ndarray
    p_fap: np.ndarray
    p_load: np.ndarray
    xd: np.ndarray = None  # distance of each school option (for reports)
    zd: np.ndarray = None


def build_options(sc: Scenario) -> Options:
    pol, w = sc.policy, sc.policy.w
    P, S, A = sc.n_pupils, len(sc.school_ids), len(sc.ap_ids)
    pupils = sc.pupils
    p_year = np.array([YIDX[p["year_group"]] for p in pupils], dtype=np.int64)
    p_phase = (p_year > 6).astype(np.int64)
    p_fap = np.array([p["kind"] == "fap" for p in pupils], dtype=bool)
    p_route = np.array([{"school": 0, "ap": 1, "either": 2}[p["route"]] for p in pupils], dtype=np.int8)
    p_sex = np.array([p["sex"] for p in pupils], dtype="<U1") if P else np.zeros(0, dtype="<U1")
    p_bc = np.array([bool(p["behaviour_concern"]) for p in pupils], dtype=bool)
    p_load = np.array([float(p["load_weight"]) for p in pupils])
    p_days = np.array([float(p["days_out_of_education"]) for p in pupils])
    p_pinned = np.array([p["pinned"] is not None for p in pupils], dtype=bool)
    p_haspref = np.array([len(p["preferences"]) > 0 for p in pupils], dtype=bool)

    D = distance_matrix(sc, sc.s_loc)  # P x S
    DA = distance_matrix(sc, sc.a_loc)  # P x A
    prefer_s = np.zeros((P, S), dtype=bool)  # preferred or pinned: exempt from max travel
    prefer_a = np.zeros((P, A), dtype=bool)
    forbid_s = np.zeros((P, S), dtype=bool)  # excluded_from / avoid
    forbid_a = np.zeros((P, A), dtype=bool)
    pref_s = np.zeros((P, S))  # preference / not-preferred cost
    pref_a = np.zeros((P, A))
    pref_s[p_haspref, :] = w["not_preferred"]
    pref_a[p_haspref, :] = w["not_preferred"]
    hist_s = np.zeros((P, S))  # previous_school - sibling_bonus
    table = w["preference"]
    known = sc.place_index

    class _Index(dict):
        def __missing__(self, key):
            raise ScenarioError(f"unknown school or AP id {key!r}")

    idx = _Index(known)
    for i, p in enumerate(pupils):
        for k, pid in enumerate(p["preferences"]):
            kind, j = idx[pid]
            cost = table[min(k, len(table) - 1)]
            if kind == "s":
                prefer_s[i, j] = True
                pref_s[i, j] = cost
            else:
                prefer_a[i, j] = True
                pref_a[i, j] = cost
        if p["pinned"] is not None:
            kind, j = idx[p["pinned"]]
            (prefer_s if kind == "s" else prefer_a)[i, j] = True
        for pid in list(p["excluded_from"]) + list(p["avoid"]):
            if pid in idx:  # unknown ids in excluded_from are allowed (warning only)
                kind, j = idx[pid]
                (forbid_s if kind == "s" else forbid_a)[i, j] = True
        for pid in p["previous_schools"]:
            if pid in idx and idx[pid][0] == "s":
                hist_s[i, idx[pid][1]] += w["previous_school"]
        for pid in p["siblings_at"]:
            if pid in idx and idx[pid][0] == "s":
                hist_s[i, idx[pid][1]] -= w["sibling_bonus"]
        for pid, km in (p["travel_km"] or {}).items():
            kind, j = idx[pid]
            (D if kind == "s" else DA)[i, j] = float(km)  # final: no route factor

    # ---- school options: rules 1-8
    free_py = sc.free[:, p_year].T  # P x S
    M = sc.teaches[:, p_year].T.copy()  # rule 1
    ssex = sc.s_sex[None, :]
    M &= (ssex == 0) | ((ssex == 1) & (p_sex == "m")[:, None]) | ((ssex == 2) & (p_sex == "f")[:, None])  # 2
    M &= ~forbid_s  # 3
    M &= (p_route != 1)[:, None]  # 4
    max_km = np.array(pol.max_travel_km)[p_phase]
    M &= (D <= max_km[:, None]) | prefer_s  # 5
    if pol.protect_inadequate:  # 6
        inadequate = np.array([o == "inadequate" for o in sc.s_ofsted], dtype=bool)
        M &= ~(p_bc[:, None] & inadequate[None, :])
    rule7_fap = sc.s_accepts[None, :] & (free_py + pol.max_above_pan > 0)
    rule7_iy = free_py > 0
    M &= np.where(p_fap[:, None], rule7_fap, rule7_iy)  # 7
    # ---- AP options
    yr = p_year[:, None]
    MA = (p_fap & (p_route != 0))[:, None] & (sc.a_first[None, :] <= yr) & (yr <= sc.a_last[None, :])
    MA &= (sc.a_places > 0)[None, :]
    MA &= (DA <= pol.max_ap_travel_km) | prefer_a
    MA &= ~forbid_a
    # ---- rule 8: pinned
    for i in np.nonzero(p_pinned)[0]:
        pid = pupils[i]["pinned"]
        kind, j = idx[pid]
        keep_s, keep_a = M[i].copy(), MA[i].copy()
        M[i] = False
        MA[i] = False
        if kind == "s":
            M[i, j] = keep_s[j]
            ok = keep_s[j]
        else:
            MA[i, j] = keep_a[j]
            ok = keep_a[j]
        if not ok:
            raise ScenarioError(
                f"pupil {pupils[i]['id']}: pinned place {pid} is not an option (breaks a hard rule)")

    xp, xs = np.nonzero(M)
    zp, za = np.nonzero(MA)

    # ---- costs
    walk = np.where(np.isin(p_year, [YIDX[y] for y in UNDER_8]), pol.walking_under_8, pol.walking_eight_plus)
    weak = np.array([o in ("requires_improvement", "inadequate") for o in sc.s_ofsted], dtype=bool)
    xd = D[xp, xs]
    xc = w["distance_per_km"] * xd
    xc = xc + np.where(xd > walk[xp], w["transport"], 0.0)
    xc = xc + pref_s[xp, xs] + hist_s[xp, xs]
    xc = xc + np.where(p_fap[xp] & weak[xs], w["weak_school"], 0.0)

    zd = DA[zp, za]
    zc = w["distance_per_km"] * zd
    zc = zc + np.where(p_route[zp] != 1, w["ap_route"], 0.0)
    zc = zc + pref_a[zp, za]
    match = np.array([bool(set(pupils[p]["needs"]) & sc.a_spec[a]) for p, a in zip(zp, za)], dtype=bool)
    zc = zc - np.where(match, w["ap_needs_match"], 0.0)

    cu = w["unplaced"] * np.where(p_fap, w["fap_priority"], 1.0) * (1.0 + p_days / 20.0)

    return Options(xp=xp, xs=xs, xc=xc, zp=zp, za=za, zc=zc, cu=cu, pinned=p_pinned,
                   p_year=p_year, p_phase=p_phase, p_fap=p_fap, p_load=p_load, xd=xd, zd=zd)


# --------------------------------------------------------------------------- parameters


def cap_remaining(sc: Scenario) -> np.ndarray:
    """remaining(s,g) (S x 2); meaningful where accepts_fap and s teaches phase g."""
    cap = np.maximum(1, np.floor(sc.policy.per_30_pan * sc.pan_g / 30.0 + 1e-9)).astype(np.int64)
    return np.maximum(0, cap - sc.ledger_g)


@dataclass
class FairShare:
    active: np.ndarray  # (2,) bool: phase has a fair-share term
    in_r: np.ndarray  # (S, 2) bool: s in R_g (and the phase active)
    share: np.ndarray  # (S, 2)


def fair_share(sc: Scenario, opts: Options) -> FairShare:
    S = len(sc.school_ids)
    in_r = (sc.s_accepts[:, None] & sc.teaches_g).copy()
    share = np.zeros((S, 2))
    active = np.zeros(2, dtype=bool)
    for g in (PRIMARY, SECONDARY):
        fap_g = opts.p_fap & (opts.p_phase == g)
        total_pan = sc.pan_g[in_r[:, g], g].sum()
        if not fap_g.any() or total_pan <= 0:
            in_r[:, g] = False
            continue
        active[g] = True
        T = sc.ledger_g[in_r[:, g], g].sum() + opts.p_load[fap_g].sum()
        share[:, g] = np.where(in_r[:, g], T * sc.pan_g[:, g] / total_pan, 0.0)
    return FairShare(active=active, in_r=in_r, share=share)


def fair_share_constant(sc: Scenario, opts: Options, fs: FairShare):
    """Constant objective part for s in R_g that no FAP pupil of phase g can reach:
    w.over_fair_share * max(0, ledger - share).  Returns (constant, reachable mask (S,2))."""
    reach = np.zeros((len(sc.school_ids), 2), dtype=bool)
    fx = opts.p_fap[opts.xp]
    reach[opts.xs[fx], opts.p_phase[opts.xp[fx]]] = True
    lone = fs.in_r & ~reach
    excess = np.maximum(0.0, sc.ledger_g - fs.share)
    return float(sc.policy.w["over_fair_share"] * excess[lone].sum()), reach


def relative_gap_ok(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def summary_line(res: dict) -> str:
    n = len(res["assignments"])
    placed = sum(1 for v in res["assignments"].values() if v is not None)
    return (f"{res['solver']}: status={res['status']} objective={res['objective']!r} "
            f"placed={placed}/{n} build={res['build_s']:.3f}s solve={res['solve_s']:.3f}s "
            f"total={res['total_s']:.3f}s")


def write_result(res: dict, out: str | None):
    text = json.dumps(res, indent=1, sort_keys=False)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        print(summary_line(res))
    else:
        print(text)
