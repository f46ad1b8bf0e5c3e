//! Share links: a whole scenario in the URL fragment, `#s=<version>.<payload>`, so a colleague
//! opens exactly the same plan with no server involved.
//!
//! Versions 1 to 5 share one layout and differ only in their frozen base scenario
//! (`docs/links.md` is the specification):
//!
//! ```text
//! payload = base64url, no padding, of
//!     u32 LE  length of the deflated body in bytes
//!     u32 LE  CRC-32 (IEEE) of the deflated body
//!     body    raw deflate of the JSON {"d": dataset id, "h": dataset fingerprint (16 hex),
//!                                      "p": {changes}, "o": [[line indices], [commune codes],
//!                                      [amounts], [reason indices]], "r": [reasons]}
//! ```
//!
//! `o` and `r` (absent when empty) are the locked overrides, in columns; `p` is what else
//! differs from the **frozen base scenario of the link version**
//! (`engine/data/links/base-v<N>.json`, the built-in defaults when version N was released), as
//! nested changes: objects with the same keys and arrays of the same length become an object of
//! their changed members (array indices as keys, `{"lines": {"3": {"amount": 5}}}`), anything
//! else is the new value (an object or array wrapped as `{"=": value}`). Because each base is frozen, a
//! link decodes to the same scenario forever, whatever later releases change in the defaults
//! (they add a version with its own base and keep the older ones). The corpus in `tests/links/`
//! holds that promise.
//!
//! Decoding checks, in order, and stops at the first problem: a scenario parameter is present,
//! the version is known, the payload is not oversized, it is valid base64url, it is complete
//! (length), intact (CRC), inflates within [`MAX_INFLATED`] bytes (a decompression bomb is
//! stopped there), is the JSON above, the patch applies, the link is for the loaded dataset and
//! its figures (fingerprint), and the scenario validates.

use crate::dataset::Dataset;
use crate::format::Lang;
use crate::scenario::{Scenario, ScenarioError};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The link format this engine writes. Every earlier version still decodes, against its own
/// frozen base.
pub const VERSION: u32 = 5;

/// The longest payload accepted, in characters (a typical link is a few hundred).
pub const MAX_PAYLOAD_CHARS: usize = 64 * 1024;

/// The most bytes a payload may inflate to (the default scenario is about 24 KB).
pub const MAX_INFLATED: usize = 1024 * 1024;

/// The parameter that carries the scenario in the fragment.
const PARAM: &str = "s=";

/// The frozen base scenario of each link version, oldest first (index 0 is version 1).
const BASES: [&str; 5] = [
    include_str!("../data/links/base-v1.json"),
    include_str!("../data/links/base-v2.json"),
    include_str!("../data/links/base-v3.json"),
    include_str!("../data/links/base-v4.json"),
    // From version 5 on, written without spaces: the base of a scenario with later years.
    include_str!("../data/links/base-v5.json"),
];

/// base64url; padding neither written nor required (but accepted).
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a link cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The text has no `s=` parameter.
    NoScenario,
    /// The version is not a number, or the payload is missing.
    Malformed,
    /// A link format this engine does not know.
    UnsupportedVersion(u64),
    /// More characters than [`MAX_PAYLOAD_CHARS`].
    TooLong(usize),
    /// A character that base64url does not have, at this position of the payload.
    BadCharacter(usize),
    /// Fewer bytes than the link says it has: the link was cut.
    Truncated,
    /// The bytes do not match their checksum: the link was altered.
    ChecksumMismatch,
    /// The body does not inflate.
    Corrupt,
    /// The body inflates to more than [`MAX_INFLATED`] bytes.
    TooLarge,
    /// The inflated body is not what a link holds (serde's or the patch's words).
    BadContent(String),
    /// A link for another dataset.
    OtherDataset {
        /// The link's dataset.
        link: String,
        /// The loaded dataset.
        loaded: String,
    },
    /// Same dataset id, other figures: the link was made on imported data (or the recipient
    /// has imported some).
    OtherFigures {
        /// The commune file the sender's figures were imported from, if they were.
        file: Option<String>,
        /// The household file the sender's counts came from, if they did, with its
        /// fingerprint (links written before fingerprints lack it).
        households: Option<(String, Option<String>)>,
        /// The link's dataset fingerprint.
        link: String,
        /// The loaded dataset's fingerprint.
        loaded: String,
    },
    /// The scenario in the link does not validate.
    Scenario(ScenarioError),
}

