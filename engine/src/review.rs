//! The household review (rà soát) as the planner's one population.
//!
//! A province's review file lists every household. Once it is imported, its counts per commune
//! (poor by income and by deprivations, near-poor, households, people, and the escaped and
//! social-policy households where the file records them) replace the dataset's, so that the
//! baseline, the allocation's criteria, the entitlements, the proposal and the projection all
//! describe the same households. This module:
//!
//! - counts a file per commune ([`tally`]);
//! - says what a planner must know before using it ([`Review`]): the communes it does not
//!   cover, the columns it lacks, and where it disagrees with the published anchors
//!   ([`Finding`]);
//! - builds the dataset on it ([`Review::apply`]), keeping the dataset's counts for uncovered
//!   communes only when the planner chose to ([`Uncovered`]);
//! - keeps a read file as compact columns ([`HouseholdFile::to_bytes`]) for the browser's
//!   storage and its workers, checked on the way back ([`HouseholdFile::from_bytes`]).

use crate::dataset::{CommuneCode, Counts, Dataset, Field, HouseholdOrigin, Scope};
use crate::format::{group, percent, Lang};
use crate::households::{flag, HouseholdError, Households, Segment};
use crate::rng::{fnv1a, FNV_OFFSET};
use crate::standard::{Class, PovertyStandard};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// A household file, read and checked: its name, fingerprint and households.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFile {
    /// The file's name as the user chose it.
    pub name: String,
    /// FNV-1a 64 of its households as columns ([`HouseholdFile::to_bytes`]' body): two files
    /// with the same households have the same fingerprint, whatever their line endings or
    /// column order.
    pub fingerprint: u64,
    /// The households.
    pub households: Households,
}

/// The first bytes of a stored household file, and its layout's version.
const MAGIC: &[u8; 8] = b"GNBVHH\x00\x01";

impl HouseholdFile {
    /// The file `name` with `households`, fingerprinted.
    #[must_use]
    pub fn new(name: &str, households: Households) -> Self {
        let fingerprint = body_fingerprint(&households);
        Self { name: name.to_owned(), fingerprint, households }
    }

    /// Reads a household file's text (`docs/households.md`) for `dataset`.
    ///
    /// # Errors
    /// Every problem found with its line and column ([`Households::from_csv`]).
    pub fn parse(
        name: &str,
        text: &str,
        dataset: &Dataset,
        standard: &PovertyStandard,
    ) -> Result<Self, Vec<HouseholdError>> {
        Households::from_csv(text, dataset, standard).map(|h| Self::new(name, h))
    }

    /// The fingerprint as 16 lowercase hex digits, as links and screens show it.
    #[must_use]
    pub fn fingerprint_hex(&self) -> String {
        format!("{:016x}", self.fingerprint)
    }

    /// The households as bytes, for the browser's storage and its workers: a header (layout
    /// version, fingerprint, the units they were read for, the name) and the columns, little
    /// endian. [`HouseholdFile::from_bytes`] reads them back. A file read without its ids
    /// ([`HouseholdFile::from_bytes_without_ids`]) is not written again: its body would not
    /// match its fingerprint (checked in debug builds).
    #[must_use]
    pub fn to_bytes(&self, dataset: &Dataset) -> Vec<u8> {
        let body = body(&self.households);
        debug_assert_eq!(fnv1a(FNV_OFFSET, &body), self.fingerprint, "written as read");
        let mut out = Vec::with_capacity(body.len() + 64 + self.name.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        out.extend_from_slice(&units(dataset).to_le_bytes());
        out.extend_from_slice(&(self.name.len() as u32).to_le_bytes());
        out.extend_from_slice(self.name.as_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// Reads what [`HouseholdFile::to_bytes`] wrote, for `dataset`'s units.
    ///
    /// # Errors
    /// The bytes are not a stored household file of this layout, were stored for other
    /// units, are cut short, or do not match their fingerprint (damaged).
    pub fn from_bytes(bytes: &[u8], dataset: &Dataset) -> Result<Self, StoredError> {
        Self::read(bytes, dataset, true)
    }

    /// As [`HouseholdFile::from_bytes`], leaving out the households' ids (`ids: None`): what
    /// the counts and the projection need, read faster (the ids are still checked against
    /// the fingerprint).
    ///
    /// # Errors
    /// As [`HouseholdFile::from_bytes`].
    pub fn from_bytes_without_ids(bytes: &[u8], dataset: &Dataset) -> Result<Self, StoredError> {
        Self::read(bytes, dataset, false)
    }

    fn read(bytes: &[u8], dataset: &Dataset, with_ids: bool) -> Result<Self, StoredError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(StoredError::NotStored);
        }
        let fingerprint = r.u64()?;
        if r.u64()? != units(dataset) {
            return Err(StoredError::OtherUnits);
        }
        let name_len = r.u32()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?).map_err(|_| StoredError::Damaged)?.to_owned();
        let body = &bytes[r.at..];
        if fnv1a(FNV_OFFSET, body) != fingerprint {
            return Err(StoredError::Damaged);
        }
        let households = read_body(body, dataset.communes().len(), with_ids)?;
        Ok(Self { name, fingerprint, households })
    }
}

