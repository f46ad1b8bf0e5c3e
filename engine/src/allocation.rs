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

use crate::dataset::{Commune, CommuneCode, Dataset, DistrictCode};
use crate::diagnostics::{Diagnostic, DiagnosticKind, Severity, Subject};
use crate::funding::{Level, Source, SourceId};
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

/// A district or commune that holds part of a locally held fund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum Locality {
    /// A district's fund: spent in its communes.
    District(DistrictCode),
    /// A commune's fund: spent in the commune.
    Commune(CommuneCode),
}

/// One locality's part of a line drawing on a locally held source (`docs/allocation.md`,
/// "Funds held by districts and communes").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalPart {
    /// Index of the line in the scenario.
    pub line: usize,
    /// The district or commune.
    pub locality: Locality,
    /// What its fund still held when the line came to it (after earlier lines and this
    /// line's locked cells).
    pub held: Dong,
    /// The line's part from this locality: the line shared in proportion to what each holds.
    pub part: Dong,
    /// What the rule placed in the locality's communes (at most `part`).
    pub placed: Dong,
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
    /// Lines of sources held by districts or communes, part by part (line, then locality).
    pub local_parts: Vec<LocalPart>,
    /// Problems, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl Allocation {
    /// The cells of one line.
    pub fn cells_of(&self, line: usize) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.line == line)
    }

    /// The locality parts of one line (empty for a line of a province-held source).
    pub fn local_parts_of(&self, line: usize) -> impl Iterator<Item = &LocalPart> {
        self.local_parts.iter().filter(move |p| p.line == line)
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
    let mut funds: HashMap<&SourceId, LocalFund> = HashMap::new();
    let mut local_parts = Vec::new();
    for source in &scenario.sources {
        if let Some(fund) = LocalFund::new(source, dataset) {
            if fund.held.iter().all(|h| *h == Dong::ZERO) && source.amount > Dong::ZERO {
                let at = ctx.subject(Some(source), None, None, None);
                diagnostics.push(at.diagnostic(Severity::Error, DiagnosticKind::NoLocalBalances));
            }
            funds.insert(&source.id, fund);
        }
    }
    for (i, line) in scenario.lines.iter().enumerate() {
        let before = cells.len();
        let mut out = Out { cells: &mut cells, diagnostics: &mut diagnostics, local_parts: &mut local_parts };
        allocate_line(&ctx, i, line, funds.get_mut(&line.source), &mut out);
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
            // A loan source lends its capacity (collections + new and entrusted capital).
            let available = s.available();
            if committed > available {
                diagnostics
                    .push(at.diagnostic(Severity::Error, DiagnosticKind::OverCommitted { available, committed }));
            } else if committed < available {
                diagnostics.push(
                    at.diagnostic(Severity::Warning, DiagnosticKind::Unassigned { amount: available - committed }),
                );
            }
            SourceBalance { source: s.id.clone(), available, committed, allocated, remaining: available - allocated }
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
    Allocation { cells, lines, sources, entitlements, local_parts, diagnostics }
}

/// Where a line's results go.
struct Out<'o> {
    cells: &'o mut Vec<Cell>,
    diagnostics: &'o mut Vec<Diagnostic>,
    local_parts: &'o mut Vec<LocalPart>,
}

/// A source held by districts or communes: what each locality still holds. The source's
/// amount is shared over the localities in proportion to the dataset's Day for the Poor
/// balances at its level (largest remainder, ties by GSO code), so with the dataset's own
/// total each locality holds exactly its balance.
pub(crate) struct LocalFund {
    /// The localities, in GSO order.
    pub(crate) localities: Vec<Locality>,
    /// What each still holds.
    pub(crate) held: Vec<Dong>,
    /// The locality of each commune (index into `localities`).
    pub(crate) of_commune: Vec<usize>,
}

