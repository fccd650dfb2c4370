#!/usr/bin/env python3
"""Solve a fap scenario's placement model (shared/MODEL.md) with PuLP + CBC.

Usage: solve_pulp.py SCENARIO [--out RESULT.json] [--time-limit S] [--gap G] [--threads N] [--log]

The program is program.py's row-by-row build (independent of solve_highspy.py's
vectorised one, so the two peers also check each other), handed to PuLP the ordinary
way: one LpVariable per variable, one constraint per row.  CBC runs with ratioGap
(PuLP's gapRel, CBC's fracGap) 1e-6.
"""

from __future__ import annotations

import os
import sys
import time

T_START = time.perf_counter()

import pulp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import program  # noqa: E402

SENSE = {"<=": pulp.LpConstraintLE, "==": pulp.LpConstraintEQ}


def solve(prog: program.Program, args):
    prob = pulp.LpProblem("fap", pulp.LpMinimize)
    cat = {True: pulp.LpInteger, False: pulp.LpContinuous}
    xs = [pulp.LpVariable(v.name, lowBound=v.lb, upBound=None if v.ub == float("inf") else v.ub,
                          cat=cat[v.integer]) for v in prog.vars]
    for pairs, sense, rhs in prog.rows:
        expr = pulp.LpAffineExpression([(xs[j], c) for j, c in pairs])
        prob.addConstraint(pulp.LpConstraint(expr, SENSE[sense], rhs=rhs))
    prob.setObjective(pulp.LpAffineExpression([(x, v.cost) for x, v in zip(xs, prog.vars)],
                                              constant=prog.const))
    prob.solve(pulp.PULP_CBC_CMD(msg=args.log, gapRel=args.gap, timeLimit=args.time_limit,
                                 threads=args.threads))
    status = {pulp.LpSolutionOptimal: "optimal", pulp.LpSolutionIntegerFeasible: "time_limit",
              pulp.LpSolutionInfeasible: "infeasible"}.get(prob.sol_status)
    if status is None:
        status = pulp.LpStatus[prob.status].lower().replace(" ", "_")
    found = status in ("optimal", "time_limit")
    objective = float(pulp.value(prob.objective)) if found else None
    values = [x.varValue for x in xs] if found else None
    return status, objective, values, f"pulp {pulp.__version__} + cbc"


if __name__ == "__main__":
    sys.exit(program.main(solve, __doc__, T_START))
