//! The Monte Carlo summary: P10/P50/P90 of every reported figure per commune, district and
//! province, and the 2019 plan's targets with the probability each is met.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::{CommuneCode, Dataset, DistrictCode};
use crate::format::Lang;
use crate::households::Households;
use crate::params::{Access, SimulationParams};
use crate::program::ProgramId;
use crate::provenance::Note;
use crate::scenario::Scenario;
use crate::simulation::{Model, Tally};
use crate::standard::PovertyStandard;
use crate::uncertainty::{Driver, ParamRange, Uncertainty};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// P10, P50 and P90 over the draws (nearest rank: the ⌈q·n⌉-th smallest value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band<T> {
    /// 10th percentile.
    pub p10: T,
    /// Median.
    pub p50: T,
    /// 90th percentile.
    pub p90: T,
}

impl<T: Copy + Ord> Band<T> {
    /// The band of `values` (sorted in place). `None` for no values.
    pub fn of(values: &mut [T]) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        let n = values.len();
        let at = |q: usize| values[(q * n).div_ceil(100).max(1) - 1];
        Some(Self { p10: at(10), p50: at(50), p90: at(90) })
    }

    /// Each percentile through `f` (monotone non-decreasing `f` keeps it a band).
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Band<U> {
        Band { p10: f(self.p10), p50: f(self.p50), p90: f(self.p90) }
    }
}

/// Projected figures of a commune, district or the province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Households (fixed over the year).
    pub households: u64,
    /// Poor households at the start.
    pub baseline_poor: u64,
    /// Near-poor households at the start.
    pub baseline_near_poor: u64,
    /// Poor households at the end.
    pub poor: Band<u32>,
    /// Near-poor households at the end.
    pub near_poor: Band<u32>,
    /// Poor rate at the end, a ratio rounded to 6 decimals.
    pub poor_rate: Band<Decimal>,
    /// Near-poor rate at the end, likewise.
    pub near_poor_rate: Band<Decimal>,
    /// Poor households at the end, leaving out those on social-protection policy.
    pub poor_without_social_protection: Band<u32>,
    /// Poor at the start, not at the end.
    pub exits: Band<u32>,
    /// Not poor at the start, poor at the end.
    pub entries: Band<u32>,
    /// Share of poor and near-poor households with access, per [`Access::ALL`] (province and
    /// districts only; empty for communes).
    pub access: Vec<AccessBand>,
    /// Households with a loan this year (the same in every draw).
    pub borrowers: Band<u32>,
    /// Borrowers poor at the start and not at the end: what credit achieves with the other
    /// programs the household received.
    pub borrower_exits: Band<u32>,
    /// Borrowers not poor at the start and poor at the end.
    pub borrower_entries: Band<u32>,
}

impl Figures {
    /// The poor rate at the start (a later year's: the median of the year before's ends), a
    /// ratio rounded as the projected rates are.
    #[must_use]
    pub fn baseline_poor_rate(&self) -> Decimal {
        ratio(self.baseline_poor, self.households)
    }

    /// Whether the median projection meets the new-rural poverty criterion of `params`
    /// (rate at or below the threshold; social-protection households left out if so set).
    #[must_use]
    pub fn meets_new_rural(&self, params: &SimulationParams) -> bool {
        let poor =
            if params.ntm_excludes_social_protection { self.poor_without_social_protection.p50 } else { self.poor.p50 };
        u64::from(poor) * 10_000 <= u64::from(params.ntm_threshold_bp) * self.households
    }
}

