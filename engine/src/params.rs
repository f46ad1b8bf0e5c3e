//! The projection's parameters: every assumption of the household model (income growth,
//! shocks, what each funded program does, the new-rural criterion, access targets), each with
//! its default, its source and its valid range ([`SimulationParams::check`]). Plain data read
//! by `scenario` (validation, JSON), `simulation` (the draws) and `projection` (the targets).

use crate::households::Cause;
use crate::program::ProgramId;
use crate::provenance::{Confidence, Note};
use serde::{Deserialize, Serialize};

/// The valid range of every numeric parameter, inclusive (`docs/scenario.md`, SIMULATION).
/// Within them a draw's integer arithmetic cannot overflow: incomes are `u32` đồng, growth
/// and loss multipliers 16.16 fixed point in `i64`, gains `i32` summed over at most
/// [`ranges::MAX_EFFECTS`] effects.
pub mod ranges {
    /// Mean yearly income growth: −50 % to +50 %.
    pub const GROWTH_MEAN_BP: (i64, i64) = (-5_000, 5_000);
    /// Spread of income growth across households: 0 to 50 points.
    pub const GROWTH_SD_BP: (i64, i64) = (0, 5_000);
    /// Mean share of income a shock takes: 0 to 100 %.
    pub const LOSS_MEAN_BP: (i64, i64) = (0, 10_000);
    /// Spread of that share: 0 to 50 points.
    pub const LOSS_SD_BP: (i64, i64) = (0, 5_000);
    /// A share or threshold in basis points: 0 to 100 %.
    pub const SHARE_BP: (i64, i64) = (0, 10_000);
    /// A program's mean income gain, đồng per person per month: 0 to 2,000,000 (about three
    /// times the rural poverty line).
    pub const GAIN_MEAN: (i64, i64) = (0, 2_000_000);
    /// Its spread, đồng per person per month.
    pub const GAIN_SD: (i64, i64) = (0, 2_000_000);
    /// Thousandths of a unit one household takes: 1 (a unit reaches 1,000 households) to
    /// 100,000 (100 units each).
    pub const CONSUMPTION_MILLI: (i64, i64) = (1, 100_000);
    /// Program effects in one scenario.
    pub const MAX_EFFECTS: usize = 64;
    /// Months a labour-export borrower works abroad in the year: 0 to 12.
    pub const MONTHS: (i64, i64) = (0, 12);
}

/// What a loan does beyond its program's effect (`docs/simulation.md`, Credit): who borrows,
/// and what working abroad brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditEffects {
    /// Share of eligible households willing to borrow, basis points: the others are passed
    /// over (which household is willing is fixed by the seed, not by the draw).
    pub take_up_bp: u32,
    /// Whether production and labour-export loans go only to households with labour (those
    /// whose cause of poverty is not lack of labour).
    pub requires_labour: bool,
    /// A labour-export borrower's household gain once the worker is abroad, đồng per person per
    /// month (remittances).
    pub labour_export_gain: Gain,
    /// Months of the year the worker is abroad after the loan.
    pub months_abroad: u32,
    /// Source or rationale.
    pub note: Note,
}

impl Default for CreditEffects {
    fn default() -> Self {
        Self {
            take_up_bp: 8_000,
            requires_labour: true,
            labour_export_gain: Gain { mean: 1_200_000, sd: 600_000 },
            months_abroad: 6,
            note: Note::both(
                "Illustrative: 80 % of eligible households borrow; production and labour-export loans need a household member who can work; a worker abroad sends about 4 M ₫ a month (1.2 M ₫ per person of a household of 3.3) from mid-year",
                "Số minh họa: 80% hộ đủ điều kiện vay vốn; vay sản xuất và đi làm việc ở nước ngoài cần có người trong hộ có sức lao động; người lao động ở nước ngoài gửi về khoảng 4 triệu đồng mỗi tháng (1,2 triệu đồng mỗi nhân khẩu của hộ 3,3 người) từ giữa năm",
                Confidence::RecalledLow,
            ),
        }
    }
}

/// A yearly rate with its spread across households, in basis points (1/100 of a percent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateSpread {
    /// Mean, basis points (`800` = 8 %).
    pub mean_bp: i32,
    /// Standard deviation across households, basis points.
    pub sd_bp: i32,
    /// Source or rationale.
    pub note: Note,
}

