//! The commune's household support plan (kế hoạch hỗ trợ đến từng hộ): each poor, near-poor
//! and newly escaped household of a commune with its deprivations and causes, the supports
//! planned for it, their amounts and sources, and the organisation that helps it
//! (`docs/household-plan.md`).
//!
//! The households a line reaches are the ones the projection's targeting reached
//! ([`Model::new`] records them): the plan and the projection are one targeting, never two.
//! Entitlements the projection does not model (a program without an effect, such as the
//! tuition exemption) are due by eligibility and marked as such.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::{Area, CommuneCode, Dataset, DistrictCode};
use crate::format::Lang;
use crate::households::{flag, Cause, Households};
use crate::money::Dong;
use crate::program::Eligible;
use crate::provenance::Confidence;
use crate::scenario::Scenario;
use crate::simulation::{Model, BASE_NEAR, BASE_POOR};
use crate::standard::PovertyStandard;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The organisation that helps a household (the plan's "phân công cụ thể các tổ chức, đoàn
/// thể, cá nhân trực tiếp giúp đỡ từng hộ nghèo").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Organisation {
    /// Hội Liên hiệp Phụ nữ.
    WomensUnion,
    /// Hội Nông dân.
    FarmersUnion,
    /// Đoàn Thanh niên Cộng sản Hồ Chí Minh.
    YouthUnion,
    /// Hội Cựu chiến binh.
    VeteransAssociation,
    /// Ủy ban Mặt trận Tổ quốc.
    FatherlandFront,
    /// Công chức, cán bộ xã (a named official of the commune).
    CommuneOfficials,
}

impl Organisation {
    /// Every organisation, in the order the picker lists them.
    pub const ALL: [Organisation; 6] = [
        Self::WomensUnion,
        Self::FarmersUnion,
        Self::YouthUnion,
        Self::VeteransAssociation,
        Self::FatherlandFront,
        Self::CommuneOfficials,
    ];

    /// The key in scenario files.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::WomensUnion => "womens_union",
            Self::FarmersUnion => "farmers_union",
            Self::YouthUnion => "youth_union",
            Self::VeteransAssociation => "veterans_association",
            Self::FatherlandFront => "fatherland_front",
            Self::CommuneOfficials => "commune_officials",
        }
    }

    /// The organisation of a key, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Its name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::WomensUnion => ("Hội Phụ nữ", "Women's Union"),
            Self::FarmersUnion => ("Hội Nông dân", "Farmers' Union"),
            Self::YouthUnion => ("Đoàn Thanh niên", "Youth Union"),
            Self::VeteransAssociation => ("Hội Cựu chiến binh", "Veterans' Association"),
            Self::FatherlandFront => ("Mặt trận Tổ quốc", "Fatherland Front"),
            Self::CommuneOfficials => ("Cán bộ, công chức xã", "Commune officials"),
        };
        if lang == Lang::Vi {
            vi
        } else {
            en
        }
    }

    /// The default helper of a household with `causes` ([`Cause`] bits): its first cause in
    /// [`Cause::ALL`] order decides. Land and means of production: the Farmers' Union;
    /// capital: the Veterans' Association (it runs savings-and-loan groups entrusted by the
    /// VBSP); skills and labour: the Youth Union (training and jobs); illness and dependants:
    /// the Women's Union; another cause or none: the Fatherland Front (it runs the Day for the
    /// Poor fund). An illustrative rule ([`HELPER_RULE_CONFIDENCE`]): the plan leaves the
    /// choice to the commune, which edits it per household.
    #[must_use]
    pub fn default_for(causes: u16) -> Self {
        let first = Cause::ALL.into_iter().find(|c| causes & c.bit() != 0);
        match first {
            Some(Cause::Land | Cause::Means) => Self::FarmersUnion,
            Some(Cause::Capital) => Self::VeteransAssociation,
            Some(Cause::Skills | Cause::Labour) => Self::YouthUnion,
            Some(Cause::Illness | Cause::Dependents) => Self::WomensUnion,
            Some(Cause::Other) | None => Self::FatherlandFront,
        }
    }
}

/// How sure the default helper rule is: no source assigns organisations by cause.
pub const HELPER_RULE_CONFIDENCE: Confidence = Confidence::RecalledLow;

/// The helpers chosen by hand, by household id (the scenario keeps them; links do not).
pub type Helpers = BTreeMap<String, Organisation>;

/// A household's standing at the start of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Poor (hộ nghèo).
    Poor,
    /// Near-poor (hộ cận nghèo).
    NearPoor,
    /// Escaped poverty last year (hộ mới thoát nghèo).
    Escaped,
}

impl Standing {
    /// Its name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Poor, Lang::Vi) => "Hộ nghèo",
            (Self::Poor, Lang::En) => "Poor",
            (Self::NearPoor, Lang::Vi) => "Hộ cận nghèo",
            (Self::NearPoor, Lang::En) => "Near-poor",
            (Self::Escaped, Lang::Vi) => "Hộ mới thoát nghèo",
            (Self::Escaped, Lang::En) => "Newly escaped",
        }
    }
}

