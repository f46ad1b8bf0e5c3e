//! The answer in the planner's terms: the optimised scenario, the predictions, and each
//! shadow price in a sentence in both languages.

use super::lp::{filled, Budget, Problem, Solved, Which};
use super::model::{Base, Built};
use super::{Binding, KindTotal, Mode, Objective, Predicted, Request, SourceUse, TY};
use crate::allocation::LocalFund;
use crate::dataset::{CommuneCode, Dataset};
use crate::format::{group, Lang};
use crate::line::{Line, Planned, Rule};
use crate::money::Dong;
use crate::params::Access;
use crate::proposal::Funding;
use crate::scenario::Scenario;

/// Units per pair and commune, as numbers.
pub(crate) type Units<'u> = &'u dyn Fn(usize, usize) -> f64;

/// The first year with the adjustable lines planned in `units`: an existing line becomes a
/// planned one with its locked cells kept, a new line is added where it has units, and in cost
/// mode each found source holds what it takes.
pub(crate) fn scenario(built: &Built, units: &[Vec<u64>], request: &Request, dataset: &Dataset) -> Scenario {
    let view = &built.view;
    let problem = &built.problem;
    let communes = dataset.communes();
    let mut out = view.clone();
    let mut placed = vec![Dong::ZERO; view.sources.len()];
    for (a, (pair, line)) in problem.pairs.iter().zip(&built.lines).enumerate() {
        let source = &view.sources[pair.source];
        let (commune, counts): (Vec<CommuneCode>, Vec<u64>) =
            (0..problem.communes).filter(|&c| units[a][c] > 0).map(|c| (communes[c].code, units[a][c])).unzip();
        let bought = counts.iter().sum::<u64>();
        let amount =
            Dong::new(i64::try_from(bought).unwrap_or(0) * pair.unit_cost) + view.locked_sum(&source.id, &line.program);
        placed[pair.source] += amount;
        let rule = Rule::Planned(Planned {
            communes: line.filter,
            floor: pair.floor,
            cap: pair.cap,
            unit_cost: line.own_unit_cost,
            commune,
            units: counts,
        });
        match line.line {
            Some(i) => {
                out.lines[i].amount = amount;
                out.lines[i].rule = rule;
            }
            None if amount > Dong::ZERO => {
                out.lines.push(Line { source: source.id.clone(), program: line.program.clone(), amount, rule });
            }
            None => {}
        }
    }
    if request.mode == Mode::Cost {
        for (si, s) in view.sources.iter().enumerate() {
            if matches!(problem.budgets[si], Budget::Found) && problem.pairs.iter().any(|p| p.source == si) {
                let committed: Dong = built.fixed.lines.iter().filter(|l| l.source == s.id).map(|l| l.amount).sum();
                out.sources[si].amount = committed + placed[si];
            }
        }
    }
    out
}

/// Money by kind of source, now and in the optimised scenario.
pub(crate) fn kinds(before: &Scenario, after: &Scenario) -> Vec<KindTotal> {
    let groups: [(&str, fn(Funding) -> bool); 3] = [
        ("central", |f| f == Funding::Central),
        ("local", |f| matches!(f, Funding::Province | Funding::District | Funding::Commune)),
        ("mobilised", |f| matches!(f, Funding::Mobilised | Funding::Integrated | Funding::People)),
    ];
    groups
        .iter()
        .map(|(kind, test)| {
            let sum = |s: &Scenario| s.sources.iter().filter(|x| test(Funding::of(x))).map(|x| x.amount).sum::<Dong>();
            KindTotal { kind: (*kind).into(), before: sum(before), after: sum(after) }
        })
        .collect()
}

/// The found sources' money on the adjustable lines, tỷ đồng.
pub(crate) fn found_money(problem: &Problem, units: Units<'_>) -> f64 {
    problem
        .pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(problem.budgets[p.source], Budget::Found))
        .map(|(a, p)| (0..problem.communes).map(|c| units(a, c)).sum::<f64>() * p.unit_cost as f64)
        .sum::<f64>()
        / TY
}

