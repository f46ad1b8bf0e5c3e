//! The household microsimulation: from the allocation and the baseline households to the
//! end-of-year classification of every household, draw after draw.
//!
//! A [`Model`] is prepared once per scenario: funded programs reach households in priority
//! order ([`Effect`]), removing deprivations (deterministic) and adding an uncertain income
//! gain. Each draw then applies background dynamics (income growth, shocks) and the gains
//! with random numbers keyed by (seed, draw, household), and classifies every household. All
//! per-household arithmetic is integer, so draws are bit-identical natively and in wasm and do
//! not depend on how they are chunked. Method and parameters: `docs/simulation.md`.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::Dataset;
use crate::funding::LoanPurpose;
use crate::households::Cause;
use crate::households::{flag, Households};
use crate::line::Rule;
use crate::params::CreditEffects;
pub use crate::params::{
    Access, AccessTargets, Consumption, Effect, Gain, Group, RateSpread, Shocks, SimulationParams,
};
use crate::program::Eligible;
use crate::program::ProgramId;
use crate::rng::{Normalish, Purpose, Stream};
use crate::scenario::Scenario;
use crate::standard::{Compiled, PovertyStandard};
use crate::uncertainty::{Key, Uncertainty};
use serde::{Deserialize, Serialize};

/// One commune's counts at the end of a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Poor households.
    pub poor: u32,
    /// Near-poor households.
    pub near_poor: u32,
    /// Poor households not on social-protection policy (for the new-rural criterion).
    pub poor_without_social_protection: u32,
    /// Households poor at the start and not at the end.
    pub exits: u32,
    /// Households not poor at the start and poor at the end.
    pub entries: u32,
    /// Poor or near-poor households at the end.
    pub poor_or_near: u32,
    /// Of those, with access, per [`Access::ALL`].
    pub access: [u32; 5],
    /// Households with a loan this year (the same in every draw).
    #[serde(default)]
    pub borrowers: u32,
    /// Of them, poor at the start and not at the end.
    #[serde(default)]
    pub borrower_exits: u32,
    /// Of them, not poor at the start and poor at the end (a failed investment, interest).
    #[serde(default)]
    pub borrower_entries: u32,
}

impl Tally {
    /// How many counts a tally holds ([`Tally::counts`]).
    pub const COUNTS: usize = 14;

    /// Every count, in one fixed order: poor, near-poor, poor without social protection,
    /// exits, entries, poor or near-poor, the five accesses, borrowers, their exits and their
    /// entries. The fingerprint hashes them in this order; the workers send them so.
    #[must_use]
    pub fn counts(&self) -> [u32; Self::COUNTS] {
        let [a0, a1, a2, a3, a4] = self.access;
        [
            self.poor,
            self.near_poor,
            self.poor_without_social_protection,
            self.exits,
            self.entries,
            self.poor_or_near,
            a0,
            a1,
            a2,
            a3,
            a4,
            self.borrowers,
            self.borrower_exits,
            self.borrower_entries,
        ]
    }

    /// The tally of [`Tally::counts`].
    #[must_use]
    pub fn from_counts(c: [u32; Self::COUNTS]) -> Self {
        let [poor, near_poor, poor_without_social_protection, exits, entries, poor_or_near, a0, a1, a2, a3, a4, borrowers, borrower_exits, borrower_entries] =
            c;
        Self {
            poor,
            near_poor,
            poor_without_social_protection,
            exits,
            entries,
            poor_or_near,
            access: [a0, a1, a2, a3, a4],
            borrowers,
            borrower_exits,
            borrower_entries,
        }
    }

    /// Adds another commune's (or draw's) counts to these.
    pub fn add(&mut self, o: &Tally) {
        self.poor += o.poor;
        self.near_poor += o.near_poor;
        self.poor_without_social_protection += o.poor_without_social_protection;
        self.exits += o.exits;
        self.entries += o.entries;
        self.poor_or_near += o.poor_or_near;
        for (a, b) in self.access.iter_mut().zip(o.access) {
            *a += b;
        }
        self.borrowers += o.borrowers;
        self.borrower_exits += o.borrower_exits;
        self.borrower_entries += o.borrower_entries;
    }
}

pub(crate) const BASE_POOR: u8 = 1;
pub(crate) const BASE_NEAR: u8 = 2;

/// A household's flag, kept from year to year in [`Start::flags`] beside the file's
/// ([`flag`]): it holds a loan from an earlier year of the scenario and is not lent to again
/// while it runs.
const BORROWED: u8 = 0x80;

/// Every household at the start of a year: income per person per month, deprivations and
/// flags. The first year's is the population's; a later year's is the year before's end in
/// the same draw ([`Course`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// Income per person per month, đồng.
    pub income: Vec<u32>,
    /// Deprivation bits.
    pub deprivations: Vec<u16>,
    /// [`flag`] bits, with [`BORROWED`].
    pub flags: Vec<u8>,
    /// Each household's class at the start (poor 1, near-poor 2), when already known (a year's
    /// end); empty: classified from the income and deprivations.
    pub class: Vec<u8>,
}

impl Start {
    /// The population as it is.
    #[must_use]
    pub fn of(households: &Households) -> Self {
        Self {
            income: households.income.clone(),
            deprivations: households.deprivations.clone(),
            flags: households.flags.clone(),
            class: Vec::new(),
        }
    }
}

/// What each line of a scenario buys per commune, in thousandths of its program's unit
/// ([`Model::funded`]): the same in every draw, so prepared once per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funded(Vec<Vec<u64>>);

/// Everything a draw needs, prepared once per scenario.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub(crate) households: &'a Households,
    /// Income per person per month at the start of the year.
    pub(crate) income: Vec<u32>,
    /// Flags at the start of the year ([`flag`], [`BORROWED`]).
    pub(crate) flags: Vec<u8>,
    pub(crate) compiled: Compiled,
    pub(crate) seed: u64,
    pub(crate) communes: usize,
    /// Baseline class bits ([`BASE_POOR`], [`BASE_NEAR`]).
    pub(crate) base: Vec<u8>,
    /// Deprivations after the programs' deterministic effects.
    pub(crate) deprivations: Vec<u16>,
    pub(crate) deprivation_count: Vec<u8>,
    /// The dynamics at the scenario's parameter values.
    pub(crate) centre: Drawn,
    pub(crate) access_masks: [u16; 5],
    /// Borrowers, in row order: a minority of households, so kept sparse.
    pub(crate) loans: Vec<Holding>,
    /// Each program's part of a reached household's income gain (mean and Irwin–Hall scale,
    /// đồng per person per month), in row order: a minority of households, so kept sparse. A
    /// draw whose parameters differ from the scenario's scales each by its program's multiplier.
    pub(crate) gain_parts: Vec<Part>,
    /// Deprivations a program removed that come back when the household is not covered in a
    /// draw (a program whose units per household are uncertain), in row order.
    pub(crate) cover_parts: Vec<Part>,
    /// The uncertain parameters, sampled at the start of every draw (none when the scenario
    /// fixes them).
    pub uncertainty: Uncertainty,
    /// The seed of the draws' parameter values: the first year's, so that a draw's unknowns
    /// are the same in every year of a [`Course`].
    pub(crate) params_seed: u64,
    /// The parameters the draw's dynamics are built from.
    pub(crate) dynamics: DynamicsParams,
    /// The rows each effect reached (in the order of the parameters' effects): the optimiser
    /// leaves them out of a program's further candidates.
    pub(crate) reached_rows: Vec<Vec<u32>>,
    /// Households reached per program, for reporting.
    pub reached: Vec<(ProgramId, u64)>,
    /// Every household a line reached, as (row, line index), in targeting order: the
    /// commune's household plan reads them (`household_plan`), so the plan and the projection
    /// are one targeting.
    pub(crate) reaches: Vec<(u32, u32)>,
}

/// What a household's loans do to its income in a draw (`docs/simulation.md`, Credit): the
/// investments' gain unless it falls behind, less the interest on the investment loans; đồng
/// per person per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Holding {
    pub(crate) row: u32,
    pub(crate) mean: i32,
    pub(crate) scale: i32,
    /// Of `mean` and `scale`, the remittances of work abroad.
    pub(crate) export_mean: i32,
    pub(crate) export_scale: i32,
    /// The lending program's effect (its gain multiplier scales the investment's return).
    pub(crate) effect: u8,
    pub(crate) interest: i32,
    /// Chance the investment falls behind this year (no gain), 16-bit fraction.
    pub(crate) fails: u16,
}

