//! The mixed-integer program of MODEL.md, built with good_lp.
//!
//! Only what can matter is built: a place constraint (2), an above-PAN variable
//! `o` and the in-year restriction (3) exist only where the pupils who could
//! take a year group outnumber its free places; a cap constraint (5) only where
//! the FAP pupils who could go to a school outnumber its remaining cap. Such a
//! constraint could never bind, so leaving it out keeps the optimum exact.
//!
//! A program covers a set of pupils (a whole scenario or one independent
//! component of it, see [`components`]). Variables and constraints are added in
//! index order, so the same input always gives the same program.

use super::objective::Assignment;
use super::options::{remaining, FairShares, Options};
use crate::scenario::{CapMode, Phase, PupilIdx, Scenario, Target, YearGroup};
use good_lp::variable::UnsolvedProblem;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable, VariableDefinition};
use std::collections::BTreeMap;

/// Extra constraints on top of MODEL.md's program.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Earlier proposals: the plan must differ from each in at least `min_diff` pupils.
    pub cuts: Vec<Assignment>,
    /// See `cuts`.
    pub min_diff: usize,
    /// Pupils forced to a placement (`None`: unplaced).
    pub force: Vec<(PupilIdx, Option<Target>)>,
}

/// A variable and its column index (good_lp keeps the index private; columns
/// are numbered in the order variables are added).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Var {
    /// The good_lp variable.
    pub v: Variable,
    /// Its column.
    pub col: usize,
}

/// The program's variables and objective, with each column's objective
/// coefficient kept so that a solver's answer can be re-valued (see
/// [`VarMap::objective`]).
struct Columns {
    vars: ProblemVariables,
    objective: Expression,
    costs: Vec<f64>,
}

impl Columns {
    /// Adds a variable with coefficient `cost` in the objective.
    fn add(&mut self, def: VariableDefinition, cost: f64) -> Var {
        let col = self.vars.len();
        let v = self.vars.add(def);
        self.objective.add_mul(cost, v);
        self.costs.push(cost);
        Var { v, col }
    }
}

/// Which variable stands for what, to read a solution back.
#[derive(Debug, Clone)]
pub struct VarMap {
    /// Pupils of this program, in order.
    pub pupils: Vec<PupilIdx>,
    /// Per pupil of `pupils`: its option variables, as (target, variable).
    pub x: Vec<Vec<(Target, Var)>>,
    /// Per pupil of `pupils`: the unplaced variable (absent if pinned).
    pub u: Vec<Option<Var>>,
    /// Above-PAN variables with (school, year, free places).
    pub o: Vec<(u32, YearGroup, u32, Var)>,
    /// Over-cap variables with (school, phase, remaining).
    pub v: Vec<(u32, Phase, u32, Var)>,
    /// Fair-share excess variables with (school, phase, ledger − share).
    pub e: Vec<(u32, Phase, f64, Var)>,
    /// Number of variables.
    pub n_vars: usize,
    /// The objective coefficient of each column.
    pub costs: Vec<f64>,
}

/// A program ready for a solver.
pub struct Program {
    /// Variables and objective.
    pub problem: UnsolvedProblem,
    /// All constraints.
    pub constraints: Vec<Constraint>,
    /// How to read a solution.
    pub map: VarMap,
}