/// What kind of support a program gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// A policy the household is entitled to (chế độ, chính sách).
    Entitlement,
    /// A program's support bought with the commune's allocation.
    Grant,
    /// A preferential loan (tín dụng ưu đãi) within its cap.
    Loan,
}

impl SupportKind {
    /// Its name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Entitlement, Lang::Vi) => "Chế độ, chính sách",
            (Self::Entitlement, Lang::En) => "Entitlement",
            (Self::Grant, Lang::Vi) => "Hỗ trợ từ chương trình",
            (Self::Grant, Lang::En) => "Program support",
            (Self::Loan, Lang::Vi) => "Vay vốn ưu đãi",
            (Self::Loan, Lang::En) => "Preferential loan",
        }
    }
}

/// A name in both languages, with its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// Machine key (an indicator's, a source's id).
    pub key: String,
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Named {
    /// The name in `lang`.
    #[must_use]
    pub fn name(&self, lang: Lang) -> &str {
        if lang == Lang::Vi {
            &self.vi
        } else {
            &self.en
        }
    }
}

/// A support's program, as the plan names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProgram {
    /// The program's id and names.
    pub name: Named,
    /// Entitlement, grant or loan.
    pub kind: SupportKind,
    /// Whether the projection models it (an effect reaches households); an entitlement it
    /// does not model is due by eligibility.
    pub modelled: bool,
}

/// One support planned for one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// Index into [`CommunePlan::programs`].
    pub program: u16,
    /// Indices into [`CommunePlan::sources`]: the line's source, and for a co-funded
    /// entitlement every source that shares it.
    pub sources: Vec<u16>,
    /// Thousandths of the program's unit the household takes (1,000: one; a member each for
    /// programs counted in people; 400: 0.4 pupils on average).
    pub milli_units: u64,
    /// What the state pays for it, or the loan's amount, đồng.
    pub amount: Dong,
    /// A preferential loan (lent, to be repaid), not a grant.
    pub loan: bool,
}

/// One household of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedHousehold {
    /// The household's id in the review file (`H` and its row for a synthetic population).
    pub id: String,
    /// Poor, near-poor or newly escaped at the start of the year.
    pub standing: Standing,
    /// Rural or urban.
    pub area: Area,
    /// Members.
    pub members: u8,
    /// Monthly income per person, đồng.
    pub income: u32,
    /// Deprivations at the start of the year, as bits of [`CommunePlan::indicators`].
    pub deprivations: u16,
    /// Causes of poverty as [`Cause`] bits.
    pub causes: u16,
    /// In a household on social-protection policy.
    pub social_protection: bool,
    /// The supports planned, in the scenario's line order.
    pub supports: Vec<Support>,
    /// The deprivations no planned support addresses.
    pub unaddressed: u16,
    /// Whether a support matches one of its causes (true when it has none).
    pub cause_met: bool,
    /// Who helps it.
    pub helper: Organisation,
    /// Whether the helper was chosen by hand (else the default rule's).
    pub helper_chosen: bool,
}

impl PlannedHousehold {
    /// What the state gives it (entitlements and program support, not loans), đồng.
    #[must_use]
    pub fn total(&self) -> Dong {
        self.supports.iter().filter(|s| !s.loan).map(|s| s.amount).sum()
    }

    /// What it is lent, đồng.
    #[must_use]
    pub fn loans(&self) -> Dong {
        self.supports.iter().filter(|s| s.loan).map(|s| s.amount).sum()
    }

    /// Whether it has a deprivation and every one is addressed.
    #[must_use]
    pub fn all_addressed(&self) -> bool {
        self.deprivations != 0 && self.unaddressed == 0
    }

    /// Whether it has a cause that no support matches.
    #[must_use]
    pub fn cause_unmatched(&self) -> bool {
        self.causes != 0 && !self.cause_met
    }
}

/// What the plan covers, for a commune or summed over several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// Households in the plan.
    pub households: u64,
    /// Poor households among them.
    pub poor: u64,
    /// Near-poor households among them.
    pub near_poor: u64,
    /// Households with at least one support.
    pub supported: u64,
    /// Households with at least one deprivation.
    pub deprived: u64,
    /// Of those, households with every deprivation addressed.
    pub all_addressed: u64,
    /// Households with a recorded cause.
    pub with_cause: u64,
    /// Of those, households with a cause but no support that matches it.
    pub cause_unmatched: u64,
    /// The planned supports' amount, loans aside, đồng.
    pub amount: Dong,
    /// The planned loans, đồng.
    #[serde(default)]
    pub loans: Dong,
}

impl Coverage {
    /// Adds another's counts and amount.
    pub fn add(&mut self, o: &Coverage) {
        self.households += o.households;
        self.poor += o.poor;
        self.near_poor += o.near_poor;
        self.supported += o.supported;
        self.deprived += o.deprived;
        self.all_addressed += o.all_addressed;
        self.with_cause += o.with_cause;
        self.cause_unmatched += o.cause_unmatched;
        self.amount += o.amount;
        self.loans += o.loans;
    }
}

