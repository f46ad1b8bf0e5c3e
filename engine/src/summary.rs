//! A dataset as rows to show: province, districts and communes, each with its counts, rates
//! and the provenance of every figure.
//!
//! This is the one view of the dataset that the app's tables, the CLI's `gnbv dataset` and
//! its JSON output (documented in `docs/cli-json.md`) are made from.

use crate::dataset::{Dataset, Field, Scope};
use crate::provenance::Provenance;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Decimal places kept for rates in a summary (exact ratios can run to 28 digits).
pub const RATE_PLACES: u32 = 8;

/// One province, district or commune as a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// What the row is about.
    pub scope: Scope,
    /// Short name ("Quỳnh Phụ"); the province row is named by the dataset.
    pub name: String,
    /// Name as written in documents ("Huyện Quỳnh Phụ").
    pub full_name: String,
    /// Kind word in Vietnamese (tỉnh, thành phố, huyện, xã, phường, thị trấn).
    pub kind: &'static str,
    /// Commune-level units in the row (1 for a commune).
    pub units: usize,
    /// Xã among them counted in the 2019 new-rural target.
    pub ntm_2019_units: usize,
    /// The baseline counts.
    pub counts: crate::dataset::Counts,
    /// Poor households over households, rounded to [`RATE_PLACES`].
    pub poor_rate: Option<Decimal>,
    /// Near-poor households over households, rounded to [`RATE_PLACES`].
    pub near_poor_rate: Option<Decimal>,
    /// Provenance of every figure of the row, by field key.
    pub provenance: BTreeMap<&'static str, Provenance>,
}

impl Row {
    /// The value of a field (rates as ratios).
    #[must_use]
    pub fn value(&self, field: Field) -> Option<Decimal> {
        self.counts.get(field)
    }

    /// Provenance of one field.
    #[must_use]
    pub fn provenance_of(&self, field: Field) -> Provenance {
        self.provenance.get(field.key()).copied().unwrap_or(Provenance::Illustrative)
    }
}

/// A district row with its communes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictRows {
    /// The district's own row (sums over its communes).
    #[serde(flatten)]
    pub row: Row,
    /// Its communes in GSO order.
    pub communes: Vec<Row>,
}

/// The whole dataset as rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Dataset identifier.
    pub dataset: String,
    /// Which moment the counts describe.
    pub baseline: &'static str,
    /// The province row.
    pub province: Row,
    /// District rows, each with its communes.
    pub districts: Vec<DistrictRows>,
    /// The published figures the dataset reproduces, with sources.
    pub published: Vec<crate::dataset::PublishedFigure>,
}

impl Summary {
    /// Builds the rows of a dataset.
    #[must_use]
    pub fn of(dataset: &Dataset) -> Self {
        let row = |scope, name: String, full_name: String, kind, units, ntm, counts: crate::dataset::Counts| Row {
            scope,
            name,
            full_name,
            kind,
            units,
            ntm_2019_units: ntm,
            poor_rate: counts.poor_rate().map(|r| r.round_dp(RATE_PLACES)),
            near_poor_rate: counts.near_poor_rate().map(|r| r.round_dp(RATE_PLACES)),
            counts,
            provenance: Field::ALL.into_iter().map(|f| (f.key(), dataset.provenance(scope, f))).collect(),
        };
        let districts = dataset
            .district_totals()
            .into_iter()
            .map(|(d, counts)| {
                let communes: Vec<Row> = dataset
                    .communes_of(d.code)
                    .map(|c| {
                        row(Scope::Commune(c.code), c.name.clone(), c.full_name(), c.kind.vi(), 1, usize::from(c.ntm_2019), c.counts)
                    })
                    .collect();
                let ntm = communes.iter().map(|c| c.ntm_2019_units).sum();
                DistrictRows {
                    row: row(Scope::District(d.code), d.name.clone(), d.full_name(), d.kind.vi(), communes.len(), ntm, counts),
                    communes,
                }
            })
            .collect();
        Self {
            dataset: dataset.id().to_owned(),
            baseline: "end of 2018",
            province: row(
                Scope::Province,
                dataset.province_name().to_owned(),
                format!("Tỉnh {}", dataset.province_name()),
                "tỉnh",
                dataset.communes().len(),
                dataset.ntm_2019_count(),
                dataset.province_counts(),
            ),
            districts,
            published: dataset.published().to_vec(),
        }
    }
}
