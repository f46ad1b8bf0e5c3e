//! The poverty standard (chuẩn nghèo) as data: income lines per area, the deprivation
//! indicators, and the rule that classifies a household as poor, near-poor or neither.
//!
//! [`PovertyStandard::qd59_2015`] is the multidimensional standard of Decision 59/2015/QĐ-TTg
//! used in 2016–2020. Another standard (the 2021–2025 one of Decree 07/2021/NĐ-CP, say) is
//! another value of the same type: different lines, indicators and clauses, no new code.

use crate::dataset::Area;
use crate::money::Dong;
use crate::provenance::{Confidence, Note};
use serde::{Deserialize, Serialize};

/// One of the five dimensions of basic social services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Y tế.
    Health,
    /// Giáo dục.
    Education,
    /// Nhà ở.
    Housing,
    /// Nước sạch và vệ sinh.
    WaterSanitation,
    /// Thông tin.
    Information,
}

/// A deprivation indicator (chỉ số đo lường mức thiếu hụt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Key, also the household file's column after `d_` (`health_insurance`).
    pub key: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
}

/// Which income line a clause compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// The poverty line (chuẩn nghèo về thu nhập).
    Poverty,
    /// The near-poverty line (chuẩn cận nghèo, mức sống tối thiểu).
    NearPoverty,
}

/// "Income at or below `line` and deprived on at least `min_deprivations` indicators."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Clause {
    /// The income line.
    pub income_at_most: Line,
    /// Least number of deprivations (0: income alone decides).
    pub min_deprivations: u8,
}

/// Monthly income lines per person for rural and urban areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lines {
    /// Nông thôn.
    pub rural: Dong,
    /// Thành thị.
    pub urban: Dong,
}

impl Lines {
    /// The line for `area`.
    #[must_use]
    pub fn of(&self, area: Area) -> Dong {
        match area {
            Area::Rural => self.rural,
            Area::Urban => self.urban,
        }
    }
}

/// A household's class under a standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Poor by income (hộ nghèo thu nhập): the first clause holds.
    PoorIncome,
    /// Poor by deprivations (hộ nghèo thiếu hụt đa chiều): another clause holds.
    PoorMultidimensional,
    /// Near-poor (hộ cận nghèo).
    NearPoor,
    /// Neither.
    NotPoor,
}

impl Class {
    /// Poor either way.
    #[must_use]
    pub fn is_poor(self) -> bool {
        matches!(self, Self::PoorIncome | Self::PoorMultidimensional)
    }
}

/// A poverty standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PovertyStandard {
    /// Identifier (`qd59-2015`).
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Poverty line per person per month.
    pub poverty_line: Lines,
    /// Near-poverty line per person per month.
    pub near_poverty_line: Lines,
    /// Deprivation indicators; a household's deprivations are bits in this order.
    pub indicators: Vec<Indicator>,
    /// Poor if any of these holds (at most two). The first is the income-poor clause.
    pub poor_if: Vec<Clause>,
    /// Otherwise near-poor if any of these holds (at most two).
    pub near_poor_if: Vec<Clause>,
    /// Legal source.
    pub note: Note,
}

