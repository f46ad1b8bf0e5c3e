//! Messages between the page and the Monte Carlo worker (`src/worker.rs`), as JSON strings.

use gnbv_engine::projection::Projection;
use gnbv_engine::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Draws per progress message: one draw is about 8 ms in wasm.
pub const CHUNK: u32 = 10;

/// From the page: project this scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The scenario (its `simulation.draws` draws, its seed).
    pub scenario: Scenario,
}

/// From the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The worker's code is loaded and listening (requests sent before this are held).
    Ready,
    /// Building the synthetic households (first run only).
    Preparing,
    /// Draws done out of the total.
    Progress {
        /// Done.
        done: u32,
        /// Total.
        total: u32,
    },
    /// The finished projection.
    Done(Box<Projection>),
    /// The request could not be run (a message for the log; the page keeps its last result).
    Failed(String),
}

/// From the page to the export worker (`src/export_worker.rs`): make the proposal's workbook.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The scenario.
    pub scenario: Scenario,
    /// Its projection, when run.
    pub projection: Option<Projection>,
    /// Its share link.
    pub link: String,
    /// Language of the workbook.
    pub lang: gnbv_engine::format::Lang,
}

/// From the export worker, as JSON text (the workbook itself comes as an `ArrayBuffer`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportResponse {
    /// Loaded and listening.
    Ready,
    /// The workbook could not be made; the message is in the request's language.
    Failed(String),
}
