//! Scenarios side by side (baseline, proposal, amendment): the envelope by source, the
//! allocation by program, by district and by commune, each figure beside the first scenario's
//! (the baseline) so that changed cells can be marked.

use crate::allocation::Allocation;
use crate::dataset::{CommuneCode, Dataset, DistrictCode};
use crate::funding::SourceId;
use crate::money::Dong;
use crate::program::ProgramId;
use crate::projection::{Band, Projection, TargetId};
use crate::rollup::Rollup;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One row: a figure per scenario, `None` where the scenario does not have the row at all
/// (a source or program it lacks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<K> {
    /// What the row is about.
    pub key: K,
    /// One value per scenario, in the order given.
    pub values: Vec<Option<Dong>>,
}

impl<K> Row<K> {
    /// Whether scenario `i`'s value differs from the baseline's (the first).
    #[must_use]
    pub fn changed(&self, i: usize) -> bool {
        i > 0 && self.values.get(i) != self.values.first()
    }

    /// Whether any scenario differs from the baseline on this row.
    #[must_use]
    pub fn any_change(&self) -> bool {
        (1..self.values.len()).any(|i| self.changed(i))
    }

    /// Scenario `i`'s value minus the baseline's (missing values count as zero).
    #[must_use]
    pub fn difference(&self, i: usize) -> Dong {
        let at = |j: usize| self.values.get(j).copied().flatten().unwrap_or(Dong::ZERO);
        at(i) - at(0)
    }
}

/// Where a district's money goes: a district, or spent at province level.
pub type Place = Option<DistrictCode>;

/// The comparison of two or more scenarios on one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Money available per source (the envelope), sources in order of first appearance.
    pub sources: Vec<Row<SourceId>>,
    /// The whole envelope.
    pub envelope: Row<()>,
    /// Money placed per program, programs in order of first appearance.
    pub programs: Vec<Row<ProgramId>>,
    /// Money placed per district (GSO order), then at province level (`None`).
    pub districts: Vec<Row<Place>>,
    /// Money placed per commune, in dataset order.
    pub communes: Vec<Row<CommuneCode>>,
    /// Everything placed.
    pub allocated: Row<()>,
}

fn rows<K: Clone + Eq + std::hash::Hash>(
    order: Vec<K>,
    per: &[HashMap<K, Dong>],
    missing_is_zero: bool,
) -> Vec<Row<K>> {
    order
        .into_iter()
        .map(|key| {
            let values = per
                .iter()
                .map(|m| m.get(&key).copied().or(if missing_is_zero { Some(Dong::ZERO) } else { None }))
                .collect();
            Row { key, values }
        })
        .collect()
}

fn push_new<K: PartialEq>(order: &mut Vec<K>, key: K) {
    if !order.contains(&key) {
        order.push(key);
    }
}

/// Compares scenarios, each with its allocation (from [`crate::allocation::allocate`]), the
/// first being the baseline.
#[must_use]
pub fn compare(items: &[(&Scenario, &Allocation)], dataset: &Dataset) -> Comparison {
    let mut source_order = Vec::new();
    let mut program_order = Vec::new();
    let mut by_source = Vec::new();
    let mut by_program = Vec::new();
    let mut by_place = Vec::new();
    let mut by_commune = Vec::new();
    let mut envelope = Vec::new();
    let mut allocated = Vec::new();
    for (scenario, allocation) in items {
        let mut s = HashMap::new();
        for source in &scenario.sources {
            push_new(&mut source_order, source.id.clone());
            *s.entry(source.id.clone()).or_insert(Dong::ZERO) += source.available();
        }
        envelope.push(Some(scenario.envelope()));
        let mut p = HashMap::new();
        for (line, result) in scenario.lines.iter().zip(&allocation.lines) {
            push_new(&mut program_order, line.program.clone());
            *p.entry(line.program.clone()).or_insert(Dong::ZERO) += result.allocated;
        }
        let rollup = Rollup::of(scenario, dataset, allocation);
        let places: HashMap<Place, Dong> = rollup
            .districts
            .iter()
            .enumerate()
            .map(|(d, code)| (Some(*code), rollup.district_total(d)))
            .chain([(None, rollup.province_level_total())])
            .collect();
        let communes: HashMap<CommuneCode, Dong> =
            rollup.communes.iter().enumerate().map(|(c, code)| (*code, rollup.commune_total(c))).collect();
        allocated.push(Some(allocation.lines.iter().map(|l| l.allocated).sum::<Dong>()));
        by_source.push(s);
        by_program.push(p);
        by_place.push(places);
        by_commune.push(communes);
    }
    let place_order: Vec<Place> = dataset.districts().iter().map(|d| Some(d.code)).chain([None]).collect();
    let commune_order: Vec<CommuneCode> = dataset.communes().iter().map(|c| c.code).collect();
    Comparison {
        sources: rows(source_order, &by_source, false),
        envelope: Row { key: (), values: envelope },
        programs: rows(program_order, &by_program, false),
        districts: rows(place_order, &by_place, true),
        communes: rows(commune_order, &by_commune, true),
        allocated: Row { key: (), values: allocated },
    }
}

/// Projected outcomes side by side: the province's poor rate and every target, one value per
/// scenario (`None` where a scenario has not been projected), compared at the precision they
/// are shown with, so that a difference the reader cannot see is not marked as a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeComparison {
    /// The province's end-of-year poor rate (a ratio, rounded to 4 decimals: 2 of a percent).
    pub poor_rate: OutcomeRow<Band<Decimal>>,
    /// Each target of the first projected scenario, in scorecard order.
    pub targets: Vec<OutcomeRow<(Band<Decimal>, Decimal)>>,
}

/// One outcome: what it is and its value per scenario, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow<V> {
    /// The target (`None` for the poor rate).
    pub target: Option<TargetId>,
    /// One value per scenario.
    pub values: Vec<Option<V>>,
}

impl<V: PartialEq> OutcomeRow<V> {
    /// Whether scenario `i`'s value reads differently from the baseline's (both projected).
    #[must_use]
    pub fn changed(&self, i: usize) -> bool {
        match (self.values.first(), self.values.get(i)) {
            (Some(Some(base)), Some(Some(v))) => i > 0 && v != base,
            _ => false,
        }
    }
}

/// Compares projections (the first is the baseline; `None` for one not run yet).
#[must_use]
pub fn compare_outcomes(projections: &[Option<&Projection>]) -> OutcomeComparison {
    let round = |v: Decimal| v.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let poor_rate = OutcomeRow {
        target: None,
        values: projections.iter().map(|p| p.map(|p| p.province.poor_rate.map(round))).collect(),
    };
    let ids: Vec<TargetId> =
        projections.iter().flatten().next().map(|p| p.scorecard.iter().map(|t| t.id).collect()).unwrap_or_default();
    let targets = ids
        .into_iter()
        .map(|id| OutcomeRow {
            target: Some(id),
            values: projections
                .iter()
                .map(|p| {
                    p.and_then(|p| p.scorecard.iter().find(|t| t.id == id)).map(crate::projection::Target::as_shown)
                })
                .collect(),
        })
        .collect();
    OutcomeComparison { poor_rate, targets }
}
