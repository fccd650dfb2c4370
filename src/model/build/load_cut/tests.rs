//! Load cuts checked against every plan of small schools: the plain cut at
//! `S`, and cuts whose weight-1 pupils of a year group are held by its place
//! row (module doc of `load_cut.rs`).

use super::*;

/// Every plan of a school's candidates: weights `w` (1 or 2), `S` the
/// first `n_s` of them; the cut at `S` never exceeds `f` of the plan's load.
fn check_all_plans(base: f64, w: &[f64], n_s: usize) -> bool {
    let s: f64 = w[..n_s].iter().sum();
    let members = (0..n_s as u32).collect();
    let Some((cut, rhs)) = LoadCut::new(0, base, members, s, Vec::new()) else {
        return false;
    };
    (0u32..1 << w.len()).all(|plan| {
        let chosen = (0..w.len()).filter(|i| plan >> i & 1 == 1);
        let n: f64 = chosen.clone().map(|i| w[i]).sum();
        let lhs: f64 = chosen
            .map(|i| cut.coefficient(i as u32, w[i], YearGroup(0)))
            .sum();
        lhs - least_excess(base, n) <= rhs + 1e-9
    })
}

#[test]
fn load_cuts_cut_off_no_plan() {
    let mut tried = 0;
    for bits in 0u32..1 << 7 {
        let w: Vec<f64> = (0..7).map(|i| 1.0 + f64::from(bits >> i & 1)).collect();
        for n_s in 0..=4 {
            for base in [-0.5, -1.0, -1.3, -2.0, -2.7, -3.5, -4.25, -6.9] {
                let s: f64 = w[..n_s].iter().sum();
                if slopes(base, s).is_some() {
                    tried += 1;
                    assert!(check_all_plans(base, &w, n_s), "{base} {w:?} {n_s}");
                }
            }
        }
    }
    assert!(tried > 1000, "only {tried} cuts checked");
}

#[test]
fn load_cut_cuts_off_the_split_pupil() {
    // S = one weight-1 pupil (s = 1), base −1.5: f(1) = 0, f(2) = 0.5, f(3) = 1.5.
    let (a, a2, rhs) = slopes(-1.5, 1.0).unwrap();
    assert_eq!((a, a2), (0.5, 1.0));
    // The LP point: S whole, a weight-2 pupil at one half, e = f(2) = 0.5.
    let lhs = a2 * 1.0 + (a + a2) * 0.5 - 0.5;
    assert!(lhs > rhs + 0.2, "{lhs} ≤ {rhs}");
    // A weaker kink-free load asks nothing.
    assert!(slopes(-1.5, 3.0).is_none());
}

/// A candidate of the small school: FAP (with its load weight) or in-year,
/// and its year group (0 or 1).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    fap: bool,
    lw: f64,
    year: u8,
}

/// A small school: candidates, the first `n_s` FAP ones form `S`, the
/// in-year ones are whole in the listed order; free places and the most
/// `o` per year group.
#[derive(Debug)]
struct School {
    cands: Vec<Candidate>,
    n_s: usize,
    free: [f64; 2],
    above: [f64; 2],
    base: f64,
}

/// A tiny deterministic generator (xorshift), so the test needs no crate.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn random_school(rng: &mut Rng) -> School {
    let n = 3 + rng.below(6) as usize;
    let mut cands: Vec<Candidate> = (0..n)
        .map(|_| Candidate {
            fap: rng.below(4) != 0,
            lw: 1.0 + rng.below(3).saturating_sub(1) as f64,
            year: rng.below(2) as u8,
        })
        .collect();
    for c in &mut cands {
        if !c.fap {
            c.lw = 0.0; // in the year's places, not in the load
        }
    }
    // S first: sort FAP pupils to the front.
    cands.sort_by_key(|c| !c.fap);
    let n_fap = cands.iter().filter(|c| c.fap).count();
    School {
        n_s: rng.below(n_fap as u64 + 1) as usize,
        free: [rng.below(4) as f64, rng.below(4) as f64],
        above: [rng.below(2) as f64, rng.below(2) as f64],
        base: -(rng.below(60) as f64) / 10.0 - 0.05,
        cands,
    }
}

