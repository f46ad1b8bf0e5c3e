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

use crate::allocation::{allocate, LocalFund};
use crate::dataset::{CommuneCode, Dataset};
use crate::format::{group, Lang};
use crate::funding::{Level, LoanPurpose, SourceKind};
use crate::households::{flag, Households};
use crate::line::{Line, Planned, Rule};
use crate::money::Dong;
use crate::params::{Access, Consumption, Group};
use crate::program::{CommuneFilter, ProgramId};
use crate::proposal::Funding;
use crate::rng::{Purpose, Stream};
use crate::scenario::Scenario;
use crate::simulation::{mask, Lender, LoanUse, Model};
use crate::standard::{CompiledArea, PovertyStandard};
use good_lp::solvers::clarabel::clarabel;
use good_lp::solvers::DualValues;
use good_lp::IntoAffineExpression;
use good_lp::{
    variable, constraint::ConstraintReference, Constraint, Expression, ProblemVariables, Solution, SolutionWithDual,
    SolverModel, Variable,
};
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
/// The most a province grant may hold in cost mode, tỷ đồng (bounds every variable).
const COST_CAP_TY: f64 = 1e6;

/// Expected changes from reaching households, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Delta {
    /// Expected poor households fewer at the end.
    poor: f64,
    /// Of them, poor at the start (exits).
    exits: f64,
    /// Of them, not on social protection (the new-rural criterion's count).
    ntm: f64,
    /// Expected poor-or-near-poor households with access more, per access kind.
    access: [f64; 5],
    /// Expected poor-or-near-poor households more (the access shares' denominator).
    pn: f64,
}

impl Delta {
    fn add(&mut self, o: &Delta) {
        self.poor += o.poor;
        self.exits += o.exits;
        self.ntm += o.ntm;
        for (a, b) in self.access.iter_mut().zip(o.access) {
            *a += b;
        }
        self.pn += o.pn;
    }

    fn scaled(&self, f: f64) -> Delta {
        Delta {
            poor: self.poor * f,
            exits: self.exits * f,
            ntm: self.ntm * f,
            access: self.access.map(|a| a * f),
            pn: self.pn * f,
        }
    }
}

/// A run of a line's candidates in one commune: its units and what they do in all.
#[derive(Debug, Clone, Copy, Default)]
struct Piece {
    units: f64,
    delta: Delta,
}

/// Candidates reached the same way (a program's effect, the groups, the loan's terms): the lines
/// of one pool share its households.
struct Pool {
    effect: usize,
    /// The deprivations it removes.
    removes: u16,
    groups: Vec<Group>,
    loan: Option<LoanUse>,
    /// Per commune, the pieces in the targeting order (one per bucket of [`Model::order`]).
    pieces: Vec<Vec<Piece>>,
}

/// An adjustable line: an existing one, or a new one a source's uses allow.
struct Pair {
    line: Option<usize>,
    source: usize,
    program: ProgramId,
    pool: usize,
    unit_cost: i64,
    filter: CommuneFilter,
    floor: Dong,
    cap: Option<Dong>,
    /// Units in each commune now (locked cells excluded).
    now: Vec<u64>,
}

/// The model's dynamics as normal distributions (`docs/optimiser.md`).
struct Dynamics {
    growth_mean: f64,
    growth_sd: f64,
    shock: f64,
    shock_escaped: f64,
    loss_mean: f64,
    loss_sd: f64,
}

impl Dynamics {
    /// P(end income ≤ `line`) for a start income `y`, with other gains of mean `mean` and
    /// variance `var`.
    fn below(&self, y: f64, (mean, var): (f64, f64), line: Option<u32>, escaped: bool) -> f64 {
        let Some(line) = line else { return 0.0 };
        let t = f64::from(line) + 0.5;
        let shock = if escaped { self.shock_escaped } else { self.shock };
        let g = self.growth_mean;
        let (gs, lm, ls) = (self.growth_sd, self.loss_mean, self.loss_sd);
        let m0 = y * g + mean;
        let v0 = y * y * gs * gs + var;
        let x = 1.0 - lm;
        let m1 = y * g * x + mean;
        let v1 = y * y * (gs * gs * (x * x + ls * ls) + g * g * ls * ls) + var;
        (1.0 - shock) * normal_below(t, m0, v0) + shock * normal_below(t, m1, v1)
    }
}

/// P(X ≤ t) for X ~ N(m, v).
fn normal_below(t: f64, m: f64, v: f64) -> f64 {
    if v <= 0.0 {
        return if m <= t { 1.0 } else { 0.0 };
    }
    phi((t - m) / sqrt(v))
}

/// √x by Newton's method from the bit-halved exponent (basic operations only: the same bits
/// natively and in wasm).
fn sqrt(x: f64) -> f64 {
    // IEEE 754 square root is correctly rounded everywhere.
    x.sqrt()
}

/// The standard normal distribution function, Abramowitz & Stegun 26.2.17 (error < 7.5e-8),
/// from basic operations only.
fn phi(x: f64) -> f64 {
    if x < 0.0 {
        return 1.0 - phi(-x);
    }
    if x > 12.0 {
        return 1.0;
    }
    let t = 1.0 / (1.0 + 0.231_641_9 * x);
    let poly = t * (0.319_381_530 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    1.0 - 0.398_942_280_401_432_7 * exp_neg(-0.5 * x * x) * poly
}

/// eˣ for x ≤ 0 by range reduction and a Taylor polynomial (basic operations only).
fn exp_neg(x: f64) -> f64 {
    if x < -700.0 {
        return 0.0;
    }
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0;
    for i in (1..=13).rev() {
        p = 1.0 + p * r / f64::from(i);
    }
    // 2^k exactly, k ≥ −1010.
    let two_k = f64::from_bits(((1023 + k as i64) as u64) << 52);
    p * two_k
}

/// The income lines of an area's poor and poor-or-near-poor classes for a deprivation count.
fn lines_for(area: &CompiledArea, count: u8) -> (Option<u32>, Option<u32>) {
    let best = |cs: &[(u32, u8)]| cs.iter().filter(|(_, k)| *k <= count).map(|(l, _)| *l).max();
    let poor = best(&area.poor);
    let near = best(&area.near);
    (poor, poor.max(near))
}

/// Everything prepared once: the fixed state's household probabilities and the pools.
struct Prepared<'m> {
    model: Model<'m>,
    dynamics: Dynamics,
    areas: Vec<CompiledArea>,
    /// Each household's other gains (mean, variance) in the fixed state.
    other: Vec<(f64, f64)>,
}

impl Prepared<'_> {
    /// (P(poor), P(poor or near-poor)) of household `i` with deprivations `dep` and extra gains.
    fn probabilities(&self, i: usize, dep: u16, extra: (f64, f64)) -> (f64, f64) {
        let m = &self.model;
        let count = dep.count_ones() as u8;
        let (poor_line, pn_line) = lines_for(&self.areas[i], count);
        let y = f64::from(m.income[i]);
        let (om, ov) = self.other[i];
        let g = (om + extra.0, ov + extra.1);
        let escaped = m.flags[i] & flag::ESCAPED != 0;
        (self.dynamics.below(y, g, poor_line, escaped), self.dynamics.below(y, g, pn_line, escaped))
    }
}