/// What `units` do under the linear model, filled in the targeting order, and the objective's
/// value.
pub(crate) fn predict(
    problem: &Problem,
    base: &Base,
    units: Units<'_>,
    request: &Request,
    dataset: &Dataset,
) -> Predicted {
    let n = problem.communes;
    let mut d = super::Delta::default();
    let mut ntm = vec![0.0; n];
    for (pi, pool) in problem.pools.iter().enumerate() {
        for c in 0..n {
            let bought: f64 =
                problem.pairs.iter().enumerate().filter(|(_, p)| p.pool == pi).map(|(a, _)| units(a, c)).sum();
            let part = filled(&pool[c], bought);
            ntm[c] += part.ntm;
            d.add(&part);
        }
    }
    let poor = base.poor - d.poor;
    let pn = base.pn + d.pn;
    let access = std::array::from_fn(|a| if pn > 0.0 { (base.access[a] + d.access[a]) / pn } else { 1.0 });
    let ntm_meeting = dataset
        .communes()
        .iter()
        .enumerate()
        .filter(|(c, x)| x.ntm_2019 && base.ntm[*c] - ntm[*c] <= base.ntm_threshold * x.counts.households as f64)
        .count();
    let reduction_points = (base.start_poor as f64 - poor) * 100.0 / base.households.max(1) as f64;
    let gaps = &problem.gaps;
    let frac = |gain: f64, gap: f64| if gap > 0.0 { (gain / gap).clamp(0.0, 1.0) } else { 1.0 };
    let mean = |parts: Vec<f64>| if parts.is_empty() { 1.0 } else { parts.iter().sum::<f64>() / parts.len() as f64 };
    let ntm_part = mean((0..n).filter(|&c| gaps.ntm[c] > 0.0).map(|c| frac(ntm[c], gaps.ntm[c])).collect());
    let access_part =
        mean((0..5).filter(|&a| gaps.access[a] > 0.0).map(|a| frac(gaps.access_term(&d, a), gaps.access[a])).collect());
    let objective = match (request.mode, request.objective) {
        (Mode::Cost, _) => found_money(problem, units),
        (_, Objective::Exits) => base.exits + d.exits,
        (_, Objective::Rate) => reduction_points,
        (_, Objective::Ntm) => ntm_meeting as f64,
        (_, Objective::Access) => access_part,
        (_, Objective::Mix) => {
            let w = request.weights;
            let sum = f64::from(w.rate + w.ntm + w.access).max(1.0);
            (f64::from(w.rate) * frac(d.poor, gaps.rate)
                + f64::from(w.ntm) * ntm_part
                + f64::from(w.access) * access_part)
                / sum
        }
    };
    Predicted {
        poor,
        exits: base.exits + d.exits,
        reduction_points,
        ntm_meeting: u32::try_from(ntm_meeting).unwrap_or(u32::MAX),
        access,
        objective,
    }
}

/// A shadow price with solver noise removed.
fn clean(p: f64) -> f64 {
    if p.abs() < 1e-6 {
        0.0
    } else {
        p
    }
}

/// An amount given in tỷ đồng, as đồng.
fn money_ty(ty: f64, lang: Lang) -> String {
    Dong::new((ty * TY).round() as i64).format(lang)
}

/// A number with `places` decimals in `lang`'s notation.
pub(crate) fn number(x: f64, places: u32, lang: Lang) -> String {
    crate::format::approx(x, places, lang)
}

/// A small positive number to three significant digits (at most 6 decimals).
fn significant(x: f64, lang: Lang) -> String {
    let mut places = 0u32;
    while places < 6 && x.abs() * 10f64.powi(places as i32) < 100.0 {
        places += 1;
    }
    number(x, places, lang)
}

/// What a unit of the objective is, for sentences.
#[derive(Clone, Copy)]
enum Unit {
    Households,
    Poor,
    Communes,
    Share,
    Budget,
}

impl Unit {
    fn of(request: &Request) -> Self {
        match (request.mode, request.objective) {
            (Mode::Cost, _) => Self::Budget,
            (_, Objective::Exits) => Self::Households,
            (_, Objective::Rate) => Self::Poor,
            (_, Objective::Ntm) => Self::Communes,
            (_, Objective::Access | Objective::Mix) => Self::Share,
        }
    }

