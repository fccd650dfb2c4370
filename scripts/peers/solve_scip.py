#!/usr/bin/env python3
"""Solve a fap scenario's placement model (shared/MODEL.md) with SCIP through OR-Tools.

Usage: solve_scip.py SCENARIO [--out RESULT.json] [--time-limit S] [--gap G] [--threads N] [--log]

The program is program.py's row-by-row build, handed to OR-Tools' `pywraplp` linear
solver wrapper with its bundled SCIP backend (what an analyst gets from
`pip install ortools`).  SCIP runs with relative gap 1e-6 (`limits/gap`).
"""

from __future__ import annotations

import os
import sys
import time

T_START = time.perf_counter()

from ortools.linear_solver import pywraplp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import program  # noqa: E402


def solve(prog: program.Program, args):
    s = pywraplp.Solver.CreateSolver("SCIP")
    inf = s.infinity()
    xs = [(s.IntVar if v.integer else s.NumVar)(v.lb, inf if v.ub == float("inf") else v.ub, v.name)
          for v in prog.vars]
    for pairs, sense, rhs in prog.rows:
        row = s.Constraint(rhs if sense == "==" else -inf, rhs)
        for j, c in pairs:
            row.SetCoefficient(xs[j], c)
    objective = s.Objective()
    for x, v in zip(xs, prog.vars):
        objective.SetCoefficient(x, v.cost)
    objective.SetOffset(prog.const)
    objective.SetMinimization()
    if args.log:
        s.EnableOutput()
    if args.time_limit:
        s.SetTimeLimit(int(args.time_limit * 1000))
    if args.threads:
        s.SetNumThreads(args.threads)
    s.SetSolverSpecificParametersAsString(f"limits/gap = {args.gap!r}\n")
    code = s.Solve()
    status = {s.OPTIMAL: "optimal", s.FEASIBLE: "time_limit", s.INFEASIBLE: "infeasible"}.get(code, f"status_{code}")
    found = status in ("optimal", "time_limit")
    return (status, objective.Value() if found else None,
            [x.solution_value() for x in xs] if found else None, f"ortools {s.SolverVersion()}")


if __name__ == "__main__":
    sys.exit(program.main(solve, __doc__, T_START))