impl Figures {
    /// "Why this number" for a projected poverty rate: what the median and the band are, the
    /// baseline it starts from, the flows in and out, and what the borrowers did, in `lang`.
    #[must_use]
    pub fn explain(&self, draws: u32, lang: Lang) -> Vec<String> {
        use crate::format::{group, percent};
        let vi = lang == Lang::Vi;
        let base = ratio(self.baseline_poor, self.households);
        let (p10, p50, p90) = (self.poor_rate.p10, self.poor_rate.p50, self.poor_rate.p90);
        let g = |n: u32| group(n.into(), lang);
        let lines = vec![
            if vi {
                format!(
                    "Trung vị của {draws} lần mô phỏng: {}; 80 % số lần nằm trong khoảng {}–{} (P10–P90).",
                    percent(p50, lang),
                    percent(p10, lang),
                    percent(p90, lang)
                )
            } else {
                format!(
                    "Median of {draws} draws: {}; 80 % of draws fall within {}–{} (P10–P90).",
                    percent(p50, lang),
                    percent(p10, lang),
                    percent(p90, lang)
                )
            },
            if vi {
                format!(
                    "Đầu năm: {} ({} hộ nghèo trên {} hộ).",
                    percent(base, lang),
                    group(self.baseline_poor.into(), lang),
                    group(self.households.into(), lang)
                )
            } else {
                format!(
                    "Start of the year: {} ({} poor of {} households).",
                    percent(base, lang),
                    group(self.baseline_poor.into(), lang),
                    group(self.households.into(), lang)
                )
            },
            if vi {
                format!(
                    "Trong năm (trung vị): {} hộ thoát nghèo, {} hộ phát sinh hoặc tái nghèo; cuối năm {} hộ nghèo.",
                    g(self.exits.p50),
                    g(self.entries.p50),
                    g(self.poor.p50)
                )
            } else {
                format!(
                    "During the year (median): {} households exit poverty, {} enter or fall back; {} poor at the end.",
                    g(self.exits.p50),
                    g(self.entries.p50),
                    g(self.poor.p50)
                )
            },
            if self.borrowers.p50 == 0 {
                String::new()
            } else {
                let (n, x, e) = (g(self.borrowers.p50), &self.borrower_exits, &self.borrower_entries);
                let (x, x10, x90, e, e10, e90) = (g(x.p50), g(x.p10), g(x.p90), g(e.p50), g(e.p10), g(e.p90));
                if vi {
                    format!("Vay vốn (trung vị): {n} hộ vay trong năm; {x} hộ vay thoát nghèo ({x10}–{x90}), {e} hộ vay rơi vào nghèo ({e10}–{e90}).")
                } else {
                    format!("Credit (median): {n} households borrow this year; {x} borrowers exit poverty ({x10}–{x90}), {e} borrowers fall into poverty ({e10}–{e90}).")
                }
            },
            if vi {
                "Mỗi lần mô phỏng phân loại lại từng hộ theo chuẩn nghèo (QĐ 59/2015) sau khi tăng thu nhập, rủi ro và tác động của các chương trình được cấp vốn; xem docs/simulation.md.".to_owned()
            } else {
                "Each draw re-classifies every household under the poverty standard (Decision 59/2015) after income growth, shocks and the funded programmes' effects; see docs/simulation.md.".to_owned()
            },
        ];
        // The credit line is empty where nobody borrows.
        lines.into_iter().filter(|l| !l.is_empty()).collect()
    }
}

/// The share of poor and near-poor households with one kind of access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessBand {
    /// Which access.
    pub access: Access,
    /// Share (0–1) over the draws.
    pub share: Band<Decimal>,
}

/// Figures of one district or commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoped<C> {
    /// GSO code.
    pub code: C,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// Households a program reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    /// The program.
    pub program: ProgramId,
    /// Households reached.
    pub households: u64,
}

/// How likely a target is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met in at least 80 % of draws (or met, for a target without uncertainty).
    Likely,
    /// Met in 20–80 % of draws.
    Uncertain,
    /// Met in fewer than 20 % of draws (or not met).
    Unlikely,
}

/// What a target's plan and value count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    /// Percentage points of the poverty rate.
    Points,
    /// A share from 0 to 1.
    Share,
    /// A number of communes.
    Communes,
}

/// A target of the 2019 plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetId {
    /// Poor-household rate down ≥ 0.5 points vs the baseline.
    PovertyRateReduction,
    /// Every xã of the new-rural target at or below the poverty criterion.
    NewRuralCommunes,
    /// 100 % of poverty-reduction cadres trained.
    CadresTrained,
    /// 100 % of commune information staff trained.
    InfoStaffTrained,
    /// Poor and near-poor households with health insurance.
    HealthInsurance,
    /// … with children in school.
    Schooling,
    /// … with clean water.
    Water,
    /// … with hygienic sanitation.
    Sanitation,
    /// … with information access.
    Information,
    /// 2020: poor-household rate down ≥ 0.5 points from the end of 2019 (the 2019 target
    /// carried over: no 2020 plan is in the sources).
    PovertyRateReduction2020,
    /// 2020: poor-household rate at most the 2.36 % the province expected (published).
    ExpectedRate2020,
}

/// A target, its projected value and the probability it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Which.
    pub id: TargetId,
    /// The plan's level, e.g. 0.5 (points) or 1 (share), or 264 (communes).
    pub plan: Decimal,
    /// The unit of `plan` and `value`.
    pub unit: TargetUnit,
    /// Projected value.
    pub value: Band<Decimal>,
    /// Share of draws in which it is met (0–1).
    pub probability: Decimal,
    /// Whether the value is uncertain (false: set by the allocation alone).
    pub uncertain: bool,
    /// Likely, uncertain or unlikely.
    pub status: Status,
    /// Source of the target level.
    pub note: Note,
    /// Who sets the level: the plan, the law, or nobody (an illustrative level).
    #[serde(default)]
    pub level_from: LevelFrom,
    /// The uncertain parameter that moves it most over the draws, if one accounts for a
    /// noticeable share of its variation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driven_by: Option<Driver>,
}

/// Who sets a target's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelFrom {
    /// Plan 28/KH-SLĐTBXH states it.
    #[default]
    Plan,
    /// The law sets it (health insurance for poor and near-poor people).
    Law,
    /// Neither does: the level is an illustrative planning assumption.
    NotStated,
    /// A later year's: the 2019 plan's level carried over (no plan for the year was found).
    Assumed,
    /// A level the province published as an expectation, not a plan target.
    Reported,
}

