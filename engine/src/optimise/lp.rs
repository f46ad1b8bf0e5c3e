//! The linear programme: what the household model says, in numbers, solved by Clarabel through
//! `good_lp`. Independent of households and scenarios, so a test can build one by hand.
//!
//! Variables: `q[pair][commune]`, the units a pair (a source's line of a program) buys in a
//! commune, and `y[pool][commune][piece]`, the units of a pool's piece used; per pool and
//! commune, units bought = units used. Money is in tỷ đồng. Every variable is bounded (a piece's
//! units, a term's share of its gap, a found source's [`COST_CAP_TY`]) so that an unbounded
//! problem cannot come back as "optimal"; every cap and floor whose price is reported is an
//! explicit constraint, since variable bounds have no readable dual.

use super::{Delta, Mode, Objective, Request, EPSILON, TY};
use crate::money::Dong;
use good_lp::constraint::ConstraintReference;
use good_lp::solvers::clarabel::clarabel;
use good_lp::solvers::DualValues;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable};

/// The most a found source may hold in cost mode, tỷ đồng.
pub(crate) const COST_CAP_TY: f64 = 1e6;

/// A run of a pool's candidates in one commune, in the targeting order: its units and what they
/// do in all.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Piece {
    pub(crate) units: f64,
    pub(crate) delta: Delta,
}

/// A source's line of a program, adjustable.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    /// Index of the source (in [`Problem::budgets`]).
    pub(crate) source: usize,
    /// Index of its pool.
    pub(crate) pool: usize,
    /// Cost of one unit, đồng.
    pub(crate) unit_cost: i64,
    /// Most per commune.
    pub(crate) cap: Option<Dong>,
    /// Least per open commune.
    pub(crate) floor: Dong,
    /// Whether it may place units in each commune (its rule's communes, not locked).
    pub(crate) open: Vec<bool>,
}

/// What a source has for the adjustable lines.
#[derive(Debug, Clone)]
pub(crate) enum Budget {
    /// At most this.
    Limit(Dong),
    /// Held by localities: each commune's locality, and what each holds.
    Local { of_commune: Vec<usize>, held: Vec<Dong> },
    /// What the cost mode finds (a province grant).
    Found,
}

/// The cost mode's targets and the objective terms' gaps, in expected households.
#[derive(Debug, Clone)]
pub(crate) struct Gaps {
    /// Poor households fewer needed for the 0.5-point reduction.
    pub(crate) rate: f64,
    /// Per commune: poor households (without social protection) fewer needed for the new-rural
    /// criterion (0 outside the target or where it is met).
    pub(crate) ntm: Vec<f64>,
    /// Per access kind: households with access more needed (0 where met or not the optimiser's).
    pub(crate) access: [f64; 5],
    /// The access targets' levels (shares).
    pub(crate) levels: [f64; 5],
}

impl Gaps {
    /// The access target's term of a change: households with access more, less the level ×
    /// poor-or-near-poor households more.
    pub(crate) fn access_term(&self, d: &Delta, a: usize) -> f64 {
        d.access[a] - self.levels[a] * d.pn
    }
}

/// A linear programme of the optimiser.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// Communes.
    pub(crate) communes: usize,
    /// Per pool, per commune, its pieces.
    pub(crate) pools: Vec<Vec<Vec<Piece>>>,
    /// The adjustable pairs.
    pub(crate) pairs: Vec<Pair>,
    /// Per source.
    pub(crate) budgets: Vec<Budget>,
    /// Targets and gaps.
    pub(crate) gaps: Gaps,
}

impl Problem {
    /// Units a pool can use in a commune.
    pub(crate) fn capacity(&self, pool: usize, commune: usize) -> f64 {
        self.pools[pool][commune].iter().map(|p| p.units).sum()
    }
}

/// A target a constraint or a repair is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// The 0.5-point reduction.
    Rate,
    /// The new-rural criterion in a commune.
    Ntm(usize),
    /// An access target.
    Access(usize),
}

