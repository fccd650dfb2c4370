//! From a scenario to ranked proposals, metrics and the plan file.
//!
//! Proposal 1 is an optimal plan; proposal k+1 is optimal subject to differing
//! from every earlier proposal in at least `min_diff` pupils (MODEL.md "Ranked
//! proposals"), warm-started from proposal 1. Fewer proposals come back when no
//! further plan exists.

pub mod contrast;
pub mod explain;
pub mod forced;
pub mod metrics;
pub mod options;
pub mod place_values;
pub mod plan;
pub mod ranking;
pub mod repair;
pub mod room;
pub mod support;

pub use ranking::{rank, Ranked};