/// The optimiser's answer for `scenario`'s first year; `households` is the population the
/// projection uses. `progress` is told each stage.
///
/// # Errors
/// A [`Refusal`] when the question has no answer (targets out of reach, floors above the
/// money, a later year, an entitlement short of its legal cost, nothing adjustable, the solver
/// failing), saying why in both languages.
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
    let view = scenario.first_year();
    let allocation = allocate(&view, dataset);
    if let Some(e) = allocation.entitlements.iter().find(|e| e.shortfall > Dong::ZERO) {
        let name = view.program(&e.program).map_or_else(|| (e.program.0.clone(), e.program.0.clone()), |p| {
            (p.name_vi.clone(), p.name_en.clone())
        });
        return Err(Refusal::new(
            format!("Chế độ “{}” còn thiếu {} so với chi phí theo quy định: công cụ tối ưu bố trí đủ các chế độ trước, hãy tăng dòng của chế độ này rồi chạy lại.", name.0, e.shortfall.format(Lang::Vi)),
            format!("The entitlement “{}” is {} short of its legal cost: the optimiser funds entitlements first; raise its line and run it again.", name.1, e.shortfall.format(Lang::En)),
        ));
    }
    let params = &view.simulation;
    let effect_of = |p: &ProgramId| params.effects.iter().position(|e| &e.program == p);
    let adjustable_program = |p: &ProgramId| view.program(p).is_some_and(|p| !p.entitlement) && effect_of(p).is_some();
    // In cost mode the credit is as planned: its lines are fixed, and only grants are found.
    let adjustable_source = |s: &crate::funding::SourceId| {
        request.mode == Mode::Impact || view.source(s).is_some_and(|s| s.kind == SourceKind::Grant)
    };
    let adjustable_rule = |r: &Rule| matches!(r, Rule::Criteria(_) | Rule::Demand(_) | Rule::Planned(_));
    let communes = dataset.communes();
    let n = communes.len();

    // The fixed scenario: every adjustable line holds only its locked cells.
    let mut fixed = view.clone();
    let mut adjustable_lines = Vec::new();
    for (i, line) in fixed.lines.iter_mut().enumerate() {
        if adjustable_program(&line.program) && adjustable_rule(&line.rule) && adjustable_source(&line.source) {
            let (filter, floor, cap) = limits(&line.rule);
            let locked: Dong = view
                .overrides
                .iter()
                .filter(|o| o.source == line.source && o.program == line.program)
                .map(|o| o.amount)
                .sum();
            line.amount = locked;
            let unit_cost = line.rule.unit_cost();
            line.rule =
                Rule::Planned(Planned { communes: filter, floor, cap, unit_cost, commune: vec![], units: vec![] });
            adjustable_lines.push(i);
        }
    }
    let fixed_allocation = allocate(&fixed, dataset);
    let model = Model::new(dataset, standard, households, &fixed, &fixed_allocation);
    let g = &params.income_growth;
    let sh = &params.shocks;
    let dynamics = Dynamics {
        growth_mean: 1.0 + f64::from(g.mean_bp) / 1e4,
        growth_sd: f64::from(g.sd_bp) / 1e4,
        shock: f64::from(sh.probability_bp) / 1e4,
        shock_escaped: f64::from(sh.probability_escaped_bp) / 1e4,
        loss_mean: f64::from(sh.loss.mean_bp) / 1e4,
        loss_sd: f64::from(sh.loss.sd_bp) / 1e4,
    };
    let compiled = standard.compiled();
    let mut areas = vec![*compiled.of(crate::dataset::Area::Rural); households.len()];
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n];
    for s in households.segments() {
        for r in s.start..s.end {
            areas[r as usize] = *compiled.of(s.area);
        }
        rows[s.commune as usize].extend(
            (s.start..s.end)
                .filter(|&r| model.base[r as usize] != 0 || model.flags[r as usize] & flag::ESCAPED != 0),
        );
    }
    let mut other: Vec<(f64, f64)> = model
        .gain_mean
        .iter()
        .zip(&model.gain_scale)
        .map(|(&m, &s)| (f64::from(m), (f64::from(s) / 2.0).powi(2)))
        .collect();
    for l in &model.loans {
        let keep = 1.0 - f64::from(l.fails) / 65_535.0;
        let o = &mut other[l.row as usize];
        o.0 += keep * f64::from(l.mean) - f64::from(l.interest);
        o.1 += keep * (f64::from(l.scale) / 2.0).powi(2);
    }
    let prepared = Prepared { model, dynamics, areas, other };
    let m = &prepared.model;

    // The fixed state's expectations, household by household.
    let access_masks: [u16; 5] = Access::ALL.map(|a| mask(standard, a.keys()));
    let mut base_poor = 0.0;
    let mut base_pn = 0.0;
    let mut base_access = [0.0; 5];
    let mut base_ntm = vec![0.0; n];
    let mut start_poor = 0u64;
    let sp_counts = params.ntm_excludes_social_protection;
    let mut before_state: Vec<(f64, f64)> = vec![(0.0, 0.0); households.len()];
    for s in households.segments() {
        for i in s.start as usize..s.end as usize {
            let (p, pn) = prepared.probabilities(i, m.deprivations[i], (0.0, 0.0));
            before_state[i] = (p, pn);
            base_poor += p;
            base_pn += pn;
            for (a, mask) in base_access.iter_mut().zip(access_masks) {
                if m.deprivations[i] & mask == 0 {
                    *a += pn;
                }
            }
            if !sp_counts || m.flags[i] & flag::SOCIAL_PROTECTION == 0 {
                base_ntm[s.commune as usize] += p;
            }
            start_poor += u64::from(m.base[i] & 1);
        }
    }
    let total_households: u64 = communes.iter().map(|c| c.counts.households).sum();

    // Pools and pairs.
    let mut pools: Vec<Pool> = Vec::new();
    let mut pairs: Vec<Pair> = Vec::new();
    let mut candidates: Vec<(Option<usize>, usize, ProgramId)> = adjustable_lines
        .iter()
        .map(|&i| {
            let l = &view.lines[i];
            (Some(i), view.sources.iter().position(|s| s.id == l.source).unwrap_or(0), l.program.clone())
        })
        .collect();
    for (si, s) in view.sources.iter().enumerate() {
        for p in &s.uses {
            if adjustable_program(p)
                && adjustable_source(&s.id)
                && !view.lines.iter().any(|l| l.source == s.id && &l.program == p)
            {
                candidates.push((None, si, p.clone()));
            }
        }
    }
    let willing = Stream::new(m.seed, 0, Purpose::TakeUp);
    let credit = &params.credit;
    let take_up = u64::from(credit.take_up_bp.min(10_000)) * 0x1_0000 / 10_000;
    let mut buckets: Vec<Vec<u32>> = Vec::new();
    for (line, si, program) in candidates {
        let Some(k) = effect_of(&program) else { continue };
        let Some(prog) = view.program(&program) else { continue };
        let effect = &params.effects[k];
        let source = &view.sources[si];
        let the_line = line.map_or_else(
            || Line {
                source: source.id.clone(),
                program: program.clone(),
                amount: Dong::ZERO,
                rule: Rule::Planned(Planned {
                    communes: CommuneFilter::All,
                    floor: Dong::ZERO,
                    cap: None,
                    unit_cost: None,
                    commune: vec![],
                    units: vec![],
                }),
            },
            |i| view.lines[i].clone(),
        );
        let groups = Model::line_groups(&the_line.rule, effect);
        let loan = Model::loan_use(&view, &the_line);
        let unit_cost = the_line.rule.unit_cost().unwrap_or(prog.unit_cost).get();
        if unit_cost <= 0 {
            continue;
        }
        let key = |p: &Pool| {
            p.effect == k
                && p.groups == groups
                && match (p.loan, loan) {
                    (None, None) => true,
                    (Some(a), Some(b)) => {
                        a.purpose == b.purpose
                            && a.interest_per_household == b.interest_per_household
                            && a.fails == b.fails
                    }
                    _ => false,
                }
        };
        let pool = if let Some(p) = pools.iter().position(key) {
            p
        } else {
            let removes_mask = match loan.map(|l| l.purpose) {
                Some(LoanPurpose::Students) => mask(standard, &["child_schooling"]),
                _ => mask(standard, &effect.removes.iter().map(String::as_str).collect::<Vec<_>>()),
            };
            let causes = effect.matches_causes.iter().fold(0u16, |acc, c| acc | c.bit());
            let invests = loan.is_some_and(|l| matches!(l.purpose, LoanPurpose::Livelihood | LoanPurpose::LabourExport));
            let lender = loan.map(|_| Lender { willing, take_up, needs_labour: invests && credit.requires_labour });
            let reached = &m.reached_rows[k];
            let mut seen = vec![false; 0];
            if !reached.is_empty() {
                seen = vec![false; households.len()];
                for &r in reached {
                    seen[r as usize] = true;
                }
            }
            let (gain_mean, gain_var) = gain_of(effect, loan, credit);
            let mut pieces = vec![Vec::new(); n];
            for (c, rows) in rows.iter().enumerate() {
                m.order(
                    rows,
                    (&groups, removes_mask, causes),
                    &households.deprivations,
                    |i| seen.get(i).copied().unwrap_or(false) || lender.as_ref().is_some_and(|l| l.passes_over(m, i)),
                    &mut buckets,
                );
                for bucket in &buckets {
                    if bucket.is_empty() {
                        continue;
                    }
                    let mut piece = Piece::default();
                    for &r in bucket {
                        let i = r as usize;
                        let units = match effect.consumption {
                            Consumption::PerMember => f64::from(households.members[i]),
                            Consumption::Milli(x) => f64::from(x) / 1000.0,
                        };
                        let members = f64::from(households.members[i].max(1));
                        let interest = loan.map_or(0.0, |l| l.interest_per_household as f64 / members);
                        let extra = (gain_mean - interest, gain_var);
                        let dep = m.deprivations[i] & !removes_mask;
                        let (p0, pn0) = before_state[i];
                        let (p1, pn1) = prepared.probabilities(i, dep, extra);
                        let mut d = Delta { poor: p0 - p1, ..Delta::default() };
                        if m.base[i] & 1 != 0 {
                            d.exits = d.poor;
                        }
                        if !sp_counts || m.flags[i] & flag::SOCIAL_PROTECTION == 0 {
                            d.ntm = d.poor;
                        }
                        for (a, mask) in d.access.iter_mut().zip(access_masks) {
                            let had = if m.deprivations[i] & mask == 0 { pn0 } else { 0.0 };
                            let has = if dep & mask == 0 { pn1 } else { 0.0 };
                            *a = has - had;
                        }
                        d.pn = pn1 - pn0;
                        piece.units += units;
                        piece.delta.add(&d);
                    }
                    pieces[c].push(piece);
                }
            }
            pools.push(Pool { effect: k, removes: removes_mask, groups: groups.clone(), loan, pieces });
            pools.len() - 1
        };
        let (filter, floor, cap) = limits(&the_line.rule);
        let filter = if prog.rural_only && filter == CommuneFilter::All { CommuneFilter::Rural } else { filter };
        let mut now = vec![0u64; n];
        if let Some(i) = line {
            for cell in allocation.cells_of(i).filter(|c| !c.locked) {
                if let crate::allocation::Recipient::Commune(code) = cell.recipient {
                    if let Some(ci) = communes.iter().position(|c| c.code == code) {
                        now[ci] += cell.units.unwrap_or_else(|| (cell.amount.get() / unit_cost).max(0) as u64);
                    }
                }
            }
        }
        pairs.push(Pair { line, source: si, program, pool, unit_cost, filter, floor, cap, now });
    }
    if std::env::var_os("GNBV_DEBUG").is_some() {
        for p in &pairs {
            let pool = &pools[p.pool];
            let mut t = Piece::default();
            for c in &pool.pieces {
                for x in c {
                    t.units += x.units;
                    t.delta.add(&x.delta);
                }
            }
            eprintln!("{} {} pool {} units {:.0} poor/unit {:.4} exits/unit {:.4} pn/unit {:.4}", view.sources[p.source].id, p.program, p.pool, t.units, t.delta.poor / t.units, t.delta.exits / t.units, t.delta.pn/t.units);
        }
    }
    if pairs.is_empty() {
        return Err(Refusal::new(
            "Kịch bản không có dòng nào để tối ưu: các chế độ, dòng chi ở cấp tỉnh và chương trình mà mô hình chưa biết tác động được giữ nguyên.",
            "The scenario has no line to optimise: entitlements, province-level lines and programs whose effect the model does not know stay as they are.",
        ));
    }
    let locked = |pair: &Pair, code: CommuneCode| {
        view.overrides.iter().any(|o| o.source == view.sources[pair.source].id && o.program == pair.program && o.commune == code)
    };

    // Targets' gaps in the fixed state.
    let ntm_threshold = f64::from(params.ntm_threshold_bp) / 1e4;
    let ntm_gap: Vec<f64> = communes
        .iter()
        .enumerate()
        .map(|(c, x)| if x.ntm_2019 { (base_ntm[c] - ntm_threshold * x.counts.households as f64).max(0.0) } else { 0.0 })
        .collect();
    let rate_required = start_poor as f64 - 0.005 * total_households as f64;
    let rate_gap = (base_poor - rate_required).max(0.0);
    let t = &params.access_targets;
    let levels = [t.health_insurance_bp, t.schooling_bp, t.water_bp, t.sanitation_bp, t.information_bp]
        .map(|l| f64::from(l) / 1e4);
    let access_gap: [f64; 5] = std::array::from_fn(|a| (levels[a] * base_pn - base_access[a]).max(0.0));
    let access_term = |d: &Delta, a: usize| d.access[a] - levels[a] * d.pn;

    // Access kinds no adjustable line changes (health insurance: an entitlement) are not the
    // optimiser's to reach.
    let touched: [bool; 5] = std::array::from_fn(|a| {
        pools.iter().any(|p| p.removes & access_masks[a] != 0 && p.pieces.iter().flatten().any(|x| x.units > 0.0))
    });
    let access_gap: [f64; 5] = std::array::from_fn(|a| if touched[a] { access_gap[a] } else { 0.0 });
    let mut notes = Vec::new();
    for (a, k) in Access::ALL.iter().enumerate() {
        if !touched[a] && (request.mode == Mode::Cost && request.goals.access || request.objective == Objective::Access) {
            notes.push(Message {
                message_vi: format!("Chỉ tiêu “{}” không do dòng điều chỉnh được nào quyết định (chế độ theo quy định hoặc chưa có chương trình): công cụ tối ưu không xét chỉ tiêu này.", k.label(Lang::Vi)),
                message_en: format!("The target “{}” is not decided by any adjustable line (an entitlement, or no program for it): the optimiser leaves it out.", k.label(Lang::En)),
            });
        }
    }

    // Feasibility of the cost mode's targets, before solving: each target with every
    // eligible household reached by every pool.
    if request.mode == Mode::Cost {
        refuse_unreachable(request, &pools, &pairs, dataset, (rate_gap, &ntm_gap, access_gap), &levels)?;
    }

    // The linear programme.
    progress(Stage::Solving);
    let mut vars = ProblemVariables::new();
    // q[pair][commune]: units bought; y[pool][commune][piece]: units used.
    let mut q: Vec<Vec<Option<Variable>>> = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let pool = &pools[pair.pool];
        let row = communes
            .iter()
            .enumerate()
            .map(|(c, x)| {
                let capacity: f64 = pool.pieces[c].iter().map(|p| p.units).sum();
                let cap_units = pair.cap.map_or(f64::INFINITY, |cap| (cap.get() / pair.unit_cost) as f64);
                (capacity > 0.0 && pair.filter.admits(x) && !locked(pair, x.code) && cap_units > 0.0)
                    .then(|| vars.add(variable().min(0.0).max(capacity)))
            })
            .collect();
        q.push(row);
    }
    let mut y: Vec<Vec<Vec<(Variable, Piece)>>> = Vec::with_capacity(pools.len());
    for (pi, pool) in pools.iter().enumerate() {
        let row = (0..n)
            .map(|c| {
                if !pairs.iter().enumerate().any(|(a, p)| p.pool == pi && q[a][c].is_some()) {
                    return Vec::new();
                }
                pool.pieces[c].iter().map(|p| (vars.add(variable().min(0.0).max(p.units)), *p)).collect()
            })
            .collect();
        y.push(row);
    }
    let mut total = Delta::default();
    let mut total_expr = Expression::with_capacity(0);
    let mut poor_expr = Expression::with_capacity(0);
    let mut exits_expr = Expression::with_capacity(0);
    let mut ntm_expr: Vec<Expression> = (0..n).map(|_| Expression::with_capacity(0)).collect();
    let mut access_expr: [Expression; 5] = std::array::from_fn(|_| Expression::with_capacity(0));
    for pool in &y {
        for (c, pieces) in pool.iter().enumerate() {
            for (v, p) in pieces {
                let per = p.delta.scaled(1.0 / p.units);
                total.add(&p.delta);
                poor_expr.add_mul(per.poor, *v);
                exits_expr.add_mul(per.exits, *v);
                ntm_expr[c].add_mul(per.ntm, *v);
                for (a, e) in access_expr.iter_mut().enumerate() {
                    e.add_mul(access_term(&per, a), *v);
                }
                total_expr.add_mul(1.0, *v);
            }
        }
    }
    let _ = total;
    // Objective terms capped at their gap.
    let mut capped: Vec<(Variable, Constraint)> = Vec::new();
    let mut ntm_z = Vec::new();
    let mut access_w = Vec::new();
    let mut rate_r = None;
    let objective: Expression = match (request.mode, request.objective) {
        (Mode::Cost, _) => {
            let mut e = Expression::with_capacity(0);
            for (a, pair) in pairs.iter().enumerate() {
                let s = &view.sources[pair.source];
                let weight = if is_found(s) { 1.0 } else { EPSILON };
                for v in q[a].iter().flatten() {
                    e.add_mul(-weight * pair.unit_cost as f64 / TY, *v);
                }
            }
            e
        }
        (Mode::Impact, Objective::Exits) => exits_expr.clone() + poor_expr.clone() * EPSILON,
        (Mode::Impact, Objective::Rate) => poor_expr.clone(),
        (Mode::Impact, objective) => {
            let w = request.weights;
            let (wr, wn, wa) = match objective {
                Objective::Ntm => (0.0, 1.0, 0.0),
                Objective::Access => (0.0, 0.0, 1.0),
                _ => {
                    let sum = f64::from(w.rate + w.ntm + w.access).max(1.0);
                    (f64::from(w.rate) / sum, f64::from(w.ntm) / sum, f64::from(w.access) / sum)
                }
            };
            let mut e = poor_expr.clone() * EPSILON;
            if wr > 0.0 && rate_gap > 0.0 {
                let r = vars.add(variable().min(0.0).max(1.0));
                capped.push((r, (rate_gap * r).leq(poor_expr.clone())));
                e.add_mul(wr, r);
                rate_r = Some(r);
            }
            let gaps = ntm_gap.iter().filter(|g| **g > 0.0).count().max(1) as f64;
            if wn > 0.0 {
                for (c, gap) in ntm_gap.iter().enumerate() {
                    if *gap > 0.0 {
                        let z = vars.add(variable().min(0.0).max(1.0));
                        capped.push((z, (*gap * z).leq(ntm_expr[c].clone())));
                        e.add_mul(if objective == Objective::Ntm { 1.0 } else { wn / gaps }, z);
                        ntm_z.push((c, z));
                    }
                }
            }
            let open_access = access_gap.iter().filter(|g| **g > 0.0).count().max(1) as f64;
            if wa > 0.0 {
                for (a, gap) in access_gap.iter().enumerate() {
                    if *gap > 0.0 {
                        let w = vars.add(variable().min(0.0).max(1.0));
                        capped.push((w, (*gap * w).leq(access_expr[a].clone())));
                        e.add_mul(if objective == Objective::Access { 1.0 } else { wa / open_access }, w);
                        access_w.push((a, w));
                    }
                }
            }
            e
        }
    };
    let variables = vars.len();
    let mut problem = vars.maximise(objective.clone()).using(clarabel);
    problem.settings().verbose(false).max_iter(400).time_limit(60.0);
    let mut constraints = 0usize;
    let mut add = |problem: &mut _, c: Constraint| -> ConstraintReference {
        constraints += 1;
        good_lp::SolverModel::add_constraint(problem, c)
    };
    // Units bought = units used, per pool and commune.
    for (pi, pool) in y.iter().enumerate() {
        for (c, pieces) in pool.iter().enumerate() {
            if pieces.is_empty() {
                continue;
            }
            let mut e = Expression::with_capacity(pieces.len() + 2);
            for (a, pair) in pairs.iter().enumerate() {
                if pair.pool == pi {
                    if let Some(v) = q[a][c] {
                        e.add_mul(1.0, v);
                    }
                }
            }
            for (v, _) in pieces {
                e.add_mul(-1.0, *v);
            }
            add(&mut problem, e.eq(0.0));
        }
    }
    // Sources and localities.
    let mut source_refs: Vec<(usize, ConstraintReference, f64)> = Vec::new();
    let mut locality_refs: Vec<(usize, usize, ConstraintReference)> = Vec::new();
    let mut budgets: Vec<Option<Dong>> = vec![None; view.sources.len()];
    for (si, s) in view.sources.iter().enumerate() {
        let of_source: Vec<usize> = (0..pairs.len()).filter(|&a| pairs[a].source == si).collect();
        if of_source.is_empty() {
            continue;
        }
        let committed: Dong = fixed.lines.iter().filter(|l| l.source == s.id).map(|l| l.amount).sum();
        let budget = if s.available() > committed { s.available() - committed } else { Dong::ZERO };
        let money = |filter: &dyn Fn(usize) -> bool| {
            let mut e = Expression::with_capacity(0);
            for &a in &of_source {
                for (c, v) in q[a].iter().enumerate() {
                    if let (Some(v), true) = (v, filter(c)) {
                        e.add_mul(pairs[a].unit_cost as f64 / TY, *v);
                    }
                }
            }
            e
        };
        if let Some(fund) = LocalFund::new(s, dataset) {
            // Each locality's fund, less what fixed lines and locked cells place there.
            let mut held = fund.held.clone();
            for cell in &fixed_allocation.cells {
                if fixed.lines[cell.line].source == s.id {
                    if let crate::allocation::Recipient::Commune(code) = cell.recipient {
                        if let Some(ci) = communes.iter().position(|c| c.code == code) {
                            let k = fund.of_commune[ci];
                            held[k] = if held[k] > cell.amount { held[k] - cell.amount } else { Dong::ZERO };
                        }
                    }
                }
            }
            for (k, h) in held.iter().enumerate() {
                let e = money(&|c| fund.of_commune[c] == k);
                if e.clone().linear_coefficients().next().is_some() {
                    let r = add(&mut problem, e.leq(h.get() as f64 / TY));
                    locality_refs.push((si, k, r));
                }
            }
            budgets[si] = Some(budget);
        } else if request.mode == Mode::Cost && is_found(s) {
            let r = add(&mut problem, money(&|_| true).leq(COST_CAP_TY));
            source_refs.push((si, r, COST_CAP_TY));
        } else {
            let b = budget.get() as f64 / TY;
            let r = add(&mut problem, money(&|_| true).leq(b));
            source_refs.push((si, r, b));
            budgets[si] = Some(budget);
        }
    }
    // Floors and caps.
    let mut cap_refs: Vec<(usize, ConstraintReference)> = Vec::new();
    let mut floor_refs: Vec<(usize, ConstraintReference)> = Vec::new();
    for (a, pair) in pairs.iter().enumerate() {
        for (c, v) in q[a].iter().enumerate() {
            let Some(v) = v else { continue };
            let capacity: f64 = pools[pair.pool].pieces[c].iter().map(|p| p.units).sum();
            let cost = pair.unit_cost as f64 / TY;
            if let Some(cap) = pair.cap {
                let cap_units = (cap.get() / pair.unit_cost) as f64;
                if cap_units < capacity {
                    cap_refs.push((a, add(&mut problem, (cost * *v).leq(cap_units * cost))));
                }
            }
            if pair.floor > Dong::ZERO {
                // The floor in đồng: a floor below one unit is a fraction of a unit here, which
                // whole units may round away (the rounding report counts what that costs).
                let floor_units = pair.floor.get() as f64 / pair.unit_cost as f64;
                floor_refs.push((a, add(&mut problem, (cost * *v).geq(floor_units.min(capacity) * cost))));
            }
        }
    }
    // Capped objective terms.
    let mut capped_refs = Vec::new();
    for (v, c) in capped {
        capped_refs.push((v, add(&mut problem, c)));
    }
    // Cost mode: the targets.
    let mut target_refs: Vec<(String, ConstraintReference, usize)> = Vec::new();
    if request.mode == Mode::Cost {
        if request.goals.rate && rate_gap > 0.0 {
            target_refs.push(("target_rate".into(), add(&mut problem, poor_expr.clone().geq(rate_gap)), 0));
        }
        if request.goals.ntm {
            for (c, gap) in ntm_gap.iter().enumerate() {
                if *gap > 0.0 {
                    target_refs.push(("target_ntm".into(), add(&mut problem, ntm_expr[c].clone().geq(*gap)), c));
                }
            }
        }
        if request.goals.access {
            for (a, gap) in access_gap.iter().enumerate() {
                if *gap > 0.0 {
                    target_refs.push(("target_access".into(), add(&mut problem, access_expr[a].clone().geq(*gap)), a));
                }
            }
        }
    }
    let constraints = constraints + variables * 2;
    let mut solution = match problem.solve() {
        Ok(s) => s,
        Err(good_lp::ResolutionError::Infeasible) => {
            return Err(infeasible(request, &pairs, &view));
        }
        Err(e) => {
            return Err(Refusal::new(
                format!("Bộ giải không tìm được lời giải ({e}); kịch bản không thay đổi."),
                format!("The solver found no solution ({e}); the scenario is unchanged."),
            ))
        }
    };
    let q_values: Vec<Vec<f64>> =
        q.iter().map(|row| row.iter().map(|v| v.map_or(0.0, |v| solution.value(v).max(0.0))).collect()).collect();
    let continuous_objective = objective_value(request, &solution, &objective, (rate_r, &ntm_z, &access_w));
    let duals = solution.compute_dual();
    let source_prices: Vec<(usize, f64)> = source_refs.iter().map(|(si, r, _)| (*si, duals.dual(r.clone()))).collect();
    let locality_prices: Vec<(usize, usize, f64)> =
        locality_refs.iter().map(|(si, k, r)| (*si, *k, duals.dual(r.clone()))).collect();
    let cap_prices: Vec<(usize, f64)> = cap_refs.iter().map(|(a, r)| (*a, duals.dual(r.clone()))).collect();
    let floor_prices: Vec<(usize, f64)> = floor_refs.iter().map(|(a, r)| (*a, duals.dual(r.clone()))).collect();
    let target_prices: Vec<(String, f64, usize)> =
        target_refs.iter().map(|(k, r, i)| (k.clone(), duals.dual(r.clone()), *i)).collect();

    // Whole units.
    progress(Stage::Rounding);
    let mut units: Vec<Vec<u64>> = Vec::with_capacity(pairs.len());
    let mut used: Vec<Vec<f64>> = vec![vec![0.0; n]; pools.len()];
    let mut money_left = 0i64;
    for (a, pair) in pairs.iter().enumerate() {
        let values = &q_values[a];
        let total: f64 = values.iter().sum();
        let whole = (total + 1e-6).floor() as u64;
        let mut out: Vec<u64> = if request.mode == Mode::Cost {
            // Targets are kept: each commune's units rounded up, within what it can use.
            values
                .iter()
                .enumerate()
                .map(|(c, v)| {
                    let capacity: f64 = pools[pair.pool].pieces[c].iter().map(|p| p.units).sum();
                    let cap = pair.cap.map_or(u64::MAX, |cap| (cap.get() / pair.unit_cost) as u64);
                    ((v - 1e-6).ceil().max(0.0) as u64).min(capacity.floor() as u64).min(cap)
                })
                .collect()
        } else {
            values.iter().map(|v| (v + 1e-6).floor() as u64).collect()
        };
        let mut rest = whole.saturating_sub(out.iter().sum());
        let mut order: Vec<usize> = (0..n).filter(|&c| q[a][c].is_some()).collect();
        order.sort_by(|&x, &y| {
            let fx = values[x] - values[x].floor();
            let fy = values[y] - values[y].floor();
            fy.total_cmp(&fx).then(communes[x].code.cmp(&communes[y].code))
        });
        for c in order {
            if rest == 0 {
                break;
            }
            let capacity: f64 = pools[pair.pool].pieces[c].iter().map(|p| p.units).sum();
            let cap_ok = pair.cap.is_none_or(|cap| (out[c] as i64 + 1) * pair.unit_cost <= cap.get());
            if values[c] > out[c] as f64 && used[pair.pool][c] + out[c] as f64 + 1.0 <= capacity.floor() && cap_ok {
                out[c] += 1;
                rest -= 1;
            }
        }
        for (c, u) in out.iter().enumerate() {
            used[pair.pool][c] += *u as f64;
        }
        money_left += ((total - out.iter().sum::<u64>() as f64) * pair.unit_cost as f64).max(0.0) as i64;
        units.push(out);
    }
    // Local funds hold after rounding: a locality's units never cost more than it holds (the
    // continuous solution did not; rounding up is checked here and undone).
    for (si, s) in view.sources.iter().enumerate() {
        let Some(fund) = LocalFund::new(s, dataset) else { continue };
        let mut held: Vec<i64> = fund.held.iter().map(|h| h.get()).collect();
        for cell in &fixed_allocation.cells {
            if fixed.lines[cell.line].source == s.id {
                if let crate::allocation::Recipient::Commune(code) = cell.recipient {
                    if let Some(ci) = communes.iter().position(|c| c.code == code) {
                        held[fund.of_commune[ci]] -= cell.amount.get();
                    }
                }
            }
        }
        for (a, pair) in pairs.iter().enumerate().filter(|(_, p)| p.source == si) {
            for c in 0..n {
                let k = fund.of_commune[c];
                while units[a][c] > 0 && units[a][c] as i64 * pair.unit_cost > held[k] {
                    units[a][c] -= 1;
                    money_left += pair.unit_cost;
                }
                held[k] -= units[a][c] as i64 * pair.unit_cost;
            }
        }
    }

    // Cost mode: whole units in the targeting order must still reach the targets; where they
    // do not (a locality's fund rounded down, a piece used out of order), the cheapest further
    // units of the province's grants are added one by one.
    if request.mode == Mode::Cost {
        let targets = Gaps { rate: request.goals.rate.then_some(rate_gap), ntm: request.goals.ntm.then_some(&ntm_gap), access: request.goals.access.then_some(access_gap), levels };
        let open = |a: usize, c: usize| q[a][c].is_some() && is_found(&view.sources[pairs[a].source]);
        if let Some(left) = repair(&mut units, &pairs, &pools, &open, &targets, dataset) {
            notes.push(left);
        }
    }

    // The optimised scenario.
    let mut out = view.clone();
    let mut found: Vec<i64> = vec![0; view.sources.len()];
    for (a, pair) in pairs.iter().enumerate() {
        let (commune, units_of): (Vec<CommuneCode>, Vec<u64>) =
            (0..n).filter(|&c| units[a][c] > 0).map(|c| (communes[c].code, units[a][c])).unzip();
        let locked_sum: Dong = view
            .overrides
            .iter()
            .filter(|o| o.source == view.sources[pair.source].id && o.program == pair.program)
            .map(|o| o.amount)
            .sum();
        let amount = Dong::new(units_of.iter().sum::<u64>() as i64 * pair.unit_cost) + locked_sum;
        found[pair.source] += amount.get();
        let prog_cost = view.program(&pair.program).map_or(0, |p| p.unit_cost.get());
        let rule = Rule::Planned(Planned {
            communes: pair.filter,
            floor: pair.floor,
            cap: pair.cap,
            unit_cost: (pair.unit_cost != prog_cost).then(|| Dong::new(pair.unit_cost)),
            commune,
            units: units_of,
        });
        match pair.line {
            Some(i) => {
                // A planned line's units are at the program's unit cost.
                out.lines[i].amount = amount;
                out.lines[i].rule = rule;
            }
            None if amount > Dong::ZERO => out.lines.push(Line {
                source: view.sources[pair.source].id.clone(),
                program: pair.program.clone(),
                amount,
                rule,
            }),
            None => {}
        }
    }
    let mut kinds = Vec::new();
    if request.mode == Mode::Cost {
        for (si, s) in view.sources.iter().enumerate() {
            if is_found(s) && pairs.iter().any(|p| p.source == si) {
                let committed: Dong = fixed.lines.iter().filter(|l| l.source == s.id).map(|l| l.amount).sum();
                out.sources[si].amount = committed + Dong::new(found[si]);
            }
        }
        for (kind, test) in [
            ("central", &(|f: Funding| f == Funding::Central) as &dyn Fn(Funding) -> bool),
            ("local", &|f: Funding| matches!(f, Funding::Province | Funding::District | Funding::Commune)),
            ("mobilised", &|f: Funding| matches!(f, Funding::Mobilised | Funding::Integrated | Funding::People)),
        ] {
            let sum = |sc: &Scenario| sc.sources.iter().filter(|s| test(Funding::of(s))).map(|s| s.amount).sum::<Dong>();
            kinds.push(KindTotal { kind: kind.into(), before: sum(&view), after: sum(&out) });
        }
    }
    let mut whole = scenario.clone();
    whole.set_year(year, out).map_err(|e| Refusal::new(e.message(Lang::Vi), e.message(Lang::En)))?;

    // Predictions: now and the whole units, both filled in the targeting order.
    let predict = |per_pair: &dyn Fn(usize, usize) -> f64| -> (Predicted, Delta, Vec<f64>) {
        let mut d = Delta::default();
        let mut ntm_c = vec![0.0; n];
        for (pi, pool) in pools.iter().enumerate() {
            for c in 0..n {
                let mut left: f64 = pairs.iter().enumerate().filter(|(_, p)| p.pool == pi).map(|(a, _)| per_pair(a, c)).sum();
                for piece in &pool.pieces[c] {
                    if left <= 0.0 {
                        break;
                    }
                    let take = left.min(piece.units);
                    let part = piece.delta.scaled(take / piece.units);
                    d.add(&part);
                    ntm_c[c] += part.ntm;
                    left -= take;
                }
            }
        }
        let poor = base_poor - d.poor;
        let pn = base_pn + d.pn;
        let access = std::array::from_fn(|a| if pn > 0.0 { (base_access[a] + d.access[a]) / pn } else { 1.0 });
        let ntm_meeting = communes
            .iter()
            .enumerate()
            .filter(|(c, x)| x.ntm_2019 && base_ntm[*c] - ntm_c[*c] <= ntm_threshold * x.counts.households as f64)
            .count() as u32;
        let exits_base: f64 = 0.0;
        let predicted = Predicted {
            poor,
            exits: exits_base + d.exits,
            reduction_points: (start_poor as f64 - poor) * 100.0 / total_households.max(1) as f64,
            ntm_meeting,
            access,
            objective: 0.0,
        };
        (predicted, d, ntm_c)
    };
    // Exits in the fixed state, household by household (poor at the start, not at the end).
    let mut fixed_exits = 0.0;
    for i in 0..households.len() {
        if m.base[i] & 1 != 0 {
            fixed_exits += 1.0 - before_state[i].0;
        }
    }
    let score = |p: &mut Predicted, d: &Delta, ntm_c: &[f64], money: f64| {
        p.exits += fixed_exits;
        p.objective = match (request.mode, request.objective) {
            (Mode::Cost, _) => money,
            (_, Objective::Exits) => p.exits,
            (_, Objective::Rate) => p.reduction_points,
            (_, Objective::Ntm) => f64::from(p.ntm_meeting),
            (_, objective) => {
                let frac = |gain: f64, gap: f64| if gap > 0.0 { (gain / gap).clamp(0.0, 1.0) } else { 1.0 };
                let ntm_part = {
                    let gaps: Vec<usize> = (0..n).filter(|&c| ntm_gap[c] > 0.0).collect();
                    if gaps.is_empty() {
                        1.0
                    } else {
                        gaps.iter().map(|&c| frac(ntm_c[c], ntm_gap[c])).sum::<f64>() / gaps.len() as f64
                    }
                };
                let access_part = {
                    let open: Vec<usize> = (0..5).filter(|&a| access_gap[a] > 0.0).collect();
                    if open.is_empty() {
                        1.0
                    } else {
                        open.iter().map(|&a| frac(access_term(d, a), access_gap[a])).sum::<f64>() / open.len() as f64
                    }
                };
                match objective {
                    Objective::Access => access_part,
                    _ => {
                        let w = request.weights;
                        let sum = f64::from(w.rate + w.ntm + w.access).max(1.0);
                        (f64::from(w.rate) * frac(d.poor, rate_gap)
                            + f64::from(w.ntm) * ntm_part
                            + f64::from(w.access) * access_part)
                            / sum
                    }
                }
            }
        };
    };
    let found_money = |per: &dyn Fn(usize, usize) -> f64| -> f64 {
        pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| is_found(&view.sources[p.source]))
            .map(|(a, p)| (0..n).map(|c| per(a, c)).sum::<f64>() * p.unit_cost as f64)
            .sum::<f64>()
            / TY
    };
    let now_units = |a: usize, c: usize| pairs[a].now[c] as f64;
    let new_units = |a: usize, c: usize| units[a][c] as f64;
    let (mut before, d0, n0) = predict(&now_units);
    score(&mut before, &d0, &n0, found_money(&now_units));
    let (mut after, d1, n1) = predict(&new_units);
    score(&mut after, &d1, &n1, found_money(&new_units));
    let cont_units = |a: usize, c: usize| q_values[a][c];
    let (mut cont, d2, n2) = predict(&cont_units);
    score(&mut cont, &d2, &n2, found_money(&cont_units));
    let _ = continuous_objective;

    // Shadow prices in words.
    let names = |si: usize| (view.sources[si].name_vi.clone(), view.sources[si].name_en.clone());
    let unit = objective_unit(request);
    let mut sources = Vec::new();
    for (si, s) in view.sources.iter().enumerate() {
        let of: Vec<usize> = (0..pairs.len()).filter(|&a| pairs[a].source == si).collect();
        if of.is_empty() {
            continue;
        }
        let money = |per: &dyn Fn(usize, usize) -> f64| {
            Dong::new(of.iter().map(|&a| (0..n).map(|c| per(a, c)).sum::<f64>() * pairs[a].unit_cost as f64).sum::<f64>() as i64)
        };
        let before_money = money(&now_units);
        let after_money = money(&new_units);
        let price = source_prices
            .iter()
            .find(|(x, _)| *x == si)
            .map(|(_, p)| *p)
            .or_else(|| locality_prices.iter().filter(|(x, _, _)| *x == si).map(|(_, _, p)| *p).reduce(f64::max))
            .unwrap_or(0.0);
        let price = clean(price);
        let (vi, en) = names(si);
        let (message_vi, message_en) = if request.mode == Mode::Cost && is_found(s) {
            (
                format!("{vi}: cần {} cho các dòng điều chỉnh được (hiện có {}).", after_money.format(Lang::Vi), before_money.format(Lang::Vi)),
                format!("{en}: {} needed on the adjustable lines (now {}).", after_money.format(Lang::En), before_money.format(Lang::En)),
            )
        } else if price > 0.0 && request.mode == Mode::Cost {
            (
                format!("Thêm 1 tỷ đồng từ {vi} sẽ tiết kiệm khoảng {} ngân sách tỉnh.", money_ty(price, Lang::Vi)),
                format!("1 tỷ đồng more from {en} would save about {} of province budget.", money_ty(price, Lang::En)),
            )
        } else if price > 0.0 {
            (
                format!("Thêm 1 tỷ đồng từ {vi} sẽ {}.", unit.more(price, Lang::Vi)),
                format!("1 tỷ đồng more from {en} would {}.", unit.more(price, Lang::En)),
            )
        } else {
            (
                format!("{vi}: không phải ràng buộc chặt; thêm tiền từ nguồn này không cải thiện mục tiêu."),
                format!("{en}: not binding; more money from it would not improve the objective."),
            )
        };
        sources.push(SourceUse {
            source: s.id.0.clone(),
            before: before_money,
            after: after_money,
            budget: budgets[si],
            price,
            message_vi,
            message_en,
        });
    }
    let mut binding = Vec::new();
    for (si, price) in &source_prices {
        let price = clean(*price);
        if price > 0.0 && !(request.mode == Mode::Cost && is_found(&view.sources[*si])) {
            let (vi, en) = names(*si);
            binding.push(Binding {
                kind: "source".into(),
                price,
                message_vi: format!("Số tiền của {vi} là ràng buộc chặt: thêm 1 tỷ đồng sẽ {}.", unit.more(price, Lang::Vi)),
                message_en: format!("{en}'s amount binds: 1 tỷ đồng more would {}.", unit.more(price, Lang::En)),
            });
        }
    }
    // A locally held source's localities, summed up: how many bind, and the dearest.
    for (si, s) in view.sources.iter().enumerate() {
        let prices: Vec<(usize, f64)> =
            locality_prices.iter().filter(|(x, _, p)| *x == si && clean(*p) > 0.0).map(|(_, k, p)| (*k, *p)).collect();
        let Some(&(k, price)) = prices.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else { continue };
        let (vi, en) = names(si);
        let fund = LocalFund::new(s, dataset);
        let all = fund.as_ref().map_or(0, |f| f.localities.len());
        let place = fund.map_or_else(String::new, |f| f.localities[k].name(dataset));
        let count = prices.len();
        binding.push(Binding {
            kind: "locality".into(),
            price,
            message_vi: format!("{vi}: quỹ của {count}/{all} địa phương là ràng buộc chặt (quỹ nơi nào chỉ chi tại nơi đó); thêm 1 tỷ đồng vào quỹ của {place} sẽ {}.", unit.more(price, Lang::Vi)),
            message_en: format!("{en}: the funds of {count} of {all} localities bind (each spent only where it is held); 1 tỷ đồng more in the fund of {place} would {}.", unit.more(price, Lang::En)),
        });
    }
    let line_name = |a: usize| {
        let p = &pairs[a];
        let prog = view.program(&p.program);
        let (sv, se) = names(p.source);
        (
            format!("{sv} → “{}”", prog.map_or(p.program.0.as_str(), |x| x.name_vi.as_str())),
            format!("{se} → “{}”", prog.map_or(p.program.0.as_str(), |x| x.name_en.as_str())),
        )
    };
    for (kind, list) in [("cap", &cap_prices), ("floor", &floor_prices)] {
        let mut by_pair: Vec<(usize, usize, f64)> = Vec::new();
        for (a, price) in list.iter() {
            let price = clean(price.abs());
            if price > 0.0 {
                match by_pair.iter_mut().find(|(x, _, _)| x == a) {
                    Some(e) => {
                        e.1 += 1;
                        e.2 = e.2.max(price);
                    }
                    None => by_pair.push((*a, 1, price)),
                }
            }
        }
        for (a, count, price) in by_pair {
            let (vi, en) = line_name(a);
            let (message_vi, message_en) = if kind == "cap" {
                (
                    format!("Mức tối đa mỗi xã của {vi} là ràng buộc chặt ở {} xã: nới thêm 1 tỷ đồng ở xã chặt nhất sẽ {}.", group(count as i128, Lang::Vi), unit.more(price, Lang::Vi)),
                    format!("The per-commune cap of {en} binds in {} communes: 1 tỷ đồng more of cap in the tightest would {}.", group(count as i128, Lang::En), unit.more(price, Lang::En)),
                )
            } else {
                (
                    format!("Mức tối thiểu mỗi xã của {vi} là ràng buộc chặt ở {} xã: bỏ 1 tỷ đồng mức tối thiểu ở xã chặt nhất sẽ {}.", group(count as i128, Lang::Vi), unit.more(price, Lang::Vi)),
                    format!("The per-commune floor of {en} binds in {} communes: 1 tỷ đồng less of floor in the tightest would {}.", group(count as i128, Lang::En), unit.more(price, Lang::En)),
                )
            };
            binding.push(Binding { kind: kind.into(), price, message_vi, message_en });
        }
    }
    for (kind, price, i) in &target_prices {
        let price = clean(price.abs());
        if price <= 0.0 {
            continue;
        }
        let (message_vi, message_en) = match kind.as_str() {
            "target_rate" => (
                format!("Chỉ tiêu giảm 0,5 điểm % tỷ lệ hộ nghèo: mỗi hộ thoát nghèo thêm cần khoảng {} ở mức biên.", money_ty(price, Lang::Vi)),
                format!("The 0.5-point reduction: each further household out of poverty costs about {} at the margin.", money_ty(price, Lang::En)),
            ),
            "target_ntm" => {
                let c = &communes[*i];
                (
                    format!("Tiêu chí nghèo nông thôn mới ở {}: mỗi hộ nghèo giảm thêm cần khoảng {} ở mức biên.", c.full_name(), money_ty(price, Lang::Vi)),
                    format!("The new-rural criterion in {}: each further poor household fewer costs about {} at the margin.", c.full_name(), money_ty(price, Lang::En)),
                )
            }
            _ => {
                let a = Access::ALL[*i];
                (
                    format!("Chỉ tiêu tiếp cận “{}”: mỗi hộ tiếp cận thêm cần khoảng {} ở mức biên.", a.label(Lang::Vi), money_ty(price, Lang::Vi)),
                    format!("The access target “{}”: each further household with access costs about {} at the margin.", a.label(Lang::En), money_ty(price, Lang::En)),
                )
            }
        };
        binding.push(Binding { kind: kind.clone(), price, message_vi, message_en });
    }
    binding.sort_by(|a, b| b.price.total_cmp(&a.price).then(a.message_en.cmp(&b.message_en)));
    // Cost mode: what reaching the targets costs beyond the envelope.
    if request.mode == Mode::Cost {
        let need = found_money(&new_units) * TY;
        let have: f64 = sources.iter().filter_map(|s| {
            let si = view.sources.iter().position(|x| x.id.0 == s.source)?;
            is_found(&view.sources[si]).then(|| {
                let committed: Dong = fixed.lines.iter().filter(|l| l.source == view.sources[si].id).map(|l| l.amount).sum();
                (view.sources[si].amount - committed).get().max(0) as f64
            })
        }).sum();
        let extra = Dong::new((need - have) as i64);
        let (vi, en) = if extra > Dong::ZERO {
            (
                format!("Đạt các chỉ tiêu đã chọn cần thêm {} ngân sách tỉnh so với dự toán hiện tại.", extra.format(Lang::Vi)),
                format!("Reaching the chosen targets costs {} more province budget than the current envelope.", extra.format(Lang::En)),
            )
        } else {
            (
                format!("Đạt các chỉ tiêu đã chọn cần ít hơn dự toán hiện tại {} ngân sách tỉnh.", (Dong::ZERO - extra).format(Lang::Vi)),
                format!("Reaching the chosen targets costs {} less province budget than the current envelope.", (Dong::ZERO - extra).format(Lang::En)),
            )
        };
        binding.insert(0, Binding { kind: "envelope".into(), price: extra.get() as f64 / TY, message_vi: vi, message_en: en });
    }
    Ok(Plan {
        request: *request,
        year,
        scenario: whole,
        before,
        after,
        sources,
        binding,
        rounding: Rounding { continuous: cont.objective, whole_units: after.objective, money_left: Dong::new(money_left.max(0)) },
        kinds,
        notes,
        lines: pairs.len(),
        variables,
        constraints,
    })
}

