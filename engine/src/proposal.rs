//! The budget proposal (dự toán): the tables a Finance department files, built from a
//! scenario, its allocation and (when run) its projection. One model feeds the spreadsheet
//! (`xlsx`), the CSV files and the app's print view, so they always show the same figures.
//!
//! Every figure is whole đồng from the engine; totals are recomputed here only to be
//! written next to the spreadsheet formulas that must equal them.

use crate::allocation::Allocation;
use crate::dataset::{Dataset, DistrictCode};
use crate::format::{percent, Lang};
use crate::funding::{Level, Source, SourceKind};
use crate::money::Dong;
use crate::program::{ProgramGroup, ProgramId};
use crate::projection::{Projection, Status, TargetUnit};
use crate::provenance::Confidence;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The funding columns of the proposal, in form order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Funding {
    /// Ngân sách trung ương (the program's central funds).
    Central,
    /// Ngân sách địa phương: tỉnh.
    Province,
    /// Ngân sách địa phương: huyện.
    District,
    /// Ngân sách địa phương: xã.
    Commune,
    /// Lồng ghép: integrated programs.
    Integrated,
    /// Tín dụng chính sách (NHCSXH).
    Credit,
    /// Quỹ "Vì người nghèo" and other mobilised funds, donations.
    Mobilised,
    /// Nhân dân đóng góp: the households' own share of a unit cost.
    People,
}

/// A scenario's resources by what they are: state budget of this program (NSTW + NSĐP, with the
/// local budget entrusted to the Social Policy Bank), Social Policy Bank credit (its lending
/// capacity otherwise: lent, to be repaid, never spending), and the rest (integrated programs,
/// mobilised funds, people's contributions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resources {
    /// Central and local budget.
    pub state_budget: Dong,
    /// Preferential credit.
    pub credit: Dong,
    /// Integrated programs, the Day for the Poor fund, donations, people's contributions.
    pub other: Dong,
}

impl Resources {
    /// The sources of `scenario` split by their [`Funding`] column.
    #[must_use]
    pub fn of(scenario: &Scenario) -> Self {
        let mut r = Self { state_budget: Dong::ZERO, credit: Dong::ZERO, other: Dong::ZERO };
        for s in &scenario.sources {
            match Funding::of(s) {
                f if f.is_state_budget() => r.state_budget += s.amount,
                // What a lending program can lend: its capacity, less the local budget the
                // province entrusts to it, which is state budget.
                Funding::Credit => {
                    r.credit += s.available() - s.entrusted();
                    r.state_budget += s.entrusted();
                }
                _ => r.other += s.amount,
            }
        }
        r
    }
}

/// The funding columns, in order.
pub const FUNDING: [Funding; 8] = [
    Funding::Central,
    Funding::Province,
    Funding::District,
    Funding::Commune,
    Funding::Integrated,
    Funding::Credit,
    Funding::Mobilised,
    Funding::People,
];

impl Funding {
    /// The column a source's money is reported in. Loans are credit; otherwise the source id
    /// decides (`central…`, `integrated…`, `day_for_poor…` or `donations…`, `people…`), and
    /// any other grant is local budget at its level (`docs/proposal.md`).
    #[must_use]
    pub fn of(source: &Source) -> Self {
        let id = source.id.0.as_str();
        if source.kind == SourceKind::Loan {
            Self::Credit
        } else if id.starts_with("central") {
            Self::Central
        } else if id.starts_with("integrated") {
            Self::Integrated
        } else if id.starts_with("day_for_poor") || id.starts_with("donation") || id.starts_with("mobilised") {
            Self::Mobilised
        } else if id.starts_with("people") {
            Self::People
        } else {
            match source.level {
                Level::Province => Self::Province,
                Level::District => Self::District,
                Level::Commune => Self::Commune,
            }
        }
    }

    /// Whether the column is state budget appraised with this program: the central budget
    /// and the local budget at every level (NSTW + NSĐP). Credit is lent, not spent; integrated
    /// programs are appraised with their own programs; mobilised money and people's
    /// contributions are not budget.
    #[must_use]
    pub fn is_state_budget(self) -> bool {
        matches!(self, Self::Central | Self::Province | Self::District | Self::Commune)
    }

    /// Index in [`FUNDING`].
    #[must_use]
    pub fn index(self) -> usize {
        FUNDING.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The column heading.
    #[must_use]
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Central, Lang::Vi) => "Ngân sách trung ương",
            (Self::Central, Lang::En) => "Central budget",
            (Self::Province, Lang::Vi) => "Tỉnh",
            (Self::Province, Lang::En) => "Province",
            (Self::District, Lang::Vi) => "Huyện",
            (Self::District, Lang::En) => "District",
            (Self::Commune, Lang::Vi) => "Xã",
            (Self::Commune, Lang::En) => "Commune",
            (Self::Integrated, Lang::Vi) => "Lồng ghép các chương trình",
            (Self::Integrated, Lang::En) => "Integrated programs",
            (Self::Credit, Lang::Vi) => "Tín dụng NHCSXH",
            (Self::Credit, Lang::En) => "Social Policy Bank credit",
            (Self::Mobilised, Lang::Vi) => "Quỹ “Vì người nghèo”, huy động khác",
            (Self::Mobilised, Lang::En) => "Day for the Poor fund, other mobilised",
            (Self::People, Lang::Vi) => "Nhân dân đóng góp",
            (Self::People, Lang::En) => "People's contributions",
        }
    }
}