/// Why stored household bytes cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredError {
    /// Not a stored household file (or of another layout).
    NotStored,
    /// Stored for another list of communes.
    OtherUnits,
    /// Cut short or changed since it was stored.
    Damaged,
}

impl StoredError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Self::NotStored => lang.pick(
                "dữ liệu đã lưu không phải tệp hộ gia đình của phiên bản này",
                "the stored data is not a household file of this version",
            ),
            Self::OtherUnits => lang.pick(
                "tệp hộ gia đình đã lưu được đọc cho danh sách xã khác",
                "the stored household file was read for another list of communes",
            ),
            Self::Damaged => lang.pick("tệp hộ gia đình đã lưu bị hỏng", "the stored household file is damaged"),
        }
    }
}

impl fmt::Display for StoredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

/// FNV-1a of the dataset's commune codes in order: household rows hold commune indices, which
/// mean the same only for the same list.
fn units(dataset: &Dataset) -> u64 {
    dataset.communes().iter().fold(FNV_OFFSET, |h, c| fnv1a(h, &c.code.0.to_le_bytes()))
}

/// The columns of `h` as bytes: counts, then each column, then the ids (lengths, then text).
fn body(h: &Households) -> Vec<u8> {
    let ids = h.ids.as_deref().unwrap_or_default();
    let id_bytes: usize = ids.iter().map(|i| i.len()).sum();
    let mut out = Vec::with_capacity(16 + h.len() * 16 + id_bytes);
    write_body(h, |bytes| out.extend_from_slice(bytes));
    out
}

/// FNV-1a of [`body`], without building it.
fn body_fingerprint(h: &Households) -> u64 {
    let mut hash = FNV_OFFSET;
    write_body(h, |bytes| hash = fnv1a(hash, bytes));
    hash
}

/// Hands the body's bytes to `emit`, in order: counts, then each column, then the ids
/// (lengths, then text).
fn write_body(h: &Households, mut emit: impl FnMut(&[u8])) {
    let ids = h.ids.as_deref().unwrap_or_default();
    emit(&(h.len() as u32).to_le_bytes());
    emit(&[h.recorded, u8::from(h.ids.is_some())]);
    h.commune.iter().for_each(|v| emit(&v.to_le_bytes()));
    emit(&h.members);
    h.income.iter().for_each(|v| emit(&v.to_le_bytes()));
    h.deprivations.iter().for_each(|v| emit(&v.to_le_bytes()));
    h.causes.iter().for_each(|v| emit(&v.to_le_bytes()));
    emit(&h.flags);
    if h.ids.is_some() {
        ids.iter().for_each(|i| emit(&(i.len() as u32).to_le_bytes()));
        ids.iter().for_each(|i| emit(i.as_bytes()));
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], StoredError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(StoredError::Damaged)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, StoredError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| StoredError::Damaged)?))
    }
    fn u64(&mut self) -> Result<u64, StoredError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| StoredError::Damaged)?))
    }
    fn column<const W: usize, T>(&mut self, n: usize, f: impl Fn([u8; W]) -> T) -> Result<Vec<T>, StoredError> {
        let bytes = self.take(n.checked_mul(W).ok_or(StoredError::Damaged)?)?;
        Ok(bytes.chunks_exact(W).map(|c| f(c.try_into().expect("chunks of W bytes"))).collect())
    }
}

