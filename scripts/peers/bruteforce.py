#!/usr/bin/env python3
"""Brute-force oracle for tiny fap scenarios (shared/MODEL.md).

Usage: bruteforce.py SCENARIO [--out RESULT.json] [--limit N]

Written apart from fapmodel.py on purpose: plain Python, one (pupil, place) pair at a
time, straight from the text of MODEL.md, with its own defaults.  It enumerates every
assignment (each pupil: one of its options, or unplaced), keeps those that satisfy
the hard constraints, sets o, v and e to their least values given the assignment,
and returns the cheapest.  `evaluate()` is also used by selfcheck.py to recompute the
objective of any plan.  Only for scenarios with a few pupils (refuses more than
--limit assignments, default 2,000,000).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import time

YEARS = ["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]

W0 = {"distance_per_km": 1.0, "transport": 3.0, "preference": [0, 2, 4, 6], "not_preferred": 8.0,
      "previous_school": 10.0, "sibling_bonus": 3.0, "unplaced": 100.0, "weak_school": 4.0,
      "above_pan": 12.0, "over_cap": 25.0, "over_fair_share": 6.0, "ap_route": 20.0,
      "ap_needs_match": 5.0, "fap_priority": 1.5}


def phase(y):
    return "primary" if YEARS.index(y) <= 6 else "secondary"


class Oracle:
    def __init__(self, doc):
        pol = doc.get("policy") or {}
        self.rf = pol.get("route_factor", 1.3)
        mt = pol.get("max_travel_km") or {}
        self.max_km = {"primary": mt.get("primary", 5.0), "secondary": mt.get("secondary", 10.0)}
        self.max_ap_km = pol.get("max_ap_travel_km", 15.0)
        wk = pol.get("walking_km") or {}
        self.walk_u8 = wk.get("under_8", 3.219)
        self.walk_8p = wk.get("eight_plus", 4.828)
        fc = pol.get("fap_cap") or {}
        self.per30 = fc.get("per_30_pan", 1.0)
        self.mode = fc.get("mode", "soft")
        self.map = pol.get("max_above_pan", 1)
        self.protect = pol.get("protect_inadequate", True)
        self.w = dict(W0)
        self.w.update(pol.get("weights") or {})
        self.schools = {s["id"]: s for s in doc["schools"]}
        self.aps = {a["id"]: a for a in doc.get("ap_providers") or []}
        self.pupils = doc["pupils"]
        self.options = {}  # pupil id -> {place id: cost}
        self.cu = {}
        for p in self.pupils:
            self.options[p["id"]] = self._options(p)
            f = self.w["fap_priority"] if p["kind"] == "fap" else 1.0
            self.cu[p["id"]] = self.w["unplaced"] * f * (1 + p.get("days_out_of_education", 0) / 20)

    # -- data helpers
    def dist(self, p, pid, loc):
        tk = p.get("travel_km") or {}
        if pid in tk:
            return tk[pid]
        a = p["home"]
        if "easting" in a:
            d = math.sqrt((a["easting"] - loc["easting"]) ** 2 + (a["northing"] - loc["northing"]) ** 2) / 1000
        else:
            la1, la2 = math.radians(a["lat"]), math.radians(loc["lat"])
            dla = la2 - la1
            dlo = math.radians(loc["lon"]) - math.radians(a["lon"])
            h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
            d = 2 * 6371.0088 * math.asin(math.sqrt(h))
        return d * self.rf

    @staticmethod
    def free(s, y):
        yg = s["year_groups"].get(y)
        return max(0, yg["pan"] - yg["on_roll"]) if yg else 0

    @staticmethod
    def pan_g(s, g):
        return max([yg["pan"] for y, yg in s["year_groups"].items() if phase(y) == g], default=0)

    @staticmethod
    def ledger(s, g):
        return sum(n for y, n in (s.get("fap_this_year") or {}).items() if phase(y) == g)

    @staticmethod
    def teaches(s, g):
        return any(phase(y) == g for y in s["year_groups"])

    def pref_cost(self, p, pid):
        prefs = p.get("preferences") or []
        if pid in prefs:
            table = self.w["preference"]
            return table[min(prefs.index(pid), len(table) - 1)]
        return self.w["not_preferred"] if prefs else 0.0

    # -- eligibility and costs, one pair at a time
    def _options(self, p):
        out = {}
        fap = p["kind"] == "fap"
        y = p["year_group"]
        prefs = p.get("preferences") or []
        pinned = p.get("pinned")
        banned = set(p.get("excluded_from") or []) | set(p.get("avoid") or [])
        route = p.get("route", "school")
        for sid, s in self.schools.items():
            if y not in s["year_groups"]:
                continue
            sex = s.get("sex", "mixed")
            if sex == "boys" and p["sex"] != "m" or sex == "girls" and p["sex"] != "f":
                continue
            if sid in banned or route == "ap":
                continue
            d = self.dist(p, sid, s["location"])
            if d > self.max_km[phase(y)] and sid not in prefs and sid != pinned:
                continue
            ofsted = s.get("ofsted", "not_inspected")
            if self.protect and p.get("behaviour_concern", False) and ofsted == "inadequate":
                continue
            if fap and not (s.get("accepts_fap", True) and self.free(s, y) + self.map > 0):
                continue
            if not fap and not self.free(s, y) > 0:
                continue
            if pinned is not None and sid != pinned:
                continue
            c = self.w["distance_per_km"] * d
            walk = self.walk_u8 if y in ("R", "1", "2") else self.walk_8p
            if d > walk:
                c += self.w["transport"]
            c += self.pref_cost(p, sid)
            if sid in (p.get("previous_schools") or []):
                c += self.w["previous_school"]
            if sid in (p.get("siblings_at") or []):
                c -= self.w["sibling_bonus"]
            if fap and ofsted in ("requires_improvement", "inadequate"):
                c += self.w["weak_school"]
            out[sid] = c
        for aid, a in self.aps.items():
            if not fap or route not in ("ap", "either"):
                continue
            first, last = (YEARS.index(v) for v in a["years"])
            if not first <= YEARS.index(y) <= last or a["places"] <= 0:
                continue
            d = self.dist(p, aid, a["location"])
            if d > self.max_ap_km and aid not in prefs and aid != pinned:
                continue
            if aid in banned or (pinned is not None and aid != pinned):
                continue
            c = self.w["distance_per_km"] * d
            if route != "ap":
                c += self.w["ap_route"]
            c += self.pref_cost(p, aid)
            if set(p.get("needs") or []) & set(a.get("specialisms") or []):
                c -= self.w["ap_needs_match"]
            out[aid] = c
        return out

    # -- objective of a full assignment, o/v/e at their least values
    def evaluate(self, assign):
        """assign: pupil id -> place id or None.  Returns (objective, problems)."""
        problems = []
        total = 0.0
        n_sy, n_sy_iy, n_sg, load_sg, n_a = {}, {}, {}, {}, {}
        n_fap = {"primary": 0.0, "secondary": 0.0}
        has_fap = {"primary": False, "secondary": False}
        for p in self.pupils:
            fap = p["kind"] == "fap"
            g = phase(p["year_group"])
            if fap:
                has_fap[g] = True
                n_fap[g] += p.get("load_weight", 1.0)
            at = assign.get(p["id"])
            if at is None:
                if p.get("pinned") is not None:
                    problems.append(f"{p['id']}: pinned but unplaced")
                total += self.cu[p["id"]]
                continue
            if at not in self.options[p["id"]]:
                problems.append(f"{p['id']}: {at} is not an option")
                continue
            total += self.options[p["id"]][at]
            if at in self.aps:
                n_a[at] = n_a.get(at, 0) + 1
                continue
            k = (at, p["year_group"])
            n_sy[k] = n_sy.get(k, 0) + 1
            if not fap:
                n_sy_iy[k] = n_sy_iy.get(k, 0) + 1
            else:
                n_sg[(at, g)] = n_sg.get((at, g), 0) + 1
                load_sg[(at, g)] = load_sg.get((at, g), 0.0) + p.get("load_weight", 1.0)
        for (sid, y), n in n_sy.items():
            free = self.free(self.schools[sid], y)
            if n_sy_iy.get((sid, y), 0) > free:
                problems.append(f"{sid} year {y}: in-year pupils above PAN")
            o = max(0, n - free)
            if o > self.map:
                problems.append(f"{sid} year {y}: {o} above PAN > {self.map}")
            total += self.w["above_pan"] * o
        for aid, n in n_a.items():
            if n > self.aps[aid]["places"]:
                problems.append(f"{aid}: overfull")
        for sid, s in self.schools.items():
            if not s.get("accepts_fap", True):
                continue
            for g in ("primary", "secondary"):
                if not self.teaches(s, g):
                    continue
                cap = max(1, math.floor(self.per30 * self.pan_g(s, g) / 30 + 1e-9))
                rem = max(0, cap - self.ledger(s, g))
                over = max(0, n_sg.get((sid, g), 0) - rem)
                if self.mode == "hard" and over > 0:
                    problems.append(f"{sid} {g}: over the hard cap")
                if self.mode == "soft":
                    total += self.w["over_cap"] * over
        for g in ("primary", "secondary"):
            if not has_fap[g]:
                continue
            R = [s for s in self.schools.values() if s.get("accepts_fap", True) and self.teaches(s, g)]
            tot_pan = sum(self.pan_g(s, g) for s in R)
            if tot_pan == 0:
                continue
            T = sum(self.ledger(s, g) for s in R) + n_fap[g]
            for s in R:
                share = T * self.pan_g(s, g) / tot_pan
                e = max(0.0, self.ledger(s, g) + load_sg.get((s["id"], g), 0.0) - share)
                total += self.w["over_fair_share"] * e
        return total, problems

    def n_assignments(self):
        n = 1
        for p in self.pupils:
            n *= len(self.options[p["id"]]) + (0 if p.get("pinned") is not None else 1)
        return n

    def solve(self):
        ids = [p["id"] for p in self.pupils]
        choices = []
        for p in self.pupils:
            c = sorted(self.options[p["id"]])
            if p.get("pinned") is None:
                c.append(None)
            choices.append(c)
        best, best_assign, feasible = math.inf, None, 0
        for combo in itertools.product(*choices):
            assign = dict(zip(ids, combo))
            obj, problems = self.evaluate(assign)
            if problems:
                continue
            feasible += 1
            if obj < best - 1e-12:
                best, best_assign = obj, assign
        return best, best_assign, feasible


def load(path):
    with open(path, "rb") as f:
        return Oracle(json.loads(f.read().decode("utf-8-sig")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--out")
    ap.add_argument("--limit", type=int, default=2_000_000)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    orc = load(args.scenario)
    n = orc.n_assignments()
    if n > args.limit:
        print(f"error: {n} assignments to enumerate (limit {args.limit})", file=sys.stderr)
        return 2
    best, assign, feasible = orc.solve()
    found = assign is not None
    res = {"solver": "bruteforce", "objective": best if found else None,
           "status": "optimal" if found else "infeasible", "enumerated": n, "feasible": feasible,
           "assignments": assign if found else {}, "build_s": 0.0, "solve_s": time.perf_counter() - t0,
           "total_s": time.perf_counter() - t0}
    text = json.dumps(res, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text if not args.out else f"bruteforce: objective={res['objective']!r} ({n} enumerated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
