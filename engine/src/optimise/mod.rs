//! The optimiser: "what would it take?" (`docs/optimiser.md`).
//!
//! Two questions about the first year of a scenario:
//! - **impact**: the allocation of the adjustable lines that does the most for an
//!   [`Objective`] within the sources' money;
//! - **cost**: the least state budget (the province-held grants) that reaches chosen targets
//!   in expectation, with the credit capacity and the local funds as given.
//!
//! The money it moves is that of the **adjustable lines**: lines (existing, or new ones a
//! source's uses allow) of a program whose effect the household model knows and that is not
//! an entitlement, spread by a criteria, demand or planned rule. Entitlements, province-level
//! lines, programs without a modelled effect and locked cells stay exactly as they are.
//!
//! Its coefficients come from the projection's own model: [`Model::new`] on the scenario with
//! the adjustable lines emptied gives every household's state after what is fixed; each line's
//! candidates per commune come in the targeting order of [`Model::order`] (the same function the
//! projection targets with), and each household's change in the probability of ending poor (and
//! near-poor, and with access) is an expected value under the model's own growth, shock and
//! gain distributions, approximated as normal ([`Dynamics`]). The linear programme is solved by
//! Clarabel through `good_lp`; whole units come from rounding the solution by largest remainder.

mod lp;
mod model;
mod report;
mod round;

use crate::dataset::Dataset;
use crate::format::Lang;
use crate::households::Households;
use crate::money::Dong;
use crate::scenario::Scenario;
use crate::standard::PovertyStandard;
use serde::{Deserialize, Serialize};

/// Which question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The most for the objective within the sources' money.
    Impact,
    /// The least province budget that reaches the chosen targets.
    Cost,
}

/// What "most" means in impact mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Expected households leaving poverty.
    Exits,
    /// The province's poor-household rate: expected poor households at the end, fewer (exits
    /// and entries prevented).
    Rate,
    /// Expected xã of the new-rural target meeting the poverty criterion (each xã's gap closed,
    /// up to the whole gap).
    Ntm,
    /// The access targets: each target's gap closed, up to the whole gap.
    Access,
    /// A weighted mix of the rate target's gap, the xã and the access targets ([`Weights`]).
    Mix,
}

/// Weights of [`Objective::Mix`]: each term is the share of its target's gap closed (0–1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    /// The 0.5-point reduction.
    pub rate: u32,
    /// The new-rural criterion in every xã.
    pub ntm: u32,
    /// The access targets.
    pub access: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self { rate: 1, ntm: 1, access: 1 }
    }
}

/// Targets the cost mode must reach, in expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goals {
    /// Poor-household rate down ≥ 0.5 points.
    pub rate: bool,
    /// Every xã of the new-rural target at or below the criterion.
    pub ntm: bool,
    /// Every access target.
    pub access: bool,
}

impl Default for Goals {
    fn default() -> Self {
        Self { rate: true, ntm: true, access: false }
    }
}

/// A question for the optimiser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Impact or cost.
    pub mode: Mode,
    /// The objective (impact mode).
    pub objective: Objective,
    /// Weights of the mix.
    #[serde(default)]
    pub weights: Weights,
    /// The targets (cost mode).
    #[serde(default)]
    pub goals: Goals,
}

/// What the optimiser is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Preparing the model and each line's candidates.
    Coefficients,
    /// Solving the linear programme.
    Solving,
    /// Whole units and the optimised scenario.
    Rounding,
}

/// Expected outcomes of an allocation under the optimiser's linear model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Predicted {
    /// Poor households at the end of the year.
    pub poor: f64,
    /// Households leaving poverty.
    pub exits: f64,
    /// The fall of the poor-household rate, points.
    pub reduction_points: f64,
    /// Xã of the new-rural target whose expected rate meets the criterion.
    pub ntm_meeting: u32,
    /// Access shares among poor and near-poor households, in [`Access::ALL`] order.
    pub access: [f64; 5],
    /// The objective's value.
    pub objective: f64,
}

/// One source's money on the adjustable lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceUse {
    /// The source.
    pub source: String,
    /// What its adjustable lines hold now.
    pub before: Dong,
    /// What they hold in the optimised scenario.
    pub after: Dong,
    /// What it has for them (after its fixed lines and locked cells); absent in cost mode for a
    /// province grant (its amount is what is being found).
    pub budget: Option<Dong>,
    /// The objective gained per 1 tỷ đồng more from it (impact), or the cost added per 1 tỷ
    /// of it (cost mode, a negative saving); 0 when it does not bind.
    pub price: f64,
    /// The shadow price in words.
    pub message_vi: String,
    /// In English.
    pub message_en: String,
}

