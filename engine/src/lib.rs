//! The GNBV Planner engine: the data and rules of Vietnam's sustainable poverty-reduction
//! program (Chương trình mục tiêu quốc gia Giảm nghèo bền vững) as plain Rust.
//!
//! It has no web dependency: the web app (`gnbv-app`) and the `gnbv` command-line tool are
//! two thin callers of the same functions.
//!
//! ```
//! use gnbv_engine::dataset::Dataset;
//! use gnbv_engine::format::{Lang, percent};
//!
//! let dataset = Dataset::builtin().expect("the built-in dataset is valid");
//! assert_eq!(dataset.communes().len(), 286);
//! let province = dataset.province_counts();
//! let rate = province.poor_rate().unwrap();
//! assert_eq!(percent(rate, Lang::Vi), "3,16 %");
//! ```
// No unsafe code but one call, in `simulation::classify_draw`, of the AVX2 build of a kernel
// after the CPU was found to have AVX2 (deny rather than forbid so that it can say so).
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod actuals;
pub mod allocation;
pub mod backtest;
pub mod compare;
pub mod credit;
pub mod dataset;
pub mod defaults;
pub mod diagnostics;
pub mod explain;
pub mod format;
pub mod funding;
pub mod household_plan;
pub mod households;
pub mod import;
pub mod line;
pub mod link;
pub mod money;
pub mod monitoring;
#[cfg(feature = "optimise")]
pub mod optimise;
pub mod params;
pub mod population;
pub mod program;
pub mod projection;
pub mod proposal;
pub mod provenance;
pub mod review;
pub mod rng;
pub mod rollup;
pub mod scenario;
pub mod sensitivity;
pub mod simulation;
pub mod standard;
pub mod store;
pub mod summary;
pub mod uncertainty;
pub mod words;
#[cfg(feature = "xlsx")]
pub mod xlsx;
