//! Money: whole Vietnamese đồng, and the one place where a rate becomes đồng.
//!
//! The đồng has no minor unit, so amounts are `i64` counts of đồng in [`Dong`]. Arithmetic
//! comes in the flavours of the standard integers: `+`/`-` panic on overflow (a bug),
//! `checked_*` return `None`. Products of amounts and rates are exact [`Decimal`]s until
//! [`Dong::round`], the single named rounding point.

use crate::format::{group, Lang};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

/// An amount of Vietnamese đồng (₫), a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Dong(i64);

/// The largest amount a scenario may hold anywhere: one million tỷ đồng (10^15 ₫), far above
/// any provincial budget, and small enough that products with weights stay inside `u128`.
pub const MAX_AMOUNT: Dong = Dong(1_000_000_000_000_000);

impl Dong {
    /// Nothing.
    pub const ZERO: Dong = Dong(0);

    /// `n` đồng.
    #[must_use]
    pub const fn new(n: i64) -> Self {
        Self(n)
    }

    /// The number of đồng.
    #[must_use]
    pub const fn get(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    #[must_use]
    pub fn checked_add(self, other: Dong) -> Option<Dong> {
        self.0.checked_add(other.0).map(Dong)
    }

    /// `self - other`, or `None` on overflow.
    #[must_use]
    pub fn checked_sub(self, other: Dong) -> Option<Dong> {
        self.0.checked_sub(other.0).map(Dong)
    }

    /// `self × n`, or `None` on overflow.
    #[must_use]
    pub fn checked_mul(self, n: u64) -> Option<Dong> {
        i64::try_from(n).ok().and_then(|n| self.0.checked_mul(n)).map(Dong)
    }

    /// The smaller of the two.
    #[must_use]
    pub fn min(self, other: Dong) -> Dong {
        Dong(self.0.min(other.0))
    }

    /// The amount as an exact decimal.
    #[must_use]
    pub fn to_decimal(self) -> Decimal {
        Decimal::from(self.0)
    }

    /// **The rounding point**: an exact decimal amount of đồng rounded to a whole đồng, half
    /// away from zero. Every product of an amount and a rate (premium × share, points ×
    /// envelope, …) becomes money here and nowhere else.
    ///
    /// # Example
    /// ```
    /// use gnbv_engine::money::Dong;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Dong::round(Decimal::new(5445, 1)), Some(Dong::new(545)));
    /// assert_eq!(Dong::round(Decimal::new(-5, 1)), Some(Dong::new(-1)));
    /// ```
    #[must_use]
    pub fn round(amount: Decimal) -> Option<Dong> {
        let whole = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(whole).ok().map(Dong)
    }

    /// A short form for headlines: `1,5 tỷ ₫`, `250 triệu ₫` (vi) or `1.5 bn ₫`, `250 M ₫`
    /// (en), with one decimal where it is not a whole number; below a million, in full.
    #[must_use]
    pub fn format_short(self, lang: Lang) -> String {
        let (scale, vi, en) = match self.0.abs() {
            n if n >= 1_000_000_000 => (1_000_000_000, "tỷ", "bn"),
            n if n >= 1_000_000 => (1_000_000, "triệu", "M"),
            _ => return self.format(lang),
        };
        let value = (Decimal::from(self.0) / Decimal::from(scale))
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        let places = u32::from(value.fract() != Decimal::ZERO);
        let word = if lang == Lang::Vi { vi } else { en };
        format!("{} {word} ₫", crate::format::decimal(value, places, lang))
    }

    /// Formats with grouped thousands and the đồng sign: `1.500.000.000 ₫` / `1,500,000,000 ₫`.
    #[must_use]
    pub fn format(self, lang: Lang) -> String {
        format!("{} ₫", group(self.0.into(), lang))
    }
}

/// Why a typed amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing was typed.
    Empty,
    /// Not a number the way people write amounts.
    NotANumber,
    /// Below zero.
    Negative,
    /// Not a whole number of đồng.
    Fraction,
    /// Above 10^15 đồng.
    TooLarge,
}

