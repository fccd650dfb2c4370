//! Exit codes and the top-level error, decided in one place.
//!
//! 0 ok · 1 a plan was written but is not proven optimal (time limit) · 2 invalid
//! input or usage (nothing written) · 3 internal or solver error · 4 a sweep's
//! report was written but some variant has no plan. Documented in
//! `docs/exit-codes.md`.

use std::process::ExitCode;

/// What went wrong, with the exit status it maps to.
#[derive(Debug, thiserror::Error)]
pub enum FapError {
    /// Bad input, bad usage, or an output that cannot be written: exit 2.
    #[error("{0}")]
    Input(String),
    /// A scenario or other file with validation errors (already printed): exit 2.
    #[error("{file}: {errors} error(s)")]
    Invalid {
        /// The file.
        file: String,
        /// How many errors.
        errors: usize,
    },
    /// The solver failed or fap has a bug: exit 3.
    #[error("{0}")]
    Internal(String),
    /// Interrupted by Ctrl-C or SIGTERM: exit 130.
    #[error("interrupted; no partial output was left")]
    Interrupted,
}

/// Success, or a result that is usable but not proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: written, but a time limit stopped the solver before it proved optimality.
    NotProven,
    /// Exit 4: a sweep's results were written, but some variant failed (no plan).
    VariantsFailed,
}

impl FapError {
    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            FapError::Input(_) | FapError::Invalid { .. } => 2,
            FapError::Internal(_) => 3,
            FapError::Interrupted => 130,
        })
    }
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::NotProven => ExitCode::from(1),
            Outcome::VariantsFailed => ExitCode::from(4),
        }
    }
}