/// Builds the program for `pupils` (sorted indices).
pub fn build(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
) -> Program {
    let w = &sc.policy.weights;
    let mut cols = Columns {
        vars: ProblemVariables::new(),
        objective: Expression::with_capacity(pupils.len() * 8),
        costs: Vec::new(),
    };
    let mut map = VarMap {
        pupils: pupils.to_vec(),
        x: Vec::new(),
        u: Vec::new(),
        o: Vec::new(),
        v: Vec::new(),
        e: Vec::new(),
        n_vars: 0,
        costs: Vec::new(),
    };
    let mut constraints = Vec::new();

    // Pupils, per (school, year), per (school, phase) for FAP, per AP provider.
    let mut by_year: BTreeMap<(u32, YearGroup), Vec<(Variable, bool)>> = BTreeMap::new();
    let mut by_phase: BTreeMap<(u32, Phase), Vec<(Variable, f64)>> = BTreeMap::new();
    let mut by_ap: BTreeMap<u32, Vec<Variable>> = BTreeMap::new();
    for &pi in pupils {
        let p = &sc.pupils[pi as usize];
        let mut xs = Vec::with_capacity(opts.per_pupil[pi as usize].len());
        let mut one = Expression::with_capacity(xs.capacity() + 1);
        for o in &opts.per_pupil[pi as usize] {
            // MODEL.md objective: Σ c(p,s)·x + Σ c(p,a)·z
            let xv = cols.add(variable().binary(), o.cost);
            let x = xv.v;
            one.add_mul(1.0, x);
            match o.target {
                Target::School(s) => {
                    by_year
                        .entry((s, p.year))
                        .or_default()
                        .push((x, p.is_fap()));
                    if p.is_fap() {
                        by_phase
                            .entry((s, p.year.phase()))
                            .or_default()
                            .push((x, p.load_weight));
                    }
                }
                Target::Ap(a) => by_ap.entry(a).or_default().push(x),
            }
            xs.push((o.target, xv));
        }
        let u = if p.pinned.is_none() {
            // Σ c_u(p)·u[p]
            let u = cols.add(variable().binary(), super::options::unplaced_cost(sc, p));
            one.add_mul(1.0, u.v);
            Some(u)
        } else {
            None
        };
        constraints.push(one.eq(1.0)); // constraint 1: placed once or unplaced
        map.x.push(xs);
        map.u.push(u);
    }

    // Constraints 2 and 3: school places, above PAN for FAP pupils only.
    for (&(s, y), xs) in &by_year {
        let free = sc.schools[s as usize].free(y);
        if xs.len() as u32 <= free {
            continue;
        }
        let n_fap = xs.iter().filter(|(_, f)| *f).count() as u32;
        let above = sc.policy.max_above_pan.min(n_fap);
        let mut sum: Expression = xs.iter().map(|(x, _)| *x).sum();
        if above > 0 {
            // w.above_pan · Σ o
            let o = cols.add(variable().integer().min(0).max(above as f64), w.above_pan);
            map.o.push((s, y, free, o));
            sum.add_mul(-1.0, o.v);
            let in_year: Vec<Variable> = xs.iter().filter(|(_, f)| !*f).map(|(x, _)| *x).collect();
            if in_year.len() as u32 > free {
                constraints.push(in_year.into_iter().sum::<Expression>().leq(free as f64));
                // constraint 3
            }
        }
        constraints.push(sum.leq(free as f64)); // constraint 2
    }

    // Constraint 4: AP places.
    for (&a, zs) in &by_ap {
        let places = sc.aps[a as usize].places;
        if zs.len() as u32 > places {
            constraints.push(zs.iter().copied().sum::<Expression>().leq(places as f64));
        }
    }

    // Constraint 5: fairness cap (hard: v = 0; soft: v ≥ 0 at w.over_cap; off: none).
    if sc.policy.fap_cap_mode != CapMode::Off {
        for (&(s, g), xs) in &by_phase {
            let Some(rem) = remaining(sc, s, g) else {
                continue;
            };
            if xs.len() as u32 <= rem {
                continue;
            }
            let mut sum: Expression = xs.iter().map(|(x, _)| *x).sum();
            if sc.policy.fap_cap_mode == CapMode::Soft {
                // w.over_cap · Σ v
                let v = cols.add(
                    variable().min(0).max((xs.len() as u32 - rem) as f64),
                    w.over_cap,
                );
                map.v.push((s, g, rem, v));
                sum.add_mul(-1.0, v.v);
            }
            constraints.push(sum.leq(rem as f64));
        }
    }

    // Constraint 6: fair share. Schools that nobody here can reach add only a
    // constant, which `evaluate` accounts for; they need no variable.
    if w.over_fair_share > 0.0 {
        for (&(s, g), xs) in &by_phase {
            let Some(share) = shares.get(s, g) else {
                continue;
            };
            let base = sc.schools[s as usize].ledger(g) as f64 - share;
            let max_load: f64 = xs.iter().map(|(_, lw)| lw).sum();
            if base + max_load <= 0.0 {
                continue; // never above the share, e = 0
            }
            let e = cols.add(variable().min(0), w.over_fair_share); // w.over_fair_share · Σ e
            map.e.push((s, g, base, e));
            let mut sum = Expression::with_capacity(xs.len() + 1);
            for (x, lw) in xs {
                sum.add_mul(*lw, *x);
            }
            sum.add_mul(-1.0, e.v);
            constraints.push(sum.leq(-base)); // ledger + Σ lw·x − share ≤ e
        }
    }

    add_extras(&map, extras, &mut constraints);
    map.n_vars = cols.vars.len();
    map.costs = cols.costs;
    Program {
        problem: cols.vars.minimise(cols.objective),
        constraints,
        map,
    }
}

