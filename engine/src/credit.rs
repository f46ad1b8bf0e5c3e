//! Social Policy Bank credit as credit: each lending program's loan book revolves (what falls
//! due comes back and is lent again), the province may entrust local budget to it, and what the
//! state pays for the credit is its interest-rate support and the fees of the organisations that
//! run it, not the loans (`docs/credit.md`).
//!
//! [`CreditPlan::of`] is the one credit plan (kế hoạch tín dụng chính sách) of a scenario and
//! its allocation: the Funding screen, the proposal's credit sheet and `gnbv credit` read it.
//! Every figure is whole đồng, rounded once where a rate meets an amount (`Dong::round`), and
//! these identities hold exactly for every program:
//!
//! ```text
//! capacity = collected + new capital + entrusted
//! closing  = opening + disbursed − collected − written off
//! disbursed ≤ capacity
//! ```

use crate::allocation::Allocation;
use crate::format::Lang;
use crate::funding::{LoanPurpose, SourceId, SourceKind};
use crate::money::Dong;
use crate::provenance::{Confidence, Note};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the state pays for preferential credit, as yearly rates on the average outstanding
/// balance (`docs/credit.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditCosts {
    /// The bank's cost of funds, yearly ratio: where a program lends below it, the state makes
    /// up the difference (cấp bù chênh lệch lãi suất).
    pub funding_cost_rate: Decimal,
    /// Fee paid to the mass organisations the bank entrusts (phí ủy thác), yearly ratio.
    pub entrusted_fee_rate: Decimal,
    /// Commission paid to savings-and-loan groups (hoa hồng tổ tiết kiệm và vay vốn), yearly
    /// ratio.
    pub group_commission_rate: Decimal,
    /// Where the rates come from.
    pub note: Note,
}

/// The highest interest or cost rate accepted, per year: 30 %.
pub const MAX_RATE: Decimal = Decimal::from_parts(3, 0, 0, false, 1);

impl Default for CreditCosts {
    fn default() -> Self {
        Self {
            funding_cost_rate: Decimal::new(70, 3),
            entrusted_fee_rate: Decimal::new(5, 3),
            group_commission_rate: Decimal::new(10, 3),
            note: Note::both(
                "Illustrative: the Social Policy Bank's cost of funds (7 %, about the 12-month deposit rate of 2019) and the fees it pays to the entrusted mass organisations and to savings-and-loan groups were not found for 2019",
                "Số minh họa: chưa tìm được chi phí vốn của Ngân hàng Chính sách xã hội (lấy 7%, khoảng lãi suất tiền gửi 12 tháng năm 2019) và mức phí ủy thác trả các tổ chức chính trị - xã hội, hoa hồng trả tổ tiết kiệm và vay vốn năm 2019",
                Confidence::RecalledLow,
            ),
        }
    }
}

/// One lending program's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramCredit {
    /// The loan source.
    pub source: SourceId,
    /// Its name in the plan's language.
    pub name: String,
    /// What its loans are for.
    pub purpose: LoanPurpose,
    /// Yearly interest rate.
    pub interest_rate: Decimal,
    /// Whether the scenario gives the loan book (else the opening figures are zero and the
    /// amount is all it lends).
    pub has_book: bool,
    /// Outstanding at the start of the year.
    pub opening: Dong,
    /// Principal due this year.
    pub due: Dong,
    /// Principal collected (due − overdue).
    pub collected: Dong,
    /// Principal due and not repaid on time.
    pub overdue: Dong,
    /// New central capital (the source's amount).
    pub new_capital: Dong,
    /// Local budget entrusted this year.
    pub entrusted: Dong,
    /// Lending capacity: collected + new capital + entrusted.
    pub capacity: Dong,
    /// Lent this year (doanh số cho vay): what the allocation gives the source's lines.
    pub disbursed: Dong,
    /// Written off.
    pub written_off: Dong,
    /// Outstanding at the end of the year.
    pub closing: Dong,
    /// Borrowing households at the start.
    pub borrowers_opening: u64,
    /// Households lent to this year.
    pub borrowers_new: u64,
    /// Households whose loans end this year (the opening borrowers × 12 ÷ average term).
    pub borrowers_repaid: u64,
    /// Borrowing households at the end.
    pub borrowers_closing: u64,
    /// The state's interest-rate support: average outstanding × (cost of funds − rate), if
    /// positive.
    pub interest_support: Dong,
    /// Fees to entrusted organisations and savings-and-loan groups: average outstanding × their
    /// rates.
    pub fees: Dong,
}

impl ProgramCredit {
    /// What the credit costs the state budget this year: interest support and fees.
    #[must_use]
    pub fn cost(&self) -> Dong {
        self.interest_support + self.fees
    }