/// The solution and its prices.
#[derive(Debug, Clone)]
pub(crate) struct Solved {
    /// Units per pair and commune.
    pub(crate) q: Vec<Vec<f64>>,
    /// The objective's value (the tests compare it with hand-solved optima; the plan reports
    /// its own predictions, filled in the targeting order).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) objective: f64,
    /// Per source with a limit: its price (objective per tỷ đồng).
    pub(crate) sources: Vec<(usize, f64)>,
    /// Per locality of a locally held source: (source, locality, price).
    pub(crate) localities: Vec<(usize, usize, f64)>,
    /// Per capped (pair, commune): the cap's price.
    pub(crate) caps: Vec<(usize, usize, f64)>,
    /// Per floored (pair, commune): the floor's price.
    pub(crate) floors: Vec<(usize, usize, f64)>,
    /// Cost mode: each target constraint's price (tỷ đồng per household).
    pub(crate) targets: Vec<(Which, f64)>,
    /// Variables.
    pub(crate) variables: usize,
    /// Constraints, variable bounds included (Clarabel adds a row for each).
    pub(crate) constraints: usize,
}

/// Why there is no solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No point meets every constraint.
    Infeasible,
    /// The solver stopped (iterations, time, numbers), with its words.
    Solver(String),
}

/// The objective's terms, per unit of a piece.
struct Terms {
    poor: Expression,
    exits: Expression,
    ntm: Vec<Expression>,
    access: [Expression; 5],
}

