//! Numbers as people read them: Vietnamese (`1.234.567`, `2,66 %`) or English
//! (`1,234,567`, `2.66 %`).
//!
//! Formatting lives in the engine so that the app, the CLI and the exports agree digit for
//! digit.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The two languages of the product. Vietnamese is the primary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The Vietnamese or the English of a pair, whichever is this language.
    #[must_use]
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Self::Vi => vi,
            Self::En => en,
        }
    }

    /// The BCP 47 tag, for `<html lang>`.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// Parses a BCP 47 tag (`vi`, `en`, `vi-VN`, …); `None` for anything else.
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.split(['-', '_']).next()? {
            "vi" => Some(Self::Vi),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    fn thousands(self) -> char {
        match self {
            Self::Vi => '.',
            Self::En => ',',
        }
    }

    fn decimal_point(self) -> char {
        match self {
            Self::Vi => ',',
            Self::En => '.',
        }
    }
}

/// Groups the digits of an integer in threes: `1234567` → `1.234.567` (vi), `1,234,567` (en).
///
/// # Example
/// ```
/// use gnbv_engine::format::{group, Lang};
/// assert_eq!(group(-1_234_567, Lang::Vi), "-1.234.567");
/// assert_eq!(group(999, Lang::En), "999");
/// ```
#[must_use]
pub fn group(n: i128, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(lang.thousands());
        }
        out.push(c);
    }
    out
}

/// A ratio (0.0266) as a percentage with two decimals: `2,66 %` (vi), `2.66 %` (en).
///
/// Rounds half away from zero at the second decimal of the percentage.
///
/// # Example
/// ```
/// use gnbv_engine::format::{percent, Lang};
/// use rust_decimal::Decimal;
/// assert_eq!(percent(Decimal::new(266, 4), Lang::Vi), "2,66 %");
/// assert_eq!(percent(Decimal::new(12345, 6), Lang::En), "1.23 %");
/// ```
#[must_use]
pub fn percent(ratio: Decimal, lang: Lang) -> String {
    format!("{} %", decimal(ratio * Decimal::ONE_HUNDRED, 2, lang))
}

/// A projected figure as the screens and exports write it: the median, then the P10–P90
/// interval in brackets (`2,48 % (2,47–2,49 %)` is written `2,48 % (2,47 %–2,49 %)`), each
/// value formatted by `f`.
///
/// ```
/// use gnbv_engine::format::{band, group, Lang};
/// assert_eq!(band(120, 100, 150, |v| group(v.into(), Lang::Vi)), "120 (100–150)");
/// ```
#[must_use]
pub fn band<T>(p50: T, p10: T, p90: T, f: impl Fn(T) -> String) -> String {
    format!("{} ({}–{})", f(p50), f(p10), f(p90))
}

/// An estimate (a floating-point expected value, never money) with `places` decimals, as
/// [`decimal`] writes it: the optimiser's predictions and prices.
#[must_use]
pub fn approx(value: f64, places: u32, lang: Lang) -> String {
    let places = places.min(9);
    let scaled = (value * 10f64.powi(places as i32)).round();
    let scaled = if scaled.is_finite() { scaled.clamp(-9e18, 9e18) as i64 } else { 0 };
    decimal(Decimal::new(scaled, places), places, lang)
}

/// A decimal number with exactly `places` decimals and grouped thousands.
#[must_use]
pub fn decimal(value: Decimal, places: u32, lang: Lang) -> String {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let scale = Decimal::from(10u64.pow(places));
    let abs = rounded.abs();
    let whole = abs.trunc();
    let frac = ((abs - whole) * scale).trunc();
    let whole: i128 = whole.mantissa() / 10i128.pow(whole.scale());
    let frac: i128 = frac.mantissa() / 10i128.pow(frac.scale());
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group(whole, lang));
    if places > 0 {
        out.push(lang.decimal_point());
        out.push_str(&format!("{frac:0width$}", width = places as usize));
    }
    out
}

/// A date and time as dd/mm/yyyy hh:mm (the form used in both languages here).
///
/// # Example
/// ```
/// use gnbv_engine::format::date_time;
/// assert_eq!(date_time(2019, 2, 28, 9, 5), "28/02/2019 09:05");
/// ```
#[must_use]
pub fn date_time(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{day:02}/{month:02}/{year} {hour:02}:{minute:02}")
}

/// Reads a decimal as typed in `lang` (`0,5` in Vietnamese, `0.5` in English; no thousands
/// separators). `None` if it is not one.
///
/// # Example
/// ```
/// use gnbv_engine::format::{parse_decimal, Lang};
/// use rust_decimal::Decimal;
/// assert_eq!(parse_decimal("0,5", Lang::Vi), Some(Decimal::new(5, 1)));
/// assert_eq!(parse_decimal("1.25", Lang::En), Some(Decimal::new(125, 2)));
/// assert_eq!(parse_decimal("1.25", Lang::Vi), None);
/// ```
#[must_use]
pub fn parse_decimal(text: &str, lang: Lang) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t.contains(lang.thousands()) {
        return None;
    }
    let normal = t.replace(lang.decimal_point(), ".");
    if !normal.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    normal.parse().ok()
}

/// The Vietnamese alphabet, then the letters only foreign words use.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s",
    "t", "u", "ư", "v", "x", "y", "f", "j", "w", "z",
];