/// A program's supports in the commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportTotal {
    /// Index into [`CommunePlan::programs`].
    pub program: u16,
    /// Households it supports.
    pub households: u64,
    /// Thousandths of units.
    pub milli_units: u64,
    /// Amount planned to households, đồng.
    pub amount: Dong,
    /// The commune's allocation to the program, đồng: what is not planned to households
    /// buys less than one more household's support, or is counted at the program's unit cost
    /// (`docs/household-plan.md`).
    pub allocated: Dong,
}

/// Where the plan's households come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanPopulation {
    /// The synthetic population: illustrative households, not real ones.
    Synthetic,
    /// The imported household review file of this name.
    File(String),
}

impl PlanPopulation {
    /// Whether the households are illustrative.
    #[must_use]
    pub fn illustrative(&self) -> bool {
        matches!(self, Self::Synthetic)
    }

    /// What the households are, in `lang`, as every page and file of the plan says it.
    #[must_use]
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Synthetic, Lang::Vi) => "Hộ gia đình MINH HỌA (dân số tổng hợp từ số liệu xã), không phải hộ thật: \
                 hãy nhập tệp rà soát hộ gia đình để lập kế hoạch thật."
                .to_owned(),
            (Self::Synthetic, Lang::En) => "ILLUSTRATIVE households (a synthetic population built from the commune \
                 counts), not real ones: import the household review file to make a real plan."
                .to_owned(),
            (Self::File(f), Lang::Vi) => format!("Hộ gia đình theo tệp rà soát “{f}”."),
            (Self::File(f), Lang::En) => format!("Households of the review file “{f}”."),
        }
    }
}

/// One commune's household support plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunePlan {
    /// The commune.
    pub commune: CommuneCode,
    /// Its full name (`Xã …`).
    pub commune_name: String,
    /// Its district.
    pub district: DistrictCode,
    /// The district's full name.
    pub district_name: String,
    /// The province.
    pub province: String,
    /// The plan's year (the scenario's first).
    pub year: u16,
    /// Where the households come from.
    pub population: PlanPopulation,
    /// The standard's indicators, in bit order.
    pub indicators: Vec<Named>,
    /// The programs the supports name.
    pub programs: Vec<PlanProgram>,
    /// The sources the supports name.
    pub sources: Vec<Named>,
    /// The households: poor first, then near-poor, then newly escaped; in row order within.
    pub households: Vec<PlannedHousehold>,
    /// Per program: households, amount and the commune's allocation.
    pub totals: Vec<SupportTotal>,
    /// What the plan covers.
    pub coverage: Coverage,
}

impl CommunePlan {
    /// The names of a household's deprivations (`bits`) in `lang`.
    #[must_use]
    pub fn deprivation_names(&self, bits: u16, lang: Lang) -> Vec<&str> {
        self.indicators.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, n)| n.name(lang)).collect()
    }

    /// A support in words: "Program: amount (sources)".
    #[must_use]
    pub fn support_text(&self, s: &Support, lang: Lang) -> String {
        let program = self.programs.get(usize::from(s.program));
        let name = program.map_or("", |p| p.name.name(lang));
        let sources: Vec<&str> =
            s.sources.iter().filter_map(|&i| self.sources.get(usize::from(i))).map(|n| n.name(lang)).collect();
        let due = match (program.is_some_and(|p| !p.modelled), lang) {
            (true, Lang::Vi) => " (theo diện thụ hưởng)",
            (true, Lang::En) => " (by eligibility)",
            (false, _) => "",
        };
        format!("{name}: {}{due} ({})", s.amount.format(lang), sources.join(", "))
    }

    /// The households with the helper each has, for a roll-up by organisation.
    #[must_use]
    pub fn by_helper(&self) -> Vec<(Organisation, u64)> {
        let mut counts: BTreeMap<Organisation, u64> = BTreeMap::new();
        for h in &self.households {
            *counts.entry(h.helper).or_default() += 1;
        }
        counts.into_iter().collect()
    }
}

/// A district's roll-up: each commune's coverage and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRollup {
    /// The district.
    pub district: DistrictCode,
    /// Its full name.
    pub district_name: String,
    /// Each commune: code, full name, coverage.
    pub communes: Vec<(CommuneCode, String, Coverage)>,
    /// Their sum.
    pub total: Coverage,
}

impl DistrictRollup {
    /// The roll-up of `plans` (the district's communes).
    #[must_use]
    pub fn of(district: DistrictCode, district_name: &str, plans: &[CommunePlan]) -> Self {
        let mut total = Coverage::default();
        let communes = plans
            .iter()
            .map(|p| {
                total.add(&p.coverage);
                (p.commune, p.commune_name.clone(), p.coverage)
            })
            .collect();
        Self { district, district_name: district_name.to_owned(), communes, total }
    }
}