/// One program's part in one household: its gain (mean and scale, đồng per person per month)
/// or the deprivation bits it removed (`restores`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) row: u32,
    pub(crate) effect: u8,
    pub(crate) mean: i32,
    pub(crate) scale: i32,
    pub(crate) restores: u16,
}

/// The scenario's values behind a draw's dynamics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DynamicsParams {
    growth_mean_bp: i64,
    growth_sd_bp: i64,
    loss_mean_bp: i64,
    loss_sd_bp: i64,
    shock_bp: i64,
    shock_escaped_bp: i64,
}

/// A draw's dynamics, from its parameter values ([`Model::drawn`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Drawn {
    pub(crate) growth: Normalish,
    pub(crate) loss: Normalish,
    pub(crate) shock: u64,
    pub(crate) shock_escaped: u64,
    /// Each effect's gain multiplier (16.16).
    gain: Vec<i64>,
    /// Each effect's coverage of the households it reached, a 16-bit fraction (65,536: all).
    cover: Vec<u64>,
    /// Multipliers of remittances and of the overdue share (16.16).
    export: i64,
    overdue: i64,
    /// Whether every value is the scenario's: the per-program parts are not needed.
    at_centre: bool,
}

/// What one loan line does to a household it reaches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoanUse {
    pub(crate) purpose: LoanPurpose,
    /// Interest per household per month, đồng.
    pub(crate) interest_per_household: i64,
    pub(crate) fails: u16,
}

/// A household a line may reach, packed for the targeting's scans (a commune's candidates lie
/// side by side, so a scan reads memory in order rather than five arrays at random).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    row: u32,
    /// Deprivations at the start of the year.
    deprivations: u16,
    /// Causes of poverty ([`Cause`] bits).
    causes: u16,
    /// The groups it is in: [`Candidates::POOR`], [`Candidates::NEAR`], [`Candidates::ESCAPED`].
    groups: u8,
    /// Why a loan line may pass it over: [`Candidates::UNWILLING`], [`Candidates::NO_LABOUR`],
    /// [`Candidates::BORROWED`].
    lending: u8,
}

/// Every commune's candidate households: those poor, near-poor or escaped at the start of the
/// year, a few percent of all, in row order within each commune. The projection's targeting
/// and the optimiser's coefficients both scan them ([`Candidates::order`]).
#[derive(Debug, Clone)]
pub(crate) struct Candidates {
    list: Vec<Candidate>,
    /// Commune `c`'s candidates are `list[start[c]..start[c + 1]]`.
    start: Vec<u32>,
}

/// What a line looks for in a commune's candidates ([`Candidates::order`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Aim {
    /// For each combination of [`Candidate::groups`], its first bucket (the position of the
    /// first of the line's groups it is in, × 2), or [`Aim::NONE`].
    bucket: [u8; 8],
    buckets: usize,
    removes: u16,
    causes: u16,
    /// The [`Candidate::lending`] bits the line passes over.
    passes_over: u8,
}

impl Aim {
    const NONE: u8 = u8::MAX;

    /// A line for `groups` (in order of priority) whose program removes `removes` and matches
    /// `causes`, lending or not: a loan reaches willing households only, an investment loan
    /// (`needs_labour`) only those with labour, and no household holding an earlier loan.
    pub(crate) fn new((groups, removes, causes): (&[Group], u16, u16), loan: Option<bool>) -> Self {
        // A group named again adds only empty buckets (its households went to its first
        // place): each group once, in order, gives the same order with at most three groups.
        let mut distinct: Vec<Group> = Vec::with_capacity(3);
        for g in groups {
            if !distinct.contains(g) {
                distinct.push(*g);
            }
        }
        let bucket = std::array::from_fn(|m| {
            distinct
                .iter()
                .position(|g| m & Candidates::bit(*g) as usize != 0)
                .map_or(Self::NONE, |g| u8::try_from(g * 2).unwrap_or(Self::NONE))
        });
        let passes_over = loan.map_or(0, |needs_labour| {
            Candidates::UNWILLING | Candidates::BORROWED | if needs_labour { Candidates::NO_LABOUR } else { 0 }
        });
        Self { bucket, buckets: distinct.len() * 2, removes, causes, passes_over }
    }
}

impl Candidates {
    const POOR: u8 = 1;
    const NEAR: u8 = 2;
    const ESCAPED: u8 = 4;
    const UNWILLING: u8 = 1;
    const NO_LABOUR: u8 = 2;
    const BORROWED: u8 = 4;

    fn bit(group: Group) -> u8 {
        match group {
            Group::Poor => Self::POOR,
            Group::NearPoor => Self::NEAR,
            Group::Escaped => Self::ESCAPED,
        }
    }

    /// The candidates of `model`'s year, with the deprivations at its start; `credit`'s
    /// take-up is the share of households willing to borrow, which ones decided by the model's
    /// seed.
    pub(crate) fn of(model: &Model<'_>, start_deprivations: &[u16], credit: &CreditEffects) -> Self {
        let h = model.households;
        let take_up = u64::from(credit.take_up_bp.min(10_000)) * 0x1_0000 / 10_000;
        let willing = Stream::new(model.seed, 0, Purpose::TakeUp);
        let mut rows: Vec<Vec<Candidate>> = vec![Vec::new(); model.communes];
        for s in h.segments() {
            rows[s.commune as usize].extend((s.start..s.end).filter_map(|r| {
                let i = r as usize;
                let groups = (if model.base[i] & BASE_POOR != 0 { Self::POOR } else { 0 })
                    | (if model.base[i] & BASE_NEAR != 0 { Self::NEAR } else { 0 })
                    | (if model.flags[i] & flag::ESCAPED != 0 { Self::ESCAPED } else { 0 });
                if groups == 0 {
                    return None;
                }
                let lending = (if (willing.bits(i as u64) >> 48) >= take_up { Self::UNWILLING } else { 0 })
                    | (if h.causes[i] & Cause::Labour.bit() != 0 { Self::NO_LABOUR } else { 0 })
                    | (if model.flags[i] & BORROWED != 0 { Self::BORROWED } else { 0 });
                Some(Candidate { row: r, deprivations: start_deprivations[i], causes: h.causes[i], groups, lending })
            }));
        }
        let mut start = Vec::with_capacity(rows.len() + 1);
        let mut list = Vec::with_capacity(rows.iter().map(Vec::len).sum());
        for r in rows {
            start.push(u32::try_from(list.len()).unwrap_or(u32::MAX));
            list.extend(r);
        }
        start.push(u32::try_from(list.len()).unwrap_or(u32::MAX));
        Self { list, start }
    }

    /// How many communes.
    pub(crate) fn communes(&self) -> usize {
        self.start.len() - 1
    }

    /// The order in which a line (`aim`) reaches the candidates of `commune`, into `buckets`
    /// (group × whether the household matches): group order, then households whose start
    /// deprivations the program removes or whose cause it matches, then row order. Rows that
    /// `skip` are left out (those already reached). The projection's targeting and the
    /// optimiser's coefficients both use it (`docs/optimiser.md`).
    pub(crate) fn order(&self, commune: usize, aim: &Aim, skip: impl Fn(u32) -> bool, buckets: &mut Vec<Vec<u32>>) {
        buckets.resize_with(aim.buckets, Vec::new);
        buckets.iter_mut().for_each(Vec::clear);
        let range = self.start[commune] as usize..self.start[commune + 1] as usize;
        for c in &self.list[range] {
            if c.lending & aim.passes_over != 0 {
                continue;
            }
            let b = aim.bucket[usize::from(c.groups)];
            if b == Aim::NONE || skip(c.row) {
                continue;
            }
            let matches = (c.deprivations & aim.removes) | (c.causes & aim.causes) != 0;
            buckets[usize::from(b) + usize::from(!matches)].push(c.row);
        }
    }
}

/// Fixed-point one for multipliers (16.16).
const ONE: i64 = 1 << 16;

impl<'a> Model<'a> {
    /// Prepares the model: baseline classes, and the households each funded program reaches.
    #[must_use]
    pub fn new(
        dataset: &Dataset,
        standard: &PovertyStandard,
        households: &'a Households,
        scenario: &Scenario,
        allocation: &Allocation,
    ) -> Self {
        let funded = Self::funded(dataset, scenario, allocation);
        Self::on(dataset, standard, households, Start::of(households), scenario.seed, (scenario, &funded))
    }

