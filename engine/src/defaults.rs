//! The built-in default scenario: a plausible 2019 envelope for Thái Bình.
//!
//! Every amount, unit cost and rate carries a [`Note`] with its source and the confidence tag
//! of `shared/domain/facts.md`. Where nothing was published (most 2019 amounts) the figure is
//! illustrative and tagged `R low`. `docs/scenario.md` lists them in a table.

use crate::dataset::Dataset;
use crate::funding::{Level, LoanBook, LoanPurpose, LoanTerms, Source, SourceId, SourceKind};
use crate::line::{Band, CommuneOrder, Criteria, Demand, EntitlementShare, Line, RoundingUnit, Rule, Weights};
use crate::money::Dong;
use crate::program::{CommuneFilter, Eligible, Program, ProgramGroup, ProgramId, Unit};
use crate::provenance::{Confidence, Note};
use crate::scenario::{Scenario, VERSION};
use rust_decimal::Decimal;

const DOLISA: (&str, &str) =
    ("Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs");
const AGRICULTURE: (&str, &str) =
    ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development");
const INFORMATION: (&str, &str) = ("Sở Thông tin và Truyền thông", "Department of Information and Communications");

/// The share of near-poor people's health insurance the state pays at least (Decree
/// 146/2018/NĐ-CP, Art. 4); the plan's 100 % is reached by the province's top-up.
pub const NEAR_POOR_HI_MINIMUM: Decimal = Decimal::from_parts(7, 0, 0, false, 1);

/// A year's tuition fee per pupil (9 months × 50,000 đ): Thái Bình's fee levels were not
/// found, so illustrative.
const TUITION_FEE: i64 = 450_000;

/// Livelihood support per poor household from a commune's Day for the Poor fund
/// (illustrative: the funds are small, about 10–40 M đ a commune).
const DAY_FOR_POOR_COMMUNE_SUPPORT: i64 = 3_000_000;

/// Electricity support for a household in 2019: 3 months at 49,000 đ and, after the tier-1
/// tariff rise of 20/3/2019, 9 months at 55,400 đ (Decision 28/2014/QĐ-TTg).
const ELECTRICITY_2019: i64 = 3 * 49_000 + 9 * 55_400;

/// Cost of training one person in poverty reduction (Project 5a), illustrative.
const P5A_UNIT_COST: i64 = 500_000;

