//! Funding sources (nguồn vốn): where the year's money comes from and what it may pay for.

use crate::money::Dong;
use crate::program::ProgramId;
use crate::provenance::Note;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifier of a funding source in a scenario (`central_program`, `vbsp_poor`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub String);

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Grant money is spent; loan money is lent and comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Budget, fund or donation money (vốn cấp phát, hỗ trợ).
    Grant,
    /// Preferential credit from the Social Policy Bank (vốn tín dụng NHCSXH).
    Loan,
}

/// The level of government that holds and spends the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Tỉnh.
    Province,
    /// Huyện.
    District,
    /// Xã.
    Commune,
}

/// What a lending program's loans are for, which decides what a loan does in the projection
/// (`docs/simulation.md`, Credit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanPurpose {
    /// Production and business (poor, near-poor, newly escaped households, job creation): the
    /// investment raises income.
    Livelihood,
    /// Working abroad under contract: income once the worker has left.
    LabourExport,
    /// A pupil's or student's costs: keeps a child in school, no income this year.
    Students,
    /// A water facility or latrine: removes those deprivations.
    Water,
    /// A house (Decision 33/2015/QĐ-TTg): removes the housing deprivation.
    Housing,
}

impl LoanPurpose {
    /// Every purpose, in display order.
    pub const ALL: [LoanPurpose; 5] =
        [Self::Livelihood, Self::LabourExport, Self::Students, Self::Water, Self::Housing];

    /// Its name in `lang`.
    #[must_use]
    pub fn name(self, lang: crate::format::Lang) -> &'static str {
        let (vi, en) = match self {
            Self::Livelihood => ("sản xuất, kinh doanh", "production and business"),
            Self::LabourExport => ("đi làm việc ở nước ngoài", "working abroad"),
            Self::Students => ("học sinh, sinh viên", "pupils and students"),
            Self::Water => ("nước sạch, vệ sinh", "water and sanitation"),
            Self::Housing => ("nhà ở", "housing"),
        };
        lang.pick(vi, en)
    }
}

/// A lending program's loan book at the start of the year and what the province adds to it:
/// the Social Policy Bank's capital revolves, so this year's lending capacity is what comes
/// back from the book plus new capital (`docs/credit.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanBook {
    /// Outstanding balance at the start of the year (dư nợ đầu năm).
    pub opening_outstanding: Dong,
    /// Households with a loan outstanding at the start of the year.
    pub opening_borrowers: u32,
    /// Average contractual term of the loans in the book, months: a book of evenly spread ages
    /// falls due at 12 ÷ term of its balance a year.
    pub average_term_months: u32,
    /// The bank's own figure for the principal due this year, where known; absent: the
    /// balance × 12 ÷ average term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections_due: Option<Dong>,
    /// Local budget the province entrusts to the bank for this program this year (vốn ngân
    /// sách địa phương ủy thác qua NHCSXH): a local-budget line of the proposal.
    pub entrusted: Dong,
    /// Share of the principal due that is not repaid on time (nợ quá hạn), basis points.
    pub overdue_bp: u32,
    /// Share of the opening balance written off in the year (xóa nợ: death, disaster), basis
    /// points.
    pub write_off_bp: u32,
    /// Where the figures come from.
    pub note: Note,
}

/// Terms of a Social Policy Bank lending program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    /// Most one household may borrow (mức cho vay tối đa).
    pub cap_per_household: Dong,
    /// Yearly interest rate as a ratio (`0.066` for 6.6 %/year).
    pub interest_rate_per_year: Decimal,
    /// Longest term in months.
    pub term_months: u32,
    /// What the loans are for; absent in files written before credit was modelled, when
    /// [`Source::loan_purpose`] reads it from the program the source pays for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<LoanPurpose>,
    /// The loan book; absent: nothing is known of it, and the source's amount is all it lends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book: Option<LoanBook>,
}

impl LoanTerms {
    /// Sets the local budget entrusted this year. A program without a loan book gets one that
    /// holds only the entrusted capital (nothing outstanding, the program's longest term as
    /// its average, no overdue), noted as entered by the planner; zero on a program without a
    /// book changes nothing.
    pub fn entrust(&mut self, amount: Dong) {
        match &mut self.book {
            Some(book) => book.entrusted = amount,
            None if amount > Dong::ZERO => {
                self.book = Some(LoanBook {
                    opening_outstanding: Dong::ZERO,
                    opening_borrowers: 0,
                    average_term_months: self.term_months.clamp(12, 360),
                    collections_due: None,
                    entrusted: amount,
                    overdue_bp: 0,
                    write_off_bp: 0,
                    note: Note::both(
                        "Entered in the planner",
                        "Nhập trong GNBV Planner",
                        crate::provenance::Confidence::RecalledLow,
                    ),
                });
            }
            None => {}
        }
    }
}

/// A source of money for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier, unique in the scenario.
    pub id: SourceId,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Grant or loan.
    pub kind: SourceKind,
    /// Who holds it.
    pub level: Level,
    /// How much there is this year.
    pub amount: Dong,
    /// The programs it may pay for.
    pub uses: Vec<ProgramId>,
    /// Lending terms; present exactly for loans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<LoanTerms>,
    /// Where the amount and terms come from.
    pub note: Note,
    /// How sure this year's amount is, where that differs from the note's tag (a loan's cited
    /// terms do not make an illustrative amount cited). Absent: the note's tag covers both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_confidence: Option<crate::provenance::Confidence>,
}