impl LinkError {
    /// The message in `lang`: what is wrong, and that nothing was changed is the caller's to say.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Self::NoScenario if vi => "liên kết không chứa kịch bản (thiếu “#s=…”)".into(),
            Self::NoScenario => "the link holds no scenario (no “#s=…”)".into(),
            Self::Malformed if vi => "liên kết sai định dạng (cần “#s=<phiên bản>.<dữ liệu>”)".into(),
            Self::Malformed => "the link is malformed (expected “#s=<version>.<data>”)".into(),
            Self::UnsupportedVersion(v) if vi => format!(
                "liên kết phiên bản {v} chưa được hỗ trợ (phiên bản này đọc {VERSION}); hãy cập nhật GNBV Planner"
            ),
            Self::UnsupportedVersion(v) => {
                format!("link version {v} is not supported (this version reads {VERSION}); update GNBV Planner")
            }
            Self::TooLong(n) if vi => format!("liên kết quá dài ({n} ký tự; tối đa {MAX_PAYLOAD_CHARS})"),
            Self::TooLong(n) => format!("the link is too long ({n} characters; at most {MAX_PAYLOAD_CHARS})"),
            Self::BadCharacter(at) if vi => format!("liên kết có ký tự không hợp lệ ở vị trí {}", at + 1),
            Self::BadCharacter(at) => format!("the link has an invalid character at position {}", at + 1),
            Self::Truncated if vi => "liên kết bị cắt cụt (thiếu phần cuối); hãy sao chép lại toàn bộ liên kết".into(),
            Self::Truncated => "the link is cut short; copy the whole link again".into(),
            Self::ChecksumMismatch if vi => "liên kết bị sửa đổi hoặc hỏng (sai mã kiểm tra)".into(),
            Self::ChecksumMismatch => "the link was altered or damaged (checksum mismatch)".into(),
            Self::Corrupt if vi => "dữ liệu trong liên kết bị hỏng, không giải nén được".into(),
            Self::Corrupt => "the link's data is damaged and cannot be decompressed".into(),
            Self::TooLarge if vi => {
                format!(
                    "dữ liệu trong liên kết giải nén vượt quá {} byte; đã dừng",
                    crate::format::group(MAX_INFLATED as i128, lang)
                )
            }
            Self::TooLarge => {
                format!(
                    "the link's data decompresses to more than {} bytes; stopped",
                    crate::format::group(MAX_INFLATED as i128, lang)
                )
            }
            Self::BadContent(e) if vi => format!("nội dung liên kết không hợp lệ ({e})"),
            Self::BadContent(e) => format!("the link's content is invalid ({e})"),
            Self::OtherDataset { link, loaded } if vi => {
                format!("liên kết dành cho bộ dữ liệu “{link}”, không phải “{loaded}” đang dùng")
            }
            Self::OtherDataset { link, loaded } => {
                format!("the link is for dataset “{link}”, not the loaded “{loaded}”")
            }
            Self::OtherFigures { file, households, link, loaded } => {
                let mut files = Vec::new();
                if let Some((name, fingerprint)) = households {
                    files.push(match (vi, fingerprint) {
                        (true, Some(p)) => format!("tệp hộ gia đình “{name}”, dấu vân tay {p}"),
                        (true, None) => format!("tệp hộ gia đình “{name}”"),
                        (false, Some(p)) => format!("the household file “{name}”, fingerprint {p}"),
                        (false, None) => format!("the household file “{name}”"),
                    });
                }
                if let Some(f) = file {
                    files.push(if vi {
                        format!("tệp số liệu xã “{f}”")
                    } else {
                        format!("the commune file “{f}”")
                    });
                }
                let which = if files.is_empty() {
                    String::new()
                } else if vi {
                    format!(" ({}, ở màn hình Dữ liệu)", files.join(" và "))
                } else {
                    format!(" ({}, on the Data screen)", files.join(" and "))
                };
                if vi {
                    format!(
                        "liên kết được tạo trên số liệu khác (mã số liệu {link}, đang dùng {loaded}): \
                         hãy nạp cùng tệp số liệu với người gửi{which} rồi mở lại liên kết"
                    )
                } else {
                    format!(
                        "the link was made on other figures (data fingerprint {link}, loaded {loaded}): \
                         load the same data file as the sender{which}, then open the link again"
                    )
                }
            }
            Self::Scenario(e) if vi => format!("kịch bản trong liên kết không hợp lệ: {}", e.message(lang)),
            Self::Scenario(e) => format!("the scenario in the link is invalid: {}", e.message(lang)),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for LinkError {}

/// What a version-1 body holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    /// Dataset id.
    d: String,
    /// Dataset fingerprint, 16 lowercase hex digits.
    h: String,
    /// What differs from the base, everything but the overrides (see [`diff`]).
    #[serde(default, skip_serializing_if = "is_empty_object")]
    p: Value,
    /// The overrides in columns: line index, commune code, amount, reason index.
    #[serde(default, skip_serializing_if = "Columns::is_empty")]
    o: Columns,
    /// The overrides' reasons, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<String>,
    /// The file the figures were imported from, when they were (the recipient must load it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f: Option<String>,
    /// The household file the sender's figures and projection came from, if one was imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    u: Option<String>,
    /// That file's fingerprint (16 hex digits); links made before it was written lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<String>,
}