impl Target {
    /// Whether the target is met at or below its level (a rate not to exceed), rather than at
    /// or above it.
    #[must_use]
    pub fn at_most(&self) -> bool {
        matches!(self.id, TargetId::ExpectedRate2020)
    }

    /// What the screens and exports say beside a target whose level the plan does not set.
    #[must_use]
    pub fn level_remark(&self, lang: Lang) -> Option<&'static str> {
        match self.level_from {
            LevelFrom::Plan => None,
            LevelFrom::Law => Some(lang.pick("mức theo quy định của pháp luật", "level set by law")),
            LevelFrom::NotStated => {
                Some(lang.pick("mức minh họa: Kế hoạch 28 không nêu mức", "illustrative level: Plan 28 states none"))
            }
            LevelFrom::Assumed => Some(lang.pick(
                "mức giả định: chỉ tiêu năm 2019 áp dụng cho năm sau (không tìm thấy kế hoạch năm đó)",
                "assumed level: the 2019 target carried over (no plan for the year was found)",
            )),
            LevelFrom::Reported => Some(lang.pick(
                "mức dự kiến tỉnh đã công bố, không phải chỉ tiêu kế hoạch",
                "a level the province published as expected, not a plan target",
            )),
        }
    }

    /// The projected value as the screens and exports show it: the median and its P10–P90
    /// band for an uncertain target (`0,68 điểm % (0,67–0,69 điểm %)`), the value alone for one
    /// set by the allocation; points with two decimals, shares as percentages, communes whole.
    #[must_use]
    pub fn value_text(&self, lang: Lang) -> String {
        use crate::format::{band, decimal, group, percent};
        let f = |v: Decimal| match self.unit {
            TargetUnit::Points => format!("{} {}", decimal(v, 2, lang), lang.pick("điểm %", "points")),
            TargetUnit::Communes => group(v.trunc().mantissa() / 10i128.pow(v.trunc().scale()), lang),
            TargetUnit::Share => percent(v, lang),
        };
        let Band { p10, p50, p90 } = self.value;
        if self.uncertain {
            band(p50, p10, p90, f)
        } else {
            f(p50)
        }
    }

    /// The value and probability at the precision they are shown with (points to 2 decimals,
    /// shares and probabilities to 4, communes whole): two targets that read the same are
    /// equal here.
    #[must_use]
    pub fn as_shown(&self) -> (Band<Decimal>, Decimal) {
        let places = match self.unit {
            TargetUnit::Points => 2,
            TargetUnit::Share => 4,
            TargetUnit::Communes => 0,
        };
        let round = |v: Decimal| {
            if self.unit == TargetUnit::Communes {
                v.trunc()
            } else {
                v.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            }
        };
        let value = if self.uncertain {
            self.value.map(round)
        } else {
            Band { p10: round(self.value.p50), p50: round(self.value.p50), p90: round(self.value.p50) }
        };
        (value, self.probability.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }
}

impl TargetId {
    /// The target's name.
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::PovertyRateReduction => (
                "Tỷ lệ hộ nghèo giảm từ 0,5 điểm % trở lên so với năm 2018",
                "Poor-household rate down at least 0.5 points from 2018",
            ),
            Self::NewRuralCommunes => {
                ("Các xã (264) đạt tiêu chí hộ nghèo nông thôn mới", "The 264 xã meet the new-rural poverty criterion")
            }
            Self::CadresTrained => {
                ("100% cán bộ làm công tác giảm nghèo được tập huấn", "100% of poverty-reduction cadres trained")
            }
            Self::InfoStaffTrained => {
                ("100% cán bộ thông tin cơ sở được tập huấn", "100% of commune information staff trained")
            }
            Self::HealthInsurance => {
                ("Hộ nghèo, cận nghèo có bảo hiểm y tế", "Poor and near-poor households with health insurance")
            }
            Self::Schooling => {
                ("Hộ nghèo, cận nghèo có trẻ em đi học đầy đủ", "Poor and near-poor households with children in school")
            }
            Self::Water => {
                ("Hộ nghèo, cận nghèo có nước sinh hoạt hợp vệ sinh", "Poor and near-poor households with clean water")
            }
            Self::Sanitation => (
                "Hộ nghèo, cận nghèo có nhà tiêu hợp vệ sinh",
                "Poor and near-poor households with hygienic sanitation",
            ),
            Self::Information => {
                ("Hộ nghèo, cận nghèo tiếp cận thông tin", "Poor and near-poor households with information access")
            }
            Self::PovertyRateReduction2020 => (
                "Tỷ lệ hộ nghèo giảm từ 0,5 điểm % trở lên so với cuối năm 2019",
                "Poor-household rate down at least 0.5 points from the end of 2019",
            ),
            Self::ExpectedRate2020 => (
                "Tỷ lệ hộ nghèo cuối năm 2020 không quá 2,36% (mức dự kiến)",
                "Poor-household rate at the end of 2020 at most 2.36 % (the expected level)",
            ),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The projection of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    /// The year projected.
    #[serde(default = "first_year")]
    pub year: u16,
    /// Draws run.
    pub draws: u32,
    /// The seed.
    pub seed: u64,
    /// The province.
    pub province: Figures,
    /// Per district, in GSO order.
    pub districts: Vec<Scoped<DistrictCode>>,
    /// Per commune, in GSO order.
    pub communes: Vec<Scoped<CommuneCode>>,
    /// The 2019 plan's targets.
    pub scorecard: Vec<Target>,
    /// Households each program with a household effect reached.
    pub reached: Vec<Reach>,
    /// The uncertain parameters every draw sampled, with their ranges (none when the scenario
    /// fixes them: the bands are then the households' chance alone).
    #[serde(default)]
    pub parameters: Vec<ParamRange>,
    /// The province's band with the parameters fixed at their values (the households' chance
    /// alone), for comparison; only where it was asked for (`gnbv simulate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_only: Option<HouseholdOnly>,
}

