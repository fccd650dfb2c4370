//! Decision support and the panel pack (issue 5): options per pupil against
//! independent forced solves, one explanation test per reason kind, place
//! values against re-solved modified scenarios, golden reports, the HTML's
//! self-containment, and the CLI end to end.

mod cli;
mod common;
mod contrasts;
mod explain;
mod held_lp;
mod options;
mod paper;
mod place_values;
mod report;
mod synth;
mod time_limit;
