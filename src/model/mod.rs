//! The placement model of MODEL.md: options, the objective, and the MIP.
//!
//! [`options`] decides eligibility and costs; [`build`] turns a scenario and its
//! options into a good_lp program; [`objective`] evaluates an assignment
//! exactly, and [`loads`] a plan a few moves away from one; [`feasibility`]
//! holds the validation checks that need the option rules.

pub mod build;
pub mod feasibility;
pub mod loads;
pub mod objective;
pub mod options;

pub use objective::{evaluate, Assignment, ObjectiveParts};
pub use options::{Opt, Options};