fn read_body(body: &[u8], communes: usize, with_ids: bool) -> Result<Households, StoredError> {
    let mut r = Reader { bytes: body, at: 0 };
    let n = r.u32()? as usize;
    let recorded = r.take(1)?[0];
    let has_ids = r.take(1)?[0] == 1;
    let commune = r.column(n, u16::from_le_bytes)?;
    let members = r.take(n)?.to_vec();
    let income = r.column(n, u32::from_le_bytes)?;
    let deprivations = r.column(n, u16::from_le_bytes)?;
    let causes = r.column(n, u16::from_le_bytes)?;
    let flags = r.take(n)?.to_vec();
    let ids = if has_ids {
        let lengths = r.column(n, u32::from_le_bytes)?;
        let total = lengths.iter().try_fold(0usize, |a, &l| a.checked_add(l as usize)).ok_or(StoredError::Damaged)?;
        let text = r.take(total)?;
        with_ids
            .then(|| {
                let mut at = 0;
                lengths
                    .iter()
                    .map(|&len| {
                        let id = std::str::from_utf8(&text[at..at + len as usize]).map_err(|_| StoredError::Damaged);
                        at += len as usize;
                        id.map(Box::<str>::from)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
    } else {
        None
    };
    if r.at != body.len() || commune.iter().any(|&c| usize::from(c) >= communes) || members.contains(&0) {
        return Err(StoredError::Damaged);
    }
    let deprivation_count = deprivations.iter().map(|d| d.count_ones() as u8).collect();
    let mut households = Households::default();
    households.commune = commune;
    households.members = members;
    households.income = income;
    households.deprivations = deprivations;
    households.deprivation_count = deprivation_count;
    households.causes = causes;
    households.flags = flags;
    households.ids = ids;
    households.recorded = recorded;
    let segments: Vec<Segment> = households.runs().ok_or(StoredError::Damaged)?;
    Ok(households.with_segments(segments))
}

/// What a household file says about one commune.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CommuneTally {
    /// Households (rows).
    pub households: u64,
    /// Their members.
    pub people: u64,
    /// Poor by income.
    pub poor_income: u64,
    /// Poor by deprivations (income above the line).
    pub poor_multidimensional: u64,
    /// Near-poor.
    pub near_poor: u64,
    /// Flagged as escaped last year.
    pub escaped: u64,
    /// Not poor and flagged as on social protection: the electricity support's social-policy
    /// households ([`Counts::social_protection`]).
    pub social_policy: u64,
}

/// Counts `households` per commune of `dataset` (indexed like `dataset.communes()`) under
/// `standard`, with no intervention: the baseline the file describes.
#[must_use]
pub fn tally(households: &Households, dataset: &Dataset, standard: &PovertyStandard) -> Vec<CommuneTally> {
    let mut out = vec![CommuneTally::default(); dataset.communes().len()];
    for s in households.segments() {
        let Some(t) = out.get_mut(usize::from(s.commune)) else { continue };
        for i in s.start as usize..s.end as usize {
            t.households += 1;
            t.people += u64::from(households.members[i]);
            let income = crate::money::Dong::new(i64::from(households.income[i]));
            let class = standard.classify(s.area, income, u32::from(households.deprivation_count[i]));
            match class {
                Class::PoorIncome => t.poor_income += 1,
                Class::PoorMultidimensional => t.poor_multidimensional += 1,
                Class::NearPoor => t.near_poor += 1,
                Class::NotPoor => {}
            }
            let poor = matches!(class, Class::PoorIncome | Class::PoorMultidimensional);
            let flags = households.flags[i];
            t.escaped += u64::from(flags & flag::ESCAPED != 0);
            t.social_policy += u64::from(!poor && flags & flag::SOCIAL_PROTECTION != 0);
        }
    }
    out
}

/// What to do with communes a household file does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncovered {
    /// Keep the dataset's counts for them (each is marked as such).
    Keep,
    /// Refuse the file.
    Refuse,
}

/// A rate differs from its anchor by more than this many percentage points: the plan's own
/// yearly target (0.5 points) is the size of change that matters.
const RATE_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// A count differs from its anchor by more than this share (10 %).
const COUNT_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

/// Something a planner must know about a household file before using it. None of these
/// changes a figure by itself: the screen shows them with the choice to use the file or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// The file has no column for escaped or social-policy households: the dataset's counts
    /// are kept for them (capped by the file's non-poor households).
    ColumnAbsent {
        /// The missing column.
        column: &'static str,
        /// The dataset's count kept, province total.
        kept: u64,
    },
    /// A commune has more households in the file than people in the dataset.
    MoreHouseholdsThanPeople {
        /// The commune.
        commune: CommuneCode,
        /// Households in the file.
        households: u64,
        /// People in the dataset.
        people: u64,
    },
    /// A published figure the file contradicts.
    AnchorDiffers {
        /// Where.
        scope: Scope,
        /// What.
        field: Field,
        /// The published value (rates in percent, as published).
        published: Decimal,
        /// The file's, in the same unit.
        file: Decimal,
    },
    /// The province's poor rate in the file is far from the dataset's (end-2018, the plan's
    /// baseline).
    ProvinceRate {
        /// The dataset's rate, in percent (3.16 for 3.16 %).
        dataset: Decimal,
        /// The file's, %.
        file: Decimal,
    },
}

impl Finding {
    /// The finding in `lang`, naming units as `dataset` does.
    #[must_use]
    pub fn message(&self, dataset: &Dataset, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let value = |field: Field, v: Decimal| {
            if field.is_rate() {
                percent(v / Decimal::ONE_HUNDRED, lang)
            } else {
                group(v.try_into().unwrap_or(0), lang)
            }
        };
        match self {
            Self::ColumnAbsent { column, kept } if vi => format!(
                "Tệp không có cột {column}: giữ số của bộ số liệu ({} hộ toàn tỉnh).",
                group((*kept).into(), lang)
            ),
            Self::ColumnAbsent { column, kept } => format!(
                "The file has no {column} column: the dataset's counts are kept ({} households in the province).",
                group((*kept).into(), lang)
            ),
            Self::MoreHouseholdsThanPeople { commune, households, people } => {
                let name = dataset.commune(*commune).map_or_else(|| commune.to_string(), |c| c.full_name());
                let (h, p) = (group((*households).into(), lang), group((*people).into(), lang));
                if vi {
                    format!("{name}: tệp có {h} hộ, nhiều hơn số nhân khẩu của bộ số liệu ({p} người).")
                } else {
                    format!("{name}: the file has {h} households, more than the dataset's {p} people.")
                }
            }
            Self::AnchorDiffers { scope, field, published, file } => {
                let place = scope_name(dataset, *scope, lang);
                let (p, f) = (value(*field, *published), value(*field, *file));
                let label = field.label(lang);
                if vi {
                    format!("{place}, {label}: tệp cho {f}, số liệu công bố là {p}.")
                } else {
                    format!("{place}, {label}: the file gives {f}, the published figure is {p}.")
                }
            }
            Self::ProvinceRate { dataset: d, file } if vi => format!(
                "Tỷ lệ hộ nghèo toàn tỉnh theo tệp là {}, bộ số liệu (cuối năm 2018) là {}.",
                percent(*file / Decimal::ONE_HUNDRED, lang),
                percent(*d / Decimal::ONE_HUNDRED, lang)
            ),
            Self::ProvinceRate { dataset: d, file } => format!(
                "The province's poor rate in the file is {}, the dataset's (end-2018) {}.",
                percent(*file / Decimal::ONE_HUNDRED, lang),
                percent(*d / Decimal::ONE_HUNDRED, lang)
            ),
        }
    }
}

fn scope_name(dataset: &Dataset, scope: Scope, lang: Lang) -> String {
    match scope {
        Scope::Province => format!("{} {}", lang.pick("Tỉnh", "Province of"), dataset.province_name()),
        Scope::District(code) => dataset.district(code).map_or_else(|| code.to_string(), |d| d.full_name()),
        Scope::Commune(code) => dataset.commune(code).map_or_else(|| code.to_string(), |c| c.full_name()),
    }
}

/// A household file looked over against the dataset it would replace the counts of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The file's name.
    pub file: String,
    /// Its fingerprint.
    pub fingerprint: u64,
    /// Its households.
    pub households: u64,
    /// Communes with at least one household in the file.
    pub covered: usize,
    /// Communes without any, in GSO order.
    pub uncovered: Vec<CommuneCode>,
    /// What the planner must know.
    pub findings: Vec<Finding>,
    /// The counts the file gives each commune (in the dataset's order; `None`: not covered).
    pub counts: Vec<Option<Counts>>,
}

