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

    /// Formats with grouped thousands and the đồng sign: `1.500.000.000 ₫` / `1,500,000,000 ₫`.
    #[must_use]
    pub fn format(self, lang: Lang) -> String {
        format!("{} ₫", group(self.0.into(), lang))
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
    fn formats_amounts() {
        assert_eq!(Dong::new(1_500_000_000).format(Lang::Vi), "1.500.000.000 ₫");
        assert_eq!(Dong::new(-2_500).format(Lang::En), "-2,500 ₫");
    }
}