/// The plans of a scenario's first year: the model's targeting grouped by commune once, then
/// any commune's plan on request.
pub struct HouseholdPlans<'m, 'a> {
    model: &'m Model<'a>,
    scenario: &'m Scenario,
    dataset: &'m Dataset,
    allocation: &'m Allocation,
    standard: &'m PovertyStandard,
    /// Each commune's reaches (row, line), in targeting order.
    by_commune: Vec<Vec<(u32, u32)>>,
}

impl<'m, 'a> HouseholdPlans<'m, 'a> {
    /// Prepares the plans of `model` (built with [`Model::new`] on `scenario` and
    /// `allocation`).
    #[must_use]
    pub fn new(
        model: &'m Model<'a>,
        scenario: &'m Scenario,
        dataset: &'m Dataset,
        allocation: &'m Allocation,
        standard: &'m PovertyStandard,
    ) -> Self {
        let mut by_commune = vec![Vec::new(); dataset.communes().len()];
        for &(row, line) in &model.reaches {
            if let Some(list) = by_commune.get_mut(usize::from(model.households.commune[row as usize])) {
                list.push((row, line));
            }
        }
        Self { model, scenario, dataset, allocation, standard, by_commune }
    }

    /// The households of the model.
    #[must_use]
    pub fn households(&self) -> &'a Households {
        self.model.households
    }

    /// The plan of the commune at `index` in the dataset's communes, with the hand-chosen
    /// `helpers`. `None` for an index out of range.
    #[must_use]
    pub fn commune(&self, index: usize, helpers: &Helpers) -> Option<CommunePlan> {
        let commune = self.dataset.communes().get(index)?;
        let district = self.dataset.district(commune.district);
        let h = self.model.households;
        let scenario = self.scenario;
        let mut programs: Vec<PlanProgram> = Vec::new();
        let mut program_of: BTreeMap<String, u16> = BTreeMap::new();
        let mut sources: Vec<Named> = Vec::new();
        let mut source_of: BTreeMap<String, u16> = BTreeMap::new();
        let mut source_index = |id: &crate::funding::SourceId| -> u16 {
            if let Some(&i) = source_of.get(&id.0) {
                return i;
            }
            let i = u16::try_from(sources.len()).unwrap_or(u16::MAX);
            let (vi, en) = scenario
                .source(id)
                .map_or((id.0.clone(), id.0.clone()), |s| (s.name(Lang::Vi).to_owned(), s.name(Lang::En).to_owned()));
            sources.push(Named { key: id.0.clone(), vi, en });
            source_of.insert(id.0.clone(), i);
            i
        };
        let effects = &scenario.simulation.effects;
        let mut program_index = |id: &crate::program::ProgramId, line_source: bool| -> u16 {
            if let Some(&i) = program_of.get(&id.0) {
                return i;
            }
            let i = u16::try_from(programs.len()).unwrap_or(u16::MAX);
            let p = scenario.program(id);
            let kind = match p {
                Some(p) if p.entitlement => SupportKind::Entitlement,
                _ if line_source => SupportKind::Loan,
                _ => SupportKind::Grant,
            };
            let (vi, en) = p.map_or((id.0.clone(), id.0.clone()), |p| (p.name_vi.clone(), p.name_en.clone()));
            programs.push(PlanProgram {
                name: Named { key: id.0.clone(), vi, en },
                kind,
                modelled: effects.iter().any(|e| &e.program == id),
            });
            program_of.insert(id.0.clone(), i);
            i
        };
        // The commune's rows the targeting considers: poor, near-poor or escaped at the start.
        let mut households: Vec<PlannedHousehold> = Vec::new();
        let mut row_at: BTreeMap<u32, usize> = BTreeMap::new();
        for s in h.segments().iter().filter(|s| usize::from(s.commune) == index) {
            for r in s.start..s.end {
                let i = r as usize;
                let base = self.model.base[i];
                let standing = if base & BASE_POOR != 0 {
                    Standing::Poor
                } else if base & BASE_NEAR != 0 {
                    Standing::NearPoor
                } else if self.model.flags[i] & flag::ESCAPED != 0 {
                    Standing::Escaped
                } else {
                    continue;
                };
                let id = match &h.ids {
                    Some(ids) => ids[i].to_string(),
                    None => format!("H{:07}", i + 1),
                };
                let (helper, helper_chosen) = match helpers.get(&id) {
                    Some(&o) => (o, true),
                    None => (Organisation::default_for(h.causes[i]), false),
                };
                row_at.insert(r, households.len());
                households.push(PlannedHousehold {
                    id,
                    standing,
                    area: s.area,
                    members: h.members[i],
                    income: self.model.income[i],
                    deprivations: h.deprivations[i],
                    causes: h.causes[i],
                    social_protection: self.model.flags[i] & flag::SOCIAL_PROTECTION != 0,
                    supports: Vec::new(),
                    unaddressed: h.deprivations[i],
                    cause_met: h.causes[i] == 0,
                    helper,
                    helper_chosen,
                });
            }
        }
        // The lines with money in this commune, per program.
        let mut funded_lines: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut allocated: BTreeMap<&str, Dong> = BTreeMap::new();
        for cell in &self.allocation.cells {
            if cell.recipient != Recipient::Commune(commune.code) || cell.amount == Dong::ZERO {
                continue;
            }
            let Some(line) = scenario.lines.get(cell.line) else { continue };
            let lines = funded_lines.entry(line.program.0.as_str()).or_default();
            if !lines.contains(&cell.line) {
                lines.push(cell.line);
            }
            *allocated.entry(line.program.0.as_str()).or_insert(Dong::ZERO) += cell.amount;
        }
        let schooling = crate::simulation::mask(self.standard, &["child_schooling"]);
        // The model's reaches: the projection's own targeting.
        for &(row, li) in &self.by_commune[index] {
            let Some(&at) = row_at.get(&row) else { continue };
            let Some(line) = scenario.lines.get(li as usize) else { continue };
            let Some(effect) = effects.iter().find(|e| e.program == line.program) else { continue };
            let loan = Model::loan_use(scenario, line);
            let removes =
                crate::simulation::mask(self.standard, &effect.removes.iter().map(String::as_str).collect::<Vec<_>>());
            let removes = Model::line_removes(loan, removes, schooling);
            let causes = effect.matches_causes.iter().fold(0u16, |m, c| m | c.bit());
            let household = &mut households[at];
            let need = Model::need(effect, household.members);
            let amount =
                Dong::round(price(scenario, line) * Decimal::from(need) / Decimal::from(1_000)).unwrap_or(Dong::ZERO);
            let mut line_sources = vec![source_index(&line.source)];
            if matches!(line.rule, crate::line::Rule::EntitlementShare(_)) {
                for &other in funded_lines.get(line.program.0.as_str()).into_iter().flatten() {
                    let o = &scenario.lines[other];
                    if other != li as usize && matches!(o.rule, crate::line::Rule::EntitlementShare(_)) {
                        line_sources.push(source_index(&o.source));
                    }
                }
            }
            household.supports.push(Support {
                program: program_index(&line.program, loan.is_some()),
                sources: line_sources,
                milli_units: need,
                amount,
                loan: loan.is_some(),
            });
            household.unaddressed &= !removes;
            if household.causes & causes != 0 {
                household.cause_met = true;
            }
        }
        // Entitlements the projection does not model: due to every household of the group.
        for program in &scenario.programs {
            if !program.entitlement || effects.iter().any(|e| e.program == program.id) {
                continue;
            }
            let Some(lines) = funded_lines.get(program.id.0.as_str()) else { continue };
            let (standings, per_member): (&[Standing], bool) = match program.eligible {
                Eligible::PoorHouseholds | Eligible::PoorAndSocialPolicyHouseholds => (&[Standing::Poor], false),
                Eligible::PoorPeople => (&[Standing::Poor], true),
                Eligible::NearPoorHouseholds => (&[Standing::NearPoor], false),
                Eligible::NearPoorPeople => (&[Standing::NearPoor], true),
                Eligible::PoorAndNearPoorHouseholds => (&[Standing::Poor, Standing::NearPoor], false),
                Eligible::EscapedHouseholds => (&[Standing::Escaped], false),
                Eligible::PovertyCadres | Eligible::PovertyTrainees | Eligible::InfoStaff | Eligible::Communes => {
                    continue
                }
            };
            let line_sources: Vec<u16> = lines.iter().map(|&l| source_index(&scenario.lines[l].source)).collect();
            let p = program_index(&program.id, false);
            for household in households.iter_mut().filter(|x| standings.contains(&x.standing)) {
                let per = if per_member { Decimal::from(household.members) } else { Decimal::ONE };
                let units = per * program.units_per_beneficiary;
                let milli = (units * Decimal::from(1_000)).round();
                let amount = Dong::round(units * program.state_cost_per_unit()).unwrap_or(Dong::ZERO);
                household.supports.push(Support {
                    program: p,
                    sources: line_sources.clone(),
                    milli_units: u64::try_from(milli.mantissa() / 10i128.pow(milli.scale())).unwrap_or(0),
                    amount,
                    loan: false,
                });
            }
        }
        households.sort_by_key(|x| x.standing);
        let mut coverage = Coverage::default();
        let mut totals: Vec<SupportTotal> = (0..programs.len())
            .map(|p| SupportTotal {
                program: u16::try_from(p).unwrap_or(u16::MAX),
                households: 0,
                milli_units: 0,
                amount: Dong::ZERO,
                allocated: allocated.get(programs[p].name.key.as_str()).copied().unwrap_or(Dong::ZERO),
            })
            .collect();
        for x in &households {
            coverage.households += 1;
            coverage.poor += u64::from(x.standing == Standing::Poor);
            coverage.near_poor += u64::from(x.standing == Standing::NearPoor);
            coverage.supported += u64::from(!x.supports.is_empty());
            coverage.deprived += u64::from(x.deprivations != 0);
            coverage.all_addressed += u64::from(x.all_addressed());
            coverage.with_cause += u64::from(x.causes != 0);
            coverage.cause_unmatched += u64::from(x.cause_unmatched());
            coverage.amount += x.total();
            coverage.loans += x.loans();
            let mut seen = Vec::new();
            for s in &x.supports {
                let t = &mut totals[usize::from(s.program)];
                if !seen.contains(&s.program) {
                    t.households += 1;
                    seen.push(s.program);
                }
                t.milli_units += s.milli_units;
                t.amount += s.amount;
            }
        }
        let population = match &h.ids {
            Some(_) => PlanPopulation::File(match self.dataset.population() {
                crate::dataset::Population::HouseholdFile(o) => o.file.clone(),
                _ => String::new(),
            }),
            None => PlanPopulation::Synthetic,
        };
        Some(CommunePlan {
            commune: commune.code,
            commune_name: commune.full_name(),
            district: commune.district,
            district_name: district.map(crate::dataset::District::full_name).unwrap_or_default(),
            province: self.dataset.province_name().to_owned(),
            year: crate::scenario::FIRST_YEAR,
            population,
            indicators: self
                .standard
                .indicators
                .iter()
                .map(|i| Named { key: i.key.clone(), vi: i.name_vi.clone(), en: i.name_en.clone() })
                .collect(),
            programs,
            sources,
            households,
            totals,
            coverage,
        })
    }

    /// The plans of every commune of `district`, in GSO order.
    #[must_use]
    pub fn district(&self, district: DistrictCode, helpers: &Helpers) -> Vec<CommunePlan> {
        self.dataset
            .communes()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.district == district)
            .filter_map(|(i, _)| self.commune(i, helpers))
            .collect()
    }
}

