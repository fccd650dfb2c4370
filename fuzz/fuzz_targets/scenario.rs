//! Any bytes through scenario loading and validation: never a panic, and every
//! issue has a code and a message.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = fap::validate::load_bytes(data);
    for i in &loaded.issues {
        assert!(!i.code.is_empty() && !i.message.is_empty());
    }
    if let Some(sc) = &loaded.scenario {
        assert!(!loaded.has_errors());
        // Options must be computable for any valid scenario.
        let _ = fap::model::Options::generate(sc);
    }
});
