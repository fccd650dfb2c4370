//! What-if sweeps: many variants of one scenario solved in parallel, compared
//! and ranked.
//!
//! A sweep file (`fap-sweep/1`, `docs/sweep-format.md`) names a base scenario
//! and variants: keyed merge patches ([`patch`]), grids of values ([`grid`]) and
//! seeded random perturbations ([`perturb`]). [`variants`] expands it into a
//! fixed list, base first; [`run`](mod@run) solves the list (or a shard of it) on a rayon
//! pool and writes each variant's scenario, plan and result as soon as it is
//! done ([`files`]); [`merge`] combines shard directories; [`report`] ranks the
//! results. The flow is one-way and every output is a function of the sweep
//! file, the base scenario and the solve settings only: the same bytes for any
//! thread count, for resumed runs and for merged shards.

pub mod files;
pub mod grid;
pub mod merge;
pub mod patch;
pub mod perturb;
pub mod report;
pub mod result;
pub mod run;
pub mod spec;
pub mod variants;

pub use result::{Manifest, Outcome, Shard, VariantResult};
pub use run::{run, Done, RunConfig};
pub use variants::{Sweep, SweepError, Variant};
