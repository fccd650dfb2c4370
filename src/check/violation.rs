//! What can be wrong with a plan, as data: one variant per violation kind.
//!
//! Each variant carries the ids and numbers it concerns (never names or free
//! text: pupils' data is special-category) and renders itself as one line in the
//! style of `fap validate`. [`Violation::code`] is the stable code listed in
//! `docs/checker.md`; tests match on the variants, people read the messages.

use crate::scenario::issue::quote;

/// Why a placement is not one of the pupil's options (MODEL.md "Eligible options").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ineligible {
    /// Rule 1: the school does not teach the pupil's year group.
    NotTaught,
    /// Rule 2: a single-sex school of the other sex.
    Sex,
    /// Rule 3 (and the AP rules): the school or AP provider excluded the pupil.
    ExcludedFrom,
    /// Rule 3 (and the AP rules): the panel ruled it out (`avoid`).
    Avoid,
    /// Rule 4: the pupil's route is AP only.
    RouteApOnly,
    /// Rule 5 (and the AP rules): farther than the travel limit, not preferred, not pinned.
    TooFar {
        /// Distance, km.
        km: f64,
        /// The limit, km.
        limit: f64,
    },
    /// Rule 6: an inadequate school for a pupil with a behaviour concern.
    ProtectInadequate,
    /// Rule 7: the school is exempt from FAP placements this year.
    NotAcceptsFap,
    /// Rule 7: a FAP pupil at a year group with no free place and no above-PAN allowance.
    NoPlaceFap,
    /// Rule 7: an in-year pupil at a year group with no free place.
    NoPlaceInYear,
    /// AP rules: only FAP pupils go to AP.
    ApNotFap,
    /// AP rules: the pupil's route is mainstream school only.
    RouteSchoolOnly,
    /// AP rules: the provider does not serve the pupil's year group.
    ApYears,
    /// AP rules: the provider has no places this round.
    ApNoPlaces,
}

impl Ineligible {
    /// Completes "placed at X which …", ending with the MODEL.md rule.
    pub fn describe(&self) -> String {
        match self {
            Ineligible::NotTaught => "does not teach their year group (rule 1)".into(),
            Ineligible::Sex => "is a single-sex school of the other sex (rule 2)".into(),
            Ineligible::ExcludedFrom => "excluded them (rule 3)".into(),
            Ineligible::Avoid => "the panel ruled out for them (avoid, rule 3)".into(),
            Ineligible::RouteApOnly => "is a school, but their route is AP only (rule 4)".into(),
            Ineligible::TooFar { km, limit } => format!(
                "is {km:.3} km away, beyond the {limit} km limit, and neither preferred nor pinned (rule 5)"
            ),
            Ineligible::ProtectInadequate => {
                "is inadequate and they have a behaviour concern (rule 6)".into()
            }
            Ineligible::NotAcceptsFap => "is exempt from FAP placements this year (rule 7)".into(),
            Ineligible::NoPlaceFap => {
                "has no free place in their year group and no above-PAN allowance (rule 7)".into()
            }
            Ineligible::NoPlaceInYear => {
                "has no free place in their year group, and in-year pupils cannot go above PAN (rule 7)"
                    .into()
            }
            Ineligible::ApNotFap => "is an AP provider, and AP is for FAP pupils only (AP rules)".into(),
            Ineligible::RouteSchoolOnly => {
                "is an AP provider, but their route is school only (AP rules)".into()
            }
            Ineligible::ApYears => "does not serve their year group (AP rules)".into(),
            Ineligible::ApNoPlaces => "has no places this round (AP rules)".into(),
        }
    }
}