impl AmountError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Empty, Lang::Vi) => "Hãy nhập số tiền.",
            (Self::Empty, Lang::En) => "Enter an amount.",
            (Self::NotANumber, Lang::Vi) => "Không đọc được số tiền. Ví dụ: 1.500.000.000 hoặc 1,5 tỷ.",
            (Self::NotANumber, Lang::En) => "Not an amount. For example: 1,500,000,000 or 1.5 billion.",
            (Self::Negative, Lang::Vi) => "Số tiền không được âm.",
            (Self::Negative, Lang::En) => "The amount cannot be negative.",
            (Self::Fraction, Lang::Vi) => "Số tiền phải là số đồng nguyên.",
            (Self::Fraction, Lang::En) => "The amount must be a whole number of đồng.",
            (Self::TooLarge, Lang::Vi) => "Số tiền vượt quá 10^15 đồng.",
            (Self::TooLarge, Lang::En) => "The amount is above 10^15 đồng.",
        }
    }
}

impl Dong {
    /// Reads an amount as people type it: `1.500.000.000`, `1500000000`, `1,5 tỷ`,
    /// `250 triệu`, `500 nghìn`, `2 tỷ đồng` (Vietnamese: `.` groups thousands, `,` is the
    /// decimal point), or `1,500,000,000`, `1.5 billion`, `250 million`, `500 thousand`
    /// (English). The result must be whole đồng from 0 to 10^15.
    ///
    /// # Errors
    /// Why the text is not such an amount.
    ///
    /// # Example
    /// ```
    /// use gnbv_engine::{format::Lang, money::Dong};
    /// assert_eq!(Dong::parse("1,5 tỷ", Lang::Vi), Ok(Dong::new(1_500_000_000)));
    /// assert_eq!(Dong::parse("1.500.000.000 ₫", Lang::Vi), Ok(Dong::new(1_500_000_000)));
    /// assert_eq!(Dong::parse("2.5 million", Lang::En), Ok(Dong::new(2_500_000)));
    /// ```
    pub fn parse(text: &str, lang: Lang) -> Result<Dong, AmountError> {
        let lower = text.trim().to_lowercase();
        let mut t = lower.as_str();
        for suffix in ["đồng", "dong", "vnd", "vnđ", "₫", "đ"] {
            t = t.strip_suffix(suffix).unwrap_or(t).trim_end();
        }
        if t.is_empty() {
            return Err(AmountError::Empty);
        }
        let scales: [(&str, i64); 10] = [
            ("tỷ", 1_000_000_000),
            ("tỉ", 1_000_000_000),
            ("triệu", 1_000_000),
            ("nghìn", 1_000),
            ("ngàn", 1_000),
            ("billion", 1_000_000_000),
            ("bn", 1_000_000_000),
            ("million", 1_000_000),
            ("thousand", 1_000),
            ("k", 1_000),
        ];
        let (number, scale) = scales
            .iter()
            .find_map(|(word, scale)| t.strip_suffix(word).map(|n| (n.trim_end(), *scale)))
            .unwrap_or((t, 1));
        let (group, point) = match lang {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        };
        let negative = number.starts_with('-');
        let digits = number.trim_start_matches(['-', '+']).trim();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == group || c == point || c == ' ') {
            return Err(AmountError::NotANumber);
        }
        let (whole, fraction) = match digits.split_once(point) {
            Some((w, f)) if !f.contains([point, group]) => (w, f),
            Some(_) => return Err(AmountError::NotANumber),
            None => (digits, ""),
        };
        // Thousands separators must group by three (1.500.000), or not be used at all.
        let groups: Vec<&str> = whole.split([group, ' ']).collect();
        let grouped = groups.len() > 1;
        if grouped && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
            return Err(AmountError::NotANumber);
        }
        let literal = format!("{}.{}", groups.concat(), if fraction.is_empty() { "0" } else { fraction });
        let value: Decimal = literal.parse().map_err(|_| AmountError::NotANumber)?;
        let value = value * Decimal::from(scale);
        if negative && !value.is_zero() {
            return Err(AmountError::Negative);
        }
        if value.fract() != Decimal::ZERO {
            return Err(AmountError::Fraction);
        }
        let dong = i64::try_from(value).map_err(|_| AmountError::TooLarge)?;
        if dong > MAX_AMOUNT.0 {
            return Err(AmountError::TooLarge);
        }
        Ok(Dong(dong))
    }
}