/// What one household's unit of a line costs: a loan's amount (the line's loan size within
/// the cap), or the state's cost of the program's unit, at least the program's unit cost (a
/// line paying less per unit buys the effect for its money's worth at the program's unit
/// cost, `docs/simulation.md`, so each household it reaches takes that much of its money).
fn price(scenario: &Scenario, line: &crate::line::Line) -> Decimal {
    let Some(program) = scenario.program(&line.program) else { return Decimal::ZERO };
    let per_unit = line.rule.unit_cost().unwrap_or(program.unit_cost);
    match scenario.source(&line.source).and_then(|s| s.loan.as_ref()) {
        Some(terms) => per_unit.min(terms.cap_per_household).to_decimal(),
        None => per_unit.max(program.unit_cost).to_decimal() * program.state_share,
    }
}

/// The index of a commune in `dataset`, by code.
#[must_use]
pub fn commune_index(dataset: &Dataset, code: CommuneCode) -> Option<usize> {
    dataset.communes().binary_search_by_key(&code, |c| c.code).ok()
}

/// The headings of the household table, in `lang`.
#[must_use]
pub fn headings(lang: Lang) -> [&'static str; 12] {
    [
        lang.pick("TT", "No."),
        lang.pick("Mã hộ", "Household"),
        lang.pick("Phân loại", "Standing"),
        lang.pick("Nhân khẩu", "Members"),
        lang.pick("Thu nhập (đồng/người/tháng)", "Income (đồng per person per month)"),
        lang.pick("Chỉ số thiếu hụt", "Deprivations"),
        lang.pick("Nguyên nhân nghèo", "Causes of poverty"),
        lang.pick("Hỗ trợ dự kiến (chương trình: số tiền, nguồn)", "Planned support (program: amount, source)"),
        lang.pick("Hỗ trợ (đồng)", "Support (đồng)"),
        lang.pick("Vốn vay (đồng)", "Loans (đồng)"),
        lang.pick("Thiếu hụt chưa có hỗ trợ", "Deprivations without support"),
        lang.pick("Tổ chức, đoàn thể giúp đỡ", "Helped by"),
    ]
}