impl Review {
    /// Looks `file` over against `base` (the built-in or a commune file's dataset).
    #[must_use]
    pub fn of(base: &Dataset, file: &HouseholdFile, standard: &PovertyStandard) -> Self {
        let tallies = tally(&file.households, base, standard);
        let recorded = file.households.recorded;
        let mut findings = Vec::new();
        let mut kept = [0u64; 2];
        let counts: Vec<Option<Counts>> = base
            .communes()
            .iter()
            .zip(&tallies)
            .map(|(c, t)| {
                if t.households == 0 {
                    return None;
                }
                let poor = t.poor_income + t.poor_multidimensional;
                let room = t.households - poor;
                let escaped = if recorded & flag::ESCAPED != 0 {
                    t.escaped
                } else {
                    let k = c.counts.escaped_last_year.min(room);
                    kept[0] += k;
                    k
                };
                let social_protection = if recorded & flag::SOCIAL_PROTECTION != 0 {
                    t.social_policy
                } else {
                    let k = c.counts.social_protection.min(room);
                    kept[1] += k;
                    k
                };
                if t.households > c.counts.people {
                    findings.push(Finding::MoreHouseholdsThanPeople {
                        commune: c.code,
                        households: t.households,
                        people: c.counts.people,
                    });
                }
                Some(Counts {
                    people: t.people,
                    households: t.households,
                    poor_income: t.poor_income,
                    poor_multidimensional: t.poor_multidimensional,
                    near_poor: t.near_poor,
                    escaped_last_year: escaped,
                    social_protection,
                    ..c.counts
                })
            })
            .collect();
        let absent =
            [(flag::ESCAPED, "escaped_last_year", kept[0]), (flag::SOCIAL_PROTECTION, "social_protection", kept[1])]
                .into_iter()
                .filter(|(bit, ..)| recorded & bit == 0)
                .map(|(_, column, kept)| Finding::ColumnAbsent { column, kept });
        let findings: Vec<Finding> = absent.chain(findings).collect();
        let uncovered: Vec<CommuneCode> =
            base.communes().iter().zip(&counts).filter(|(_, c)| c.is_none()).map(|(c, _)| c.code).collect();
        let mut review = Self {
            file: file.name.clone(),
            fingerprint: file.fingerprint,
            households: file.households.len() as u64,
            covered: counts.len() - uncovered.len(),
            uncovered,
            findings,
            counts,
        };
        // Anchors: what the dataset with the file's counts would say against what was published.
        let applied = review.dataset(base);
        let percent_of = |field: Field, v: Decimal| if field.is_rate() { v * Decimal::ONE_HUNDRED } else { v };
        for p in base.published() {
            let Some(file_value) = applied.counts(p.scope).and_then(|c| c.get(p.field)) else { continue };
            let file_value = percent_of(p.field, file_value);
            let differs = if p.field.is_rate() {
                (file_value - p.value).abs() > RATE_TOLERANCE
            } else {
                if p.value.is_zero() {
                    !file_value.is_zero()
                } else {
                    ((file_value - p.value) / p.value).abs() > COUNT_TOLERANCE
                }
            };
            if differs {
                review.findings.push(Finding::AnchorDiffers {
                    scope: p.scope,
                    field: p.field,
                    published: p.value,
                    file: file_value.round_dp(2),
                });
            }
        }
        let rate = |c: Counts| c.get(Field::PoorRate).map(|r| percent_of(Field::PoorRate, r));
        if let (Some(d), Some(f)) = (rate(base.province_counts()), rate(applied.province_counts())) {
            if (f - d).abs() > RATE_TOLERANCE {
                review.findings.push(Finding::ProvinceRate { dataset: d.round_dp(2), file: f.round_dp(2) });
            }
        }
        review
    }

