//! "Why this number": a short explanation of an allocated amount — the rule, its inputs and
//! the arithmetic — in Vietnamese or English, built from the same figures the allocation used.

use crate::allocation::{points, Allocation, Locality, Recipient};
use crate::dataset::Dataset;
use crate::format::{decimal, group, percent, Lang};
use crate::line::Rule;
use crate::money::Dong;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// Explains the amount of `line` for `recipient`, as lines of text. `None` for a line that
/// does not exist.
#[must_use]
pub fn explain(
    scenario: &Scenario,
    dataset: &Dataset,
    allocation: &Allocation,
    line: usize,
    recipient: Recipient,
    lang: Lang,
) -> Option<Vec<String>> {
    let l = scenario.lines.get(line)?;
    let result = allocation.lines.get(line)?;
    let vi = lang == Lang::Vi;
    let money = |d: Dong| d.format(lang);
    let cell = allocation.cells_of(line).find(|c| c.recipient == recipient);
    let amount = cell.map_or(Dong::ZERO, |c| c.amount);
    let source = scenario.source(&l.source).map_or(l.source.0.as_str(), |s| s.name(lang));
    let program = scenario.program(&l.program)?;
    let mut out = vec![format!("{source} → {}: {}", program.name(lang), money(amount))];
    let commune = match recipient {
        Recipient::Commune(code) => dataset.commune(code),
        Recipient::Province => None,
    };
    if let (Some(c), Some(cell)) = (commune, cell) {
        if cell.locked {
            let reason = scenario
                .overrides
                .iter()
                .find(|o| o.source == l.source && o.program == l.program && o.commune == c.code)
                .map_or("", |o| o.reason.as_str());
            out.push(if vi {
                format!("Số cố định cho {}: {reason}. Phần còn lại của dòng được chia cho các xã khác.", c.full_name())
            } else {
                format!(
                    "Locked for {}: {reason}. The rest of the line is spread over the other communes.",
                    c.full_name()
                )
            });
            return Some(out);
        }
    }
    // A locally held fund: the locality's part of the line comes first.
    let local = commune.and_then(|c| {
        allocation.local_parts_of(line).find(|p| match p.locality {
            Locality::District(d) => d == c.district,
            Locality::Commune(code) => code == c.code,
        })
    });
    if let Some(part) = local {
        let n = allocation.local_parts_of(line).count();
        let name = part.locality.name(dataset);
        let (held, share, placed) = (money(part.held), money(part.part), money(part.placed));
        out.push(lang.pick(
            format!("Nguồn này do các huyện, xã nắm giữ và chỉ chi tại chính nơi đó. Dòng được chia cho {n} nơi theo tỷ lệ số quỹ mỗi nơi còn giữ: quỹ của {name} còn {held}, phần của dòng là {share}, đã phân bổ {placed} trong các xã của nơi này."),
            format!("This source is held by districts or communes and spent only where it is held. The line is shared over {n} of them in proportion to what each still holds: the fund of {name} holds {held}, its part of the line is {share}, and {placed} of it is placed in its communes."),
        ));
    }
    let in_pool = |x: &crate::dataset::Commune| match local.map(|p| p.locality) {
        Some(Locality::District(d)) => x.district == d,
        Some(Locality::Commune(code)) => x.code == code,
        None => true,
    };
    match (&l.rule, commune) {
        (Rule::ProvinceLevel, _) => out.push(if vi {
            format!("Cả dòng {} được giữ lại và chi ở cấp tỉnh.", money(l.amount))
        } else {
            format!("The whole line, {}, is kept and spent at province level.", money(l.amount))
        }),
        (Rule::Criteria(rule), Some(c)) => {
            let n = &c.counts;
            let w = &rule.weights;
            let own = Decimal::from(points(c, rule)) / Decimal::from(1_000_000);
            let total: Decimal = dataset
                .communes()
                .iter()
                .filter(|x| rule.communes.admits(x) && in_pool(x))
                .filter(|x| {
                    !scenario
                        .overrides
                        .iter()
                        .any(|o| o.source == l.source && o.program == l.program && o.commune == x.code)
                })
                .map(|x| Decimal::from(points(x, rule)) / Decimal::from(1_000_000))
                .sum();
            let rate = n.poor_rate().unwrap_or_default();
            let bonus = own
                - w.base
                - w.poor * Decimal::from(n.poor())
                - w.near_poor * Decimal::from(n.near_poor)
                - w.escaped * Decimal::from(n.escaped_last_year);
            let d = |x: Decimal| decimal(x.normalize(), x.normalize().scale().min(2), lang);
            out.push(if vi {
                format!(
                    "Điểm của xã = {} (cố định) + {} × {} hộ nghèo + {} × {} hộ cận nghèo + {} × {} hộ thoát nghèo + {} (thưởng theo tỷ lệ nghèo {}) = {} điểm.",
                    d(w.base), d(w.poor), group(n.poor().into(), lang), d(w.near_poor), group(n.near_poor.into(), lang),
                    d(w.escaped), group(n.escaped_last_year.into(), lang), d(bonus), percent(rate, lang), d(own)
                )
            } else {
                format!(
                    "Commune points = {} (base) + {} × {} poor + {} × {} near-poor + {} × {} escaped households + {} (bonus for a {} poverty rate) = {} points.",
                    d(w.base), d(w.poor), group(n.poor().into(), lang), d(w.near_poor), group(n.near_poor.into(), lang),
                    d(w.escaped), group(n.escaped_last_year.into(), lang), d(bonus), percent(rate, lang), d(own)
                )
            });
            let locked: Dong = allocation.cells_of(line).filter(|c| c.locked).map(|c| c.amount).sum();
            let pool = local.map_or(l.amount - locked, |p| p.part);
            let share = if total.is_zero() { Decimal::ZERO } else { own / total };
            let exact = share * pool.to_decimal();
            let whole = crate::allocation::buys_whole_units(program);
            out.push(if whole {
                let (own, total, pool) = (d(own), d(total), money(pool));
                let approx = money(Dong::round(exact).unwrap_or_default());
                let count = decimal((exact / program.unit_cost.to_decimal()).round_dp(2), 2, lang);
                let unit = money(program.unit_cost);
                lang.pick(
                    format!("Phần theo điểm ≈ {own} / {total} điểm × {pool} (số tiền của dòng trừ các ô cố định) ≈ {approx}, tức {count} đơn vị {unit}; xã nhận số đơn vị nguyên (chia theo phương pháp phần dư lớn nhất), phần không đủ một đơn vị giữ lại ở dòng."),
                    format!("Share by points ≈ {own} / {total} points × {pool} (the line less locked cells) ≈ {approx}, that is {count} units of {unit}; communes receive whole units (largest remainder over units) and what is less than one unit stays at the line."),
                )
            } else if vi {
                format!(
                    "Phần theo điểm ≈ {} / {} điểm × {} (số tiền của dòng trừ các ô cố định) ≈ {}, làm tròn đến {} đồng bằng phương pháp phần dư lớn nhất.",
                    d(own), d(total), money(pool), money(Dong::round(exact).unwrap_or_default()), group(rule.rounding_unit.dong().into(), lang)
                )
            } else {
                format!(
                    "Share by points ≈ {} / {} points × {} (the line less locked cells) ≈ {}, rounded to {} đồng by largest remainder.",
                    d(own), d(total), money(pool), money(Dong::round(exact).unwrap_or_default()), group(rule.rounding_unit.dong().into(), lang)
                )
            });
            if rule.floor > Dong::ZERO || rule.cap.is_some() {
                let cap = rule.cap.map_or_else(|| if vi { "không có".to_owned() } else { "none".to_owned() }, money);
                out.push(if vi {
                    format!("Mức tối thiểu {} và tối đa {} mỗi xã; phần vượt mức tối đa được chia lại cho các xã chưa chạm mức.", money(rule.floor), cap)
                } else {
                    format!("Floor {} and cap {} per commune; money above a cap is re-spread over the communes below it.", money(rule.floor), cap)
                });
            }
        }
        (Rule::Demand(rule), Some(c)) => {
            let unit_cost = rule.unit_cost.unwrap_or(program.unit_cost);
            let units = cell.and_then(|x| x.units).unwrap_or(0);
            let wanted: u64 =
                rule.priority.iter().map(|g| crate::program::units(g.count(c), program.units_per_beneficiary)).sum();
            out.push(if vi {
                format!(
                    "Theo nhu cầu: {} đối tượng được cấp vốn trên {} đối tượng của xã, mỗi đối tượng {}; {} × {} = {}.",
                    group(units.into(), lang),
                    group(wanted.into(), lang),
                    money(unit_cost),
                    group(units.into(), lang),
                    money(unit_cost),
                    money(amount)
                )
            } else {
                format!(
                    "Demand: {} of the commune's {} eligible units funded at {} each; {} × {} = {}.",
                    group(units.into(), lang),
                    group(wanted.into(), lang),
                    money(unit_cost),
                    group(units.into(), lang),
                    money(unit_cost),
                    money(amount)
                )
            });
            out.push(if vi {
                "Các xã được xét theo thứ tự ưu tiên của dòng (mặc định: tỷ lệ nghèo cao trước) cho đến khi hết tiền.".to_owned()
            } else {
                "Communes are served in the line's priority order (by default the highest poverty rate first) until the money runs out.".to_owned()
            });
        }
        (Rule::Planned(plan), Some(c)) => {
            let units = cell.and_then(|x| x.units).unwrap_or(0);
            let (u, cost, planned) =
                (group(units.into(), lang), money(program.unit_cost), group(plan.units_of(c.code).into(), lang));
            out.push(lang.pick(
                format!("Theo phương án: {planned} đơn vị được lập cho xã này (phương án tối ưu hoặc nhập từ tệp); {u} × {cost} = {}.", money(amount)),
                format!("Planned: {planned} units set for this commune (by the optimiser or from a file); {u} × {cost} = {}.", money(amount)),
            ));
        }
        (Rule::Entitlement, Some(c)) => {
            let units = program.units_in(c);
            out.push(if vi {
                format!(
                    "Chế độ: {} đối tượng × {} × tỷ lệ nhà nước hỗ trợ {} = {}, làm tròn đến đồng.",
                    group(units.into(), lang),
                    money(program.unit_cost),
                    percent(program.state_share, lang),
                    money(program.cost_in(c))
                )
            } else {
                format!(
                    "Entitlement: {} units × {} × state share {} = {}, rounded to the đồng.",
                    group(units.into(), lang),
                    money(program.unit_cost),
                    percent(program.state_share, lang),
                    money(program.cost_in(c))
                )
            });
        }
        (Rule::EntitlementShare(e), Some(c)) => {
            let units = group(program.units_in(c).into(), lang);
            let cost = money(program.unit_cost);
            let (share, before) = (percent(e.share, lang), percent(scenario.share_before(line), lang));
            let state = percent(program.state_share, lang);
            out.push(lang.pick(
                format!("Chế độ đồng chi trả: {units} đối tượng × {cost} × phần của dòng này {share} (các dòng trước đã chi {before}; tổng tỷ lệ nhà nước hỗ trợ {state}), làm tròn đến đồng sao cho các dòng cộng lại đúng bằng chi phí theo chế độ của xã."),
                format!("Co-funded entitlement: {units} units × {cost} × this line's share {share} (earlier lines pay {before}; state share in all {state}), rounded to the đồng so that the lines add up to the commune's legal cost exactly."),
            ));
        }
        _ => {}
    }
    if result.leftover > Dong::ZERO {
        out.push(if vi {
            format!("Dòng còn {} chưa phân bổ được.", money(result.leftover))
        } else {
            format!("The line has {} it could not place.", money(result.leftover))
        });
    }
    Some(out)
}
