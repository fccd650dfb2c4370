#!/usr/bin/env python3
"""Self-check of the Python peers on scripts/peers/test_examples/*.json.

Usage: python3 scripts/peers/selfcheck.py [--fap target/release/fap] [FILES...]

For every example:
  * options: fapmodel's vectorised options and costs == bruteforce.py's scalar ones;
  * highspy, PuLP + CBC, OR-Tools + SCIP and python-mip + CBC reach the same
    objective (relative 1e-6), and each reported
    objective equals the one recomputed from its assignments by bruteforce.evaluate,
    which also checks every hard rule;
  * where there are at most 200,000 assignments: the brute-force optimum agrees;
  * tiny_secondary_soft.json: the objective computed by hand (below) agrees;
  * with --fap: `fap solve FILE -o PLAN --no-timings` agrees (proposals[0].objective).

Runs itself under the repo's .venv-peers (made by `scripts/compare-peers --setup-only`
if missing).  Ends with 'N passed, N failed'; exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV_PY = os.path.join(ROOT, ".venv-peers", "bin", "python")


def ensure_venv():
    try:
        import highspy  # noqa: F401
        import numpy  # noqa: F401
        import pulp  # noqa: F401
        import mip  # noqa: F401
        from ortools.linear_solver import pywraplp  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.realpath(sys.prefix) == os.path.realpath(os.path.join(ROOT, ".venv-peers")):
        sys.exit("error: .venv-peers lacks a peer's package: run scripts/compare-peers --setup-only")
    if not os.path.exists(VENV_PY) or not peers_installed():
        subprocess.run([os.path.join(ROOT, "scripts", "compare-peers"), "--setup-only"], check=True)
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])


def peers_installed():
    code = "import highspy, numpy, pulp, mip; from ortools.linear_solver import pywraplp"
    return subprocess.run([VENV_PY, "-c", code], capture_output=True).returncode == 0


PEER_SCRIPTS = ("solve_highspy.py", "solve_pulp.py", "solve_scip.py", "solve_mip.py")


def hand_tiny_secondary_soft():
    """tiny_secondary_soft.json worked by hand from MODEL.md (route factor 1.3).
    Optimum: P1->S2, P2->S3, P3->S4, P4->S1 (pinned), P5->AP1, P6->S4."""
    rf = 1.3
    km = lambda de, dn: math.sqrt(de * de + dn * dn) / 1000 * rf  # noqa: E731
    p1 = km(3000, 0) + 2 + 10 + 4  # S2: distance, preference rank 1, previous school, weak (RI)
    p2 = 2.0 + 4  # S3: travel_km override 2.0 (no route factor), weak (inadequate)
    p3 = km(1500, 100) + 0 - 3  # S4: first preference, sibling
    p4 = km(1000, 500)  # S1: pinned, no preferences
    p5 = km(400, 1000) + 8  # AP1: route ap (no ap_route), not preferred (prefers AP2), no needs match
    p6 = km(2000, 400)  # S4: in-year, no preferences
    above_pan = 12 * 1  # S1 year 9 is full: P4 above PAN
    over_cap = 25 * 1  # S1: cap 1, ledger 1, remaining 0
    # fair share, secondary: R = S1 S2 S3 S5 S6 S7 S8 (S4 does not accept FAP), pan 30/60/30/30/30/60/30
    T = (1 + 4 + 3) + (1 + 1 + 2 + 1)  # ledgers + FAP loads (P4 load 2)
    share30, share60 = T * 30 / 270, T * 60 / 270
    e = (1 + 2 - share30) + (4 - share30) + (3 - share60)  # S1 (P4), S6 ledger, S7 ledger
    return p1 + p2 + p3 + p4 + p5 + p6 + above_pan + over_cap + 6 * e


HAND = {"tiny_secondary_soft.json": hand_tiny_secondary_soft}


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}")


def run_peer(script, path, tmp):
    out = os.path.join(tmp, os.path.basename(script) + ".json")
    r = subprocess.run([sys.executable, os.path.join(HERE, script), path, "--out", out],
                       capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(out):
        return None, (r.stderr or r.stdout).strip()
    with open(out) as f:
        return json.load(f), ""


def main():
    ensure_venv()
    sys.path.insert(0, HERE)
    import bruteforce
    import fapmodel as fm

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--fap", help="also check this fap binary's `solve` on every example")
    ap.add_argument("--bf-limit", type=int, default=200_000)
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(HERE, "test_examples", "*.json")))
    ck = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            name = os.path.basename(path)
            print(name)
            orc = bruteforce.load(path)
            sc = fm.load_scenario(path)
            opts = fm.build_options(sc)
            # options and coefficients: vectorised vs scalar
            vec = {}
            for p, s, c in zip(opts.xp, opts.xs, opts.xc):
                vec[(sc.pupils[p]["id"], sc.school_ids[s])] = c
            for p, a, c in zip(opts.zp, opts.za, opts.zc):
                vec[(sc.pupils[p]["id"], sc.ap_ids[a])] = c
            sca = {(pid, o): c for pid, od in orc.options.items() for o, c in od.items()}
            same_set = set(vec) == set(sca)
            ck.check(same_set, f"option sets agree ({len(vec)} options)"
                     + ("" if same_set else f": only vectorised {sorted(set(vec) - set(sca))[:5]}, "
                                            f"only scalar {sorted(set(sca) - set(vec))[:5]}"))
            worst = max((abs(vec[k] - sca[k]) for k in set(vec) & set(sca)), default=0.0)
            ck.check(worst <= 1e-9, f"option costs agree (max diff {worst:.2e})")
            cu_diff = max((abs(opts.cu[i] - orc.cu[p["id"]]) for i, p in enumerate(sc.pupils)), default=0.0)
            ck.check(cu_diff <= 1e-9, "unplaced costs agree")

            objs = {}
            for script in PEER_SCRIPTS:
                res, err = run_peer(script, path, tmp)
                if res is None:
                    ck.check(False, f"{script} ran ({err[-300:]})")
                    continue
                ck.check(res["status"] == "optimal", f"{script} status {res['status']}")
                recomputed, problems = orc.evaluate(res["assignments"])
                ck.check(not problems, f"{script} plan satisfies the hard rules {problems[:3]}")
                ck.check(fm.relative_gap_ok(res["objective"], recomputed),
                         f"{script} objective {res['objective']!r} == recomputed {recomputed!r}")
                objs[script] = res["objective"]
            if len(objs) > 1:
                a = objs.get("solve_highspy.py", next(iter(objs.values())))
                ck.check(all(fm.relative_gap_ok(a, b) for b in objs.values()),
                         "the peers agree: " + ", ".join(f"{s[6:-3]} {b!r}" for s, b in objs.items()))
            n = orc.n_assignments()
            if n <= args.bf_limit and objs:
                best, _, feasible = orc.solve()
                for script, v in objs.items():
                    ck.check(fm.relative_gap_ok(v, best),
                             f"{script} == brute force {best!r} ({n} assignments, {feasible} feasible)")
            if name in HAND and objs:
                hand = HAND[name]()
                for script, v in objs.items():
                    ck.check(fm.relative_gap_ok(v, hand), f"{script} == hand-computed {hand!r}")
            if args.fap and objs:
                plan = os.path.join(tmp, "plan.json")
                r = subprocess.run([args.fap, "solve", path, "-o", plan, "--no-timings"],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    ck.check(False, f"fap solve ran (exit {r.returncode}: {r.stderr.strip()[-300:]})")
                else:
                    with open(plan) as f:
                        fobj = json.load(f)["proposals"][0]["objective"]
                    ref = objs.get("solve_highspy.py", next(iter(objs.values())))
                    ck.check(fm.relative_gap_ok(fobj, ref), f"fap {fobj!r} == peers {ref!r}")
    print(f"{ck.passed} passed, {ck.failed} failed")
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