impl CommunePlan {
    /// The plan's title in `lang`.
    #[must_use]
    pub fn title(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("KẾ HOẠCH HỖ TRỢ ĐẾN TỪNG HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {}", self.year),
            Lang::En => format!("SUPPORT PLAN FOR EACH POOR AND NEAR-POOR HOUSEHOLD, {}", self.year),
        }
    }

    /// Where: "Xã …, Huyện …, tỉnh …".
    #[must_use]
    pub fn place(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("{}, {}, tỉnh {}", self.commune_name, self.district_name, self.province),
            Lang::En => format!("{}, {}, {} province", self.commune_name, self.district_name, self.province),
        }
    }

    /// One household's cells, as the table and the CSV show them (amounts as whole numbers
    /// when `plain`, else grouped for reading).
    #[must_use]
    pub fn row(&self, n: usize, h: &PlannedHousehold, lang: Lang, plain: bool) -> Vec<String> {
        let number = |v: i128| if plain { v.to_string() } else { crate::format::group(v, lang) };
        let causes: Vec<&str> = Cause::ALL.iter().filter(|c| h.causes & c.bit() != 0).map(|c| c.label(lang)).collect();
        let supports: Vec<String> = h.supports.iter().map(|s| self.support_text(s, lang)).collect();
        vec![
            (n + 1).to_string(),
            h.id.clone(),
            h.standing.label(lang).to_owned(),
            h.members.to_string(),
            number(i128::from(h.income)),
            self.deprivation_names(h.deprivations, lang).join("; "),
            causes.join("; "),
            supports.join("; "),
            number(i128::from(h.total().get())),
            number(i128::from(h.loans().get())),
            self.deprivation_names(h.unaddressed, lang).join("; "),
            h.helper.label(lang).to_owned(),
        ]
    }

    /// The table of supports by program: program, kind, households, units, amount planned,
    /// the commune's allocation.
    #[must_use]
    pub fn totals_rows(&self, lang: Lang, plain: bool) -> crate::proposal::Table {
        let number = |v: i128| if plain { v.to_string() } else { crate::format::group(v, lang) };
        let mut rows = vec![vec![
            lang.pick("Hỗ trợ", "Support").to_owned(),
            lang.pick("Loại", "Kind").to_owned(),
            lang.pick("Số hộ", "Households").to_owned(),
            lang.pick("Số tiền đến hộ (đồng)", "Amount to households (đồng)").to_owned(),
            lang.pick("Phân bổ cho xã (đồng)", "Allocated to the commune (đồng)").to_owned(),
        ]];
        for t in &self.totals {
            let p = &self.programs[usize::from(t.program)];
            let kind = if p.modelled {
                p.kind.label(lang).to_owned()
            } else {
                format!("{} {}", p.kind.label(lang), lang.pick("(theo diện thụ hưởng)", "(by eligibility)"))
            };
            rows.push(vec![
                p.name.name(lang).to_owned(),
                kind,
                number(i128::from(t.households)),
                number(i128::from(t.amount.get())),
                number(i128::from(t.allocated.get())),
            ]);
        }
        rows
    }

    /// What the plan covers, as labelled counts.
    #[must_use]
    pub fn coverage_rows(&self, lang: Lang) -> Vec<(String, u64)> {
        coverage_rows(&self.coverage, lang)
    }

    /// The plan as CSV (with a BOM), in `lang`: the heading lines, one row per household,
    /// then the supports by program and the coverage.
    #[must_use]
    pub fn csv(&self, lang: Lang) -> String {
        let mut rows: crate::proposal::Table = vec![
            vec![self.title(lang)],
            vec![self.place(lang)],
            vec![self.population.describe(lang)],
            headings(lang).iter().map(|h| (*h).to_owned()).collect(),
        ];
        rows.extend(self.households.iter().enumerate().map(|(n, h)| self.row(n, h, lang, true)));
        rows.push(Vec::new());
        rows.extend(self.totals_rows(lang, true));
        rows.push(Vec::new());
        rows.extend(self.coverage_rows(lang).into_iter().map(|(label, n)| vec![label, n.to_string()]));
        crate::proposal::to_csv(&rows)
    }
}

