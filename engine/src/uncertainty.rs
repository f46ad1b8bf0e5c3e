//! What the projection does not know: the uncertain parameters of the household model, each
//! with a distribution whose width follows its confidence tag, sampled once per draw before the
//! households (`docs/simulation.md`, Uncertainty).
//!
//! A draw's parameter values are a pure function of (seed, draw, parameter): the counter-based
//! generator keyed by the draw, with each parameter's own counter, so that results stay
//! deterministic, identical natively and in wasm, and independent of how draws are chunked;
//! adding a parameter does not move the others. Values are integers: basis points for income
//! growth, 16.16 fixed-point multipliers of the scenario's value for the others, and 0 or 1 for
//! the new-rural criterion's reading.

use crate::format::Lang;
use crate::params::{Consumption, SimulationParams};
use crate::program::ProgramId;
use crate::provenance::Confidence;
use crate::rng::{Normalish, Purpose, Stream};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Fixed-point one (16.16).
pub const ONE: i64 = 1 << 16;

/// `2·IH₃ − 2·mean` at the 10th percentile of the sum of three uniforms (∛0.6 × 65,536 =
/// 55,275.2): the [`Normalish`] variate's P10 is `mean − (P10_X2 × scale) >> 17`, about
/// 1.313 standard deviations below the mean (a normal's is 1.282). The P90 is symmetric.
pub const P10_X2: i64 = 86_055;

/// The other reading of the new-rural poverty criterion for the Red River Delta: 2 %.
pub const NTM_OTHER_READING_BP: u32 = 200;

/// The spread of a parameter as a share of its value, basis points, by the confidence of its
/// source: none for a confirmed figure, 10 % for one derived from confirmed figures or
/// recalled with high confidence, 25 % for medium and 40 % for low confidence.
#[must_use]
pub fn relative_sd_bp(confidence: Confidence) -> i64 {
    match confidence {
        Confidence::Confirmed | Confidence::Secondary => 0,
        Confidence::Derived | Confidence::RecalledHigh => 1_000,
        Confidence::RecalledMedium => 2_500,
        Confidence::RecalledLow => 4_000,
    }
}

/// The chance given to the other reading of the new-rural criterion, by the confidence of the
/// reading in use, basis points: 10 % for a medium-confidence reading (the province met the
/// criterion everywhere by 2021 at a 2.66 % average, which the 2 % reading makes implausible),
/// 25 % for a low one, none for a confirmed one.
#[must_use]
pub fn other_reading_bp(confidence: Confidence) -> u64 {
    match confidence {
        Confidence::Confirmed | Confidence::Secondary => 0,
        Confidence::Derived | Confidence::RecalledHigh => 500,
        Confidence::RecalledMedium => 1_000,
        Confidence::RecalledLow => 2_500,
    }
}

/// Which parameter. Externally tagged in JSON (`"growth_mean"`, `{"gain": {"effect": 7,
/// "program": "credit"}}`): an internally tagged enum's deserialiser costs the page kilobytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    /// Mean yearly income growth, basis points.
    GrowthMean,
    /// Spread of income growth across households (multiplier).
    GrowthSpread,
    /// Chance of an income shock, for every household (multiplier).
    ShockChance,
    /// Mean share of income a shock takes (multiplier).
    ShockLoss,
    /// A program's income gain per household reached: how much it brings and how many of
    /// those reached take it up (multiplier of the effect's gain; loans' returns for a lending
    /// program's effect).
    Gain {
        /// Index of the effect in the parameters.
        effect: usize,
        /// Its program.
        program: ProgramId,
    },
    /// Units of a program one household takes, where a household takes a fraction of a unit
    /// on average (pupils per household for tuition): more per household, fewer households
    /// covered (multiplier).
    UnitsPerHousehold {
        /// Index of the effect in the parameters.
        effect: usize,
        /// Its program.
        program: ProgramId,
    },
    /// A labour-export borrower's remittances (multiplier).
    LabourExport,
    /// The share of loans that fall behind (multiplier).
    Overdue,
    /// Which reading of the new-rural poverty criterion applies: 0 the scenario's, 1 the other
    /// ([`NTM_OTHER_READING_BP`]).
    NtmReading,
}

