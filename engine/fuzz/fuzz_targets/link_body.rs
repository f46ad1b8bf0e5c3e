//! Share-link decoder past the checksum: the fuzzer's bytes are deflated and framed as a
//! well-formed link (length and CRC right), so the body parser, the change list and the
//! scenario validation are exercised, not just the checksum.
#![no_main]

use base64::Engine as _;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::link;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dataset() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| Dataset::builtin().expect("built-in dataset"))
}

fuzz_target!(|body: &[u8]| {
    let deflated = miniz_oxide::deflate::compress_to_vec(body, 1);
    let mut bytes = (deflated.len() as u32).to_le_bytes().to_vec();
    bytes.extend_from_slice(&crc32fast::hash(&deflated).to_le_bytes());
    bytes.extend_from_slice(&deflated);
    let text = format!("#s=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
    if let Ok(scenario) = link::decode(&text, dataset()) {
        let again = link::encode(&scenario, dataset());
        assert_eq!(link::decode(&again, dataset()).as_ref(), Ok(&scenario));
    }
});