impl Projection {
    /// What the bands mean: "P10–P90 over 200 draws of households and of the uncertain
    /// parameters", or of the households alone when the scenario fixes its parameters.
    #[must_use]
    pub fn band_meaning(&self, lang: Lang) -> String {
        let draws = crate::format::group(i128::from(self.draws), lang);
        if self.parameters.is_empty() {
            match lang {
                Lang::Vi => format!("P10–P90 qua {draws} lần mô phỏng hộ gia đình, các tham số giữ cố định (chỉ tính ngẫu nhiên của hộ)"),
                Lang::En => format!("P10–P90 over {draws} draws of households, parameters fixed (the households' chance alone)"),
            }
        } else {
            match lang {
                Lang::Vi => format!(
                    "P10–P90 qua {draws} lần mô phỏng hộ gia đình và {} tham số chưa chắc chắn",
                    self.parameters.len()
                ),
                Lang::En => format!(
                    "P10–P90 over {draws} draws of households and of {} uncertain parameters",
                    self.parameters.len()
                ),
            }
        }
    }
}

/// The province's figures with every parameter at its value: the narrower band that only the
/// households' chance makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdOnly {
    /// Poor rate at the end.
    pub poor_rate: Band<Decimal>,
    /// The first target's projected value (the fall of the rate, points).
    pub reduction: Band<Decimal>,
    /// Its probability.
    pub probability: Decimal,
}

impl HouseholdOnly {
    /// The household-only figures of a projection run with its parameters fixed.
    #[must_use]
    pub fn of(fixed: &Projection) -> Option<Self> {
        let first = fixed.scorecard.first()?;
        Some(Self { poor_rate: fixed.province.poor_rate, reduction: first.value, probability: first.probability })
    }
}

const RATE_PLACES: u32 = 6;

fn first_year() -> u16 {
    crate::scenario::FIRST_YEAR
}

/// Projects every year of `scenario` ([`crate::simulation::Course`]) for `draws` draws on up to
/// `threads` threads: one projection per year, first to last.
#[must_use]
pub fn project_years(
    dataset: &Dataset,
    standard: &PovertyStandard,
    households: &Households,
    scenario: &Scenario,
    draws: u32,
    threads: usize,
) -> Vec<Projection> {
    let years = scenario.all_years(dataset);
    let Some(course) = crate::simulation::Course::new(dataset, standard, households, &years) else {
        return Vec::new();
    };
    let results = course.run_threads(0..draws, threads);
    summarize_years(dataset, households, (&course.first.baseline(), &course.first.reached), &years, &results)
}

/// Summarises a [`crate::simulation::Course`]'s draws (each the communes × years) into one
/// projection per year. A later year starts, in each draw, where the year before ended: its
/// start figures are the medians of those ends, and its reduction target is met in a draw when
/// that draw's own end of year is 0.5 points below its own start.
#[must_use]
pub fn summarize_years(
    dataset: &Dataset,
    households: &Households,
    first: (&[Tally], &[(ProgramId, u64)]),
    years: &[(u16, Scenario, Allocation)],
    results: &[Vec<Tally>],
) -> Vec<Projection> {
    let n = dataset.communes().len();
    let per_year = |k: usize| -> Vec<Vec<Tally>> {
        results.iter().map(|r| r.get(k * n..(k + 1) * n).map(<[Tally]>::to_vec).unwrap_or_default()).collect()
    };
    let mut out = Vec::with_capacity(years.len());
    let mut before: Option<Vec<Vec<Tally>>> = None;
    for (k, (year, scenario, allocation)) in years.iter().enumerate() {
        let draws = per_year(k);
        let mut p = if let Some(starts) = &before {
            summarize_later(dataset, households, scenario, allocation, &draws, starts)
        } else {
            summarize_from(dataset, households, first, scenario, allocation, &draws)
        };
        p.year = *year;
        out.push(p);
        before = Some(draws);
    }
    out
}

