"""The MODEL.md program written row by row, for the peers that take a model one
variable and one constraint at a time (PuLP + CBC, OR-Tools + SCIP, python-mip + CBC).

`build()` turns fapmodel's options into a solver-neutral `Program` (variables with
bounds, type and cost; rows as sparse pairs with a sense and a right-hand side; the
objective's constant), written the ordinary way, independently of solve_highspy.py's
vectorised CSR build, so the two constructions check each other.  `main()` is the
command line every such peer shares: it reads the scenario, builds the program, calls
the peer's `solve(program, args)` and writes the result JSON of scripts/peers/README.md.
A peer's `solve` returns `(status, objective, values, solver_label)`: `status` one of
optimal, time_limit, infeasible, ...; `values` the variables' values (or None).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

import fapmodel as fm


@dataclass
class Var:
    name: str
    lb: float
    ub: float
    integer: bool
    cost: float


@dataclass
class Program:
    vars: list[Var] = field(default_factory=list)
    # (pairs [(var index, coefficient)], "<=" or "==", rhs)
    rows: list[tuple[list[tuple[int, float]], str, float]] = field(default_factory=list)
    const: float = 0.0
    x: list[int] = field(default_factory=list)  # variable index of option x[i]
    z: list[int] = field(default_factory=list)  # variable index of AP option z[i]

    def var(self, name, lb, ub, integer, cost=0.0):
        self.vars.append(Var(name, lb, ub, integer, cost))
        return len(self.vars) - 1

    def le(self, pairs, rhs):
        self.rows.append((pairs, "<=", rhs))

    def eq(self, pairs, rhs):
        self.rows.append((pairs, "==", rhs))


def build(sc: fm.Scenario, opts: fm.Options) -> Program:
    pol, w = sc.policy, sc.policy.w
    P = sc.n_pupils
    prog = Program()
    xp, xs, xc = opts.xp.tolist(), opts.xs.tolist(), opts.xc.tolist()
    zp, za, zc = opts.zp.tolist(), opts.za.tolist(), opts.zc.tolist()
    year, phase = opts.p_year.tolist(), opts.p_phase.tolist()
    fap, load, cu = opts.p_fap.tolist(), opts.p_load.tolist(), opts.cu.tolist()
    pinned = opts.pinned.tolist()

    prog.x = [prog.var(f"x{i}", 0, 1, True, xc[i]) for i in range(len(xp))]
    prog.z = [prog.var(f"z{i}", 0, 1, True, zc[i]) for i in range(len(zp))]
    u = [None if pinned[p] else prog.var(f"u{p}", 0, 1, True, cu[p]) for p in range(P)]

    # 1. placed once or unplaced
    by_pupil = defaultdict(list)
    for i, p in enumerate(xp):
        by_pupil[p].append((prog.x[i], 1))
    for i, p in enumerate(zp):
        by_pupil[p].append((prog.z[i], 1))
    for p in range(P):
        prog.eq(by_pupil[p] + ([(u[p], 1)] if u[p] is not None else []), 1)

    # 2./3. places per school year group; above-PAN places for FAP pupils only
    by_sy = defaultdict(list)
    for i in range(len(xp)):
        by_sy[(xs[i], year[xp[i]])].append(i)
    for (s, y), idx in sorted(by_sy.items()):
        free = int(sc.free[s, y])
        if len(idx) <= free:
            continue
        pairs = [(prog.x[i], 1) for i in idx]
        fap_idx = [i for i in idx if fap[xp[i]]]
        iy_idx = [i for i in idx if not fap[xp[i]]]
        if fap_idx and pol.max_above_pan > 0:
            o = prog.var(f"o_{s}_{y}", 0, pol.max_above_pan, True, w["above_pan"])
            prog.le(pairs + [(o, -1)], free)
            if len(iy_idx) > free:
                prog.le([(prog.x[i], 1) for i in iy_idx], free)
        else:
            prog.le(pairs, free)

    # 5. fairness cap and 6. fair share, per school and phase, FAP pupils
    by_sg = defaultdict(list)
    for i in range(len(xp)):
        if fap[xp[i]]:
            by_sg[(xs[i], phase[xp[i]])].append(i)
    remaining = fm.cap_remaining(sc)
    fs = fm.fair_share(sc, opts)
    prog.const, _ = fm.fair_share_constant(sc, opts, fs)
    for (s, g), idx in sorted(by_sg.items()):
        if pol.cap_mode != "off":
            rem = int(remaining[s, g])
            if len(idx) > rem:
                pairs = [(prog.x[i], 1) for i in idx]
                if pol.cap_mode == "soft":
                    v = prog.var(f"v_{s}_{g}", 0, float("inf"), False, w["over_cap"])
                    pairs.append((v, -1))
                prog.le(pairs, rem)
        if fs.in_r[s, g]:
            ledger = float(sc.ledger_g[s, g])
            share = float(fs.share[s, g])
            if ledger + sum(load[xp[i]] for i in idx) > share:
                e = prog.var(f"e_{s}_{g}", 0, float("inf"), False, w["over_fair_share"])
                prog.le([(prog.x[i], load[xp[i]]) for i in idx] + [(e, -1)], share - ledger)

    # 4. AP places
    by_a = defaultdict(list)
    for i, a in enumerate(za):
        by_a[a].append(i)
    for a, idx in sorted(by_a.items()):
        if len(idx) > int(sc.a_places[a]):
            prog.le([(prog.z[i], 1) for i in idx], int(sc.a_places[a]))
    return prog


def assignments(sc: fm.Scenario, opts: fm.Options, prog: Program, values) -> dict:
    out = {p["id"]: None for p in sc.pupils}
    if values is None:
        return out
    for i, j in enumerate(prog.x):
        if values[j] is not None and values[j] > 0.5:
            out[sc.pupils[opts.xp[i]]["id"]] = sc.school_ids[opts.xs[i]]
    for i, j in enumerate(prog.z):
        if values[j] is not None and values[j] > 0.5:
            out[sc.pupils[opts.zp[i]]["id"]] = sc.ap_ids[opts.za[i]]
    return out


def arguments(doc: str, argv=None) -> argparse.Namespace:
    """The command line every peer takes (highspy's included)."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--out")
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--gap", type=float, default=1e-6, help="relative MIP gap (default 1e-6)")
    ap.add_argument("--threads", type=int, help="solver threads (default: the solver's own)")
    ap.add_argument("--log", action="store_true", help="show the solver's log")
    return ap.parse_args(argv)


def read(path: str):
    """The scenario and its options, or None after printing why it cannot be modelled."""
    try:
        sc = fm.load_scenario(path)
        return sc, fm.build_options(sc)
    except fm.ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return None


def main(solve, doc: str, t_start: float, argv=None) -> int:
    """The command line of a row-by-row peer; `solve(prog, args)` is the peer."""
    args = arguments(doc, argv)
    t0 = time.perf_counter()
    loaded = read(args.scenario)
    if loaded is None:
        return 2
    sc, opts = loaded
    prog = build(sc, opts)
    t1 = time.perf_counter()
    if prog.vars:
        status, objective, values, label = solve(prog, args)
    else:  # no pupils: only the constant terms, nothing for a solver to do
        status, objective, values, label = "optimal", prog.const, [], solve.__module__
    t2 = time.perf_counter()
    res = {
        "solver": label,
        "objective": objective if status in ("optimal", "time_limit") else None,
        "status": status,
        "columns": len(prog.vars), "rows": len(prog.rows),
        "assignments": assignments(sc, opts, prog, values),
        "build_s": t1 - t0,
        "solve_s": t2 - t1,
    }
    res["total_s"] = time.perf_counter() - t_start  # imports included
    fm.write_result(res, args.out)
    return 0 if status == "optimal" else 1