/// One broken rule of a plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Violation {
    /// The plan has no proposal at all.
    #[error("the plan has no proposals")]
    NoProposals,
    /// A contrast plan (`contrasts`) breaks a rule; its code is the inner one's.
    #[error("contrast plan {}: {violation}", quote(.style))]
    InContrast {
        /// The contrast's `style`.
        style: String,
        /// What it breaks.
        violation: Box<Violation>,
    },
    /// A pupil of the scenario has no assignment record.
    #[error("pupil {}: missing (every pupil of the scenario needs a placement or \"unplaced\": true)", quote(.pupil))]
    MissingPupil {
        /// Pupil id.
        pupil: String,
    },
    /// A pupil has more than one assignment record.
    #[error("pupil {}: listed {times} times (each pupil is placed exactly once)", quote(.pupil))]
    DuplicatePupil {
        /// Pupil id.
        pupil: String,
        /// How many records.
        times: usize,
    },
    /// An assignment names a pupil the scenario does not have.
    #[error("pupil {}: not a pupil of the scenario", quote(.pupil))]
    UnknownPupil {
        /// Pupil id.
        pupil: String,
    },
    /// `school` or `ap` names an id the scenario does not have under that kind.
    #[error("pupil {}: {field} {} is {}", quote(.pupil), quote(.id), .found)]
    UnknownTarget {
        /// Pupil id.
        pupil: String,
        /// `school` or `ap`.
        field: &'static str,
        /// The id given.
        id: String,
        /// What the id is instead ("not in the scenario", "an AP provider", …).
        found: &'static str,
    },
    /// Not exactly one of `school`, `ap`, `unplaced: true`.
    #[error("pupil {}: {problem} (give exactly one of \"school\", \"ap\", \"unplaced\": true)", quote(.pupil))]
    BadPlacement {
        /// Pupil id.
        pupil: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// The placement is not one of the pupil's options.
    #[error("pupil {}: placed at {} which {}", quote(.pupil), quote(.target), .rule.describe())]
    NotEligible {
        /// Pupil id.
        pupil: String,
        /// School or AP id.
        target: String,
        /// The rule that removes the option.
        rule: Ineligible,
    },
    /// A pinned pupil is not at its pinned school or AP provider (rule 8).
    #[error("pupil {}: pinned at {} but {} (rule 8)", quote(.pupil), quote(.pinned), match .placed {
        Some(t) => format!("placed at {}", quote(t)),
        None => "left unplaced".to_string(),
    })]
    PinnedNotHonoured {
        /// Pupil id.
        pupil: String,
        /// Where the panel pinned them.
        pinned: String,
        /// Where the plan puts them (`None`: unplaced).
        placed: Option<String>,
    },
    /// More pupils in a school year group than free places + `max_above_pan` (constraint 2).
    #[error("school {} year {year}: {placed} pupils placed, more than {free} free place(s) + {max_above_pan} above PAN (constraint 2)", quote(.school))]
    OverCapacity {
        /// School id.
        school: String,
        /// Year group (`R`, `1` … `11`).
        year: String,
        /// Pupils placed there.
        placed: u32,
        /// `free(s,y)`.
        free: u32,
        /// `policy.max_above_pan`.
        max_above_pan: u32,
    },
    /// More in-year pupils in a school year group than its free places (constraint 3).
    #[error("school {} year {year}: {in_year} in-year pupils placed, more than its {free} free place(s); only FAP pupils may go above PAN (constraint 3)", quote(.school))]
    InYearAbovePan {
        /// School id.
        school: String,
        /// Year group.
        year: String,
        /// In-year pupils placed there.
        in_year: u32,
        /// `free(s,y)`.
        free: u32,
    },
    /// More pupils at an AP provider than its places (constraint 4).
    #[error("AP provider {}: {placed} pupils placed, more than its {places} place(s) (constraint 4)", quote(.ap))]
    ApOverCapacity {
        /// AP id.
        ap: String,
        /// Pupils placed there.
        placed: u32,
        /// `places(a)`.
        places: u32,
    },
    /// More FAP pupils at a school and phase than the hard fairness cap leaves (constraint 5).
    #[error("school {} {phase}: {placed} FAP pupils placed, more than the {remaining} left under the hard fairness cap (cap {cap}, {ledger} already this year; constraint 5)", quote(.school))]
    HardCapExceeded {
        /// School id.
        school: String,
        /// `primary` / `secondary`.
        phase: &'static str,
        /// FAP pupils placed there in the phase.
        placed: u32,
        /// `cap(s,g)`.
        cap: u32,
        /// `ledger_g(s)`.
        ledger: u32,
        /// `remaining(s,g)`.
        remaining: u32,
    },
    /// The proposal's objective is not what its assignments cost.
    #[error("objective {stated} but the assignments give {recomputed} (difference {:.6})", .stated - .recomputed)]
    WrongObjective {
        /// In the plan.
        stated: f64,
        /// Recomputed from MODEL.md.
        recomputed: f64,
    },
    /// `--reference` was given, but the plan was not re-solved against a reference.
    #[error("the plan records no reference plan, so its objective has no move term (re-solve with `fap solve --reference`)")]
    NoReference,
    /// The plan has a reference but this proposal has no `moves` block.
    #[error("no `moves` block, but the plan was re-solved against a reference plan")]
    MissingMoves,
    /// `moves.pupils_moved` or `moves.moved` is not who moved off the reference plan.
    #[error("{stated} pupil(s) moved by the plan's count, but {recomputed} moved off the reference plan{}", wrongly_listed(.differ))]
    WrongMoves {
        /// `moves.pupils_moved`.
        stated: u32,
        /// Recomputed against the reference plan.
        recomputed: u32,
        /// Pupils listed in `moves.moved` who did not move, or moved and are not listed.
        differ: Vec<String>,
    },
    /// `moves.move_cost` is not `w.move` times the pupils moved.
    #[error("move cost {stated} but the moves cost {recomputed}")]
    WrongMoveCost {
        /// In the plan.
        stated: f64,
        /// `w.move · pupils moved`.
        recomputed: f64,
    },
    /// An assignment's `cost` is not its placement's cost.
    #[error("pupil {}: cost {stated} but the placement costs {recomputed}", quote(.pupil))]
    WrongCost {
        /// Pupil id.
        pupil: String,
        /// In the plan.
        stated: f64,
        /// `c(p,t)` or `c_u(p)`.
        recomputed: f64,
    },
    /// An assignment's `km` is not the distance to its placement (or is given for an unplaced pupil).
    #[error("pupil {}: km {stated} but {}", quote(.pupil), match .recomputed {
        Some(d) => format!("the distance is {d}"),
        None => "the pupil is unplaced".to_string(),
    })]
    WrongKm {
        /// Pupil id.
        pupil: String,
        /// In the plan.
        stated: f64,
        /// The distance, or `None` for an unplaced pupil.
        recomputed: Option<f64>,
    },
    /// `rank` is not the proposal's position.
    #[error("rank {stated}, but it is proposal {expected} in the list")]
    WrongRank {
        /// In the plan.
        stated: usize,
        /// Its position, 1-based.
        expected: usize,
    },
    /// A proposal costs less than the one ranked before it.
    #[error("objective {objective} is lower than proposal {previous}'s {previous_objective}: proposals must be ranked by objective")]
    RankOrder {
        /// This proposal's recomputed objective.
        objective: f64,
        /// The position of the one before.
        previous: usize,
        /// Its recomputed objective.
        previous_objective: f64,
    },
    /// `gap_to_best` is not objective − proposal 1's objective.
    #[error("gap_to_best {stated} but objective − proposal 1's objective is {recomputed}")]
    WrongGap {
        /// In the plan.
        stated: f64,
        /// Recomputed.
        recomputed: f64,
    },
    /// `differs_from_best` does not list exactly the pupils placed differently from proposal 1.
    #[error("differs_from_best is wrong: {}", differs_detail(.missing, .extra))]
    WrongDiffers {
        /// Pupils placed differently but not listed.
        missing: Vec<String>,
        /// Pupils listed but placed the same (or listed out of scenario order, or twice).
        extra: Vec<String>,
    },
    /// Two proposals differ in fewer pupils than `min_diff` (MODEL.md "Ranked proposals").
    #[error("differs from proposal {other} in {differ} pupil(s), fewer than min_diff {min_diff}")]
    TooSimilar {
        /// The earlier proposal's position.
        other: usize,
        /// Pupils placed differently.
        differ: usize,
        /// `generator.options.min_diff`.
        min_diff: usize,
    },
    /// `status` is neither `optimal` nor `time_limit`.
    #[error("status {} is not \"optimal\" or \"time_limit\"", quote(.status))]
    UnknownStatus {
        /// In the plan.
        status: String,
    },
}