fn add_extras(map: &VarMap, extras: &Extras, constraints: &mut Vec<Constraint>) {
    for (pi, place) in &extras.force {
        if let Some(k) = map.pupils.iter().position(|p| p == pi) {
            if let Some(var) = map.var_of(k, *place) {
                constraints.push(Expression::from(var.v).eq(1.0));
            } else {
                // Not an option here: an impossible program, so the solver says infeasible.
                constraints.push(Expression::from(0.0).eq(1.0));
            }
        }
    }
    // MODEL.md "Ranked proposals": Σ_p X[p, q(p)] ≤ |P| − min_diff for each earlier q.
    for q in &extras.cuts {
        let mut sum = Expression::with_capacity(map.pupils.len());
        for (k, &pi) in map.pupils.iter().enumerate() {
            if let Some(var) = map.var_of(k, q[pi as usize]) {
                sum.add_mul(1.0, var.v);
            }
        }
        constraints.push(sum.leq(map.pupils.len() as f64 - extras.min_diff as f64));
    }
}

impl VarMap {
    /// The variable of the `k`-th pupil's placement, if it is one of its choices.
    pub fn var_of(&self, k: usize, place: Option<Target>) -> Option<Var> {
        match place {
            None => self.u[k],
            Some(t) => self.x[k].iter().find(|(tt, _)| *tt == t).map(|(_, v)| *v),
        }
    }

    /// The objective of column values, in this program (without the constant
    /// terms that `evaluate` adds for schools it does not cover).
    pub fn objective(&self, cols: &[f64]) -> f64 {
        self.costs.iter().zip(cols).map(|(c, x)| c * x).sum()
    }

    /// Reads the placements from column values.
    pub fn read(&self, cols: &[f64], into: &mut Assignment) {
        for (k, &pi) in self.pupils.iter().enumerate() {
            into[pi as usize] = self.x[k]
                .iter()
                .find(|(_, v)| cols[v.col] > 0.5)
                .map(|(t, _)| *t);
        }
    }

    /// Column values of a complete assignment (a warm start): x and u from the
    /// assignment, o, v, e at their least values.
    pub fn columns(&self, sc: &Scenario, a: &Assignment) -> Vec<f64> {
        let mut cols = vec![0.0; self.n_vars];
        let mut count = BTreeMap::<(u32, usize), u32>::new();
        let mut fap = BTreeMap::<(u32, Phase), (u32, f64)>::new();
        for (k, &pi) in self.pupils.iter().enumerate() {
            if let Some(v) = self.var_of(k, a[pi as usize]) {
                cols[v.col] = 1.0;
            }
            if let Some(Target::School(s)) = a[pi as usize] {
                let p = &sc.pupils[pi as usize];
                *count.entry((s, p.year.index())).or_default() += 1;
                if p.is_fap() {
                    let e = fap.entry((s, p.year.phase())).or_default();
                    e.0 += 1;
                    e.1 += p.load_weight;
                }
            }
        }
        for &(s, y, free, v) in &self.o {
            cols[v.col] = count
                .get(&(s, y.index()))
                .copied()
                .unwrap_or(0)
                .saturating_sub(free) as f64;
        }
        for &(s, g, rem, v) in &self.v {
            cols[v.col] = fap.get(&(s, g)).map_or(0, |f| f.0).saturating_sub(rem) as f64;
        }
        for &(s, g, base, v) in &self.e {
            cols[v.col] = (base + fap.get(&(s, g)).map_or(0.0, |f| f.1)).max(0.0);
        }
        cols
    }
}

/// Splits the pupils into independent components: two pupils are in the same
/// component when they have options at the same school or AP provider. Pupils
/// of different components share no constraint and no cost term, so solving
/// each component on its own gives the same optimum. Components are ordered by
/// their smallest pupil index; pupils inside each are sorted.
pub fn components(sc: &Scenario, opts: &Options) -> Vec<Vec<PupilIdx>> {
    let n_targets = sc.schools.len() + sc.aps.len();
    let mut parent: Vec<usize> = (0..sc.pupils.len() + n_targets).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let base = sc.pupils.len();
    for (pi, os) in opts.per_pupil.iter().enumerate() {
        for o in os {
            let t = match o.target {
                Target::School(s) => base + s as usize,
                Target::Ap(a) => base + sc.schools.len() + a as usize,
            };
            let (ra, rb) = (find(&mut parent, pi), find(&mut parent, t));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<PupilIdx>> = BTreeMap::new();
    for pi in 0..sc.pupils.len() {
        let r = find(&mut parent, pi);
        groups.entry(r).or_default().push(pi as PupilIdx);
    }
    groups.into_values().collect()
}
