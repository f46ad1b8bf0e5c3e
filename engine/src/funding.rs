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

    /// Whether the source may pay for `program`.
    #[must_use]
    pub fn may_pay_for(&self, program: &ProgramId) -> bool {
        self.uses.contains(program)
    }
}