/// The cost mode's targets as gaps to close (expected households).
struct Gaps<'g> {
    rate: Option<f64>,
    ntm: Option<&'g [f64]>,
    access: Option<[f64; 5]>,
    levels: [f64; 5],
}

/// What `units` of a pool do in commune `c`, filled in the targeting order.
fn filled(pieces: &[Piece], units: f64) -> Delta {
    let mut d = Delta::default();
    let mut left = units;
    for p in pieces {
        if left <= 0.0 || p.units <= 0.0 {
            break;
        }
        let take = left.min(p.units);
        d.add(&p.delta.scaled(take / p.units));
        left -= take;
    }
    d
}

/// Adds whole units (of pairs `open` allows) until every gap is closed in the targeting
/// order, cheapest first; says what it could not close.
fn repair(
    units: &mut [Vec<u64>],
    pairs: &[Pair],
    pools: &[Pool],
    open: &dyn Fn(usize, usize) -> bool,
    gaps: &Gaps<'_>,
    dataset: &Dataset,
) -> Option<Message> {
    let n = dataset.communes().len();
    let mut fill = vec![vec![0.0f64; n]; pools.len()];
    for (a, p) in pairs.iter().enumerate() {
        for c in 0..n {
            fill[p.pool][c] += units[a][c] as f64;
        }
    }
    let capacity = |pi: usize, c: usize| pools[pi].pieces[c].iter().map(|p| p.units).sum::<f64>();
    let term = |d: &Delta, which: Which| match which {
        Which::Rate => d.poor,
        Which::Ntm(_) => d.ntm,
        Which::Access(a) => d.access[a] - gaps.levels[a] * d.pn,
    };
    for _ in 0..100_000 {
        let total = |which: Which, only: Option<usize>| -> f64 {
            let mut t = 0.0;
            for (pi, pool) in pools.iter().enumerate() {
                for c in 0..n {
                    if only.is_none_or(|o| o == c) {
                        t += term(&filled(&pool.pieces[c], fill[pi][c]), which);
                    }
                }
            }
            t
        };
        let mut failing = None;
        if let Some(gap) = gaps.rate {
            if total(Which::Rate, None) < gap - 1e-9 {
                failing = Some((Which::Rate, None));
            }
        }
        if failing.is_none() {
            if let Some(ntm) = gaps.ntm {
                failing = (0..n)
                    .find(|&c| ntm[c] > 0.0 && total(Which::Ntm(c), Some(c)) < ntm[c] - 1e-9)
                    .map(|c| (Which::Ntm(c), Some(c)));
            }
        }
        if failing.is_none() {
            if let Some(access) = gaps.access {
                failing = (0..5).find(|&a| access[a] > 0.0 && total(Which::Access(a), None) < access[a] - 1e-9).map(|a| (Which::Access(a), None));
            }
        }
        let Some((which, only)) = failing else { return None };
        // The next unit that does the most for it per đồng.
        let mut best: Option<(f64, usize, usize)> = None;
        for (a, p) in pairs.iter().enumerate() {
            for c in 0..n {
                if only.is_some_and(|o| o != c) || !open(a, c) {
                    continue;
                }
                let f = fill[p.pool][c];
                if f + 1.0 > capacity(p.pool, c) + 1e-9 || p.cap.is_some_and(|cap| (units[a][c] as i64 + 1) * p.unit_cost > cap.get()) {
                    continue;
                }
                let pieces = &pools[p.pool].pieces[c];
                let gain = term(&filled(pieces, f + 1.0), which) - term(&filled(pieces, f), which);
                let per = gain / p.unit_cost as f64;
                if gain > 1e-12 && best.is_none_or(|(b, _, _)| per > b) {
                    best = Some((per, a, c));
                }
            }
        }
        let Some((_, a, c)) = best else {
            let what = match which {
                Which::Rate => ("chỉ tiêu giảm 0,5 điểm %".to_owned(), "the 0.5-point reduction".to_owned()),
                Which::Ntm(c) => {
                    let name = dataset.communes()[c].full_name();
                    (format!("tiêu chí nghèo nông thôn mới ở {name}"), format!("the new-rural criterion in {name}"))
                }
                Which::Access(a) => (format!("chỉ tiêu “{}”", Access::ALL[a].label(Lang::Vi)), format!("the target “{}”", Access::ALL[a].label(Lang::En))),
            };
            return Some(Message {
                message_vi: format!("Với số đơn vị nguyên, {} chưa đạt theo thứ tự hỗ trợ và không còn đơn vị nào giúp thêm.", what.0),
                message_en: format!("In whole units, {} is not reached in the targeting order and no further unit helps.", what.1),
            });
        };
        units[a][c] += 1;
        fill[pairs[a].pool][c] += 1.0;
    }
    None
}

