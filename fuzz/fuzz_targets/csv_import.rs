//! Any bytes as a pupils CSV and as a school-register extract: the table
//! reader and the row readers never panic.
#![no_main]
use fap::import::{cells, register, table::Table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = Table::parse("pupils.csv", data, false) {
        for r in &t.rows {
            let _ = cells::pupil(&t, r);
        }
        let _ = register::rows(&t);
    }
});
