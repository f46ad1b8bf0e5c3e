//! Spreading money across communes, exactly to the đồng.
//!
//! A scenario's **lines** each take an amount from one source for one program and spread it
//! by a [`Rule`]: a criteria formula, demand at unit cost, the legal cost of an entitlement, or
//! kept at province level. **Overrides** lock a commune's amount on a line; the rest of the
//! line is spread over the other communes. Every split is by largest remainder
//! ([`crate::money::largest_remainder`]) with ties broken by GSO code, so for every line the
//! cells add up to what the line placed, and the line's leftover is reported, never hidden.
//!
//! The rules, step by step, are in `docs/allocation.md`.

use crate::dataset::{Commune, CommuneCode, Dataset};
use crate::diagnostics::{Diagnostic, DiagnosticKind, Severity, Subject};
use crate::funding::{Source, SourceId};
use crate::line::{CommuneOrder, Criteria, Demand, Line, Rule};
use crate::money::{largest_remainder, Dong};
use crate::program::{CommuneFilter, Program, ProgramId};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// Who receives a cell's money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum Recipient {
    /// Spent at province level.
    Province,
    /// A commune.
    Commune(CommuneCode),
}

/// One source × program × recipient amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Index of the line in the scenario.
    pub line: usize,
    /// Who receives it.
    pub recipient: Recipient,
    /// How much.
    pub amount: Dong,
    /// Units it pays for, where the rule counts units (demand, entitlement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<u64>,
    /// Set by an override.
    pub locked: bool,
}

/// What became of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineResult {
    /// The line's source.
    pub source: SourceId,
    /// The line's program.
    pub program: ProgramId,
    /// The line's amount.
    pub amount: Dong,
    /// Placed in cells (always the sum of the line's cells).
    pub allocated: Dong,
    /// Not placed (amount − allocated; negative only when locked cells exceed the amount).
    pub leftover: Dong,
}

/// A source's money: what it has, what lines ask of it and what they placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceBalance {
    /// The source.
    pub source: SourceId,
    /// What it has.
    pub available: Dong,
    /// What its lines ask for.
    pub committed: Dong,
    /// What its lines placed in cells.
    pub allocated: Dong,
    /// available − allocated: the money still in the source.
    pub remaining: Dong,
}

/// An entitlement program's legal cost and its funding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitlementCost {
    /// The program.
    pub program: ProgramId,
    /// Units (people, households, pupils) entitled.
    pub units: u64,
    /// Cost from head-counts × legal unit amounts × state share.
    pub cost: Dong,
    /// What the lines for this program placed.
    pub funded: Dong,
    /// cost − funded, at least zero.
    pub shortfall: Dong,
}

/// The allocation of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// Every non-zero or locked cell, by line then recipient.
    pub cells: Vec<Cell>,
    /// Per line, in scenario order.
    pub lines: Vec<LineResult>,
    /// Per source, in scenario order.
    pub sources: Vec<SourceBalance>,
    /// Entitlement programs, apart from discretionary allocations.
    pub entitlements: Vec<EntitlementCost>,
    /// Problems, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl Allocation {
    /// The cells of one line.
    pub fn cells_of(&self, line: usize) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.line == line)
    }

    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Allocates a validated scenario over a dataset.