/// Income shocks that push households into (or back into) poverty: illness, accident,
/// disaster, loss of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shocks {
    /// Chance that a household is hit in the year, basis points.
    pub probability_bp: u32,
    /// Chance for a household that escaped poverty last year (falling back), basis points.
    pub probability_escaped_bp: u32,
    /// Share of income lost, basis points.
    pub loss: RateSpread,
    /// Source or rationale.
    pub note: Note,
}

/// Which households a program reaches, in priority order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Poor at the start of the year.
    Poor,
    /// Near-poor at the start of the year.
    NearPoor,
    /// Escaped poverty last year.
    Escaped,
}

/// How many of a program's funded units one household takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consumption {
    /// One unit per member (programs counted in people, e.g. health insurance).
    PerMember,
    /// Thousandths of a unit per household (1000: one each; 40: a model reaches 25).
    Milli(u32),
}

/// An income gain per person per month, đồng, uncertain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gain {
    /// Mean gain.
    pub mean: i32,
    /// Standard deviation across households and draws.
    pub sd: i32,
}

/// What a funded program does to the households it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The program.
    pub program: ProgramId,
    /// Groups it reaches, in priority order.
    pub reaches: Vec<Group>,
    /// Units one household takes.
    pub consumption: Consumption,
    /// Indicators (keys of the standard) whose deprivation it removes.
    #[serde(default)]
    pub removes: Vec<String>,
    /// Income gain, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gain: Option<Gain>,
    /// Causes of poverty that make a household a first candidate.
    #[serde(default)]
    pub matches_causes: Vec<Cause>,
    /// Source or rationale.
    pub note: Note,
}

/// Target levels for access to basic services among poor and near-poor households,
/// basis points of those households not deprived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessTargets {
    /// Health insurance.
    pub health_insurance_bp: u32,
    /// Children's school attendance.
    pub schooling_bp: u32,
    /// Clean water.
    pub water_bp: u32,
    /// Hygienic sanitation.
    pub sanitation_bp: u32,
    /// Information (telecom and information assets).
    pub information_bp: u32,
    /// Source or rationale.
    pub note: Note,
}

/// Every parameter of the projection, each with a default and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationParams {
    /// Draws of the Monte Carlo.
    pub draws: u32,
    /// Yearly growth of income per person.
    pub income_growth: RateSpread,
    /// Income shocks.
    pub shocks: Shocks,
    /// Program effects.
    pub effects: Vec<Effect>,
    /// New-rural criterion: a xã meets it at or below this poverty rate, basis points.
    pub ntm_threshold_bp: u32,
    /// Whether households on social-protection policy are left out of the criterion's count.
    pub ntm_excludes_social_protection: bool,
    /// Source of the criterion.
    pub ntm_note: Note,
    /// Program that trains poverty-reduction cadres (its funded units are cadres trained).
    pub cadre_training: ProgramId,
    /// Program that trains commune information staff.
    pub info_staff_training: ProgramId,
    /// Access targets.
    pub access_targets: AccessTargets,
    /// What loans do beyond their programs' effects; the documented defaults when absent.
    #[serde(default)]
    pub credit: CreditEffects,
    /// Whether each draw also samples the uncertain parameters (`crate::uncertainty`), so that
    /// the bands include what the model does not know; off: the parameters stay at their
    /// values and the bands show the households' chance alone. On when absent (written only
    /// when off).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub parameter_uncertainty: bool,
}

fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_yes(b: &bool) -> bool {
    *b
}

