//! The one roll-up of an allocation: money per program × commune, summed to districts, to
//! province level and to totals. The allocation screen's matrix, the comparison of scenarios,
//! the proposal's place tables and the fund-flow chart all read it, so no caller sums cells
//! itself.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::{CommuneCode, Dataset, DistrictCode};
use crate::funding::SourceId;
use crate::money::Dong;
use crate::program::ProgramId;
use crate::scenario::Scenario;
use serde::Serialize;

/// Money per program and place. Programs are in the order of their first line; districts and
/// communes in the dataset's (GSO) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    /// Programs with at least one line, in the order of their first line.
    pub programs: Vec<ProgramId>,
    /// Districts, in dataset order.
    pub districts: Vec<DistrictCode>,
    /// Communes, in dataset order.
    pub communes: Vec<CommuneCode>,
    /// `[program][commune]`.
    by_commune: Vec<Vec<Dong>>,
    /// `[program][district]`.
    by_district: Vec<Vec<Dong>>,
    /// `[program]`: kept at province level.
    province_level: Vec<Dong>,
}

impl Rollup {
    /// Rolls `allocation` (of `scenario` on `dataset`) up. Cells for a commune the dataset does
    /// not have cannot occur (scenarios are validated against the dataset) and are skipped.
    #[must_use]
    pub fn of(scenario: &Scenario, dataset: &Dataset, allocation: &Allocation) -> Self {
        let mut programs: Vec<ProgramId> = Vec::new();
        for line in &scenario.lines {
            if !programs.contains(&line.program) {
                programs.push(line.program.clone());
            }
        }
        let districts: Vec<DistrictCode> = dataset.districts().iter().map(|d| d.code).collect();
        let communes: Vec<CommuneCode> = dataset.communes().iter().map(|c| c.code).collect();
        let district_of: Vec<usize> =
            dataset.communes().iter().map(|c| districts.iter().position(|d| *d == c.district).unwrap_or(0)).collect();
        let mut by_commune = vec![vec![Dong::ZERO; communes.len()]; programs.len()];
        let mut by_district = vec![vec![Dong::ZERO; districts.len()]; programs.len()];
        let mut province_level = vec![Dong::ZERO; programs.len()];
        for cell in &allocation.cells {
            let Some(line) = scenario.lines.get(cell.line) else { continue };
            let Some(p) = programs.iter().position(|x| *x == line.program) else { continue };
            match cell.recipient {
                Recipient::Province => province_level[p] += cell.amount,
                Recipient::Commune(code) => {
                    let Ok(c) = communes.binary_search(&code) else { continue };
                    by_commune[p][c] += cell.amount;
                    by_district[p][district_of[c]] += cell.amount;
                }
            }
        }
        Self { programs, districts, communes, by_commune, by_district, province_level }
    }

    /// The index of `program` in [`Rollup::programs`].
    #[must_use]
    pub fn program_index(&self, program: &ProgramId) -> Option<usize> {
        self.programs.iter().position(|p| p == program)
    }

    /// Money of program `p` in commune `c` (indices).
    #[must_use]
    pub fn commune(&self, p: usize, c: usize) -> Dong {
        self.by_commune[p][c]
    }

    /// Money of program `p` in district `d` (indices): the sum of its communes.
    #[must_use]
    pub fn district(&self, p: usize, d: usize) -> Dong {
        self.by_district[p][d]
    }

    /// Money of program `p` kept at province level.
    #[must_use]
    pub fn province_level(&self, p: usize) -> Dong {
        self.province_level[p]
    }

    /// Everything program `p` placed: its districts and province level.
    #[must_use]
    pub fn program_total(&self, p: usize) -> Dong {
        self.by_district[p].iter().copied().sum::<Dong>() + self.province_level[p]
    }

    /// Every program's money in district `d`.
    #[must_use]
    pub fn district_total(&self, d: usize) -> Dong {
        self.by_district.iter().map(|row| row[d]).sum()
    }

    /// Every program's money in commune `c`.
    #[must_use]
    pub fn commune_total(&self, c: usize) -> Dong {
        self.by_commune.iter().map(|row| row[c]).sum()
    }

    /// Every program's money kept at province level.
    #[must_use]
    pub fn province_level_total(&self) -> Dong {
        self.province_level.iter().copied().sum()
    }

    /// Everything placed.
    #[must_use]
    pub fn total(&self) -> Dong {
        (0..self.programs.len()).map(|p| self.program_total(p)).sum()
    }

    /// Program `p`'s amount per district in dataset order.
    #[must_use]
    pub fn districts_of(&self, p: usize) -> &[Dong] {
        &self.by_district[p]
    }

    /// Program `p`'s amount per commune in dataset order.
    #[must_use]
    pub fn communes_of(&self, p: usize) -> &[Dong] {
        &self.by_commune[p]
    }
}

/// Money flowing source → program and program → district (province level as `None`), the
/// data of a fund-flow chart. Both lists add up to everything allocated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Flows {
    /// (source, program, amount), in scenario order of lines.
    pub source_to_program: Vec<(SourceId, ProgramId, Dong)>,
    /// (program, district or `None` for province level, amount), programs in first-line order.
    pub program_to_district: Vec<(ProgramId, Option<crate::dataset::DistrictCode>, Dong)>,
}

impl Allocation {
    /// The flows of this allocation.
    #[must_use]
    pub fn flows(&self, scenario: &Scenario, dataset: &Dataset) -> Flows {
        let mut flows = Flows::default();
        for (i, line) in self.lines.iter().enumerate() {
            if line.allocated > Dong::ZERO {
                flows.source_to_program.push((
                    scenario.lines[i].source.clone(),
                    scenario.lines[i].program.clone(),
                    line.allocated,
                ));
            }
        }
        let rollup = Rollup::of(scenario, dataset, self);
        for (p, program) in rollup.programs.iter().enumerate() {
            // Province level first, then districts in GSO order, as the chart draws them.
            let places = [(None, rollup.province_level(p))]
                .into_iter()
                .chain(rollup.districts.iter().enumerate().map(|(d, code)| (Some(*code), rollup.district(p, d))));
            flows
                .program_to_district
                .extend(places.filter(|(_, a)| *a > Dong::ZERO).map(|(d, a)| (program.clone(), d, a)));
        }
        flows
    }
}
