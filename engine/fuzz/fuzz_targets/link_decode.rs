//! Share-link decoder: no input may panic, loop or allocate without bound, and whatever
//! decodes must encode back to a link that decodes to the same scenario.
#![no_main]

use gnbv_engine::dataset::Dataset;
use gnbv_engine::link;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dataset() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| Dataset::builtin().expect("built-in dataset"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(scenario) = link::decode(text, dataset()) {
        let again = link::encode(&scenario, dataset());
        assert_eq!(link::decode(&again, dataset()).as_ref(), Ok(&scenario));
    }
});