/// A constraint that binds at the optimum, with its price in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    /// What kind of constraint: `source`, `locality`, `cap`, `floor`, `target_rate`,
    /// `target_ntm`, `target_access`.
    pub kind: String,
    /// Its shadow price (objective per 1 tỷ đồng, or tỷ đồng per unit of a target).
    pub price: f64,
    /// In Vietnamese.
    pub message_vi: String,
    /// In English.
    pub message_en: String,
}

/// What rounding to whole units did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rounding {
    /// The objective of the continuous solution.
    pub continuous: f64,
    /// The objective of the whole units, filled in the targeting order.
    pub whole_units: f64,
    /// Money the continuous solution placed that whole units leave on the sources.
    pub money_left: Dong,
}

/// Money by kind of source (cost mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindTotal {
    /// Central, local or mobilised.
    pub kind: String,
    /// The scenario's amount now.
    pub before: Dong,
    /// What it would take.
    pub after: Dong,
}

/// The optimiser's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The question.
    pub request: Request,
    /// The year optimised.
    pub year: u16,
    /// The optimised scenario (every year; the optimised year changed).
    pub scenario: Scenario,
    /// The current scenario under the linear model.
    pub before: Predicted,
    /// The optimised scenario's whole units under the linear model: the LP's prediction.
    pub after: Predicted,
    /// Each source with adjustable money.
    pub sources: Vec<SourceUse>,
    /// The constraints that bind, by price.
    pub binding: Vec<Binding>,
    /// Rounding to whole units.
    pub rounding: Rounding,
    /// Cost mode: the money by kind, now and what it would take.
    pub kinds: Vec<KindTotal>,
    /// What the answer leaves out, and why.
    pub notes: Vec<Message>,
    /// Adjustable lines (pairs of a source and a program).
    pub lines: usize,
    /// Size of the linear programme.
    pub variables: usize,
    /// Its constraints (variable bounds included).
    pub constraints: usize,
}

/// A remark on the answer, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// In Vietnamese.
    pub message_vi: String,
    /// In English.
    pub message_en: String,
}

/// Why the optimiser gives no plan; the scenario is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// In Vietnamese.
    pub message_vi: String,
    /// In English.
    pub message_en: String,
}

impl Refusal {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self { message_vi: vi.into(), message_en: en.into() }
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_vi, &self.message_en)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_en)
    }
}

impl std::error::Error for Refusal {}

/// One tỷ đồng: the unit of money in the linear programme.
const TY: f64 = 1e9;
/// Weight of the secondary term (expected poor households fewer) that spends money a capped
/// objective no longer needs on its best use.
const EPSILON: f64 = 1e-6;

/// Expected changes from reaching households, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Delta {
    /// Expected poor households fewer at the end.
    pub(crate) poor: f64,
    /// Of them, poor at the start (exits).
    pub(crate) exits: f64,
    /// Of them, not on social protection (the new-rural criterion's count).
    pub(crate) ntm: f64,
    /// Expected poor-or-near-poor households with access more, per access kind.
    pub(crate) access: [f64; 5],
    /// Expected poor-or-near-poor households more (the access shares' denominator).
    pub(crate) pn: f64,
}

impl Delta {
    pub(crate) fn add(&mut self, o: &Delta) {
        self.poor += o.poor;
        self.exits += o.exits;
        self.ntm += o.ntm;
        for (a, b) in self.access.iter_mut().zip(o.access) {
            *a += b;
        }
        self.pn += o.pn;
    }

    /// Whether it changes nothing the optimiser counts.
    pub(crate) fn is_nothing(&self) -> bool {
        const TINY: f64 = 1e-12;
        self.poor.abs() < TINY && self.pn.abs() < TINY && self.access.iter().all(|a| a.abs() < TINY)
    }

    pub(crate) fn scaled(&self, f: f64) -> Delta {
        Delta {
            poor: self.poor * f,
            exits: self.exits * f,
            ntm: self.ntm * f,
            access: self.access.map(|a| a * f),
            pn: self.pn * f,
        }
    }
}

