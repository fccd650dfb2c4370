//! Excel workbooks (`.xlsx`) in and out, as plain tables of text.
//!
//! Coordinators keep their rounds in Excel and read results there. This module
//! is the one place that knows the file format: [`mod@write`] turns named tables
//! (headings and rows of text, the same shape the Markdown and HTML renderers
//! lay out) into a workbook with rust_xlsxwriter; [`read`] turns each sheet of
//! a workbook back into rows of text with calamine, so that the import reads a
//! sheet exactly as it reads a CSV file. Callers never see either crate.

pub mod read;
pub mod write;

pub use write::{to_xlsx, Sheet};
