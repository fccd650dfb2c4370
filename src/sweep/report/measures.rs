//! The figures a sweep compares variants by, and how to read them.
//!
//! Every figure is an outcome a panel can judge without knowing the policy
//! weights (who is placed, how far they travel, how evenly schools share the
//! load), measured for every variant under one yardstick ([`super::yardstick`]),
//! so two variants with different policies are compared on the same terms.
//! The own objective of a variant is shown beside them but never ranked: its
//! meaning changes with the policy it was solved under.

/// One compared figure.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Name in `--rank-by`, `--tolerance` and the CSV.
    pub key: &'static str,
    /// Heading for people.
    pub label: &'static str,
    /// Is a lower value better?
    pub lower_is_better: bool,
    /// Default tolerance: differences up to this much count as equal in the
    /// Pareto front and in ranking.
    pub tolerance: f64,
    /// Decimals shown to people.
    pub decimals: usize,
    /// Shown as a percentage.
    pub percent: bool,
    /// One of the Pareto front's axes.
    pub pareto: bool,
}

const fn measure(
    key: &'static str,
    label: &'static str,
    lower_is_better: bool,
    tolerance: f64,
    decimals: usize,
    pareto: bool,
) -> Measure {
    Measure {
        key,
        label,
        lower_is_better,
        tolerance,
        decimals,
        percent: false,
        pareto,
    }
}

/// Number of measures.
pub const N: usize = 9;

/// The measures, in column order (indices are those of [`Figures::values`](super::yardstick::Figures)).
pub const MEASURES: [Measure; N] = [
    measure("placed", "Placed", false, 0.0, 0, true),
    measure("unplaced", "Unplaced", true, 0.0, 0, false),
    measure("unplaced_fap", "FAP unplaced", true, 0.0, 0, true),
    measure("mean_km", "Mean km", true, 0.05, 2, true),
    measure("beyond_walking", "Beyond walking", true, 0.0, 0, true),
    measure("max_share", "Max load ÷ share", true, 0.05, 2, true),
    measure("above_pan", "Above PAN", true, 0.0, 0, true),
    Measure {
        percent: true,
        ..measure("first_preference", "1st preference", false, 0.005, 1, false)
    },
    measure("yardstick", "Score (yardstick)", true, 0.01, 2, false),
];

/// Default ranking: children out of school first (FAP, then all), then the
/// fairness of the load, places above PAN, long journeys and mean distance.
pub const DEFAULT_RANK_BY: &str =
    "unplaced_fap,unplaced,max_share,above_pan,beyond_walking,mean_km";

/// The index of a measure by key.
pub fn index(key: &str) -> Option<usize> {
    MEASURES.iter().position(|m| m.key == key)
}

/// The keys, for error messages.
pub fn keys() -> String {
    MEASURES.map(|m| m.key).join(", ")
}

/// `a,b,c` as measure indices (no repeats).
pub fn parse_rank_by(s: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for k in s.split(',').map(str::trim) {
        if k == "objective" {
            return Err("objective cannot rank variants: its meaning changes with each variant's \
                        policy; rank by `yardstick` (every plan scored under one policy) or by outcomes"
                .into());
        }
        let i = index(k).ok_or_else(|| format!("unknown measure {k:?}; choose from {}", keys()))?;
        if out.contains(&i) {
            return Err(format!("{k} is named twice"));
        }
        out.push(i);
    }
    Ok(out)
}

/// Default tolerances with `key=value` overrides.
pub fn parse_tolerances(items: &[String]) -> Result<[f64; N], String> {
    let mut t = MEASURES.map(|m| m.tolerance);
    for item in items.iter().flat_map(|s| s.split(',')) {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| format!("expected KEY=VALUE, e.g. mean_km=0.1; got {item:?}"))?;
        let i = index(k.trim())
            .ok_or_else(|| format!("unknown measure {:?}; choose from {}", k.trim(), keys()))?;
        t[i] = v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| format!("{}: a tolerance is a number ≥ 0, got {v:?}", k.trim()))?;
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_by_takes_known_keys_once_and_never_the_objective() {
        assert_eq!(
            parse_rank_by("unplaced, max_share,mean_km").unwrap(),
            [1, 5, 3]
        );
        assert!(parse_rank_by("objective")
            .unwrap_err()
            .contains("yardstick"));
        assert!(parse_rank_by("unplaced,unplaced").is_err());
        assert!(parse_rank_by("speed").unwrap_err().contains("mean_km"));
        assert_eq!(parse_rank_by(DEFAULT_RANK_BY).unwrap().len(), 6);
    }

    #[test]
    fn tolerances_override_defaults_by_key() {
        let t = parse_tolerances(&["mean_km=0.2,placed=1".into()]).unwrap();
        assert_eq!((t[0], t[3], t[5]), (1.0, 0.2, 0.05));
        assert!(parse_tolerances(&["mean_km=-1".into()]).is_err());
        assert!(parse_tolerances(&["mean_km".into()]).is_err());
    }
}
