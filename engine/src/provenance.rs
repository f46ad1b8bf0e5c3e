//! Where a figure comes from: published, derived from published figures, or illustrative.
//!
//! The built-in dataset mixes a handful of published figures with calibrated, illustrative
//! counts. Every screen and export must be able to say which is which, so the dataset answers
//! [`Provenance`] for every (scope, field) pair.

use crate::format::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a figure can be trusted as a statement about the real world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Read in a public source (công bố).
    Published,
    /// Arithmetic on published figures (suy ra).
    Derived,
    /// Made up to be plausible and consistent with the published figures (minh họa).
    Illustrative,
}

impl Provenance {
    /// Parses the word used in the dataset files.
    #[must_use]
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "published" => Some(Self::Published),
            "derived" => Some(Self::Derived),
            "illustrative" => Some(Self::Illustrative),
            _ => None,
        }
    }

    /// True for figures that stand for real-world values (published or derived from them).
    #[must_use]
    pub fn is_real(self) -> bool {
        !matches!(self, Self::Illustrative)
    }

    /// Short mark and full label in `lang` (`CB`/`P`: published, `SR`/`D`: derived, `MH`/`I`:
    /// illustrative), as the screens and exports show them beside a figure.
    #[must_use]
    pub fn mark(self, lang: Lang) -> (&'static str, &'static str) {
        let (vi, en) = match self {
            Self::Published => (("CB", "Số liệu công bố"), ("P", "Published figure")),
            Self::Derived => (("SR", "Suy ra từ số liệu công bố"), ("D", "Derived from published figures")),
            Self::Illustrative => (("MH", "Số liệu minh họa"), ("I", "Illustrative figure")),
        };
        lang.pick(vi, en)
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Published => "published",
            Self::Derived => "derived",
            Self::Illustrative => "illustrative",
        })
    }
}

/// The confidence tags of `shared/domain/facts.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Confirmed in a stored copy of the source.
    #[serde(rename = "C")]
    Confirmed,
    /// Confirmed in a secondary source (news, aggregator) or slightly ambiguous.
    #[serde(rename = "C~")]
    Secondary,
    /// Arithmetic from confirmed numbers.
    #[serde(rename = "D")]
    Derived,
    /// Recalled, high confidence.
    #[serde(rename = "R high")]
    RecalledHigh,
    /// Recalled, medium confidence.
    #[serde(rename = "R med")]
    RecalledMedium,
    /// Recalled, low confidence.
    #[serde(rename = "R low")]
    RecalledLow,
}

impl Confidence {
    /// Parses a tag as written in facts.md (`C`, `C~`, `D`, `R high`, `R med`, `R low`).
    #[must_use]
    pub fn parse(tag: &str) -> Option<Self> {
        match tag {
            "C" => Some(Self::Confirmed),
            "C~" => Some(Self::Secondary),
            "D" => Some(Self::Derived),
            "R high" => Some(Self::RecalledHigh),
            "R med" => Some(Self::RecalledMedium),
            "R low" => Some(Self::RecalledLow),
            _ => None,
        }
    }

    /// The tag as written in facts.md.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::Confirmed => "C",
            Self::Secondary => "C~",
            Self::Derived => "D",
            Self::RecalledHigh => "R high",
            Self::RecalledMedium => "R med",
            Self::RecalledLow => "R low",
        }
    }

    /// What the tag means, in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::Confirmed => ("Đã đối chiếu với văn bản gốc", "Confirmed in the source"),
            Self::Secondary => ("Đối chiếu qua nguồn thứ cấp", "Confirmed in a secondary source"),
            Self::Derived => ("Tính từ số liệu đã đối chiếu", "Arithmetic from confirmed figures"),
            Self::RecalledHigh => ("Theo trí nhớ, tin cậy cao", "Recalled, high confidence"),
            Self::RecalledMedium => ("Theo trí nhớ, tin cậy vừa", "Recalled, medium confidence"),
            Self::RecalledLow => ("Theo trí nhớ, tin cậy thấp", "Recalled, low confidence"),
        };
        lang.pick(vi, en)
    }
}

/// Where a default parameter comes from and how sure it is: carried from
/// `shared/domain/facts.md` into the scenario, the screens and the exports, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Source or rationale, in a sentence, in English.
    pub text: String,
    /// The same in Vietnamese. Absent in notes written in one language (a user's own, or a
    /// file from before notes were bilingual): that text is then shown in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_vi: Option<String>,
    /// Confidence tag.
    pub confidence: Confidence,
}

impl Note {
    /// A note in one language, with its confidence tag.
    #[must_use]
    pub fn new(text: &str, confidence: Confidence) -> Self {
        Self { text: text.to_owned(), text_vi: None, confidence }
    }

    /// A note in English and Vietnamese, with its confidence tag.
    #[must_use]
    pub fn both(en: &str, vi: &str, confidence: Confidence) -> Self {
        Self { text: en.to_owned(), text_vi: Some(vi.to_owned()), confidence }
    }

    /// The note with a sentence added to each language's text (to the one text of a
    /// one-language note), tag unchanged.
    #[must_use]
    pub fn with_addendum(&self, en: &str, vi: &str) -> Self {
        Self {
            text: format!("{}{en}", self.text),
            text_vi: self.text_vi.as_ref().map(|t| format!("{t}{vi}")),
            confidence: self.confidence,
        }
    }

    /// The text in `lang` (the one text there is, for a note in one language).
    #[must_use]
    pub fn text(&self, lang: Lang) -> &str {
        match (lang, &self.text_vi) {
            (Lang::Vi, Some(vi)) => vi,
            _ => &self.text,
        }
    }
}
