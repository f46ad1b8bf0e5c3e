//! One module per screen; each is a route of the app (`shell.rs` lists them).

pub mod allocation;
pub mod data;
pub mod funding;
pub mod outcomes;
pub mod overview;
pub mod proposal;
pub mod scenarios;

/// An amount in đồng with grouped thousands and no sign, for table cells.
fn money(d: gnbv_engine::money::Dong, lang: crate::i18n::Lang) -> String {
    gnbv_engine::format::group(d.get().into(), lang)
}
