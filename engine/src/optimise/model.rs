//! The linear programme's numbers from the projection's own household model
//! (`docs/optimiser.md`, Coefficients).
//!
//! [`Model::new`] on the scenario with the adjustable lines emptied (the *fixed* scenario) gives
//! every household's state after what is fixed: deprivations removed, gains, loans. Each
//! adjustable line's candidates per commune come in the targeting order of [`Model::order`] (the
//! function the projection targets with), one [`Piece`] per bucket; each household's change in
//! the probability of ending poor, poor or near-poor, and with access is an expected value
//! under the model's growth, shock and gain distributions taken as normal ([`Dynamics`]).

use super::lp::{Budget, Gaps, Pair, Piece, Problem};
use super::{Delta, Message, Mode, Objective, Refusal, Request};
use crate::allocation::{allocate, Allocation, LocalFund, Recipient};
use crate::dataset::Dataset;
use crate::format::Lang;
use crate::funding::{Level, LoanPurpose, SourceKind};
use crate::households::{flag, Households};
use crate::line::{Line, Planned, Rule};
use crate::money::Dong;
use crate::params::{Access, Consumption, CreditEffects, Effect};
use crate::program::{CommuneFilter, ProgramId};
use crate::scenario::Scenario;
use crate::simulation::{mask, Aim, Candidates, LoanUse, Model};
use crate::standard::{CompiledArea, PovertyStandard};

/// An adjustable line as the scenario knows it.
#[derive(Debug, Clone)]
pub(crate) struct Adjustable {
    /// Its index in the scenario's lines; `None` for a new line a source's uses allow.
    pub(crate) line: Option<usize>,
    pub(crate) program: ProgramId,
    pub(crate) filter: CommuneFilter,
    /// The line's own unit cost where its rule set one.
    pub(crate) own_unit_cost: Option<Dong>,
    /// Units per commune now (locked cells excluded).
    pub(crate) now: Vec<u64>,
}

/// The fixed state's expectations.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// Poor households at the end.
    pub(crate) poor: f64,
    /// Poor or near-poor at the end.
    pub(crate) pn: f64,
    /// Of them, with access, per kind.
    pub(crate) access: [f64; 5],
    /// Per commune, poor households counted by the new-rural criterion.
    pub(crate) ntm: Vec<f64>,
    /// Households poor at the start who leave poverty.
    pub(crate) exits: f64,
    /// Poor households at the start.
    pub(crate) start_poor: u64,
    /// Households.
    pub(crate) households: u64,
    /// The criterion's threshold (share).
    pub(crate) ntm_threshold: f64,
}

/// The question in numbers.
pub(crate) struct Built {
    /// The first year's scenario.
    pub(crate) view: Scenario,
    /// It with the adjustable lines holding only their locked cells.
    pub(crate) fixed: Scenario,
    /// The linear programme.
    pub(crate) problem: Problem,
    /// Per pair of the programme, the line it is.
    pub(crate) lines: Vec<Adjustable>,
    /// The fixed state.
    pub(crate) base: Base,
    /// What the answer leaves out.
    pub(crate) notes: Vec<Message>,
}

/// The model's dynamics as normal distributions.
struct Dynamics {
    growth_mean: f64,
    growth_sd: f64,
    shock: f64,
    shock_escaped: f64,
    loss_mean: f64,
    loss_sd: f64,
}

impl Dynamics {
    /// P(end income ≤ `line`) for a start income `y` with other gains of mean and variance:
    /// growth × (1 − a shock's loss, with its probability) + gains.
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
        // Var(G·X) = σG²σX² + σG²μX² + μG²σX².
        let v1 = y * y * (gs * gs * (x * x + ls * ls) + g * g * ls * ls) + var;
        (1.0 - shock) * normal_below(t, m0, v0) + shock * normal_below(t, m1, v1)
    }
}

/// P(X ≤ t) for X ~ N(m, v).
fn normal_below(t: f64, m: f64, v: f64) -> f64 {
    if v <= 0.0 {
        return if m <= t { 1.0 } else { 0.0 };
    }
    // IEEE 754 square root is correctly rounded: the same bits natively and in wasm.
    phi((t - m) / v.sqrt())
}