/// The default scenario for `dataset`: entitlement lines are sized to their legal cost on
/// that dataset, so the default has no unfunded entitlement.
#[must_use]
pub fn scenario(dataset: &Dataset) -> Scenario {
    let programs = programs();
    let entitlement_cost = |id: &str| -> Dong {
        let p = programs.iter().find(|p| p.id.0 == id).expect("default program");
        dataset.communes().iter().map(|c| p.cost_in(c)).sum()
    };
    // Near-poor health insurance is paid in full (plan III.3.1.2): the state's minimum share
    // (Decree 146/2018) from the central budget, the province's top-up to 100 % from its own.
    let near_poor_hi = programs.iter().find(|p| p.id.0 == "health_insurance_near_poor").expect("default program");
    let share_cost = |share: Decimal| -> Dong {
        dataset
            .communes()
            .iter()
            .map(|c| {
                Dong::round(Decimal::from(near_poor_hi.units_in(c)) * near_poor_hi.unit_cost.to_decimal() * share)
                    .unwrap_or(Dong::ZERO)
            })
            .sum()
    };
    let central_hi = share_cost(NEAR_POOR_HI_MINIMUM);
    let province_hi = share_cost(Decimal::ONE) - central_hi;
    let entitlements = ["health_insurance_poor", "tuition", "tuition_exemption", "tuition_reduction", "electricity"];
    let counterpart = Dong::new(700_000_000);
    let province_budget = entitlements.iter().map(|id| entitlement_cost(id)).sum::<Dong>() + province_hi + counterpart;

    // Plan II: everyone who works on poverty reduction in a commune is trained (Project 5a).
    let trainees: i64 = dataset.communes().iter().map(|c| Eligible::PovertyTrainees.count(c) as i64).sum();
    let mut lines = vec![
        line("central_program", "p3a", 7_000_000_000, Rule::Criteria(livelihood_criteria())),
        line("central_program", "p3b", 2_400_000_000, demand(&[Eligible::Communes], CommuneFilter::Rural, None)),
        line("central_program", "p4a", 700_000_000, Rule::Criteria(per_commune(RoundingUnit::Thousand))),
        line("central_program", "p4b", 1_144_000_000, demand_in_code_order(Eligible::InfoStaff)),
        line("central_program", "p5a", trainees * P5A_UNIT_COST, demand_in_code_order(Eligible::PovertyTrainees)),
        line("central_program", "p5b", 600_000_000, Rule::ProvinceLevel),
    ];
    for id in entitlements {
        lines.push(line("province_budget", id, entitlement_cost(id).get(), Rule::Entitlement));
    }
    let share = |share| Rule::EntitlementShare(EntitlementShare { share });
    lines.push(line(
        "central_health_insurance",
        "health_insurance_near_poor",
        central_hi.get(),
        share(NEAR_POOR_HI_MINIMUM),
    ));
    lines.push(line(
        "province_budget",
        "health_insurance_near_poor",
        province_hi.get(),
        share(Decimal::ONE - NEAR_POOR_HI_MINIMUM),
    ));
    lines.extend([
        line("province_budget", "p3a", counterpart.get(), Rule::Criteria(livelihood_criteria())),
        line(
            "vbsp_poor",
            "credit",
            150_000_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, Some(50_000_000)),
        ),
        line(
            "vbsp_near_poor",
            "credit",
            200_000_000_000,
            demand(&[Eligible::NearPoorHouseholds], CommuneFilter::All, Some(50_000_000)),
        ),
        line(
            "vbsp_escaped",
            "credit",
            150_000_000_000,
            demand(&[Eligible::EscapedHouseholds], CommuneFilter::All, Some(40_000_000)),
        ),
        line("vbsp_jobs", "credit", 60_000_000_000, Rule::Criteria(per_commune(RoundingUnit::Million))),
        line(
            "vbsp_labour_export",
            "credit",
            20_000_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, Some(80_000_000)),
        ),
        line(
            "vbsp_water",
            "water_sanitation",
            280_000_000_000,
            demand(&[Eligible::PoorHouseholds, Eligible::NearPoorHouseholds], CommuneFilter::Rural, None),
        ),
        line("vbsp_housing", "housing", 20_000_000_000, demand(&[Eligible::PoorHouseholds], CommuneFilter::All, None)),
        line(
            "vbsp_students",
            "credit",
            30_000_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, Some(15_000_000)),
        ),
        line(
            "day_for_poor_province",
            "housing",
            1_500_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, Some(50_000_000)),
        ),
        line(
            "day_for_poor_district",
            "housing",
            3_600_000_000,
            Rule::Criteria(Criteria {
                weights: weights(1, 0, 0, 0),
                bands: Vec::new(),
                communes: CommuneFilter::All,
                floor: Dong::ZERO,
                cap: None,
                rounding_unit: RoundingUnit::Thousand,
            }),
        ),
        // Each commune's own fund, spent in the commune: small livelihood support (breeding
        // stock, seed) for its poor households at 3 M đ each (illustrative).
        line(
            "day_for_poor_commune",
            "p3a",
            5_500_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, Some(DAY_FOR_POOR_COMMUNE_SUPPORT)),
        ),
        line(
            "integrated_vocational",
            "vocational",
            3_000_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, None),
        ),
        line(
            "integrated_new_rural",
            "water_sanitation",
            5_000_000_000,
            Rule::Criteria(Criteria {
                weights: Weights {
                    poor: Decimal::ONE,
                    near_poor: Decimal::new(5, 1),
                    escaped: Decimal::ZERO,
                    base: Decimal::ZERO,
                },
                bands: Vec::new(),
                communes: CommuneFilter::NewRural2019,
                floor: Dong::new(10_000_000),
                cap: Some(Dong::new(40_000_000)),
                rounding_unit: RoundingUnit::Million,
            }),
        ),
        line(
            "donations",
            "information_access",
            2_000_000_000,
            demand(&[Eligible::PoorHouseholds], CommuneFilter::All, None),
        ),
    ]);

    let central: Dong = lines.iter().filter(|l| l.source.0 == "central_program").map(|l| l.amount).sum();
    let mut scenario = Scenario {
        version: VERSION,
        dataset: dataset.id().to_owned(),
        seed: 2019,
        sources: sources(central, central_hi, province_budget),
        programs,
        lines,
        overrides: Vec::new(),
        simulation: crate::params::SimulationParams::default(),
        credit: crate::credit::CreditCosts::default(),
        later: Vec::new(),
        helpers: crate::household_plan::Helpers::new(),
    };
    // To the program's end: 2020 repeats 2019's plan (illustrative; no 2020 plan was found).
    scenario.add_year(dataset);
    scenario
}

fn line(source: &str, program: &str, amount: i64, rule: Rule) -> Line {
    Line { source: SourceId(source.into()), program: ProgramId(program.into()), amount: Dong::new(amount), rule }
}

fn weights(poor: i64, near_poor: i64, escaped: i64, base: i64) -> Weights {
    Weights { poor: poor.into(), near_poor: near_poor.into(), escaped: escaped.into(), base: base.into() }
}

/// facts.md §2's suggested scoring: 1 point per poor, 0.5 per near-poor, 0.3 per escaped
/// household, plus bonus points for communes with high poverty rates.
fn livelihood_criteria() -> Criteria {
    Criteria {
        weights: Weights {
            poor: Decimal::ONE,
            near_poor: Decimal::new(5, 1),
            escaped: Decimal::new(3, 1),
            base: Decimal::ZERO,
        },
        bands: vec![
            Band { min_rate_percent: Decimal::from(3), bonus: Decimal::from(10) },
            Band { min_rate_percent: Decimal::from(5), bonus: Decimal::from(20) },
        ],
        communes: CommuneFilter::Rural,
        floor: Dong::ZERO,
        cap: Some(Dong::new(150_000_000)),
        rounding_unit: RoundingUnit::Thousand,
    }
}

