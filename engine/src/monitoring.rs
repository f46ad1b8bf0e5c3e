//! The monitoring report: the actuals (`crate::actuals`) against the plan by program and
//! source, district and commune; the outputs; the year's targets with plan, projection and,
//! where a later household review file measures it, the actual (`docs/monitoring.md`).

use crate::actuals::{planned, recipient, Actuals, Outputs};
use crate::allocation::{Allocation, Recipient};
use crate::dataset::{CommuneCode, Dataset};
use crate::format::Lang;
use crate::households::Households;
use crate::money::Dong;
use crate::program::{Eligible, Unit};
use crate::projection::{Projection, TargetId, TargetUnit};
use crate::scenario::Scenario;
use crate::standard::PovertyStandard;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Plan against actual for one row of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// A key (program or source id, GSO code).
    pub key: String,
    /// Its name in the report's language.
    pub name: String,
    /// The plan, đồng.
    pub plan: Dong,
    /// Disbursed in the last period.
    pub period: Dong,
    /// Disbursed in the year to date.
    pub to_date: Dong,
}

impl Progress {
    /// Disbursed to date as a share of plan (none when nothing is planned).
    #[must_use]
    pub fn share(&self) -> Option<Decimal> {
        (self.plan > Dong::ZERO).then(|| self.to_date.to_decimal() / self.plan.to_decimal())
    }

    fn add(&mut self, plan: Dong, period: Dong, to_date: Dong) {
        self.plan += plan;
        self.period += period;
        self.to_date += to_date;
    }
}

/// A program's outputs: planned units against what was delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputRow {
    /// The program's id.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its unit's name.
    pub unit: String,
    /// Units the allocation buys (where the rule counts them).
    pub planned: Option<u64>,
    /// Delivered in the last period, in the unit's count.
    pub period: u64,
    /// Delivered in the year to date.
    pub to_date: u64,
}

/// A target of the year: plan, projection and actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetProgress {
    /// The target's name.
    pub name: String,
    /// Its unit.
    pub unit: TargetUnit,
    /// The plan's level.
    pub plan: Decimal,
    /// The projection's P10, median and P90, if it was run.
    pub projected: Option<[Decimal; 3]>,
    /// The actual, where known.
    pub actual: Option<Decimal>,
    /// Where the actual comes from, in the report's language.
    pub actual_from: String,
    /// Whether the actual is inside the projection's P10–P90.
    pub inside: Option<bool>,
}

/// What a later household review file measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Measured {
    /// The file's name.
    pub file: String,
    /// Households in it.
    pub households: u64,
    /// Poor households.
    pub poor: u64,
    /// Of the poor and near-poor, those with each access of [`crate::params::Access::ALL`].
    pub access: [u64; 5],
    /// Poor and near-poor households.
    pub poor_or_near: u64,
    /// Flagged xã at or below the new-rural criterion, among those the file covers.
    pub ntm_met: u64,
    /// Flagged xã the file covers.
    pub ntm_covered: u64,
}

impl Measured {
    /// Classifies a later review file's `households` (for `dataset`'s communes) under
    /// `standard`.
    #[must_use]
    pub fn of(
        file: &str,
        dataset: &Dataset,
        standard: &PovertyStandard,
        households: &Households,
        params: &crate::params::SimulationParams,
    ) -> Self {
        let compiled = standard.compiled();
        let masks = crate::params::Access::ALL.map(|a| crate::simulation::mask(standard, a.keys()));
        let communes = dataset.communes().len();
        let mut per = vec![(0u64, 0u64); communes];
        let (mut poor, mut poor_or_near, mut access) = (0u64, 0u64, [0u64; 5]);
        for s in households.segments() {
            let c = compiled.of(s.area);
            for i in s.start as usize..s.end as usize {
                let (is_poor, is_near) = c.flags(households.income[i], households.deprivation_count[i]);
                per[usize::from(s.commune)].0 += 1;
                if is_poor {
                    poor += 1;
                    let protected = households.flags[i] & crate::households::flag::SOCIAL_PROTECTION != 0;
                    if !(params.ntm_excludes_social_protection && protected) {
                        per[usize::from(s.commune)].1 += 1;
                    }
                }
                if is_poor || is_near {
                    poor_or_near += 1;
                    for (k, m) in masks.iter().enumerate() {
                        access[k] += u64::from(households.deprivations[i] & m == 0);
                    }
                }
            }
        }
        let (mut ntm_met, mut ntm_covered) = (0, 0);
        for (i, c) in dataset.communes().iter().enumerate() {
            let (n, p) = per[i];
            if c.ntm_2019 && n > 0 {
                ntm_covered += 1;
                ntm_met += u64::from(p * 10_000 <= u64::from(params.ntm_threshold_bp) * n);
            }
        }
        Self {
            file: file.to_owned(),
            households: households.len() as u64,
            poor,
            access,
            poor_or_near,
            ntm_met,
            ntm_covered,
        }
    }