/// Solves `problem` for `request`.
pub(crate) fn solve(problem: &Problem, request: &Request) -> Result<Solved, Failure> {
    let n = problem.communes;
    let mut vars = ProblemVariables::new();
    // The pairs open in each pool and commune.
    let mut open: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); n]; problem.pools.len()];
    for (a, pair) in problem.pairs.iter().enumerate() {
        for c in (0..n).filter(|&c| pair.open[c] && problem.capacity(pair.pool, c) > 0.0) {
            open[pair.pool][c].push(a);
        }
    }
    let y: Vec<Vec<Vec<(Variable, Piece)>>> = problem
        .pools
        .iter()
        .enumerate()
        .map(|(pi, pool)| {
            (0..n)
                .map(|c| {
                    if open[pi][c].is_empty() {
                        return Vec::new();
                    }
                    pool[c].iter().map(|p| (vars.add(variable().min(0.0).max(p.units)), *p)).collect()
                })
                .collect()
        })
        .collect();
    // A pair's units in a commune: the pieces' units where it is the pool's only open pair
    // there (no variable of its own), else a variable tied to the pieces below.
    let mut shared: Vec<(usize, usize)> = Vec::new();
    let mut q: Vec<Vec<Option<Expression>>> = vec![vec![None; n]; problem.pairs.len()];
    for (pi, per_commune) in open.iter().enumerate() {
        for (c, pairs) in per_commune.iter().enumerate() {
            if let [a] = pairs[..] {
                let mut e = Expression::with_capacity(y[pi][c].len());
                for (v, _) in &y[pi][c] {
                    e.add_mul(1.0, *v);
                }
                q[a][c] = Some(e);
            } else if !pairs.is_empty() {
                for &a in pairs {
                    let v = vars.add(variable().min(0.0).max(problem.capacity(pi, c)));
                    q[a][c] = Some(Expression::from(v));
                }
                shared.push((pi, c));
            }
        }
    }
    let mut terms = Terms {
        poor: Expression::with_capacity(0),
        exits: Expression::with_capacity(0),
        ntm: (0..n).map(|_| Expression::with_capacity(0)).collect(),
        access: std::array::from_fn(|_| Expression::with_capacity(0)),
    };
    for pool in &y {
        for (c, pieces) in pool.iter().enumerate() {
            for (v, p) in pieces {
                let per = p.delta.scaled(1.0 / p.units);
                terms.poor.add_mul(per.poor, *v);
                terms.exits.add_mul(per.exits, *v);
                terms.ntm[c].add_mul(per.ntm, *v);
                for (a, e) in terms.access.iter_mut().enumerate() {
                    e.add_mul(problem.gaps.access_term(&per, a), *v);
                }
            }
        }
    }
    let gaps = &problem.gaps;
    // Impact mode's capped terms: share of a gap closed, each at most 1.
    let mut capped: Vec<Constraint> = Vec::new();
    let objective: Expression = match (request.mode, request.objective) {
        (Mode::Cost, _) => {
            let mut e = Expression::with_capacity(0);
            for (a, pair) in problem.pairs.iter().enumerate() {
                let weight = if matches!(problem.budgets[pair.source], Budget::Found) { 1.0 } else { EPSILON };
                for units in q[a].iter().flatten() {
                    e += units.clone() * (-weight * pair.unit_cost as f64 / TY);
                }
            }
            e
        }
        (Mode::Impact, Objective::Exits) => terms.exits.clone() + terms.poor.clone() * EPSILON,
        (Mode::Impact, Objective::Rate) => terms.poor.clone(),
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
            let mut e = terms.poor.clone() * EPSILON;
            if wr > 0.0 && gaps.rate > 0.0 {
                let r = vars.add(variable().min(0.0).max(1.0));
                capped.push((gaps.rate * r).leq(terms.poor.clone()));
                e.add_mul(wr, r);
            }
            let open_ntm = gaps.ntm.iter().filter(|g| **g > 0.0).count().max(1) as f64;
            if wn > 0.0 {
                for (c, gap) in gaps.ntm.iter().enumerate().filter(|(_, g)| **g > 0.0) {
                    let z = vars.add(variable().min(0.0).max(1.0));
                    capped.push((*gap * z).leq(terms.ntm[c].clone()));
                    e.add_mul(if objective == Objective::Ntm { 1.0 } else { wn / open_ntm }, z);
                }
            }
            let open_access = gaps.access.iter().filter(|g| **g > 0.0).count().max(1) as f64;
            if wa > 0.0 {
                for (a, gap) in gaps.access.iter().enumerate().filter(|(_, g)| **g > 0.0) {
                    let w = vars.add(variable().min(0.0).max(1.0));
                    capped.push((*gap * w).leq(terms.access[a].clone()));
                    e.add_mul(if objective == Objective::Access { 1.0 } else { wa / open_access }, w);
                }
            }
            e
        }
    };
    let variables = vars.len();
    let mut lp = vars.maximise(objective.clone()).using(clarabel);
    lp.settings().verbose(false).max_iter(400).time_limit(60.0);
    let mut rows = 0usize;
    let mut add = |lp: &mut good_lp::solvers::clarabel::ClarabelProblem, c: Constraint| -> ConstraintReference {
        rows += 1;
        lp.add_constraint(c)
    };
    // Units bought = units used, where a pool's pieces are shared by several pairs.
    for &(pi, c) in &shared {
        let mut e = Expression::with_capacity(y[pi][c].len() + open[pi][c].len());
        for &a in &open[pi][c] {
            if let Some(units) = &q[a][c] {
                e += units.clone();
            }
        }
        for (v, _) in &y[pi][c] {
            e.add_mul(-1.0, *v);
        }
        add(&mut lp, e.eq(0.0));
    }
    // Sources and localities.
    let mut source_refs = Vec::new();
    let mut locality_refs = Vec::new();
    for (si, budget) in problem.budgets.iter().enumerate() {
        let money = |within: &dyn Fn(usize) -> bool| {
            let mut e = Expression::with_capacity(0);
            for (a, pair) in problem.pairs.iter().enumerate().filter(|(_, p)| p.source == si) {
                for (c, units) in q[a].iter().enumerate() {
                    if let (Some(units), true) = (units, within(c)) {
                        e += units.clone() * (pair.unit_cost as f64 / TY);
                    }
                }
            }
            e
        };
        if !problem.pairs.iter().any(|p| p.source == si) {
            continue;
        }
        match budget {
            Budget::Limit(limit) => {
                source_refs.push((si, add(&mut lp, money(&|_| true).leq(limit.get() as f64 / TY))));
            }
            Budget::Found => {
                add(&mut lp, money(&|_| true).leq(COST_CAP_TY));
            }
            Budget::Local { of_commune, held } => {
                for (k, h) in held.iter().enumerate() {
                    if !(0..n).any(|c| of_commune[c] == k) {
                        continue;
                    }
                    let r = add(&mut lp, money(&|c| of_commune[c] == k).leq(h.get() as f64 / TY));
                    locality_refs.push((si, k, r));
                }
            }
        }
    }
    // Caps and floors, in tỷ đồng.
    let mut cap_refs = Vec::new();
    let mut floor_refs = Vec::new();
    for (a, pair) in problem.pairs.iter().enumerate() {
        let cost = pair.unit_cost as f64 / TY;
        for (c, units) in q[a].iter().enumerate() {
            let Some(v) = units.clone() else { continue };
            let capacity = problem.capacity(pair.pool, c);
            if let Some(cap) = pair.cap {
                let cap_units = (cap.get() / pair.unit_cost) as f64;
                if cap_units < capacity {
                    cap_refs.push((a, c, add(&mut lp, (v.clone() * cost).leq(cap_units * cost))));
                }
            }
            if pair.floor > Dong::ZERO {
                // A floor below one unit is a fraction of a unit here; whole units may round it
                // away (the rounding report says what that costs).
                let floor_units = (pair.floor.get() as f64 / pair.unit_cost as f64).min(capacity);
                floor_refs.push((a, c, add(&mut lp, (v * cost).geq(floor_units * cost))));
            }
        }
    }
    for c in capped {
        add(&mut lp, c);
    }
    // Cost mode: the targets.
    let mut target_refs = Vec::new();
    if request.mode == Mode::Cost {
        if request.goals.rate && gaps.rate > 0.0 {
            target_refs.push((Which::Rate, add(&mut lp, terms.poor.clone().geq(gaps.rate))));
        }
        if request.goals.ntm {
            for (c, gap) in gaps.ntm.iter().enumerate().filter(|(_, g)| **g > 0.0) {
                target_refs.push((Which::Ntm(c), add(&mut lp, terms.ntm[c].clone().geq(*gap))));
            }
        }
        if request.goals.access {
            for (a, gap) in gaps.access.iter().enumerate().filter(|(_, g)| **g > 0.0) {
                target_refs.push((Which::Access(a), add(&mut lp, terms.access[a].clone().geq(*gap))));
            }
        }
    }
    let mut solution = match lp.solve() {
        Ok(s) => s,
        Err(good_lp::ResolutionError::Infeasible) => return Err(Failure::Infeasible),
        Err(e) => return Err(Failure::Solver(e.to_string())),
    };
    let qv: Vec<Vec<f64>> = q
        .iter()
        .map(|row| row.iter().map(|e| e.as_ref().map_or(0.0, |e| solution.eval(e).max(0.0))).collect())
        .collect();
    let value = solution.eval(&objective);
    let duals = solution.compute_dual();
    let price = |r: &ConstraintReference| duals.dual(r.clone());
    Ok(Solved {
        q: qv,
        objective: value,
        sources: source_refs.iter().map(|(si, r)| (*si, price(r))).collect(),
        localities: locality_refs.iter().map(|(si, k, r)| (*si, *k, price(r))).collect(),
        caps: cap_refs.iter().map(|(a, c, r)| (*a, *c, price(r))).collect(),
        floors: floor_refs.iter().map(|(a, c, r)| (*a, *c, price(r))).collect(),
        targets: target_refs.iter().map(|(w, r)| (*w, price(r))).collect(),
        variables,
        constraints: rows + 2 * variables,
    })
}