/// An equal share per commune.
fn per_commune(rounding_unit: RoundingUnit) -> Criteria {
    Criteria {
        weights: weights(0, 0, 0, 1),
        bands: Vec::new(),
        communes: CommuneFilter::All,
        floor: Dong::ZERO,
        cap: None,
        rounding_unit,
    }
}

fn demand(priority: &[Eligible], communes: CommuneFilter, unit_cost: Option<i64>) -> Rule {
    Rule::Demand(Demand {
        priority: priority.to_vec(),
        order: CommuneOrder::PovertyRateDesc,
        communes,
        unit_cost: unit_cost.map(Dong::new),
    })
}

fn demand_in_code_order(group: Eligible) -> Rule {
    Rule::Demand(Demand {
        priority: vec![group],
        order: CommuneOrder::Code,
        communes: CommuneFilter::All,
        unit_cost: None,
    })
}

#[allow(clippy::too_many_arguments)]
fn program(
    id: &str,
    (name_vi, name_en): (&str, &str),
    group: ProgramGroup,
    (lead_vi, lead_en): (&str, &str),
    unit: Unit,
    unit_cost: i64,
    eligible: Eligible,
    units_per_beneficiary: Decimal,
    state_share: Decimal,
    entitlement: bool,
    note: Note,
) -> Program {
    Program {
        id: ProgramId(id.into()),
        name_vi: name_vi.into(),
        name_en: name_en.into(),
        group,
        lead_vi: lead_vi.into(),
        lead_en: lead_en.into(),
        unit,
        unit_cost: Dong::new(unit_cost),
        eligible,
        units_per_beneficiary,
        state_share,
        entitlement,
        rural_only: false,
        note,
    }
}