impl Source {
    /// The name in `lang`.
    #[must_use]
    pub fn name(&self, lang: crate::format::Lang) -> &str {
        match lang {
            crate::format::Lang::Vi => &self.name_vi,
            crate::format::Lang::En => &self.name_en,
        }
    }

    /// How sure the amount is: its own tag where it has one, else the note's.
    #[must_use]
    pub fn amount_confidence(&self) -> crate::provenance::Confidence {
        self.amount_confidence.unwrap_or(self.note.confidence)
    }

    /// The confidence of the amount and, where different, of the terms, as the screens and
    /// exports print them: `R low` or `số tiền R low; điều kiện vay C`.
    #[must_use]
    pub fn confidence_text(&self, lang: crate::format::Lang) -> String {
        let amount = self.amount_confidence();
        if amount == self.note.confidence {
            return amount.tag().to_owned();
        }
        let (a, t) = lang.pick(("số tiền", "điều kiện"), ("amount", "terms"));
        format!("{a} {}; {t} {}", amount.tag(), self.note.confidence.tag())
    }

    /// What the source's loans are for: the terms' purpose, else (files written before credit
    /// was modelled) read from the built-in lending programs' ids and what the source pays for.
    /// `None` for a grant.
    #[must_use]
    pub fn loan_purpose(&self) -> Option<LoanPurpose> {
        let terms = self.loan.as_ref()?;
        if let Some(p) = terms.purpose {
            return Some(p);
        }
        let id = self.id.0.as_str();
        let pays = |p: &str| self.uses.iter().any(|u| u.0 == p);
        Some(if id.contains("student") {
            LoanPurpose::Students
        } else if id.contains("labour_export") {
            LoanPurpose::LabourExport
        } else if pays("water_sanitation") {
            LoanPurpose::Water
        } else if pays("housing") {
            LoanPurpose::Housing
        } else {
            LoanPurpose::Livelihood
        })
    }

    /// Principal falling due this year from the loan book (zero without one): the bank's figure
    /// where given, else the opening balance × 12 ÷ the average term (at most the balance).
    #[must_use]
    pub fn collections_due(&self) -> Dong {
        let Some(book) = self.loan.as_ref().and_then(|l| l.book.as_ref()) else { return Dong::ZERO };
        book.collections_due.unwrap_or_else(|| {
            let months = Decimal::from(book.average_term_months.max(12));
            Dong::round(book.opening_outstanding.to_decimal() * Decimal::from(12) / months)
                .unwrap_or(Dong::ZERO)
                .min(book.opening_outstanding)
        })
    }

    /// Principal due and not repaid on time: the due × the overdue share.
    #[must_use]
    pub fn overdue(&self) -> Dong {
        let Some(book) = self.loan.as_ref().and_then(|l| l.book.as_ref()) else { return Dong::ZERO };
        Dong::round(self.collections_due().to_decimal() * Decimal::new(i64::from(book.overdue_bp), 4))
            .unwrap_or(Dong::ZERO)
    }

    /// Principal collected this year: due − overdue.
    #[must_use]
    pub fn collected(&self) -> Dong {
        self.collections_due() - self.overdue()
    }

    /// Principal written off this year: the opening balance × the write-off share, at most what
    /// is left once the collections are in (so the book never goes below zero).
    #[must_use]
    pub fn written_off(&self) -> Dong {
        let Some(book) = self.loan.as_ref().and_then(|l| l.book.as_ref()) else { return Dong::ZERO };
        Dong::round(book.opening_outstanding.to_decimal() * Decimal::new(i64::from(book.write_off_bp), 4))
            .unwrap_or(Dong::ZERO)
            .min(book.opening_outstanding - self.collected())
    }

    /// Local budget entrusted this year (zero without a book).
    #[must_use]
    pub fn entrusted(&self) -> Dong {
        self.loan.as_ref().and_then(|l| l.book.as_ref()).map_or(Dong::ZERO, |b| b.entrusted)
    }

    /// The part of `lent` (what one of its lines lends) that the local budget entrusted this
    /// year paid for: `lent` × entrusted ÷ capacity, rounded to the đồng (zero for a grant or
    /// without entrusted capital). The proposal reports it as local budget, the rest as credit.
    #[must_use]
    pub fn entrusted_part(&self, lent: Dong) -> Dong {
        let (entrusted, capacity) = (self.entrusted(), self.available());
        if entrusted <= Dong::ZERO || capacity <= Dong::ZERO {
            return Dong::ZERO;
        }
        Dong::round(lent.to_decimal() * entrusted.to_decimal() / capacity.to_decimal()).unwrap_or(Dong::ZERO).min(lent)
    }

    /// What the source can give its lines this year: a grant's amount; a loan's lending
    /// capacity, collections + new capital (the amount) + entrusted local capital.
    #[must_use]
    pub fn available(&self) -> Dong {
        self.amount + self.collected() + self.entrusted()
    }

    /// Whether the source may pay for `program`.
    #[must_use]
    pub fn may_pay_for(&self, program: &ProgramId) -> bool {
        self.uses.contains(program)
    }
}