/// What a link says besides the scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// The household file the sender's figures and projection came from, if one was
    /// imported: the recipient needs it for the same numbers.
    pub households: Option<String>,
    /// Its fingerprint, 16 hex digits (links written before fingerprints lack it).
    pub fingerprint: Option<String>,
}

/// Overrides, one column per field (numbers of a kind side by side deflate best).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Columns(Vec<usize>, Vec<u32>, Vec<i64>, Vec<usize>);

impl Columns {
    fn is_empty(&self) -> bool {
        self.0.is_empty() && self.1.is_empty() && self.2.is_empty() && self.3.is_empty()
    }
}

fn is_empty_object(v: &Value) -> bool {
    v.is_null() || v.as_object().is_some_and(serde_json::Map::is_empty)
}

/// Fingerprints the built-in dataset had in earlier releases, before it gained the
/// social-policy households and the Day for the Poor balances. Its earlier figures are
/// unchanged, so a link made on it opens on today's built-in dataset.
const BUILTIN_EARLIER: &[&str] = &["38c225347f908d45"];

/// The dataset fingerprint as written in links.
#[must_use]
pub fn fingerprint(dataset: &Dataset) -> String {
    format!("{:016x}", dataset.content_hash())
}

/// The frozen base of link `version` as JSON, if this engine knows the version.
fn base(version: u64) -> Option<Value> {
    let text = BASES.get(usize::try_from(version).ok()?.checked_sub(1)?)?;
    Some(serde_json::from_str(text).expect("every frozen link base is valid JSON (tested)"))
}

/// The frozen base scenario of link `version` (1, 2, …), as JSON text.
#[must_use]
pub fn base_json(version: u32) -> Option<&'static str> {
    BASES.get(usize::try_from(version).ok()?.checked_sub(1)?).copied()
}

/// The fragment for `scenario` on `dataset`, without the `#`: `s=1.<payload>`. A dataset on
/// a household file's counts names the file and its fingerprint in the link.
#[must_use]
pub fn encode(scenario: &Scenario, dataset: &Dataset) -> String {
    let mut target = serde_json::to_value(scenario).expect("a scenario always serializes");
    let mut base = base(u64::from(VERSION)).expect("this engine's own version has a base");
    // A one-year scenario writes no `later`; against a base with later years it is the change
    // `"later": []`, not a scenario of other fields.
    if let Some(o) = target.as_object_mut() {
        o.entry("later").or_insert_with(|| Value::Array(Vec::new()));
        // A link carries no household's data: who helps which household stays in the file.
        o.remove("helpers");
    }
    // Overrides travel as compact rows; every other change as replacements.
    for v in [&mut target, &mut base] {
        if let Some(o) = v.get_mut("overrides") {
            *o = Value::Array(Vec::new());
        }
    }
    let patch = diff(&base, &target).unwrap_or(Value::Null);
    let mut reasons: Vec<String> = Vec::new();
    let mut rows = Columns::default();
    for o in &scenario.overrides {
        let line = scenario.lines.iter().position(|l| l.source == o.source && l.program == o.program);
        let reason = reasons.iter().position(|r| r == &o.reason).unwrap_or_else(|| {
            reasons.push(o.reason.clone());
            reasons.len() - 1
        });
        // A valid scenario has a line for every override; an invalid one gets an index past
        // the end, which decoding refuses.
        rows.0.push(line.unwrap_or(scenario.lines.len()));
        rows.1.push(o.commune.0);
        rows.2.push(o.amount.get());
        rows.3.push(reason);
    }
    let body = Body {
        d: dataset.id().to_owned(),
        h: fingerprint(dataset),
        p: patch,
        o: rows,
        r: reasons,
        f: dataset.imported().map(str::to_owned),
        u: dataset.household_file().map(|o| o.file.clone()),
        v: dataset.household_file().map(|o| format!("{:016x}", o.fingerprint)),
    };
    let json = serde_json::to_vec(&body).expect("a link body always serializes");
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 10);
    let mut bytes = Vec::with_capacity(deflated.len() + 8);
    bytes.extend_from_slice(&u32::try_from(deflated.len()).unwrap_or(u32::MAX).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&deflated).to_le_bytes());
    bytes.extend_from_slice(&deflated);
    format!("{PARAM}{VERSION}.{}", B64.encode(bytes))
}