fn programs() -> Vec<Program> {
    use Confidence::{Confirmed, Derived, RecalledHigh, RecalledLow};
    use Eligible as E;
    use ProgramGroup::{Policy, Project3, Project4, Project5};
    let one = Decimal::ONE;
    let mut programs = vec![
        program(
            "p3a",
            ("Dự án 3a: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế", "Project 3a: Production support and livelihoods"),
            Project3, AGRICULTURE, Unit::Household, 15_000_000, E::PoorHouseholds, one, one, false,
            Note::both("2018 in Thái Bình: 6.5 bn ₫ supported 432 households ≈ 15 M ₫ each (thaibinhtv.vn 13/03/2019)", "Năm 2018 ở Thái Bình: 6,5 tỷ đồng hỗ trợ 432 hộ, bình quân khoảng 15 triệu đồng mỗi hộ (thaibinhtv.vn 13/03/2019)", Derived),
        ),
        program(
            "p3b",
            ("Dự án 3b: Nhân rộng mô hình giảm nghèo", "Project 3b: Replicating poverty-reduction models"),
            Project3, DOLISA, Unit::Model, 300_000_000, E::Communes, one, one, false,
            Note::both("Illustrative: one model per commune for 20–30 households; Circular 18/2017/TT-BNNPTNT norms not read", "Số minh họa: mỗi xã một mô hình cho 20–30 hộ; chưa đọc được định mức của Thông tư 18/2017/TT-BNNPTNT", RecalledLow),
        ),
        program(
            "p4a",
            ("Dự án 4a: Truyền thông về giảm nghèo", "Project 4a: Communication on poverty reduction"),
            Project4, DOLISA, Unit::Commune, 5_000_000, E::Communes, one, one, false,
            Note::both("Illustrative; Circular 15/2017/TT-BTC norms not read", "Số minh họa; chưa đọc được định mức của Thông tư 15/2017/TT-BTC", RecalledLow),
        ),
        program(
            "p4b",
            ("Dự án 4b: Giảm nghèo về thông tin", "Project 4b: Reducing information poverty"),
            Project4, INFORMATION, Unit::Cadre, 2_000_000, E::InfoStaff, one, one, false,
            Note::both("Illustrative cost of training one commune information officer", "Số minh họa: chi phí tập huấn một cán bộ thông tin cơ sở", RecalledLow),
        ),
        program(
            "p5a",
            ("Dự án 5a: Nâng cao năng lực cán bộ làm công tác giảm nghèo", "Project 5a: Capacity building for poverty-reduction cadres"),
            Project5, DOLISA, Unit::Cadre, P5A_UNIT_COST, E::PovertyTrainees, one, one, false,
            Note::both("Plan 28 II: 100 % of poverty-reduction cadres, party-cell secretaries, village and residential-group heads trained (counted per commune: cadres with village heads, plus one secretary per village, illustrative); illustrative cost of a one- to two-day course per person; Circular 15/2017/TT-BTC norms not read", "Kế hoạch 28, mục II: 100% cán bộ làm công tác giảm nghèo, bí thư chi bộ, trưởng thôn, tổ trưởng tổ dân phố được tập huấn (đếm theo từng xã: cán bộ giảm nghèo gồm cả trưởng thôn, cộng mỗi thôn một bí thư chi bộ, số minh họa); chi phí một lớp 1–2 ngày mỗi người là số minh họa; chưa đọc được định mức của Thông tư 15/2017/TT-BTC", RecalledLow),
        ),
        program(
            "p5b",
            ("Dự án 5b: Giám sát, đánh giá", "Project 5b: Monitoring and evaluation"),
            Project5, DOLISA, Unit::Commune, 3_000_000, E::Communes, one, one, false,
            Note::both("Illustrative; includes the annual poor-household review (Circular 17/2016/TT-BLĐTBXH)", "Số minh họa; gồm cả chi phí rà soát hộ nghèo hằng năm (Thông tư 17/2016/TT-BLĐTBXH)", RecalledLow),
        ),
        program(
            "vocational",
            ("Hỗ trợ đào tạo nghề", "Vocational training"),
            Policy, DOLISA, Unit::Course, 3_000_000, E::PoorHouseholds, Decimal::new(1, 1), one, false,
            Note::both("Decision 46/2015/QĐ-TTg: up to 3 M ₫ per course for poor learners (2.5 M near-poor); one learner per 10 poor households is illustrative", "Quyết định 46/2015/QĐ-TTg: tối đa 3 triệu đồng/khóa cho người học thuộc hộ nghèo (2,5 triệu đồng với hộ cận nghèo); mỗi 10 hộ nghèo một người học là số minh họa", Confirmed),
        ),
        program(
            "tuition",
            ("Hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo", "Learning-cost support for pupils of poor households"),
            Policy, ("Sở Giáo dục và Đào tạo", "Department of Education and Training"), Unit::Person, 900_000, E::PoorHouseholds,
            Decimal::new(4, 1), one, true,
            Note::both("Decree 86/2015/NĐ-CP: 100,000 ₫/month for 9 months per pupil of a poor household; 0.4 pupils per poor household is illustrative", "Nghị định 86/2015/NĐ-CP: 100.000 đồng/tháng trong 9 tháng cho mỗi học sinh thuộc hộ nghèo; 0,4 học sinh mỗi hộ nghèo là số minh họa", RecalledHigh),
        ),
        program(
            "tuition_exemption",
            ("Miễn học phí cho học sinh thuộc hộ nghèo", "Tuition exemption for pupils of poor households"),
            Policy, ("Sở Giáo dục và Đào tạo", "Department of Education and Training"), Unit::Person, TUITION_FEE, E::PoorHouseholds,
            Decimal::new(4, 1), one, true,
            Note::both("Decree 86/2015/NĐ-CP: pupils of poor households are exempt; the state pays the fee. Thái Bình's fee level was not found: 50,000 ₫/month for 9 months is illustrative, as are 0.4 pupils per household", "Nghị định 86/2015/NĐ-CP: học sinh thuộc hộ nghèo được miễn học phí, nhà nước cấp bù. Chưa tìm thấy mức học phí của Thái Bình: 50.000 đồng/tháng trong 9 tháng là số minh họa, 0,4 học sinh mỗi hộ cũng vậy", RecalledLow),
        ),
        program(
            "tuition_reduction",
            ("Giảm 50% học phí cho học sinh thuộc hộ cận nghèo", "50 % tuition reduction for pupils of near-poor households"),
            Policy, ("Sở Giáo dục và Đào tạo", "Department of Education and Training"), Unit::Person, TUITION_FEE, E::NearPoorHouseholds,
            Decimal::new(4, 1), Decimal::new(5, 1), true,
            Note::both("Decree 86/2015/NĐ-CP: pupils of near-poor households pay half the fee, the state the other half. Fee level (50,000 ₫/month for 9 months) and 0.4 pupils per household illustrative", "Nghị định 86/2015/NĐ-CP: học sinh thuộc hộ cận nghèo được giảm 50% học phí, nhà nước cấp bù phần giảm. Mức học phí (50.000 đồng/tháng trong 9 tháng) và 0,4 học sinh mỗi hộ là số minh họa", RecalledLow),
        ),
        program(
            "health_insurance_poor",
            ("Bảo hiểm y tế cho người nghèo", "Health insurance for the poor"),
            Policy, ("Bảo hiểm xã hội tỉnh", "Provincial Social Insurance"), Unit::Person, 777_600, E::PoorPeople, one, one, true,
            Note::both("4.5 % of the base salary: 62,550 ₫/month to 30/6/2019 and 67,050 ₫/month from 1/7/2019 (Decree 38/2019/NĐ-CP), state pays 100 %", "4,5% mức lương cơ sở: 62.550 đồng/tháng đến 30/6/2019 và 67.050 đồng/tháng từ 1/7/2019 (Nghị định 38/2019/NĐ-CP), nhà nước đóng 100%", Derived),
        ),
        program(
            "health_insurance_near_poor",
            ("Hỗ trợ bảo hiểm y tế cho người cận nghèo", "Health insurance support for the near-poor"),
            Policy, ("Bảo hiểm xã hội tỉnh", "Provincial Social Insurance"), Unit::Person, 777_600, E::NearPoorPeople, one,
            one, true,
            Note::both("Plan 28/KH-SLĐTBXH III.3.1.2: 100 % of the premium for people of near-poor households; the state pays at least 70 % (Decree 146/2018/NĐ-CP, Art. 4, from the central budget here) and the province the other 30 %", "Kế hoạch 28/KH-SLĐTBXH, mục III.3.1.2: hỗ trợ 100% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo; nhà nước hỗ trợ tối thiểu 70% (Nghị định 146/2018/NĐ-CP, Điều 4; ở đây từ ngân sách trung ương), tỉnh hỗ trợ thêm 30% còn lại", Confidence::Secondary),
        ),
        program(
            "electricity",
            ("Hỗ trợ tiền điện cho hộ nghèo, hộ chính sách xã hội", "Electricity support for poor and social-policy households"),
            Policy, DOLISA, Unit::Household, ELECTRICITY_2019, E::PoorAndSocialPolicyHouseholds, one, one, true,
            Note::both("Plan III.3 and Decision 28/2014/QĐ-TTg: poor households and social-policy households (not poor, a member on monthly social assistance, at most 50 kWh a month); 30 kWh a month at the tier-1 tariff: 49,000 ₫ a month for January–March, about 55,400 ₫ from April after the tariff rise of 20/3/2019 (tariff values R med). Social-policy households per commune are illustrative (0.8 % of non-poor households, R low)", "Kế hoạch mục III.3 và Quyết định 28/2014/QĐ-TTg: hộ nghèo và hộ chính sách xã hội (không thuộc hộ nghèo, có người hưởng trợ cấp xã hội hằng tháng, dùng không quá 50 kWh/tháng); 30 kWh mỗi tháng theo giá bán lẻ điện bậc 1: 49.000 đồng/tháng cho tháng 1–3, khoảng 55.400 đồng/tháng từ tháng 4 sau khi giá điện tăng từ 20/3/2019 (giá điện theo trí nhớ, tin cậy vừa). Số hộ chính sách xã hội của từng xã là số minh họa (0,8% số hộ không nghèo, tin cậy thấp)", Confidence::RecalledMedium),
        ),
        program(
            "housing",
            ("Hỗ trợ nhà ở cho hộ nghèo", "Housing support for poor households"),
            Policy, ("Sở Xây dựng", "Department of Construction"), Unit::Household, 25_000_000, E::PoorHouseholds, one, one, false,
            Note::both("Decision 33/2015/QĐ-TTg: 25 M ₫ per household", "Quyết định 33/2015/QĐ-TTg: 25 triệu đồng mỗi hộ", RecalledHigh),
        ),
        program(
            "water_sanitation",
            ("Nước sạch và vệ sinh môi trường nông thôn", "Rural clean water and sanitation"),
            Policy, AGRICULTURE, Unit::Household, 20_000_000, E::PoorAndNearPoorHouseholds, one, one, false,
            Note::both("Decision 1205/QĐ-TTg (2018): up to 10 M ₫ per facility type, water and latrine", "Quyết định 1205/QĐ-TTg (2018): tối đa 10 triệu đồng cho mỗi loại công trình, nước sạch và nhà tiêu", Confirmed),
        ),
        program(
            "information_access",
            ("Hỗ trợ tiếp cận thông tin", "Information access support"),
            Policy, INFORMATION, Unit::Household, 1_500_000, E::PoorHouseholds, one, one, false,
            Note::both("Illustrative cost of a radio or television set for a poor household", "Số minh họa: chi phí một máy thu thanh hoặc tivi cho một hộ nghèo", RecalledLow),
        ),
        program(
            "credit",
            ("Tín dụng ưu đãi", "Preferential credit"),
            Policy, ("Ngân hàng Chính sách xã hội", "Vietnam Bank for Social Policies"), Unit::Household, 50_000_000,
            E::PoorHouseholds, one, one, false,
            Note::both("Illustrative average loan; each lending program's cap is on its source", "Số minh họa: mức vay bình quân; hạn mức của từng chương trình cho vay ghi ở nguồn vốn", RecalledLow),
        ),
    ];
    // Rural clean water and sanitation (Decision 1205/QĐ-TTg) is for rural households only.
    for p in &mut programs {
        p.rural_only = p.id.0 == "water_sanitation";
    }
    programs
}

