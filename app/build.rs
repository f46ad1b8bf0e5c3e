//! The split page (`--features split`, wasm32) is linked with its relocations kept: the
//! splitter (`wasm-split-cli`, run by `scripts/split.py`) needs them to move code between parts.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=gnbv-app=--emit-relocs");
    }
}