fn ratio(part: u64, whole: u64) -> Decimal {
    if whole == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(part) / Decimal::from(whole)).round_dp(RATE_PLACES)
    }
}

/// Runs the model for `draws` draws and summarises them.
#[must_use]
pub fn project(
    dataset: &Dataset,
    standard: &PovertyStandard,
    households: &Households,
    scenario: &Scenario,
    allocation: &Allocation,
    draws: u32,
) -> Projection {
    project_on(dataset, standard, households, scenario, allocation, draws, 1)
}

/// [`project`] with the draws shared over `threads` threads (the same result to the bit).
#[must_use]
pub fn project_on(
    dataset: &Dataset,
    standard: &PovertyStandard,
    households: &Households,
    scenario: &Scenario,
    allocation: &Allocation,
    draws: u32,
    threads: usize,
) -> Projection {
    let model = Model::new(dataset, standard, households, scenario, allocation);
    let results = model.run_threads(0..draws, threads);
    summarize(dataset, households, &model, scenario, allocation, &results)
}

/// Summarises draws (each a tally per commune, in draw order) into bands and the scorecard.
/// Draws may have been run in any chunks: only their values matter.
#[must_use]
pub fn summarize(
    dataset: &Dataset,
    households: &Households,
    model: &Model<'_>,
    scenario: &Scenario,
    allocation: &Allocation,
    results: &[Vec<Tally>],
) -> Projection {
    summarize_from(dataset, households, (&model.baseline(), &model.reached), scenario, allocation, results)
}

/// [`summarize`] given what it reads of the model, its baseline ([`Model::baseline`]) and the
/// households each program reached, rather than the model: a browser worker that gathers
/// other workers' draws keeps only these.
#[must_use]
pub fn summarize_from(
    dataset: &Dataset,
    households: &Households,
    (baseline, reached): (&[Tally], &[(ProgramId, u64)]),
    scenario: &Scenario,
    allocation: &Allocation,
    results: &[Vec<Tally>],
) -> Projection {
    let mut p = summarize_inner(dataset, households, baseline, (None, None), scenario, allocation, results);
    p.reached = reached
        .iter()
        .map(|(program, households)| Reach { program: program.clone(), households: *households })
        .collect();
    p
}

/// A later year's summary: each draw started where `starts` (the year before's draws) ended.
/// Households a program reached differ from draw to draw and are not reported.
fn summarize_later(
    dataset: &Dataset,
    households: &Households,
    scenario: &Scenario,
    allocation: &Allocation,
    results: &[Vec<Tally>],
    starts: &[Vec<Tally>],
) -> Projection {
    // Per commune, the median start for the figures' baseline.
    let n = dataset.communes().len();
    let baseline: Vec<Tally> = (0..n)
        .map(|ci| {
            let mut poor: Vec<u32> = starts.iter().map(|d| d[ci].poor).collect();
            let mut near: Vec<u32> = starts.iter().map(|d| d[ci].near_poor).collect();
            Tally {
                poor: Band::of(&mut poor).map_or(0, |b| b.p50),
                near_poor: Band::of(&mut near).map_or(0, |b| b.p50),
                ..Tally::default()
            }
        })
        .collect();
    summarize_inner(dataset, households, &baseline, (Some(starts), None), scenario, allocation, results)
}