#[allow(clippy::too_many_arguments)]
fn source(
    id: &str,
    (name_vi, name_en): (&str, &str),
    kind: SourceKind,
    level: Level,
    amount: Dong,
    uses: &[&str],
    loan: Option<(i64, Decimal, u32)>,
    note: Note,
) -> Source {
    Source {
        id: SourceId(id.into()),
        name_vi: name_vi.into(),
        name_en: name_en.into(),
        kind,
        level,
        amount,
        uses: uses.iter().map(|u| ProgramId((*u).into())).collect(),
        loan: loan.map(|(cap, rate, term)| LoanTerms {
            cap_per_household: Dong::new(cap),
            interest_rate_per_year: rate,
            term_months: term,
            purpose: None,
            book: None,
        }),
        note,
        // A loan's note cites its terms; every lending amount of the year is illustrative.
        amount_confidence: (kind == SourceKind::Loan).then_some(Confidence::RecalledLow),
    }
}

/// Each lending program's loan book at the start of 2019 (illustrative split of the published
/// total): id, purpose, opening outstanding (bn đ), borrowing households, average term (months),
/// local budget entrusted (bn đ).
const BOOKS: [(&str, LoanPurpose, i64, u32, u32, i64); 8] = [
    ("vbsp_poor", LoanPurpose::Livelihood, 500, 15_000, 48, 10),
    ("vbsp_near_poor", LoanPurpose::Livelihood, 750, 22_000, 48, 0),
    ("vbsp_escaped", LoanPurpose::Livelihood, 400, 12_000, 48, 0),
    ("vbsp_jobs", LoanPurpose::Livelihood, 200, 5_000, 48, 0),
    ("vbsp_labour_export", LoanPurpose::LabourExport, 30, 600, 24, 0),
    ("vbsp_water", LoanPurpose::Water, 672, 42_000, 48, 0),
    ("vbsp_housing", LoanPurpose::Housing, 120, 4_800, 180, 0),
    ("vbsp_students", LoanPurpose::Students, 100, 3_000, 120, 0),
];

