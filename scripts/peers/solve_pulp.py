#!/usr/bin/env python3
"""Solve a fap scenario's placement model (shared/MODEL.md) with PuLP + CBC.

Usage: solve_pulp.py SCENARIO [--out RESULT.json] [--time-limit S] [--gap G] [--log]

Options and costs come from fapmodel (shared with solve_highspy.py); the constraints
are written here again, the ordinary PuLP way (one LpVariable per option, one
constraint per place, cap and fair share), so the two peers also check each other.
Rows that can never bind are left out, as in solve_highspy.py.  CBC runs with
ratioGap (PuLP's gapRel, CBC's fracGap) 1e-6.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict

T_START = time.perf_counter()

import pulp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fapmodel as fm  # noqa: E402


def build(sc: fm.Scenario, opts: fm.Options):
    pol, w = sc.policy, sc.policy.w
    P = sc.n_pupils
    prob = pulp.LpProblem("fap", pulp.LpMinimize)
    xp, xs, xc = opts.xp.tolist(), opts.xs.tolist(), opts.xc.tolist()
    zp, za, zc = opts.zp.tolist(), opts.za.tolist(), opts.zc.tolist()
    year, phase = opts.p_year.tolist(), opts.p_phase.tolist()
    fap, load, cu = opts.p_fap.tolist(), opts.p_load.tolist(), opts.cu.tolist()
    pinned = opts.pinned.tolist()

    x = [pulp.LpVariable(f"x{i}", cat=pulp.LpBinary) for i in range(len(xp))]
    z = [pulp.LpVariable(f"z{i}", cat=pulp.LpBinary) for i in range(len(zp))]
    u = [None if pinned[p] else pulp.LpVariable(f"u{p}", cat=pulp.LpBinary) for p in range(P)]
    obj = [(x[i], xc[i]) for i in range(len(x))] + [(z[i], zc[i]) for i in range(len(z))]
    obj += [(u[p], cu[p]) for p in range(P) if u[p] is not None]

    def le(pairs, rhs):
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(pairs), pulp.LpConstraintLE, rhs=rhs))

    # 1. placed once or unplaced
    by_pupil = defaultdict(list)
    for i, p in enumerate(xp):
        by_pupil[p].append((x[i], 1))
    for i, p in enumerate(zp):
        by_pupil[p].append((z[i], 1))
    for p in range(P):
        pairs = by_pupil[p] + ([(u[p], 1)] if u[p] is not None else [])
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(pairs), pulp.LpConstraintEQ, rhs=1))

    # 2./3. places per school year group; above-PAN places for FAP pupils only
    by_sy = defaultdict(list)
    for i in range(len(xp)):
        by_sy[(xs[i], year[xp[i]])].append(i)
    for (s, y), idx in sorted(by_sy.items()):
        free = int(sc.free[s, y])
        if len(idx) <= free:
            continue
        pairs = [(x[i], 1) for i in idx]
        fap_idx = [i for i in idx if fap[xp[i]]]
        iy_idx = [i for i in idx if not fap[xp[i]]]
        if fap_idx and pol.max_above_pan > 0:
            o = pulp.LpVariable(f"o_{s}_{y}", lowBound=0, upBound=pol.max_above_pan, cat=pulp.LpInteger)
            obj.append((o, w["above_pan"]))
            le(pairs + [(o, -1)], free)
            if len(iy_idx) > free:
                le([(x[i], 1) for i in iy_idx], free)
        else:
            le(pairs, free)

    # 5. fairness cap and 6. fair share, per school and phase, FAP pupils
    by_sg = defaultdict(list)
    for i in range(len(xp)):
        if fap[xp[i]]:
            by_sg[(xs[i], phase[xp[i]])].append(i)
    remaining = fm.cap_remaining(sc)
    fs = fm.fair_share(sc, opts)
    const, _ = fm.fair_share_constant(sc, opts, fs)
    for (s, g), idx in sorted(by_sg.items()):
        if pol.cap_mode != "off":
            rem = int(remaining[s, g])
            if len(idx) > rem:
                pairs = [(x[i], 1) for i in idx]
                if pol.cap_mode == "soft":
                    v = pulp.LpVariable(f"v_{s}_{g}", lowBound=0)
                    obj.append((v, w["over_cap"]))
                    pairs.append((v, -1))
                le(pairs, rem)
        if fs.in_r[s, g]:
            ledger = float(sc.ledger_g[s, g])
            share = float(fs.share[s, g])
            if ledger + sum(load[xp[i]] for i in idx) > share:
                e = pulp.LpVariable(f"e_{s}_{g}", lowBound=0)
                obj.append((e, w["over_fair_share"]))
                le([(x[i], load[xp[i]]) for i in idx] + [(e, -1)], share - ledger)

    # 4. AP places
    by_a = defaultdict(list)
    for i, a in enumerate(za):
        by_a[a].append(i)
    for a, idx in sorted(by_a.items()):
        if len(idx) > int(sc.a_places[a]):
            le([(z[i], 1) for i in idx], int(sc.a_places[a]))

    prob.setObjective(pulp.LpAffineExpression(obj, constant=const))
    return prob, x, z


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--out")
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--gap", type=float, default=1e-6, help="CBC ratioGap / fracGap (default 1e-6)")
    ap.add_argument("--threads", type=int, help="CBC threads (default: CBC's own, 1)")
    ap.add_argument("--log", action="store_true", help="show the CBC log")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    try:
        sc = fm.load_scenario(args.scenario)
        opts = fm.build_options(sc)
    except fm.ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    prob, x, z = build(sc, opts)
    t1 = time.perf_counter()
    solver = pulp.PULP_CBC_CMD(msg=args.log, gapRel=args.gap, timeLimit=args.time_limit,
                               threads=args.threads)
    if prob.variables():
        prob.solve(solver)
    else:  # no pupils: only the constant terms, nothing for CBC to do
        prob.sol_status = pulp.LpSolutionOptimal
    t2 = time.perf_counter()

    if prob.sol_status == pulp.LpSolutionOptimal:
        status = "optimal"
    elif prob.sol_status == pulp.LpSolutionIntegerFeasible:
        status = "time_limit"
    elif prob.sol_status == pulp.LpSolutionInfeasible:
        status = "infeasible"
    else:
        status = pulp.LpStatus[prob.status].lower().replace(" ", "_")
    assignments = {p["id"]: None for p in sc.pupils}
    objective = None
    if status in ("optimal", "time_limit"):
        objective = float(pulp.value(prob.objective) if prob.variables() else prob.objective.constant)
        for i, var in enumerate(x):
            if var.varValue is not None and var.varValue > 0.5:
                assignments[sc.pupils[opts.xp[i]]["id"]] = sc.school_ids[opts.xs[i]]
        for i, var in enumerate(z):
            if var.varValue is not None and var.varValue > 0.5:
                assignments[sc.pupils[opts.zp[i]]["id"]] = sc.ap_ids[opts.za[i]]
    res = {
        "solver": f"pulp {pulp.__version__} + cbc",
        "objective": objective,
        "status": status,
        "columns": len(prob.variables()), "rows": len(prob.constraints),
        "assignments": assignments,
        "build_s": t1 - t0,
        "solve_s": t2 - t1,
    }
    res["total_s"] = time.perf_counter() - T_START  # imports included
    fm.write_result(res, args.out)
    return 0 if status == "optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