    /// What each line of `scenario` buys per commune with `allocation`.
    #[must_use]
    pub fn funded(dataset: &Dataset, scenario: &Scenario, allocation: &Allocation) -> Funded {
        Funded((0..scenario.lines.len()).map(|i| Self::funded_milli_units(dataset, scenario, allocation, i)).collect())
    }

    /// [`Model::new`] for a year that starts at `start` (a later year of a [`Course`]), with
    /// the year's own `seed`.
    #[must_use]
    pub fn on(
        dataset: &Dataset,
        standard: &PovertyStandard,
        households: &'a Households,
        start: Start,
        seed: u64,
        (scenario, funded): (&Scenario, &Funded),
    ) -> Self {
        let params = &scenario.simulation;
        let compiled = standard.compiled();
        let n = households.len();
        let Start { income, deprivations: start_deprivations, flags, class } = start;
        let deprivation_count: Vec<u8> = start_deprivations.iter().map(|d| d.count_ones() as u8).collect();
        let base = if class.len() == n {
            class
        } else {
            let mut base = vec![0u8; n];
            for s in households.segments() {
                let c = compiled.of(s.area);
                let r = s.start as usize..s.end as usize;
                for ((b, &income), &count) in
                    base[r.clone()].iter_mut().zip(&income[r.clone()]).zip(&deprivation_count[r])
                {
                    let (poor, near) = c.flags(income, count);
                    *b = (u8::from(poor) * BASE_POOR) | (u8::from(near) * BASE_NEAR);
                }
            }
            base
        };
        let mut model = Self {
            households,
            income,
            flags,
            compiled,
            seed,
            communes: dataset.communes().len(),
            deprivations: start_deprivations.clone(),
            deprivation_count,
            centre: Drawn {
                growth: Normalish::new(0, 0),
                loss: Normalish::new(0, 0),
                shock: 0,
                shock_escaped: 0,
                gain: Vec::new(),
                cover: Vec::new(),
                export: ONE,
                overdue: ONE,
                at_centre: true,
            },
            access_masks: Access::ALL.map(|a| mask(standard, a.keys())),
            loans: Vec::new(),
            gain_parts: Vec::new(),
            cover_parts: Vec::new(),
            uncertainty: crate::uncertainty::Uncertainty::of_scenario(scenario),
            params_seed: seed,
            dynamics: DynamicsParams {
                growth_mean_bp: i64::from(params.income_growth.mean_bp),
                growth_sd_bp: i64::from(params.income_growth.sd_bp),
                loss_mean_bp: i64::from(params.shocks.loss.mean_bp),
                loss_sd_bp: i64::from(params.shocks.loss.sd_bp),
                shock_bp: i64::from(params.shocks.probability_bp),
                shock_escaped_bp: i64::from(params.shocks.probability_escaped_bp),
            },
            reached_rows: Vec::new(),
            reached: Vec::new(),
            reaches: Vec::new(),
            base,
        };
        model.target(standard, (scenario, funded), &start_deprivations);
        model.centre = model.drawn(&model.uncertainty.centre());
        model
    }

    /// This model with every draw at the scenario's parameter values (the households' chance
    /// alone): what the optimiser's linear model is calibrated on.
    #[must_use]
    pub fn at_parameter_values(mut self) -> Self {
        self.uncertainty = Uncertainty::default();
        self
    }

    /// A draw's dynamics from its parameter values (`values`, in the order of
    /// [`Model::uncertainty`]).
    pub(crate) fn drawn(&self, values: &[i64]) -> Drawn {
        let p = &self.dynamics;
        let effects = self.reached_rows.len();
        let mut d = Drawn {
            growth: Normalish::new(0, 0),
            loss: Normalish::new(0, 0),
            shock: 0,
            shock_escaped: 0,
            gain: vec![ONE; effects],
            cover: vec![ONE as u64; effects],
            export: ONE,
            overdue: ONE,
            at_centre: true,
        };
        let (mut growth_mean, mut growth_sd, mut loss_mean) = (p.growth_mean_bp, p.growth_sd_bp, p.loss_mean_bp);
        let (mut shock, mut shock_escaped) = (p.shock_bp, p.shock_escaped_bp);
        for (u, &v) in self.uncertainty.params.iter().zip(values) {
            if v != u.centre && u.key != Key::NtmReading {
                d.at_centre = false;
            }
            match &u.key {
                Key::GrowthMean => growth_mean = v,
                Key::GrowthSpread => growth_sd = growth_sd * v / ONE,
                Key::ShockChance => {
                    shock = (shock * v / ONE).min(10_000);
                    shock_escaped = (shock_escaped * v / ONE).min(10_000);
                }
                Key::ShockLoss => loss_mean = (loss_mean * v / ONE).min(10_000),
                Key::Gain { effect, .. } => {
                    if let Some(g) = d.gain.get_mut(*effect) {
                        *g = v;
                    }
                }
                Key::UnitsPerHousehold { effect, .. } => {
                    // More units per household: the money covers fewer of the households it
                    // was planned for; fewer: no more than those (the targeting is fixed).
                    if let Some(c) = d.cover.get_mut(*effect) {
                        *c = if v > ONE { (ONE * ONE / v) as u64 } else { ONE as u64 };
                    }
                }
                Key::LabourExport => d.export = v,
                Key::Overdue => d.overdue = v,
                Key::NtmReading => {}
            }
        }
        d.growth = Normalish::new(ONE + ONE * growth_mean / 10_000, ONE * growth_sd / 10_000);
        d.loss = Normalish::new(ONE * loss_mean / 10_000, ONE * p.loss_sd_bp / 10_000);
        d.shock = (shock as u64) * 0x1_0000 / 10_000;
        d.shock_escaped = (shock_escaped as u64) * 0x1_0000 / 10_000;
        d
    }

    /// What one line buys per commune, in thousandths of the program's unit: units of demand
    /// and entitlement cells, and amount ÷ unit cost (rounded down) for the others. A line that
    /// pays less per unit than the program's unit cost (a demand line's own unit cost) buys the
    /// program's effect, which is calibrated at that unit cost, for its money's worth only:
    /// amount ÷ the program's unit cost, never more than its units (`docs/simulation.md`).
    fn funded_milli_units(dataset: &Dataset, scenario: &Scenario, allocation: &Allocation, line: usize) -> Vec<u64> {
        let mut milli = vec![0u64; dataset.communes().len()];
        let l = &scenario.lines[line];
        let unit_cost = scenario.program(&l.program).map_or(0, |p| p.unit_cost.get());
        let per_unit = l.rule.unit_cost().map_or(unit_cost, crate::money::Dong::get);
        for cell in allocation.cells_of(line) {
            let Recipient::Commune(code) = cell.recipient else { continue };
            let Some(i) = dataset.communes().binary_search_by_key(&code, |c| c.code).ok() else { continue };
            let units =
                cell.units.unwrap_or_else(|| if unit_cost > 0 { (cell.amount.get() / unit_cost) as u64 } else { 0 });
            let mut m = units * 1_000;
            if per_unit < unit_cost {
                let worth = u64::try_from(i128::from(cell.amount.get()) * 1_000 / i128::from(unit_cost)).unwrap_or(0);
                m = m.min(worth);
            }
            milli[i] += m;
        }
        milli
    }

    /// The groups a line's money is for: a demand line's priority groups where they name
    /// households, else the effect's.
    pub(crate) fn line_groups(rule: &Rule, effect: &Effect) -> Vec<Group> {
        if let Rule::Demand(d) = rule {
            let groups: Vec<Group> = d
                .priority
                .iter()
                .flat_map(|e| match e {
                    // The non-poor social-policy households are outside the modelled groups: their
                    // electricity support changes no poverty status.
                    Eligible::PoorHouseholds | Eligible::PoorPeople | Eligible::PoorAndSocialPolicyHouseholds => {
                        vec![Group::Poor]
                    }
                    Eligible::NearPoorHouseholds | Eligible::NearPoorPeople => vec![Group::NearPoor],
                    Eligible::EscapedHouseholds => vec![Group::Escaped],
                    Eligible::PoorAndNearPoorHouseholds => vec![Group::Poor, Group::NearPoor],
                    Eligible::PovertyCadres | Eligible::PovertyTrainees | Eligible::InfoStaff | Eligible::Communes => {
                        vec![]
                    }
                })
                .collect();
            if !groups.is_empty() {
                return groups;
            }
        }
        effect.reaches.clone()
    }