/// Share of the principal due not repaid on time, and of the book written off (illustrative).
const OVERDUE_BP: u32 = 100;
const WRITE_OFF_BP: u32 = 10;

/// Gives each default lending program its loan book and purpose, and turns the amount it was
/// created with (what it lends in 2019) into new central capital: that amount less what the
/// book brings back and the capital the province entrusts, so capacity equals the 2019 lending.
fn with_books(mut sources: Vec<Source>) -> Vec<Source> {
    let bn = |n: i64| Dong::new(n * 1_000_000_000);
    for (id, purpose, opening, borrowers, term, entrusted) in BOOKS {
        let Some(s) = sources.iter_mut().find(|s| s.id.0 == id) else { continue };
        let Some(terms) = s.loan.as_mut() else { continue };
        terms.purpose = Some(purpose);
        terms.book = Some(LoanBook {
            opening_outstanding: bn(opening),
            opening_borrowers: borrowers,
            average_term_months: term,
            collections_due: None,
            entrusted: bn(entrusted),
            overdue_bp: OVERDUE_BP,
            write_off_bp: WRITE_OFF_BP,
            note: Note::both(
                "The province's outstanding total, 2,772 bn ₫ with more than 100,000 borrowing households (vbsp.org.vn, about end-2018), is published [C~]; its split across lending programs, their average terms, the 1 % overdue and 0.1 % write-off shares and the 10 bn ₫ of local budget entrusted are illustrative (about 100 bn ₫ had been entrusted in total by 2023, dansinh.dantri.com.vn)",
                "Tổng dư nợ của tỉnh, 2.772 tỷ đồng với hơn 100.000 hộ đang vay (vbsp.org.vn, khoảng cuối năm 2018), là số đã công bố [C~]; phần chia cho từng chương trình, thời hạn bình quân, tỷ lệ nợ quá hạn 1% và xóa nợ 0,1%, cùng 10 tỷ đồng vốn ngân sách địa phương ủy thác là số minh họa (đến năm 2023 tổng vốn ủy thác khoảng 100 tỷ đồng, dansinh.dantri.com.vn)",
                Confidence::RecalledLow,
            ),
        });
        let lending = s.amount;
        s.amount = lending - s.collected() - s.entrusted();
    }
    sources
}

fn sources(central: Dong, central_hi: Dong, province_budget: Dong) -> Vec<Source> {
    with_books(sources_lending(central, central_hi, province_budget))
}