/// The standard normal distribution function, Abramowitz & Stegun 26.2.17 (error < 7.5e-8),
/// from basic operations only (no platform `exp`), so natively and in wasm alike.
pub(crate) fn phi(x: f64) -> f64 {
    if x < 0.0 {
        return 1.0 - phi(-x);
    }
    if x > 12.0 {
        return 1.0;
    }
    let t = 1.0 / (1.0 + 0.231_641_9 * x);
    let poly =
        t * (0.319_381_530 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    1.0 - 0.398_942_280_401_432_7 * exp_neg(-0.5 * x * x) * poly
}

/// eˣ for x ≤ 0 by range reduction and a Taylor polynomial (basic operations only).
pub(crate) fn exp_neg(x: f64) -> f64 {
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
    // 2^k exactly (−1010 ≤ k ≤ 0).
    p * f64::from_bits(((1023 + k as i64) as u64) << 52)
}

/// The income lines of an area's poor and poor-or-near-poor classes for a deprivation count.
fn lines_for(area: &CompiledArea, count: u8) -> (Option<u32>, Option<u32>) {
    let best = |cs: &[(u32, u8)]| cs.iter().filter(|(_, k)| *k <= count).map(|(l, _)| *l).max();
    let poor = best(&area.poor);
    (poor, poor.max(best(&area.near)))
}

/// The fixed state, household by household.
struct State<'m> {
    model: Model<'m>,
    dynamics: Dynamics,
    areas: Vec<CompiledArea>,
    /// Each household's gains in the fixed state (mean, variance).
    other: Vec<(f64, f64)>,
}

