//! The generator's random source: one seeded ChaCha stream and the few
//! distributions it needs.
//!
//! Everything random in a generated scenario is drawn from this one stream, in
//! a fixed order, so the same seed gives the same bytes on every run (rand_chacha
//! is value-stable across platforms and versions of this crate). Only draws that
//! reach the output go through here: nothing depends on thread count, hash
//! order or the clock.

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

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Exponential with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
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