/// A target the repair works on.
#[derive(Clone, Copy)]
enum Which {
    Rate,
    Ntm(usize),
    Access(usize),
}

/// A shadow price with solver noise removed.
fn clean(p: f64) -> f64 {
    if p.abs() < 1e-6 {
        0.0
    } else {
        p
    }
}

/// "1,2 triệu đồng" / "1.2 million đồng" from tỷ đồng.
fn money_ty(ty: f64, lang: Lang) -> String {
    Dong::new((ty * TY).round() as i64).format(lang)
}

/// What the objective counts, for sentences.
#[derive(Clone, Copy)]
enum ObjectiveUnit {
    Households,
    Points,
    Communes,
    Share,
    Budget,
}

impl ObjectiveUnit {
    /// "lift about N more households out of poverty", …
    fn more(self, price: f64, lang: Lang) -> String {
        match (self, lang) {
            (Self::Households, Lang::Vi) => format!("giúp thêm khoảng {} hộ thoát nghèo", number(price, 0, lang)),
            (Self::Households, Lang::En) => format!("lift about {} more households out of poverty", number(price, 0, lang)),
            (Self::Points, Lang::Vi) => format!("giảm thêm khoảng {} hộ nghèo", number(price, 0, lang)),
            (Self::Points, Lang::En) => format!("leave about {} fewer poor households", number(price, 0, lang)),
            (Self::Communes, Lang::Vi) => format!("đưa thêm khoảng {} xã đạt tiêu chí nghèo nông thôn mới", significant(price, lang)),
            (Self::Communes, Lang::En) => format!("bring about {} more xã to the new-rural poverty criterion", significant(price, lang)),
            (Self::Share, Lang::Vi) => format!("tăng điểm mục tiêu (0–1) thêm khoảng {}", significant(price, lang)),
            (Self::Share, Lang::En) => format!("raise the objective's score (0–1) by about {}", significant(price, lang)),
            (Self::Budget, Lang::Vi) => format!("tiết kiệm khoảng {} ngân sách tỉnh", money_ty(price, lang)),
            (Self::Budget, Lang::En) => format!("save about {} of province budget", money_ty(price, lang)),
        }
    }
}

