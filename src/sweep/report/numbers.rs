//! Numbers as the sweep report shows them to people: fixed decimals, never
//! `-0`, differences with a sign (`+1.50`, `−2`, `±0`) where a difference too
//! small to show is always `±0`, so a value and its difference never disagree.
//! The digits come from [`crate::figures`], as in every other output.

use super::measures::Measure;

pub use crate::figures::{fixed, signed_fixed as signed};

/// A measure's value as shown to people.
pub fn show(m: &Measure, v: f64) -> String {
    if m.percent {
        format!("{}%", fixed(v * 100.0, m.decimals))
    } else {
        fixed(v, m.decimals)
    }
}

/// A measure's difference as shown to people.
pub fn show_delta(m: &Measure, d: f64) -> String {
    if m.percent {
        format!("{} pt", signed(d * 100.0, m.decimals))
    } else {
        signed(d, m.decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(2.0 / 3.0, 3), "0.667");
        assert_eq!(signed(0.0, 1), "±0");
        assert_eq!(signed(-0.0007, 2), "±0");
        assert_eq!(signed(-1.25, 1), "−1.2");
        assert_eq!(signed(3.0, 0), "+3");
    }
}