/// A coverage as labelled counts, in `lang`.
#[must_use]
pub fn coverage_rows(c: &Coverage, lang: Lang) -> Vec<(String, u64)> {
    [
        (lang.pick("Hộ trong kế hoạch", "Households in the plan"), c.households),
        (lang.pick("Trong đó hộ nghèo", "Of which poor"), c.poor),
        (lang.pick("Trong đó hộ cận nghèo", "Of which near-poor"), c.near_poor),
        (lang.pick("Hộ có ít nhất một hỗ trợ", "Households with at least one support"), c.supported),
        (lang.pick("Hộ có chỉ số thiếu hụt", "Households with a deprivation"), c.deprived),
        (lang.pick("Hộ được hỗ trợ mọi thiếu hụt", "Households with every deprivation addressed"), c.all_addressed),
        (lang.pick("Hộ có nguyên nhân nghèo", "Households with a cause recorded"), c.with_cause),
        (
            lang.pick(
                "Hộ có nguyên nhân nhưng chưa có hỗ trợ phù hợp",
                "Households with a cause but no matching support",
            ),
            c.cause_unmatched,
        ),
    ]
    .into_iter()
    .map(|(l, n)| (l.to_owned(), n))
    .collect()
}

impl DistrictRollup {
    /// The roll-up as CSV (with a BOM), in `lang`: one row per commune and the district.
    #[must_use]
    pub fn csv(&self, lang: Lang) -> String {
        let mut rows: crate::proposal::Table = vec![rollup_headings(lang).iter().map(|h| (*h).to_owned()).collect()];
        for (code, name, c) in &self.communes {
            rows.push(rollup_row(&format!("{:05} {name}", code.0), c));
        }
        rows.push(rollup_row(&self.district_name, &self.total));
        crate::proposal::to_csv(&rows)
    }
}