/// What `units` of a pool do in a commune, filled in the targeting order.
pub(crate) fn filled(pieces: &[Piece], units: f64) -> Delta {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimise::{Goals, Weights};

    fn piece(units: f64, exits_per_unit: f64) -> Piece {
        let d = Delta { poor: exits_per_unit * units, exits: exits_per_unit * units, ..Delta::default() };
        Piece { units, delta: d }
    }

    const TY_DONG: i64 = 1_000_000_000;

    /// Two communes and two programs, a unit of each costing 1 tỷ. Exits per unit: program A
    /// 0.5 (10 units) and 0.3 (10 units), program B 0.2 (10 units) and 0.6 (4 units only) in
    /// communes 1 and 2. `pairs` are (source, program) pairs.
    fn two_by_two(pairs: &[(usize, usize)], budgets: Vec<Budget>, rate_gap: f64) -> Problem {
        Problem {
            communes: 2,
            pools: vec![
                vec![vec![piece(10.0, 0.5)], vec![piece(10.0, 0.3)]],
                vec![vec![piece(10.0, 0.2)], vec![piece(4.0, 0.6)]],
            ],
            pairs: pairs
                .iter()
                .map(|&(source, pool)| Pair {
                    source,
                    pool,
                    unit_cost: TY_DONG,
                    cap: None,
                    floor: Dong::ZERO,
                    open: vec![true, true],
                })
                .collect(),
            budgets,
            gaps: Gaps { rate: rate_gap, ntm: vec![0.0; 2], access: [0.0; 5], levels: [0.0; 5] },
        }
    }

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    /// Two sources on [`two_by_two`], solved by hand: source 1 (12 tỷ) may pay for A and B,
    /// source 2 (5 tỷ) only for B. Best: source 2 buys B's 4 units in commune 2 and 1 in
    /// commune 1; source 1 buys A's 10 in commune 1 and 2 in commune 2: 2.4 + 0.2 + 5 + 0.6 =
    /// 8.2 exits. A tỷ more from source 1 buys 0.3 more (A in commune 2), from source 2 0.2
    /// more (B in commune 1).
    #[test]
    fn a_hand_solved_instance_gives_its_optimum_and_prices() {
        let budgets = vec![Budget::Limit(Dong::new(12 * TY_DONG)), Budget::Limit(Dong::new(5 * TY_DONG))];
        let problem = two_by_two(&[(0, 0), (0, 1), (1, 1)], budgets, 0.0);
        let request = Request {
            mode: Mode::Impact,
            objective: Objective::Exits,
            weights: Weights::default(),
            goals: Goals::default(),
        };
        let s = solve(&problem, &request).expect("solvable");
        assert!(near(s.objective, 8.2 * (1.0 + EPSILON)), "objective {}", s.objective);
        // Source 1: A 10 in commune 1, 2 in commune 2; B none. Source 2: B 1 and 4.
        for (a, want) in [(0, [10.0, 2.0]), (1, [0.0, 0.0]), (2, [1.0, 4.0])] {
            for (c, w) in want.iter().enumerate() {
                assert!(near(s.q[a][c], *w), "pair {a} commune {c}: {} not {w}", s.q[a][c]);
            }
        }
        let price = |si: usize| s.sources.iter().find(|(x, _)| *x == si).map(|(_, p)| *p).unwrap();
        assert!(near(price(0), 0.3 * (1.0 + EPSILON)), "source 1's price {}", price(0));
        assert!(near(price(1), 0.2 * (1.0 + EPSILON)), "source 2's price {}", price(1));
    }

    /// The cost question on [`two_by_two`] with one found source paying for both: the least
    /// money for 5 exits buys the most exits per tỷ first, B in commune 2 (4 units, 2.4), then
    /// A in commune 1 (2.6 ÷ 0.5 = 5.2 units): 9.2 tỷ; each further exit costs 2 tỷ.
    #[test]
    fn a_hand_solved_cost_question_finds_the_least_money() {
        let problem = two_by_two(&[(0, 0), (0, 1)], vec![Budget::Found], 5.0);
        let request = Request {
            mode: Mode::Cost,
            objective: Objective::Exits,
            weights: Weights::default(),
            goals: Goals { rate: true, ntm: false, access: false },
        };
        let s = solve(&problem, &request).expect("solvable");
        assert!(near(s.q[1][1], 4.0) && near(s.q[0][0], 5.2), "{:?}", s.q);
        assert!(near(-s.objective, 9.2), "cost {}", -s.objective);
        assert_eq!(s.targets.len(), 1);
        assert!(near(s.targets[0].1.abs(), 2.0), "price of an exit {}", s.targets[0].1);
    }

    #[test]
    fn floors_beyond_the_money_are_infeasible() {
        let ty = TY_DONG;
        let problem = Problem {
            communes: 2,
            pools: vec![vec![vec![piece(10.0, 0.5)], vec![piece(10.0, 0.3)]]],
            pairs: vec![Pair {
                source: 0,
                pool: 0,
                unit_cost: ty,
                cap: None,
                floor: Dong::new(3 * ty),
                open: vec![true, true],
            }],
            budgets: vec![Budget::Limit(Dong::new(5 * ty))],
            gaps: Gaps { rate: 0.0, ntm: vec![0.0; 2], access: [0.0; 5], levels: [0.0; 5] },
        };
        let request = Request {
            mode: Mode::Impact,
            objective: Objective::Exits,
            weights: Weights::default(),
            goals: Goals::default(),
        };
        assert_eq!(solve(&problem, &request).map(|_| ()), Err(Failure::Infeasible));
    }
}