    /// What a price buys: "lift about N more households out of poverty", …
    fn buys(self, price: f64, lang: Lang) -> String {
        match (self, lang) {
            (Self::Households, Lang::Vi) => format!("giúp thêm khoảng {} hộ thoát nghèo", number(price, 0, lang)),
            (Self::Households, Lang::En) => {
                format!("lift about {} more households out of poverty", number(price, 0, lang))
            }
            // The rate objective is in points; a point is 1 % of the households.
            (Self::Poor, Lang::Vi) => format!("giảm tỷ lệ hộ nghèo thêm khoảng {} điểm %", significant(price, lang)),
            (Self::Poor, Lang::En) => {
                format!("lower the poor-household rate by about {} more points", significant(price, lang))
            }
            (Self::Communes, Lang::Vi) => {
                format!("đưa thêm khoảng {} xã đạt tiêu chí nghèo nông thôn mới", significant(price, lang))
            }
            (Self::Communes, Lang::En) => {
                format!("bring about {} more xã to the new-rural poverty criterion", significant(price, lang))
            }
            (Self::Share, Lang::Vi) => format!("tăng điểm mục tiêu (0–1) thêm khoảng {}", significant(price, lang)),
            (Self::Share, Lang::En) => {
                format!("raise the objective's score (0–1) by about {}", significant(price, lang))
            }
            (Self::Budget, Lang::Vi) => format!("tiết kiệm khoảng {} ngân sách tỉnh", money_ty(price, lang)),
            (Self::Budget, Lang::En) => format!("save about {} of province budget", money_ty(price, lang)),
        }
    }
}

/// Each source with adjustable money: now, after, and its price in a sentence.
pub(crate) fn sources(built: &Built, solved: &Solved, units: &[Vec<u64>], request: &Request) -> Vec<SourceUse> {
    let (view, problem) = (&built.view, &built.problem);
    let unit = Unit::of(request);
    let mut out = Vec::new();
    for (si, s) in view.sources.iter().enumerate() {
        let of: Vec<usize> = (0..problem.pairs.len()).filter(|&a| problem.pairs[a].source == si).collect();
        if of.is_empty() {
            continue;
        }
        let money = |per: Units<'_>| {
            Dong::new(
                of.iter()
                    .map(|&a| (0..problem.communes).map(|c| per(a, c)).sum::<f64>() as i64 * problem.pairs[a].unit_cost)
                    .sum(),
            )
        };
        let before = money(&|a, c| built.lines[a].now[c] as f64);
        let after = money(&|a, c| units[a][c] as f64);
        let price = clean(
            solved
                .sources
                .iter()
                .find(|(x, _)| *x == si)
                .map(|(_, p)| *p)
                .or_else(|| solved.localities.iter().filter(|(x, _, _)| *x == si).map(|(_, _, p)| *p).reduce(f64::max))
                .unwrap_or(0.0),
        );
        let (vi, en) = (&s.name_vi, &s.name_en);
        let found = matches!(problem.budgets[si], Budget::Found);
        let (message_vi, message_en) = if found {
            (
                format!(
                    "{vi}: cần {} cho các dòng điều chỉnh được (hiện có {}).",
                    after.format(Lang::Vi),
                    before.format(Lang::Vi)
                ),
                format!(
                    "{en}: {} needed on the adjustable lines (now {}).",
                    after.format(Lang::En),
                    before.format(Lang::En)
                ),
            )
        } else if price > 0.0 {
            (
                format!("Thêm 1 tỷ đồng từ {vi} sẽ {}.", unit.buys(price, Lang::Vi)),
                format!("1 tỷ đồng more from {en} would {}.", unit.buys(price, Lang::En)),
            )
        } else {
            (
                format!("{vi}: không phải ràng buộc chặt; thêm tiền từ nguồn này không cải thiện mục tiêu."),
                format!("{en}: not binding; more money from it would not improve the objective."),
            )
        };
        let budget = match &problem.budgets[si] {
            Budget::Limit(l) => Some(*l),
            Budget::Local { held, .. } => Some(held.iter().copied().sum()),
            Budget::Found => None,
        };
        out.push(SourceUse { source: s.id.0.clone(), before, after, budget, price, message_vi, message_en });
    }
    out
}

