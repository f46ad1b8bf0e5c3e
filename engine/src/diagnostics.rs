//! Problems found while allocating, each pointing at the source, program, commune or line it
//! concerns, with a message in Vietnamese and English.

use crate::dataset::CommuneCode;
use crate::format::{group, Lang};
use crate::funding::SourceId;
use crate::money::Dong;
use crate::program::ProgramId;
use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be carried out as written (lỗi).
    Error,
    /// The plan can be carried out but something deserves a look (cảnh báo).
    Warning,
}

impl Severity {
    /// The word for it in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Error => lang.pick("Lỗi", "Error"),
            Self::Warning => lang.pick("Cảnh báo", "Warning"),
        }
    }
}

/// What kind of problem, with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The lines drawing on a source ask for more than it has.
    OverCommitted {
        /// What the source has.
        available: Dong,
        /// What the lines ask for.
        committed: Dong,
    },
    /// Part of a source is assigned to no line.
    Unassigned {
        /// How much.
        amount: Dong,
    },
    /// A line spends a source on a program the source may not pay for.
    IneligibleUse,
    /// A loan line lends more per household than the lending program's cap.
    LoanAboveCap {
        /// Lent per household.
        per_household: Dong,
        /// The cap.
        cap: Dong,
    },
    /// An entitlement's legal cost is not fully funded.
    EntitlementUnfunded {
        /// Cost from head-counts.
        cost: Dong,
        /// Money assigned.
        funded: Dong,
    },
    /// A line could not place all its money (all communes capped, no points, demand met…).
    LineLeftover {
        /// How much is left on the line.
        amount: Dong,
    },
    /// A line that buys whole units keeps what is less than one unit: it buys nothing.
    PartUnitLeft {
        /// What stays at the line.
        leftover: Dong,
        /// The cost of one unit.
        unit_cost: Dong,
    },
    /// A demand line could not fund every eligible unit.
    DemandUnmet {
        /// Units funded.
        funded: u64,
        /// Units eligible.
        eligible: u64,
    },
    /// Floors times communes exceed the line's money; floors were lowered to an equal share.
    FloorsNotMet {
        /// The floor asked for.
        floor: Dong,
        /// Communes that should get it.
        communes: usize,
    },
    /// Locked overrides on a line add up to more than the line's amount.
    OverridesExceedLine {
        /// Sum of the locked cells.
        locked: Dong,
        /// The line's amount.
        amount: Dong,
    },
    /// An override gives money to a commune the line's rule would not reach.
    OverrideOutsideRule,
    /// A line's rule reaches no commune.
    NoEligibleCommunes,
    /// A source held by districts or communes has no balance anywhere in the dataset.
    NoLocalBalances,
    /// A locked amount is more than its locality's fund still holds.
    LocalityOverdrawn {
        /// The district or commune whose fund pays it.
        locality: String,
        /// What the fund still held.
        holds: Dong,
        /// The locked amount.
        asked: Dong,
    },
    /// A line of a locally held fund asks for more than the localities it reaches hold.
    LocalFundsShort {
        /// The line's money (less locked cells).
        asked: Dong,
        /// What those localities still hold.
        holds: Dong,
        /// How many localities the line reaches.
        localities: usize,
    },
    /// A locally held fund kept at province level.
    LocalFundAtProvince,
    /// Part of a line of a locally held fund that its localities' communes could not use
    /// (less than one unit, or demand met): it stays in those localities' funds.
    KeptInLocalFunds {
        /// How much.
        amount: Dong,
    },
    /// A planned line's units cost more than the line (or the commune's locality holds): the
    /// communes past the money get nothing.
    PlanAboveMoney {
        /// The planned units at unit cost.
        planned: Dong,
        /// What the line (or its localities) could pay.
        money: Dong,
    },
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What and how much.
    #[serde(flatten)]
    pub kind: DiagnosticKind,
    /// Index of the allocation line (in the scenario's `lines`) it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The source it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// The program it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<ProgramId>,
    /// The commune it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<CommuneCode>,
    /// The message in Vietnamese.
    pub message_vi: String,
    /// The message in English.
    pub message_en: String,
}