fn objective_unit(request: &Request) -> ObjectiveUnit {
    if request.mode == Mode::Cost {
        return ObjectiveUnit::Budget;
    }
    match request.objective {
        Objective::Exits => ObjectiveUnit::Households,
        Objective::Rate => ObjectiveUnit::Points,
        Objective::Ntm => ObjectiveUnit::Communes,
        Objective::Access | Objective::Mix => ObjectiveUnit::Share,
    }
}

/// A small positive number with three significant digits (at most 6 decimals).
fn significant(x: f64, lang: Lang) -> String {
    let mut places = 0u32;
    while places < 6 && x.abs() * 10f64.powi(places as i32) < 100.0 {
        places += 1;
    }
    number(x, places, lang)
}

/// A number with `places` decimals in `lang`'s notation.
fn number(x: f64, places: u32, lang: Lang) -> String {
    let scaled = (x * 10f64.powi(places as i32)).round() as i64;
    crate::format::decimal(rust_decimal::Decimal::new(scaled, places), places, lang)
}

/// The value of the LP objective at the solution (for the rounding report).
fn objective_value(
    _request: &Request,
    solution: &impl Solution,
    objective: &Expression,
    _terms: (Option<Variable>, &[(usize, Variable)], &[(usize, Variable)]),
) -> f64 {
    solution.eval(objective)
}

