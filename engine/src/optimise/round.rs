//! Whole units from the continuous solution (`docs/optimiser.md`, Whole units).
//!
//! Impact mode: each pair's total rounded down, then spread by largest remainder (ties by GSO
//! code) over its communes without passing a commune's capacity or cap. Cost mode: each
//! commune's units rounded up, so the targets stay reached. Either way a locality's fund is
//! never overdrawn, and in cost mode [`repair`] adds the cheapest further units of the found
//! sources where, filled in the targeting order, a target would be missed.

use super::lp::{filled, Budget, Problem, Solved, Which};
use super::{Delta, Message, Mode};
use crate::dataset::Dataset;
use crate::format::Lang;
use crate::params::Access;

/// Whole units per pair and commune, and the money the continuous solution placed that they
/// leave on the sources (đồng).
pub(crate) fn whole_units(problem: &Problem, solved: &Solved, mode: Mode, dataset: &Dataset) -> (Vec<Vec<u64>>, i64) {
    let n = problem.communes;
    let communes = dataset.communes();
    let mut used = vec![vec![0.0f64; n]; problem.pools.len()];
    let mut units = Vec::with_capacity(problem.pairs.len());
    let mut left = 0i64;
    for (a, pair) in problem.pairs.iter().enumerate() {
        let values = &solved.q[a];
        let cap = pair.cap.map_or(u64::MAX, |cap| u64::try_from(cap.get() / pair.unit_cost).unwrap_or(0));
        let capacity = |c: usize| problem.capacity(pair.pool, c).floor();
        let mut out: Vec<u64> = match mode {
            Mode::Cost => values
                .iter()
                .enumerate()
                .map(|(c, v)| ((v - 1e-6).ceil().max(0.0) as u64).min(capacity(c) as u64).min(cap))
                .collect(),
            Mode::Impact => values.iter().map(|v| (v + 1e-6).floor() as u64).collect(),
        };
        if mode == Mode::Impact {
            let total: f64 = values.iter().sum();
            let mut rest = ((total + 1e-6).floor() as u64).saturating_sub(out.iter().sum());
            let mut order: Vec<usize> = (0..n).filter(|&c| values[c] > out[c] as f64).collect();
            order.sort_by(|&x, &y| {
                let (fx, fy) = (values[x] - values[x].floor(), values[y] - values[y].floor());
                fy.total_cmp(&fx).then(communes[x].code.cmp(&communes[y].code))
            });
            for c in order {
                if rest == 0 {
                    break;
                }
                if used[pair.pool][c] + out[c] as f64 + 1.0 <= capacity(c) && out[c] < cap {
                    out[c] += 1;
                    rest -= 1;
                }
            }
        }
        for (c, u) in out.iter().enumerate() {
            used[pair.pool][c] += *u as f64;
        }
        left += ((values.iter().sum::<f64>() - out.iter().sum::<u64>() as f64) * pair.unit_cost as f64).max(0.0) as i64;
        units.push(out);
    }
    // A locality's units never cost more than its fund holds: rounding up is undone there.
    for (si, budget) in problem.budgets.iter().enumerate() {
        let Budget::Local { of_commune, held } = budget else { continue };
        let mut held: Vec<i64> = held.iter().map(|h| h.get()).collect();
        for (a, pair) in problem.pairs.iter().enumerate().filter(|(_, p)| p.source == si) {
            for c in 0..n {
                let k = of_commune[c];
                while units[a][c] > 0 && units[a][c] as i64 * pair.unit_cost > held[k] {
                    units[a][c] -= 1;
                    left += pair.unit_cost;
                }
                held[k] -= units[a][c] as i64 * pair.unit_cost;
            }
        }
    }
    (units, left)
}

/// The part of a change a target counts.
fn term(problem: &Problem, d: &Delta, which: Which) -> f64 {
    match which {
        Which::Rate => d.poor,
        Which::Ntm(_) => d.ntm,
        Which::Access(a) => problem.gaps.access_term(d, a),
    }
}

/// What each source can still pay for whole units added after rounding.
pub(crate) struct Wallet {
    /// Per source: đồng left (`None`: a source whose amount the cost mode finds).
    left: Vec<Option<i64>>,
    /// Per locally held source: each locality's đồng left.
    local: Vec<Option<(Vec<usize>, Vec<i64>)>>,
}

