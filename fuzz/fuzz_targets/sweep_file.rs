//! Any bytes as a sweep file: parsing and variant expansion never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(wire) = fap::sweep::spec::parse(data) {
        let _ = fap::sweep::variants::expand(&wire);
    }
});