impl Default for SimulationParams {
    fn default() -> Self {
        use Confidence::{Derived, RecalledLow, RecalledMedium};
        let note = Note::both;
        let effect = |program: &str,
                      reaches: &[Group],
                      consumption,
                      removes: &[&str],
                      gain: Option<(i32, i32)>,
                      causes: &[Cause],
                      n: Note| Effect {
            program: ProgramId(program.into()),
            reaches: reaches.to_vec(),
            consumption,
            removes: removes.iter().map(|s| (*s).to_owned()).collect(),
            gain: gain.map(|(mean, sd)| Gain { mean, sd }),
            matches_causes: causes.to_vec(),
            note: n,
        };
        use Consumption::{Milli, PerMember};
        use Group::{Escaped, NearPoor, Poor};
        Self {
            draws: 200,
            income_growth: RateSpread {
                mean_bp: 800,
                sd_bp: 1_000,
                note: note("Decision 1722/QĐ-TTg targets poor households' income ×1.5 over 2016–2020, about 8.4 %/year; spread across households illustrative", "Quyết định 1722/QĐ-TTg đặt mục tiêu thu nhập của hộ nghèo tăng 1,5 lần giai đoạn 2016–2020, khoảng 8,4%/năm; độ phân tán giữa các hộ là số minh họa", RecalledLow),
            },
            shocks: Shocks {
                probability_bp: 200,
                probability_escaped_bp: 600,
                loss: RateSpread { mean_bp: 4_000, sd_bp: 1_500, note: note("Illustrative share of income lost to illness, accident or disaster", "Số minh họa: tỷ lệ thu nhập bị mất do ốm đau, tai nạn hoặc thiên tai", RecalledLow) },
                note: note("Illustrative; calibrated so that entries into poverty are of the order TP Thái Bình reported for 2018 (87 new poor households, 0.14 % of households)", "Số minh họa; hiệu chỉnh để số hộ phát sinh nghèo cùng cỡ với số TP Thái Bình báo cáo năm 2018 (87 hộ nghèo mới, 0,14% số hộ)", RecalledLow),
            },
            effects: vec![
                effect("health_insurance_poor", &[Poor], PerMember, &["health_insurance"], None, &[], note("Free health insurance card removes the insurance deprivation (Decree 146/2018/NĐ-CP)", "Thẻ bảo hiểm y tế miễn phí xóa thiếu hụt về bảo hiểm y tế (Nghị định 146/2018/NĐ-CP)", Derived)),
                effect("health_insurance_near_poor", &[NearPoor], PerMember, &["health_insurance"], None, &[], note("Supported premium removes the insurance deprivation", "Hỗ trợ mức đóng xóa thiếu hụt về bảo hiểm y tế", Derived)),
                effect("tuition", &[Poor], Milli(400), &["child_schooling"], None, &[], note("Learning-cost support keeps children in school (Decree 86/2015/NĐ-CP); 0.4 pupils per household", "Hỗ trợ chi phí học tập giữ trẻ em đi học (Nghị định 86/2015/NĐ-CP); 0,4 học sinh mỗi hộ", RecalledLow)),
                effect("water_sanitation", &[Poor, NearPoor], Milli(1_000), &["water", "sanitation"], None, &[], note("A water facility and a hygienic latrine (Decision 1205/QĐ-TTg)", "Một công trình nước sạch và một nhà tiêu hợp vệ sinh (Quyết định 1205/QĐ-TTg)", Derived)),
                effect("housing", &[Poor], Milli(1_000), &["housing_quality"], None, &[], note("A durable house (Decision 33/2015/QĐ-TTg)", "Một ngôi nhà kiên cố (Quyết định 33/2015/QĐ-TTg)", Derived)),
                effect("information_access", &[Poor], Milli(1_000), &["info_assets", "telecom"], None, &[], note("A radio or television set, and access to telecom services", "Một máy thu thanh hoặc tivi, và tiếp cận dịch vụ viễn thông", RecalledLow)),
                effect("electricity", &[Poor], Milli(1_000), &[], Some((15_000, 0)), &[], note("49,000 ₫/household/month shared by about 3.3 members", "49.000 đồng/hộ/tháng chia cho khoảng 3,3 nhân khẩu", Derived)),
                effect("credit", &[Poor, NearPoor, Escaped], Milli(1_000), &[], Some((170_000, 80_000)), &[Cause::Capital, Cause::Means], note("Illustrative return on a 50 M ₫ production loan before interest (about 15 %/year); the interest is taken off in the projection", "Số minh họa: thu nhập từ khoản vay sản xuất 50 triệu đồng trước khi trả lãi (khoảng 15%/năm); tiền lãi được trừ trong dự báo", RecalledLow)),
                effect("vocational", &[Poor, NearPoor], Milli(1_000), &[], Some((120_000, 120_000)), &[Cause::Skills, Cause::Labour], note("Illustrative wage gain after a vocational course (Decision 46/2015/QĐ-TTg)", "Số minh họa: thu nhập tăng thêm sau một khóa học nghề (Quyết định 46/2015/QĐ-TTg)", RecalledLow)),
                effect("p3a", &[Poor, NearPoor, Escaped], Milli(1_000), &[], Some((80_000, 60_000)), &[Cause::Capital, Cause::Land, Cause::Means], note("Illustrative gain from production support (15 M ₫ per household)", "Số minh họa: thu nhập tăng thêm nhờ hỗ trợ phát triển sản xuất (15 triệu đồng mỗi hộ)", RecalledLow)),
                effect("p3b", &[Poor, NearPoor], Milli(40), &[], Some((60_000, 60_000)), &[Cause::Skills, Cause::Capital], note("Illustrative: a model reaches 25 households", "Số minh họa: một mô hình giúp 25 hộ", RecalledLow)),
            ],
            ntm_threshold_bp: 500,
            ntm_excludes_social_protection: true,
            ntm_note: note("Decision 1980/QĐ-TTg criterion 11; Red River Delta value read as ≤ 5 % (2 % is the other reading); social-protection households excluded", "Quyết định 1980/QĐ-TTg, tiêu chí 11; mức cho vùng Đồng bằng sông Hồng được hiểu là ≤ 5% (cách hiểu khác là 2%); không tính hộ bảo trợ xã hội", RecalledMedium),
            cadre_training: ProgramId("p5a".into()),
            info_staff_training: ProgramId("p4b".into()),
            access_targets: AccessTargets {
                health_insurance_bp: 10_000,
                schooling_bp: 9_500,
                water_bp: 10_000,
                sanitation_bp: 8_000,
                information_bp: 9_000,
                note: note("Health insurance: 100 % by law (Decree 146/2018/NĐ-CP) and plan III.3.1.2; hygienic water: 100 % of poor households (plan III.3.1.4); the plan states no level for schooling, sanitation or information, so those are illustrative", "Bảo hiểm y tế: 100% theo quy định (Nghị định 146/2018/NĐ-CP) và mục III.3.1.2 của Kế hoạch; nước sinh hoạt hợp vệ sinh: 100% hộ nghèo (mục III.3.1.4 của Kế hoạch); Kế hoạch không nêu mức cho học tập, nhà tiêu hợp vệ sinh và tiếp cận thông tin, nên các mức này là số minh họa", RecalledMedium),
            },
            credit: CreditEffects::default(),
            parameter_uncertainty: true,
        }
    }
}

