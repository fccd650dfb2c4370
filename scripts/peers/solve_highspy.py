#!/usr/bin/env python3
"""Solve a fap scenario's placement model (shared/MODEL.md) with highspy.

Usage: solve_highspy.py SCENARIO [--out RESULT.json] [--time-limit S] [--gap G] [--log]

The whole program is passed to HiGHS in bulk (addCols, then addRows in CSR form, built
with numpy).  Rows that can never bind are left out (a place with at least as many
free places as candidate pupils, a cap no candidate set can exceed, a fair share no
placement can exceed); the optimum is unchanged.  Prints (or writes) JSON:
{"objective", "status", "assignments", "build_s", "solve_s", "total_s", ...}.
"""

from __future__ import annotations

import os
import sys
import time

T_START = time.perf_counter()

import numpy as np  # noqa: E402

import highspy  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fapmodel as fm  # noqa: E402
import program  # noqa: E402  (the command line the peers share; not its row-by-row build)


class RowBuilder:
    """Accumulates rows as (row, col, value) triplets; emits CSR."""

    def __init__(self):
        self.r, self.c, self.v, self.lo, self.up = [], [], [], [], []
        self.n = 0

    def add(self, rows, cols, vals, lo, up):
        """rows are local indices 0..len(lo)-1 of the new block."""
        self.r.append(np.asarray(rows, dtype=np.int64) + self.n)
        self.c.append(np.asarray(cols, dtype=np.int64))
        self.v.append(np.asarray(vals, dtype=np.float64))
        self.lo.append(np.asarray(lo, dtype=np.float64))
        self.up.append(np.asarray(up, dtype=np.float64))
        self.n += len(lo)

    def csr(self):
        r = np.concatenate(self.r) if self.r else np.zeros(0, np.int64)
        c = np.concatenate(self.c) if self.c else np.zeros(0, np.int64)
        v = np.concatenate(self.v) if self.v else np.zeros(0)
        order = np.lexsort((c, r))
        r, c, v = r[order], c[order], v[order]
        starts = np.zeros(self.n, dtype=np.int32)
        if self.n:
            counts = np.bincount(r, minlength=self.n)
            starts[1:] = np.cumsum(counts)[:-1]
        lo = np.concatenate(self.lo) if self.lo else np.zeros(0)
        up = np.concatenate(self.up) if self.up else np.zeros(0)
        return lo, up, starts, c.astype(np.int32), v


def group(keys):
    """unique keys, inverse index, counts"""
    if len(keys) == 0:
        return keys, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(keys, return_inverse=True, return_counts=True)