impl fmt::Display for Dong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(Lang::Vi))
    }
}

impl Add for Dong {
    type Output = Dong;
    fn add(self, other: Dong) -> Dong {
        self.checked_add(other).expect("đồng overflow")
    }
}

impl Sub for Dong {
    type Output = Dong;
    fn sub(self, other: Dong) -> Dong {
        self.checked_sub(other).expect("đồng overflow")
    }
}

impl AddAssign for Dong {
    fn add_assign(&mut self, other: Dong) {
        *self = *self + other;
    }
}

impl SubAssign for Dong {
    fn sub_assign(&mut self, other: Dong) {
        *self = *self - other;
    }
}

impl Sum for Dong {
    fn sum<I: Iterator<Item = Dong>>(iter: I) -> Dong {
        iter.fold(Dong::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Dong> for Dong {
    fn sum<I: Iterator<Item = &'a Dong>>(iter: I) -> Dong {
        iter.copied().sum()
    }
}

/// Splits `total` whole units in proportion to `weights` by the largest-remainder method.
///
/// Each share is `floor(total × wᵢ / S)`; the units this leaves over go one each to the
/// largest remainders `(total × wᵢ) mod S`, ties to the smaller `tie_keys[i]`. The shares
/// always add up to `total` exactly, a zero weight always gets zero, and the result does not
/// depend on the order of the input. Returns `None` when every weight is zero (and `total`
/// is not) or the lengths differ.
///
/// # Example
/// ```
/// use gnbv_engine::money::largest_remainder;
/// assert_eq!(largest_remainder(100, &[1, 1, 1], &[1, 2, 3]), Some(vec![34, 33, 33]));
/// assert_eq!(largest_remainder(100, &[1, 1, 1], &[3, 2, 1]), Some(vec![33, 33, 34]));
/// assert_eq!(largest_remainder(10, &[0, 5], &[0, 1]), Some(vec![0, 10]));
/// ```
#[must_use]
pub fn largest_remainder(total: u64, weights: &[u128], tie_keys: &[u64]) -> Option<Vec<u64>> {
    if weights.len() != tie_keys.len() {
        return None;
    }
    let sum: u128 = weights.iter().try_fold(0u128, |acc, w| acc.checked_add(*w))?;
    if sum == 0 {
        return (total == 0).then(|| vec![0; weights.len()]);
    }
    let total = u128::from(total);
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: u128 = 0;
    for (i, &w) in weights.iter().enumerate() {
        let product = total.checked_mul(w)?;
        let (q, r) = (product / sum, product % sum);
        given += q;
        shares.push(q as u64);
        if r > 0 {
            remainders.push((r, tie_keys[i], i));
        }
    }
    let left = (total - given) as usize;
    // Largest remainder first; among equal remainders the smaller tie key.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, _, i) in remainders.iter().take(left) {
        shares[i] += 1;
    }
    Some(shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_largest_remainder() {
        let cases: &[(u64, &[u128], &[u64], &[u64])] = &[
            (100, &[1, 1, 1], &[1, 2, 3], &[34, 33, 33]),
            (100, &[1, 1, 1], &[2, 1, 3], &[33, 34, 33]),
            (0, &[1, 2], &[1, 2], &[0, 0]),
            (10, &[0, 0, 1], &[1, 2, 3], &[0, 0, 10]),
            (7, &[2, 3, 5], &[1, 2, 3], &[1, 2, 4]), // 1.4, 2.1, 3.5 → remainders .4 .1 .5
            (1, &[1, 1], &[9, 8], &[0, 1]),
            (u64::MAX / 1024, &[u128::from(u64::MAX), 1], &[1, 2], &[u64::MAX / 1024, 0]),
        ];
        for &(total, weights, keys, expected) in cases {
            assert_eq!(largest_remainder(total, weights, keys).as_deref(), Some(expected), "case {total} {weights:?}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_split() {
        assert_eq!(largest_remainder(5, &[0, 0], &[1, 2]), None);
        assert_eq!(largest_remainder(5, &[1], &[1, 2]), None);
        assert_eq!(largest_remainder(0, &[], &[]), Some(vec![]));
    }

    #[test]
    fn rounds_once_half_away_from_zero() {
        let cases: &[(Decimal, i64)] = &[
            (Decimal::new(5, 1), 1),
            (Decimal::new(49, 2), 0),
            (Decimal::new(-15, 1), -2),
            (Decimal::new(7776, 1), 778),
            (Decimal::from(62_550) * Decimal::new(7, 1), 43_785),
        ];
        for &(x, expected) in cases {
            assert_eq!(Dong::round(x), Some(Dong::new(expected)), "case {x}");
        }
        assert_eq!(Dong::round(Decimal::MAX), None);
    }

    #[test]
    fn parses_amounts_as_people_type_them() {
        use AmountError::*;
        let cases: &[(&str, Lang, Result<i64, AmountError>)] = &[
            ("1.500.000.000", Lang::Vi, Ok(1_500_000_000)),
            ("1500000000", Lang::Vi, Ok(1_500_000_000)),
            ("1,5 tỷ", Lang::Vi, Ok(1_500_000_000)),
            ("1,5 tỉ đồng", Lang::Vi, Ok(1_500_000_000)),
            ("250 triệu", Lang::Vi, Ok(250_000_000)),
            ("2,25 triệu ₫", Lang::Vi, Ok(2_250_000)),
            ("500 nghìn", Lang::Vi, Ok(500_000)),
            ("  7.000 đ ", Lang::Vi, Ok(7_000)),
            ("0", Lang::Vi, Ok(0)),
            ("1 500 000", Lang::Vi, Ok(1_500_000)),
            ("1,500,000,000", Lang::En, Ok(1_500_000_000)),
            ("1.5 billion", Lang::En, Ok(1_500_000_000)),
            ("250 million", Lang::En, Ok(250_000_000)),
            ("12k", Lang::En, Ok(12_000)),
            ("", Lang::Vi, Err(Empty)),
            ("₫", Lang::Vi, Err(Empty)),
            ("abc", Lang::Vi, Err(NotANumber)),
            ("1.50.000", Lang::Vi, Err(NotANumber)),
            ("1,5,0", Lang::Vi, Err(NotANumber)),
            ("1.5", Lang::Vi, Err(NotANumber)), // a Vietnamese “.” groups thousands
            ("1,5", Lang::Vi, Err(Fraction)),
            ("1.5", Lang::En, Err(Fraction)),
            ("-5", Lang::Vi, Err(Negative)),
            ("-5 triệu", Lang::Vi, Err(Negative)),
            ("2.000.000 tỷ", Lang::Vi, Err(TooLarge)),
            ("99999999999999999999999", Lang::Vi, Err(TooLarge)),
        ];
        for (text, lang, expected) in cases {
            assert_eq!(Dong::parse(text, *lang), expected.map(Dong::new), "case {text:?} {lang:?}");
        }
        for e in [Empty, NotANumber, Negative, Fraction, TooLarge] {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
    }

    #[test]
    fn formats_amounts() {
        assert_eq!(Dong::new(1_500_000_000).format_short(Lang::Vi), "1,5 tỷ ₫");
        assert_eq!(Dong::new(13_393_000_000).format_short(Lang::En), "13.4 bn ₫");
        assert_eq!(Dong::new(250_000_000).format_short(Lang::Vi), "250 triệu ₫");
        assert_eq!(Dong::new(2_000_000_000_000).format_short(Lang::Vi), "2.000 tỷ ₫");
        assert_eq!(Dong::new(7_500).format_short(Lang::Vi), "7.500 ₫");
        assert_eq!(Dong::new(1_500_000_000).format(Lang::Vi), "1.500.000.000 ₫");
        assert_eq!(Dong::new(-2_500).format(Lang::En), "-2,500 ₫");
    }
}