///
/// The scenario must have passed [`Scenario::validate`] against the same dataset (ids
/// resolve, amounts in range); a scenario from [`Scenario::from_json`] has.
#[must_use]
pub fn allocate(scenario: &Scenario, dataset: &Dataset) -> Allocation {
    let ctx = Context::new(scenario, dataset);
    let mut cells = Vec::new();
    let mut lines = Vec::with_capacity(scenario.lines.len());
    let mut diagnostics = Vec::new();
    for (i, line) in scenario.lines.iter().enumerate() {
        let before = cells.len();
        allocate_line(&ctx, i, line, &mut cells, &mut diagnostics);
        let allocated: Dong = cells[before..].iter().map(|c| c.amount).sum();
        lines.push(LineResult {
            source: line.source.clone(),
            program: line.program.clone(),
            amount: line.amount,
            allocated,
            leftover: line.amount - allocated,
        });
    }
    let sources = scenario
        .sources
        .iter()
        .map(|s| {
            let of_source = || lines.iter().filter(|l| l.source == s.id);
            let committed: Dong = of_source().map(|l| l.amount).sum();
            let allocated: Dong = of_source().map(|l| l.allocated).sum();
            let at = ctx.subject(Some(s), None, None, None);
            if committed > s.amount {
                diagnostics.push(
                    at.diagnostic(Severity::Error, DiagnosticKind::OverCommitted { available: s.amount, committed }),
                );
            } else if committed < s.amount {
                diagnostics.push(
                    at.diagnostic(Severity::Warning, DiagnosticKind::Unassigned { amount: s.amount - committed }),
                );
            }
            SourceBalance {
                source: s.id.clone(),
                available: s.amount,
                committed,
                allocated,
                remaining: s.amount - allocated,
            }
        })
        .collect();
    let entitlements = scenario
        .programs
        .iter()
        .filter(|p| p.entitlement)
        .map(|p| {
            let (units, cost) = ctx
                .communes
                .iter()
                .fold((0, Dong::ZERO), |(u, c), commune| (u + p.units_in(commune), c + p.cost_in(commune)));
            let funded: Dong = lines.iter().filter(|l| l.program == p.id).map(|l| l.allocated).sum();
            let shortfall = if funded < cost { cost - funded } else { Dong::ZERO };
            if shortfall > Dong::ZERO {
                let at = ctx.subject(None, Some(p), None, None);
                diagnostics.push(at.diagnostic(Severity::Error, DiagnosticKind::EntitlementUnfunded { cost, funded }));
            }
            EntitlementCost { program: p.id.clone(), units, cost, funded, shortfall }
        })
        .collect();
    diagnostics.sort_by_key(|d| d.severity);
    Allocation { cells, lines, sources, entitlements, diagnostics }
}

struct Context<'a> {
    scenario: &'a Scenario,
    communes: &'a [Commune],
    sources: HashMap<&'a SourceId, &'a Source>,
    programs: HashMap<&'a ProgramId, &'a Program>,
}

impl<'a> Context<'a> {
    fn new(scenario: &'a Scenario, dataset: &'a Dataset) -> Self {
        Self {
            scenario,
            communes: dataset.communes(),
            sources: scenario.sources.iter().map(|s| (&s.id, s)).collect(),
            programs: scenario.programs.iter().map(|p| (&p.id, p)).collect(),
        }
    }

    fn subject(
        &self,
        source: Option<&'a Source>,
        program: Option<&'a Program>,
        commune: Option<&'a Commune>,
        line: Option<usize>,
    ) -> Subject<'a> {
        Subject {
            source: source.map(|s| (&s.id, s.name_vi.as_str(), s.name_en.as_str())),
            program: program.map(|p| (&p.id, p.name_vi.as_str(), p.name_en.as_str())),
            commune: commune.map(|c| (c.code, c.name.as_str())),
            line,
        }
    }
}