/// An amount per funding column.
pub type Amounts = [Dong; 8];

fn add(a: &mut Amounts, b: &Amounts) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}

/// One activity or policy line of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// The program.
    pub program: ProgramId,
    /// Its name.
    pub name: String,
    /// Đơn vị tính.
    pub unit: String,
    /// Units funded, where the rule counts units.
    pub quantity: Option<u64>,
    /// Cost of one unit, where the quantity is known.
    pub unit_cost: Option<Dong>,
    /// Money per funding column.
    pub amounts: Amounts,
    /// Lead agency.
    pub lead: String,
    /// Source and confidence of the unit cost.
    pub note: String,
}

impl Activity {
    /// All columns.
    #[must_use]
    pub fn total(&self) -> Dong {
        self.amounts.iter().copied().sum()
    }
}

/// A project (or the support policies) and its activities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// "Dự án 3: …".
    pub title: String,
    /// Its lines.
    pub activities: Vec<Activity>,
}

impl Group {
    /// Per funding column.
    #[must_use]
    pub fn subtotal(&self) -> Amounts {
        let mut a = [Dong::ZERO; 8];
        for x in &self.activities {
            add(&mut a, &x.amounts);
        }
        a
    }
}

/// Money placed per program in one place (a district, a commune, or province level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRow {
    /// GSO code, empty for province level.
    pub code: String,
    /// Name.
    pub name: String,
    /// One amount per entry of [`Proposal::programs`].
    pub amounts: Vec<Dong>,
}

impl PlaceRow {
    /// All programs.
    #[must_use]
    pub fn total(&self) -> Dong {
        self.amounts.iter().copied().sum()
    }
}

/// A district and its communes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictBlock {
    /// The district (its amounts are its communes' sums).
    pub district: PlaceRow,
    /// Its communes, in GSO order.
    pub communes: Vec<PlaceRow>,
}

/// A target of the plan with its projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRow {
    /// Name.
    pub name: String,
    /// What the numbers count.
    pub unit: TargetUnit,
    /// The plan.
    pub plan: Decimal,
    /// P10, P50, P90.
    pub value: [Decimal; 3],
    /// Share of draws meeting it (0–1).
    pub probability: Decimal,
    /// Likely, uncertain, unlikely.
    pub status: String,
}

/// A parameter with its source and confidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// What.
    pub name: String,
    /// Its value, formatted.
    pub value: String,
    /// Where it comes from.
    pub source: String,
    /// Confidence tag (`C`, `R low`, …); for a source, its amount's and, where different, its
    /// terms' (`số tiền R low; điều kiện C`).
    pub confidence: String,
}

/// The whole proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Language of every text.
    pub lang: Lang,
    /// The plan's year.
    pub year: u16,
    /// "Thái Bình".
    pub province: String,
    /// Projects and policies with their lines.
    pub groups: Vec<Group>,
    /// Programs in column order for the district and commune tables: (id, name).
    pub programs: Vec<(ProgramId, String)>,
    /// Districts with their communes.
    pub districts: Vec<DistrictBlock>,
    /// Money spent at province level, per program.
    pub province_level: PlaceRow,
    /// The targets, if the projection was run.
    pub targets: Option<Vec<TargetRow>>,
    /// The province's poor-household rate at the end of the year (P10, P50, P90), if run.
    pub poor_rate: Option<[Decimal; 3]>,
    /// Draws and seed of the projection.
    pub draws: Option<(u32, u64)>,
    /// What the projection's bands mean (`Projection::band_meaning`), if run.
    pub bands: Option<String>,
    /// Every parameter with its source and confidence.
    pub assumptions: Vec<Assumption>,
    /// The credit plan (kế hoạch tín dụng chính sách): loans apart from the budget.
    pub credit: crate::credit::CreditPlan,
    /// The scenario's share link.
    pub link: String,
    /// Dataset id and fingerprint.
    pub dataset: (String, String),
    /// What in the data is real and what illustrative, in a sentence.
    pub data_note: String,
}

fn group_title(group: ProgramGroup, lang: Lang) -> &'static str {
    match (group, lang) {
        (ProgramGroup::Project3, Lang::Vi) => {
            "Dự án 3: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế và nhân rộng mô hình giảm nghèo"
        }
        (ProgramGroup::Project3, Lang::En) => {
            "Project 3: production support, livelihoods and replicating poverty-reduction models"
        }
        (ProgramGroup::Project4, Lang::Vi) => "Dự án 4: Truyền thông và giảm nghèo về thông tin",
        (ProgramGroup::Project4, Lang::En) => "Project 4: communication and information poverty",
        (ProgramGroup::Project5, Lang::Vi) => "Dự án 5: Nâng cao năng lực và giám sát, đánh giá",
        (ProgramGroup::Project5, Lang::En) => "Project 5: capacity building, monitoring and evaluation",
        (ProgramGroup::Policy, Lang::Vi) => "Các chính sách hỗ trợ giảm nghèo",
        (ProgramGroup::Policy, Lang::En) => "Poverty-reduction support policies",
    }
}