impl Key {
    /// The parameter's own counter for the draw's random stream: stable whatever else the
    /// scenario holds.
    fn counter(&self) -> u64 {
        match self {
            Self::GrowthMean => 1,
            Self::GrowthSpread => 2,
            Self::ShockChance => 3,
            Self::ShockLoss => 4,
            Self::LabourExport => 5,
            Self::Overdue => 6,
            Self::NtmReading => 7,
            Self::Gain { effect, .. } => 100 + *effect as u64,
            Self::UnitsPerHousehold { effect, .. } => 200 + *effect as u64,
        }
    }

    /// The parameter's name in `lang`.
    #[must_use]
    pub fn label(&self, lang: Lang, program_name: Option<&str>) -> String {
        let name = |p: &ProgramId| program_name.map_or_else(|| p.0.clone(), str::to_owned);
        match self {
            Self::GrowthMean => lang.pick("Tăng trưởng thu nhập bình quân", "Mean income growth").into(),
            Self::GrowthSpread => lang
                .pick("Độ phân tán tăng trưởng thu nhập giữa các hộ", "Spread of income growth across households")
                .into(),
            Self::ShockChance => {
                lang.pick("Xác suất gặp rủi ro (ốm đau, thiên tai…)", "Chance of a shock (illness, disaster…)").into()
            }
            Self::ShockLoss => lang.pick("Tỷ lệ thu nhập mất khi gặp rủi ro", "Share of income a shock takes").into(),
            Self::Gain { program, .. } => {
                format!("{} {}", lang.pick("Thu nhập tăng thêm nhờ", "Income gain from"), name(program))
            }
            Self::UnitsPerHousehold { program, .. } => {
                format!("{} {}", lang.pick("Số đơn vị mỗi hộ nhận của", "Units per household of"), name(program))
            }
            Self::LabourExport => {
                lang.pick("Tiền gửi về của người đi làm việc ở nước ngoài", "Remittances from work abroad").into()
            }
            Self::Overdue => lang.pick("Tỷ lệ khoản vay quá hạn", "Share of loans overdue").into(),
            Self::NtmReading => lang
                .pick("Cách hiểu tiêu chí hộ nghèo nông thôn mới", "Reading of the new-rural poverty criterion")
                .into(),
        }
    }

    /// A stable identifier for files and the CLI (`growth_mean`, `gain:p3a`, …).
    #[must_use]
    pub fn id(&self) -> String {
        match self {
            Self::GrowthMean => "growth_mean".into(),
            Self::GrowthSpread => "growth_spread".into(),
            Self::ShockChance => "shock_chance".into(),
            Self::ShockLoss => "shock_loss".into(),
            Self::Gain { program, .. } => format!("gain:{}", program.0),
            Self::UnitsPerHousehold { program, .. } => format!("units_per_household:{}", program.0),
            Self::LabourExport => "labour_export".into(),
            Self::Overdue => "overdue".into(),
            Self::NtmReading => "ntm_reading".into(),
        }
    }
}

/// How a parameter's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// A percentage (the value's natural unit is basis points).
    Percent,
    /// Đồng per person per month.
    DongPerPersonMonth,
    /// Units per household.
    PerHousehold,
    /// A reading of the criterion, its threshold in percent.
    Reading,
}

/// One uncertain parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncertain {
    /// Which.
    pub key: Key,
    /// Confidence of its source.
    pub confidence: Confidence,
    /// The scenario's value (basis points for growth, [`ONE`] for a multiplier, 0 for the
    /// reading).
    pub centre: i64,
    /// Standard deviation in the same unit; for the reading, the other reading's chance in
    /// basis points.
    pub sd: i64,
    /// Smallest and largest value a draw may take.
    pub range: (i64, i64),
    /// The scenario's value in its natural unit (basis points for a percentage, đồng, units
    /// per household, the criterion's threshold in basis points).
    pub natural: i64,
    /// How it reads.
    pub shown: Shown,
    /// The program's name (Vietnamese, English) for a program's parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_name: Option<[String; 2]>,
}