fn differs_detail(missing: &[String], extra: &[String]) -> String {
    const SHOWN: usize = 5;
    let list = |ids: &[String]| {
        let mut s: Vec<String> = ids.iter().take(SHOWN).map(|i| quote(i)).collect();
        if ids.len() > SHOWN {
            s.push(format!("… ({} in all)", ids.len()));
        }
        s.join(", ")
    };
    match (missing.is_empty(), extra.is_empty()) {
        (false, true) => format!("leaves out {}", list(missing)),
        (true, false) => format!("lists {} wrongly", list(extra)),
        (false, false) => format!(
            "leaves out {}; lists {} wrongly",
            list(missing),
            list(extra)
        ),
        (true, true) => "not in scenario order".to_string(),
    }
}

fn wrongly_listed(ids: &[String]) -> String {
    match ids {
        [] => String::new(),
        _ => format!(
            "; `moved` is wrong about {}",
            ids.iter().map(|i| quote(i)).collect::<Vec<_>>().join(", ")
        ),
    }
}

impl Violation {
    /// The stable code (docs/checker.md).
    pub fn code(&self) -> &'static str {
        match self {
            Violation::NoProposals => "no-proposals",
            Violation::InContrast { violation, .. } => violation.code(),
            Violation::MissingPupil { .. } => "missing-pupil",
            Violation::DuplicatePupil { .. } => "duplicate-pupil",
            Violation::UnknownPupil { .. } => "unknown-pupil",
            Violation::UnknownTarget { .. } => "unknown-target",
            Violation::BadPlacement { .. } => "bad-placement",
            Violation::NotEligible { .. } => "not-eligible",
            Violation::PinnedNotHonoured { .. } => "pinned",
            Violation::OverCapacity { .. } => "over-capacity",
            Violation::InYearAbovePan { .. } => "in-year-above-pan",
            Violation::ApOverCapacity { .. } => "ap-over-capacity",
            Violation::HardCapExceeded { .. } => "hard-cap",
            Violation::WrongObjective { .. } => "objective",
            Violation::NoReference => "reference",
            Violation::MissingMoves | Violation::WrongMoves { .. } => "moves",
            Violation::WrongMoveCost { .. } => "move-cost",
            Violation::WrongCost { .. } => "cost",
            Violation::WrongKm { .. } => "km",
            Violation::WrongRank { .. } => "rank",
            Violation::RankOrder { .. } => "rank-order",
            Violation::WrongGap { .. } => "gap-to-best",
            Violation::WrongDiffers { .. } => "differs-from-best",
            Violation::TooSimilar { .. } => "min-diff",
            Violation::UnknownStatus { .. } => "status",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excluded_placement_reads_like_the_issue() {
        let v = Violation::NotEligible {
            pupil: "P0031".into(),
            target: "S005".into(),
            rule: Ineligible::ExcludedFrom,
        };
        assert_eq!(
            v.to_string(),
            r#"pupil "P0031": placed at "S005" which excluded them (rule 3)"#
        );
        assert_eq!(v.code(), "not-eligible");
    }

    #[test]
    fn long_ids_are_cut_in_messages() {
        let v = Violation::UnknownPupil {
            pupil: "P".repeat(10_000),
        };
        assert!(v.to_string().len() < 120, "{v}");
    }

    #[test]
    fn differs_detail_names_both_sides_and_cuts_long_lists() {
        let ids: Vec<String> = (0..8).map(|i| format!("P{i}")).collect();
        let v = Violation::WrongDiffers {
            missing: ids.clone(),
            extra: vec!["Q".into()],
        };
        let s = v.to_string();
        assert!(
            s.contains(r#""P4", … (8 in all); lists "Q" wrongly"#),
            "{s}"
        );
        assert!(!s.contains("P5"), "{s}");
    }
}
