#!/usr/bin/env python3
"""Solve a fap scenario's placement model (shared/MODEL.md) with python-mip + CBC.

Usage: solve_mip.py SCENARIO [--out RESULT.json] [--time-limit S] [--gap G] [--threads N] [--log]

The program is program.py's row-by-row build, handed to python-mip (CBC linked in
process through cffi, unlike PuLP's CBC subprocess).  CBC runs with relative gap 1e-6
(`max_mip_gap`).
"""

from __future__ import annotations

import os
import sys
import time

T_START = time.perf_counter()

import mip  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import program  # noqa: E402


def solve(prog: program.Program, args):
    m = mip.Model(sense=mip.MINIMIZE, solver_name=mip.CBC)
    m.verbose = 1 if args.log else 0
    m.max_mip_gap = args.gap
    if args.threads:
        m.threads = args.threads
    xs = [m.add_var(name=v.name, lb=v.lb, ub=mip.INF if v.ub == float("inf") else v.ub,
                    var_type=mip.INTEGER if v.integer else mip.CONTINUOUS, obj=v.cost)
          for v in prog.vars]
    for pairs, sense, rhs in prog.rows:
        expr = mip.xsum(c * xs[j] for j, c in pairs)
        m.add_constr(expr == rhs if sense == "==" else expr <= rhs)
    code = m.optimize(max_seconds=args.time_limit or mip.INF)
    status = {mip.OptimizationStatus.OPTIMAL: "optimal", mip.OptimizationStatus.FEASIBLE: "time_limit",
              mip.OptimizationStatus.INFEASIBLE: "infeasible"}.get(code, code.name.lower())
    found = status in ("optimal", "time_limit")
    return (status, m.objective_value + prog.const if found else None,
            [x.x for x in xs] if found else None, f"python-mip {mip.__version__} + cbc")


if __name__ == "__main__":
    sys.exit(program.main(solve, __doc__, T_START))
