//! `fap check`, tested against the solver: valid plans pass, hand-broken plans fail
//! with exactly the violation made, generated scenarios' plans pass with matching
//! objectives, and the command line reports and exits as documented.

mod cli;
mod common;
mod corrupt;
mod generated;
