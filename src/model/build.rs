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

fn new_var(vars: &mut ProblemVariables, def: VariableDefinition) -> Var {
    let col = vars.len();
    Var {
        v: vars.add(def),
        col,
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

/// Which variant of the program to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape<'a> {
    /// The LP relaxation: `x`, `u` and `o` continuous.
    pub relax: bool,
    /// Only these options (per pupil of the program, per option index); `None`: all.
    /// Pinned and forced options are always kept, and so is every `u`.
    pub allowed: Option<&'a [Vec<bool>]>,
}

/// Builds the program for `pupils` (sorted indices).
pub fn build(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
) -> Program {
    build_with(sc, opts, shares, pupils, extras, Shape::default())
}

/// Builds a variant of the program: the LP relaxation, or a restriction to some options.
pub fn build_with(
    sc: &Scenario,
    opts: &Options,
    shares: &FairShares,
    pupils: &[PupilIdx],
    extras: &Extras,
    shape: Shape,
) -> Program {
    let binary = || {
        if shape.relax {
            variable().min(0).max(1)
        } else {
            variable().binary()
        }
    };
    let w = &sc.policy.weights;
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::with_capacity(pupils.len() * 8);
    let mut map = VarMap {
        pupils: pupils.to_vec(),
        x: Vec::new(),
        u: Vec::new(),
        o: Vec::new(),
        v: Vec::new(),
        e: Vec::new(),
        n_vars: 0,
    };
    let mut constraints = Vec::new();

    // Pupils, per (school, year), per (school, phase) for FAP, per AP provider.
    let mut by_year: BTreeMap<(u32, YearGroup), Vec<(Variable, bool)>> = BTreeMap::new();
    let mut by_phase: BTreeMap<(u32, Phase), Vec<(Variable, f64)>> = BTreeMap::new();
    let mut by_ap: BTreeMap<u32, Vec<Variable>> = BTreeMap::new();
    for (k, &pi) in pupils.iter().enumerate() {
        let p = &sc.pupils[pi as usize];
        let mut xs = Vec::with_capacity(opts.per_pupil[pi as usize].len());
        let mut one = Expression::with_capacity(xs.capacity() + 1);
        let forced: Vec<Target> = extras
            .force
            .iter()
            .filter(|(f, _)| *f == pi)
            .filter_map(|(_, t)| *t)
            .collect();
        for (j, o) in opts.per_pupil[pi as usize].iter().enumerate() {
            let keep = shape.allowed.is_none_or(|a| a[k][j])
                || p.pinned.is_some()
                || forced.contains(&o.target);
            if !keep {
                continue;
            }
            let xv = new_var(&mut vars, binary());
            let x = xv.v;
            objective.add_mul(o.cost, x); // MODEL.md objective: Σ c(p,s)·x + Σ c(p,a)·z
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
            let u = new_var(&mut vars, binary());
            objective.add_mul(super::options::unplaced_cost(sc, p), u.v); // Σ c_u(p)·u[p]
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
            let o = new_var(
                &mut vars,
                if shape.relax {
                    variable()
                } else {
                    variable().integer()
                }
                .min(0)
                .max(above as f64),
            );
            objective.add_mul(w.above_pan, o.v); // w.above_pan · Σ o
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
                let v = new_var(
                    &mut vars,
                    variable().min(0).max((xs.len() as u32 - rem) as f64),
                );
                objective.add_mul(w.over_cap, v.v);
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
            let e = new_var(&mut vars, variable().min(0));
            objective.add_mul(w.over_fair_share, e.v);
            map.e.push((s, g, base, e));
            let mut sum = Expression::with_capacity(xs.len() + 1);
            for (x, lw) in xs {
                sum.add_mul(*lw, *x);
            }
            sum.add_mul(-1.0, e.v);
            constraints.push(sum.leq(-base)); // ledger + Σ lw·x − share ≤ e
            if let Some(cut) = integer_hull_cut(xs, base, e) {
                constraints.push(cut);
            }
        }
    }

    add_extras(&map, extras, &mut constraints);
    map.n_vars = vars.len();
    Program {
        problem: vars.minimise(objective),
        constraints,
        map,
    }
}

/// A valid inequality that tightens the fair-share term without changing the
/// optimum. With whole load weights the load `n = Σ lw·x` is an integer, and
/// `e = max(0, n + base)` only needs to be right at integers; its kink at the
/// fractional point `−base` lets the LP spread pupils so that `e` is 0 where no
/// integer plan can be. Let `n0 = floor(−base)` and `δ = n0 + 1 + base ∈ (0, 1)`:
/// every integer plan satisfies `e ≥ δ·(n − n0)` (the chord of the integer hull
/// between `n0` and `n0 + 1`), and adding it closes most of the LP gap that
/// HiGHS otherwise closes with many rounds of cuts.
fn integer_hull_cut(xs: &[(Variable, f64)], base: f64, e: Var) -> Option<Constraint> {
    if base >= 0.0 || xs.iter().any(|(_, lw)| lw.fract() != 0.0) {
        return None;
    }
    let n0 = (-base).floor();
    let delta = n0 + 1.0 + base;
    if !(delta > 1e-9 && delta < 1.0 - 1e-9) {
        return None;
    }
    let mut sum = Expression::with_capacity(xs.len() + 1);
    for (x, lw) in xs {
        sum.add_mul(delta * lw, *x);
    }
    sum.add_mul(-1.0, e.v);
    Some(sum.leq(delta * n0))
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
