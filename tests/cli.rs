//! The integration tests: each runs the built `fap` binary in a scratch
//! directory and checks its exit status and output (helpers in `common/`).

mod common;
mod scenarios;
mod validate;