/// Summarises draws; `fixed`: every draw ran with the uncertain parameters at these values
/// (the sensitivity view) rather than its own.
pub(crate) fn summarize_inner(
    dataset: &Dataset,
    households: &Households,
    baseline: &[Tally],
    (starts, fixed): (Option<&[Vec<Tally>]>, Option<&[i64]>),
    scenario: &Scenario,
    allocation: &Allocation,
    results: &[Vec<Tally>],
) -> Projection {
    let params = &scenario.simulation;
    // Each draw's parameter values, as the draws sampled them (a pure function of the seed
    // and the draw's number, so the summary recomputes them instead of receiving them).
    let uncertainty = Uncertainty::of_scenario(scenario);
    let values: Vec<Vec<i64>> = (0..results.len())
        .map(|d| fixed.map_or_else(|| uncertainty.sample(scenario.seed, d as u32), <[i64]>::to_vec))
        .collect();
    let drawn = Drawn { uncertainty: &uncertainty, values: &values };
    let communes = dataset.communes();
    let mut hh = vec![0u64; communes.len()];
    for s in households.segments() {
        hh[s.commune as usize] += u64::from(s.end - s.start);
    }
    // Per-draw totals for each district and the province.
    let districts = dataset.districts();
    let district_of: Vec<usize> =
        communes.iter().map(|c| districts.iter().position(|d| d.code == c.district).unwrap_or(0)).collect();
    let totals = |results: &[Vec<Tally>]| {
        let mut district_draws = vec![vec![Tally::default(); results.len()]; districts.len()];
        let mut province_draws = vec![Tally::default(); results.len()];
        for (d, draw) in results.iter().enumerate() {
            for (ci, t) in draw.iter().enumerate() {
                district_draws[district_of[ci]][d].add(t);
                province_draws[d].add(t);
            }
        }
        (district_draws, province_draws)
    };
    let (district_draws, province_draws) = totals(results);
    let sum = |f: &dyn Fn(usize) -> bool| -> (u64, u64, u64) {
        (0..communes.len()).filter(|&i| f(i)).fold((0, 0, 0), |(h, p, n), i| {
            (h + hh[i], p + u64::from(baseline[i].poor), n + u64::from(baseline[i].near_poor))
        })
    };
    // A later year's start differs by draw: its district and province start is the median of
    // their own totals, not the sum of the communes' medians.
    let start_totals = starts.map(totals);
    let median_start = |draws: &[Tally], (h, _, _): (u64, u64, u64)| -> (u64, u64, u64) {
        let mut poor: Vec<u32> = draws.iter().map(|t| t.poor).collect();
        let mut near: Vec<u32> = draws.iter().map(|t| t.near_poor).collect();
        (h, Band::of(&mut poor).map_or(0, |b| u64::from(b.p50)), Band::of(&mut near).map_or(0, |b| u64::from(b.p50)))
    };
    let province_base = match &start_totals {
        Some((_, p)) => median_start(p, sum(&|_| true)),
        None => sum(&|_| true),
    };
    let province = figures(province_base, &province_draws, true);
    let district_figures = districts
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let base = sum(&|i| district_of[i] == di);
            let base = match &start_totals {
                Some((ds, _)) => median_start(&ds[di], base),
                None => base,
            };
            Scoped { code: d.code, figures: figures(base, &district_draws[di], true) }
        })
        .collect();
    let commune_figures = communes
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let draws: Vec<Tally> = results.iter().map(|r| r[ci]).collect();
            let base = (hh[ci], u64::from(baseline[ci].poor), u64::from(baseline[ci].near_poor));
            Scoped { code: c.code, figures: figures(base, &draws, false) }
        })
        .collect();
    let province_starts = start_totals.as_ref().map(|(_, p)| p.as_slice());
    let scorecard = scorecard(
        dataset,
        &hh,
        results,
        &province_draws,
        (province_base, province_starts),
        scenario,
        allocation,
        (params, &drawn),
    );
    Projection {
        year: first_year(),
        draws: results.len() as u32,
        seed: scenario.seed,
        province,
        districts: district_figures,
        communes: commune_figures,
        scorecard,
        reached: Vec::new(),
        parameters: if fixed.is_some() { Vec::new() } else { uncertainty.ranges() },
        household_only: None,
    }
}

/// The draws' parameter values, for the scorecard's drivers and the criterion's reading.
struct Drawn<'a> {
    uncertainty: &'a Uncertainty,
    values: &'a [Vec<i64>],
}

impl Drawn<'_> {
    /// The threshold of the new-rural criterion in draw `d`, basis points.
    fn ntm_threshold(&self, d: usize, params: &SimulationParams) -> u64 {
        let other = self
            .values
            .get(d)
            .and_then(|v| self.uncertainty.value(v, &crate::uncertainty::Key::NtmReading))
            .is_some_and(|v| v == 1);
        u64::from(if other { crate::uncertainty::NTM_OTHER_READING_BP } else { params.ntm_threshold_bp })
    }
}

fn figures(
    (households, baseline_poor, baseline_near_poor): (u64, u64, u64),
    draws: &[Tally],
    with_access: bool,
) -> Figures {
    let band = |f: &dyn Fn(&Tally) -> u32| {
        let mut v: Vec<u32> = draws.iter().map(f).collect();
        Band::of(&mut v).unwrap_or(Band { p10: 0, p50: 0, p90: 0 })
    };
    let poor = band(&|t| t.poor);
    let near_poor = band(&|t| t.near_poor);
    let access = if with_access {
        Access::ALL
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let mut shares: Vec<Decimal> =
                    draws.iter().map(|t| ratio(u64::from(t.access[k]), u64::from(t.poor_or_near))).collect();
                let share = Band::of(&mut shares).unwrap_or(Band {
                    p10: Decimal::ZERO,
                    p50: Decimal::ZERO,
                    p90: Decimal::ZERO,
                });
                AccessBand { access: *a, share }
            })
            .collect()
    } else {
        Vec::new()
    };
    Figures {
        households,
        baseline_poor,
        baseline_near_poor,
        // Households are fixed, so the rate's percentiles are the count's percentiles.
        poor_rate: poor.map(|p| ratio(u64::from(p), households)),
        near_poor_rate: near_poor.map(|p| ratio(u64::from(p), households)),
        poor,
        near_poor,
        poor_without_social_protection: band(&|t| t.poor_without_social_protection),
        exits: band(&|t| t.exits),
        entries: band(&|t| t.entries),
        access,
        borrowers: band(&|t| t.borrowers),
        borrower_exits: band(&|t| t.borrower_exits),
        borrower_entries: band(&|t| t.borrower_entries),
    }
}