/// Access indicators counted among poor and near-poor households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Not deprived on health insurance.
    HealthInsurance,
    /// Not deprived on children's school attendance.
    Schooling,
    /// Not deprived on water.
    Water,
    /// Not deprived on sanitation.
    Sanitation,
    /// Not deprived on telecom nor on information assets.
    Information,
}

impl Access {
    /// All, in counter order.
    pub const ALL: [Access; 5] =
        [Access::HealthInsurance, Access::Schooling, Access::Water, Access::Sanitation, Access::Information];

    /// The access's name in `lang`.
    #[must_use]
    pub fn label(self, lang: crate::format::Lang) -> &'static str {
        let (vi, en) = match self {
            Self::HealthInsurance => ("Bảo hiểm y tế", "Health insurance"),
            Self::Schooling => ("Trẻ em được đi học", "Children in school"),
            Self::Water => ("Nước sinh hoạt hợp vệ sinh", "Clean water"),
            Self::Sanitation => ("Nhà tiêu hợp vệ sinh", "Hygienic sanitation"),
            Self::Information => ("Tiếp cận thông tin", "Information access"),
        };
        lang.pick(vi, en)
    }

    /// The standard's indicator keys whose deprivation this access is the absence of.
    #[must_use]
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Self::HealthInsurance => &["health_insurance"],
            Self::Schooling => &["child_schooling"],
            Self::Water => &["water"],
            Self::Sanitation => &["sanitation"],
            Self::Information => &["telecom", "info_assets"],
        }
    }
}