impl Uncertain {
    /// The value at the 10th or 90th percentile of its distribution (`high`), within its
    /// range; for the reading, the scenario's or the other.
    #[must_use]
    pub fn decile(&self, high: bool) -> i64 {
        if self.key == Key::NtmReading {
            return i64::from(high);
        }
        let offset = (P10_X2 * 2 * self.sd) >> 17;
        let v = if high { self.centre + offset } else { self.centre - offset };
        v.clamp(self.range.0, self.range.1)
    }

    /// A value in its natural unit (see [`Uncertain::natural`]).
    #[must_use]
    pub fn natural_of(&self, value: i64) -> i64 {
        match self.key {
            Key::GrowthMean => value,
            Key::NtmReading => {
                if value == 0 {
                    self.natural
                } else {
                    i64::from(NTM_OTHER_READING_BP)
                }
            }
            _ => self.natural * value / ONE,
        }
    }

    /// A value as a user reads it: "8,00 %", "170.000 ₫/người/tháng", "0,400 mỗi hộ", "≤ 5,00 %".
    #[must_use]
    pub fn text(&self, value: i64, lang: Lang) -> String {
        shown_text(self.shown, self.natural_of(value), lang)
    }

    /// Its name in `lang`.
    #[must_use]
    pub fn label(&self, lang: Lang) -> String {
        self.key.label(lang, self.program_name.as_ref().map(|[vi, en]| lang.pick(vi, en).as_str()))
    }

    /// Its sampled range as reported.
    #[must_use]
    pub fn range(&self) -> ParamRange {
        ParamRange {
            id: self.key.id(),
            key: self.key.clone(),
            confidence: self.confidence,
            value: self.natural,
            p10: self.natural_of(self.decile(false)),
            p90: self.natural_of(self.decile(true)),
            other_chance_bp: if self.key == Key::NtmReading { u32::try_from(self.sd).unwrap_or(0) } else { 0 },
            shown: self.shown,
            program_name: self.program_name.clone(),
        }
    }
}

/// A parameter's sampled range as reported (`gnbv simulate --json`, the screens): its value
/// and its distribution's P10 and P90, in its natural unit ([`Uncertain::natural`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamRange {
    /// Stable identifier ([`Key::id`]).
    pub id: String,
    /// Which.
    pub key: Key,
    /// Confidence of its source, which sets the width.
    pub confidence: Confidence,
    /// The scenario's value.
    pub value: i64,
    /// The 10th and 90th percentiles a draw samples (for the reading: the scenario's and the
    /// other).
    pub p10: i64,
    /// See `p10`.
    pub p90: i64,
    /// For the criterion's reading, the other reading's chance in basis points; 0 otherwise.
    #[serde(default)]
    pub other_chance_bp: u32,
    /// The program's name (Vietnamese, English) for a program's parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_name: Option<[String; 2]>,
    /// How it reads.
    pub shown: Shown,
}

impl ParamRange {
    /// Its name in `lang`.
    #[must_use]
    pub fn label(&self, lang: Lang) -> String {
        self.key.label(lang, self.program_name.as_ref().map(|[vi, en]| lang.pick(vi, en).as_str()))
    }

    /// A natural value as a user reads it.
    #[must_use]
    pub fn text(&self, natural: i64, lang: Lang) -> String {
        shown_text(self.shown, natural, lang)
    }

    /// "8,00 % (P10–P90: 3,80 %–12,20 %)", or for the reading "≤ 5,00 % (≤ 2,00 %: 10 %)".
    #[must_use]
    pub fn summary(&self, lang: Lang) -> String {
        if self.key == Key::NtmReading {
            let chance = crate::format::decimal(Decimal::new(i64::from(self.other_chance_bp), 2), 0, lang);
            return format!("{} ({}: {} %)", self.text(self.p10, lang), self.text(self.p90, lang), chance);
        }
        format!(
            "{} (P10–P90: {}–{})",
            self.text(self.value, lang),
            self.text(self.p10, lang),
            self.text(self.p90, lang)
        )
    }
}