impl LocalFund {
    pub(crate) fn new(source: &Source, dataset: &Dataset) -> Option<Self> {
        let communes = dataset.communes();
        let (localities, balances, of_commune): (Vec<Locality>, Vec<Dong>, Vec<usize>) = match source.level {
            Level::Province => return None,
            Level::District => {
                let districts = dataset.districts();
                let of = communes.iter().map(|c| districts.iter().position(|d| d.code == c.district).unwrap_or(0));
                (
                    districts.iter().map(|d| Locality::District(d.code)).collect(),
                    districts.iter().map(|d| d.day_for_poor).collect(),
                    of.collect(),
                )
            }
            Level::Commune => (
                communes.iter().map(|c| Locality::Commune(c.code)).collect(),
                communes.iter().map(|c| c.day_for_poor).collect(),
                (0..communes.len()).collect(),
            ),
        };
        let weights: Vec<u128> = balances.iter().map(|b| b.get().max(0) as u128).collect();
        let keys: Vec<u64> = localities.iter().map(Locality::key).collect();
        let held = largest_remainder(source.available().get().max(0) as u64, &weights, &keys).map_or_else(
            || vec![Dong::ZERO; localities.len()],
            |v| v.into_iter().map(|a| Dong::new(a as i64)).collect(),
        );
        Some(Self { localities, held, of_commune })
    }
}

impl Locality {
    /// The GSO code, the tie key of every split over localities.
    #[must_use]
    pub fn key(&self) -> u64 {
        match self {
            Self::District(d) => u64::from(d.0),
            Self::Commune(c) => u64::from(c.0),
        }
    }

    /// The name as written in documents ("Huyện Quỳnh Phụ", "Xã Đông Hòa").
    #[must_use]
    pub fn name(&self, dataset: &Dataset) -> String {
        match self {
            Self::District(d) => dataset.district(*d).map_or_else(|| d.0.to_string(), |d| d.full_name()),
            Self::Commune(c) => dataset.commune(*c).map_or_else(|| c.0.to_string(), |c| c.full_name()),
        }
    }
}

struct Context<'a> {
    scenario: &'a Scenario,
    dataset: &'a Dataset,
    communes: &'a [Commune],
    sources: HashMap<&'a SourceId, &'a Source>,
    programs: HashMap<&'a ProgramId, &'a Program>,
}

