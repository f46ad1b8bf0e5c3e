//! The scenario's allocation vocabulary: a [`Line`] takes an amount from one source for one
//! program and spreads it by a [`Rule`]; an [`Override`] locks one commune's amount on a line.
//! These are plain data read by `scenario` (validation), `allocation` (the split) and
//! `simulation` (who a line's money reaches); the arithmetic lives in `allocation`.

use crate::dataset::CommuneCode;
use crate::funding::SourceId;
use crate::money::Dong;
use crate::program::{CommuneFilter, Eligible, ProgramId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One source's money for one program, and how to spread it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Where the money comes from.
    pub source: SourceId,
    /// What it pays for.
    pub program: ProgramId,
    /// How much.
    pub amount: Dong,
    /// How it is spread.
    pub rule: Rule,
}

/// How a line's money reaches communes. Externally tagged in JSON (`{"criteria": {…}}`,
/// `"entitlement"`) so that an error inside a rule keeps its exact field path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Points per commune from its counts (phân bổ theo tiêu chí).
    Criteria(Criteria),
    /// Eligible units funded at unit cost, in priority order, until the money runs out.
    Demand(Demand),
    /// Each commune's legal cost from head-counts (program units × unit cost × state share).
    Entitlement,
    /// A share of each unit's cost of an entitlement, when several sources pay it together
    /// (near-poor health insurance: the state's minimum 70 % and the province's top-up 30 %).
    EntitlementShare(EntitlementShare),
    /// Kept and spent at province level (e.g. province-run training, monitoring).
    ProvinceLevel,
    /// Whole units of the program in named communes, each at the program's unit cost: the
    /// optimiser's plan (`docs/optimiser.md`), or a plan typed in a file.
    Planned(Planned),
}

impl Rule {
    /// The line's own cost of one unit, where its rule sets one (a demand or planned line's
    /// loan size); the program's unit cost applies otherwise.
    #[must_use]
    pub fn unit_cost(&self) -> Option<Dong> {
        match self {
            Self::Demand(d) => d.unit_cost,
            Self::Planned(p) => p.unit_cost,
            _ => None,
        }
    }
}

/// Whole units per commune, in columns: `commune[k]` gets `units[k]` units, each at the
/// program's unit cost. Communes in ascending GSO order, each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planned {
    /// Which communes may take part (kept from the rule the plan replaced).
    #[serde(default)]
    pub communes: CommuneFilter,
    /// Least any taking-part commune is to get, kept from the replaced rule: a constraint of the
    /// optimiser, not applied by the allocation.
    #[serde(default)]
    pub floor: Dong,
    /// Most any commune is to get, likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Dong>,
    /// Cost of one unit on this line (a loan's size); the program's unit cost if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<Dong>,
    /// The communes (GSO codes).
    pub commune: Vec<CommuneCode>,
    /// Units for each.
    pub units: Vec<u64>,
}

impl Planned {
    /// The planned units of `commune` (0 when it is not named).
    #[must_use]
    pub fn units_of(&self, commune: CommuneCode) -> u64 {
        self.commune.binary_search(&commune).ok().and_then(|k| self.units.get(k).copied()).unwrap_or(0)
    }

    /// Every unit of the plan.
    #[must_use]
    pub fn total_units(&self) -> u64 {
        self.units.iter().sum()
    }
}

/// Weights of the criteria formula. Each must be between 0 and 1,000,000 with at most 6
/// decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Points per poor household.
    pub poor: Decimal,
    /// Points per near-poor household.
    pub near_poor: Decimal,
    /// Points per household that escaped poverty last year.
    pub escaped: Decimal,
    /// Points every eligible commune gets.
    pub base: Decimal,
}

/// Bonus points for communes at or above a poverty rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Poverty rate in percent (`5` for 5 %) from which the bonus applies.
    pub min_rate_percent: Decimal,
    /// Points added (only the highest band a commune reaches counts).
    pub bonus: Decimal,
}

/// The smallest amount a rule hands out; shares are whole multiples of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum RoundingUnit {
    /// 1 đ.
    #[default]
    Dong,
    /// 1.000 đ.
    Thousand,
    /// 1.000.000 đ.
    Million,
}

impl RoundingUnit {
    /// The unit in đồng.
    #[must_use]
    pub fn dong(self) -> i64 {
        match self {
            Self::Dong => 1,
            Self::Thousand => 1_000,
            Self::Million => 1_000_000,
        }
    }
}

impl TryFrom<i64> for RoundingUnit {
    type Error = String;
    fn try_from(n: i64) -> Result<Self, String> {
        match n {
            1 => Ok(Self::Dong),
            1_000 => Ok(Self::Thousand),
            1_000_000 => Ok(Self::Million),
            _ => Err(format!("rounding unit must be 1, 1000 or 1000000, not {n}")),
        }
    }
}

impl From<RoundingUnit> for i64 {
    fn from(u: RoundingUnit) -> i64 {
        u.dong()
    }
}

/// The criteria formula: points = base + poor × w + near-poor × w + escaped × w + band bonus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Weights per household group and per commune.
    pub weights: Weights,
    /// Poverty-rate bands with bonus points.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Which communes take part.
    #[serde(default)]
    pub communes: CommuneFilter,
    /// Least each taking-part commune gets (a multiple of the rounding unit).
    #[serde(default)]
    pub floor: Dong,
    /// Most any commune gets (a multiple of the rounding unit, at least the floor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Dong>,
    /// Shares are whole multiples of this.
    #[serde(default)]
    pub rounding_unit: RoundingUnit,
}

/// In which order communes are served by a demand rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneOrder {
    /// Highest poverty rate first.
    #[default]
    PovertyRateDesc,
    /// Most poor households first.
    PoorDesc,
    /// GSO code order.
    Code,
}

/// Fund eligible units at unit cost until the money runs out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Beneficiary groups in priority order (all of the first group everywhere, then the
    /// second, …).
    pub priority: Vec<Eligible>,
    /// Order of communes within a group.
    #[serde(default)]
    pub order: CommuneOrder,
    /// Which communes take part.
    #[serde(default)]
    pub communes: CommuneFilter,
    /// Cost of one unit on this line (e.g. the loan size); the program's unit cost if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<Dong>,
}

/// A fixed amount for one commune on one line, with the reason: a locked cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The line's source.
    pub source: SourceId,
    /// The line's program.
    pub program: ProgramId,
    /// The commune.
    pub commune: CommuneCode,
    /// Its amount, kept whatever else changes.
    pub amount: Dong,
    /// Why (required).
    pub reason: String,
}

/// What share of each unit's cost a co-funding line pays. The shares of a program's lines add
/// up to at most its state share; each commune's amounts are cut so that together they are
/// exactly the commune's legal cost when the shares add up to the state share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitlementShare {
    /// Share of the unit cost, 0–1 (`"0.7"`).
    pub share: Decimal,
}