/// The parameter that moves a target most across the draws: the largest share of the
/// target's variation (squared correlation over the draws) that one parameter accounts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Driver {
    /// Which ([`Key::id`]).
    pub id: String,
    /// Its name, Vietnamese and English.
    pub label: [String; 2],
    /// Share of the target's variation over the draws, basis points.
    pub share_bp: u32,
}

impl Driver {
    /// "driven mostly by <parameter>" in `lang`.
    #[must_use]
    pub fn sentence(&self, lang: Lang) -> String {
        let [vi, en] = &self.label;
        format!("{} {}", lang.pick("Phụ thuộc nhiều nhất vào:", "Driven mostly by:"), lang.pick(vi, en))
    }
}

/// Smallest share of a target's variation a parameter must account for to be named its driver.
pub const DRIVER_MIN_SHARE_BP: u32 = 500;

fn shown_text(shown: Shown, n: i64, lang: Lang) -> String {
    let dec = |v: i64, places: u32| crate::format::decimal(Decimal::new(v, places), places, lang);
    match shown {
        Shown::Percent => format!("{} %", dec(n, 2)),
        Shown::DongPerPersonMonth => {
            format!("{} {}", crate::format::group(i128::from(n), lang), lang.pick("₫/người/tháng", "₫/person/month"))
        }
        Shown::PerHousehold => format!("{} {}", dec(n, 3), lang.pick("mỗi hộ", "per household")),
        Shown::Reading => format!("≤ {} %", dec(n, 2)),
    }
}

/// The uncertain parameters of a scenario, in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncertainty {
    /// Each parameter.
    pub params: Vec<Uncertain>,
}

impl Uncertainty {
    /// The scenario's uncertain parameters: those whose confidence tag is not "confirmed", with
    /// a width from [`relative_sd_bp`]; none when the scenario fixes its parameters
    /// ([`SimulationParams::parameter_uncertainty`] off). `loans`: when some line lends, the
    /// overdue share of its source's loan book (basis points) and that book's confidence.
    #[must_use]
    pub fn of(params: &SimulationParams, loans: Option<(u32, Confidence)>) -> Self {
        let mut out = Vec::new();
        if !params.parameter_uncertainty {
            return Self { params: out };
        }
        let multiplier = |key: Key, confidence: Confidence, natural: i64, shown: Shown| -> Option<Uncertain> {
            let sd = ONE * relative_sd_bp(confidence) / 10_000;
            (sd > 0 && natural != 0).then_some(Uncertain {
                key,
                confidence,
                centre: ONE,
                sd,
                range: (0, 3 * ONE),
                natural,
                shown,
                program_name: None,
            })
        };
        let growth = &params.income_growth;
        let g = growth.note.confidence;
        let mean = i64::from(growth.mean_bp);
        let sd = mean.abs() * relative_sd_bp(g) / 10_000;
        if sd > 0 {
            out.push(Uncertain {
                key: Key::GrowthMean,
                confidence: g,
                centre: mean,
                sd,
                range: crate::params::ranges::GROWTH_MEAN_BP,
                natural: mean,
                shown: Shown::Percent,
                program_name: None,
            });
        }
        out.extend(multiplier(Key::GrowthSpread, g, i64::from(growth.sd_bp), Shown::Percent));
        let shocks = &params.shocks;
        out.extend(multiplier(
            Key::ShockChance,
            shocks.note.confidence,
            i64::from(shocks.probability_bp),
            Shown::Percent,
        ));
        out.extend(multiplier(
            Key::ShockLoss,
            shocks.loss.note.confidence,
            i64::from(shocks.loss.mean_bp),
            Shown::Percent,
        ));
        for (k, e) in params.effects.iter().enumerate() {
            if let Some(gain) = e.gain.as_ref().filter(|g| g.mean > 0) {
                let key = Key::Gain { effect: k, program: e.program.clone() };
                out.extend(multiplier(key, e.note.confidence, i64::from(gain.mean), Shown::DongPerPersonMonth));
            }
            if let Consumption::Milli(m) = e.consumption {
                if m < 1_000 && !e.removes.is_empty() {
                    let key = Key::UnitsPerHousehold { effect: k, program: e.program.clone() };
                    out.extend(multiplier(key, e.note.confidence, i64::from(m), Shown::PerHousehold));
                }
            }
        }
        if let Some((overdue_bp, overdue_confidence)) = loans {
            let c = &params.credit;
            let months = i64::from(c.months_abroad.min(12));
            if months > 0 {
                out.extend(multiplier(
                    Key::LabourExport,
                    c.note.confidence,
                    i64::from(c.labour_export_gain.mean),
                    Shown::DongPerPersonMonth,
                ));
            }
            out.extend(multiplier(Key::Overdue, overdue_confidence, i64::from(overdue_bp), Shown::Percent));
        }
        let other = other_reading_bp(params.ntm_note.confidence);
        if other > 0 && params.ntm_threshold_bp != NTM_OTHER_READING_BP {
            out.push(Uncertain {
                key: Key::NtmReading,
                confidence: params.ntm_note.confidence,
                centre: 0,
                sd: other as i64,
                range: (0, 1),
                natural: i64::from(params.ntm_threshold_bp),
                shown: Shown::Reading,
                program_name: None,
            });
        }
        Self { params: out }
    }