fn allocate_line(ctx: &Context<'_>, index: usize, line: &Line, cells: &mut Vec<Cell>, out: &mut Vec<Diagnostic>) {
    let (Some(&source), Some(&program)) = (ctx.sources.get(&line.source), ctx.programs.get(&line.program)) else {
        return; // unreachable for a validated scenario
    };
    let at = ctx.subject(Some(source), Some(program), None, Some(index));
    if !source.may_pay_for(&program.id) {
        out.push(at.diagnostic(Severity::Error, DiagnosticKind::IneligibleUse));
    }

    // Locked cells first; the rule spreads what is left over the other communes.
    let mut locked: Vec<(usize, Dong)> = ctx
        .scenario
        .overrides
        .iter()
        .filter(|o| o.source == line.source && o.program == line.program)
        .filter_map(|o| ctx.communes.iter().position(|c| c.code == o.commune).map(|i| (i, o.amount)))
        .collect();
    locked.sort_unstable_by_key(|&(i, _)| i);
    let locked_sum: Dong = locked.iter().map(|&(_, a)| a).sum();
    if locked_sum > line.amount {
        out.push(at.diagnostic(
            Severity::Error,
            DiagnosticKind::OverridesExceedLine { locked: locked_sum, amount: line.amount },
        ));
    }
    let available = if locked_sum < line.amount { line.amount - locked_sum } else { Dong::ZERO };
    let is_locked = |i: usize| locked.iter().any(|&(l, _)| l == i);
    let filter = match &line.rule {
        Rule::Criteria(c) => Some(c.communes),
        Rule::Demand(d) => Some(d.communes),
        Rule::Entitlement | Rule::EntitlementShare(_) => Some(CommuneFilter::All),
        Rule::ProvinceLevel => None,
    };
    // A rural-only program reaches xã only, whatever the rule's filter says.
    let filter = filter.map(|f| if program.rural_only && f == CommuneFilter::All { CommuneFilter::Rural } else { f });
    for &(i, amount) in &locked {
        let commune = &ctx.communes[i];
        if !filter.is_some_and(|f| f.admits(commune)) {
            let at = ctx.subject(Some(source), Some(program), Some(commune), Some(index));
            out.push(at.diagnostic(Severity::Warning, DiagnosticKind::OverrideOutsideRule));
        }
        cells.push(Cell {
            line: index,
            recipient: Recipient::Commune(commune.code),
            amount,
            units: None,
            locked: true,
        });
    }
    let open: Vec<usize> = (0..ctx.communes.len())
        .filter(|&i| !is_locked(i) && filter.is_some_and(|f| f.admits(&ctx.communes[i])))
        .collect();
    if filter.is_some() && open.is_empty() && locked.is_empty() {
        out.push(at.diagnostic(Severity::Warning, DiagnosticKind::NoEligibleCommunes));
    }

    let spread: Vec<(usize, Dong, Option<u64>)> = match &line.rule {
        Rule::ProvinceLevel => {
            if available > Dong::ZERO {
                cells.push(Cell {
                    line: index,
                    recipient: Recipient::Province,
                    amount: available,
                    units: None,
                    locked: false,
                });
            }
            Vec::new()
        }
        Rule::Criteria(rule) => {
            // A program with a unit cost buys whole units: shares are whole units, and what is
            // less than one unit stays at the line. Per-commune activities are split in đồng.
            let whole_units = buys_whole_units(program);
            let unit = if whole_units { program.unit_cost.get() } else { rule.rounding_unit.dong() };
            let (shares, floors_lowered) = criteria(ctx.communes, &open, rule, available, unit, !whole_units);
            if whole_units {
                let placed: Dong = shares.iter().copied().sum();
                let left = available - placed;
                if left > Dong::ZERO {
                    out.push(at.diagnostic(
                        Severity::Warning,
                        DiagnosticKind::PartUnitLeft { leftover: left, unit_cost: program.unit_cost },
                    ));
                }
            }
            if floors_lowered {
                out.push(at.diagnostic(
                    Severity::Warning,
                    DiagnosticKind::FloorsNotMet { floor: rule.floor, communes: open.len() },
                ));
            }
            if let Some(terms) = &source.loan {
                loan_cap_by_commune(ctx, source, program, index, &open, &shares, terms.cap_per_household, out);
            }
            let units = |a: Dong| whole_units.then(|| (a.get() / unit) as u64);
            open.iter().zip(shares).map(|(&i, a)| (i, a, units(a))).collect()
        }
        Rule::Demand(rule) => {
            let unit_cost = rule.unit_cost.unwrap_or(program.unit_cost);
            if let Some(terms) = &source.loan {
                if unit_cost > terms.cap_per_household {
                    out.push(at.diagnostic(
                        Severity::Error,
                        DiagnosticKind::LoanAboveCap { per_household: unit_cost, cap: terms.cap_per_household },
                    ));
                }
            }
            let (funded, eligible, spread) = demand(ctx.communes, &open, program, rule, unit_cost, available);
            if funded < eligible {
                out.push(at.diagnostic(Severity::Warning, DiagnosticKind::DemandUnmet { funded, eligible }));
            }
            spread
        }
        Rule::Entitlement => entitlement(ctx.communes, &open, program, available, |c| program.cost_in(c)),
        Rule::EntitlementShare(e) => {
            // The cumulative share's cost less the previous lines': a commune's co-funded
            // amounts add up to its legal cost to the đồng.
            let before = ctx.scenario.share_before(index);
            let cost = |c: &Commune, share: Decimal| {
                Dong::round(Decimal::from(program.units_in(c)) * program.unit_cost.to_decimal() * share)
                    .unwrap_or(Dong::ZERO)
            };
            entitlement(ctx.communes, &open, program, available, |c| cost(c, before + e.share) - cost(c, before))
        }
    };
    let placed: Dong = spread.iter().map(|&(_, a, _)| a).sum();
    cells.extend(spread.into_iter().filter(|&(_, a, _)| a > Dong::ZERO).map(|(i, amount, units)| Cell {
        line: index,
        recipient: Recipient::Commune(ctx.communes[i].code),
        amount,
        units,
        locked: false,
    }));
    let province_level = matches!(line.rule, Rule::ProvinceLevel);
    let leftover = if province_level { Dong::ZERO } else { available - placed };
    // A leftover below one unit of a whole-unit line has its own warning already.
    let said = out.iter().any(|d| {
        d.line == Some(index) && matches!(d.kind, DiagnosticKind::PartUnitLeft { leftover: l, .. } if l == leftover)
    });
    if leftover > Dong::ZERO && !said {
        out.push(at.diagnostic(Severity::Warning, DiagnosticKind::LineLeftover { amount: leftover }));
    }
    // Spread cells come out in GSO order; locked ones were pushed first, so merge them in.
    if !locked.is_empty() {
        let line_cells = cells.iter().rposition(|c| c.line != index).map_or(0, |p| p + 1);
        cells[line_cells..].sort_by_key(|c| c.recipient);
    }
}

