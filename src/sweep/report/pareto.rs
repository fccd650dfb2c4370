//! The Pareto front over the outcome measures, with tolerances.
//!
//! Variant A dominates B when A is no worse than B on every Pareto measure
//! beyond that measure's tolerance and better than B on at least one by more
//! than its tolerance. Differences within the tolerance count as "equal", so a
//! front no longer flips on a difference of 0.0007 that the table shows as ±0.
//! The front is the set of variants nobody dominates; each variant off it
//! lists who dominates it.

use super::measures::{MEASURES, N};

/// A point oriented so that lower is better on every measure.
fn oriented(values: &[f64; N]) -> [f64; N] {
    let mut v = *values;
    for (x, m) in v.iter_mut().zip(&MEASURES) {
        if !m.lower_is_better {
            *x = -*x;
        }
    }
    v
}

/// Does `a` dominate `b` (values as in `Figures`, tolerances per measure)?
pub fn dominates(a: &[f64; N], b: &[f64; N], tol: &[f64; N]) -> bool {
    let (a, b) = (oriented(a), oriented(b));
    let axes = || (0..N).filter(|&k| MEASURES[k].pareto);
    axes().all(|k| a[k] <= b[k] + tol[k]) && axes().any(|k| a[k] < b[k] - tol[k])
}

/// For each point: `None` when on the front, else the points that dominate it
/// (in the order given).
pub fn front(points: &[[f64; N]], tol: &[f64; N]) -> Vec<Option<Vec<usize>>> {
    (0..points.len())
        .map(|i| {
            let by: Vec<usize> = (0..points.len())
                .filter(|&j| dominates(&points[j], &points[i], tol))
                .collect();
            (!by.is_empty()).then_some(by)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pt(placed: f64, km: f64, share: f64) -> [f64; N] {
        [placed, 0.0, 0.0, km, 0.0, share, 0.0, 0.0, 0.0]
    }

    fn tolerances() -> [f64; N] {
        MEASURES.map(|m| m.tolerance)
    }

    #[test]
    fn small_differences_do_not_dominate_and_large_ones_do() {
        let t = tolerances();
        let a = pt(10.0, 2.0, 1.2);
        assert!(!dominates(&pt(10.0, 1.99, 1.2007), &a, &t));
        assert!(dominates(&pt(10.0, 1.9, 1.2007), &a, &t));
        assert!(dominates(&pt(11.0, 2.0, 1.2), &a, &t), "one more placed");
        assert!(
            !dominates(&pt(11.0, 2.1, 1.2), &a, &t),
            "placed more but travel further"
        );
    }

    #[test]
    fn off_front_points_name_who_dominates_them() {
        let t = tolerances();
        let pts = [pt(10.0, 2.0, 1.0), pt(9.0, 2.5, 1.0), pt(10.0, 1.5, 1.5)];
        assert_eq!(front(&pts, &t), [None, Some(vec![0]), None]);
    }

    proptest! {
        /// Points on a lattice of twice the tolerance, each moved by less than
        /// half of it: the front is the exact front of the lattice points, so
        /// differences within the tolerances never change it.
        #[test]
        fn front_is_stable_under_differences_within_tolerance(
            cells in proptest::collection::vec((0i32..4, 0i32..4, 0i32..4), 2..12),
            noise in proptest::collection::vec((-0.49f64..0.49, -0.49f64..0.49, -0.49f64..0.49), 12),
        ) {
            let t = {
                let mut t = tolerances();
                t[0] = 1.0; // placed: a tolerance of one pupil, so the lattice step is 2
                t
            };
            let step = |k: usize| 2.0 * t[k];
            let lattice: Vec<[f64; N]> = cells
                .iter()
                .map(|&(a, b, c)| pt(a as f64 * step(0), b as f64 * step(3), c as f64 * step(5)))
                .collect();
            let moved: Vec<[f64; N]> = lattice
                .iter()
                .zip(&noise)
                .map(|(p, &(a, b, c))| pt(p[0] + a * t[0], p[3] + b * t[3], p[5] + c * t[5]))
                .collect();
            let exact = front(&lattice, &[0.0; N]);
            let on = |f: &[Option<Vec<usize>>]| f.iter().map(Option::is_none).collect::<Vec<_>>();
            prop_assert_eq!(on(&front(&moved, &t)), on(&exact));
            prop_assert_eq!(front(&moved, &t), front(&lattice, &t));
        }
    }
}