    /// [`Uncertainty::of`] the scenario's parameters, with its loans: the first lending line's
    /// loan book (overdue share and confidence) when some line lends.
    #[must_use]
    pub fn of_scenario(scenario: &crate::scenario::Scenario) -> Self {
        let loans = scenario.lines.iter().find_map(|l| {
            let terms = scenario.source(&l.source)?.loan.as_ref()?;
            Some(terms.book.as_ref().map_or((0, Confidence::RecalledLow), |b| (b.overdue_bp, b.note.confidence)))
        });
        let mut out = Self::of(&scenario.simulation, loans);
        for u in &mut out.params {
            if let Key::Gain { program, .. } | Key::UnitsPerHousehold { program, .. } = &u.key {
                u.program_name = scenario.program(program).map(|p| [p.name_vi.clone(), p.name_en.clone()]);
            }
        }
        out
    }

    /// Each parameter's sampled range.
    #[must_use]
    pub fn ranges(&self) -> Vec<ParamRange> {
        self.params.iter().map(Uncertain::range).collect()
    }

    /// The parameter that accounts for the largest share of `metric`'s variation over the
    /// draws (`values[d]` the parameters of draw `d`), if it accounts for at least
    /// [`DRIVER_MIN_SHARE_BP`]. Plain double arithmetic in a fixed order: the same natively
    /// and in wasm.
    #[must_use]
    pub fn driver(&self, values: &[Vec<i64>], metric: &[Decimal]) -> Option<Driver> {
        use rust_decimal::prelude::ToPrimitive;
        let n = metric.len().min(values.len());
        if n < 3 {
            return None;
        }
        let y: Vec<f64> = metric[..n].iter().map(|m| m.to_f64().unwrap_or(0.0)).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
        let my = mean(&y);
        let syy: f64 = y.iter().map(|v| (v - my) * (v - my)).sum();
        if syy <= 0.0 {
            return None;
        }
        let mut best: Option<(usize, f64)> = None;
        for j in 0..self.params.len() {
            let x: Vec<f64> = values[..n].iter().map(|v| v.get(j).copied().unwrap_or(0) as f64).collect();
            let mx = mean(&x);
            let (mut sxx, mut sxy) = (0.0, 0.0);
            for (a, b) in x.iter().zip(&y) {
                sxx += (a - mx) * (a - mx);
                sxy += (a - mx) * (b - my);
            }
            if sxx <= 0.0 {
                continue;
            }
            let r2 = sxy * sxy / (sxx * syy);
            if best.is_none_or(|(_, b)| r2 > b) {
                best = Some((j, r2));
            }
        }
        let (j, r2) = best?;
        let share_bp = (r2 * 10_000.0).round() as u32;
        (share_bp >= DRIVER_MIN_SHARE_BP).then(|| {
            let p = &self.params[j];
            Driver { id: p.key.id(), label: [p.label(Lang::Vi), p.label(Lang::En)], share_bp }
        })
    }