/// The optimiser's answer for `scenario`'s first year; `households` is the population the
/// projection uses. `progress` is told each stage.
///
/// # Errors
/// A [`Refusal`] when the question has no answer (targets out of reach, floors above the
/// money, an entitlement short of its legal cost, nothing adjustable, the solver failing),
/// saying why in both languages; the scenario is unchanged.
pub fn optimise(
    scenario: &Scenario,
    dataset: &Dataset,
    households: &Households,
    standard: &PovertyStandard,
    request: &Request,
    progress: &mut dyn FnMut(Stage),
) -> Result<Plan, Refusal> {
    progress(Stage::Coefficients);
    let year = crate::scenario::FIRST_YEAR;
    let built = model::build(&scenario.first_year(), dataset, households, standard, request)?;
    let problem = &built.problem;
    if request.mode == Mode::Cost {
        refuse_unreachable(problem, request, dataset)?;
    }
    progress(Stage::Solving);
    let solved = lp::solve(problem, request).map_err(|f| match f {
        lp::Failure::Infeasible => infeasible(request, &built),
        lp::Failure::Solver(e) => Refusal::new(
            format!("Bộ giải không tìm được lời giải ({e}); kịch bản không thay đổi."),
            format!("The solver found no solution ({e}); the scenario is unchanged."),
        ),
    })?;
    progress(Stage::Rounding);
    let (mut units, money_left) = round::whole_units(problem, &solved, request.mode, dataset);
    let mut notes = built.notes.clone();
    // Whole units filled in the targeting order keep what the continuous answer reached: in
    // cost mode the chosen targets, for the xã objective the xã it brought to the criterion.
    let gaps = &problem.gaps;
    let targets: Vec<(lp::Which, f64)> = match (request.mode, request.objective) {
        (Mode::Cost, _) => {
            let g = request.goals;
            let mut t = Vec::new();
            if g.rate && gaps.rate > 0.0 {
                t.push((lp::Which::Rate, gaps.rate));
            }
            if g.ntm {
                t.extend(
                    (0..problem.communes).filter(|&c| gaps.ntm[c] > 0.0).map(|c| (lp::Which::Ntm(c), gaps.ntm[c])),
                );
            }
            if g.access {
                t.extend((0..5).filter(|&a| gaps.access[a] > 0.0).map(|a| (lp::Which::Access(a), gaps.access[a])));
            }
            t
        }
        (Mode::Impact, Objective::Ntm) => (0..problem.communes)
            .filter(|&c| gaps.ntm[c] > 0.0 && report::ntm_reached(problem, &solved.q, c) >= gaps.ntm[c] - 1e-6)
            .map(|c| (lp::Which::Ntm(c), gaps.ntm[c]))
            .collect(),
        _ => Vec::new(),
    };
    let mut wallet = round::Wallet::after(problem, &units);
    if let Some(m) = round::repair(&mut units, problem, &targets, &mut wallet, dataset) {
        if request.mode == Mode::Cost {
            notes.push(m);
        }
    }
    let out = report::scenario(&built, &units, request, dataset);
    let kinds = if request.mode == Mode::Cost { report::kinds(&built.view, &out) } else { Vec::new() };
    let mut whole = scenario.clone();
    whole.set_year(year, out).map_err(|e| Refusal::new(e.message(Lang::Vi), e.message(Lang::En)))?;
    let now = |a: usize, c: usize| built.lines[a].now[c] as f64;
    let new = |a: usize, c: usize| units[a][c] as f64;
    let continuous = |a: usize, c: usize| solved.q[a][c];
    let before = report::predict(problem, &built.base, &now, request, dataset);
    let after = report::predict(problem, &built.base, &new, request, dataset);
    let lp_value = report::predict(problem, &built.base, &continuous, request, dataset);
    Ok(Plan {
        request: *request,
        year,
        scenario: whole,
        before,
        after,
        sources: report::sources(&built, &solved, &units, request),
        binding: report::binding(&built, &solved, &units, request, dataset),
        rounding: Rounding {
            continuous: lp_value.objective,
            whole_units: after.objective,
            money_left: Dong::new(money_left.max(0)),
        },
        kinds,
        notes,
        lines: problem.pairs.len(),
        variables: solved.variables,
        constraints: solved.constraints,
    })
}

