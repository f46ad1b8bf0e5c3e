//! An amount of money in words, as official budget forms write the total under a table
//! ("Bằng chữ: …"), in Vietnamese or English.
//!
//! Vietnamese conventions followed (those of the Ministry of Finance's forms and of common
//! accounting software):
//! - numbers are read in groups of three digits with the scales *nghìn*, *triệu*, *tỷ*; above
//!   999 tỷ the count of tỷ is itself read as a number (*một nghìn tỷ*, *một triệu tỷ*);
//! - a group of zeros is skipped (1.000.000 is *một triệu*), and every group after the first
//!   is read in full, hundreds included: 1.000.001 is *một triệu, không trăm linh một*;
//! - a zero ten before a unit is *linh* (the northern form; *lẻ* in the south);
//! - after *mươi* (twenty and above) one is *mốt*, four is *tư* and five *lăm*; after *mười*
//!   (ten) five is *lăm* but one and four stay *một* and *bốn*; after *linh*, five is *năm*;
//! - the tỷ, triệu, nghìn and unit groups are separated by commas (the number of tỷ itself is
//!   read without them: *Một nghìn không trăm năm mươi bảy tỷ, bảy trăm linh tám triệu, …*);
//!   the sentence starts with a capital and ends in *đồng*; zero is *Không đồng*. No "chẵn"
//!   is added.
//!
//! English uses the short scale (thousand, million, billion, trillion), "and" before the tens
//! of each group, and hyphens (twenty-one): *One trillion, fifty-seven billion, …, six
//! hundred dong*.

use crate::format::Lang;
use crate::money::Dong;

const DIGITS_VI: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// `amount` in words in `lang`, capitalised, ending with the currency.
///
/// ```
/// use gnbv_engine::format::Lang;
/// use gnbv_engine::money::Dong;
/// use gnbv_engine::words::in_words;
/// assert_eq!(in_words(Dong::new(1_000_001), Lang::Vi), "Một triệu, không trăm linh một đồng");
/// assert_eq!(in_words(Dong::new(21_500), Lang::En), "Twenty-one thousand, five hundred dong");
/// ```
#[must_use]
pub fn in_words(amount: Dong, lang: Lang) -> String {
    let n = amount.get();
    let body = match lang {
        Lang::Vi => vietnamese(n.unsigned_abs(), ", "),
        Lang::En => english(n.unsigned_abs()),
    };
    let sign = if n < 0 { lang.pick("âm ", "minus ") } else { "" };
    let text = format!("{sign}{body} {}", lang.pick("đồng", "dong"));
    capitalise(&text)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A number in Vietnamese words (lower case), its groups joined by `separator`.
fn vietnamese(n: u64, separator: &str) -> String {
    if n == 0 {
        return DIGITS_VI[0].to_owned();
    }
    // Above a thousand tỷ, the number of tỷ is read as a number of its own.
    let (billions, rest) = (n / 1_000_000_000, n % 1_000_000_000);
    let mut parts = Vec::new();
    if billions > 0 {
        parts.push(format!("{} tỷ", vietnamese(billions, " ")));
    }
    let groups = [(rest / 1_000_000, "triệu"), (rest / 1_000 % 1_000, "nghìn"), (rest % 1_000, "")];
    for (value, scale) in groups {
        if value == 0 {
            continue;
        }
        let full = !parts.is_empty();
        let words = group_vi(value as u32, full);
        parts.push(if scale.is_empty() { words } else { format!("{words} {scale}") });
    }
    parts.join(separator)
}

/// One group of three digits; `full` reads the hundreds even when they are zero.
fn group_vi(n: u32, full: bool) -> String {
    let (hundreds, tens, units) = (n / 100, n / 10 % 10, n % 10);
    let mut words: Vec<&str> = Vec::new();
    if hundreds > 0 || full {
        words.extend([DIGITS_VI[hundreds as usize], "trăm"]);
    }
    let read_hundreds = !words.is_empty();
    match tens {
        0 if units > 0 && read_hundreds => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        t => words.extend([DIGITS_VI[t as usize], "mươi"]),
    }
    let unit = match (tens, units) {
        (_, 0) => None,
        (1.., 5) => Some("lăm"),
        (2.., 1) => Some("mốt"),
        (2.., 4) => Some("tư"),
        (_, u) => Some(DIGITS_VI[u as usize]),
    };
    words.extend(unit);
    words.join(" ")
}

const ONES_EN: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS_EN: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// A number in English words (lower case).
fn english(n: u64) -> String {
    if n == 0 {
        return ONES_EN[0].to_owned();
    }
    const SCALES: [&str; 7] = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push((rest % 1_000) as u32);
        rest /= 1_000;
    }
    let mut parts = Vec::new();
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        let words = group_en(g);
        parts.push(if SCALES[i].is_empty() { words } else { format!("{words} {}", SCALES[i]) });
    }
    parts.join(", ")
}

fn group_en(n: u32) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let below = match rest {
        0 => None,
        1..=19 => Some(ONES_EN[rest as usize].to_owned()),
        _ if rest.is_multiple_of(10) => Some(TENS_EN[(rest / 10) as usize].to_owned()),
        _ => Some(format!("{}-{}", TENS_EN[(rest / 10) as usize], ONES_EN[(rest % 10) as usize])),
    };
    match (hundreds, below) {
        (0, Some(b)) => b,
        (h, None) => format!("{} hundred", ONES_EN[h as usize]),
        (h, Some(b)) => format!("{} hundred and {b}", ONES_EN[h as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_cases() {
        let cases: &[(i64, &str)] = &[
            (0, "Không đồng"),
            (1, "Một đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (11, "Mười một đồng"),
            (14, "Mười bốn đồng"),
            (15, "Mười lăm đồng"),
            (20, "Hai mươi đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi tư đồng"),
            (25, "Hai mươi lăm đồng"),
            (105, "Một trăm linh năm đồng"),
            (101, "Một trăm linh một đồng"),
            (110, "Một trăm mười đồng"),
            (115, "Một trăm mười lăm đồng"),
            (1_000, "Một nghìn đồng"),
            (1_005, "Một nghìn, không trăm linh năm đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_000_001, "Một triệu, không trăm linh một đồng"),
            (1_001_000, "Một triệu, không trăm linh một nghìn đồng"),
            (700_000, "Bảy trăm nghìn đồng"),
            (1_500_000_000, "Một tỷ, năm trăm triệu đồng"),
            (
                1_057_708_521_600,
                "Một nghìn không trăm năm mươi bảy tỷ, bảy trăm linh tám triệu, năm trăm hai mươi mốt nghìn, sáu trăm đồng",
            ),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (1_000_000_000_000_000, "Một triệu tỷ đồng"),
            (-45, "Âm bốn mươi lăm đồng"),
        ];
        for &(n, expected) in cases {
            assert_eq!(in_words(Dong::new(n), Lang::Vi), expected, "case {n}");
        }
    }

    #[test]
    fn english_cases() {
        let cases: &[(i64, &str)] = &[
            (0, "Zero dong"),
            (15, "Fifteen dong"),
            (40, "Forty dong"),
            (105, "One hundred and five dong"),
            (1_000_001, "One million, one dong"),
            (
                1_057_708_521_600,
                "One trillion, fifty-seven billion, seven hundred and eight million, five hundred and twenty-one thousand, six hundred dong",
            ),
        ];
        for &(n, expected) in cases {
            assert_eq!(in_words(Dong::new(n), Lang::En), expected, "case {n}");
        }
    }
}