    /// Whether the planner must decide before the file is used: it leaves communes uncovered,
    /// or contradicts the anchors (a missing optional column is only said).
    #[must_use]
    pub fn needs_decision(&self) -> bool {
        !self.uncovered.is_empty() || self.findings.iter().any(|f| !matches!(f, Finding::ColumnAbsent { .. }))
    }

    /// The dataset on the file's counts, keeping `base`'s for uncovered communes.
    fn dataset(&self, base: &Dataset) -> Dataset {
        let origin = HouseholdOrigin {
            file: self.file.clone(),
            fingerprint: self.fingerprint,
            households: self.households,
            kept: {
                let mut kept = self.uncovered.clone();
                kept.sort_unstable();
                kept
            },
        };
        base.with_population(&self.counts, origin)
    }

    /// The dataset whose counts come from the file: the one population every screen, the
    /// allocation, the proposal and the projection then use.
    ///
    /// # Errors
    /// [`Refusal::Uncovered`] when communes are not covered and the planner chose
    /// [`Uncovered::Refuse`].
    pub fn apply(&self, base: &Dataset, uncovered: Uncovered) -> Result<Dataset, Refusal> {
        if uncovered == Uncovered::Refuse && !self.uncovered.is_empty() {
            return Err(Refusal::Uncovered(self.uncovered.len()));
        }
        Ok(self.dataset(base))
    }
}

/// Why a reviewed household file is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This many communes have no household in the file, and the planner chose to refuse.
    Uncovered(usize),
}

impl Refusal {
    /// The message in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        match self {
            Self::Uncovered(n) => match lang {
                Lang::Vi => format!(
                    "Không dùng tệp: {} xã không có hộ nào trong tệp. Chọn giữ số liệu của bộ số liệu cho các xã này để dùng tệp.",
                    group(n as i128, lang)
                ),
                Lang::En => format!(
                    "The file is not used: {} communes have no household in it. Choose to keep the dataset's counts for them to use it.",
                    group(n as i128, lang)
                ),
            },
        }
    }
}
