//! The public face of held LPs (held.rs) for decision support: a batch's
//! held LP, what one of its re-solves gives ([`Relaxed`]), and the view of a
//! Lagrangian dual that turns a bound into one with one more place
//! ([`DualView::extra_place`]), shared with [`super::GroupLp`]. Without HiGHS
//! there is no held LP (none is ever made).

#[cfg(feature = "highs")]
use super::{held, lagrange};
use super::{LpBound, SolveError};
use crate::model::{Assignment, Options};
use crate::scenario::{PupilIdx, Target, YearGroup};

/// A group's LP relaxation held in HiGHS for a batch of re-solves (held.rs):
/// each gives the bound of its changed program and, when the LP optimum is
/// integral, a plan to start from.
pub struct HeldLp<'a> {
    #[cfg(feature = "highs")]
    pub(super) inner: held::HeldLp<'a>,
    #[cfg(not(feature = "highs"))]
    _none: (std::convert::Infallible, std::marker::PhantomData<&'a ()>),
}

/// A re-solved held LP: the bound of the changed program, its root LP's
/// integral optimum, if it is one, and the optimum if the search proved it
/// (complete assignments).
pub struct Relaxed {
    /// Every plan of the changed program costs at least this, plus `d⁺`.
    pub bound: LpBound<'static>,
    /// The root LP's integral optimum, if it is one.
    pub plan: Option<Assignment>,
    /// The changed program's optimum (within the MIP gap), if proven.
    pub optimal: Option<Assignment>,
}

impl HeldLp<'_> {
    /// The program with `pupil` forced to `place`, from `start` (a plan with
    /// the pupil there); `None` when the held LP cannot tell (then solve as
    /// without it).
    pub fn forced(
        &mut self,
        pupil: PupilIdx,
        place: Option<Target>,
        start: Option<&Assignment>,
        gap: f64,
    ) -> Result<Option<Relaxed>, SolveError> {
        #[cfg(feature = "highs")]
        {
            let Some(s) = self.inner.forced(pupil, place, start, gap)? else {
                return Ok(None);
            };
            let d = s.root;
            Ok(Some(Relaxed {
                bound: LpBound {
                    bound: d.bound,
                    reduced: std::borrow::Cow::Owned(d.reduced),
                    unplaced_reduced: std::borrow::Cow::Owned(d.unplaced_reduced),
                },
                plan: s.root_plan,
                optimal: s.optimal,
            }))
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (pupil, place, start, gap);
            match self._none.0 {}
        }
    }

    /// The program with one more place at `t` (year group `year` at a
    /// school; one of the batch's places), whose options are `opts2`, from
    /// the base plan; `None` where the held LP cannot tell (as
    /// [`GroupLp::extra_place`](super::GroupLp::extra_place)).
    pub fn extra_place(
        &mut self,
        opts2: &Options,
        t: Target,
        year: Option<YearGroup>,
        gap: f64,
    ) -> Result<Option<Relaxed>, SolveError> {
        #[cfg(feature = "highs")]
        {
            let pupils = self.inner.rows().pupils().to_vec();
            let exact = self.inner.opens_exactly(opts2, (t, year));
            let Some(s) = self.inner.extra_place((t, year), exact, gap)? else {
                return Ok(None);
            };
            let rows = self.inner.rows();
            let cut_places = rows.load_cut_places();
            let view = DualView {
                load_cut_places: &cut_places,
                ..DualView::from(&s.root)
            };
            Ok(view
                .extra_place(rows, &pupils, opts2, t, year)
                .map(|b| Relaxed {
                    bound: LpBound {
                        bound: b.bound,
                        reduced: std::borrow::Cow::Owned(b.reduced.into_owned()),
                        unplaced_reduced: std::borrow::Cow::Owned(b.unplaced_reduced.into_owned()),
                    },
                    plan: s.root_plan.clone(),
                    optimal: s.optimal.clone(),
                }))
        }
        #[cfg(not(feature = "highs"))]
        {
            let _ = (opts2, t, year, gap);
            match self._none.0 {}
        }
    }
}

/// A Lagrangian bound with its duals and reduced costs (the group LP's, or
/// a held LP's re-solve).
#[cfg(feature = "highs")]
pub(super) struct DualView<'a> {
    pub bound: f64,
    pub duals: &'a [f64],
    pub reduced: &'a [Vec<f64>],
    pub unplaced_reduced: &'a [Option<f64>],
    /// School-phases with a load cut among the duals' rows.
    pub load_cut_places: &'a [usize],
}

#[cfg(feature = "highs")]
impl<'a> From<&'a lagrange::Dual> for DualView<'a> {
    fn from(d: &'a lagrange::Dual) -> DualView<'a> {
        DualView {
            bound: d.bound,
            duals: &d.duals,
            reduced: &d.reduced,
            unplaced_reduced: &d.unplaced_reduced,
            load_cut_places: &[], // the caller's, where its rows have load cuts
        }
    }
}

#[cfg(feature = "highs")]
impl<'a> DualView<'a> {
    /// Would pupil `p` at `t` enter one of the LP's load cuts? Its
    /// coefficient there is not in rows built afresh, so the bound of a
    /// program with that option must be found another way.
    #[cfg(feature = "highs")]
    fn load_cut_at(&self, p: &crate::scenario::Pupil, t: Target) -> bool {
        let Target::School(s) = t else { return false };
        let sg = s as usize * 2 + p.year.phase().index();
        p.is_fap() && self.load_cut_places.contains(&sg)
    }

    /// The bound with one more place at `t` (see [`GroupLp::extra_place`]),
    /// by option of `opts2`, from the rows without the place.
    pub(super) fn extra_place(
        &self,
        rows: &crate::model::build::Rows,
        pupils: &[PupilIdx],
        opts2: &Options,
        t: Target,
        year: Option<YearGroup>,
    ) -> Option<LpBound<'a>> {
        let y = self.duals;
        let mut shift: f64 = match (t, year) {
            (Target::School(s), Some(year)) => rows
                .school_capacity_rows(s, year)
                .map(|r| y[r as usize])
                .sum(),
            (Target::School(_), None) => return None,
            (Target::Ap(a), _) => rows.ap_capacity_row(a).map_or(0.0, |r| y[r as usize]),
        };
        let mut scratch = Vec::new();
        let mut reduced = Vec::with_capacity(pupils.len());
        for (k, &p) in pupils.iter().enumerate() {
            let old = rows.options(k);
            let mut d = Vec::with_capacity(old.len() + 1);
            for o in &opts2.per_pupil[p as usize] {
                match old.iter().position(|q| q.target == o.target) {
                    Some(j) => d.push(self.reduced[k][j]),
                    None if o.target == t
                        && !rows.breaks_hull_cut(k, t)
                        && !self.load_cut_at(rows.pupil(k), t) =>
                    {
                        rows.target_entries(k, t, &mut scratch);
                        let dj = scratch
                            .iter()
                            .fold(o.cost, |d, &(r, a)| d - a * y[r as usize]);
                        shift += dj.min(0.0);
                        d.push(dj);
                    }
                    None => return None,
                }
            }
            reduced.push(d);
        }
        Some(LpBound {
            bound: self.bound + shift,
            reduced: std::borrow::Cow::Owned(reduced),
            unplaced_reduced: std::borrow::Cow::Borrowed(self.unplaced_reduced),
        })
    }
}