const GROUPS: [ProgramGroup; 4] =
    [ProgramGroup::Project3, ProgramGroup::Project4, ProgramGroup::Project5, ProgramGroup::Policy];

fn bp_text(bp: i64, lang: Lang) -> String {
    percent(Decimal::new(bp, 4), lang)
}

/// Every parameter of the scenario with its value, source and confidence: the sources, the
/// loan books and credit costs, the programs' unit costs and the projection's parameters.
#[must_use]
pub fn assumptions(scenario: &Scenario, lang: Lang) -> Vec<Assumption> {
    let vi = lang == Lang::Vi;
    let mut rows = Vec::new();
    for src in &scenario.sources {
        rows.push(Assumption {
            name: src.name(lang).to_owned(),
            value: src.amount.format(lang),
            source: src.note.text(lang).to_owned(),
            confidence: src.confidence_text(lang),
        });
    }
    // Funds held by districts and communes: where each may be spent, and the balances.
    if scenario.sources.iter().any(|s| s.level != Level::Province) {
        rows.push(Assumption {
            name: lang.pick("Quỹ do huyện, xã nắm giữ: số dư từng nơi", "Funds held by districts and communes: each one's balance").to_owned(),
            value: lang.pick("theo tỷ lệ số dư trong bộ dữ liệu", "in proportion to the dataset's balances").to_owned(),
            source: lang.pick(
                "Quỹ cấp huyện chỉ chi trong các xã của huyện, quỹ cấp xã chỉ chi tại xã (docs/allocation.md). Số dư từng huyện, xã là số minh họa: chỉ tiêu năm 2018 (3,6 tỷ và 5,5 tỷ đồng, dantocmiennui.vn) chia theo số hộ; có thể thay bằng tệp số liệu xã",
                "A district's fund is spent only in its communes, a commune's only in the commune (docs/allocation.md). Each district's and commune's balance is illustrative: the 2018 targets (3.6 bn and 5.5 bn đ, dantocmiennui.vn) shared by households; a commune file may replace them",
            ).to_owned(),
            confidence: Confidence::RecalledLow.tag().to_owned(),
        });
    }
    // Decision 48/2016: how central program funds are shared among provinces (criteria with
    // coefficients not read here) and the local counterpart they require. The counterpart the
    // scenario plans is computed from its lines; the rule's rate is not known, and says so.
    let project_money = |central: bool| -> Dong {
        scenario
            .lines
            .iter()
            .filter(|l| scenario.program(&l.program).is_some_and(|p| p.group != ProgramGroup::Policy))
            .filter(|l| {
                scenario.source(&l.source).is_some_and(|s| {
                    (Funding::of(s) == Funding::Central) == central && Funding::of(s).is_state_budget()
                })
            })
            .map(|l| l.amount)
            .sum()
    };
    let (central, local) = (project_money(true), project_money(false));
    if central > Dong::ZERO {
        rows.push(Assumption {
            name: lang.pick("Vốn đối ứng ngân sách địa phương cho Dự án 3–5", "Local counterpart to central funds, Projects 3–5").to_owned(),
            value: format!("{} ({} / {})", percent(local.to_decimal() / central.to_decimal(), lang), local.format(lang), central.format(lang)),
            source: lang.pick(
                "Quyết định 48/2016/QĐ-TTg quy định tỷ lệ vốn đối ứng của ngân sách địa phương; chưa đọc được tỷ lệ áp dụng cho tỉnh nhận bổ sung cân đối như Thái Bình (theo trí nhớ: khoảng 10% với tỉnh nhận 50–70% chi từ trung ương). Tỷ lệ ở đây tính từ các dòng của kịch bản",
                "Decision 48/2016/QĐ-TTg sets the local budget's counterpart rate; the rate for a province receiving balancing transfers like Thái Bình was not read (recalled: about 10 % where the centre funds 50–70 % of spending). The rate here is computed from the scenario's lines",
            ).to_owned(),
            confidence: Confidence::RecalledLow.tag().to_owned(),
        });
        rows.push(Assumption {
            name: lang.pick("Hệ số phân bổ vốn trung ương giữa các tỉnh", "Coefficients sharing central funds among provinces").to_owned(),
            value: lang.pick("chưa biết", "not known").to_owned(),
            source: lang.pick(
                "Quyết định 48/2016/QĐ-TTg: bốn nhóm tiêu chí (dân số, tỷ lệ và số hộ nghèo, diện tích, đơn vị hành chính); chưa đọc được hệ số, nên vốn trung ương giao cho tỉnh là số minh họa",
                "Decision 48/2016/QĐ-TTg: four groups of criteria (population, poverty rate and poor households, area, administrative units); the coefficients were not read, so the central funds given to the province are illustrative",
            ).to_owned(),
            confidence: Confidence::Secondary.tag().to_owned(),
        });
    }
    // Each lending program's loan book, and what the credit costs the state.
    for src in &scenario.sources {
        let Some(book) = src.loan.as_ref().and_then(|l| l.book.as_ref()) else { continue };
        rows.push(Assumption {
            name: format!("{}: {}", src.name(lang), lang.pick("dư nợ đầu năm, ủy thác", "opening book, entrusted")),
            value: format!(
                "{}; {} {}; {} {}",
                book.opening_outstanding.format(lang),
                lang.pick("ủy thác", "entrusted"),
                book.entrusted.format(lang),
                lang.pick("quá hạn", "overdue"),
                bp_text(book.overdue_bp.into(), lang)
            ),
            source: book.note.text(lang).to_owned(),
            confidence: book.note.confidence.tag().to_owned(),
        });
    }
    if scenario.sources.iter().any(|s| s.kind == SourceKind::Loan) {
        let c = &scenario.credit;
        rows.push(Assumption {
            name: lang
                .pick("Chi phí vốn; phí ủy thác; hoa hồng tổ TK&VV", "Cost of funds; entrusted fee; group commission")
                .to_owned(),
            value: [c.funding_cost_rate, c.entrusted_fee_rate, c.group_commission_rate]
                .map(|r| percent(r, lang))
                .join("; "),
            source: c.note.text(lang).to_owned(),
            confidence: c.note.confidence.tag().to_owned(),
        });
        let e = &scenario.simulation.credit;
        rows.push(Assumption {
            name: lang.pick("Vay vốn: tỷ lệ hộ vay; xuất khẩu lao động", "Loans: take-up; labour export").to_owned(),
            value: format!(
                "{}; +{} / {} × {} {}",
                bp_text(e.take_up_bp.into(), lang),
                crate::format::group(e.labour_export_gain.mean.into(), lang),
                lang.pick("người/tháng", "person/month"),
                e.months_abroad,
                lang.pick("tháng", "months")
            ),
            source: e.note.text(lang).to_owned(),
            confidence: e.note.confidence.tag().to_owned(),
        });
    }
    for p in &scenario.programs {
        rows.push(Assumption {
            name: p.name(lang).to_owned(),
            value: format!("{} / {}", p.unit_cost.format(lang), p.unit.name(lang)),
            source: p.note.text(lang).to_owned(),
            confidence: p.note.confidence.tag().to_owned(),
        });
    }
    let sim = &scenario.simulation;
    let bp = |v: i64| percent(Decimal::new(v, 4), lang);
    let g = &sim.income_growth;
    rows.push(Assumption {
        name: if vi { "Tăng thu nhập/năm" } else { "Income growth per year" }.to_owned(),
        value: format!("{} ± {}", bp(g.mean_bp.into()), bp(g.sd_bp.into())),
        source: g.note.text(lang).to_owned(),
        confidence: g.note.confidence.tag().to_owned(),
    });
    let sh = &sim.shocks;
    rows.push(Assumption {
        name: if vi { "Rủi ro làm giảm thu nhập" } else { "Income shocks" }.to_owned(),
        value: format!(
            "{} ({}) × {}",
            bp(sh.probability_bp.into()),
            bp(sh.probability_escaped_bp.into()),
            bp(sh.loss.mean_bp.into())
        ),
        source: sh.note.text(lang).to_owned(),
        confidence: sh.note.confidence.tag().to_owned(),
    });
    rows.push(Assumption {
        name: if vi { "Tiêu chí hộ nghèo nông thôn mới" } else { "New-rural poverty criterion" }.to_owned(),
        value: format!("≤ {}", bp(sim.ntm_threshold_bp.into())),
        source: sim.ntm_note.text(lang).to_owned(),
        confidence: sim.ntm_note.confidence.tag().to_owned(),
    });
    for e in &sim.effects {
        let name = scenario.program(&e.program).map_or_else(|| e.program.0.clone(), |p| p.name(lang).to_owned());
        let value = e.gain.as_ref().map_or_else(String::new, |g| {
            format!(
                "+{} ± {} / {}",
                crate::format::group(g.mean.into(), lang),
                crate::format::group(g.sd.into(), lang),
                if vi { "người/tháng" } else { "person/month" }
            )
        });
        rows.push(Assumption {
            name,
            value,
            source: e.note.text(lang).to_owned(),
            confidence: e.note.confidence.tag().to_owned(),
        });
    }
    rows
}