    /// What a line's loans are, when its source lends: purpose, the interest a borrowing
    /// household pays a month on an investment loan (the line's loan size at the source's rate;
    /// consumption loans' interest is not a cost of earning income and is not taken off), and
    /// the chance it falls behind (the book's overdue share).
    pub(crate) fn loan_use(scenario: &Scenario, line: &crate::line::Line) -> Option<LoanUse> {
        let source = scenario.source(&line.source)?;
        let terms = source.loan.as_ref()?;
        let purpose = source.loan_purpose()?;
        let program_cost = scenario.program(&line.program).map_or(0, |p| p.unit_cost.get());
        let size = line
            .rule
            .unit_cost()
            .map_or(program_cost, crate::money::Dong::get)
            .min(terms.cap_per_household.get())
            .max(0);
        let invests = matches!(purpose, LoanPurpose::Livelihood | LoanPurpose::LabourExport);
        let interest = if invests {
            crate::money::Dong::round(
                rust_decimal::Decimal::from(size) * terms.interest_rate_per_year / rust_decimal::Decimal::from(12),
            )
            .map_or(0, crate::money::Dong::get)
        } else {
            0
        };
        let overdue = terms.book.as_ref().map_or(0, |b| b.overdue_bp);
        Some(LoanUse {
            purpose,
            interest_per_household: interest,
            fails: u16::try_from(u64::from(overdue.min(10_000)) * 0xFFFF / 10_000).unwrap_or(u16::MAX),
        })
    }

    fn target(
        &mut self,
        standard: &PovertyStandard,
        (scenario, funded): (&Scenario, &Funded),
        start_deprivations: &[u16],
    ) {
        let params = &scenario.simulation;
        let credit = &params.credit;
        let mut holdings: std::collections::BTreeMap<u32, Holding> = std::collections::BTreeMap::new();
        let schooling = mask(standard, &["child_schooling"]);
        let h = self.households;
        let candidates = Candidates::of(self, start_deprivations, credit);
        // Which effect last reached a household (its index + 1): one array for all effects.
        let mut reached = vec![0u8; h.len()];
        let mut buckets: Vec<Vec<u32>> = Vec::new();
        // Effects whose coverage is uncertain, and what the others removed (a deprivation
        // another program also removed does not come back when the first is not covered).
        let covered: Vec<bool> = (0..params.effects.len())
            .map(|k| {
                self.uncertainty
                    .params
                    .iter()
                    .any(|u| matches!(u.key, Key::UnitsPerHousehold { effect, .. } if effect == k))
            })
            .collect();
        let mut attempted = if covered.contains(&true) { vec![0u16; h.len()] } else { Vec::new() };
        let (mut gain_parts, mut cover_parts) = (Vec::new(), Vec::new());
        for (k, effect) in params.effects.iter().enumerate() {
            let part =
                |row: u32| Part { row, effect: u8::try_from(k).unwrap_or(u8::MAX), mean: 0, scale: 0, restores: 0 };
            // At most `MAX_EFFECTS` (64) effects, checked by `Scenario::validate`.
            let stamp = u8::try_from(k + 1).unwrap_or(u8::MAX);
            let removes = mask(standard, &effect.removes.iter().map(String::as_str).collect::<Vec<_>>());
            let causes = effect.matches_causes.iter().fold(0u16, |m, c| m | c.bit());
            let scale = effect.gain.as_ref().map_or(0, |g| Normalish::new(0, i64::from(g.sd)).scale());
            let mut count = 0u64;
            let mut rows_reached = Vec::new();
            // Each line of the program, in scenario order, reaches its own groups; a household
            // is reached at most once per program.
            for (li, line) in scenario.lines.iter().enumerate().filter(|(_, l)| l.program == effect.program) {
                let empty = Vec::new();
                let milli_units = funded.0.get(li).unwrap_or(&empty);
                let groups = Self::line_groups(&line.rule, effect);
                let loan = Self::loan_use(scenario, line);
                // A loan reaches willing households only, and an investment loan only those
                // with labour; a student loan keeps a child in school whatever the program's
                // effect removes.
                let invests =
                    loan.is_some_and(|l| matches!(l.purpose, LoanPurpose::Livelihood | LoanPurpose::LabourExport));
                let needs_labour = invests && credit.requires_labour;
                let removes = Self::line_removes(loan, removes, schooling);
                let aim = Aim::new((&groups, removes, causes), loan.map(|_| needs_labour));
                for commune in 0..candidates.communes() {
                    let mut budget = milli_units.get(commune).copied().unwrap_or(0);
                    if budget == 0 {
                        continue;
                    }
                    candidates.order(commune, &aim, |r| reached[r as usize] == stamp, &mut buckets);
                    for &r in buckets.iter().flatten() {
                        let i = r as usize;
                        let need = Self::need(effect, h.members[i]);
                        if need > budget {
                            break;
                        }
                        budget -= need;
                        reached[i] = stamp;
                        rows_reached.push(r);
                        self.reaches.push((r, u32::try_from(li).unwrap_or(u32::MAX)));
                        count += 1;
                        if covered[k] {
                            cover_parts.push(Part { restores: start_deprivations[i] & removes, ..part(r) });
                        } else if let Some(a) = attempted.get_mut(i) {
                            *a |= removes;
                        }
                        self.deprivations[i] &= !removes;
                        self.deprivation_count[i] = self.deprivations[i].count_ones() as u8;
                        if let Some(l) = loan {
                            // A loan's gain comes from the investment and may fall behind; its
                            // interest is paid whatever happens. Per person: ÷ members.
                            let members = i64::from(h.members[i].max(1));
                            let (gain, gain_scale, exported) = match l.purpose {
                                LoanPurpose::Livelihood => (
                                    effect.gain.as_ref().map_or(0, |g| g.mean),
                                    i32::try_from(scale).unwrap_or(i32::MAX),
                                    false,
                                ),
                                LoanPurpose::LabourExport => {
                                    let months = i64::from(credit.months_abroad.min(12));
                                    let g = &credit.labour_export_gain;
                                    let s = Normalish::new(0, i64::from(g.sd) * months / 12).scale();
                                    (
                                        i32::try_from(i64::from(g.mean) * months / 12).unwrap_or(0),
                                        i32::try_from(s).unwrap_or(i32::MAX),
                                        true,
                                    )
                                }
                                LoanPurpose::Students | LoanPurpose::Water | LoanPurpose::Housing => (0, 0, false),
                            };
                            let held = holdings.entry(r).or_insert(Holding {
                                row: r,
                                mean: 0,
                                scale: 0,
                                export_mean: 0,
                                export_scale: 0,
                                effect: 0,
                                interest: 0,
                                fails: 0,
                            });
                            held.mean = held.mean.saturating_add(gain);
                            held.scale = held.scale.saturating_add(gain_scale);
                            if exported {
                                held.export_mean = held.export_mean.saturating_add(gain);
                                held.export_scale = held.export_scale.saturating_add(gain_scale);
                            } else if gain | gain_scale != 0 {
                                held.effect = u8::try_from(k).unwrap_or(u8::MAX);
                            }
                            held.interest = held
                                .interest
                                .saturating_add(i32::try_from(l.interest_per_household / members).unwrap_or(i32::MAX));
                            held.fails = held.fails.max(l.fails);
                        } else if let Some(g) = &effect.gain {
                            // Gains of several programs add up; adding their scales (rather
                            // than variances) overstates the spread of a combined gain a little.
                            gain_parts.push(Part {
                                mean: g.mean,
                                scale: i32::try_from(scale).unwrap_or(i32::MAX),
                                ..part(r)
                            });
                        }
                    }
                }
            }
            if scenario.program(&effect.program).is_some() {
                self.reached.push((effect.program.clone(), count));
            }
            self.reached_rows.push(rows_reached);
        }
        self.loans = holdings.into_values().collect();
        // Row order, a household's parts in effect order (a program reaches a household at
        // most once, so the key is unique and an unstable sort gives the one order).
        gain_parts.sort_unstable_by_key(|p: &Part| (p.row, p.effect));
        cover_parts.sort_unstable_by_key(|p: &Part| (p.row, p.effect));
        for p in &mut cover_parts {
            p.restores &= !attempted.get(p.row as usize).copied().unwrap_or(0);
        }
        self.gain_parts = gain_parts;
        self.cover_parts = cover_parts;
    }

    /// Thousandths of a program's unit one household of `members` takes.
    pub(crate) fn need(effect: &Effect, members: u8) -> u64 {
        match effect.consumption {
            Consumption::PerMember => u64::from(members) * 1_000,
            Consumption::Milli(m) => u64::from(m),
        }
    }