/// Points of one commune, as an integer number of millionths (weights have ≤ 6 decimals).
pub(crate) fn points(commune: &Commune, rule: &Criteria) -> u128 {
    let c = &commune.counts;
    let w = &rule.weights;
    // rate ≥ min % ⇔ poor × 100 ≥ min × households: exact, and no division on this hot path.
    let (poor_x100, households) = (Decimal::from(c.poor() * 100), Decimal::from(c.households));
    let bonus = rule
        .bands
        .iter()
        .filter(|b| c.households > 0 && poor_x100 >= b.min_rate_percent * households)
        .map(|b| b.bonus)
        .max()
        .unwrap_or(Decimal::ZERO);
    let total = w.base
        + w.poor * Decimal::from(c.poor())
        + w.near_poor * Decimal::from(c.near_poor)
        + w.escaped * Decimal::from(c.escaped_last_year)
        + bonus;
    let millionths = (total * Decimal::from(1_000_000)).trunc();
    u128::try_from(millionths).unwrap_or(0)
}

/// The criteria rule over `open` communes: floors, then the rest by points, capped communes'
/// excess re-spread over the others until no share exceeds the cap. Returns each open
/// commune's amount and whether floors had to be lowered.
/// Whether a criteria line of `program` hands out whole units (`docs/allocation.md`): every
/// program with a unit cost whose unit is a beneficiary (household, person, course, model,
/// cadre). Per-commune activities (unit: commune) are split in đồng at the rule's rounding unit.
#[must_use]
pub fn buys_whole_units(program: &Program) -> bool {
    program.unit_cost > Dong::ZERO && program.unit != crate::program::Unit::Commune
}