impl<'a> Context<'a> {
    fn new(scenario: &'a Scenario, dataset: &'a Dataset) -> Self {
        Self {
            scenario,
            dataset,
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

fn allocate_line(ctx: &Context<'_>, index: usize, line: &Line, mut fund: Option<&mut LocalFund>, out: &mut Out<'_>) {
    let (Some(&source), Some(&program)) = (ctx.sources.get(&line.source), ctx.programs.get(&line.program)) else {
        return; // unreachable for a validated scenario
    };
    let at = ctx.subject(Some(source), Some(program), None, Some(index));
    if !source.may_pay_for(&program.id) {
        out.diagnostics.push(at.diagnostic(Severity::Error, DiagnosticKind::IneligibleUse));
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
        out.diagnostics.push(at.diagnostic(
            Severity::Error,
            DiagnosticKind::OverridesExceedLine { locked: locked_sum, amount: line.amount },
        ));
    }
    let available = if locked_sum < line.amount { line.amount - locked_sum } else { Dong::ZERO };
    let is_locked = |i: usize| locked.iter().any(|&(l, _)| l == i);
    let filter = match &line.rule {
        Rule::Criteria(c) => Some(c.communes),
        Rule::Demand(d) => Some(d.communes),
        Rule::Planned(p) => Some(p.communes),
        Rule::Entitlement | Rule::EntitlementShare(_) => Some(CommuneFilter::All),
        Rule::ProvinceLevel => None,
    };
    // A rural-only program reaches xã only, whatever the rule's filter says.
    let filter = filter.map(|f| if program.rural_only && f == CommuneFilter::All { CommuneFilter::Rural } else { f });
    for &(i, amount) in &locked {
        let commune = &ctx.communes[i];
        let at = ctx.subject(Some(source), Some(program), Some(commune), Some(index));
        if !filter.is_some_and(|f| f.admits(commune)) {
            out.diagnostics.push(at.diagnostic(Severity::Warning, DiagnosticKind::OverrideOutsideRule));
        }
        // A locked amount is paid from its own locality's fund, and only from it.
        if let Some(fund) = fund.as_deref_mut() {
            let k = fund.of_commune[i];
            if amount > fund.held[k] {
                let locality = fund.localities[k].name(ctx.dataset);
                out.diagnostics.push(at.diagnostic(
                    Severity::Error,
                    DiagnosticKind::LocalityOverdrawn { locality, holds: fund.held[k], asked: amount },
                ));
            }
            fund.held[k] = if amount < fund.held[k] { fund.held[k] - amount } else { Dong::ZERO };
        }
        out.cells.push(Cell {
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
        out.diagnostics.push(at.diagnostic(Severity::Warning, DiagnosticKind::NoEligibleCommunes));
    }

    if matches!(line.rule, Rule::ProvinceLevel) {
        if fund.is_some() {
            // Money held by districts or communes is not the province's to spend.
            out.diagnostics.push(at.diagnostic(Severity::Error, DiagnosticKind::LocalFundAtProvince));
        } else if available > Dong::ZERO {
            out.cells.push(Cell {
                line: index,
                recipient: Recipient::Province,
                amount: available,
                units: None,
                locked: false,
            });
        }
    } else if let Rule::Planned(plan) = &line.rule {
        let spread = planned(ctx, plan, program, &open, available, fund);
        let placed: Dong = spread.iter().map(|&(_, a, _)| a).sum();
        let asked = plan
            .units
            .iter()
            .zip(&plan.commune)
            .filter(|&(_, code)| open.iter().any(|&i| ctx.communes[i].code == *code))
            .map(|(&u, _)| i128::from(u) * i128::from(plan.unit_cost.unwrap_or(program.unit_cost).get()))
            .sum::<i128>();
        if asked > i128::from(placed.get()) {
            let planned = Dong::new(i64::try_from(asked).unwrap_or(i64::MAX));
            out.diagnostics
                .push(at.diagnostic(Severity::Error, DiagnosticKind::PlanAboveMoney { planned, money: placed }));
        } else if available > placed {
            out.diagnostics
                .push(at.diagnostic(Severity::Warning, DiagnosticKind::LineLeftover { amount: available - placed }));
        }
        out.cells.extend(spread.into_iter().filter(|&(_, a, _)| a > Dong::ZERO).map(|(i, amount, units)| Cell {
            line: index,
            recipient: Recipient::Commune(ctx.communes[i].code),
            amount,
            units,
            locked: false,
        }));
    } else {
        let mut outcome = Outcome::default();
        let fund_is_local = fund.is_some();
        let mut taken = Dong::ZERO;
        match fund {
            None => outcome.add(spread(ctx, index, program, &open, available)),
            Some(fund) => {
                // The line is shared over the localities its communes are in, in proportion
                // to what each still holds; each part is spread by the rule over the
                // locality's own communes (`docs/allocation.md`).
                let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
                for &i in &open {
                    let k = fund.of_commune[i];
                    match groups.iter_mut().find(|(g, _)| *g == k) {
                        Some((_, members)) => members.push(i),
                        None => groups.push((k, vec![i])),
                    }
                }
                groups.sort_unstable_by_key(|(k, _)| *k);
                let holds: Dong = groups.iter().map(|&(k, _)| fund.held[k]).sum();
                if available > holds {
                    out.diagnostics.push(at.diagnostic(
                        Severity::Error,
                        DiagnosticKind::LocalFundsShort { asked: available, holds, localities: groups.len() },
                    ));
                }
                let take = available.min(holds);
                taken = take;
                let weights: Vec<u128> = groups.iter().map(|&(k, _)| fund.held[k].get().max(0) as u128).collect();
                let keys: Vec<u64> = groups.iter().map(|&(k, _)| fund.localities[k].key()).collect();
                let parts = largest_remainder(take.get().max(0) as u64, &weights, &keys)
                    .unwrap_or_else(|| vec![0; groups.len()]);
                for ((k, members), part) in groups.iter().zip(parts) {
                    let part = Dong::new(part as i64);
                    let one = spread(ctx, index, program, members, part);
                    let placed: Dong = one.spread.iter().map(|&(_, a, _)| a).sum();
                    out.local_parts.push(LocalPart {
                        line: index,
                        locality: fund.localities[*k],
                        held: fund.held[*k],
                        part,
                        placed,
                    });
                    fund.held[*k] -= placed;
                    outcome.add(one);
                }
            }
        }
        // The rule's own warnings, once for the whole line. What a locality's part does not
        // buy stays in that locality's fund.
        if outcome.part_unit_left > Dong::ZERO && !fund_is_local {
            out.diagnostics.push(at.diagnostic(
                Severity::Warning,
                DiagnosticKind::PartUnitLeft { leftover: outcome.part_unit_left, unit_cost: program.unit_cost },
            ));
        }
        if outcome.floors_lowered {
            if let Rule::Criteria(rule) = &line.rule {
                out.diagnostics.push(at.diagnostic(
                    Severity::Warning,
                    DiagnosticKind::FloorsNotMet { floor: rule.floor, communes: open.len() },
                ));
            }
        }
        if let Rule::Demand(rule) = &line.rule {
            let unit_cost = rule.unit_cost.unwrap_or(program.unit_cost);
            if let Some(terms) = &source.loan {
                if unit_cost > terms.cap_per_household {
                    out.diagnostics.push(at.diagnostic(
                        Severity::Error,
                        DiagnosticKind::LoanAboveCap { per_household: unit_cost, cap: terms.cap_per_household },
                    ));
                }
            }
            if outcome.funded < outcome.eligible {
                out.diagnostics.push(at.diagnostic(
                    Severity::Warning,
                    DiagnosticKind::DemandUnmet { funded: outcome.funded, eligible: outcome.eligible },
                ));
            }
        }
        outcome.spread.sort_unstable_by_key(|&(i, _, _)| i);
        if let (Rule::Criteria(_), Some(terms)) = (&line.rule, &source.loan) {
            loan_cap_by_commune(ctx, source, program, index, &outcome.spread, terms.cap_per_household, out.diagnostics);
        }
        let placed: Dong = outcome.spread.iter().map(|&(_, a, _)| a).sum();
        out.cells.extend(outcome.spread.into_iter().filter(|&(_, a, _)| a > Dong::ZERO).map(|(i, amount, units)| {
            Cell { line: index, recipient: Recipient::Commune(ctx.communes[i].code), amount, units, locked: false }
        }));
        let leftover = available - placed;
        if fund_is_local {
            // What the localities held for this line and did not use (what they did not hold
            // at all is the short-funds error above).
            let kept = taken - placed;
            if kept > Dong::ZERO {
                out.diagnostics
                    .push(at.diagnostic(Severity::Warning, DiagnosticKind::KeptInLocalFunds { amount: kept }));
            }
        } else if leftover > Dong::ZERO && leftover != outcome.part_unit_left {
            // A leftover below one unit of a whole-unit line has its own warning already.
            out.diagnostics.push(at.diagnostic(Severity::Warning, DiagnosticKind::LineLeftover { amount: leftover }));
        }
    }
    // Spread cells come out in GSO order; locked ones were pushed first, so merge them in.
    if !locked.is_empty() {
        let cells = &mut *out.cells;
        let line_cells = cells.iter().rposition(|c| c.line != index).map_or(0, |p| p + 1);
        cells[line_cells..].sort_by_key(|c| c.recipient);
    }
}

/// A planned line over its `open` communes, in GSO order: each named commune's units at the
/// program's unit cost, while the line's money (and the commune's locality's fund) lasts; a
/// commune past the money gets the whole units that are left.
fn planned(
    ctx: &Context<'_>,
    plan: &crate::line::Planned,
    program: &Program,
    open: &[usize],
    available: Dong,
    mut fund: Option<&mut LocalFund>,
) -> Spread {
    let cost = plan.unit_cost.unwrap_or(program.unit_cost).get();
    let mut left = available;
    let mut out = Spread::new();
    for &i in open {
        let units = plan.units_of(ctx.communes[i].code);
        if units == 0 || cost <= 0 {
            continue;
        }
        let mut can = left;
        if let Some(f) = fund.as_deref() {
            can = can.min(f.held[f.of_commune[i]]);
        }
        let units = units.min(u64::try_from(can.get() / cost).unwrap_or(0));
        let amount = Dong::new(i64::try_from(units).unwrap_or(0) * cost);
        left -= amount;
        if let Some(f) = fund.as_deref_mut() {
            let k = f.of_commune[i];
            f.held[k] -= amount;
        }
        out.push((i, amount, Some(units)));
    }
    out
}

/// What a rule made of some money over some communes.
#[derive(Default)]
struct Outcome {
    /// (commune index, amount, units).
    spread: Spread,
    /// Kept at the line because it is less than one unit (whole-unit criteria lines).
    part_unit_left: Dong,
    /// Criteria floors had to be lowered.
    floors_lowered: bool,
    /// Demand lines: units funded and eligible.
    funded: u64,
    eligible: u64,
}

impl Outcome {
    fn add(&mut self, other: Outcome) {
        self.spread.extend(other.spread);
        self.part_unit_left += other.part_unit_left;
        self.floors_lowered |= other.floors_lowered;
        self.funded += other.funded;
        self.eligible += other.eligible;
    }
}

/// Spreads `available` over the `open` communes by the line's rule (not province level).
fn spread(ctx: &Context<'_>, index: usize, program: &Program, open: &[usize], available: Dong) -> Outcome {
    match &ctx.scenario.lines[index].rule {
        Rule::ProvinceLevel | Rule::Planned(_) => Outcome::default(),
        Rule::Criteria(rule) => {
            // A program with a unit cost buys whole units: shares are whole units, and what is
            // less than one unit stays at the line. Per-commune activities are split in đồng.
            let whole_units = buys_whole_units(program);
            let unit = if whole_units { program.unit_cost.get() } else { rule.rounding_unit.dong() };
            let (shares, floors_lowered) = criteria(ctx.communes, open, rule, available, unit, !whole_units);
            let placed: Dong = shares.iter().copied().sum();
            let part_unit_left = if whole_units && !open.is_empty() { available - placed } else { Dong::ZERO };
            let units = |a: Dong| whole_units.then(|| (a.get() / unit) as u64);
            Outcome {
                spread: open.iter().zip(shares).map(|(&i, a)| (i, a, units(a))).collect(),
                part_unit_left,
                floors_lowered,
                ..Outcome::default()
            }
        }
        Rule::Demand(rule) => {
            let unit_cost = rule.unit_cost.unwrap_or(program.unit_cost);
            let (funded, eligible, spread) = demand(ctx.communes, open, program, rule, unit_cost, available);
            Outcome { spread, funded, eligible, ..Outcome::default() }
        }
        Rule::Entitlement => Outcome {
            spread: entitlement(ctx.communes, open, program, available, |c| program.cost_in(c)),
            ..Outcome::default()
        },
        Rule::EntitlementShare(e) => {
            // The cumulative share's cost less the previous lines': a commune's co-funded
            // amounts add up to its legal cost to the đồng.
            let before = ctx.scenario.share_before(index);
            let cost = |c: &Commune, share: Decimal| {
                Dong::round(Decimal::from(program.units_in(c)) * program.unit_cost.to_decimal() * share)
                    .unwrap_or(Dong::ZERO)
            };
            Outcome {
                spread: entitlement(ctx.communes, open, program, available, |c| {
                    cost(c, before + e.share) - cost(c, before)
                }),
                ..Outcome::default()
            }
        }
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
fn loan_cap_by_commune(
    ctx: &Context<'_>,
    source: &Source,
    program: &Program,
    line: usize,
    spread: &Spread,
    cap: Dong,
    out: &mut Vec<Diagnostic>,
) {
    for &(i, amount, _) in spread {
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
    /// Lines of district- or commune-held sources, locality by locality.
    pub local_parts: &'a [LocalPart],
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
            local_parts: &self.local_parts,
            diagnostics: &self.diagnostics,
        }
    }
}