    /// Whether nothing is uncertain.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Every parameter at its scenario value.
    #[must_use]
    pub fn centre(&self) -> Vec<i64> {
        self.params.iter().map(|p| p.centre).collect()
    }

    /// The values of draw `draw` under `seed`: a pure function of (seed, draw, parameter).
    #[must_use]
    pub fn sample(&self, seed: u64, draw: u32) -> Vec<i64> {
        let stream = Stream::new(seed, draw, Purpose::Parameters);
        self.params
            .iter()
            .map(|p| {
                let bits = stream.bits(p.key.counter());
                if p.key == Key::NtmReading {
                    i64::from((bits >> 48) < (p.sd as u64) * 0x1_0000 / 10_000)
                } else {
                    Normalish::new(p.centre, p.sd).sample(bits).clamp(p.range.0, p.range.1)
                }
            })
            .collect()
    }

    /// The value of `key` among `values` (in this list's order), if it is uncertain.
    #[must_use]
    pub fn value(&self, values: &[i64], key: &Key) -> Option<i64> {
        self.params.iter().position(|p| &p.key == key).and_then(|i| values.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Uncertainty {
        Uncertainty::of(&SimulationParams::default(), Some((100, Confidence::RecalledLow)))
    }

    #[test]
    fn every_default_parameter_tagged_below_confirmed_is_uncertain() {
        let u = defaults();
        let ids: Vec<String> = u.params.iter().map(|p| p.key.id()).collect();
        for id in [
            "growth_mean",
            "growth_spread",
            "shock_chance",
            "shock_loss",
            "gain:credit",
            "gain:p3a",
            "units_per_household:tuition",
            "labour_export",
            "overdue",
            "ntm_reading",
        ] {
            assert!(ids.contains(&id.to_owned()), "{id} missing from {ids:?}");
        }
        // The electricity support's gain is derived from the tariff: 10 %.
        let electricity = u.params.iter().find(|p| p.key.id() == "gain:electricity").expect("electricity");
        assert_eq!(electricity.sd, ONE / 10);
        let fixed = SimulationParams { parameter_uncertainty: false, ..SimulationParams::default() };
        assert!(Uncertainty::of(&fixed, Some((100, Confidence::RecalledLow))).is_empty());
    }

    #[test]
    fn deciles_are_the_sampling_distributions_own() {
        let u = defaults();
        let g = &u.params[0];
        assert_eq!(g.key, Key::GrowthMean);
        let (lo, hi) = (g.decile(false), g.decile(true));
        let mut below = 0;
        let mut above = 0;
        let n = 20_000u32;
        for d in 0..n {
            let v = u.sample(7, d)[0];
            below += u32::from(v <= lo);
            above += u32::from(v >= hi);
        }
        // 10 % each side, within sampling error (sd of the count about 42).
        assert!((1_850..=2_150).contains(&below), "{below}");
        assert!((1_850..=2_150).contains(&above), "{above}");
    }

    #[test]
    fn a_draws_values_depend_only_on_seed_and_draw() {
        let u = defaults();
        assert_eq!(u.sample(42, 17), u.sample(42, 17));
        assert_ne!(u.sample(42, 17), u.sample(42, 18));
        // The other reading comes up about one draw in ten.
        let reading = u.params.iter().position(|p| p.key == Key::NtmReading).expect("reading");
        let strict = (0..10_000).filter(|&d| u.sample(1, d)[reading] == 1).count();
        assert!((900..=1_100).contains(&strict), "{strict}");
    }
}