/// Whether a source's amount is what the cost mode finds: a province-held grant (central or
/// province budget, integrated programs, donations at province level).
fn is_found(source: &crate::funding::Source) -> bool {
    source.kind == SourceKind::Grant && source.level == Level::Province
}

/// A rule's commune filter, floor and cap.
fn limits(rule: &Rule) -> (CommuneFilter, Dong, Option<Dong>) {
    match rule {
        Rule::Criteria(c) => (c.communes, c.floor, c.cap),
        Rule::Demand(d) => (d.communes, Dong::ZERO, None),
        Rule::Planned(p) => (p.communes, p.floor, p.cap),
        _ => (CommuneFilter::All, Dong::ZERO, None),
    }
}

/// A program's gain for a household it reaches: (mean, variance) per person per month, before
/// a loan's interest.
fn gain_of(effect: &crate::params::Effect, loan: Option<LoanUse>, credit: &crate::params::CreditEffects) -> (f64, f64) {
    let sd2 = |sd: i32| f64::from(sd) * f64::from(sd);
    match loan {
        None => effect.gain.as_ref().map_or((0.0, 0.0), |g| (f64::from(g.mean), sd2(g.sd))),
        Some(l) => {
            let keep = 1.0 - f64::from(l.fails) / 65_535.0;
            match l.purpose {
                LoanPurpose::Livelihood => {
                    effect.gain.as_ref().map_or((0.0, 0.0), |g| (keep * f64::from(g.mean), keep * sd2(g.sd)))
                }
                LoanPurpose::LabourExport => {
                    let months = f64::from(credit.months_abroad.min(12)) / 12.0;
                    let g = &credit.labour_export_gain;
                    (keep * f64::from(g.mean) * months, keep * sd2(g.sd) * months * months)
                }
                LoanPurpose::Students | LoanPurpose::Water | LoanPurpose::Housing => (0.0, 0.0),
            }
        }
    }
}