impl Proposal {
    /// Builds the proposal of `scenario`, the one-year scenario of `year` (with its
    /// `allocation`, and its `projection` when it has been run) on `dataset`; `link` is the
    /// whole scenario's share link.
    #[must_use]
    pub fn new(
        year: u16,
        scenario: &Scenario,
        dataset: &Dataset,
        allocation: &Allocation,
        projection: Option<&Projection>,
        link: &str,
        lang: Lang,
    ) -> Self {
        let vi = lang == Lang::Vi;
        // Money per program, unit cost and funding column, and the units bought. A program
        // whose lines pay different costs per unit (a demand line's own unit cost) gets one
        // row per cost, so that quantity × unit cost is what each row says.
        let per_unit = |line: &crate::line::Line| -> Dong {
            let program = scenario.program(&line.program).map_or(Dong::ZERO, |p| p.unit_cost);
            line.rule.unit_cost().unwrap_or(program)
        };
        let mut by_cost: HashMap<(&ProgramId, Dong), Amounts> = HashMap::new();
        let mut units: HashMap<(&ProgramId, Dong), Option<u64>> = HashMap::new();
        let mut costs: HashMap<&ProgramId, Vec<Dong>> = HashMap::new();
        for (i, (line, result)) in scenario.lines.iter().zip(&allocation.lines).enumerate() {
            let column = scenario.source(&line.source).map_or(Funding::Province, Funding::of);
            let cost = per_unit(line);
            let known = costs.entry(&line.program).or_default();
            if !known.contains(&cost) {
                known.push(cost);
            }
            let amounts = by_cost.entry((&line.program, cost)).or_insert([Dong::ZERO; 8]);
            // Loans lent from local budget the province entrusted to the bank are local budget
            // in the proposal (their share of the source's capacity); the rest is credit.
            let entrusted = scenario.source(&line.source).map_or(Dong::ZERO, |s| s.entrusted_part(result.allocated));
            amounts[Funding::Province.index()] += entrusted;
            amounts[column.index()] += result.allocated - entrusted;
            // A co-funding line pays for units an earlier line of the program already counts.
            if scenario.counts_units_again(i) {
                continue;
            }
            for cell in allocation.cells_of(i) {
                let entry = units.entry((&line.program, cost)).or_insert(Some(0));
                *entry = match (*entry, cell.units) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
        }
        let mut groups = Vec::new();
        let mut programs = Vec::new();
        for group in GROUPS {
            let mut activities = Vec::new();
            for p in scenario.programs.iter().filter(|p| p.group == group) {
                let Some(known) = costs.get(&p.id) else { continue };
                // The program's own unit cost first, then the others in line order.
                let mut known = known.clone();
                known.sort_by_key(|c| *c != p.unit_cost);
                let several = known.len() > 1;
                for cost in known {
                    let Some(mut amounts) = by_cost.get(&(&p.id, cost)).copied() else { continue };
                    let quantity = units.get(&(&p.id, cost)).copied().flatten().filter(|q| *q > 0);
                    if let Some(q) = quantity {
                        // The households' own share of the unit cost (e.g. half the tuition
                        // fee of near-poor pupils): units × unit cost × (1 − state share).
                        let own = Decimal::ONE - p.state_share;
                        if own > Decimal::ZERO {
                            amounts[Funding::People.index()] +=
                                Dong::round(Decimal::from(q) * cost.to_decimal() * own).unwrap_or(Dong::ZERO);
                        }
                    }
                    let name = if several && cost != p.unit_cost {
                        format!("{} ({}/{})", p.name(lang), cost.format(lang), p.unit.name(lang))
                    } else {
                        p.name(lang).to_owned()
                    };
                    activities.push(Activity {
                        program: p.id.clone(),
                        name,
                        unit: p.unit.name(lang).to_owned(),
                        quantity,
                        unit_cost: quantity.map(|_| cost),
                        amounts,
                        lead: p.lead(lang).to_owned(),
                        note: format!("{} [{}]", p.note.text(lang), p.note.confidence.tag()),
                    });
                }
                programs.push((p.id.clone(), p.name(lang).to_owned()));
            }
            if !activities.is_empty() {
                groups.push(Group { title: group_title(group, lang).to_owned(), activities });
            }
        }
        // Money per place and program, in the proposal's column order, from the one roll-up.
        let rollup = crate::rollup::Rollup::of(scenario, dataset, allocation);
        let at: Vec<Option<usize>> = programs.iter().map(|(id, _)| rollup.program_index(id)).collect();
        let column = |f: &dyn Fn(usize) -> Dong| -> Vec<Dong> { at.iter().map(|p| p.map_or(Dong::ZERO, f)).collect() };
        let province = column(&|p| rollup.province_level(p));
        let districts = dataset
            .districts()
            .iter()
            .enumerate()
            .map(|(di, d)| {
                let rows: Vec<PlaceRow> = dataset
                    .communes()
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.district == d.code)
                    .map(|(ci, c)| PlaceRow {
                        code: format!("{:05}", c.code.0),
                        name: c.full_name(),
                        amounts: column(&|p| rollup.commune(p, ci)),
                    })
                    .collect();
                let DistrictCode(code) = d.code;
                DistrictBlock {
                    district: PlaceRow {
                        code: format!("{code:03}"),
                        name: d.full_name(),
                        amounts: column(&|p| rollup.district(p, di)),
                    },
                    communes: rows,
                }
            })
            .collect();
        let province_level = PlaceRow {
            code: String::new(),
            name: if vi { "Cấp tỉnh (chi tập trung)" } else { "Province level (spent centrally)" }.to_owned(),
            amounts: province,
        };
        let status = |s: Status| match (s, lang) {
            (Status::Likely, Lang::Vi) => "Nhiều khả năng đạt",
            (Status::Likely, Lang::En) => "Likely",
            (Status::Uncertain, Lang::Vi) => "Chưa chắc chắn",
            (Status::Uncertain, Lang::En) => "Uncertain",
            (Status::Unlikely, Lang::Vi) => "Khó đạt",
            (Status::Unlikely, Lang::En) => "Unlikely",
        };
        let targets = projection.map(|p| {
            p.scorecard
                .iter()
                .map(|t| TargetRow {
                    name: match t.level_remark(lang) {
                        Some(remark) => format!("{} ({remark})", t.id.name(lang)),
                        None => t.id.name(lang).to_owned(),
                    },
                    unit: t.unit,
                    plan: t.plan,
                    value: [t.value.p10, t.value.p50, t.value.p90],
                    probability: t.probability,
                    status: status(t.status).to_owned(),
                })
                .collect()
        });
        let poor_rate = projection.map(|p| {
            let b = p.province.poor_rate;
            [b.p10, b.p50, b.p90]
        });
        let published = dataset.published().len();
        let data_note = if let Some(o) = dataset.household_file() {
            let population = dataset.population().describe(lang);
            let kept = o.kept.len();
            // The figures under the file's counts: the commune file's, when there is one.
            let under = dataset.imported().map_or(String::new(), |f| match lang {
                Lang::Vi => format!(" Các số còn lại từ tệp số liệu xã “{f}”."),
                Lang::En => format!(" The other figures come from the commune file “{f}”."),
            });
            if vi {
                format!(
                    "Số hộ, nhân khẩu, hộ nghèo, cận nghèo… của {} xã TÍNH TỪ {population} (dấu vân tay {:016x}; mã số liệu {}); \
                     {kept} xã không có trong tệp giữ số của bộ số liệu; dự báo chạy trên các hộ của tệp. \
                     Người nhận liên kết cần nạp cùng tệp này.{under}",
                    dataset.communes().len() - kept,
                    o.fingerprint,
                    crate::link::fingerprint(dataset)
                )
            } else {
                format!(
                    "Households, people, poor, near-poor… of {} communes COUNTED FROM {population} (fingerprint {:016x}; \
                     data fingerprint {}); {kept} communes not in the file keep the dataset's counts; the projection \
                     runs on the file's households. Whoever opens the link must load the same file.{under}",
                    dataset.communes().len() - kept,
                    o.fingerprint,
                    crate::link::fingerprint(dataset)
                )
            }
        } else if let Some(file) = dataset.imported() {
            if vi {
                format!(
                    "Số liệu hộ, hộ nghèo, cận nghèo… của các xã NHẬP TỪ TỆP “{file}” (mã số liệu {}); \
                     tên, mã và loại đơn vị hành chính theo danh mục của Tổng cục Thống kê năm 2019. \
                     Người nhận liên kết cần nạp cùng tệp này.",
                    crate::link::fingerprint(dataset)
                )
            } else {
                format!(
                    "Commune households, poor, near-poor… IMPORTED FROM THE FILE “{file}” (data fingerprint {}); \
                     unit names, codes and kinds from the 2019 GSO list. Whoever opens the link must load the same file.",
                    crate::link::fingerprint(dataset)
                )
            }
        } else if vi {
            format!(
                "Bộ dữ liệu “{}”: tên, mã và loại đơn vị hành chính theo danh mục của Tổng cục Thống kê năm 2019; \
                 {published} số liệu đã công bố (dân số tỉnh, tỷ lệ nghèo của TP Thái Bình, Quỳnh Phụ và của tỉnh) là số thật; \
                 các số hộ, hộ nghèo, cận nghèo… của từng xã là số MINH HỌA được hiệu chỉnh theo các số đã công bố, \
                 không dùng thay cho số liệu rà soát.",
                dataset.id()
            )
        } else {
            format!(
                "Dataset “{}”: unit names, codes and kinds from the 2019 GSO list; {published} published figures \
                 (province population, the poverty rates of TP Thái Bình, Quỳnh Phụ and the province) are real; \
                 per-commune households, poor, near-poor… are ILLUSTRATIVE, calibrated to the published figures, \
                 not a substitute for review data.",
                dataset.id()
            )
        };
        Self {
            year,
            lang,
            province: dataset.province_name().to_owned(),
            groups,
            programs,
            districts,
            province_level,
            targets,
            poor_rate,
            draws: projection.map(|p| (p.draws, p.seed)),
            bands: projection.map(|p| p.band_meaning(lang)),
            assumptions: assumptions(scenario, lang),
            credit: crate::credit::CreditPlan::of(scenario, allocation, lang),
            link: link.to_owned(),
            dataset: (dataset.id().to_owned(), crate::link::fingerprint(dataset)),
            data_note,
        }
    }