fn status(probability: Decimal) -> Status {
    if probability >= Decimal::new(8, 1) {
        Status::Likely
    } else if probability >= Decimal::new(2, 1) {
        Status::Uncertain
    } else {
        Status::Unlikely
    }
}

/// The plan's reduction of the poor-household rate, as a share of households: 0.5 points.
pub const RATE_REDUCTION: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// The end-of-year poor rate the plan asks for, from the baseline rate (a share).
#[must_use]
pub fn target_rate(baseline: Decimal) -> Decimal {
    baseline - RATE_REDUCTION
}

fn target(
    drawn: &Drawn<'_>,
    id: TargetId,
    plan: Decimal,
    unit: TargetUnit,
    values: Vec<(Decimal, bool)>,
    note: Note,
) -> Target {
    let n = values.len().max(1);
    let met = values.iter().filter(|(_, m)| *m).count();
    let probability = (Decimal::from(met) / Decimal::from(n)).round_dp(4);
    let uncertain = values.windows(2).any(|w| w[0] != w[1]);
    let mut v: Vec<Decimal> = values.into_iter().map(|(v, _)| v).collect();
    let driven_by = if uncertain { drawn.uncertainty.driver(drawn.values, &v) } else { None };
    let value = Band::of(&mut v).unwrap_or(Band { p10: Decimal::ZERO, p50: Decimal::ZERO, p90: Decimal::ZERO });
    Target {
        id,
        plan,
        unit,
        value,
        probability,
        uncertain,
        status: status(probability),
        note,
        level_from: LevelFrom::Plan,
        driven_by,
    }
}

