//! Size limits on what fap will read and model, each with a clear error and a
//! flag to raise it (docs/errors.md "Limits").
//!
//! The defaults are far above any real round or county (England's largest
//! authorities see a few thousand in-year admissions a year and have a few
//! hundred schools), so they only stop mistakes and hostile files: a
//! wrong file fed as a scenario, a missing travel limit that turns every pupil
//! into an option at every school in the country. Without them such input
//! would end in an out-of-memory kill after minutes, not an error in a second.
//! Pupils and schools are checked before the validation work that grows with
//! pupils × schools (each pupil without an option gets the nearest school's
//! reason): at the limits, 100,000 pupils and 10,000 schools with no school
//! teaching any pupil's year, `fap validate` takes 4.8 s and `fap solve` 7 s.
//! The option limit is applied where options are made
//! ([`crate::model::Options::within`]). Nesting depth is fixed instead ([`crate::scenario::json::MAX_DEPTH`]): no
//! scenario nests more than a few levels.

use crate::scenario::{Issue, Scenario};

/// The limits, as flags of every command that reads scenarios.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Limits (raise them for unusually large inputs)")]
pub struct Limits {
    /// Refuse input files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_input_mb: u64,
    /// Refuse scenarios with more pupils than this.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_pupils: usize,
    /// Refuse scenarios with more schools plus AP providers than this.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_schools: usize,
    /// Refuse to model more pupil–place options (pairs the rules allow) than
    /// this; each costs about 100 bytes while solving.
    #[arg(long, value_name = "N", default_value_t = 20_000_000)]
    pub max_options: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_mb: 256,
            max_pupils: 100_000,
            max_schools: 10_000,
            max_options: 20_000_000,
        }
    }
}

impl Limits {
    /// The input size limit in bytes.
    pub fn bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1024 * 1024)
    }

    /// The scenario's pupil and school counts against the limits.
    pub fn check(&self, sc: &Scenario) -> Result<(), Box<Issue>> {
        let over = |code, path, what: &str, n: usize, max: usize, flag: &str| {
            Box::new(
                Issue::error(code, path, format!("{n} {what}, over the limit of {max}")).hint(
                    format!("raise the limit with {flag} if this really is one scenario"),
                ),
            )
        };
        let places = sc.schools.len() + sc.aps.len();
        if sc.pupils.len() > self.max_pupils {
            return Err(over(
                "too-many-pupils",
                "pupils",
                "pupils",
                sc.pupils.len(),
                self.max_pupils,
                "--max-pupils",
            ));
        }
        if places > self.max_schools {
            return Err(over(
                "too-many-schools",
                "schools",
                "schools and AP providers",
                places,
                self.max_schools,
                "--max-schools",
            ));
        }
        Ok(())
    }
}