/// The roll-up's headings in `lang`.
#[must_use]
pub fn rollup_headings(lang: Lang) -> [&'static str; 9] {
    [
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Hộ trong kế hoạch", "Households"),
        lang.pick("Hộ nghèo", "Poor"),
        lang.pick("Hộ cận nghèo", "Near-poor"),
        lang.pick("Hộ có thiếu hụt", "With a deprivation"),
        lang.pick("Được hỗ trợ mọi thiếu hụt", "Every deprivation addressed"),
        lang.pick("Nguyên nhân chưa có hỗ trợ phù hợp", "Cause without matching support"),
        lang.pick("Hỗ trợ (đồng)", "Support (đồng)"),
        lang.pick("Vốn vay (đồng)", "Loans (đồng)"),
    ]
}

fn rollup_row(name: &str, c: &Coverage) -> Vec<String> {
    vec![
        name.to_owned(),
        c.households.to_string(),
        c.poor.to_string(),
        c.near_poor.to_string(),
        c.deprived.to_string(),
        c.all_addressed.to_string(),
        c.cause_unmatched.to_string(),
        c.amount.get().to_string(),
        c.loans.get().to_string(),
    ]
}

/// Why a plan cannot be made for the place asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRefusal {
    /// No commune of this code in the dataset.
    UnknownCommune(u32),
    /// No district of this code.
    UnknownDistrict(u16),
    /// The household file has no household in this commune (it is for other communes).
    NotInFile {
        /// The commune, "12345 Xã …".
        commune: String,
        /// The file's name.
        file: String,
    },
}

impl PlanRefusal {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::UnknownCommune(c), Lang::Vi) => format!("không có xã mã {c:05} trong bộ dữ liệu"),
            (Self::UnknownCommune(c), Lang::En) => format!("the dataset has no commune {c:05}"),
            (Self::UnknownDistrict(d), Lang::Vi) => format!("không có huyện mã {d:03} trong bộ dữ liệu"),
            (Self::UnknownDistrict(d), Lang::En) => format!("the dataset has no district {d:03}"),
            (Self::NotInFile { commune, file }, Lang::Vi) => format!(
                "tệp hộ gia đình “{file}” không có hộ nào ở {commune}: tệp dành cho xã khác; hãy chọn xã của tệp hoặc nhập tệp rà soát của xã này"
            ),
            (Self::NotInFile { commune, file }, Lang::En) => format!(
                "the household file “{file}” has no household in {commune}: it is for other communes; pick one of its communes or import this commune's review file"
            ),
        }
    }
}

impl HouseholdPlans<'_, '_> {
    /// The plan of the commune `code`, refused for an unknown commune or one the household
    /// file does not cover.
    ///
    /// # Errors
    /// [`PlanRefusal`].
    pub fn for_commune(&self, code: CommuneCode, helpers: &Helpers) -> Result<CommunePlan, PlanRefusal> {
        let index = commune_index(self.dataset, code).ok_or(PlanRefusal::UnknownCommune(code.0))?;
        self.covered(index)?;
        self.commune(index, helpers).ok_or(PlanRefusal::UnknownCommune(code.0))
    }

    /// The plans of the district `code`'s communes the households cover, and its roll-up.
    ///
    /// # Errors
    /// An unknown district, or one where the household file has no household at all.
    pub fn for_district(
        &self,
        code: DistrictCode,
        helpers: &Helpers,
    ) -> Result<(Vec<CommunePlan>, DistrictRollup), PlanRefusal> {
        let district = self.dataset.district(code).ok_or(PlanRefusal::UnknownDistrict(code.0))?;
        let indices: Vec<usize> =
            self.dataset.communes().iter().enumerate().filter(|(_, c)| c.district == code).map(|(i, _)| i).collect();
        let covered: Vec<usize> = indices.iter().copied().filter(|&i| self.covered(i).is_ok()).collect();
        if covered.is_empty() {
            if let Some(&first) = indices.first() {
                self.covered(first)?;
            }
        }
        let plans: Vec<CommunePlan> = covered.into_iter().filter_map(|i| self.commune(i, helpers)).collect();
        let rollup = DistrictRollup::of(code, &district.full_name(), &plans);
        Ok((plans, rollup))
    }

    /// Whether the households have any row in the commune at `index` (a synthetic population
    /// covers every commune).
    fn covered(&self, index: usize) -> Result<(), PlanRefusal> {
        let h = self.model.households;
        if h.ids.is_none() || h.segments().iter().any(|s| usize::from(s.commune) == index) {
            return Ok(());
        }
        let c = &self.dataset.communes()[index];
        let file = match self.dataset.population() {
            crate::dataset::Population::HouseholdFile(o) => o.file.clone(),
            _ => String::new(),
        };
        Err(PlanRefusal::NotInFile { commune: format!("{:05} {}", c.code.0, c.full_name()), file })
    }
}