/// The criteria split of `available` in whole multiples of `unit` đồng. With `spread_rest`,
/// the part below one unit goes to the largest share; without it, it stays unplaced.
fn criteria(
    communes: &[Commune],
    open: &[usize],
    rule: &Criteria,
    available: Dong,
    unit: i64,
    spread_rest: bool,
) -> (Vec<Dong>, bool) {
    let n = open.len();
    if n == 0 || unit <= 0 {
        return (Vec::new(), false);
    }
    let units_total = available.get() / unit;
    let sub_unit = available.get() % unit;
    let mut floor = rule.floor.get() / unit;
    let cap = rule.cap.map(|c| c.get() / unit);
    let floors_lowered = floor.saturating_mul(n as i64) > units_total;
    if floors_lowered {
        floor = units_total / n as i64;
    }
    let weights: Vec<u128> = open.iter().map(|&i| points(&communes[i], rule)).collect();
    let keys: Vec<u64> = open.iter().map(|&i| u64::from(communes[i].code.0)).collect();
    let mut capped = vec![false; n];
    let mut shares = vec![floor; n];
    loop {
        let free: Vec<usize> = (0..n).filter(|&k| !capped[k]).collect();
        let fixed: i64 = (0..n).filter(|&k| capped[k]).map(|_| cap.unwrap_or(0)).sum();
        let pool = units_total - fixed - floor * free.len() as i64;
        let w: Vec<u128> = free.iter().map(|&k| weights[k]).collect();
        let k_: Vec<u64> = free.iter().map(|&k| keys[k]).collect();
        let split = largest_remainder(pool.max(0) as u64, &w, &k_).unwrap_or_else(|| vec![0; free.len()]);
        let mut newly_capped = false;
        for (&k, s) in free.iter().zip(split) {
            shares[k] = floor + s as i64;
            if let Some(cap) = cap {
                if shares[k] > cap {
                    capped[k] = true;
                    newly_capped = true;
                }
            }
        }
        if !newly_capped {
            break;
        }
        for k in 0..n {
            if capped[k] {
                shares[k] = cap.unwrap_or(shares[k]);
            }
        }
    }
    let mut amounts: Vec<Dong> = shares.iter().map(|&s| Dong::new(s * unit)).collect();
    // The part below one rounding unit goes to the largest share (lowest code on ties).
    if sub_unit > 0 && spread_rest {
        if let Some(k) = (0..n)
            .filter(|&k| amounts[k] > Dong::ZERO)
            .max_by(|&a, &b| amounts[a].cmp(&amounts[b]).then(keys[b].cmp(&keys[a])))
        {
            amounts[k] += Dong::new(sub_unit);
        }
    }
    (amounts, floors_lowered)
}

/// Warns where a loan line's money per eligible household in a commune is above the cap.
#[allow(clippy::too_many_arguments)]
fn loan_cap_by_commune(
    ctx: &Context<'_>,
    source: &Source,
    program: &Program,
    line: usize,
    open: &[usize],
    shares: &[Dong],
    cap: Dong,
    out: &mut Vec<Diagnostic>,
) {
    for (&i, &amount) in open.iter().zip(shares) {
        let commune = &ctx.communes[i];
        let households = program.units_in(commune);
        if amount > Dong::ZERO && (households == 0 || amount.get() > cap.get().saturating_mul(households as i64)) {
            let per_household = if households == 0 { amount } else { Dong::new(amount.get() / households as i64) };
            let at = ctx.subject(Some(source), Some(program), Some(commune), Some(line));
            out.push(at.diagnostic(Severity::Warning, DiagnosticKind::LoanAboveCap { per_household, cap }));
        }
    }
}

type Spread = Vec<(usize, Dong, Option<u64>)>;