    /// The poor-household rate measured.
    #[must_use]
    pub fn poor_rate(&self) -> Option<Decimal> {
        (self.households > 0).then(|| Decimal::from(self.poor) / Decimal::from(self.households))
    }
}

/// The monitoring report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The report's language.
    #[serde(skip)]
    pub lang: Lang,
    /// The province.
    pub province: String,
    /// The year.
    pub year: u16,
    /// The actuals file.
    pub file: String,
    /// The last reporting date (the last period's end).
    pub date: String,
    /// By program, each with its sources (program progress by project and source).
    pub programs: Vec<(Progress, Vec<Progress>)>,
    /// By source.
    pub sources: Vec<Progress>,
    /// By district.
    pub districts: Vec<Progress>,
    /// By commune, with its district's code (communes with a plan or a disbursement).
    pub communes: Vec<(u16, Progress)>,
    /// Province-level lines.
    pub province_level: Progress,
    /// Everything.
    pub total: Progress,
    /// Outputs by program.
    pub outputs: Vec<OutputRow>,
    /// The year's targets.
    pub targets: Vec<TargetProgress>,
    /// What the households are (illustrative or a review file), in the report's language.
    pub data_note: String,
}

impl Report {
    /// The report of `actuals` against the first year of `scenario` and its `allocation`, with
    /// the `projection` (if run) and what a later review file measures (if given).
    #[must_use]
    #[allow(clippy::too_many_lines)]
    pub fn new(
        scenario: &Scenario,
        dataset: &Dataset,
        allocation: &Allocation,
        actuals: &Actuals,
        (projection, measured): (Option<&Projection>, Option<&Measured>),
        lang: Lang,
    ) -> Self {
        let date = actuals.last_date().unwrap_or_default().to_owned();
        // Actual per (line, recipient): last period and to date.
        let mut actual: HashMap<(usize, Recipient), (Dong, Dong)> = HashMap::new();
        let mut outputs: HashMap<usize, (Outputs, Outputs)> = HashMap::new();
        for r in &actuals.rows {
            let e = actual.entry((r.line, recipient(r.commune))).or_insert((Dong::ZERO, Dong::ZERO));
            let o = outputs.entry(r.line).or_default();
            if r.date == date {
                e.0 += r.disbursed;
                o.0.add(&r.outputs);
            }
            e.1 += r.disbursed;
            o.1.add(&r.outputs);
        }
        let plan = planned(allocation);
        let mut keys: Vec<(usize, Recipient)> = plan.keys().chain(actual.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let name_of_program = |id: &crate::program::ProgramId| {
            scenario.program(id).map_or_else(|| id.0.clone(), |p| p.name(lang).to_owned())
        };
        let name_of_source = |id: &crate::funding::SourceId| {
            scenario.source(id).map_or_else(|| id.0.clone(), |s| s.name(lang).to_owned())
        };
        let new = |key: String, name: String| Progress {
            key,
            name,
            plan: Dong::ZERO,
            period: Dong::ZERO,
            to_date: Dong::ZERO,
        };
        let mut programs: Vec<(Progress, Vec<Progress>)> =
            scenario.programs.iter().map(|p| (new(p.id.0.clone(), p.name(lang).to_owned()), Vec::new())).collect();
        let mut sources: Vec<Progress> =
            scenario.sources.iter().map(|s| new(s.id.0.clone(), s.name(lang).to_owned())).collect();
        let mut districts: Vec<Progress> =
            dataset.districts().iter().map(|d| new(format!("{:03}", d.code.0), d.full_name())).collect();
        let mut communes: BTreeMap<CommuneCode, (u16, Progress)> = BTreeMap::new();
        let mut province_level =
            new("province".into(), if lang == Lang::Vi { "Cấp tỉnh" } else { "Province level" }.to_owned());
        let mut total = new("total".into(), if lang == Lang::Vi { "Tổng cộng" } else { "Total" }.to_owned());
        for (line, r) in keys {
            let Some(l) = scenario.lines.get(line) else { continue };
            let p = plan.get(&(line, r)).copied().unwrap_or(Dong::ZERO);
            let (period, to_date) = actual.get(&(line, r)).copied().unwrap_or((Dong::ZERO, Dong::ZERO));
            total.add(p, period, to_date);
            if let Some(pi) = scenario.programs.iter().position(|x| x.id == l.program) {
                let (program, by_source) = &mut programs[pi];
                program.add(p, period, to_date);
                match by_source.iter_mut().find(|s| s.key == l.source.0) {
                    Some(s) => s.add(p, period, to_date),
                    None => {
                        let mut s = new(l.source.0.clone(), name_of_source(&l.source));
                        s.add(p, period, to_date);
                        by_source.push(s);
                    }
                }
            }
            if let Some(si) = scenario.sources.iter().position(|x| x.id == l.source) {
                sources[si].add(p, period, to_date);
            }
            match r {
                Recipient::Province => province_level.add(p, period, to_date),
                Recipient::Commune(code) => {
                    let Some(c) = dataset.commune(code) else { continue };
                    if let Some(d) = dataset.districts().iter().position(|d| d.code == c.district) {
                        districts[d].add(p, period, to_date);
                    }
                    communes
                        .entry(code)
                        .or_insert_with(|| (c.district.0, new(format!("{:05}", code.0), c.full_name())))
                        .1
                        .add(p, period, to_date);
                }
            }
        }
        programs.retain(|(p, _)| p.plan > Dong::ZERO || p.to_date > Dong::ZERO);
        sources.retain(|s| s.plan > Dong::ZERO || s.to_date > Dong::ZERO);
        // Outputs by program: the unit's count.
        let mut output_rows: Vec<OutputRow> = Vec::new();
        for p in &scenario.programs {
            let lines: Vec<usize> =
                scenario.lines.iter().enumerate().filter(|(_, l)| l.program == p.id).map(|(i, _)| i).collect();
            if lines.is_empty() {
                continue;
            }
            // A co-funded entitlement's lines pay for the same people: counted once.
            let shared = |i: usize| matches!(scenario.lines[i].rule, crate::line::Rule::EntitlementShare(_));
            let counted: Vec<usize> = lines
                .iter()
                .copied()
                .filter(|&i| !shared(i) || lines.iter().find(|&&j| shared(j)) == Some(&i))
                .collect();
            let planned_units: Option<u64> = {
                let units: Vec<Option<u64>> =
                    allocation.cells.iter().filter(|c| counted.contains(&c.line)).map(|c| c.units).collect();
                (!units.is_empty() && units.iter().all(Option::is_some)).then(|| units.iter().flatten().sum())
            };
            // The output column that counts the program's unit, per line (a loan line's
            // borrowers).
            let pick = |line: usize, o: &Outputs| {
                let lends = scenario.source(&scenario.lines[line].source).is_some_and(|s| s.loan.is_some());
                match p.unit {
                    Unit::Household if lends => o.loans,
                    Unit::Model => o.models,
                    Unit::Course | Unit::Cadre => o.trained,
                    // Households, and people for a program counted in people (pupils, the
                    // insured): the beneficiaries supported.
                    Unit::Household | Unit::Person | Unit::Commune => o.households,
                }
            };
            let (mut period, mut to_date) = (0, 0);
            let (mut shared_period, mut shared_to_date) = (0, 0);
            for &i in &lines {
                if let Some((a, b)) = outputs.get(&i) {
                    if shared(i) {
                        shared_period = shared_period.max(pick(i, a));
                        shared_to_date = shared_to_date.max(pick(i, b));
                    } else {
                        period += pick(i, a);
                        to_date += pick(i, b);
                    }
                }
            }
            let (period, to_date) = (period + shared_period, to_date + shared_to_date);
            output_rows.push(OutputRow {
                key: p.id.0.clone(),
                name: name_of_program(&p.id),
                unit: p.unit.name(lang).to_owned(),
                planned: planned_units,
                period,
                to_date,
            });
        }
        let targets = targets(scenario, dataset, (projection, measured), &output_rows, lang);
        Self {
            lang,
            province: dataset.province_name().to_owned(),
            year: crate::scenario::FIRST_YEAR,
            file: actuals.file.clone(),
            date,
            programs,
            sources,
            districts,
            communes: communes.into_values().collect(),
            province_level,
            total,
            outputs: output_rows,
            targets,
            data_note: dataset.population().describe(lang),
        }
    }
}

/// The year's targets with plan, projection and actual.
fn targets(
    scenario: &Scenario,
    dataset: &Dataset,
    (projection, measured): (Option<&Projection>, Option<&Measured>),
    outputs: &[OutputRow],
    lang: Lang,
) -> Vec<TargetProgress> {
    let vi = lang == Lang::Vi;
    let baseline = dataset.province_counts();
    let baseline_rate = baseline.poor_rate().unwrap_or(Decimal::ZERO);
    let review = |m: &Measured| {
        if vi {
            format!("tệp rà soát “{}”", m.file)
        } else {
            format!("review file “{}”", m.file)
        }
    };
    let trained = |eligible: &[Eligible]| -> Option<u64> {
        let rows: Vec<&OutputRow> = outputs
            .iter()
            .filter(|o| scenario.programs.iter().any(|p| p.id.0 == o.key && eligible.contains(&p.eligible)))
            .collect();
        (!rows.is_empty()).then(|| rows.iter().map(|o| o.to_date).sum())
    };
    let mut out = Vec::new();
    // The rate at the end of the year: the measured rate against the projection's band.
    if let Some(p) = projection {
        let b = p.province.poor_rate;
        let actual = measured.and_then(Measured::poor_rate).map(|r| r.round_dp(6));
        out.push(TargetProgress {
            name: if vi { "Tỷ lệ hộ nghèo cuối năm" } else { "Poor-household rate at year end" }.to_owned(),
            unit: TargetUnit::Share,
            plan: (baseline_rate - Decimal::new(5, 3)).max(Decimal::ZERO).round_dp(6),
            projected: Some([b.p10, b.p50, b.p90]),
            actual,
            actual_from: measured.map(review).unwrap_or_default(),
            inside: actual.map(|a| a >= b.p10 && a <= b.p90),
        });
    }
    let ids: Vec<(TargetId, Decimal, TargetUnit, Option<[Decimal; 3]>)> = match projection {
        Some(p) => p
            .scorecard
            .iter()
            .filter(|t| t.id != TargetId::PovertyRateReduction2020)
            .map(|t| (t.id, t.plan, t.unit, Some([t.value.p10, t.value.p50, t.value.p90])))
            .collect(),
        None => Vec::new(),
    };
    for (id, plan, unit, projected) in ids {
        let (actual, from): (Option<Decimal>, String) = match id {
            TargetId::PovertyRateReduction => (
                measured.and_then(Measured::poor_rate).map(|r| (baseline_rate - r) * Decimal::from(100)),
                measured.map(review).unwrap_or_default(),
            ),
            TargetId::NewRuralCommunes => (
                measured.filter(|m| m.ntm_covered > 0).map(|m| Decimal::from(m.ntm_met)),
                measured.map(review).unwrap_or_default(),
            ),
            TargetId::CadresTrained => (
                trained(&[Eligible::PovertyCadres, Eligible::PovertyTrainees]).and_then(|n| {
                    let all = baseline.poverty_cadres;
                    (all > 0).then(|| (Decimal::from(n) / Decimal::from(all)).min(Decimal::ONE))
                }),
                if vi { "tệp thực hiện" } else { "actuals file" }.to_owned(),
            ),
            TargetId::InfoStaffTrained => (
                trained(&[Eligible::InfoStaff]).and_then(|n| {
                    let all = baseline.info_staff;
                    (all > 0).then(|| (Decimal::from(n) / Decimal::from(all)).min(Decimal::ONE))
                }),
                if vi { "tệp thực hiện" } else { "actuals file" }.to_owned(),
            ),
            TargetId::HealthInsurance
            | TargetId::Schooling
            | TargetId::Water
            | TargetId::Sanitation
            | TargetId::Information => {
                let k = [
                    TargetId::HealthInsurance,
                    TargetId::Schooling,
                    TargetId::Water,
                    TargetId::Sanitation,
                    TargetId::Information,
                ]
                .iter()
                .position(|x| *x == id)
                .unwrap_or(0);
                (
                    measured
                        .filter(|m| m.poor_or_near > 0)
                        .map(|m| Decimal::from(m.access[k]) / Decimal::from(m.poor_or_near)),
                    measured.map(review).unwrap_or_default(),
                )
            }
            TargetId::PovertyRateReduction2020 | TargetId::ExpectedRate2020 => (None, String::new()),
        };
        let actual = actual.map(|a| a.round_dp(6));
        let inside = match (actual, projected) {
            (Some(a), Some(p)) => Some(a >= p[0] && a <= p[2]),
            _ => None,
        };
        out.push(TargetProgress {
            name: id.name(lang).to_owned(),
            unit,
            plan,
            projected,
            actual,
            actual_from: if actual.is_some() { from } else { String::new() },
            inside,
        });
    }
    out
}

/// The headings of a progress table (the monitoring indicator table's columns), in `lang`.
#[must_use]
pub fn progress_headings(lang: Lang) -> [&'static str; 8] {
    [
        lang.pick("STT", "No."),
        lang.pick("Nội dung", "Item"),
        lang.pick("ĐVT", "Unit"),
        lang.pick("Kế hoạch năm", "Plan for the year"),
        lang.pick("Thực hiện kỳ báo cáo", "Done in the period"),
        lang.pick("Lũy kế từ đầu năm", "Year to date"),
        lang.pick("% so kế hoạch", "% of plan"),
        lang.pick("Ghi chú", "Note"),
    ]
}

/// A share as a percentage with two decimals, in `lang` (empty when none).
fn percent_text(share: Option<Decimal>, lang: Lang) -> String {
    share.map(|s| crate::format::percent(s, lang)).unwrap_or_default()
}

impl Report {
    /// The report's title.
    #[must_use]
    pub fn title(&self) -> String {
        match self.lang {
            Lang::Vi => format!("BÁO CÁO TIẾN ĐỘ THỰC HIỆN CHƯƠNG TRÌNH MTQG GIẢM NGHÈO BỀN VỮNG NĂM {}", self.year),
            Lang::En => format!("PROGRESS OF THE SUSTAINABLE POVERTY-REDUCTION PROGRAM, {}", self.year),
        }
    }