    /// Capacity not lent this year (it stays with the bank).
    #[must_use]
    pub fn unused(&self) -> Dong {
        self.capacity - self.disbursed
    }

    /// Average outstanding balance over the year: (opening + closing) ÷ 2, rounded.
    #[must_use]
    pub fn average_outstanding(&self) -> Dong {
        Dong::round((self.opening + self.closing).to_decimal() / Decimal::TWO).unwrap_or(Dong::ZERO)
    }
}

/// The credit plan of a scenario: every loan source, in scenario order, and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditPlan {
    /// One entry per loan source.
    pub programs: Vec<ProgramCredit>,
    /// The column sums (its `source` is `total`, its purpose and rate those of the first
    /// program).
    pub total: ProgramCredit,
}

impl CreditPlan {
    /// Every year's credit plan, first to last: the loan book over the years.
    #[must_use]
    pub fn years(scenario: &Scenario, dataset: &crate::dataset::Dataset, lang: Lang) -> Vec<(u16, Self)> {
        scenario
            .all_years(dataset)
            .iter()
            .map(|(year, view, allocation)| (*year, Self::of(view, allocation, lang)))
            .collect()
    }

    /// The plan of `scenario` under its `allocation` (which says what each source lends), with
    /// names in `lang`.
    #[must_use]
    pub fn of(scenario: &Scenario, allocation: &Allocation, lang: Lang) -> Self {
        let costs = &scenario.credit;
        let mut programs = Vec::new();
        for s in scenario.sources.iter().filter(|s| s.kind == SourceKind::Loan) {
            let Some(terms) = &s.loan else { continue };
            let book = terms.book.as_ref();
            let disbursed = allocation.sources.iter().find(|b| b.source == s.id).map_or(Dong::ZERO, |b| b.allocated);
            // Households lent to: the units the rules counted, else the amount ÷ the cap.
            let lines: Vec<usize> =
                scenario.lines.iter().enumerate().filter(|(_, l)| l.source == s.id).map(|(i, _)| i).collect();
            let mut borrowers_new = 0u64;
            for &i in &lines {
                let cells: Vec<_> = allocation.cells_of(i).collect();
                let amount: Dong = cells.iter().map(|c| c.amount).sum();
                if cells.iter().all(|c| c.units.is_some()) && !cells.is_empty() {
                    borrowers_new += cells.iter().filter_map(|c| c.units).sum::<u64>();
                } else if terms.cap_per_household > Dong::ZERO {
                    borrowers_new += (amount.get().max(0) / terms.cap_per_household.get()) as u64;
                }
            }
            let opening = book.map_or(Dong::ZERO, |b| b.opening_outstanding);
            let written_off = s.written_off();
            let (due, overdue, collected) = (s.collections_due(), s.overdue(), s.collected());
            let closing = opening + disbursed - collected - written_off;
            let borrowers_opening = book.map_or(0, |b| u64::from(b.opening_borrowers));
            let borrowers_repaid = book.map_or(0, |b| {
                (borrowers_opening * 12 / u64::from(b.average_term_months.max(12))).min(borrowers_opening)
            });
            let average = (opening + closing).to_decimal() / Decimal::TWO;
            let gap = (costs.funding_cost_rate - terms.interest_rate_per_year).max(Decimal::ZERO);
            let round = |d: Decimal| Dong::round(d).unwrap_or(Dong::ZERO);
            programs.push(ProgramCredit {
                source: s.id.clone(),
                name: s.name(lang).to_owned(),
                purpose: s.loan_purpose().unwrap_or(LoanPurpose::Livelihood),
                interest_rate: terms.interest_rate_per_year,
                has_book: book.is_some(),
                opening,
                due,
                collected,
                overdue,
                new_capital: s.amount,
                entrusted: s.entrusted(),
                capacity: s.available(),
                disbursed,
                written_off,
                closing,
                borrowers_opening,
                borrowers_new,
                borrowers_repaid,
                borrowers_closing: borrowers_opening - borrowers_repaid + borrowers_new,
                interest_support: round(average * gap),
                fees: round(average * (costs.entrusted_fee_rate + costs.group_commission_rate)),
            });
        }
        let mut total = ProgramCredit {
            source: SourceId("total".into()),
            name: lang.pick("Tổng cộng", "Total").to_owned(),
            purpose: programs.first().map_or(LoanPurpose::Livelihood, |p| p.purpose),
            interest_rate: programs.first().map_or(Decimal::ZERO, |p| p.interest_rate),
            has_book: programs.iter().any(|p| p.has_book),
            opening: Dong::ZERO,
            due: Dong::ZERO,
            collected: Dong::ZERO,
            overdue: Dong::ZERO,
            new_capital: Dong::ZERO,
            entrusted: Dong::ZERO,
            capacity: Dong::ZERO,
            disbursed: Dong::ZERO,
            written_off: Dong::ZERO,
            closing: Dong::ZERO,
            borrowers_opening: 0,
            borrowers_new: 0,
            borrowers_repaid: 0,
            borrowers_closing: 0,
            interest_support: Dong::ZERO,
            fees: Dong::ZERO,
        };
        for p in &programs {
            total.opening += p.opening;
            total.due += p.due;
            total.collected += p.collected;
            total.overdue += p.overdue;
            total.new_capital += p.new_capital;
            total.entrusted += p.entrusted;
            total.capacity += p.capacity;
            total.disbursed += p.disbursed;
            total.written_off += p.written_off;
            total.closing += p.closing;
            total.borrowers_opening += p.borrowers_opening;
            total.borrowers_new += p.borrowers_new;
            total.borrowers_repaid += p.borrowers_repaid;
            total.borrowers_closing += p.borrowers_closing;
            total.interest_support += p.interest_support;
            total.fees += p.fees;
        }
        Self { programs, total }
    }