/// The cuts that `candidates` could build at `school` with `held` years
/// (each with the variant `credit`).
fn held_cut(school: &School, held: &[(u8, bool)]) -> Option<(LoadCut, f64)> {
    let c = &school.cands;
    let members: Vec<PupilIdx> = (0..school.n_s as u32).collect();
    let s: f64 = c[..school.n_s].iter().map(|c| c.lw).sum();
    let mut groups = Vec::new();
    for &(y, credit) in held {
        let yi = y as usize;
        let in_s = c[..school.n_s].iter().filter(|c| c.year == y).count() as f64;
        let whole: Vec<PupilIdx> = (0..c.len())
            .filter(|&i| !c[i].fap && c[i].year == y)
            .map(|i| i as u32)
            .collect();
        let limit = school.free[yi] + if credit { 0.0 } else { school.above[yi] };
        groups.push(Held::new(YearGroup(y), limit, credit, in_s, &whole)?);
    }
    LoadCut::new(0, school.base, members, s, groups)
}

/// Does the cut hold for every plan that fits the school's places (`o` at
/// its least, `e = f(load)`)?
fn holds_for_every_plan(school: &School, cut: &LoadCut, rhs: f64) -> bool {
    let c = &school.cands;
    (0u32..1 << c.len()).all(|plan| {
        let at: Vec<usize> = (0..c.len()).filter(|i| plan >> i & 1 == 1).collect();
        let count = |y: u8, fap_too: bool| {
            at.iter()
                .filter(|&&i| c[i].year == y && (fap_too || !c[i].fap))
                .count() as f64
        };
        let o: Vec<f64> = (0..2u8)
            .map(|y| (count(y, true) - school.free[y as usize]).max(0.0))
            .collect();
        let fits = (0..2u8).all(|y| {
            o[y as usize] <= school.above[y as usize] && count(y, false) <= school.free[y as usize]
        });
        if !fits {
            return true;
        }
        let n: f64 = at.iter().map(|&i| c[i].lw).sum();
        let x: f64 = at
            .iter()
            .map(|&i| {
                let year = YearGroup(c[i].year);
                if c[i].fap {
                    cut.coefficient(i as u32, c[i].lw, year)
                } else {
                    cut.in_year_coefficient(i as u32, year)
                }
            })
            .sum();
        let credit: f64 = cut.above_entries().map(|(sy, a)| a * o[sy]).sum();
        x + credit - least_excess(school.base, n) <= rhs + 1e-9
    })
}

/// Held cuts (one year group or both, crediting `o` or resting on its
/// bound) cut off no plan of 20,000 random small schools.
#[test]
fn held_load_cuts_cut_off_no_plan() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for _ in 0..20_000 {
        let school = random_school(&mut rng);
        for held in [
            vec![(0, true)],
            vec![(0, false)],
            vec![(1, true)],
            vec![(0, true), (1, false)],
            vec![(0, false), (1, true)],
        ] {
            if let Some((cut, rhs)) = held_cut(&school, &held) {
                checked += 1;
                assert!(
                    holds_for_every_plan(&school, &cut, rhs),
                    "{school:?} {held:?} {cut:?} rhs {rhs}"
                );
            }
        }
    }
    assert!(checked > 10_000, "only {checked} cuts checked");
}

/// The held cut cuts off the point the plain one cannot: two weight-1
/// pupils of a full year group (no free place, one above PAN) at one half
/// each, and a weight-2 pupil of another year at one half.
#[test]
fn held_load_cut_cuts_off_two_halves_in_a_full_year_group() {
    let fap = |lw, year| Candidate {
        fap: true,
        lw,
        year,
    };
    let school = School {
        cands: vec![fap(1.0, 0), fap(1.0, 0), fap(2.0, 1)],
        n_s: 0,
        free: [0.0, 3.0],
        above: [1.0, 1.0],
        base: -2.404, // f(1) = 0, f(2) = 0, f(3) = 0.596
    };
    let x = [0.5, 0.5, 0.5];
    let e = least_excess(school.base, 2.0); // the LP's load is 2
    let lhs = |cut: &LoadCut| -> f64 {
        (0..3)
            .map(|i| {
                cut.coefficient(
                    i as u32,
                    school.cands[i].lw,
                    YearGroup(school.cands[i].year),
                ) * x[i]
            })
            .sum::<f64>()
            - e
    };
    let (held, rhs) = held_cut(&school, &[(0, false)]).expect("a kink at 2..3");
    assert!(holds_for_every_plan(&school, &held, rhs));
    assert!(lhs(&held) > rhs + 0.25, "{} ≤ {rhs}", lhs(&held));
    // The plain cut at S = {} sees no kink in reach: nothing to cut.
    let plain = LoadCut::new(0, school.base, Vec::new(), 0.0, Vec::new());
    assert!(plain.is_none_or(|(cut, rhs)| lhs(&cut) <= rhs + 1e-9));
}