    /// "Đến ngày …, tệp thực hiện “…”".
    #[must_use]
    pub fn subtitle(&self) -> String {
        match self.lang {
            Lang::Vi => {
                format!("Số liệu thực hiện đến ngày {} (tệp “{}”); tỉnh {}", self.date, self.file, self.province)
            }
            Lang::En => format!("Actuals to {} (file “{}”); {} province", self.date, self.file, self.province),
        }
    }

    fn progress_row(&self, n: String, p: &Progress, unit: &str) -> Vec<String> {
        vec![
            n,
            p.name.clone(),
            unit.to_owned(),
            p.plan.get().to_string(),
            p.period.get().to_string(),
            p.to_date.get().to_string(),
            percent_text(p.share(), self.lang),
            String::new(),
        ]
    }

    /// The tables of the report, each with its file name: program progress by project and
    /// source, by source, by district and commune, outputs, targets. Amounts as whole numbers.
    #[must_use]
    pub fn tables(&self) -> Vec<(&'static str, crate::proposal::Table)> {
        let lang = self.lang;
        let dong = lang.pick("đồng", "đồng");
        let head: Vec<String> = progress_headings(lang).iter().map(|h| (*h).to_owned()).collect();
        let mut programs = vec![head.clone()];
        for (i, (p, sources)) in self.programs.iter().enumerate() {
            programs.push(self.progress_row(crate::proposal::roman(i + 1), p, dong));
            for (j, s) in sources.iter().enumerate() {
                programs.push(self.progress_row(format!("{}.{}", i + 1, j + 1), s, dong));
            }
        }
        programs.push(self.progress_row(String::new(), &self.total, dong));
        let mut sources = vec![head.clone()];
        for (i, s) in self.sources.iter().enumerate() {
            sources.push(self.progress_row((i + 1).to_string(), s, dong));
        }
        sources.push(self.progress_row(String::new(), &self.total, dong));
        let mut places = vec![head.clone()];
        places.push(self.progress_row(String::new(), &self.province_level, dong));
        for (i, d) in self.districts.iter().enumerate() {
            places.push(self.progress_row(crate::proposal::roman(i + 1), d, dong));
            let code: u16 = d.key.parse().unwrap_or(0);
            for (j, (_, c)) in self.communes.iter().filter(|(dc, _)| *dc == code).enumerate() {
                places.push(self.progress_row(format!("{}.{}", i + 1, j + 1), c, dong));
            }
        }
        places.push(self.progress_row(String::new(), &self.total, dong));
        let mut outputs = vec![head];
        for (i, o) in self.outputs.iter().enumerate() {
            let share = o.planned.filter(|&p| p > 0).map(|p| Decimal::from(o.to_date) / Decimal::from(p));
            outputs.push(vec![
                (i + 1).to_string(),
                o.name.clone(),
                o.unit.clone(),
                o.planned.map(|p| p.to_string()).unwrap_or_default(),
                o.period.to_string(),
                o.to_date.to_string(),
                percent_text(share, lang),
                String::new(),
            ]);
        }
        let mut targets = vec![vec![
            lang.pick("Chỉ tiêu", "Target").to_owned(),
            lang.pick("ĐVT", "Unit").to_owned(),
            lang.pick("Kế hoạch", "Plan").to_owned(),
            lang.pick("Dự báo (trung vị)", "Projected (median)").to_owned(),
            "P10".to_owned(),
            "P90".to_owned(),
            lang.pick("Thực hiện", "Actual").to_owned(),
            lang.pick("Nguồn số thực hiện", "Actual from").to_owned(),
            lang.pick("Trong khoảng dự báo", "Inside the projected band").to_owned(),
        ]];
        for t in &self.targets {
            let value = |d: Decimal| match t.unit {
                TargetUnit::Share => crate::format::percent(d, lang),
                TargetUnit::Points => crate::format::decimal(d, 2, lang),
                TargetUnit::Communes => crate::format::decimal(d, 0, lang),
            };
            let p = t.projected;
            targets.push(vec![
                t.name.clone(),
                crate::proposal::target_unit(t.unit, lang).to_owned(),
                value(t.plan),
                p.map(|p| value(p[1])).unwrap_or_default(),
                p.map(|p| value(p[0])).unwrap_or_default(),
                p.map(|p| value(p[2])).unwrap_or_default(),
                t.actual.map(value).unwrap_or_else(|| lang.pick("chưa có số liệu", "not known yet").to_owned()),
                t.actual_from.clone(),
                match t.inside {
                    Some(true) => lang.pick("trong khoảng", "inside"),
                    Some(false) => lang.pick("ngoài khoảng", "outside"),
                    None => "",
                }
                .to_owned(),
            ]);
        }
        vec![
            ("tien-do-du-an-nguon-von.csv", programs),
            ("theo-nguon-von.csv", sources),
            ("theo-huyen-xa.csv", places),
            ("ket-qua-dau-ra.csv", outputs),
            ("chi-tieu.csv", targets),
        ]
    }

    /// The report as CSV files (each with a BOM), by name.
    #[must_use]
    pub fn csv_files(&self) -> Vec<(&'static str, String)> {
        self.tables().into_iter().map(|(name, rows)| (name, crate::proposal::to_csv(&rows))).collect()
    }
}
