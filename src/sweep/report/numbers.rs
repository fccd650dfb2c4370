//! Numbers as the sweep report shows them to people: fixed decimals, never
//! `-0`, differences with a sign (`+1.50`, `−2`, `±0`) where a difference too
//! small to show is always `±0`, so a value and its difference never disagree.
//! (One place to swap for the crate-wide number formatting.)

use super::measures::Measure;

/// A number with fixed decimals, never `-0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// A difference with its sign (`+1.50`, `−2`, `±0`), minus as U+2212.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = fixed(x, decimals);
    if s.chars().all(|c| c == '0' || c == '.') {
        "±0".to_string()
    } else if let Some(rest) = s.strip_prefix('-') {
        format!("−{rest}")
    } else {
        format!("+{s}")
    }
}

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