/// The demand rule: whole units at `unit_cost`, group by group in priority order, communes
/// in the rule's order, until the money runs out. Returns (units funded, units eligible,
/// amounts).
fn demand(
    communes: &[Commune],
    open: &[usize],
    program: &Program,
    rule: &Demand,
    unit_cost: Dong,
    available: Dong,
) -> (u64, u64, Spread) {
    let mut order = open.to_vec();
    match rule.order {
        CommuneOrder::Code => {}
        CommuneOrder::PoorDesc => order.sort_by(|&a, &b| communes[b].counts.poor().cmp(&communes[a].counts.poor())),
        CommuneOrder::PovertyRateDesc => order.sort_by(|&a, &b| communes[b].counts.cmp_poor_rate(&communes[a].counts)),
    }
    let mut units = vec![0u64; communes.len()];
    let (mut funded, mut eligible) = (0u64, 0u64);
    let mut remaining = available.get();
    for group in &rule.priority {
        for &i in &order {
            let wanted = crate::program::units(group.count(&communes[i]), program.units_per_beneficiary);
            eligible += wanted;
            let affordable = if unit_cost.get() > 0 { (remaining / unit_cost.get()) as u64 } else { wanted };
            let n = wanted.min(affordable);
            units[i] += n;
            funded += n;
            remaining -= n as i64 * unit_cost.get();
        }
    }
    let spread = open.iter().map(|&i| (i, Dong::new(units[i] as i64 * unit_cost.get()), Some(units[i]))).collect();
    (funded, eligible, spread)
}

/// The entitlement rule: each commune its legal cost; if the line cannot pay them all, the
/// money is shared in proportion to the costs (largest remainder).
fn entitlement(
    communes: &[Commune],
    open: &[usize],
    program: &Program,
    available: Dong,
    cost_in: impl Fn(&Commune) -> Dong,
) -> Spread {
    let costs: Vec<Dong> = open.iter().map(|&i| cost_in(&communes[i])).collect();
    let total: Dong = costs.iter().sum();
    let amounts = if total <= available {
        costs
    } else {
        let w: Vec<u128> = costs.iter().map(|c| c.get().max(0) as u128).collect();
        let keys: Vec<u64> = open.iter().map(|&i| u64::from(communes[i].code.0)).collect();
        largest_remainder(available.get() as u64, &w, &keys)
            .unwrap_or_else(|| vec![0; open.len()])
            .into_iter()
            .map(|a| Dong::new(a as i64))
            .collect()
    };
    open.iter().zip(amounts).map(|(&i, a)| (i, a, Some(program.units_in(&communes[i])))).collect()
}

/// The allocation as written by `gnbv allocate --json` (`docs/cli-json.md`): every cell names
/// its source and program.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Dataset identifier.
    pub dataset: &'a str,
    /// Per source: available, committed, allocated, remaining.
    pub sources: &'a [SourceBalance],
    /// Per line.
    pub lines: &'a [LineResult],
    /// Entitlement programs' legal cost and funding.
    pub entitlements: &'a [EntitlementCost],
    /// Every non-zero or locked cell.
    pub cells: Vec<ReportCell<'a>>,
    /// Problems, errors first.
    pub diagnostics: &'a [Diagnostic],
}

/// A cell with its source and program.
#[derive(Debug, Serialize)]
pub struct ReportCell<'a> {
    /// Source id.
    pub source: &'a SourceId,
    /// Program id.
    pub program: &'a ProgramId,
    /// The level that holds the source's money (province, district, commune).
    pub source_level: Option<crate::funding::Level>,
    /// Who receives it.
    pub recipient: Recipient,
    /// How much.
    pub amount: Dong,
    /// Units it pays for, where counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<u64>,
    /// Set by an override.
    pub locked: bool,
}

impl Allocation {
    /// The report view for JSON output.
    #[must_use]
    pub fn report<'a>(&'a self, scenario: &'a Scenario) -> Report<'a> {
        let cells = self
            .cells
            .iter()
            .map(|c| {
                let line = &scenario.lines[c.line];
                ReportCell {
                    source: &line.source,
                    program: &line.program,
                    source_level: scenario.source(&line.source).map(|s| s.level),
                    recipient: c.recipient,
                    amount: c.amount,
                    units: c.units,
                    locked: c.locked,
                }
            })
            .collect();
        Report {
            dataset: &scenario.dataset,
            sources: &self.sources,
            lines: &self.lines,
            entitlements: &self.entitlements,
            cells,
            diagnostics: &self.diagnostics,
        }
    }
}