    /// The deprivations a line removes: its program's (`removes`), except that a student loan
    /// keeps a child in school (`schooling`) whatever the program's effect removes.
    pub(crate) fn line_removes(loan: Option<LoanUse>, removes: u16, schooling: u16) -> u16 {
        match loan.map(|l| l.purpose) {
            Some(LoanPurpose::Students) => schooling,
            _ => removes,
        }
    }

    /// Baseline counts per commune (poor, near-poor), as classified under the standard.
    #[must_use]
    pub fn baseline(&self) -> Vec<Tally> {
        let mut out = vec![Tally::default(); self.communes];
        for s in self.households.segments() {
            let t = &mut out[s.commune as usize];
            for i in s.start as usize..s.end as usize {
                let b = self.base[i];
                t.poor += u32::from(b & BASE_POOR);
                t.near_poor += u32::from(b >> 1);
            }
        }
        out
    }

    /// One draw: every household's end-of-year class, tallied per commune into `out`
    /// (which must have one entry per commune and is overwritten).
    pub fn draw(&self, draw: u32, out: &mut [Tally]) {
        let drawn = self.sampled(draw);
        self.draw_into(draw, &drawn, out, None);
    }

    /// [`Model::draw`] with the uncertain parameters at `values` (in the order of
    /// [`Model::uncertainty`]) instead of the draw's own: the sensitivity view's runs.
    pub fn draw_at(&self, draw: u32, values: &[i64], out: &mut [Tally]) {
        let drawn = self.drawn(values);
        self.draw_into(draw, &drawn, out, None);
    }

    /// The dynamics of draw `draw`: its own parameter values, or the scenario's when nothing
    /// is uncertain.
    fn sampled(&self, draw: u32) -> std::borrow::Cow<'_, Drawn> {
        if self.uncertainty.is_empty() {
            std::borrow::Cow::Borrowed(&self.centre)
        } else {
            std::borrow::Cow::Owned(self.drawn(&self.uncertainty.sample(self.params_seed, draw)))
        }
    }

    /// [`Model::draw`], also giving the households' state at the end of the year, the next
    /// year's start: the income reached, the deprivations the programs left, and the flags with
    /// [`flag::ESCAPED`] for those who left poverty this year (the re-poverty risk) and
    /// [`BORROWED`] for this year's borrowers.
    #[must_use]
    pub fn draw_to_end(&self, draw: u32, out: &mut [Tally]) -> Start {
        let mut end = Start {
            income: vec![0; self.households.len()],
            deprivations: self.deprivations.clone(),
            flags: self.flags.clone(),
            class: vec![0; self.households.len()],
        };
        let drawn = self.sampled(draw);
        self.draw_into(draw, &drawn, out, Some(&mut end));
        end
    }

    fn draw_into(&self, draw: u32, drawn: &Drawn, out: &mut [Tally], mut end: Option<&mut Start>) {
        let h = self.households;
        let stream = Stream::new(self.seed, draw, Purpose::Dynamics);
        let second = Stream::new(self.seed, draw, Purpose::Dynamics2);
        let credit = Stream::new(self.seed, draw, Purpose::Credit);
        let coverage = Stream::new(self.seed, draw, Purpose::Coverage);
        let at_centre = drawn.at_centre;
        let scaled = |v: i32, m: i64| (i64::from(v) * m) >> 16;
        out.fill(Tally::default());
        for s in h.segments() {
            let c = *self.compiled.of(s.area);
            let mut t = Tally::default();
            // The segment's borrowers, gains and covers, in row order.
            let mut loans = self.loans[self.loans.partition_point(|l| l.row < s.start)..].iter().peekable();
            // Parts by index, with the next one's row kept in a register: one comparison per
            // household (a peekable iterator cost a draw about a tenth more).
            let from = |parts: &[Part]| parts.partition_point(|p| p.row < s.start);
            let (gains, covers) = (&self.gain_parts, &self.cover_parts);
            let row_at = |parts: &[Part], k: usize| parts.get(k).map_or(u32::MAX, |p| p.row);
            let mut g = from(gains);
            let mut k = from(covers);
            let mut next_cover = row_at(covers, k);
            let mut next_gain = row_at(gains, g);
            for i in s.start as usize..s.end as usize {
                // One word per household: growth from its low 48 bits, the shock decision from
                // its top 16. Households a program reached (a minority) draw a second word for
                // their gain; shocked ones (a few percent) a third for the loss.
                let bits = stream.bits(i as u64);
                let mut income = (i64::from(self.income[i]) * drawn.growth.sample(bits)) >> 16;
                let threshold = [drawn.shock, drawn.shock_escaped][usize::from(self.flags[i] & flag::ESCAPED != 0)];
                if (bits >> 48) < threshold {
                    let loss = drawn.loss.sample(crate::rng::mix(bits)).clamp(0, ONE);
                    income -= (income * loss) >> 16;
                }
                // A reached household's gain: each program's part, at its multiplier in this
                // draw. Every row of the segment is visited, so its parts are next when it comes.
                // At the scenario's values every multiplier is one, and a part is its own value.
                if next_gain == i as u32 {
                    let (mut mean, mut scale) = (0i64, 0i64);
                    while let Some(p) = gains.get(g).filter(|p| p.row as usize == i) {
                        let m = drawn.gain.get(usize::from(p.effect)).copied().unwrap_or(ONE);
                        mean += scaled(p.mean, m);
                        scale += scaled(p.scale, m);
                        g += 1;
                    }
                    next_gain = row_at(gains, g);
                    if mean | scale != 0 {
                        income += Normalish::with_scale(mean, scale).sample(second.bits(i as u64));
                    }
                }
                let holding = loans.next_if(|l| l.row as usize == i);
                let borrowed = holding.is_some();
                if let Some(l) = holding {
                    let bits = credit.bits(i as u64);
                    let (mean, scale, fails) = if at_centre {
                        (i64::from(l.mean), i64::from(l.scale), u64::from(l.fails))
                    } else {
                        let m = drawn.gain.get(usize::from(l.effect)).copied().unwrap_or(ONE);
                        (
                            scaled(l.mean - l.export_mean, m) + scaled(l.export_mean, drawn.export),
                            scaled(l.scale - l.export_scale, m) + scaled(l.export_scale, drawn.export),
                            ((u64::from(l.fails) * drawn.overdue as u64) >> 16).min(0xFFFF),
                        )
                    };
                    if (bits >> 48) >= fails && (mean | scale) != 0 {
                        income += Normalish::with_scale(mean, scale).sample(crate::rng::mix(bits));
                    }
                    income -= i64::from(l.interest);
                }
                let income = income.clamp(0, i64::from(u32::MAX));
                // Deprivations: those the programs left, and back those of a program that does
                // not cover this household in this draw.
                let (mut d, mut count) = (self.deprivations[i], self.deprivation_count[i]);
                // Every row of the segment is visited, so a household's covers are next when
                // it comes.
                if next_cover == i as u32 {
                    while let Some(p) = covers.get(k).filter(|p| p.row as usize == i) {
                        let effect = usize::from(p.effect);
                        let share = drawn.cover.get(effect).copied().unwrap_or(0x1_0000);
                        if !at_centre && (coverage.bits((i as u64) << 6 | effect as u64) >> 48) >= share {
                            d |= p.restores;
                        }
                        k += 1;
                    }
                    next_cover = row_at(covers, k);
                    count = d.count_ones() as u8;
                }
                let (poor, near) = c.flags(income as u32, count);
                let base_poor = self.base[i] & BASE_POOR != 0;
                // Most households are neither poor nor near-poor, at the start or the end, nor
                // borrowers: they count for nothing, and skip the counting.
                if poor | near | base_poor | borrowed {
                    let (poor32, near32) = (u32::from(poor), u32::from(near));
                    t.poor += poor32;
                    t.near_poor += near32;
                    t.poor_without_social_protection +=
                        poor32 & u32::from(self.flags[i] & flag::SOCIAL_PROTECTION == 0);
                    t.exits += u32::from(base_poor & !poor);
                    t.entries += u32::from(!base_poor & poor);
                    t.borrowers += u32::from(borrowed);
                    t.borrower_exits += u32::from(borrowed & base_poor & !poor);
                    t.borrower_entries += u32::from(borrowed & !base_poor & poor);
                    if poor | near {
                        t.poor_or_near += 1;
                        for (a, m) in t.access.iter_mut().zip(self.access_masks) {
                            *a += u32::from(d & m == 0);
                        }
                    }
                }
                if let Some(e) = end.as_deref_mut() {
                    e.income[i] = income as u32;
                    e.deprivations[i] = d;
                    e.flags[i] |= (u8::from(base_poor & !poor) * flag::ESCAPED) | (u8::from(borrowed) * BORROWED);
                    e.class[i] = (u8::from(poor) * BASE_POOR) | (u8::from(near) * BASE_NEAR);
                }
            }
            out[s.commune as usize].add(&t);
        }
    }

    /// Runs draws `draws` and returns each draw's tallies, in draw order. The result for a
    /// draw depends only on the seed and the draw's number, never on the range it was run in.
    #[must_use]
    pub fn run(&self, draws: std::ops::Range<u32>) -> Vec<Vec<Tally>> {
        draws
            .map(|d| {
                let mut out = vec![Tally::default(); self.communes];
                self.draw(d, &mut out);
                out
            })
            .collect()
    }
}

