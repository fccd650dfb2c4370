//! The scenario: its wire format, loading with validation, and the validated types.
//!
//! Flow: [`json`] (bytes → JSON, guarded) → [`wire`] (shape) → [`load`] and
//! [`refs`] (meaning, every issue collected) → [`Scenario`]. Nothing outside this
//! module sees wire types.

pub mod distance;
pub mod issue;
pub mod json;
pub mod load;
mod refs;
mod types;
pub mod wire;

pub use issue::{Issue, Severity};
pub use load::{load_bytes, load_file, Loaded, FORMAT};
pub use refs::{is_valid_id, MAX_ID_LEN, MAX_PREFERENCES};
pub use types::*;