    /// All funding columns of all lines.
    #[must_use]
    pub fn grand_total(&self) -> Amounts {
        let mut a = [Dong::ZERO; 8];
        for g in &self.groups {
            add(&mut a, &g.subtotal());
        }
        a
    }

    /// Everything: the sum of [`Proposal::grand_total`].
    #[must_use]
    pub fn total(&self) -> Dong {
        self.grand_total().iter().copied().sum()
    }

    /// The state-budget part of [`Proposal::grand_total`] (NSTW + NSĐP, the columns
    /// [`Funding::is_state_budget`]), the other columns zero: the subtotal Finance appraises.
    #[must_use]
    pub fn state_budget(&self) -> Amounts {
        let mut a = self.grand_total();
        for f in FUNDING.iter().filter(|f| !f.is_state_budget()) {
            a[f.index()] = Dong::ZERO;
        }
        a
    }

    /// The heading of the state-budget subtotal row.
    #[must_use]
    pub fn state_budget_label(&self) -> &'static str {
        self.lang.pick("Trong đó: ngân sách nhà nước (NSTW + NSĐP)", "Of which state budget (central + local)")
    }

    /// The grand total in words, as the forms write it under the summary table:
    /// "Bằng chữ: Một nghìn … đồng." ([`crate::words::in_words`]).
    #[must_use]
    pub fn total_in_words(&self) -> String {
        let words = crate::words::in_words(self.total(), self.lang);
        format!("{} {words}.", self.lang.pick("Bằng chữ:", "In words:"))
    }

    /// Per program, all places (districts' communes and province level).
    #[must_use]
    pub fn program_totals(&self) -> Vec<Dong> {
        let mut sum = self.province_level.amounts.clone();
        for d in &self.districts {
            for (s, a) in sum.iter_mut().zip(&d.district.amounts) {
                *s += *a;
            }
        }
        sum
    }
}