/// Refuses a cost-mode question whose targets no money can reach: even every eligible
/// household reached by every adjustable line.
fn refuse_unreachable(problem: &lp::Problem, request: &Request, dataset: &Dataset) -> Result<(), Refusal> {
    let communes = dataset.communes();
    let all: Vec<Delta> = (0..problem.communes)
        .map(|c| {
            let mut d = Delta::default();
            for (pi, pool) in problem.pools.iter().enumerate() {
                if problem.pairs.iter().any(|p| p.pool == pi && p.open[c]) {
                    pool[c].iter().for_each(|piece| d.add(&piece.delta));
                }
            }
            d
        })
        .collect();
    let gaps = &problem.gaps;
    let n0 = |x: f64, lang| report::number(x, 0, lang);
    if request.goals.rate && gaps.rate > 0.0 {
        let most: f64 = all.iter().map(|d| d.poor).sum();
        if most < gaps.rate {
            return Err(Refusal::new(
                format!("Không thể đạt chỉ tiêu giảm 0,5 điểm %: kể cả khi mọi hộ đủ điều kiện đều được mọi dòng điều chỉnh được hỗ trợ, số hộ nghèo dự kiến chỉ giảm thêm khoảng {} hộ, trong khi cần {} hộ.", n0(most, Lang::Vi), n0(gaps.rate, Lang::Vi)),
                format!("The 0.5-point reduction is out of reach: even with every eligible household reached by every adjustable line, expected poor households fall by only about {} more, and {} are needed.", n0(most, Lang::En), n0(gaps.rate, Lang::En)),
            ));
        }
    }
    if request.goals.ntm {
        let out: Vec<String> = (0..problem.communes)
            .filter(|&c| gaps.ntm[c] > 0.0 && all[c].ntm < gaps.ntm[c])
            .map(|c| communes[c].full_name())
            .collect();
        if !out.is_empty() {
            let names = out.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let (more_vi, more_en) = if out.len() > 5 {
                (format!(" và {} xã khác", out.len() - 5), format!(" and {} more", out.len() - 5))
            } else {
                (String::new(), String::new())
            };
            return Err(Refusal::new(
                format!("Không thể đưa mọi xã đạt tiêu chí nghèo nông thôn mới: {} xã vẫn chưa đạt kể cả khi mọi hộ đủ điều kiện đều được hỗ trợ ({names}{more_vi}). Hãy bỏ chọn chỉ tiêu này hoặc xem lại ngưỡng của tiêu chí.", out.len()),
                format!("Not every xã can meet the new-rural poverty criterion: {} stay above it even with every eligible household reached ({names}{more_en}). Untick that target or check the criterion's threshold.", out.len()),
            ));
        }
    }
    if request.goals.access {
        for (a, gap) in gaps.access.iter().enumerate() {
            let most: f64 = all.iter().map(|d| gaps.access_term(d, a)).sum();
            if *gap > 0.0 && most < *gap {
                let k = crate::params::Access::ALL[a];
                let level = format!("{} %", n0(gaps.levels[a] * 100.0, Lang::En));
                return Err(Refusal::new(
                    format!("Không thể đạt chỉ tiêu “{}” ở mức {}: kể cả khi mọi hộ đủ điều kiện đều được hỗ trợ, các dòng điều chỉnh được không đủ để đạt.", k.label(Lang::Vi), level),
                    format!("The target “{}” of {} is out of reach: even with every eligible household reached, the adjustable lines fall short.", k.label(Lang::En), level),
                ));
            }
        }
    }
    Ok(())
}

/// Why a question the checks above let through has no solution.
fn infeasible(request: &Request, built: &model::Built) -> Refusal {
    let floors: Vec<String> = built
        .problem
        .pairs
        .iter()
        .zip(&built.lines)
        .filter(|(p, _)| p.floor > Dong::ZERO)
        .map(|(p, l)| format!("{} → {}", built.view.sources[p.source].id, l.program))
        .collect();
    let floors = floors.join(", ");
    match request.mode {
        Mode::Impact => Refusal::new(
            format!("Không có phương án thỏa mọi ràng buộc: mức tối thiểu mỗi xã ({floors}) hoặc các ô cố định cần nhiều tiền hơn nguồn có. Hãy hạ mức tối thiểu hoặc bỏ cố định rồi chạy lại."),
            format!("No allocation meets every constraint: the per-commune floors ({floors}) or the locked cells need more than the sources hold. Lower the floors or unlock cells and run it again."),
        ),
        Mode::Cost => Refusal::new(
            "Không có phương án đạt các chỉ tiêu đã chọn: quỹ của các huyện, xã, các ô cố định hoặc mức tối thiểu mỗi xã không cho phép. Hãy bỏ bớt chỉ tiêu hoặc nới các ràng buộc đó.",
            "No plan reaches the chosen targets: the districts' and communes' funds, the locked cells or the per-commune floors do not allow it. Untick a target or relax those constraints.",
        ),
    }
}