/// A whole address: `base` (the page's address without fragment) and the fragment.
#[must_use]
pub fn url(base: &str, scenario: &Scenario, dataset: &Dataset) -> String {
    format!("{base}#{}", encode(scenario, dataset))
}

/// Whether `text` (an address, a fragment, or `s=…`) carries a scenario at all; pages use it
/// to tell a share link from other fragments.
#[must_use]
pub fn has_scenario(text: &str) -> bool {
    param(text).is_some()
}

fn param(text: &str) -> Option<&str> {
    let text = text.trim();
    let fragment = match text.find('#') {
        Some(i) => &text[i + 1..],
        None => text,
    };
    fragment.split('&').find_map(|part| part.strip_prefix(PARAM))
}

/// Opens a link: an address, a fragment (`#s=…` or `s=…`), for `dataset`.
///
/// # Errors
/// The first problem found (see the module documentation for the order); never panics,
/// whatever the text.
pub fn decode(text: &str, dataset: &Dataset) -> Result<Scenario, LinkError> {
    decode_with(text, dataset).map(|(scenario, _)| scenario)
}

/// As [`decode`], with what else the link says.
///
/// # Errors
/// As [`decode`].
pub fn decode_with(text: &str, dataset: &Dataset) -> Result<(Scenario, Info), LinkError> {
    let value = param(text).ok_or(LinkError::NoScenario)?;
    let (version, payload) = value.split_once('.').ok_or(LinkError::Malformed)?;
    let version: u64 = version.parse().map_err(|_| LinkError::Malformed)?;
    let Some(mut scenario) = base(version) else {
        return Err(LinkError::UnsupportedVersion(version));
    };
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(LinkError::TooLong(payload.len()));
    }
    if payload.is_empty() {
        return Err(LinkError::Malformed);
    }
    if let Some(at) = payload.bytes().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))) {
        return Err(LinkError::BadCharacter(at));
    }
    let bytes = B64.decode(payload).map_err(|e| match e {
        base64::DecodeError::InvalidByte(at, _) => LinkError::BadCharacter(at),
        // A length that base64 cannot end on: characters are missing.
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => LinkError::Truncated,
        base64::DecodeError::InvalidPadding => LinkError::Malformed,
    })?;
    if bytes.len() < 8 {
        return Err(LinkError::Truncated);
    }
    let length = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let checksum = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    let deflated = &bytes[8..];
    if deflated.len() < length {
        return Err(LinkError::Truncated);
    }
    if deflated.len() > length || crc32fast::hash(deflated) != checksum {
        return Err(LinkError::ChecksumMismatch);
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_INFLATED).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            LinkError::TooLarge
        } else {
            LinkError::Corrupt
        }
    })?;
    let body: Body = serde_json::from_slice(&json).map_err(|e| LinkError::BadContent(e.to_string()))?;
    if body.d != dataset.id() {
        return Err(LinkError::OtherDataset { link: body.d, loaded: dataset.id().to_owned() });
    }
    let loaded = fingerprint(dataset);
    let earlier_builtin = dataset.imported().is_none()
        && dataset.id() == crate::dataset::BUILTIN_ID
        && BUILTIN_EARLIER.contains(&body.h.as_str());
    if body.h != loaded && !earlier_builtin {
        let households = body.u.map(|u| (u, body.v));
        return Err(LinkError::OtherFigures { file: body.f, households, link: body.h, loaded });
    }
    if let Some(o) = scenario.get_mut("overrides") {
        *o = Value::Array(Vec::new());
    }
    if !body.p.is_null() {
        apply(&mut scenario, body.p, "p").map_err(LinkError::BadContent)?;
    }
    let Columns(lines, communes, amounts, reason_ids) = &body.o;
    let n = lines.len();
    if communes.len() != n || amounts.len() != n || reason_ids.len() != n {
        return Err(LinkError::BadContent("o: columns of different lengths".into()));
    }
    let mut overrides = Vec::with_capacity(n);
    for i in 0..n {
        let (line, commune, amount, reason) = (lines[i], communes[i], amounts[i], reason_ids[i]);
        let bad = |what: &str| LinkError::BadContent(format!("o[{i}]: {what}"));
        let line = scenario.get("lines").and_then(|l| l.get(line)).ok_or_else(|| bad("no such line"))?;
        let reason = body.r.get(reason).ok_or_else(|| bad("no such reason"))?;
        overrides.push(serde_json::json!({
            "source": line.get("source"),
            "program": line.get("program"),
            "commune": commune,
            "amount": amount,
            "reason": reason,
        }));
    }
    if let Some(o) = scenario.get_mut("overrides") {
        *o = Value::Array(overrides);
    }
    let scenario = Scenario::from_json(&scenario.to_string(), dataset).map_err(LinkError::Scenario)?;
    Ok((scenario, Info { households: body.u, fingerprint: body.v }))
}

