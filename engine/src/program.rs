//! Programs (uses of money): the projects of the program and the support policies, with
//! their units, unit costs and who is eligible.

use crate::dataset::{Commune, CommuneKind};
use crate::format::Lang;
use crate::money::Dong;
use crate::provenance::Note;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifier of a program in a scenario (`p3a`, `health_insurance_poor`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProgramId(pub String);

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a program sits in the structure of the national target program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramGroup {
    /// Dự án 3: production support, livelihoods, model replication.
    Project3,
    /// Dự án 4: communication and information poverty.
    Project4,
    /// Dự án 5: capacity building, monitoring and evaluation.
    Project5,
    /// Chính sách: the support policies for poor and near-poor households.
    Policy,
}

/// What one unit of a program is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Hộ.
    Household,
    /// Người.
    Person,
    /// Khóa học, lớp.
    Course,
    /// Mô hình.
    Model,
    /// Xã.
    Commune,
    /// Cán bộ.
    Cadre,
}

impl Unit {
    /// The unit's name, as in the budget forms (đơn vị tính).
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Household, Lang::Vi) => "hộ",
            (Self::Household, Lang::En) => "household",
            (Self::Person, Lang::Vi) => "người",
            (Self::Person, Lang::En) => "person",
            (Self::Course, Lang::Vi) => "khóa",
            (Self::Course, Lang::En) => "course",
            (Self::Model, Lang::Vi) => "mô hình",
            (Self::Model, Lang::En) => "model",
            (Self::Commune, Lang::Vi) => "xã",
            (Self::Commune, Lang::En) => "commune",
            (Self::Cadre, Lang::Vi) => "cán bộ",
            (Self::Cadre, Lang::En) => "cadre",
        }
    }
}

/// Who a program counts as beneficiaries in a commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligible {
    /// Poor households.
    PoorHouseholds,
    /// Near-poor households.
    NearPoorHouseholds,
    /// Households that escaped poverty last year.
    EscapedHouseholds,
    /// Poor and near-poor households.
    PoorAndNearPoorHouseholds,
    /// Poor households and the non-poor social-policy households of the electricity support
    /// (Decision 28/2014/QĐ-TTg; [`crate::dataset::Counts::social_protection`]).
    PoorAndSocialPolicyHouseholds,
    /// People in poor households (poor households × the commune's people per household).
    PoorPeople,
    /// People in near-poor households, likewise.
    NearPoorPeople,
    /// Poverty-reduction cadres.
    PovertyCadres,
    /// Everyone plan II says to train in poverty reduction in a commune: its poverty-reduction
    /// cadres (village and residential-group heads among them) and a party-cell secretary per
    /// village (one per thôn or tổ dân phố; illustrative).
    PovertyTrainees,
    /// Commune information staff.
    InfoStaff,
    /// The commune itself (one per commune).
    Communes,
}

impl Eligible {
    /// The group's name in `lang`.
    #[must_use]
    pub fn label(self, lang: crate::format::Lang) -> &'static str {
        let (vi, en) = match self {
            Self::PoorHouseholds => ("Hộ nghèo", "Poor households"),
            Self::NearPoorHouseholds => ("Hộ cận nghèo", "Near-poor households"),
            Self::EscapedHouseholds => ("Hộ mới thoát nghèo", "Newly escaped households"),
            Self::PoorAndNearPoorHouseholds => ("Hộ nghèo và cận nghèo", "Poor and near-poor households"),
            Self::PoorAndSocialPolicyHouseholds => {
                ("Hộ nghèo và hộ chính sách xã hội", "Poor and social-policy households")
            }
            Self::PoorPeople => ("Người thuộc hộ nghèo", "People in poor households"),
            Self::NearPoorPeople => ("Người thuộc hộ cận nghèo", "People in near-poor households"),
            Self::PovertyCadres => ("Cán bộ làm công tác giảm nghèo", "Poverty-reduction cadres"),
            Self::PovertyTrainees => (
                "Cán bộ giảm nghèo, bí thư chi bộ, trưởng thôn, tổ trưởng tổ dân phố",
                "Poverty cadres, party-cell secretaries, village and residential-group heads",
            ),
            Self::InfoStaff => ("Cán bộ thông tin cơ sở", "Commune information staff"),
            Self::Communes => ("Xã", "Communes"),
        };
        lang.pick(vi, en)
    }

    /// How many there are in `commune`. People in (near-)poor households are estimated as
    /// households × the commune's people per household, rounded half up.
    #[must_use]
    pub fn count(self, commune: &Commune) -> u64 {
        let c = &commune.counts;
        let people_in = |households: u64| {
            if c.households == 0 {
                return 0;
            }
            // Round half up in integers: (2·h·p + n) / 2n.
            let (h, p, n) = (u128::from(households), u128::from(c.people), u128::from(c.households));
            ((2 * h * p + n) / (2 * n)) as u64
        };
        match self {
            Self::PoorHouseholds => c.poor(),
            Self::NearPoorHouseholds => c.near_poor,
            Self::EscapedHouseholds => c.escaped_last_year,
            Self::PoorAndNearPoorHouseholds => c.poor() + c.near_poor,
            Self::PoorAndSocialPolicyHouseholds => c.poor() + c.social_protection,
            Self::PoorPeople => people_in(c.poor()),
            Self::NearPoorPeople => people_in(c.near_poor),
            Self::PovertyCadres => c.poverty_cadres,
            Self::PovertyTrainees => c.poverty_cadres + c.villages,
            Self::InfoStaff => c.info_staff,
            Self::Communes => 1,
        }
    }
}