#[allow(clippy::too_many_arguments)]
fn scorecard(
    dataset: &Dataset,
    hh: &[u64],
    results: &[Vec<Tally>],
    province: &[Tally],
    ((households, baseline_poor, _), starts): ((u64, u64, u64), Option<&[Tally]>),
    scenario: &Scenario,
    allocation: &Allocation,
    (params, drawn): (&SimulationParams, &Drawn<'_>),
) -> Vec<Target> {
    use crate::provenance::Confidence;
    let mut out = Vec::new();
    // 1. Poor-household rate down ≥ 0.5 points: (base − poor) / households ≥ 0.005; a later
    // year from each draw's own start.
    let reduction = province
        .iter()
        .enumerate()
        .map(|(d, t)| {
            let start = starts.and_then(|s| s.get(d)).map_or(baseline_poor, |s| u64::from(s.poor));
            let fallen = start as i64 - i64::from(t.poor);
            let points = (Decimal::from(fallen) * Decimal::ONE_HUNDRED / Decimal::from(households.max(1))).round_dp(4);
            (points, Decimal::from(fallen) >= RATE_REDUCTION * Decimal::from(households))
        })
        .collect();
    let plan_note = Note::both("Thái Bình 2019 targets: “tỷ lệ hộ nghèo giảm khoảng 0,5% trở lên so với năm 2018” (baothaibinh.com.vn; DOLISA, thaibinhtv.vn 13/03/2019)", "Chỉ tiêu năm 2019 của Thái Bình: “tỷ lệ hộ nghèo giảm khoảng 0,5% trở lên so với năm 2018” (baothaibinh.com.vn; Sở LĐTBXH, thaibinhtv.vn 13/03/2019)", Confidence::Confirmed);
    if starts.is_none() {
        out.push(target(
            drawn,
            TargetId::PovertyRateReduction,
            RATE_REDUCTION * Decimal::ONE_HUNDRED,
            TargetUnit::Points,
            reduction,
            plan_note,
        ));
    } else {
        let mut t = target(
            drawn,
            TargetId::PovertyRateReduction2020,
            RATE_REDUCTION * Decimal::ONE_HUNDRED,
            TargetUnit::Points,
            reduction,
            plan_note.with_addendum(
                " Carried to 2020 as an assumption: no 2020 provincial plan is in the sources.",
                " Áp dụng cho năm 2020 như một giả định: nguồn tham khảo không có kế hoạch năm 2020 của tỉnh.",
            ),
        );
        t.level_from = LevelFrom::Assumed;
        out.push(t);
        // The province's published expectation for the end of 2020.
        let expected = Decimal::new(236, 4);
        let rates = province
            .iter()
            .map(|t| {
                let rate = ratio(u64::from(t.poor), households);
                (rate, u128::from(t.poor) * 10_000 <= 236 * u128::from(households))
            })
            .collect();
        let mut t = target(
            drawn,
            TargetId::ExpectedRate2020,
            expected,
            TargetUnit::Share,
            rates,
            Note::both(
                "Thái Bình's poor-household rate: 5.27 % (2015) → 2.66 % (end-2019) → 2.36 % expected for 2020 (thaibinhtv.vn 25/09/2020)",
                "Tỷ lệ hộ nghèo của Thái Bình: 5,27% (2015) → 2,66% (cuối năm 2019) → dự kiến 2,36% năm 2020 (thaibinhtv.vn 25/09/2020)",
                Confidence::Secondary,
            ),
        );
        t.level_from = LevelFrom::Reported;
        out.push(t);
    }
    // 2. New-rural criterion in every flagged xã.
    let ntm: Vec<usize> = dataset.communes().iter().enumerate().filter(|(_, c)| c.ntm_2019).map(|(i, _)| i).collect();
    let meeting = results
        .iter()
        .enumerate()
        .map(|(d, draw)| {
            let threshold = drawn.ntm_threshold(d, params);
            let count = ntm
                .iter()
                .filter(|&&i| {
                    let t = &draw[i];
                    let poor =
                        if params.ntm_excludes_social_protection { t.poor_without_social_protection } else { t.poor };
                    u64::from(poor) * 10_000 <= threshold * hh[i]
                })
                .count();
            (Decimal::from(count), count == ntm.len())
        })
        .collect();
    out.push(target(
        drawn,
        TargetId::NewRuralCommunes,
        Decimal::from(ntm.len()),
        TargetUnit::Communes,
        meeting,
        params.ntm_note.clone(),
    ));
    // 3–4. Training: funded units over people to train, set by the allocation alone.
    let trained = |program: &ProgramId, people: u64| -> Vec<(Decimal, bool)> {
        let funded: u64 = allocation
            .cells
            .iter()
            .filter(|c| &scenario.lines[c.line].program == program && matches!(c.recipient, Recipient::Commune(_)))
            .map(|c| {
                c.units.unwrap_or_else(|| {
                    let cost = scenario.program(program).map_or(0, |p| p.unit_cost.get());
                    if cost > 0 {
                        (c.amount.get() / cost) as u64
                    } else {
                        0
                    }
                })
            })
            .sum();
        let share = ratio(funded.min(people), people);
        vec![(share, funded >= people); results.len().max(1)]
    };
    // Everyone the training program counts as a beneficiary is to be trained (plan II: cadres,
    // party-cell secretaries and village heads; commune information staff).
    let to_train = |program: &ProgramId, fallback: u64| -> u64 {
        scenario.program(program).map_or(fallback, |p| dataset.communes().iter().map(|c| p.units_in(c)).sum())
    };
    let counts = dataset.province_counts();
    let training_note = Note::both("Plan 28/KH-SLĐTBXH II: 100 % of poverty-reduction cadres at all levels, party-cell secretaries, village and residential-group heads, and 100 % of commune information staff trained", "Kế hoạch 28/KH-SLĐTBXH, mục II: 100% cán bộ làm công tác giảm nghèo các cấp, bí thư chi bộ, trưởng thôn, tổ trưởng tổ dân phố và 100% cán bộ thông tin cơ sở cấp xã được tập huấn",
        Confidence::Confirmed,
    );
    out.push(target(
        drawn,
        TargetId::CadresTrained,
        Decimal::ONE,
        TargetUnit::Share,
        trained(&params.cadre_training, to_train(&params.cadre_training, counts.poverty_cadres)),
        training_note.clone(),
    ));
    out.push(target(
        drawn,
        TargetId::InfoStaffTrained,
        Decimal::ONE,
        TargetUnit::Share,
        trained(&params.info_staff_training, to_train(&params.info_staff_training, counts.info_staff)),
        training_note,
    ));
    // 5. Access to basic services among poor and near-poor households at the end.
    let t = &params.access_targets;
    let levels = [t.health_insurance_bp, t.schooling_bp, t.water_bp, t.sanitation_bp, t.information_bp];
    let ids =
        [TargetId::HealthInsurance, TargetId::Schooling, TargetId::Water, TargetId::Sanitation, TargetId::Information];
    let from = [LevelFrom::Law, LevelFrom::NotStated, LevelFrom::Plan, LevelFrom::NotStated, LevelFrom::NotStated];
    for (k, ((id, level), level_from)) in ids.into_iter().zip(levels).zip(from).enumerate() {
        let values = province
            .iter()
            .map(|p| {
                let share = ratio(u64::from(p.access[k]), u64::from(p.poor_or_near));
                (share, u64::from(p.access[k]) * 10_000 >= u64::from(level) * u64::from(p.poor_or_near))
            })
            .collect();
        let mut target =
            target(drawn, id, Decimal::new(i64::from(level), 4), TargetUnit::Share, values, t.note.clone());
        target.level_from = level_from;
        out.push(target);
    }
    if starts.is_some() {
        for t in out.iter_mut().filter(|t| t.level_from == LevelFrom::Plan) {
            t.level_from = LevelFrom::Assumed;
        }
    }
    out
}
