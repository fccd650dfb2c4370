//! The scenario: its wire format, loading with validation, and the validated types.
//!
//! Flow: [`json`] (bytes → JSON, guarded) → [`wire`] (shape) → [`load`] with
//! its checks by area (`values`, `policy`, `schools`, `pupil`, `refs`; every
//! issue collected) → [`Scenario`]. Nothing outside this module reads wire types;
//! writers (`generate`, `import`) build them.

pub mod canonical;
pub mod distance;
pub mod issue;
pub mod json;
mod kinds;
pub mod load;
mod policy;
mod pupil;
mod pupil_refs;
mod refs;
mod schools;
mod types;
mod values;
pub mod wire;
mod wire_error;
mod wire_policy;

pub use issue::{Issue, Severity};
pub use kinds::*;
pub use load::{Loaded, FORMAT};
pub use refs::{is_valid_id, MAX_ID_LEN, MAX_PREFERENCES};
pub use types::*;