/// Refuses a cost-mode question whose targets no money can reach: even every eligible
/// household reached by every adjustable line.
fn refuse_unreachable(
    request: &Request,
    pools: &[Pool],
    pairs: &[Pair],
    dataset: &Dataset,
    (rate_gap, ntm_gap, access_gap): (f64, &[f64], [f64; 5]),
    levels: &[f64; 5],
) -> Result<(), Refusal> {
    let communes = dataset.communes();
    let reachable = |c: usize| -> Delta {
        let mut d = Delta::default();
        for (pi, pool) in pools.iter().enumerate() {
            if pairs.iter().any(|p| p.pool == pi && p.filter.admits(&communes[c])) {
                for piece in &pool.pieces[c] {
                    d.add(&piece.delta);
                }
            }
        }
        d
    };
    let all: Vec<Delta> = (0..communes.len()).map(reachable).collect();
    if request.goals.rate && rate_gap > 0.0 {
        let most: f64 = all.iter().map(|d| d.poor).sum();
        if most < rate_gap {
            return Err(Refusal::new(
                format!("Không thể đạt chỉ tiêu giảm 0,5 điểm %: kể cả khi mọi hộ đủ điều kiện đều được mọi dòng điều chỉnh được hỗ trợ, số hộ nghèo dự kiến chỉ giảm thêm khoảng {} hộ, trong khi cần {} hộ.", number(most, 0, Lang::Vi), number(rate_gap, 0, Lang::Vi)),
                format!("The 0.5-point reduction is out of reach: even with every eligible household reached by every adjustable line, expected poor households fall by only about {} more, and {} are needed.", number(most, 0, Lang::En), number(rate_gap, 0, Lang::En)),
            ));
        }
    }
    if request.goals.ntm {
        let out: Vec<&crate::dataset::Commune> =
            (0..communes.len()).filter(|&c| ntm_gap[c] > 0.0 && all[c].ntm < ntm_gap[c]).map(|c| &communes[c]).collect();
        if !out.is_empty() {
            let names: Vec<String> = out.iter().take(5).map(|c| c.full_name()).collect();
            let more = if out.len() > 5 { (format!(" và {} xã khác", out.len() - 5), format!(" and {} more", out.len() - 5)) } else { (String::new(), String::new()) };
            return Err(Refusal::new(
                format!("Không thể đưa mọi xã đạt tiêu chí nghèo nông thôn mới: {} xã không đạt được kể cả khi mọi hộ đủ điều kiện đều được hỗ trợ ({}{}). Hãy bỏ chọn chỉ tiêu này hoặc xem lại ngưỡng của tiêu chí.", out.len(), names.join(", "), more.0),
                format!("Every xã cannot meet the new-rural poverty criterion: {} xã stay above it even with every eligible household reached ({}{}). Untick that target or check the criterion's threshold.", out.len(), names.join(", "), more.1),
            ));
        }
    }
    if request.goals.access {
        for (a, gap) in access_gap.iter().enumerate() {
            let most: f64 = all.iter().map(|d| d.access[a] - levels[a] * d.pn).sum();
            if *gap > 0.0 && most < *gap {
                let k = Access::ALL[a];
                return Err(Refusal::new(
                    format!("Không thể đạt chỉ tiêu tiếp cận “{}”: không dòng điều chỉnh được nào đủ để đạt mức {} kể cả khi mọi hộ đủ điều kiện đều được hỗ trợ.", k.label(Lang::Vi), number(levels[a] * 100.0, 0, Lang::Vi) + " %"),
                    format!("The access target “{}” is out of reach: no adjustable line gets it to {} even with every eligible household reached.", k.label(Lang::En), number(levels[a] * 100.0, 0, Lang::En) + " %"),
                ));
            }
        }
    }
    Ok(())
}