/// The constraints that bind, dearest first, each in a sentence.
pub(crate) fn binding(
    built: &Built,
    solved: &Solved,
    units: &[Vec<u64>],
    request: &Request,
    dataset: &Dataset,
) -> Vec<Binding> {
    let (view, problem) = (&built.view, &built.problem);
    let unit = Unit::of(request);
    let mut out = Vec::new();
    for (si, price) in &solved.sources {
        let price = clean(*price);
        if price > 0.0 {
            let s = &view.sources[*si];
            out.push(Binding {
                kind: "source".into(),
                price,
                message_vi: format!(
                    "Số tiền của {} là ràng buộc chặt: thêm 1 tỷ đồng sẽ {}.",
                    s.name_vi,
                    unit.buys(price, Lang::Vi)
                ),
                message_en: format!(
                    "The amount of {} binds: 1 tỷ đồng more would {}.",
                    s.name_en,
                    unit.buys(price, Lang::En)
                ),
            });
        }
    }
    // A locally held source's localities, summed up: how many bind, and the dearest.
    for (si, s) in view.sources.iter().enumerate() {
        let prices: Vec<(usize, f64)> = solved
            .localities
            .iter()
            .filter(|(x, _, p)| *x == si && clean(*p) > 0.0)
            .map(|(_, k, p)| (*k, *p))
            .collect();
        let Some(&(k, price)) = prices.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else { continue };
        let Some(fund) = LocalFund::new(s, dataset) else { continue };
        let (all, place, count) = (fund.localities.len(), fund.localities[k].name(dataset), prices.len());
        out.push(Binding {
            kind: "locality".into(),
            price,
            message_vi: format!("{}: quỹ của {count}/{all} địa phương là ràng buộc chặt (quỹ nơi nào chỉ chi tại nơi đó); thêm 1 tỷ đồng vào quỹ của {place} sẽ {}.", s.name_vi, unit.buys(price, Lang::Vi)),
            message_en: format!("{}: the funds of {count} of {all} localities bind (each spent only where it is held); 1 tỷ đồng more in the fund of {place} would {}.", s.name_en, unit.buys(price, Lang::En)),
        });
    }
    let line_name = |a: usize| {
        let s = &view.sources[problem.pairs[a].source];
        let id = &built.lines[a].program;
        let prog = view.program(id);
        (
            format!("{} → “{}”", s.name_vi, prog.map_or(id.0.as_str(), |p| p.name_vi.as_str())),
            format!("{} → “{}”", s.name_en, prog.map_or(id.0.as_str(), |p| p.name_en.as_str())),
        )
    };
    for (kind, list) in [("cap", &solved.caps), ("floor", &solved.floors)] {
        let mut by_pair: Vec<(usize, usize, f64)> = Vec::new();
        for (a, _, price) in list {
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
            let (cv, ce) = (group(count as i128, Lang::Vi), group(count as i128, Lang::En));
            let (message_vi, message_en) = if kind == "cap" {
                (
                    format!("Mức tối đa mỗi xã của {vi} là ràng buộc chặt ở {cv} xã: nới thêm 1 tỷ đồng ở xã chặt nhất sẽ {}.", unit.buys(price, Lang::Vi)),
                    format!("The per-commune cap of {en} binds in {ce} communes: 1 tỷ đồng more of cap in the tightest would {}.", unit.buys(price, Lang::En)),
                )
            } else {
                (
                    format!("Mức tối thiểu mỗi xã của {vi} là ràng buộc chặt ở {cv} xã: hạ 1 tỷ đồng mức tối thiểu ở xã chặt nhất sẽ {}.", unit.buys(price, Lang::Vi)),
                    format!("The per-commune floor of {en} binds in {ce} communes: 1 tỷ đồng less of floor in the tightest would {}.", unit.buys(price, Lang::En)),
                )
            };
            out.push(Binding { kind: kind.into(), price, message_vi, message_en });
        }
    }
    for (which, price) in &solved.targets {
        let price = clean(price.abs());
        if price <= 0.0 {
            continue;
        }
        let (kind, message_vi, message_en) = match which {
            Which::Rate => (
                "target_rate",
                format!(
                    "Chỉ tiêu giảm 0,5 điểm % tỷ lệ hộ nghèo: mỗi hộ nghèo giảm thêm cần khoảng {} ở mức biên.",
                    money_ty(price, Lang::Vi)
                ),
                format!(
                    "The 0.5-point reduction: each further poor household fewer costs about {} at the margin.",
                    money_ty(price, Lang::En)
                ),
            ),
            Which::Ntm(c) => {
                let name = dataset.communes()[*c].full_name();
                (
                    "target_ntm",
                    format!("Tiêu chí nghèo nông thôn mới ở {name}: mỗi hộ nghèo giảm thêm cần khoảng {} ở mức biên.", money_ty(price, Lang::Vi)),
                    format!("The new-rural criterion in {name}: each further poor household fewer costs about {} at the margin.", money_ty(price, Lang::En)),
                )
            }
            Which::Access(a) => {
                let k = Access::ALL[*a];
                (
                    "target_access",
                    format!(
                        "Chỉ tiêu “{}”: mỗi hộ tiếp cận thêm cần khoảng {} ở mức biên.",
                        k.label(Lang::Vi),
                        money_ty(price, Lang::Vi)
                    ),
                    format!(
                        "The target “{}”: each further household with access costs about {} at the margin.",
                        k.label(Lang::En),
                        money_ty(price, Lang::En)
                    ),
                )
            }
        };
        out.push(Binding { kind: kind.into(), price, message_vi, message_en });
    }
    out.sort_by(|a, b| b.price.total_cmp(&a.price).then(a.message_en.cmp(&b.message_en)));
    if request.mode == Mode::Cost {
        out.insert(0, envelope(built, units));
    }
    out
}

