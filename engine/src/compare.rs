//! Scenarios side by side (baseline, proposal, amendment): the envelope by source, the
//! allocation by program, by district and by commune, each figure beside the first scenario's
//! (the baseline) so that changed cells can be marked.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::{CommuneCode, Dataset, DistrictCode};
use crate::funding::SourceId;
use crate::money::Dong;
use crate::program::ProgramId;
use crate::scenario::Scenario;
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
            *s.entry(source.id.clone()).or_insert(Dong::ZERO) += source.amount;
        }
        envelope.push(Some(scenario.sources.iter().map(|x| x.amount).sum::<Dong>()));
        let mut p = HashMap::new();
        for (line, result) in scenario.lines.iter().zip(&allocation.lines) {
            push_new(&mut program_order, line.program.clone());
            *p.entry(line.program.clone()).or_insert(Dong::ZERO) += result.allocated;
        }
        let mut places: HashMap<Place, Dong> = HashMap::new();
        let mut communes: HashMap<CommuneCode, Dong> = HashMap::new();
        for cell in &allocation.cells {
            match cell.recipient {
                Recipient::Province => *places.entry(None).or_insert(Dong::ZERO) += cell.amount,
                Recipient::Commune(code) => {
                    *communes.entry(code).or_insert(Dong::ZERO) += cell.amount;
                    let district = dataset.commune(code).map(|c| c.district);
                    *places.entry(district).or_insert(Dong::ZERO) += cell.amount;
                }
            }
        }
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
