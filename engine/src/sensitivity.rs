//! Which assumption matters most: every uncertain parameter ([`crate::uncertainty`]) at the 10th
//! and at the 90th percentile of its distribution with the others at their values, one at a
//! time, and what that does to the fall of the province's poor rate and to each target's
//! value and probability (a tornado). It answers "what should we find out first?"
//! (`docs/simulation.md`, Uncertainty).

use crate::allocation::Allocation;
use crate::dataset::Dataset;
use crate::format::Lang;
use crate::households::Households;
use crate::projection::{summarize_inner, Projection, TargetId};
use crate::scenario::Scenario;
use crate::simulation::Model;
use crate::standard::PovertyStandard;
use crate::uncertainty::ParamRange;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Draws each end of each parameter runs by default: with the parameters fixed only the
/// households' chance is left, whose band is a few hundredths of a point wide.
pub const DEFAULT_DRAWS: u32 = 20;

/// A target's outcome in one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetOutcome {
    /// Which.
    pub id: TargetId,
    /// Its median value over the draws.
    pub value: Decimal,
    /// Share of draws in which it is met.
    pub probability: Decimal,
}

/// What one run gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The fall of the province's poor rate over the year, points (median over the draws).
    pub reduction: Decimal,
    /// Every target of the scorecard, in its order.
    pub targets: Vec<TargetOutcome>,
}

impl Outcome {
    fn of(p: &Projection) -> Self {
        Self {
            reduction: p.scorecard.first().map_or(Decimal::ZERO, |t| t.value.p50),
            targets: p
                .scorecard
                .iter()
                .map(|t| TargetOutcome { id: t.id, value: t.value.p50, probability: t.probability })
                .collect(),
        }
    }
}

/// One parameter's swing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swing {
    /// The parameter and its range.
    pub parameter: ParamRange,
    /// With the parameter at its P10 (for the criterion's reading: the scenario's reading).
    pub low: Outcome,
    /// At its P90 (the other reading).
    pub high: Outcome,
}

impl Swing {
    /// How far the fall of the rate moves between the two ends, points.
    #[must_use]
    pub fn width(&self) -> Decimal {
        (self.high.reduction - self.low.reduction).abs()
    }

    /// How far target `k`'s median value moves between the two ends.
    #[must_use]
    pub fn target_width(&self, k: usize) -> Decimal {
        match (self.low.targets.get(k), self.high.targets.get(k)) {
            (Some(a), Some(b)) => (b.value - a.value).abs(),
            _ => Decimal::ZERO,
        }
    }
}

/// The tornado: every parameter's swing, widest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The year.
    pub year: u16,
    /// Draws of each run.
    pub draws: u32,
    /// The seed.
    pub seed: u64,
    /// Every parameter at its value.
    pub centre: Outcome,
    /// Widest swing of the fall of the rate first (ties: the parameter's identifier).
    pub swings: Vec<Swing>,
}

/// Runs the tornado for the first year of `scenario` (`allocation` its allocation): `draws`
/// draws at the parameters' values, then at each parameter's P10 and P90, on up to `threads`
/// threads; `progress(done, runs)` after each run. The parameters are the scenario's even when
/// it fixes them for its projection.
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn sensitivity(
    dataset: &Dataset,
    standard: &PovertyStandard,
    households: &Households,
    scenario: &Scenario,
    allocation: &Allocation,
    draws: u32,
    threads: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Sensitivity {
    let mut scenario = scenario.clone();
    scenario.simulation.parameter_uncertainty = true;
    let model = Model::new(dataset, standard, households, &scenario, allocation);
    let baseline = model.baseline();
    let uncertainty = model.uncertainty.clone();
    let centre = uncertainty.centre();
    let runs = 1 + 2 * uncertainty.params.len();
    let mut done = 0;
    let mut run = |values: &[i64]| {
        let results = model.run_at_threads(0..draws.max(1), values, threads);
        let p = summarize_inner(dataset, households, &baseline, (None, Some(values)), &scenario, allocation, &results);
        done += 1;
        progress(done, runs);
        Outcome::of(&p)
    };
    let centre_outcome = run(&centre);
    let mut swings: Vec<Swing> = uncertainty
        .params
        .iter()
        .enumerate()
        .map(|(j, u)| {
            let mut at = |high: bool| {
                let mut values = centre.clone();
                values[j] = u.decile(high);
                run(&values)
            };
            let low = at(false);
            let high = at(true);
            Swing { parameter: u.range(), low, high }
        })
        .collect();
    swings.sort_by(|a, b| b.width().cmp(&a.width()).then_with(|| a.parameter.id.cmp(&b.parameter.id)));
    Sensitivity { year: crate::scenario::FIRST_YEAR, draws, seed: scenario.seed, centre: centre_outcome, swings }
}

impl Sensitivity {
    /// The tornado as CSV: [`Sensitivity::rows`] as the proposal's CSV files are written
    /// (UTF-8 with a byte-order mark for Excel, CRLF).
    #[must_use]
    pub fn csv(&self, lang: Lang) -> String {
        crate::proposal::to_csv(&self.rows(lang))
    }

    /// The tornado as a table, a header row first: per parameter its value, P10 and P90, the
    /// fall of the rate at each end and the swing, then each target's median and probability
    /// at each end.
    #[must_use]
    pub fn rows(&self, lang: Lang) -> Vec<Vec<String>> {
        let mut header: Vec<String> = [
            lang.pick("Tham số", "Parameter"),
            lang.pick("Độ tin cậy", "Confidence"),
            lang.pick("Giá trị", "Value"),
            "P10",
            "P90",
            lang.pick("Giảm tỷ lệ nghèo ở P10 (điểm %)", "Fall of the poor rate at P10 (points)"),
            lang.pick("Giảm tỷ lệ nghèo ở P90 (điểm %)", "Fall of the poor rate at P90 (points)"),
            lang.pick("Biên độ (điểm %)", "Swing (points)"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for t in &self.centre.targets {
            let name = t.id.name(lang);
            for end in ["P10", "P90"] {
                header.push(format!("{name}: {} {end}", lang.pick("giá trị ở", "value at")));
                header.push(format!("{name}: {} {end}", lang.pick("xác suất đạt ở", "probability at")));
            }
        }
        let mut rows = vec![header];
        for s in &self.swings {
            let p = &s.parameter;
            let mut row = vec![
                p.label(lang),
                p.confidence.tag().to_owned(),
                p.text(p.value, lang),
                p.text(p.p10, lang),
                p.text(p.p90, lang),
                s.low.reduction.to_string(),
                s.high.reduction.to_string(),
                s.width().to_string(),
            ];
            for (a, b) in s.low.targets.iter().zip(&s.high.targets) {
                row.extend([
                    a.value.to_string(),
                    a.probability.to_string(),
                    b.value.to_string(),
                    b.probability.to_string(),
                ]);
            }
            rows.push(row);
        }
        rows
    }

    /// The parameter that moves target `k` most between its ends, if any moves it.
    #[must_use]
    pub fn driver_of(&self, k: usize) -> Option<&Swing> {
        self.swings
            .iter()
            .filter(|s| s.target_width(k) > Decimal::ZERO)
            .max_by(|a, b| a.target_width(k).cmp(&b.target_width(k)).then_with(|| b.parameter.id.cmp(&a.parameter.id)))
    }
}