impl State<'_> {
    /// (P(poor), P(poor or near-poor)) of household `i` with deprivations `dep` and extra gains.
    fn probabilities(&self, i: usize, dep: u16, extra: (f64, f64)) -> (f64, f64) {
        let m = &self.model;
        let (poor_line, pn_line) = lines_for(&self.areas[i], dep.count_ones() as u8);
        let y = f64::from(m.income[i]);
        let g = (self.other[i].0 + extra.0, self.other[i].1 + extra.1);
        let escaped = m.flags[i] & flag::ESCAPED != 0;
        (self.dynamics.below(y, g, poor_line, escaped), self.dynamics.below(y, g, pn_line, escaped))
    }
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
fn gain_of(effect: &Effect, loan: Option<LoanUse>, credit: &CreditEffects) -> (f64, f64) {
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

/// Whether a source's amount is what the cost mode finds: a province-held grant.
pub(crate) fn is_found(source: &crate::funding::Source) -> bool {
    source.kind == SourceKind::Grant && source.level == Level::Province
}

/// A pool's key: lines of one pool share its households.
#[derive(Clone, PartialEq)]
struct PoolKey {
    effect: usize,
    groups: Vec<crate::params::Group>,
    loan: Option<(LoanPurpose, i64, u16)>,
}

/// The question about `view` (a one-year scenario) in numbers.
pub(crate) fn build(
    view: &Scenario,
    dataset: &Dataset,
    households: &Households,
    standard: &PovertyStandard,
    request: &Request,
) -> Result<Built, Refusal> {
    let view = view.clone();
    let allocation = allocate(&view, dataset);
    if let Some(e) = allocation.entitlements.iter().find(|e| e.shortfall > Dong::ZERO) {
        let (vi, en) = view
            .program(&e.program)
            .map_or((e.program.0.as_str(), e.program.0.as_str()), |p| (p.name_vi.as_str(), p.name_en.as_str()));
        return Err(Refusal::new(
            format!("Chế độ “{vi}” còn thiếu {} so với chi phí theo quy định: công cụ tối ưu bố trí đủ các chế độ trước; hãy tăng dòng của chế độ này rồi chạy lại.", e.shortfall.format(Lang::Vi)),
            format!("The entitlement “{en}” is {} short of its legal cost: the optimiser funds entitlements first; raise its line and run it again.", e.shortfall.format(Lang::En)),
        ));
    }
    let params = &view.simulation;
    let effect_of = |p: &ProgramId| params.effects.iter().position(|e| &e.program == p);
    let adjustable_program = |p: &ProgramId| view.program(p).is_some_and(|p| !p.entitlement) && effect_of(p).is_some();
    // In cost mode the credit is as planned: only grants are found.
    let adjustable_source = |s: &crate::funding::SourceId| {
        request.mode == Mode::Impact || view.source(s).is_some_and(|s| s.kind == SourceKind::Grant)
    };
    let adjustable_rule = |r: &Rule| matches!(r, Rule::Criteria(_) | Rule::Demand(_) | Rule::Planned(_));
    let communes = dataset.communes();
    let n = communes.len();

    // The fixed scenario: every adjustable line holds only its locked cells.
    let mut fixed = view.clone();
    let mut existing = Vec::new();
    for (i, line) in fixed.lines.iter_mut().enumerate() {
        if adjustable_program(&line.program) && adjustable_rule(&line.rule) && adjustable_source(&line.source) {
            let (filter, floor, cap) = limits(&line.rule);
            line.amount = view.locked_sum(&line.source, &line.program);
            line.rule = Rule::Planned(Planned {
                communes: filter,
                floor,
                cap,
                unit_cost: line.rule.unit_cost(),
                commune: vec![],
                units: vec![],
            });
            existing.push(i);
        }
    }
    let fixed_allocation = allocate(&fixed, dataset);
    let state = state(dataset, households, standard, &fixed, &fixed_allocation);
    let m = &state.model;

    // The fixed state's expectations.
    let access_masks: [u16; 5] = Access::ALL.map(|a| mask(standard, a.keys()));
    let counts_sp = params.ntm_excludes_social_protection;
    let mut base = Base {
        poor: 0.0,
        pn: 0.0,
        access: [0.0; 5],
        ntm: vec![0.0; n],
        exits: 0.0,
        start_poor: 0,
        households: communes.iter().map(|c| c.counts.households).sum(),
        ntm_threshold: f64::from(params.ntm_threshold_bp) / 1e4,
    };
    let mut before: Vec<(f64, f64)> = vec![(0.0, 0.0); households.len()];
    for s in households.segments() {
        let rows = s.start as usize..s.end as usize;
        for (i, slot) in rows.clone().zip(&mut before[rows]) {
            let (p, pn) = state.probabilities(i, m.deprivations[i], (0.0, 0.0));
            *slot = (p, pn);
            base.poor += p;
            base.pn += pn;
            for (a, mask) in base.access.iter_mut().zip(access_masks) {
                if m.deprivations[i] & mask == 0 {
                    *a += pn;
                }
            }
            if !counts_sp || m.flags[i] & flag::SOCIAL_PROTECTION == 0 {
                base.ntm[s.commune as usize] += p;
            }
            if m.base[i] & 1 != 0 {
                base.start_poor += 1;
                base.exits += 1.0 - p;
            }
        }
    }

    // The fixed state's totals from the model's own draws rather than the normal
    // approximation: the changes below are measured against them (docs/optimiser.md).
    calibrate(&mut base, m, params.ntm_excludes_social_protection);

    let mut candidates: Vec<(Option<usize>, usize, ProgramId)> = existing
        .iter()
        .map(|&i| {
            let l = &view.lines[i];
            (Some(i), view.sources.iter().position(|s| s.id == l.source).unwrap_or(0), l.program.clone())
        })
        .collect();
    for (si, s) in view.sources.iter().enumerate() {
        for p in &s.uses {
            if adjustable_program(p) && adjustable_source(&s.id) && view.line_of(&s.id, p).is_none() {
                candidates.push((None, si, p.clone()));
            }
        }
    }

    let credit = &params.credit;
    // Candidates per commune: poor, near-poor or escaped at the start.
    let rows = Candidates::of(m, &households.deprivations, credit);
    let mut keys: Vec<PoolKey> = Vec::new();
    let mut pools: Vec<Vec<Vec<Piece>>> = Vec::new();
    let mut removes: Vec<u16> = Vec::new();
    let mut pairs = Vec::new();
    let mut lines = Vec::new();
    let mut buckets: Vec<Vec<u32>> = Vec::new();
    for (line, si, program) in candidates {
        let (Some(k), Some(prog)) = (effect_of(&program), view.program(&program)) else { continue };
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
        let unit_cost = the_line.rule.unit_cost().unwrap_or(prog.unit_cost).get();
        if unit_cost <= 0 {
            continue;
        }
        let groups = Model::line_groups(&the_line.rule, effect);
        let loan = Model::loan_use(&view, &the_line);
        let key = PoolKey {
            effect: k,
            groups: groups.clone(),
            loan: loan.map(|l| (l.purpose, l.interest_per_household, l.fails)),
        };
        let pool = if let Some(p) = keys.iter().position(|x| *x == key) {
            p
        } else {
            let removes_mask = match loan.map(|l| l.purpose) {
                Some(LoanPurpose::Students) => mask(standard, &["child_schooling"]),
                _ => mask(standard, &effect.removes.iter().map(String::as_str).collect::<Vec<_>>()),
            };
            let causes = effect.matches_causes.iter().fold(0u16, |acc, c| acc | c.bit());
            let invests =
                loan.is_some_and(|l| matches!(l.purpose, LoanPurpose::Livelihood | LoanPurpose::LabourExport));
            let aim = Aim::new((&groups, removes_mask, causes), loan.map(|_| invests && credit.requires_labour));
            // Households the program already reached in the fixed state are not reached again.
            let mut seen = vec![false; households.len()];
            for &r in &m.reached_rows[k] {
                seen[r as usize] = true;
            }
            let gain = gain_of(effect, loan, credit);
            let mut per_commune = vec![Vec::new(); n];
            for (c, pieces) in per_commune.iter_mut().enumerate() {
                rows.order(c, &aim, |r| seen[r as usize], &mut buckets);
                for bucket in buckets.iter().filter(|b| !b.is_empty()) {
                    let mut piece = Piece::default();
                    for &r in bucket {
                        let i = r as usize;
                        piece.units += match effect.consumption {
                            Consumption::PerMember => f64::from(households.members[i]),
                            Consumption::Milli(x) => f64::from(x) / 1000.0,
                        };
                        let members = f64::from(households.members[i].max(1));
                        let interest = loan.map_or(0.0, |l| l.interest_per_household as f64 / members);
                        let dep = m.deprivations[i] & !removes_mask;
                        let (p0, pn0) = before[i];
                        let (p1, pn1) = state.probabilities(i, dep, (gain.0 - interest, gain.1));
                        let mut d = Delta { poor: p0 - p1, pn: pn1 - pn0, ..Delta::default() };
                        if m.base[i] & 1 != 0 {
                            d.exits = d.poor;
                        }
                        if !counts_sp || m.flags[i] & flag::SOCIAL_PROTECTION == 0 {
                            d.ntm = d.poor;
                        }
                        for (a, mask) in d.access.iter_mut().zip(access_masks) {
                            let had = if m.deprivations[i] & mask == 0 { pn0 } else { 0.0 };
                            let has = if dep & mask == 0 { pn1 } else { 0.0 };
                            *a = has - had;
                        }
                        piece.delta.add(&d);
                    }
                    pieces.push(piece);
                }
                // Trailing pieces that change nothing (households without the deprivation the
                // program removes, and no gain) are never worth buying; earlier ones stay, since
                // the model reaches them before the pieces after them.
                while pieces.last().is_some_and(|p: &Piece| p.delta.is_nothing()) {
                    pieces.pop();
                }
            }
            keys.push(key);
            pools.push(per_commune);
            removes.push(removes_mask);
            pools.len() - 1
        };
        let (filter, floor, cap) = limits(&the_line.rule);
        let filter = if prog.rural_only && filter == CommuneFilter::All { CommuneFilter::Rural } else { filter };
        let open = communes
            .iter()
            .map(|c| {
                filter.admits(c)
                    && !view
                        .overrides
                        .iter()
                        .any(|o| o.source == source.id && o.program == program && o.commune == c.code)
            })
            .collect();
        let mut now = vec![0u64; n];
        if let Some(i) = line {
            for cell in allocation.cells_of(i).filter(|c| !c.locked) {
                if let Recipient::Commune(code) = cell.recipient {
                    if let Ok(ci) = communes.binary_search_by_key(&code, |c| c.code) {
                        now[ci] +=
                            cell.units.unwrap_or_else(|| u64::try_from(cell.amount.get() / unit_cost).unwrap_or(0));
                    }
                }
            }
        }
        pairs.push(Pair { source: si, pool, unit_cost, cap, floor, open });
        lines.push(Adjustable { line, program, filter, own_unit_cost: the_line.rule.unit_cost(), now });
    }
    if pairs.is_empty() {
        return Err(Refusal::new(
            "Kịch bản không có dòng nào để tối ưu: các chế độ, dòng chi ở cấp tỉnh và chương trình mà mô hình chưa biết tác động được giữ nguyên.",
            "The scenario has no line to optimise: entitlements, province-level lines and programs whose effect the model does not know stay as they are.",
        ));
    }

    // Budgets: what each source has beyond its fixed lines and locked cells.
    let budgets = view
        .sources
        .iter()
        .map(|s| {
            let committed: Dong = fixed.lines.iter().filter(|l| l.source == s.id).map(|l| l.amount).sum();
            let limit = if s.available() > committed { s.available() - committed } else { Dong::ZERO };
            if let Some(fund) = LocalFund::new(s, dataset) {
                let mut held = fund.held.clone();
                for cell in fixed_allocation.cells.iter().filter(|c| fixed.lines[c.line].source == s.id) {
                    if let Recipient::Commune(code) = cell.recipient {
                        if let Ok(ci) = communes.binary_search_by_key(&code, |c| c.code) {
                            let k = fund.of_commune[ci];
                            held[k] = if held[k] > cell.amount { held[k] - cell.amount } else { Dong::ZERO };
                        }
                    }
                }
                Budget::Local { of_commune: fund.of_commune.clone(), held }
            } else if request.mode == Mode::Cost && is_found(s) {
                Budget::Found
            } else {
                Budget::Limit(limit)
            }
        })
        .collect();

    // Targets' gaps in the fixed state. Access kinds no adjustable line changes (health
    // insurance: an entitlement) are not the optimiser's.
    let t = &params.access_targets;
    let levels = [t.health_insurance_bp, t.schooling_bp, t.water_bp, t.sanitation_bp, t.information_bp]
        .map(|l| f64::from(l) / 1e4);
    let touched: [bool; 5] = std::array::from_fn(|a| {
        removes.iter().zip(&pools).any(|(r, p)| r & access_masks[a] != 0 && p.iter().flatten().any(|x| x.units > 0.0))
    });
    let mut notes = Vec::new();
    let asks_access = (request.mode == Mode::Cost && request.goals.access)
        || (request.mode == Mode::Impact && matches!(request.objective, Objective::Access | Objective::Mix));
    for (a, k) in Access::ALL.iter().enumerate() {
        if !touched[a] && asks_access {
            notes.push(Message {
                message_vi: format!("Chỉ tiêu “{}” không do dòng điều chỉnh được nào quyết định (chế độ theo quy định, hoặc chưa có chương trình): công cụ tối ưu không xét chỉ tiêu này.", k.label(Lang::Vi)),
                message_en: format!("The target “{}” is not decided by any adjustable line (an entitlement, or no program for it): the optimiser leaves it out.", k.label(Lang::En)),
            });
        }
    }
    // The linear model adds programs up household by household; the model's draws of the
    // current allocation say how much of that sum it really does. Every piece's poverty
    // changes are scaled by that ratio (docs/optimiser.md, Calibration).
    let ratio = calibration_ratio(&view, &allocation, (dataset, households, standard), &base, (&pools, &pairs, &lines));
    for piece in pools.iter_mut().flatten().flatten() {
        piece.delta.poor *= ratio;
        piece.delta.exits *= ratio;
        piece.delta.ntm *= ratio;
    }
    let gaps = Gaps {
        rate: (base.poor - (base.start_poor as f64 - 0.005 * base.households as f64)).max(0.0),
        ntm: communes
            .iter()
            .enumerate()
            .map(|(c, x)| {
                if x.ntm_2019 {
                    (base.ntm[c] - base.ntm_threshold * x.counts.households as f64).max(0.0)
                } else {
                    0.0
                }
            })
            .collect(),
        access: std::array::from_fn(|a| if touched[a] { (levels[a] * base.pn - base.access[a]).max(0.0) } else { 0.0 }),
        levels,
    };
    let problem = Problem { communes: n, pools, pairs, budgets, gaps };
    Ok(Built { view, fixed, problem, lines, base, notes })
}

/// Draws of the fixed state that set its totals.
const CALIBRATION_DRAWS: u32 = 10;

/// Sets the fixed state's totals to the mean of [`CALIBRATION_DRAWS`] of the model's draws
/// (the scenario's seed, draws 0, 1, …): the normal approximation gives each household's
/// change, the draws the level it changes from.
fn calibrate(base: &mut Base, model: &Model<'_>, excludes_social_protection: bool) {
    let draws = model.run(0..CALIBRATION_DRAWS);
    let k = f64::from(CALIBRATION_DRAWS);
    let mut total = crate::simulation::Tally::default();
    let mut ntm = vec![0u64; base.ntm.len()];
    for draw in &draws {
        for (c, t) in draw.iter().enumerate() {
            total.add(t);
            ntm[c] += u64::from(if excludes_social_protection { t.poor_without_social_protection } else { t.poor });
        }
    }
    base.poor = f64::from(total.poor) / k;
    base.pn = f64::from(total.poor_or_near) / k;
    base.exits = f64::from(total.exits) / k;
    base.access = total.access.map(|a| f64::from(a) / k);
    base.ntm = ntm.iter().map(|&x| x as f64 / k).collect();
}

/// Most and least the linear model's poverty changes are scaled by (a ratio outside means the
/// two models disagree too much to calibrate: it is clamped, and the tests would show it).
const RATIO_RANGE: (f64, f64) = (0.5, 1.5);

/// Poor households fewer in the model's draws of the current allocation (against the fixed
/// state's) over what the linear model predicts for the same units: 1 when the current
/// allocation changes too little to measure.
fn calibration_ratio(
    view: &Scenario,
    allocation: &Allocation,
    (dataset, households, standard): (&Dataset, &Households, &PovertyStandard),
    base: &Base,
    (pools, pairs, lines): (&[Vec<Vec<Piece>>], &[Pair], &[Adjustable]),
) -> f64 {
    let mut linear = 0.0;
    for (pi, pool) in pools.iter().enumerate() {
        for (c, pieces) in pool.iter().enumerate() {
            let units: f64 = pairs.iter().zip(lines).filter(|(p, _)| p.pool == pi).map(|(_, l)| l.now[c] as f64).sum();
            linear += super::lp::filled(pieces, units).poor;
        }
    }
    if linear < 50.0 {
        return 1.0;
    }
    // At the parameters' values: the linear model's coefficients are.
    let model = Model::new(dataset, standard, households, view, allocation).at_parameter_values();
    let poor: u64 = model.run(0..CALIBRATION_DRAWS).iter().flatten().map(|t| u64::from(t.poor)).sum();
    let drawn = base.poor - poor as f64 / f64::from(CALIBRATION_DRAWS);
    (drawn / linear).clamp(RATIO_RANGE.0, RATIO_RANGE.1)
}

/// The fixed scenario's model and each household's gains in it.
fn state<'m>(
    dataset: &Dataset,
    households: &'m Households,
    standard: &PovertyStandard,
    fixed: &Scenario,
    allocation: &Allocation,
) -> State<'m> {
    let model = Model::new(dataset, standard, households, fixed, allocation).at_parameter_values();
    let params = &fixed.simulation;
    let (g, sh) = (&params.income_growth, &params.shocks);
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
    for s in households.segments() {
        areas[s.start as usize..s.end as usize].fill(*compiled.of(s.area));
    }
    // Normalish's scale is twice its standard deviation.
    let mut gain = vec![(0i32, 0i32); households.len()];
    for p in &model.gain_parts {
        let g = &mut gain[p.row as usize];
        *g = (g.0 + p.mean, g.1.saturating_add(p.scale));
    }
    let mut other: Vec<(f64, f64)> =
        gain.into_iter().map(|(mean, scale)| (f64::from(mean), (f64::from(scale) / 2.0).powi(2))).collect();
    for l in &model.loans {
        let keep = 1.0 - f64::from(l.fails) / 65_535.0;
        let o = &mut other[l.row as usize];
        o.0 += keep * f64::from(l.mean) - f64::from(l.interest);
        o.1 += keep * (f64::from(l.scale) / 2.0).powi(2);
    }
    State { model, dynamics, areas, other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_matches_known_values() {
        for (x, want) in
            [(0.0, 0.5), (1.0, 0.841_344_746), (-1.0, 0.158_655_254), (1.959_964, 0.975), (3.0, 0.998_650_102)]
        {
            assert!((phi(x) - want).abs() < 2e-7, "Φ({x}) = {} not {want}", phi(x));
        }
    }

    #[test]
    fn exp_matches_the_platform_s() {
        for x in [-0.0, -0.5, -1.0, -10.0, -100.0, -700.0] {
            let (a, b) = (exp_neg(x), f64::exp(x));
            assert!((a - b).abs() <= b * 1e-14, "exp({x}) = {a} not {b}");
        }
    }
}