impl Wallet {
    /// What is left after `units`.
    pub(crate) fn after(problem: &Problem, units: &[Vec<u64>]) -> Self {
        let spent = |si: usize, within: &dyn Fn(usize) -> bool| -> i64 {
            problem
                .pairs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.source == si)
                .map(|(a, p)| {
                    (0..problem.communes).filter(|&c| within(c)).map(|c| units[a][c] as i64).sum::<i64>() * p.unit_cost
                })
                .sum()
        };
        let mut left = Vec::new();
        let mut local = Vec::new();
        for (si, budget) in problem.budgets.iter().enumerate() {
            match budget {
                Budget::Limit(l) => {
                    left.push(Some(l.get() - spent(si, &|_| true)));
                    local.push(None);
                }
                Budget::Found => {
                    left.push(None);
                    local.push(None);
                }
                Budget::Local { of_commune, held } => {
                    let held: Vec<i64> =
                        held.iter().enumerate().map(|(k, h)| h.get() - spent(si, &|c| of_commune[c] == k)).collect();
                    left.push(Some(held.iter().sum()));
                    local.push(Some((of_commune.clone(), held)));
                }
            }
        }
        Self { left, local }
    }

    fn can(&self, problem: &Problem, a: usize, c: usize) -> bool {
        let p = &problem.pairs[a];
        let source = self.left[p.source].is_none_or(|l| l >= p.unit_cost);
        let locality = self.local[p.source].as_ref().is_none_or(|(of, held)| held[of[c]] >= p.unit_cost);
        source && locality
    }

    fn pay(&mut self, problem: &Problem, a: usize, c: usize) {
        let p = &problem.pairs[a];
        if let Some(l) = self.left[p.source].as_mut() {
            *l -= p.unit_cost;
        }
        if let Some((of, held)) = self.local[p.source].as_mut() {
            held[of[c]] -= p.unit_cost;
        }
    }
}

/// Adds whole units (of open pairs whose source can pay) until every target's gap is closed in
/// the targeting order, the most per đồng first; says which target it could not close.
pub(crate) fn repair(
    units: &mut [Vec<u64>],
    problem: &Problem,
    targets: &[(Which, f64)],
    wallet: &mut Wallet,
    dataset: &Dataset,
) -> Option<Message> {
    let n = problem.communes;
    let mut fill = vec![vec![0.0f64; n]; problem.pools.len()];
    for (a, p) in problem.pairs.iter().enumerate() {
        for c in 0..n {
            fill[p.pool][c] += units[a][c] as f64;
        }
    }
    let reached = |fill: &[Vec<f64>], which: Which| -> f64 {
        let only = match which {
            Which::Ntm(c) => Some(c),
            _ => None,
        };
        let mut t = 0.0;
        for (pi, pool) in problem.pools.iter().enumerate() {
            for c in (0..n).filter(|&c| only.is_none_or(|o| o == c)) {
                t += term(problem, &filled(&pool[c], fill[pi][c]), which);
            }
        }
        t
    };
    for _ in 0..100_000 {
        let failing = targets.iter().find(|(w, gap)| reached(&fill, *w) < gap - 1e-9).map(|(w, _)| {
            (
                *w,
                match w {
                    Which::Ntm(c) => Some(*c),
                    _ => None,
                },
            )
        });
        let (which, only) = failing?;
        // The next unit that does the most for it per đồng.
        let mut best: Option<(f64, usize, usize)> = None;
        for (a, p) in problem.pairs.iter().enumerate() {
            for c in (0..n).filter(|&c| only.is_none_or(|o| o == c) && p.open[c] && wallet.can(problem, a, c)) {
                let f = fill[p.pool][c];
                let over_cap = p.cap.is_some_and(|cap| (units[a][c] as i64 + 1) * p.unit_cost > cap.get());
                if f + 1.0 > problem.capacity(p.pool, c) + 1e-9 || over_cap {
                    continue;
                }
                let pieces = &problem.pools[p.pool][c];
                let gain = term(problem, &filled(pieces, f + 1.0), which) - term(problem, &filled(pieces, f), which);
                let per = gain / p.unit_cost as f64;
                if gain > 1e-12 && best.is_none_or(|(b, _, _)| per > b) {
                    best = Some((per, a, c));
                }
            }
        }
        let Some((_, a, c)) = best else {
            let (vi, en) = match which {
                Which::Rate => ("chỉ tiêu giảm 0,5 điểm %".to_owned(), "the 0.5-point reduction".to_owned()),
                Which::Ntm(c) => {
                    let name = dataset.communes()[c].full_name();
                    (format!("tiêu chí nghèo nông thôn mới ở {name}"), format!("the new-rural criterion in {name}"))
                }
                Which::Access(a) => (
                    format!("chỉ tiêu “{}”", Access::ALL[a].label(Lang::Vi)),
                    format!("the target “{}”", Access::ALL[a].label(Lang::En)),
                ),
            };
            return Some(Message {
                message_vi: format!(
                    "Với số đơn vị nguyên theo thứ tự hỗ trợ, {vi} chưa đạt và không còn đơn vị nào giúp thêm."
                ),
                message_en: format!(
                    "In whole units filled in the targeting order, {en} is not reached and no further unit helps."
                ),
            });
        };
        units[a][c] += 1;
        fill[problem.pairs[a].pool][c] += 1.0;
        wallet.pay(problem, a, c);
    }
    None
}