/// Why a question the checks above let through has no solution.
fn infeasible(request: &Request, pairs: &[Pair], view: &Scenario) -> Refusal {
    let floors: Vec<String> = pairs
        .iter()
        .filter(|p| p.floor > Dong::ZERO)
        .map(|p| format!("{} → {}", view.sources[p.source].id, p.program))
        .collect();
    let floors = if floors.is_empty() { String::new() } else { floors.join(", ") };
    match request.mode {
        Mode::Impact => Refusal::new(
            format!("Không có phương án thỏa mọi ràng buộc: mức tối thiểu mỗi xã ({floors}) hoặc các ô cố định cần nhiều tiền hơn nguồn có. Hãy hạ mức tối thiểu hoặc bỏ cố định rồi chạy lại."),
            format!("No allocation meets every constraint: the per-commune floors ({floors}) or the locked cells need more than the sources hold. Lower the floors or unlock cells and run it again."),
        ),
        Mode::Cost => Refusal::new(
            "Không có phương án đạt các chỉ tiêu đã chọn: khả năng cho vay của Ngân hàng Chính sách xã hội, quỹ của các huyện, xã, các ô cố định hoặc mức tối thiểu mỗi xã không cho phép. Hãy bỏ bớt chỉ tiêu hoặc nới các ràng buộc đó.",
            "No plan reaches the chosen targets: the Social Policy Bank's lending capacity, the districts' and communes' funds, the locked cells or the per-commune floors do not allow it. Untick a target or relax those constraints.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_matches_known_values() {
        for (x, want) in [(0.0, 0.5), (1.0, 0.841_344_746), (-1.0, 0.158_655_254), (1.959_964, 0.975), (3.0, 0.998_650_102)] {
            assert!((phi(x) - want).abs() < 2e-7, "Φ({x}) = {} not {want}", phi(x));
        }
    }

    #[test]
    fn exp_matches_std() {
        for x in [-0.0, -0.5, -1.0, -10.0, -100.0, -700.0] {
            let (a, b) = (exp_neg(x), f64::exp(x));
            assert!((a - b).abs() <= b * 1e-14, "exp({x}) = {a} not {b}");
        }
    }
}