impl Diagnostic {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }
}

/// Names of the things a diagnostic points at, for its messages.
pub(crate) struct Subject<'a> {
    pub source: Option<(&'a SourceId, &'a str, &'a str)>,
    pub program: Option<(&'a ProgramId, &'a str, &'a str)>,
    pub commune: Option<(CommuneCode, &'a str)>,
    pub line: Option<usize>,
}

impl Subject<'_> {
    pub(crate) fn diagnostic(&self, severity: Severity, kind: DiagnosticKind) -> Diagnostic {
        let (message_vi, message_en) = messages(&kind, self);
        Diagnostic {
            severity,
            line: self.line,
            source: self.source.map(|s| s.0.clone()),
            program: self.program.map(|p| p.0.clone()),
            commune: self.commune.map(|c| c.0),
            kind,
            message_vi,
            message_en,
        }
    }
}

fn messages(kind: &DiagnosticKind, at: &Subject<'_>) -> (String, String) {
    let vi = |d: Dong| d.format(Lang::Vi);
    let en = |d: Dong| d.format(Lang::En);
    let src = (at.source.map_or("", |s| s.1), at.source.map_or("", |s| s.2));
    let prog = (at.program.map_or("", |p| p.1), at.program.map_or("", |p| p.2));
    let commune = at.commune.map_or("", |c| c.1);
    use DiagnosticKind as K;
    match kind {
        K::OverCommitted { available, committed } => (
            format!("{}: các dòng phân bổ cần {} nhưng nguồn chỉ có {}", src.0, vi(*committed), vi(*available)),
            format!("{}: the allocation lines ask for {} but the source has {}", src.1, en(*committed), en(*available)),
        ),
        K::Unassigned { amount } => (
            format!("{}: còn {} chưa phân bổ cho chương trình nào", src.0, vi(*amount)),
            format!("{}: {} is not assigned to any program", src.1, en(*amount)),
        ),
        K::IneligibleUse => (
            format!("{} không được dùng để chi cho “{}”", src.0, prog.0),
            format!("{} may not pay for “{}”", src.1, prog.1),
        ),
        K::LoanAboveCap { per_household, cap } => (
            format!("{}: mức vay {}/hộ vượt mức tối đa {}", src.0, vi(*per_household), vi(*cap)),
            format!("{}: a loan of {} per household is above the cap of {}", src.1, en(*per_household), en(*cap)),
        ),
        K::EntitlementUnfunded { cost, funded } => (
            format!("“{}”: chế độ cần {} nhưng chỉ bố trí {}; thiếu {}", prog.0, vi(*cost), vi(*funded), vi(*cost - *funded)),
            format!("“{}”: the entitlement costs {} but only {} is assigned; {} short", prog.1, en(*cost), en(*funded), en(*cost - *funded)),
        ),
        K::LineLeftover { amount } => (
            format!("{} → “{}”: còn {} chưa phân bổ được về xã", src.0, prog.0, vi(*amount)),
            format!("{} → “{}”: {} could not be placed in any commune", src.1, prog.1, en(*amount)),
        ),
        K::PartUnitLeft { leftover, unit_cost } => (
            format!("{} → “{}”: còn {} chưa phân bổ vì không đủ một đơn vị ({}/đơn vị); các xã nhận số đơn vị nguyên", src.0, prog.0, vi(*leftover), vi(*unit_cost)),
            format!("{} → “{}”: {} stays unallocated, less than one unit ({} per unit); communes receive whole units", src.1, prog.1, en(*leftover), en(*unit_cost)),
        ),
        K::DemandUnmet { funded, eligible } => (
            format!(
                "{} → “{}”: đủ kinh phí cho {} trên {} đối tượng",
                src.0,
                prog.0,
                group((*funded).into(), Lang::Vi),
                group((*eligible).into(), Lang::Vi)
            ),
            format!(
                "{} → “{}”: money for {} of {} eligible units",
                src.1,
                prog.1,
                group((*funded).into(), Lang::En),
                group((*eligible).into(), Lang::En)
            ),
        ),
        K::FloorsNotMet { floor, communes } => (
            format!("{} → “{}”: không đủ tiền để mỗi xã trong {communes} xã nhận tối thiểu {}; chia đều phần có", src.0, prog.0, vi(*floor)),
            format!("{} → “{}”: not enough to give each of {communes} communes the floor of {}; what there is was shared equally", src.1, prog.1, en(*floor)),
        ),
        K::OverridesExceedLine { locked, amount } => (
            format!("{} → “{}”: các ô cố định cộng lại {} vượt số tiền của dòng {}", src.0, prog.0, vi(*locked), vi(*amount)),
            format!("{} → “{}”: the locked cells add up to {}, more than the line's {}", src.1, prog.1, en(*locked), en(*amount)),
        ),
        K::OverrideOutsideRule => (
            format!("{} → “{}”: {commune} nằm ngoài phạm vi của quy tắc nhưng có số cố định", src.0, prog.0),
            format!("{} → “{}”: {commune} is outside the rule's communes but has a locked amount", src.1, prog.1),
        ),
        K::NoLocalBalances => (
            format!("{}: bộ dữ liệu không có số dư quỹ của huyện, xã nào nên không chi được; nhập số dư qua tệp số liệu xã", src.0),
            format!("{}: the dataset gives no district or commune a balance, so it cannot be spent; import the balances with the commune file", src.1),
        ),
        K::LocalityOverdrawn { locality, holds, asked } => (
            format!("{} → “{}”: {commune} được cố định {} nhưng quỹ của {locality} chỉ còn {}", src.0, prog.0, vi(*asked), vi(*holds)),
            format!("{} → “{}”: {commune} has {} locked but the fund of {locality} holds only {}", src.1, prog.1, en(*asked), en(*holds)),
        ),
        K::LocalFundsShort { asked, holds, localities } => (
            format!("{} → “{}”: dòng cần {} nhưng quỹ của {localities} địa phương mà dòng chi tới chỉ còn {}; quỹ của địa phương nào chỉ chi tại địa phương đó", src.0, prog.0, vi(*asked), vi(*holds)),
            format!("{} → “{}”: the line asks for {} but the funds of the {localities} localities it reaches hold only {}; each locality's fund is spent only there", src.1, prog.1, en(*asked), en(*holds)),
        ),
        K::LocalFundAtProvince => (
            format!("{} → “{}”: quỹ do huyện, xã nắm giữ không thể giữ lại chi ở cấp tỉnh", src.0, prog.0),
            format!("{} → “{}”: a fund held by districts or communes cannot be kept at province level", src.1, prog.1),
        ),
        K::KeptInLocalFunds { amount } => (
            format!("{} → “{}”: {} ở lại quỹ của các huyện, xã (phần của từng nơi không đủ một đơn vị hoặc nhu cầu đã đủ); chỉ được chi tại chính nơi đó", src.0, prog.0, vi(*amount)),
            format!("{} → “{}”: {} stays in the districts' or communes' own funds (each one's part that buys no whole unit, or is beyond its demand); it may be spent only there", src.1, prog.1, en(*amount)),
        ),
        K::PlanAboveMoney { planned, money } => (
            format!("{} → “{}”: số đơn vị theo phương án cần {} nhưng dòng chỉ chi được {}; các xã vượt quá không được bố trí", src.0, prog.0, vi(*planned), vi(*money)),
            format!("{} → “{}”: the planned units cost {} but the line can pay only {}; the communes beyond it get nothing", src.1, prog.1, en(*planned), en(*money)),
        ),
        K::NoEligibleCommunes => (
            format!("{} → “{}”: quy tắc không áp dụng cho xã nào", src.0, prog.0),
            format!("{} → “{}”: the rule reaches no commune", src.1, prog.1),
        ),
    }
}