/// What turns `a` into `b`, or `None` if they are equal. Objects with the same keys and
/// arrays of the same length become an object of their changed members (array indices as
/// keys); anything else is the new value itself, wrapped as `{"=": value}` when it is an object
/// or an array (so it cannot be taken for a nested change).
fn diff(a: &Value, b: &Value) -> Option<Value> {
    if a == b {
        return None;
    }
    let changes: serde_json::Map<String, Value> = match (a, b) {
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() && x.keys().all(|k| y.contains_key(k)) => {
            x.iter().filter_map(|(k, left)| Some((k.clone(), diff(left, &y[k])?))).collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().filter_map(|(i, (l, r))| Some((i.to_string(), diff(l, r)?))).collect()
        }
        (_, Value::Object(_) | Value::Array(_)) => return Some(serde_json::json!({ "=": b })),
        _ => return Some(b.clone()),
    };
    Some(Value::Object(changes))
}

/// Applies a change made by [`diff`] to `target`; `at` names the place for messages. Every
/// key of a nested change must exist.
fn apply(target: &mut Value, change: Value, at: &str) -> Result<(), String> {
    let Value::Object(mut members) = change else {
        *target = change;
        return Ok(());
    };
    if members.len() == 1 && members.contains_key("=") {
        *target = members.remove("=").unwrap_or(Value::Null);
        return Ok(());
    }
    for (key, change) in members {
        let here = format!("{at}.{key}");
        let slot = match target {
            Value::Object(map) => map.get_mut(&key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("{here}: no such field"))?;
        apply(slot, change, &here)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_then_apply_rebuilds_the_target() {
        let a = serde_json::json!({"x": [1, 2, {"y": 3}], "z": {"k": "v"}, "w": null, "n": 5, "m": [1]});
        let b = serde_json::json!({"x": [1, 5, {"y": 4}], "z": {"other": 1}, "w": [1], "n": null, "m": [1, 2]});
        let change = diff(&a, &b).unwrap();
        assert_eq!(
            change,
            serde_json::json!({"x": {"1": 5, "2": {"y": 4}}, "z": {"=": {"other": 1}}, "w": {"=": [1]}, "n": null,
                               "m": {"=": [1, 2]}})
        );
        let mut rebuilt = a.clone();
        apply(&mut rebuilt, change, "p").unwrap();
        assert_eq!(rebuilt, b);
        assert_eq!(diff(&a, &a), None);
    }

    #[test]
    fn apply_refuses_fields_that_do_not_exist() {
        let mut v = serde_json::json!({"x": [1]});
        assert_eq!(apply(&mut v, serde_json::json!({"x": {"3": 0}}), "p"), Err("p.x.3: no such field".into()));
        assert!(apply(&mut v, serde_json::json!({"nope": 1}), "p").is_err());
        assert!(apply(&mut v, serde_json::json!({"x": {"0": {"deeper": 1}}}), "p").is_err());
        assert_eq!(v, serde_json::json!({"x": [1]}));
    }
}
