//! The generator's random source: one seeded ChaCha stream and the few
//! distributions it needs.
//!
//! Everything random in a generated scenario is drawn from this one stream, in
//! a fixed order, so the same seed gives the same bytes on every run
//! (rand_chacha is value-stable). The distributions use only `+ − × ÷`, square
//! roots and comparisons, which IEEE 754 defines exactly, never `ln`, `exp` or
//! `cos`, whose last bit differs between platforms' maths libraries: so the
//! same seed gives the same bytes on every platform too. Only draws that reach
//! the output go through here: nothing depends on thread count, hash order or
//! the clock.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seeded stream.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// A stream for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.gen::<f64>()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform integer in `lo..=hi`.
    pub fn int(&mut self, lo: u32, hi: u32) -> u32 {
        self.0.gen_range(lo..=hi)
    }

    /// Uniform index below `n` (n > 0).
    pub fn index(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n)
    }

    /// Approximately standard normal: the sum of 12 uniforms, minus 6
    /// (Irwin–Hall; mean 0, variance 1, bounded by ±6).
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// A count of failures before the first success with the given mean
    /// (geometric: the whole-number counterpart of an exponential), at most 10,000.
    pub fn geometric(&mut self, mean: f64) -> u32 {
        let p = 1.0 / (1.0 + mean);
        let mut n = 0;
        while n < 10_000 && !self.chance(p) {
            n += 1;
        }
        n
    }

    /// An index drawn with the given (non-negative, not all zero) weights.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// A value from a table of (value, weight).
    pub fn pick<T: Copy>(&mut self, table: &[(T, f64)]) -> T {
        let w: Vec<f64> = table.iter().map(|(_, w)| *w).collect();
        table[self.weighted(&w)].0
    }
}

/// Cumulative weights for repeated draws from one large table in O(log n).
pub struct Cumulative(Vec<f64>);

impl Cumulative {
    /// From weights (non-negative).
    pub fn new(weights: impl Iterator<Item = f64>) -> Cumulative {
        let mut acc = 0.0;
        Cumulative(
            weights
                .map(|w| {
                    acc += w;
                    acc
                })
                .collect(),
        )
    }

    /// Is there nothing to draw?
    pub fn is_empty(&self) -> bool {
        self.0.last().is_none_or(|t| *t <= 0.0)
    }

    /// An index drawn by weight.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().expect("not empty");
        let x = rng.unit() * total;
        self.0.partition_point(|c| *c <= x).min(self.0.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.unit().to_bits(), b.unit().to_bits());
        }
        assert_ne!(Rng::new(7).unit(), Rng::new(8).unit());
    }

    #[test]
    fn distributions_have_their_means() {
        let mut r = Rng::new(2);
        let n = 20_000;
        let g: f64 = (0..n).map(|_| f64::from(r.geometric(3.0))).sum::<f64>() / f64::from(n);
        assert!((g - 3.0).abs() < 0.1, "{g}");
        let z: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = z.iter().sum::<f64>() / f64::from(n);
        let var = z.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / f64::from(n);
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
    }

    #[test]
    fn weighted_draws_follow_weights() {
        let mut r = Rng::new(1);
        let c = Cumulative::new([1.0, 0.0, 3.0].into_iter());
        let mut n = [0; 3];
        for _ in 0..4000 {
            n[c.draw(&mut r)] += 1;
        }
        assert_eq!(n[1], 0);
        assert!((2700..3300).contains(&n[2]), "{n:?}");
    }
}