impl PovertyStandard {
    /// Decision 59/2015/QĐ-TTg, 2016–2020: poor if income ≤ the poverty line, or income ≤ the
    /// near-poverty line and deprived on ≥ 3 of 10 indicators; near-poor if income ≤ the
    /// near-poverty line (and not poor).
    #[must_use]
    pub fn qd59_2015() -> Self {
        use Dimension::{Education, Health, Housing, Information, WaterSanitation};
        let indicator = |key: &str, dimension, vi: &str, en: &str| Indicator {
            key: key.to_owned(),
            dimension,
            name_vi: vi.to_owned(),
            name_en: en.to_owned(),
        };
        Self {
            id: "qd59-2015".to_owned(),
            name_vi: "Chuẩn nghèo tiếp cận đa chiều 2016–2020 (QĐ 59/2015/QĐ-TTg)".to_owned(),
            name_en: "Multidimensional poverty standard 2016–2020 (Decision 59/2015/QĐ-TTg)".to_owned(),
            poverty_line: Lines { rural: Dong::new(700_000), urban: Dong::new(900_000) },
            near_poverty_line: Lines { rural: Dong::new(1_000_000), urban: Dong::new(1_300_000) },
            indicators: vec![
                indicator("health_access", Health, "Tiếp cận dịch vụ y tế", "Access to health services"),
                indicator("health_insurance", Health, "Bảo hiểm y tế", "Health insurance"),
                indicator("adult_education", Education, "Trình độ giáo dục của người lớn", "Adult education"),
                indicator("child_schooling", Education, "Tình trạng đi học của trẻ em", "Children's school attendance"),
                indicator("housing_quality", Housing, "Chất lượng nhà ở", "Housing quality"),
                indicator("housing_area", Housing, "Diện tích nhà ở bình quân đầu người", "Housing area per person"),
                indicator("water", WaterSanitation, "Nguồn nước sinh hoạt", "Drinking water"),
                indicator("sanitation", WaterSanitation, "Hố xí/nhà tiêu hợp vệ sinh", "Hygienic latrine"),
                indicator("telecom", Information, "Sử dụng dịch vụ viễn thông", "Telecommunication services"),
                indicator("info_assets", Information, "Tài sản phục vụ tiếp cận thông tin", "Assets for information access"),
            ],
            poor_if: vec![
                Clause { income_at_most: Line::Poverty, min_deprivations: 0 },
                Clause { income_at_most: Line::NearPoverty, min_deprivations: 3 },
            ],
            near_poor_if: vec![Clause { income_at_most: Line::NearPoverty, min_deprivations: 0 }],
            note: Note::both("Decision 59/2015/QĐ-TTg (19/11/2015), Articles 1–2; lines and rule as summarised by baovinhlong.com.vn 07/12/2017", "Quyết định 59/2015/QĐ-TTg (19/11/2015), Điều 1–2; chuẩn và cách xác định theo bản tóm tắt của baovinhlong.com.vn 07/12/2017",
                Confidence::Confirmed,
            ),
        }
    }

    /// The line of a clause for `area`.
    #[must_use]
    pub fn line(&self, line: Line, area: Area) -> Dong {
        match line {
            Line::Poverty => self.poverty_line.of(area),
            Line::NearPoverty => self.near_poverty_line.of(area),
        }
    }

    /// The index of an indicator by key.
    #[must_use]
    pub fn indicator(&self, key: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.key == key)
    }

    /// Classifies one household: monthly income per person and number of deprivations.
    ///
    /// # Example
    /// ```
    /// use gnbv_engine::dataset::Area;
    /// use gnbv_engine::money::Dong;
    /// use gnbv_engine::standard::{Class, PovertyStandard};
    /// let s = PovertyStandard::qd59_2015();
    /// assert_eq!(s.classify(Area::Rural, Dong::new(700_000), 0), Class::PoorIncome);
    /// assert_eq!(s.classify(Area::Rural, Dong::new(700_001), 3), Class::PoorMultidimensional);
    /// assert_eq!(s.classify(Area::Rural, Dong::new(700_001), 2), Class::NearPoor);
    /// assert_eq!(s.classify(Area::Urban, Dong::new(1_300_001), 9), Class::NotPoor);
    /// ```
    #[must_use]
    pub fn classify(&self, area: Area, income: Dong, deprivations: u32) -> Class {
        let holds =
            |c: &Clause| income <= self.line(c.income_at_most, area) && deprivations >= u32::from(c.min_deprivations);
        match self.poor_if.iter().position(holds) {
            Some(0) => Class::PoorIncome,
            Some(_) => Class::PoorMultidimensional,
            None if self.near_poor_if.iter().any(holds) => Class::NearPoor,
            None => Class::NotPoor,
        }
    }

    /// The standard compiled for the hot loop: per area, two poor clauses and two near-poor
    /// clauses as (income threshold, least deprivations); unused clauses never hold.
    #[must_use]
    pub fn compiled(&self) -> Compiled {
        let never = (0u32, u8::MAX);
        let clauses = |cs: &[Clause], area| {
            let mut out = [never; 2];
            for (slot, c) in out.iter_mut().zip(cs) {
                let line = self.line(c.income_at_most, area).get();
                *slot = (u32::try_from(line.max(0)).unwrap_or(u32::MAX), c.min_deprivations);
            }
            out
        };
        let area = |a| CompiledArea { poor: clauses(&self.poor_if, a), near: clauses(&self.near_poor_if, a) };
        Compiled { rural: area(Area::Rural), urban: area(Area::Urban) }
    }
}