    /// What the credit costs the budget, in a sentence: the cost (interest support and fees),
    /// the local budget entrusted and where the proposal reports it, and that loans are not
    /// spending. The CLI, the app and the workbook print this one text.
    #[must_use]
    pub fn budget_note(&self, lang: Lang) -> String {
        let t = &self.total;
        let n = |d: Dong| crate::format::group(d.get().into(), lang);
        let (cost, support, fees, entrusted) = (n(t.cost()), n(t.interest_support), n(t.fees), n(t.entrusted));
        match lang {
            Lang::Vi => format!(
                "Chi phí ngân sách nhà nước cho tín dụng chính sách: {cost} đồng (cấp bù lãi suất {support} đồng, phí ủy thác và hoa hồng {fees} đồng); vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội: {entrusted} đồng, ghi ở cột ngân sách tỉnh của dự toán. Số cho vay là vốn tín dụng, hộ vay phải hoàn trả, không phải chi ngân sách."
            ),
            Lang::En => format!(
                "Cost of preferential credit to the state budget: {cost} đồng (interest-rate support {support} đồng, fees and commissions {fees} đồng); local budget entrusted to the Social Policy Bank: {entrusted} đồng, in the province's local-budget column of the proposal. Loans are credit, repaid by the households, not budget spending."
            ),
        }
    }

    /// The plan's column headings: the name, then [`ProgramCredit::columns`].
    #[must_use]
    pub fn headings(lang: Lang) -> [&'static str; 15] {
        match lang {
            Lang::Vi => [
                "Chương trình cho vay",
                "Dư nợ đầu năm",
                "Nợ đến hạn",
                "Thu nợ",
                "Nợ quá hạn",
                "Vốn trung ương mới",
                "Vốn NSĐP ủy thác",
                "Nguồn vốn cho vay",
                "Doanh số cho vay",
                "Xóa nợ",
                "Dư nợ cuối năm",
                "Hộ vay mới",
                "Hộ còn dư nợ cuối năm",
                "Cấp bù lãi suất",
                "Phí ủy thác, hoa hồng",
            ],
            Lang::En => [
                "Lending program",
                "Outstanding, start of year",
                "Principal due",
                "Collected",
                "Overdue",
                "New central capital",
                "Local budget entrusted",
                "Lending capacity",
                "Lent",
                "Written off",
                "Outstanding, end of year",
                "New borrowing households",
                "Borrowing households, end of year",
                "Interest-rate support",
                "Fees and commissions",
            ],
        }
    }
}

impl ProgramCredit {
    /// The money columns, from the opening balance to the closing balance (headings 1–10).
    #[must_use]
    pub fn money(&self) -> [Dong; 10] {
        [
            self.opening,
            self.due,
            self.collected,
            self.overdue,
            self.new_capital,
            self.entrusted,
            self.capacity,
            self.disbursed,
            self.written_off,
            self.closing,
        ]
    }

    /// Every column after the name, in the order of [`CreditPlan::headings`]: the money
    /// columns in đồng, new and closing borrowing households, interest support and fees. The
    /// CLI, the CSV, the workbook and the app's table all read this one row.
    #[must_use]
    pub fn columns(&self) -> [i128; 14] {
        let mut out = [0i128; 14];
        for (o, d) in out.iter_mut().zip(self.money()) {
            *o = d.get().into();
        }
        out[10] = self.borrowers_new.into();
        out[11] = self.borrowers_closing.into();
        out[12] = self.interest_support.get().into();
        out[13] = self.fees.get().into();
        out
    }

    /// Whether column `i` of [`Self::columns`] counts households rather than đồng.
    #[must_use]
    pub fn is_count(i: usize) -> bool {
        matches!(i, 10 | 11)
    }
}
