//! One module per screen; each is a route of the app (`shell.rs` lists them).

pub mod allocation;
pub mod data;
pub mod funding;
pub mod households;
pub mod monitoring;
pub mod outcomes;
pub mod overview;
pub mod proposal;
pub mod scenarios;
pub mod sensitivity;