/// Cost mode: what the targets cost beyond (or within) the found sources' current money.
fn envelope(built: &Built, units: &[Vec<u64>]) -> Binding {
    let (view, problem) = (&built.view, &built.problem);
    let mut need = 0i64;
    let mut have = 0i64;
    for (si, s) in view.sources.iter().enumerate() {
        if !matches!(problem.budgets[si], Budget::Found) || !problem.pairs.iter().any(|p| p.source == si) {
            continue;
        }
        let committed: Dong = built.fixed.lines.iter().filter(|l| l.source == s.id).map(|l| l.amount).sum();
        have += (s.amount - committed).get().max(0);
        for (a, p) in problem.pairs.iter().enumerate().filter(|(_, p)| p.source == si) {
            need += units[a].iter().sum::<u64>() as i64 * p.unit_cost;
        }
    }
    let extra = Dong::new(need - have);
    let (message_vi, message_en) = if extra > Dong::ZERO {
        (
            format!(
                "Đạt các chỉ tiêu đã chọn cần thêm {} ngân sách và nguồn cấp phát cấp tỉnh so với dự toán hiện tại.",
                extra.format(Lang::Vi)
            ),
            format!(
                "Reaching the chosen targets takes {} more province-held grants than the current envelope.",
                extra.format(Lang::En)
            ),
        )
    } else {
        (
            format!(
                "Đạt các chỉ tiêu đã chọn cần ít hơn dự toán hiện tại {} ngân sách và nguồn cấp phát cấp tỉnh.",
                (Dong::ZERO - extra).format(Lang::Vi)
            ),
            format!(
                "Reaching the chosen targets takes {} less province-held grants than the current envelope.",
                (Dong::ZERO - extra).format(Lang::En)
            ),
        )
    };
    Binding { kind: "envelope".into(), price: extra.get() as f64 / TY, message_vi, message_en }
}

/// What the continuous units `q` reach of commune `c`'s new-rural gap, in the targeting order.
pub(crate) fn ntm_reached(problem: &Problem, q: &[Vec<f64>], c: usize) -> f64 {
    (0..problem.pools.len())
        .map(|pi| {
            let bought: f64 =
                problem.pairs.iter().enumerate().filter(|(_, p)| p.pool == pi).map(|(a, _)| q[a][c]).sum();
            filled(&problem.pools[pi][c], bought).ntm
        })
        .sum()
}
