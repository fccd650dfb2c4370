//! Random draws summarised: an entry with `draws` is one row with a spread.
//!
//! Each draw is a variant with its own files (and its own row in `report.csv`);
//! the report's tables show the draws of one entry (and grid point) as a single
//! row: per measure the mean, minimum, maximum and 10th/90th percentiles over
//! the draws that have a plan. Percentiles interpolate linearly between the
//! sorted values (position `q·(n−1)`, the common "type 7" definition).

use super::measures::N;
use super::yardstick::Figures;

/// Spread of one measure over the draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The draws of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    /// The name the draws share.
    pub name: String,
    /// Sweep indices of the draws.
    pub members: Vec<usize>,
    /// Draws with a plan.
    pub solved: usize,
    /// Per measure, over the draws with a plan (`None` if none has one).
    pub spread: Option<[Spread; N]>,
}

/// Linear-interpolation percentile of sorted values (`q` in [0, 1]).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The spread of each measure over some figures (at least one).
pub fn spread(figures: &[&Figures]) -> [Spread; N] {
    std::array::from_fn(|k| {
        let mut v: Vec<f64> = figures.iter().map(|f| f.values[k]).collect();
        v.sort_by(f64::total_cmp);
        let r = crate::plan::round;
        Spread {
            mean: r(v.iter().sum::<f64>() / v.len() as f64),
            min: v[0],
            max: v[v.len() - 1],
            p10: r(percentile(&v, 0.1)),
            p90: r(percentile(&v, 0.9)),
        }
    })
}

/// Groups variants by the name their draws share, in sweep order.
pub fn group(draws_of: &[Option<&str>], figures: &[Option<Figures>]) -> Vec<Draws> {
    let mut out: Vec<Draws> = Vec::new();
    for (i, d) in draws_of.iter().enumerate() {
        let Some(name) = d else { continue };
        match out.iter_mut().find(|g| g.name == *name) {
            Some(g) => g.members.push(i),
            None => out.push(Draws {
                name: name.to_string(),
                members: vec![i],
                solved: 0,
                spread: None,
            }),
        }
    }
    for g in &mut out {
        let solved: Vec<&Figures> = g
            .members
            .iter()
            .filter_map(|&i| figures[i].as_ref())
            .collect();
        g.solved = solved.len();
        g.spread = (!solved.is_empty()).then(|| spread(&solved));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_sorted_values() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0];
        assert_eq!(percentile(&v, 0.1), 2.0);
        assert_eq!(percentile(&v, 0.9), 10.0);
        assert_eq!(percentile(&[4.0, 8.0], 0.1), 4.4);
        assert_eq!(percentile(&[5.0], 0.9), 5.0);
    }

    #[test]
    fn draws_group_by_shared_name_and_skip_unsolved() {
        let f = |x: f64| Some(Figures { values: [x; N] });
        let draws_of = [None, Some("a"), Some("b"), Some("a"), Some("a")];
        let figures = [f(0.0), f(1.0), f(5.0), None, f(3.0)];
        let g = group(&draws_of, &figures);
        assert_eq!(g.len(), 2);
        assert_eq!(
            (g[0].name.as_str(), &g[0].members[..], g[0].solved),
            ("a", &[1, 3, 4][..], 2)
        );
        let s = g[0].spread.unwrap()[3];
        assert_eq!((s.mean, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!((s.p10, s.p90), (1.2, 2.8));
    }
}