/// Each vowel with its tones in dictionary order: none, huyền, sắc, hỏi, ngã, nặng.
const TONED: [(&str, &str); 12] = [
    ("a", "aàáảãạ"),
    ("ă", "ăằắẳẵặ"),
    ("â", "âầấẩẫậ"),
    ("e", "eèéẻẽẹ"),
    ("ê", "êềếểễệ"),
    ("i", "iìíỉĩị"),
    ("o", "oòóỏõọ"),
    ("ô", "ôồốổỗộ"),
    ("ơ", "ơờớởỡợ"),
    ("u", "uùúủũụ"),
    ("ư", "ưừứửữự"),
    ("y", "yỳýỷỹỵ"),
];

/// A key that sorts Vietnamese text in dictionary order: by letters of the Vietnamese
/// alphabet (`a < ă < â < b`, `d < đ`), case-insensitively, then by tones.
///
/// # Example
/// ```
/// use gnbv_engine::format::collation_key;
/// let mut names = ["Đông Hưng", "Vũ Thư", "Ân Thi", "An Bài", "Dương"];
/// names.sort_by_key(|n| collation_key(n));
/// assert_eq!(names, ["An Bài", "Ân Thi", "Dương", "Đông Hưng", "Vũ Thư"]);
/// ```
#[must_use]
pub fn collation_key(text: &str) -> (Vec<u32>, Vec<u8>) {
    let mut letters = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let (base, tone) = TONED
            .iter()
            .find_map(|(base, variants)| variants.chars().position(|v| v == c).map(|t| (*base, t as u8)))
            .unwrap_or(("", 0));
        let rank = if base.is_empty() {
            let mut buf = [0u8; 4];
            ALPHABET.iter().position(|l| *l == c.encode_utf8(&mut buf)).map_or(1000 + c as u32, |i| 100 + i as u32)
        } else {
            100 + ALPHABET.iter().position(|l| *l == base).map_or(0, |i| i as u32)
        };
        // Spaces and punctuation sort before letters.
        letters.push(if c.is_alphanumeric() { rank } else { c as u32 % 100 });
        tones.push(tone);
    }
    (letters, tones)
}

/// Plain lowercase ASCII words joined by `-`, for file names: Vietnamese letters lose their
/// tone and vowel marks (`đ` → `d`), anything else that is not a letter or digit separates words.
///
/// ```
/// assert_eq!(gnbv_engine::format::slug("Đề xuất của Sở (bản sao 2)"), "de-xuat-cua-so-ban-sao-2");
/// ```
#[must_use]
pub fn slug(text: &str) -> String {
    let plain: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            let base = TONED
                .iter()
                .find(|(_, variants)| variants.contains(c))
                .map_or(c, |(base, _)| base.chars().next().unwrap_or(c));
            match base {
                'ă' | 'â' => 'a',
                'ê' => 'e',
                'ô' | 'ơ' => 'o',
                'ư' => 'u',
                'đ' => 'd',
                other if other.is_ascii_alphanumeric() => other,
                _ => '-',
            }
        })
        .collect();
    plain.split('-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        let cases: &[(i128, &str, &str)] = &[
            (0, "0", "0"),
            (7, "7", "7"),
            (999, "999", "999"),
            (1_000, "1.000", "1,000"),
            (1_234_567, "1.234.567", "1,234,567"),
            (-1_500_000_000, "-1.500.000.000", "-1,500,000,000"),
            (i128::from(i64::MAX), "9.223.372.036.854.775.807", "9,223,372,036,854,775,807"),
        ];
        for &(n, vi, en) in cases {
            assert_eq!(group(n, Lang::Vi), vi, "case {n}");
            assert_eq!(group(n, Lang::En), en, "case {n}");
        }
    }

    #[test]
    fn formats_percentages() {
        let cases: &[(Decimal, &str, &str)] = &[
            (Decimal::new(266, 4), "2,66 %", "2.66 %"),
            (Decimal::ZERO, "0,00 %", "0.00 %"),
            (Decimal::ONE, "100,00 %", "100.00 %"),
            (Decimal::new(5, 5), "0,01 %", "0.01 %"), // 0.005 % rounds away from zero
            (Decimal::new(-5, 3), "-0,50 %", "-0.50 %"),
            (Decimal::new(123_456, 2), "123.456,00 %", "123,456.00 %"),
        ];
        for &(ratio, vi, en) in cases {
            assert_eq!(percent(ratio, Lang::Vi), vi, "case {ratio}");
            assert_eq!(percent(ratio, Lang::En), en, "case {ratio}");
        }
    }

    #[test]
    fn collates_vietnamese() {
        let cases: &[(&str, &str)] = &[
            ("a", "ă"),
            ("ă", "â"),
            ("â", "b"),
            ("d", "đ"),
            ("đ", "e"),
            ("o", "ô"),
            ("ô", "ơ"),
            ("u", "ư"),
            ("ư", "v"),
            ("ma", "mà"),
            ("mà", "má"),
            ("má", "mả"),
            ("mả", "mã"),
            ("mã", "mạ"),
            ("mạ", "mb"),
            ("An Bài", "An Bồi"),
            ("Thái Bình", "Thái Thụy"),
            ("Tây An", "Tây Sơn"),
            ("Vũ Tây", "Vũ Thư"),
            ("an", "An Bài"),
        ];
        for &(before, after) in cases {
            assert!(collation_key(before) < collation_key(after), "{before} < {after}");
        }
        assert_eq!(collation_key("Đông"), collation_key("đông"));
    }

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::from_tag("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_tag("en"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