/// The default sources, each loan source with what it lends in 2019 as its amount.
fn sources_lending(central: Dong, central_hi: Dong, province_budget: Dong) -> Vec<Source> {
    use Confidence::{Confirmed, RecalledHigh, RecalledLow, RecalledMedium};
    use Level::{Commune, District, Province};
    use SourceKind::{Grant, Loan};
    let bn = |n: i64| Dong::new(n * 1_000_000_000);
    let rate = |basis_points: i64| Decimal::new(basis_points, 4);
    vec![
        source(
            "central_program",
            ("Ngân sách trung ương CTMTQG GNBV (Dự án 3, 4, 5)", "Central program funds (Projects 3–5)"),
            Grant, Province, central,
            &["p3a", "p3b", "p4a", "p4b", "p5a", "p5b"], None,
            Note::both("Illustrative: the 2019 allocation to Thái Bình was not found; of the order of the 2018 Project 3 spending (6.5 bn ₫)", "Số minh họa: không tìm thấy số vốn năm 2019 phân bổ cho Thái Bình; cùng cỡ với số chi Dự án 3 năm 2018 (6,5 tỷ đồng)", RecalledLow),
        ),
        source(
            "central_health_insurance",
            (
                "Ngân sách trung ương hỗ trợ mua thẻ BHYT cho người cận nghèo",
                "Central budget: health insurance for near-poor people",
            ),
            Grant, Province, central_hi,
            &["health_insurance_near_poor"], None,
            Note::both("Decree 146/2018/NĐ-CP: the state pays at least 70 % of near-poor people's premium; this source is that 70 % of the legal cost on the dataset. Whether the central or the local budget carries it depends on the province's fiscal balance (Thái Bình received balancing transfers in 2019)", "Nghị định 146/2018/NĐ-CP: nhà nước hỗ trợ tối thiểu 70% mức đóng bảo hiểm y tế của người thuộc hộ cận nghèo; nguồn này là 70% chi phí theo chế độ trên bộ dữ liệu. Ngân sách trung ương hay địa phương bảo đảm tùy khả năng cân đối ngân sách của tỉnh (năm 2019 Thái Bình nhận bổ sung cân đối từ trung ương)", Confidence::RecalledMedium),
        ),
        source(
            "province_budget",
            ("Ngân sách tỉnh (chi thường xuyên)", "Provincial budget (recurrent)"),
            Grant, Province, province_budget,
            &["p3a", "p3b", "p4a", "p4b", "p5a", "p5b", "vocational", "tuition", "tuition_exemption", "tuition_reduction", "health_insurance_poor", "health_insurance_near_poor", "electricity", "housing", "water_sanitation", "information_access"],
            None,
            Note::both("Illustrative: the legal cost of the entitlements on the dataset (with the 30 % top-up of near-poor health insurance) plus a 10 % counterpart to central Project 3a funds (Decision 48/2016 counterpart rates not read)", "Số minh họa: chi phí các chế độ theo quy định trên bộ dữ liệu (gồm phần hỗ trợ thêm 30% bảo hiểm y tế người cận nghèo) cộng 10% vốn đối ứng cho vốn trung ương Dự án 3a (chưa đọc được tỷ lệ đối ứng theo Quyết định 48/2016)", RecalledLow),
        ),
        source(
            "vbsp_poor", ("NHCSXH: cho vay hộ nghèo", "VBSP: loans to poor households"), Loan, Province, bn(150), &["credit"],
            Some((100_000_000, rate(660), 120)),
            Note::both("Cap 100 M ₫ from 1/3/2019, 0.55 %/month, up to 120 months (cand.com.vn); 2019 amount illustrative", "Hạn mức 100 triệu đồng từ 1/3/2019, lãi suất 0,55%/tháng, thời hạn đến 120 tháng (cand.com.vn); số vốn năm 2019 là số minh họa", Confirmed),
        ),
        source(
            "vbsp_near_poor", ("NHCSXH: cho vay hộ cận nghèo", "VBSP: loans to near-poor households"), Loan, Province, bn(200), &["credit"],
            Some((100_000_000, rate(792), 60)),
            Note::both("0.66 %/month (Decision 15/2013/QĐ-TTg); cap as for poor households [R med]; amount illustrative", "0,66%/tháng (Quyết định 15/2013/QĐ-TTg); hạn mức như hộ nghèo [R med]; số vốn là số minh họa", RecalledMedium),
        ),
        source(
            "vbsp_escaped", ("NHCSXH: cho vay hộ mới thoát nghèo", "VBSP: loans to newly escaped households"), Loan, Province, bn(150), &["credit"],
            Some((100_000_000, rate(825), 60)),
            Note::both("8.25 %/year, up to 60 months (Decision 28/2015/QĐ-TTg); 2020 disbursement was 744.2 bn ₫ (baothaibinh); 2019 amount illustrative", "8,25%/năm, thời hạn đến 60 tháng (Quyết định 28/2015/QĐ-TTg); doanh số cho vay năm 2020 là 744,2 tỷ đồng (baothaibinh); số vốn năm 2019 là số minh họa", Confirmed),
        ),
        source(
            "vbsp_jobs", ("NHCSXH: cho vay giải quyết việc làm", "VBSP: job-creation loans"), Loan, Province, bn(60), &["credit"],
            Some((50_000_000, rate(792), 60)),
            Note::both("50 M ₫ per worker before Decree 74/2019 (100 M after); 2020 disbursement 56.6 bn ₫ (baothaibinh); amount illustrative", "50 triệu đồng mỗi lao động trước Nghị định 74/2019 (100 triệu đồng sau đó); doanh số cho vay năm 2020 là 56,6 tỷ đồng (baothaibinh); số vốn là số minh họa", Confirmed),
        ),
        source(
            "vbsp_labour_export", ("NHCSXH: cho vay đi làm việc ở nước ngoài", "VBSP: labour-export loans"), Loan, Province, bn(20), &["credit"],
            Some((100_000_000, rate(660), 36)),
            Note::both("Up to 100 % of contract costs at the poor-household rate (Decree 61/2015); cap and amount illustrative", "Đến 100% chi phí theo hợp đồng, lãi suất như cho vay hộ nghèo (Nghị định 61/2015); hạn mức và số vốn là số minh họa", RecalledMedium),
        ),
        source(
            "vbsp_water", ("NHCSXH: cho vay nước sạch và vệ sinh môi trường", "VBSP: clean water and sanitation loans"), Loan, Province, bn(280),
            &["water_sanitation"], Some((20_000_000, rate(900), 60)),
            Note::both("10 M ₫ per facility type, two types (Decision 1205/QĐ-TTg, 2018); 9 %/year [R med]; 2020 disbursement 301.8 bn ₫; amount illustrative", "10 triệu đồng cho mỗi loại công trình, hai loại (Quyết định 1205/QĐ-TTg, 2018); 9%/năm [R med]; doanh số cho vay năm 2020 là 301,8 tỷ đồng; số vốn là số minh họa", Confirmed),
        ),
        source(
            "vbsp_housing", ("NHCSXH: cho vay nhà ở hộ nghèo (QĐ 33/2015)", "VBSP: housing loans (Decision 33/2015)"), Loan, Province, bn(20),
            &["housing"], Some((25_000_000, rate(300), 180)),
            Note::both("25 M ₫ per household, 3 %/year, 15 years (Decision 33/2015/QĐ-TTg); amount illustrative", "25 triệu đồng mỗi hộ, 3%/năm, 15 năm (Quyết định 33/2015/QĐ-TTg); số vốn là số minh họa", RecalledHigh),
        ),
        source(
            "vbsp_students", ("NHCSXH: cho vay học sinh, sinh viên", "VBSP: student loans"), Loan, Province, bn(30), &["credit"],
            Some((15_000_000, rate(660), 60)),
            Note::both("1.5 M ₫/month for 10 months a year (Decision 157/2007/QĐ-TTg, 2017 level), 0.55 %/month; amount illustrative", "1,5 triệu đồng/tháng, 10 tháng mỗi năm (Quyết định 157/2007/QĐ-TTg, mức năm 2017), 0,55%/tháng; số vốn là số minh họa", RecalledMedium),
        ),
        source(
            "day_for_poor_province", ("Quỹ “Vì người nghèo” cấp tỉnh", "Day for the Poor fund, province"), Grant, Province,
            Dong::new(1_500_000_000), &["housing", "vocational", "information_access", "tuition"], None,
            Note::both("2018 target: 1.5 bn ₫ at province level (dantocmiennui.vn)", "Chỉ tiêu năm 2018: 1,5 tỷ đồng ở cấp tỉnh (dantocmiennui.vn)", Confidence::Secondary),
        ),
        source(
            "day_for_poor_district", ("Quỹ “Vì người nghèo” cấp huyện", "Day for the Poor fund, districts"), Grant, District,
            Dong::new(3_600_000_000), &["housing", "p3a"], None,
            Note::both("2018 target: 3.6 bn ₫ at district level (dantocmiennui.vn)", "Chỉ tiêu năm 2018: 3,6 tỷ đồng ở cấp huyện (dantocmiennui.vn)", Confidence::Secondary),
        ),
        source(
            "day_for_poor_commune", ("Quỹ “Vì người nghèo” cấp xã", "Day for the Poor fund, communes"), Grant, Commune,
            Dong::new(5_500_000_000), &["housing", "p3a"], None,
            Note::both("2018 target: 5.5 bn ₫ at commune level (dantocmiennui.vn)", "Chỉ tiêu năm 2018: 5,5 tỷ đồng ở cấp xã (dantocmiennui.vn)", Confidence::Secondary),
        ),
        source(
            "integrated_vocational", ("Lồng ghép: CTMTQG Giáo dục nghề nghiệp - Việc làm", "Integrated: vocational training and employment program"),
            Grant, Province, bn(3), &["vocational"], None,
            Note::both("Illustrative", "Số minh họa", RecalledLow),
        ),
        source(
            "integrated_new_rural", ("Lồng ghép: CTMTQG Xây dựng nông thôn mới", "Integrated: new-rural development program"),
            Grant, Province, bn(5), &["water_sanitation", "housing", "p3a"], None,
            Note::both("Illustrative", "Số minh họa", RecalledLow),
        ),
        source(
            "donations", ("Doanh nghiệp, nhà hảo tâm", "Enterprises and donors"), Grant, Province, bn(2),
            &["housing", "tuition", "information_access", "vocational"], None,
            Note::both("Illustrative", "Số minh họa", RecalledLow),
        ),
    ]
}