/// A table as rows of cells, for CSV.
pub type Table = Vec<Vec<String>>;

/// The tables of the proposal as CSV files: (file name, contents with a UTF-8 BOM, CRLF line
/// ends, numbers without grouping so spreadsheets read them as numbers).
#[must_use]
pub fn csv_files(p: &Proposal) -> Vec<(&'static str, String)> {
    let vi = p.lang == Lang::Vi;
    let n = |d: Dong| d.get().to_string();
    let mut summary: Table = Vec::new();
    let mut head: Vec<String> = vec![
        if vi { "STT" } else { "No." }.into(),
        if vi { "Nội dung" } else { "Item" }.into(),
        if vi { "Đơn vị tính" } else { "Unit" }.into(),
        if vi { "Số lượng" } else { "Quantity" }.into(),
        if vi { "Đơn giá (đồng)" } else { "Unit cost (đồng)" }.into(),
        if vi { "Tổng kinh phí (đồng)" } else { "Total (đồng)" }.into(),
    ];
    for f in FUNDING {
        let name = match f {
            Funding::Province | Funding::District | Funding::Commune => {
                format!("{}: {}", if vi { "Ngân sách địa phương" } else { "Local budget" }, f.name(p.lang))
            }
            _ => f.name(p.lang).to_owned(),
        };
        head.push(name);
    }
    head.push(if vi { "Cơ quan chủ trì" } else { "Lead agency" }.into());
    head.push(if vi { "Ghi chú" } else { "Notes" }.into());
    summary.push(head);
    let money_row =
        |no: String, name: String, unit: String, q: String, c: String, a: &Amounts, lead: String, note: String| {
            let mut r = vec![no, name, unit, q, c, n(a.iter().copied().sum())];
            r.extend(a.iter().map(|x| n(*x)));
            r.push(lead);
            r.push(note);
            r
        };
    summary.push(money_row(
        String::new(),
        if vi { "TỔNG CỘNG" } else { "TOTAL" }.into(),
        String::new(),
        String::new(),
        String::new(),
        &p.grand_total(),
        String::new(),
        String::new(),
    ));
    // The state-budget subtotal: its total and the budget columns; the others left blank.
    let mut subtotal = money_row(
        String::new(),
        p.state_budget_label().into(),
        String::new(),
        String::new(),
        String::new(),
        &p.state_budget(),
        String::new(),
        String::new(),
    );
    for f in FUNDING.iter().filter(|f| !f.is_state_budget()) {
        subtotal[6 + f.index()] = String::new();
    }
    summary.push(subtotal);
    for (i, g) in p.groups.iter().enumerate() {
        summary.push(money_row(
            roman(i + 1),
            g.title.clone(),
            String::new(),
            String::new(),
            String::new(),
            &g.subtotal(),
            String::new(),
            String::new(),
        ));
        for (j, a) in g.activities.iter().enumerate() {
            summary.push(money_row(
                (j + 1).to_string(),
                a.name.clone(),
                a.unit.clone(),
                a.quantity.map(|q| q.to_string()).unwrap_or_default(),
                a.unit_cost.map(n).unwrap_or_default(),
                &a.amounts,
                a.lead.clone(),
                a.note.clone(),
            ));
        }
    }
    let place_head = |first: &str| {
        let mut h = vec![if vi { "Mã" } else { "Code" }.to_owned(), first.to_owned()];
        h.extend(p.programs.iter().map(|(_, name)| name.clone()));
        h.push(if vi { "Tổng cộng" } else { "Total" }.into());
        h
    };
    let place_row = |r: &PlaceRow| {
        let mut v = vec![r.code.clone(), r.name.clone()];
        v.extend(r.amounts.iter().map(|a| n(*a)));
        v.push(n(r.total()));
        v
    };
    let total_row = || {
        let totals = p.program_totals();
        let mut v = vec![String::new(), if vi { "Tổng cộng" } else { "Total" }.to_owned()];
        v.extend(totals.iter().map(|a| n(*a)));
        v.push(n(totals.iter().copied().sum()));
        v
    };
    let mut districts: Table = vec![place_head(if vi { "Huyện, thành phố" } else { "District" })];
    districts.extend(p.districts.iter().map(|d| place_row(&d.district)));
    districts.push(place_row(&p.province_level));
    districts.push(total_row());
    let mut communes: Table = vec![place_head(if vi { "Xã, phường, thị trấn" } else { "Commune" })];
    for d in &p.districts {
        communes.push(place_row(&d.district));
        communes.extend(d.communes.iter().map(place_row));
    }
    communes.push(place_row(&p.province_level));
    communes.push(total_row());
    let mut targets: Table = vec![vec![
        if vi { "Chỉ tiêu" } else { "Target" }.into(),
        if vi { "Kế hoạch" } else { "Plan" }.into(),
        if vi { "Đơn vị" } else { "Unit" }.into(),
        "P10".into(),
        if vi { "Dự báo (trung vị)" } else { "Projected (median)" }.into(),
        "P90".into(),
        if vi { "Xác suất đạt" } else { "Probability met" }.into(),
        if vi { "Đánh giá" } else { "Status" }.into(),
    ]];
    for t in p.targets.iter().flatten() {
        let unit = target_unit(t.unit, p.lang);
        let mut r = vec![t.name.clone(), t.plan.normalize().to_string(), unit.into()];
        r.extend(t.value.iter().map(|v| v.normalize().to_string()));
        r.push(t.probability.normalize().to_string());
        r.push(t.status.clone());
        targets.push(r);
    }
    let mut assumptions: Table = vec![vec![
        if vi { "Tham số" } else { "Parameter" }.into(),
        if vi { "Giá trị" } else { "Value" }.into(),
        if vi { "Nguồn" } else { "Source" }.into(),
        if vi { "Độ tin cậy" } else { "Confidence" }.into(),
    ]];
    for a in &p.assumptions {
        assumptions.push(vec![a.name.clone(), a.value.clone(), a.source.clone(), a.confidence.clone()]);
    }
    assumptions.push(vec![
        if vi { "Liên kết kịch bản" } else { "Scenario link" }.into(),
        p.link.clone(),
        String::new(),
        String::new(),
    ]);
    assumptions.push(vec![
        if vi { "Bộ dữ liệu" } else { "Dataset" }.into(),
        format!("{} ({})", p.dataset.0, p.dataset.1),
        p.data_note.clone(),
        String::new(),
    ]);
    let mut credit: Table = vec![crate::credit::CreditPlan::headings(p.lang).iter().map(|h| (*h).to_owned()).collect()];
    for c in p.credit.programs.iter().chain(std::iter::once(&p.credit.total)) {
        let mut r = vec![c.name.clone()];
        r.extend(c.columns().iter().map(i128::to_string));
        credit.push(r);
    }
    vec![
        ("du-toan-tong-hop.csv", to_csv(&summary)),
        ("tin-dung.csv", to_csv(&credit)),
        ("theo-huyen.csv", to_csv(&districts)),
        ("theo-xa.csv", to_csv(&communes)),
        ("chi-tieu.csv", to_csv(&targets)),
        ("gia-dinh.csv", to_csv(&assumptions)),
    ]
}

/// What a target's numbers count, for headings.
#[must_use]
pub fn target_unit(unit: TargetUnit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (TargetUnit::Points, Lang::Vi) => "điểm %",
        (TargetUnit::Points, Lang::En) => "points",
        (TargetUnit::Share, Lang::Vi) => "tỷ lệ (0–1)",
        (TargetUnit::Share, Lang::En) => "share (0–1)",
        (TargetUnit::Communes, Lang::Vi) => "xã",
        (TargetUnit::Communes, Lang::En) => "communes",
    }
}

/// I, II, III, IV… for group numbers.
#[must_use]
pub fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in NUMERALS {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Rows as CSV text with a UTF-8 BOM (Excel then shows Vietnamese correctly) and CRLF.
#[must_use]
pub fn to_csv(rows: &Table) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        let cells: Vec<String> =
            row.iter()
                .map(|c| {
                    if c.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
