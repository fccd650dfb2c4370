//! Numbers and counts as every output shows them to people: the panel pack,
//! the explanations in a plan, the CLI summaries and the sweep report. One
//! module so that the same figure reads the same everywhere: a true minus
//! sign (`−2.00`, never `-2.00`), never a negative zero, a difference of zero
//! as `±0`, distances with their unit, ratios to two decimals, counts with
//! the right noun. Files that programs read (CSV cells) use [`data`]: ASCII
//! minus, fixed decimals, so a spreadsheet parses them as numbers.

/// Differences smaller than this are floating-point noise, shown as zero.
pub const NOISE: f64 = 1e-9;

/// `x` rounded to `decimals`, as ASCII, without a negative zero.
pub fn data(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

/// `x` with fixed decimals and a true minus sign: `−2.00`, `0.50`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = data(x, decimals);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// A difference with fixed decimals: `+1.50`, `−2.00`, and `±0` when it
/// rounds to zero.
pub fn signed_fixed(x: f64, decimals: usize) -> String {
    let s = fixed(x, decimals);
    if s.chars().all(|c| c == '0' || c == '.') {
        "±0".to_string()
    } else if s.starts_with('−') {
        s
    } else {
        format!("+{s}")
    }
}

/// Decimals that show `x`: two, or six when two would show a non-zero value
/// as zero.
fn digits(x: f64) -> usize {
    if x != 0.0 && x.abs() < 0.005 {
        6
    } else {
        2
    }
}

/// A number for people: two decimals (six when two would hide a non-zero
/// value), a true minus sign, noise below 1e-9 shown as 0.
pub fn num(x: f64) -> String {
    let x = if x.abs() < NOISE { 0.0 } else { x };
    fixed(x, digits(x))
}

/// A difference for people: `+1.50`, `−2.00`, `±0`.
pub fn signed(x: f64) -> String {
    let x = if x.abs() < NOISE { 0.0 } else { x };
    signed_fixed(x, digits(x))
}

/// A distance: `2.3 km` (one decimal: a panel reads journeys, not metres).
pub fn km(x: f64) -> String {
    format!("{} km", fixed(x, 1))
}

/// A ratio such as load ÷ fair share: `1.91`.
pub fn ratio(x: f64) -> String {
    fixed(x, 2)
}

/// `a` as a whole percentage of `b`: `39%` (`–` of nothing).
pub fn percent(a: usize, b: usize) -> String {
    if b == 0 {
        "–".to_string()
    } else {
        format!("{:.0}%", 100.0 * a as f64 / b as f64)
    }
}

/// A count with its noun: `1 pupil`, `3 pupils`, `0 pupils`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minus_is_true_and_zero_is_never_negative() {
        assert_eq!(fixed(-2.0, 2), "−2.00");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(data(-0.001, 2), "0.00");
        assert_eq!(data(-2.5, 1), "-2.5");
        assert_eq!(num(-1e-12), "0.00");
        assert_eq!(num(0.001), "0.001000");
        assert_eq!(num(-3.456), "−3.46");
    }

    #[test]
    fn differences_carry_a_sign_and_zero_is_plus_minus() {
        assert_eq!(signed(1.5), "+1.50");
        assert_eq!(signed(-2.0), "−2.00");
        assert_eq!(signed(0.0), "±0");
        assert_eq!(signed(-1e-12), "±0");
        assert_eq!(signed_fixed(-0.004, 2), "±0");
        assert_eq!(signed_fixed(3.0, 0), "+3");
    }

    #[test]
    fn units_percentages_and_nouns() {
        assert_eq!(km(2.345), "2.3 km");
        assert_eq!(ratio(1.909), "1.91");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(1, 0), "–");
        assert_eq!(count(1, "pupil", "pupils"), "1 pupil");
        assert_eq!(count(2, "pupil", "pupils"), "2 pupils");
    }
}