def quiet_highs():
    """Highs() prints a banner on the C++ stdout when constructed: send it to stderr,
    so that stdout carries only the JSON result."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def build(sc: fm.Scenario, opts: fm.Options):
    pol, w = sc.policy, sc.policy.w
    inf = highspy.kHighsInf
    P = sc.n_pupils
    nx, nz = len(opts.xp), len(opts.zp)
    cost = [opts.xc, opts.zc, opts.cu]
    lower = [np.zeros(nx), np.zeros(nz), np.zeros(P)]
    upper = [np.ones(nx), np.ones(nz), np.where(opts.pinned, 0.0, 1.0)]
    ncol = nx + nz + P
    int_cols = [np.arange(ncol)]
    x_col = np.arange(nx)
    z_col = nx + np.arange(nz)
    u_col = nx + nz + np.arange(P)
    rb = RowBuilder()

    def new_cols(n, c, lo, up, integer):
        nonlocal ncol
        idx = ncol + np.arange(n)
        cost.append(np.full(n, c, dtype=float))
        lower.append(np.full(n, lo, dtype=float))
        upper.append(np.broadcast_to(np.asarray(up, dtype=float), (n,)).copy())
        if integer:
            int_cols.append(idx)
        ncol += n
        return idx

    # 1. each pupil placed once or unplaced
    rb.add(np.concatenate([opts.xp, opts.zp, np.arange(P)]),
           np.concatenate([x_col, z_col, u_col]),
           np.ones(nx + nz + P), np.ones(P), np.ones(P))

    # 2./3. school places per (s, y), above-PAN places for FAP pupils only
    fap_x = opts.p_fap[opts.xp]
    ykey = opts.xs * fm.NY + opts.p_year[opts.xp]
    keys, inv, cnt = group(ykey)
    free_k = sc.free.reshape(-1)[keys]
    has_fap = np.zeros(len(keys), dtype=bool)
    has_fap[inv[fap_x]] = True
    need = cnt > free_k
    with_o = need & has_fap & (pol.max_above_pan > 0)
    row_of = np.full(len(keys), -1)
    row_of[need] = np.arange(need.sum())
    o_of = np.full(len(keys), -1)
    o_cols = new_cols(int(with_o.sum()), w["above_pan"], 0.0, float(pol.max_above_pan), True)
    o_of[with_o] = o_cols
    sel = row_of[inv] >= 0
    rows = np.concatenate([row_of[inv[sel]], row_of[with_o]])
    cols = np.concatenate([x_col[sel], o_cols])
    vals = np.concatenate([np.ones(sel.sum()), -np.ones(len(o_cols))])
    rb.add(rows, cols, vals, np.full(need.sum(), -inf), free_k[need])
    # in-year pupils may not use the above-PAN places
    iy_cnt = np.bincount(inv[~fap_x], minlength=len(keys)) if len(keys) else np.zeros(0, np.int64)
    need3 = with_o & (iy_cnt > free_k)
    row3 = np.full(len(keys), -1)
    row3[need3] = np.arange(need3.sum())
    sel = (~fap_x) & (row3[inv] >= 0)
    rb.add(row3[inv[sel]], x_col[sel], np.ones(sel.sum()), np.full(need3.sum(), -inf), free_k[need3])

    # 5. fairness cap per (s, g), FAP pupils
    fx = np.nonzero(fap_x)[0]
    gkey = opts.xs[fx] * 2 + opts.p_phase[opts.xp[fx]]
    gkeys, ginv, gcnt = group(gkey)
    if pol.cap_mode != "off":
        rem = fm.cap_remaining(sc).reshape(-1)[gkeys]
        need = gcnt > rem
        row_of = np.full(len(gkeys), -1)
        row_of[need] = np.arange(need.sum())
        sel = row_of[ginv] >= 0
        rows, cols, vals = [row_of[ginv[sel]]], [x_col[fx[sel]]], [np.ones(sel.sum())]
        if pol.cap_mode == "soft":
            v_cols = new_cols(int(need.sum()), w["over_cap"], 0.0, inf, False)
            rows.append(np.arange(need.sum()))
            cols.append(v_cols)
            vals.append(-np.ones(len(v_cols)))
        rb.add(np.concatenate(rows), np.concatenate(cols), np.concatenate(vals),
               np.full(need.sum(), -inf), rem[need].astype(float))

    # 6. fair share per (s, g) in R_g
    fs = fm.fair_share(sc, opts)
    const, _ = fm.fair_share_constant(sc, opts, fs)
    in_r = fs.in_r.reshape(-1)[gkeys]
    ledger = sc.ledger_g.reshape(-1)[gkeys].astype(float)
    share = fs.share.reshape(-1)[gkeys]
    load = opts.p_load[opts.xp[fx]]
    max_load = ledger + (np.bincount(ginv, weights=load, minlength=len(gkeys)) if len(gkeys) else 0.0)
    need = in_r & (max_load > share)
    row_of = np.full(len(gkeys), -1)
    row_of[need] = np.arange(need.sum())
    e_cols = new_cols(int(need.sum()), w["over_fair_share"], 0.0, inf, False)
    sel = row_of[ginv] >= 0
    rb.add(np.concatenate([row_of[ginv[sel]], np.arange(need.sum())]),
           np.concatenate([x_col[fx[sel]], e_cols]),
           np.concatenate([load[sel], -np.ones(len(e_cols))]),
           np.full(need.sum(), -inf), (share - ledger)[need])

    # 4. AP places
    akeys, ainv, acnt = group(opts.za)
    places = sc.a_places[akeys]
    need = acnt > places
    row_of = np.full(len(akeys), -1)
    row_of[need] = np.arange(need.sum())
    sel = row_of[ainv] >= 0
    rb.add(row_of[ainv[sel]], z_col[sel], np.ones(sel.sum()), np.full(need.sum(), -inf),
           places[need].astype(float))

    h = quiet_highs()
    c = np.concatenate(cost)
    h.addCols(ncol, c, np.concatenate(lower), np.concatenate(upper), 0,
              np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))
    lo, up, starts, idx, val = rb.csr()
    h.addRows(rb.n, lo, up, len(idx), starts, idx, val)
    ints = np.concatenate(int_cols).astype(np.int32)
    h.changeColsIntegrality(len(ints), ints,
                            np.full(len(ints), int(highspy.HighsVarType.kInteger), dtype=np.uint8))
    h.changeObjectiveOffset(const)
    return h, (ncol, rb.n, len(idx))


STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kTimeLimit": "time_limit",
    "kUnboundedOrInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kInterrupt": "interrupted",
}


def main(argv=None):
    args = program.arguments(__doc__, argv)  # --gap is HiGHS's mip_rel_gap
    t0 = time.perf_counter()
    loaded = program.read(args.scenario)
    if loaded is None:
        return 2
    sc, opts = loaded
    h, (ncol, nrow, nnz) = build(sc, opts)
    h.setOptionValue("mip_rel_gap", args.gap)
    if args.time_limit:
        h.setOptionValue("time_limit", args.time_limit)
    if args.threads:
        h.setOptionValue("threads", args.threads)
    if args.log:
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", True)
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()

    ms = h.getModelStatus()
    status = STATUS.get(ms.name, ms.name)
    info = h.getInfo()
    assignments = {p["id"]: None for p in sc.pupils}
    objective = None
    if ncol == 0:  # no pupils: only the constant terms
        status, objective = "optimal", float(h.getObjectiveOffset()[1])
    elif info.primal_solution_status == 2:  # feasible
        objective = float(info.objective_function_value)
        col = np.asarray(h.getSolution().col_value)
        nx, nz = len(opts.xp), len(opts.zp)
        for i in np.nonzero(col[:nx] > 0.5)[0]:
            assignments[sc.pupils[opts.xp[i]]["id"]] = sc.school_ids[opts.xs[i]]
        for i in np.nonzero(col[nx:nx + nz] > 0.5)[0]:
            assignments[sc.pupils[opts.zp[i]]["id"]] = sc.ap_ids[opts.za[i]]
    res = {
        "solver": f"highspy {h.version()}",
        "objective": objective,
        "status": status,
        "mip_gap": float(info.mip_gap) if objective is not None and ncol else None,
        "columns": ncol, "rows": nrow, "nonzeros": nnz,
        "assignments": assignments,
        "build_s": t1 - t0,
        "solve_s": t2 - t1,
    }
    res["total_s"] = time.perf_counter() - T_START  # imports included
    fm.write_result(res, args.out)
    return 0 if status == "optimal" else 1


if __name__ == "__main__":
    sys.exit(main())