impl Model<'_> {
    /// [`Model::run`] with the uncertain parameters at `values` in every draw.
    #[must_use]
    pub fn run_at(&self, draws: std::ops::Range<u32>, values: &[i64]) -> Vec<Vec<Tally>> {
        draws
            .map(|d| {
                let mut out = vec![Tally::default(); self.communes];
                self.draw_at(d, values, &mut out);
                out
            })
            .collect()
    }

    /// [`Model::run_at`] on up to `threads` threads (the same result to the bit).
    #[must_use]
    pub fn run_at_threads(&self, draws: std::ops::Range<u32>, values: &[i64], threads: usize) -> Vec<Vec<Tally>> {
        let threads = threads.clamp(1, draws.len().max(1));
        if threads == 1 {
            return self.run_at(draws, values);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> =
                split_draws(draws, threads).into_iter().map(|r| scope.spawn(move || self.run_at(r, values))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    }

    /// Runs draws `draws` on up to `threads` threads, each on a contiguous range of draw
    /// numbers, and returns the tallies in draw order: bit-identical to [`Model::run`] whatever
    /// the number of threads, since a draw depends only on the seed and its number. One thread
    /// (or `threads` = 0) runs on the caller's thread; wasm has no threads and callers there
    /// use workers instead.
    #[must_use]
    pub fn run_threads(&self, draws: std::ops::Range<u32>, threads: usize) -> Vec<Vec<Tally>> {
        let n = draws.len();
        let threads = threads.clamp(1, n.max(1));
        if threads == 1 {
            return self.run(draws);
        }
        let ranges = split_draws(draws, threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = ranges.into_iter().map(|r| scope.spawn(move || self.run(r))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    }
}

/// A later year of a [`Course`]: its one-year scenario and allocation.
#[derive(Debug, Clone)]
struct LaterYear {
    seed: u64,
    scenario: Scenario,
    funded: Funded,
}

/// Every year of a scenario, draw by draw: the first year's [`Model`], then each later year on
/// the households as the year before left them in the same draw (incomes, the deprivations
/// programs removed, who left poverty and may fall back, who holds a loan), its programs
/// targeted on that draw's poor, near-poor and escaped households (`docs/simulation.md`,
/// Several years). A draw's tallies are the first year's communes, then the next year's,
/// and so on.
#[derive(Debug, Clone)]
pub struct Course<'a> {
    dataset: &'a Dataset,
    standard: &'a PovertyStandard,
    /// The first year's model.
    pub first: Model<'a>,
    later: Vec<LaterYear>,
}

impl<'a> Course<'a> {
    /// Prepares every year of `scenario`; `years` are its one-year scenarios with their
    /// allocations, first to last (`Scenario::all_years`).
    #[must_use]
    pub fn new(
        dataset: &'a Dataset,
        standard: &'a PovertyStandard,
        households: &'a Households,
        years: &[(u16, Scenario, Allocation)],
    ) -> Option<Self> {
        let ((_, scenario, allocation), rest) = years.split_first()?;
        let first = Model::new(dataset, standard, households, scenario, allocation);
        let later = rest
            .iter()
            .map(|(year, scenario, allocation)| LaterYear {
                seed: crate::rng::mix(scenario.seed ^ u64::from(*year)),
                scenario: scenario.clone(),
                funded: Model::funded(dataset, scenario, allocation),
            })
            .collect();
        Some(Self { dataset, standard, first, later })
    }

    /// How many years a draw covers.
    #[must_use]
    pub fn years(&self) -> usize {
        1 + self.later.len()
    }

    /// One draw of every year into `out` (the communes × years, first year first).
    pub fn draw(&self, draw: u32, out: &mut [Tally]) {
        let n = self.first.communes;
        let (first, mut rest) = out.split_at_mut(n);
        if self.later.is_empty() {
            self.first.draw(draw, first);
            return;
        }
        let mut start = self.first.draw_to_end(draw, first);
        for (k, year) in self.later.iter().enumerate() {
            let (here, next) = rest.split_at_mut(n);
            rest = next;
            let mut model = Model::on(
                self.dataset,
                self.standard,
                self.first.households,
                start,
                year.seed,
                (&year.scenario, &year.funded),
            );
            model.params_seed = self.first.params_seed;
            if k + 1 == self.later.len() {
                model.draw(draw, here);
                break;
            }
            start = model.draw_to_end(draw, here);
        }
    }

    /// Runs draws `draws`: each draw's tallies for every year, in draw order, the same whatever
    /// the range or thread they run in.
    #[must_use]
    pub fn run(&self, draws: std::ops::Range<u32>) -> Vec<Vec<Tally>> {
        let size = self.first.communes * self.years();
        draws
            .map(|d| {
                let mut out = vec![Tally::default(); size];
                self.draw(d, &mut out);
                out
            })
            .collect()
    }

    /// [`Course::run`] on up to `threads` threads (the same result to the bit).
    #[must_use]
    pub fn run_threads(&self, draws: std::ops::Range<u32>, threads: usize) -> Vec<Vec<Tally>> {
        let threads = threads.clamp(1, draws.len().max(1));
        if threads == 1 {
            return self.run(draws);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> =
                split_draws(draws, threads).into_iter().map(|r| scope.spawn(move || self.run(r))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    }
}

/// Splits a range of draws into `parts` contiguous ranges as equal as can be, the longer ones
/// first: how the CLI's threads and the browser's workers share a run.
#[must_use]
pub fn split_draws(draws: std::ops::Range<u32>, parts: usize) -> Vec<std::ops::Range<u32>> {
    let parts = parts.max(1) as u32;
    let n = draws.end.saturating_sub(draws.start);
    let (size, extra) = (n / parts, n % parts);
    let mut start = draws.start;
    (0..parts)
        .map(|i| {
            let len = size + u32::from(i < extra);
            let r = start..start + len;
            start += len;
            r
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The peers' per-draw work, for a fair benchmark (`docs/simulation.md`): for every household,
/// draw its income growth (near-normal, `growth` as mean and sd in basis points) from a
/// counter-based hash of (seed, draw, household), apply it to the income, count its
/// deprivations from the indicator flags, and classify under `compiled`. Returns poor and
/// near-poor households per commune. Nothing is precomputed but the households themselves.
///
/// The growth is [`Growth::multiplier`]: the sum of the four bytes (Irwin–Hall, n = 4) of one
/// round of a 32-bit finaliser (murmur3's), all in 32-bit lanes, so that the loop vectorises.
/// On an x86-64 CPU with AVX2 (found at run time) a hand-written AVX2 build runs instead
/// (eight households at a time, every lane 32 bits wide); it computes the same integers, so
/// the same result to the bit (tested).
#[must_use]
pub fn classify_draw(
    households: &Households,
    compiled: &Compiled,
    draw: (u64, u32),
    growth: (i64, i64),
    communes: usize,
) -> Vec<[u32; 2]> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        #[allow(unsafe_code)]
        // SAFETY: the CPU has AVX2, checked on the line above; the function only needs that.
        return unsafe { classify_draw_avx2(households, compiled, draw, growth, communes) };
    }
    classify_draw_loop(households, compiled, draw, growth, communes)
}

/// [`classify_draw`] written for AVX2, eight households at a time, the same integers as the
/// portable loop (a test compares them to the bit). Written by hand because the compiler's
/// own vectorisation of the loop narrows the deprivation counts to 16-bit lanes and packs the
/// income comparisons down to them, and compares without sign in two instructions each; here
/// every lane stays 32 bits wide and each comparison is one signed compare (incomes and
/// lines shifted by 2³¹, which keeps their order).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(unsafe_code)]
fn classify_draw_avx2(
    households: &Households,
    compiled: &Compiled,
    (seed, draw): (u64, u32),
    (growth_mean_bp, growth_sd_bp): (i64, i64),
    communes: usize,
) -> Vec<[u32; 2]> {
    use std::arch::x86_64::{
        __m128i, __m256i, _mm256_add_epi32, _mm256_add_epi8, _mm256_and_si256, _mm256_andnot_si256, _mm256_blend_epi32,
        _mm256_cmpgt_epi32, _mm256_cvtepu16_epi32, _mm256_loadu_si256, _mm256_max_epi32, _mm256_mul_epu32,
        _mm256_mullo_epi32, _mm256_or_si256, _mm256_set1_epi32, _mm256_set1_epi8, _mm256_setr_epi32, _mm256_setr_epi8,
        _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_slli_epi64, _mm256_srai_epi32, _mm256_srli_epi16,
        _mm256_srli_epi32, _mm256_srli_epi64, _mm256_storeu_si256, _mm256_sub_epi32, _mm256_xor_si256, _mm_loadu_si128,
    };
    let mut out = vec![[0u32; 2]; communes];
    let growth = Growth::new(Stream::new(seed, draw, Purpose::Dynamics).bits(0) as u32, growth_mean_bp, growth_sd_bp);
    // The constants of Growth::multiplier, of the deprivation count and of the comparisons.
    let step = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    let golden = _mm256_set1_epi32(0x9E37_79B9_u32 as i32);
    let golden8 = _mm256_set1_epi32(0x9E37_79B9_u32.wrapping_mul(8) as i32);
    let (c1, c2) = (_mm256_set1_epi32(0x85EB_CA6B_u32 as i32), _mm256_set1_epi32(0xC2B2_AE35_u32 as i32));
    let key = _mm256_set1_epi32(growth.key as i32);
    let byte_pairs = _mm256_set1_epi32(0x00FF_00FF);
    let low16 = _mm256_set1_epi32(0xFFFF);
    let centre = _mm256_set1_epi32(Growth::CENTRE);
    let (mean, scale) = (_mm256_set1_epi32(growth.mean), _mm256_set1_epi32(growth.scale));
    let zero = _mm256_setzero_si256();
    let nibble = _mm256_set1_epi8(0x0F);
    let bits = _mm256_setr_epi8(
        0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
    );
    let low8 = _mm256_set1_epi32(0xFF);
    let sign = _mm256_set1_epi32(i32::MIN);
    // A clause (line, k) as (line shifted by 2³¹, k − 1): income ≤ line and count ≥ k is
    // not (income' > line') and count > k − 1.
    let clause =
        |(line, k): (u32, u32)| (_mm256_set1_epi32((line ^ 0x8000_0000) as i32), _mm256_set1_epi32(k as i32 - 1));
    for s in households.segments() {
        let lanes = compiled.of(s.area).lanes();
        let (poor_clauses, near_clauses) = lanes.clauses();
        let (p0, p1) = (clause(poor_clauses[0]), clause(poor_clauses[1]));
        let (n0, n1) = (clause(near_clauses[0]), clause(near_clauses[1]));
        let r = s.start as usize..s.end as usize;
        let (income, deps) = (&households.income[r.clone()], &households.deprivations[r]);
        let deps = &deps[..income.len()];
        let whole = income.len() - income.len() % 8;
        let (mut poor_lanes, mut near_lanes) = (zero, zero);
        // The households' indices times the golden ratio (wrapping), moved on by eight
        // households' worth each round: an addition instead of a multiplication.
        let mut spread = _mm256_mullo_epi32(_mm256_add_epi32(_mm256_set1_epi32(s.start as i32), step), golden);
        let mut i = 0;
        while i < whole {
            // Growth::multiplier, lane by lane.
            let mut h = _mm256_xor_si256(spread, key);
            spread = _mm256_add_epi32(spread, golden8);
            h = _mm256_xor_si256(h, _mm256_srli_epi32::<16>(h));
            h = _mm256_mullo_epi32(h, c1);
            h = _mm256_xor_si256(h, _mm256_srli_epi32::<13>(h));
            h = _mm256_mullo_epi32(h, c2);
            h = _mm256_xor_si256(h, _mm256_srli_epi32::<16>(h));
            let pairs = _mm256_add_epi32(
                _mm256_and_si256(h, byte_pairs),
                _mm256_and_si256(_mm256_srli_epi32::<8>(h), byte_pairs),
            );
            let sum = _mm256_add_epi32(_mm256_and_si256(pairs, low16), _mm256_srli_epi32::<16>(pairs));
            let deviation = _mm256_srai_epi32::<8>(_mm256_mullo_epi32(_mm256_sub_epi32(sum, centre), scale));
            let g = _mm256_max_epi32(_mm256_add_epi32(mean, deviation), zero);
            // SAFETY: i + 8 <= whole <= income.len() = deps.len(): both loads read inside
            // the slices (unaligned loads).
            let (inc, flags) = unsafe {
                (
                    _mm256_loadu_si256(income.as_ptr().add(i).cast::<__m256i>()),
                    _mm_loadu_si128(deps.as_ptr().add(i).cast::<__m128i>()),
                )
            };
            // (income × g) >> 16, low 32 bits: even lanes, then odd lanes moved down.
            let even = _mm256_mul_epu32(inc, g);
            let odd = _mm256_mul_epu32(_mm256_srli_epi64::<32>(inc), _mm256_srli_epi64::<32>(g));
            let grown = _mm256_blend_epi32::<0b1010_1010>(_mm256_srli_epi64::<16>(even), _mm256_slli_epi64::<16>(odd));
            // The deprivation count: the bits of each 16-bit flag set, by nibbles.
            let flags = _mm256_cvtepu16_epi32(flags);
            let low = _mm256_and_si256(flags, nibble);
            let high = _mm256_and_si256(_mm256_srli_epi16::<4>(flags), nibble);
            let per_byte = _mm256_add_epi8(_mm256_shuffle_epi8(bits, low), _mm256_shuffle_epi8(bits, high));
            let count = _mm256_and_si256(_mm256_add_epi32(per_byte, _mm256_srli_epi32::<8>(per_byte)), low8);
            let grown = _mm256_xor_si256(grown, sign);
            let hold = |(line, k): (__m256i, __m256i)| {
                _mm256_andnot_si256(_mm256_cmpgt_epi32(grown, line), _mm256_cmpgt_epi32(count, k))
            };
            let poor = _mm256_or_si256(hold(p0), hold(p1));
            let near = _mm256_andnot_si256(poor, _mm256_or_si256(hold(n0), hold(n1)));
            // All ones is −1: subtracting the masks counts.
            poor_lanes = _mm256_sub_epi32(poor_lanes, poor);
            near_lanes = _mm256_sub_epi32(near_lanes, near);
            i += 8;
        }
        let total = |v: __m256i| {
            let mut lanes = [0u32; 8];
            // SAFETY: an unaligned store of 32 bytes into a 32-byte array.
            unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast::<__m256i>(), v) };
            lanes.iter().fold(0u32, |a, &b| a.wrapping_add(b))
        };
        // The last households of the segment, fewer than eight, one at a time.
        let (poor, near) = classify_households(&growth, &lanes, s.start, income, deps, whole);
        out[s.commune as usize][0] += total(poor_lanes) + poor;
        out[s.commune as usize][1] += total(near_lanes) + near;
    }
    out
}

/// The portable loop of [`classify_draw`] (the test compares the AVX2 build with it).
#[inline(always)]
fn classify_draw_loop(
    households: &Households,
    compiled: &Compiled,
    (seed, draw): (u64, u32),
    (growth_mean_bp, growth_sd_bp): (i64, i64),
    communes: usize,
) -> Vec<[u32; 2]> {
    let mut out = vec![[0u32; 2]; communes];
    let growth = Growth::new(Stream::new(seed, draw, Purpose::Dynamics).bits(0) as u32, growth_mean_bp, growth_sd_bp);
    for s in households.segments() {
        let lanes = compiled.of(s.area).lanes();
        let r = s.start as usize..s.end as usize;
        let (income, deps) = (&households.income[r.clone()], &households.deprivations[r]);
        let (poor, near) = classify_households(&growth, &lanes, s.start, income, deps, 0);
        out[s.commune as usize][0] += poor;
        out[s.commune as usize][1] += near;
    }
    out
}

/// The peers' work on one segment's households from `from` on, one at a time: (poor,
/// near-poor). `start` is the segment's first household's index (its growth's key).
#[inline(always)]
fn classify_households(
    growth: &Growth,
    lanes: &crate::standard::Lanes,
    start: u32,
    income: &[u32],
    deps: &[u16],
    from: usize,
) -> (u32, u32) {
    let deps = &deps[..income.len()];
    let (mut poor, mut near) = (0u32, 0u32);
    for i in from..income.len() {
        let g = growth.multiplier(start.wrapping_add(i as u32));
        let inc = ((u64::from(income[i]) * u64::from(g)) >> 16) as u32;
        let (is_poor, is_near) = lanes.classify(inc, u32::from(deps[i]).count_ones());
        poor += is_poor;
        near += is_near;
    }
    (poor, near)
}

/// A draw's income growth per household, as a 16.16 multiplier: 65,536 × (1 + mean) plus a
/// near-normal deviation with the sd asked for, from a counter-based hash of the household's
/// index under the draw's key. Every step is a 32-bit integer operation, the same on every
/// target and vectorisable.
#[derive(Debug, Clone, Copy)]
pub struct Growth {
    key: u32,
    mean: i32,
    scale: i32,
}

impl Growth {
    /// The sum of four uniform bytes has mean 510 and sd √(4 × (256² − 1) / 12) = 147.80.
    const CENTRE: i32 = 510;

    /// Growth of `mean_bp` ± `sd_bp` (basis points; sd at most 10,000) under `key`.
    #[must_use]
    pub fn new(key: u32, mean_bp: i64, sd_bp: i64) -> Self {
        let mean = 65_536 + mean_bp * 65_536 / 10_000;
        // (sum − 510) × scale >> 8 has sd 147.80 × scale / 256: scale = sd × 65,536 × 256 / 147.80.
        let scale = sd_bp.clamp(0, 10_000) * 65_536 / 10_000 * 256 * 100 / 14_780;
        Self { key, mean: mean.clamp(0, i64::from(i32::MAX)) as i32, scale: scale as i32 }
    }

    /// The multiplier of household `index` (never negative).
    #[inline(always)]
    #[must_use]
    pub fn multiplier(&self, index: u32) -> u32 {
        let mut h = index.wrapping_mul(0x9E37_79B9) ^ self.key;
        h ^= h >> 16;
        h = h.wrapping_mul(0x85EB_CA6B);
        h ^= h >> 13;
        h = h.wrapping_mul(0xC2B2_AE35);
        h ^= h >> 16;
        // The four bytes' sum: two 16-bit sums of byte pairs, then their sum.
        let pairs = (h & 0x00FF_00FF) + ((h >> 8) & 0x00FF_00FF);
        let sum = ((pairs & 0xFFFF) + (pairs >> 16)) as i32;
        (self.mean + (((sum - Self::CENTRE) * self.scale) >> 8)).max(0) as u32
    }
}

/// A 64-bit fingerprint (FNV-1a) of draw results: every tally of every commune of every
/// draw. Equal fingerprints mean bit-identical projections (native vs wasm, chunked or not).
#[must_use]
pub fn fingerprint(draws: &[Vec<Tally>]) -> u64 {
    let mut hash = crate::rng::FNV_OFFSET;
    let mut eat = |x: u32| hash = crate::rng::fnv1a(hash, &x.to_le_bytes());
    for draw in draws {
        for t in draw {
            t.counts().into_iter().for_each(&mut eat);
        }
    }
    hash
}

pub(crate) fn mask(standard: &PovertyStandard, keys: &[&str]) -> u16 {
    keys.iter().filter_map(|k| standard.indicator(k)).fold(0u16, |m, i| m | (1 << i))
}

/// Re-classifies every household after a per-household income multiplier (16.16 fixed
/// point) and a "health insurance bought" flag, and counts (poor, near-poor) per commune.
/// The benchmark of the classification rule on its own (`benches/simulate.rs`).
///
/// Written in uniform 32-bit lanes (every comparison becomes 0 or 1 as a `u32`, no `bool`
/// arithmetic, no branches) so that the compiler vectorizes the loop.
#[must_use]
pub fn reclassify(
    households: &Households,
    compiled: &Compiled,
    hi_bit: u16,
    growth: &[u32],
    hi_bought: &[bool],
    communes: usize,
) -> Vec<[u32; 2]> {
    let mut out = vec![[0u32; 2]; communes];
    let hi_shift = hi_bit.trailing_zeros();
    for s in households.segments() {
        let lanes = compiled.of(s.area).lanes();
        let r = s.start as usize..s.end as usize;
        let (income, growth, count, deps, hi) = (
            &households.income[r.clone()],
            &growth[r.clone()],
            &households.deprivation_count[r.clone()],
            &households.deprivations[r.clone()],
            &hi_bought[r],
        );
        // One proven length for all five columns lets the compiler drop the bounds checks.
        let len = income.len();
        let (growth, count, deps, hi) = (&growth[..len], &count[..len], &deps[..len], &hi[..len]);
        let (mut poor, mut near) = (0u32, 0u32);
        for i in 0..income.len() {
            let inc = ((u64::from(income[i]) * u64::from(growth[i])) >> 16) as u32;
            let n = u32::from(count[i]) - (u32::from(hi[i]) & (u32::from(deps[i]) >> hi_shift) & 1);
            let (is_poor, is_near) = lanes.classify(inc, n);
            poor += is_poor;
            near += is_near;
        }
        out[s.commune as usize][0] += poor;
        out[s.commune as usize][1] += near;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_named_again_keeps_the_next_ones_within_reach() {
        // A demand line's priority may name a group many times; the near-poor after 200
        // "poor" still come second, as they did in the targeting before the packed scan.
        let mut groups = vec![Group::Poor; 200];
        groups.push(Group::NearPoor);
        let aim = Aim::new((&groups, 0, 0), None);
        assert_eq!(aim.bucket[usize::from(Candidates::NEAR)], 2);
        assert_eq!(aim.bucket[usize::from(Candidates::POOR | Candidates::NEAR)], 0);
        assert_eq!(aim.bucket[usize::from(Candidates::ESCAPED)], Aim::NONE);
        assert_eq!(aim.buckets, 4);
    }

    /// The peers' kernel draws growth with the mean and sd asked for, near-normal (the four
    /// bytes' sum is bounded at ±3.45 sd and symmetric), and none with no sd.
    #[test]
    fn the_benchmark_growth_has_the_asked_mean_and_sd() {
        for (mean_bp, sd_bp) in [(800, 500), (-300, 900), (0, 2_000)] {
            let growth = Growth::new(0x5EED_2019, mean_bp, sd_bp);
            let n = 1_000_000u32;
            let draws: Vec<f64> = (0..n).map(|i| f64::from(growth.multiplier(i)) / 65_536.0 - 1.0).collect();
            let mean = draws.iter().sum::<f64>() / f64::from(n);
            let sd = (draws.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / f64::from(n)).sqrt();
            let (want_mean, want_sd) = (mean_bp as f64 / 1e4, sd_bp as f64 / 1e4);
            assert!((mean - want_mean).abs() < 0.000_5, "mean {mean} for {mean_bp}");
            assert!((sd / want_sd - 1.0).abs() < 0.01, "sd {sd} for {sd_bp}");
            // Within 1 sd about 68 % of households, as for a normal draw (uniform: 58 %).
            let within = draws.iter().filter(|g| (*g - want_mean).abs() <= want_sd).count() as f64 / f64::from(n);
            assert!((within - 0.683).abs() < 0.02, "{within} within one sd");
        }
        let none = Growth::new(7, 800, 0);
        assert!((0..1000).all(|i| none.multiplier(i) == 65_536 + 800 * 65_536 / 10_000));
    }

    /// The AVX2 build of the peers' kernel (where the CPU has it) gives the portable build's
    /// counts to the bit, with and without growth.
    #[test]
    fn the_benchmark_kernel_is_the_same_on_every_instruction_set() {
        let dataset = crate::dataset::Dataset::builtin().unwrap();
        let standard = crate::standard::PovertyStandard::qd59_2015();
        let households = crate::population::synthesize(&dataset, &standard, 2019);
        let compiled = standard.compiled();
        let n = dataset.communes().len();
        for (draw, growth) in [((2019, 0), (0, 0)), ((2019, 7), (800, 500)), ((5, 123), (-300, 900))] {
            // Compiled here for the baseline instruction set.
            let portable = classify_draw_loop(&households, &compiled, draw, growth, n);
            assert_eq!(classify_draw(&households, &compiled, draw, growth, n), portable);
            assert!(portable.iter().map(|c| c[0]).sum::<u32>() > 0);
        }
    }
}
