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
                        row(
                            Scope::Commune(c.code),
                            c.name.clone(),
                            c.full_name(),
                            c.kind.vi(),
                            1,
                            usize::from(c.ntm_2019),
                            c.counts,
                        )
                    })
                    .collect();
                let ntm = communes.iter().map(|c| c.ntm_2019_units).sum();
                DistrictRows {
                    row: row(
                        Scope::District(d.code),
                        d.name.clone(),
                        d.full_name(),
                        d.kind.vi(),
                        communes.len(),
                        ntm,
                        counts,
                    ),
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

/// What a table of rows is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Vietnamese dictionary order of the short name.
    Name,
    /// Number of commune-level units.
    Units,
    /// A count or rate.
    Field(Field),
}

impl Row {
    /// Orders two rows by `key`, ascending; ties (and rows with no value, which come first)
    /// fall back to GSO order so that every sort is deterministic.
    #[must_use]
    pub fn compare(&self, other: &Row, key: SortKey) -> std::cmp::Ordering {
        self.compare_values(other, key).then_with(|| scope_order(self.scope).cmp(&scope_order(other.scope)))
    }

    fn compare_values(&self, other: &Row, key: SortKey) -> std::cmp::Ordering {
        match key {
            SortKey::Name => crate::format::collation_key(&self.name).cmp(&crate::format::collation_key(&other.name)),
            SortKey::Units => self.units.cmp(&other.units),
            SortKey::Field(f) => self.value(f).cmp(&other.value(f)),
        }
    }
}

fn scope_order(scope: Scope) -> (u8, u32) {
    match scope {
        Scope::Province => (0, 0),
        Scope::District(c) => (1, c.0.into()),
        Scope::Commune(c) => (2, c.0),
    }
}

impl Summary {
    /// Districts sorted by `key` (and each district's communes by the same key); `None`
    /// keeps GSO order. Descending reverses the order of values but keeps ties in GSO order.
    pub fn sort(&mut self, key: Option<SortKey>, descending: bool) {
        let order = |a: &Row, b: &Row| match key {
            None => scope_order(a.scope).cmp(&scope_order(b.scope)),
            Some(k) if descending => {
                b.compare_values(a, k).then_with(|| scope_order(a.scope).cmp(&scope_order(b.scope)))
            }
            Some(k) => a.compare(b, k),
        };
        self.districts.sort_by(|a, b| order(&a.row, &b.row));
        for d in &mut self.districts {
            d.communes.sort_by(|a, b| order(a, b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Dataset, DistrictCode};

    fn summary() -> Summary {
        Summary::of(&Dataset::builtin().unwrap())
    }

    fn names(s: &Summary) -> Vec<&str> {
        s.districts.iter().map(|d| d.row.name.as_str()).collect()
    }

    #[test]
    fn sorts_districts_and_their_communes() {
        let mut s = summary();
        s.sort(Some(SortKey::Name), false);
        assert_eq!(
            names(&s),
            ["Đông Hưng", "Hưng Hà", "Kiến Xương", "Quỳnh Phụ", "Thái Bình", "Thái Thụy", "Tiền Hải", "Vũ Thư"]
        );
        s.sort(Some(SortKey::Field(Field::PoorRate)), true);
        let rates: Vec<_> = s.districts.iter().map(|d| d.row.poor_rate.unwrap()).collect();
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
        for d in &s.districts {
            let r: Vec<_> = d.communes.iter().map(|c| c.counts.poor_rate().unwrap()).collect();
            assert!(r.windows(2).all(|w| w[0] >= w[1]));
        }
        s.sort(None, false);
        assert_eq!(s, summary(), "no key restores GSO order");
    }

    #[test]
    fn ties_keep_gso_order_both_ways() {
        let city = |s: &Summary| -> Vec<Scope> {
            let d = s.districts.iter().find(|d| d.row.scope == Scope::District(DistrictCode(336))).unwrap();
            d.communes.iter().map(|c| c.scope).collect()
        };
        let mut s = summary();
        let gso = city(&s);
        s.sort(Some(SortKey::Field(Field::InfoStaff)), false);
        assert_eq!(city(&s), gso, "every commune has 2 information staff: all ties");
        s.sort(Some(SortKey::Field(Field::InfoStaff)), true);
        assert_eq!(city(&s), gso, "ties stay in GSO order when descending too");
    }
}