/// One area's clauses as plain integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompiledArea {
    /// Poor clauses: (income at most, deprivations at least).
    pub poor: [(u32, u8); 2],
    /// Near-poor clauses.
    pub near: [(u32, u8); 2],
}

impl CompiledArea {
    /// (poor, near-poor) for a monthly income per person and a deprivation count; no branches.
    #[inline(always)]
    #[must_use]
    pub fn flags(&self, income: u32, deprivations: u8) -> (bool, bool) {
        let hold = |(line, k): (u32, u8)| (income <= line) & (deprivations >= k);
        let poor = hold(self.poor[0]) | hold(self.poor[1]);
        let near = !poor & (hold(self.near[0]) | hold(self.near[1]));
        (poor, near)
    }

    /// The clauses widened to `u32` once, for the loops that must vectorise
    /// ([`crate::simulation::reclassify`], [`crate::simulation::classify_draw`]).
    #[must_use]
    pub fn lanes(&self) -> Lanes {
        let widen = |cs: [(u32, u8); 2]| cs.map(|(line, k)| (line, u32::from(k)));
        Lanes { poor: widen(self.poor), near: widen(self.near) }
    }

    /// Whether the first (income) poor clause holds.
    #[inline(always)]
    #[must_use]
    pub fn income_poor(&self, income: u32, deprivations: u8) -> bool {
        (income <= self.poor[0].0) & (deprivations >= self.poor[0].1)
    }
}

/// One area's clauses in `u32` lanes ([`CompiledArea::lanes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lanes {
    poor: [(u32, u32); 2],
    near: [(u32, u32); 2],
}

impl Lanes {
    /// The clauses as (line, least deprivations): the poor's, then the near-poor's (for the
    /// AVX2 build of the peers' kernel).
    #[cfg(target_arch = "x86_64")]
    #[must_use]
    pub(crate) fn clauses(&self) -> ([(u32, u32); 2], [(u32, u32); 2]) {
        (self.poor, self.near)
    }

    /// (poor, near-poor) as 0 or 1 (no `bool` arithmetic, no branches).
    #[inline(always)]
    #[must_use]
    pub fn classify(&self, income: u32, deprivations: u32) -> (u32, u32) {
        let hold = |(line, k): (u32, u32)| u32::from(income <= line) & u32::from(deprivations >= k);
        let poor = hold(self.poor[0]) | hold(self.poor[1]);
        let near = (1 - poor) & (hold(self.near[0]) | hold(self.near[1]));
        (poor, near)
    }
}

/// A standard compiled for the hot loop ([`PovertyStandard::compiled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compiled {
    /// Rural clauses.
    pub rural: CompiledArea,
    /// Urban clauses.
    pub urban: CompiledArea,
}

impl Compiled {
    /// The clauses of `area`.
    #[must_use]
    pub fn of(&self, area: Area) -> &CompiledArea {
        match area {
            Area::Rural => &self.rural,
            Area::Urban => &self.urban,
        }
    }
}