/// Which communes a rule spreads money over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneFilter {
    /// Every commune-level unit.
    #[default]
    All,
    /// Only xã (rural communes).
    Rural,
    /// Only the xã counted in the 2019 new-rural target.
    NewRural2019,
}

impl CommuneFilter {
    /// Whether `commune` is in.
    #[must_use]
    pub fn admits(self, commune: &Commune) -> bool {
        match self {
            Self::All => true,
            Self::Rural => commune.kind == CommuneKind::Commune,
            Self::NewRural2019 => commune.ntm_2019,
        }
    }
}

/// A use of money: a project activity or a support policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Identifier, unique in the scenario.
    pub id: ProgramId,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Project 3, 4, 5 or a support policy.
    pub group: ProgramGroup,
    /// Lead agency (cơ quan chủ trì), in Vietnamese.
    pub lead_vi: String,
    /// Lead agency, in English.
    pub lead_en: String,
    /// What one unit is.
    pub unit: Unit,
    /// Cost of one unit for the year.
    pub unit_cost: Dong,
    /// Who counts as a beneficiary.
    pub eligible: Eligible,
    /// Units per beneficiary (e.g. pupils per poor household); 1 for most programs.
    pub units_per_beneficiary: Decimal,
    /// Share of the unit cost the state pays (1 for most; at least 0.7 for near-poor health
    /// insurance).
    pub state_share: Decimal,
    /// Set by law from head-counts (chế độ, chính sách) rather than allocated by a rule.
    pub entitlement: bool,
    /// Only for rural units (xã): every line of it skips phường and thị trấn, whatever its
    /// rule's commune filter (rural clean water and sanitation, Decision 1205/QĐ-TTg).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rural_only: bool,
    /// Where the unit cost and eligibility come from.
    pub note: Note,
}

impl Program {
    /// The name in `lang`.
    #[must_use]
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }

    /// The lead agency in `lang`.
    #[must_use]
    pub fn lead(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.lead_vi,
            Lang::En => &self.lead_en,
        }
    }

    /// Units of the program needed in `commune`: beneficiaries × units per beneficiary,
    /// rounded half up to a whole unit.
    #[must_use]
    pub fn units_in(&self, commune: &Commune) -> u64 {
        units(self.eligible.count(commune), self.units_per_beneficiary)
    }

    /// What the state pays for one unit: unit cost × state share, exact.
    #[must_use]
    pub fn state_cost_per_unit(&self) -> Decimal {
        self.unit_cost.to_decimal() * self.state_share
    }

    /// The entitlement cost in `commune`: units × unit cost × state share, rounded to the
    /// đồng once ([`Dong::round`]).
    #[must_use]
    pub fn cost_in(&self, commune: &Commune) -> Dong {
        Dong::round(Decimal::from(self.units_in(commune)) * self.state_cost_per_unit())
            .unwrap_or(crate::money::MAX_AMOUNT)
    }
}

/// `count × per`, rounded half up to a whole unit.
#[must_use]
pub fn units(count: u64, per: Decimal) -> u64 {
    if per == Decimal::ONE {
        return count; // most programs: one unit per beneficiary, no decimal arithmetic
    }
    let exact = Decimal::from(count) * per;
    u64::try_from(exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)).unwrap_or(0)
}
