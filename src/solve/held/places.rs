//! The extra places of a held LP (held.rs): which rows one more place
//! loosens, whether the held LP with a place's slack and the options it
//! creates is the whole changed program, and its re-solve, settled from the
//! unchanged LP's dual where that already proves the base plan optimal.

use super::{tolerance, Fix, HeldLp, Node, Place, Searched};
use crate::model::build::Rows;
use crate::model::Options;
use crate::scenario::Target;
use crate::solve::SolveError;

impl HeldLp<'_> {
    /// Are the options the held LP opens for `place` (its group's own and
    /// those the place creates) exactly those of `opts2`, costs included?
    /// Then the held LP with the place is the whole changed program.
    pub(in crate::solve) fn opens_exactly(&self, opts2: &Options, place: Place) -> bool {
        let Some(slack) = self.slacks.iter().find(|s| s.place == place) else {
            return false;
        };
        let open = |c: usize| self.created.binary_search(&c).is_err() || slack.opens.contains(&c);
        (0..self.rows.pupils().len()).all(|k| {
            let held = self.rows.options(k);
            let mut mine = self.map.x[k].iter().filter(|x| open(x.col));
            let want = &opts2.per_pupil[self.rows.pupils()[k] as usize];
            want.iter()
                .all(|o| mine.next().is_some_and(|x| held[x.j] == *o))
                && mine.next().is_none()
        })
    }

    /// One more place at `place` (one of the batch's), with the options it
    /// creates, searched from the base plan when `exact` (the held LP with
    /// them is the whole changed program, [`HeldLp::opens_exactly`]); the
    /// root's dual is of the rows without the place (the caller shifts it,
    /// [`crate::solve::GroupLp::extra_place`]).
    pub(in crate::solve) fn extra_place(
        &mut self,
        place: Place,
        exact: bool,
        gap: f64,
    ) -> Result<Option<Searched>, SolveError> {
        let Some(slack) = self.slacks.iter().find(|s| s.place == place) else {
            return Ok(None);
        };
        let mut root = vec![(slack.col, 0.0, 1.0)];
        if exact {
            root.extend(slack.opens.iter().map(|&c| (c, 0.0, 1.0)));
        }
        let raise = capacity_rows(&self.rows, place);
        if exact {
            if let Some(settled) = self.settled(&root, &raise, gap)? {
                return Ok(Some(settled));
            }
        }
        self.search(root, &raise, Some(self.base), gap, exact)
    }

    /// The base plan as the optimum with the changes `root` (an extra place
    /// opened) and the rows `raise` one place larger, without an LP solve:
    /// when the dual of the held LP without any change (solved once, and
    /// again after cuts) already bounds the changed program at the base
    /// plan's value less the MIP gap. Most places change nothing.
    fn settled(
        &mut self,
        root: &[Fix],
        raise: &[u32],
        gap: f64,
    ) -> Result<Option<Searched>, SolveError> {
        if (self.unchanged.as_ref()).is_none_or(|(_, rows)| *rows != self.rows.len()) {
            self.unchanged = match self.solve_node(&[])? {
                Node::Solved(dual, _) => Some((dual, self.rows.len())),
                _ => return Ok(None),
            };
        }
        let Some((dual, _)) = self.unchanged.as_ref() else {
            return Ok(None);
        };
        let Some(v) = (self.choices_of(self.base)).and_then(|p| self.value(raise, &p)) else {
            return Ok(None);
        };
        let bound = dual.bound + self.correction(dual, root);
        Ok((bound >= v - tolerance(gap, v)).then(|| Searched {
            root: dual.clone(),
            root_plan: None,
            optimal: Some(self.base.clone()),
        }))
    }
}

/// The rows one more place at `place` loosens by one.
pub(super) fn capacity_rows(rows: &Rows, place: Place) -> Vec<u32> {
    match place {
        (Target::School(s), Some(y)) => rows.school_capacity_rows(s, y).collect(),
        (Target::School(_), None) => Vec::new(),
        (Target::Ap(a), _) => rows.ap_capacity_row(a).into_iter().collect(),
    }
}
