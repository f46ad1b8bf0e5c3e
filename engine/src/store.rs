//! What the app keeps in the browser between visits: the scenario being worked on (autosaved)
//! and the library of named scenarios. Plain data and JSON here; the app writes it to local
//! storage. The layout carries a schema version (`docs/scenario.md`, "Stored scenarios").
//!
//! Loading never loses data silently: a store written by a newer version is refused whole (the
//! app then leaves it untouched), and a stored scenario that no longer validates is left out
//! with a problem naming it.

use crate::dataset::Dataset;
use crate::format::Lang;
use crate::scenario::{Scenario, ScenarioError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The layout this engine writes.
pub const SCHEMA: u32 = 1;

/// The longest scenario name, in characters.
pub const MAX_NAME: usize = 120;

/// A named scenario in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier within the store.
    pub id: u64,
    /// The user's name for it.
    pub name: String,
    /// When it was last saved, dd/mm/yyyy hh:mm (local time).
    pub saved_at: String,
    /// The scenario.
    pub scenario: Scenario,
}

/// The autosaved scenario and the library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    /// The scenario being worked on, as last autosaved.
    pub current: Option<Scenario>,
    /// Named scenarios, in the order they were first saved.
    pub library: Vec<Entry>,
}

/// Why a stored layout cannot be read (the whole of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON, or not an object with a schema number.
    Unreadable(String),
    /// Written by a newer version of the app.
    NewerSchema(u64),
}

impl StoreError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Unreadable(e), Lang::Vi) => format!("dữ liệu đã lưu trong trình duyệt bị hỏng ({e})"),
            (Self::Unreadable(e), Lang::En) => format!("the data saved in this browser is damaged ({e})"),
            (Self::NewerSchema(v), Lang::Vi) => format!(
                "dữ liệu đã lưu do phiên bản mới hơn của GNBV Planner ghi (lược đồ {v}, phiên bản này đọc {SCHEMA}); \
                 dữ liệu được giữ nguyên và tự động lưu tạm dừng"
            ),
            (Self::NewerSchema(v), Lang::En) => format!(
                "the saved data was written by a newer GNBV Planner (schema {v}, this version reads {SCHEMA}); \
                 it is left untouched and autosave is paused"
            ),
        }
    }
}

/// A stored scenario that could not be restored (the rest of the store was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The library entry's name, or `None` for the autosaved scenario.
    pub name: Option<String>,
    /// Why.
    pub error: ScenarioError,
}

impl Dropped {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let why = self.error.message(lang);
        match (&self.name, lang) {
            (Some(n), Lang::Vi) => format!("không khôi phục được kịch bản “{n}”: {why}"),
            (Some(n), Lang::En) => format!("the scenario “{n}” could not be restored: {why}"),
            (None, Lang::Vi) => format!("không khôi phục được kịch bản đang làm: {why}"),
            (None, Lang::En) => format!("the scenario you were working on could not be restored: {why}"),
        }
    }
}

/// Why a name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// Empty after trimming.
    Empty,
    /// Longer than [`MAX_NAME`] characters.
    TooLong,
    /// Another entry has it.
    Taken,
    /// No entry has this id.
    NoSuchEntry,
}

impl NameProblem {
    /// The message in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Empty, Lang::Vi) => "hãy đặt tên cho kịch bản".into(),
            (Self::Empty, Lang::En) => "give the scenario a name".into(),
            (Self::TooLong, Lang::Vi) => format!("tên dài quá {MAX_NAME} ký tự"),
            (Self::TooLong, Lang::En) => format!("the name is longer than {MAX_NAME} characters"),
            (Self::Taken, Lang::Vi) => "đã có kịch bản khác mang tên này".into(),
            (Self::Taken, Lang::En) => "another scenario has this name".into(),
            (Self::NoSuchEntry, Lang::Vi) => "kịch bản không còn trong thư viện".into(),
            (Self::NoSuchEntry, Lang::En) => "the scenario is no longer in the library".into(),
        }
    }
}

#[derive(Serialize)]
struct Layout<'a> {
    schema: u32,
    current: &'a Option<Scenario>,
    library: &'a [Entry],
}

/// Brings an older layout up to [`SCHEMA`], one step at a time. Schema 1 is the first; a
/// future schema 2 adds its step here (`1 => …`), and the tests keep a schema-1 store.
fn migrate(value: Value) -> Result<Value, StoreError> {
    let schema =
        value.get("schema").and_then(Value::as_u64).ok_or_else(|| StoreError::Unreadable("no schema number".into()))?;
    match schema {
        s if s == u64::from(SCHEMA) => Ok(value),
        s if s > u64::from(SCHEMA) => Err(StoreError::NewerSchema(s)),
        s => Err(StoreError::Unreadable(format!("unknown schema {s}"))),
    }
}

fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Store {
    /// Reads a stored layout, restoring every scenario that still validates against `dataset`.
    ///
    /// # Errors
    /// The whole store is unreadable, or newer than this engine.
    pub fn from_json(text: &str, dataset: &Dataset) -> Result<(Self, Vec<Dropped>), StoreError> {
        let value: Value = serde_json::from_str(text).map_err(|e| StoreError::Unreadable(e.to_string()))?;
        let value = migrate(value)?;
        let mut dropped = Vec::new();
        let mut restore = |name: Option<String>, v: &Value| match Scenario::from_json(&v.to_string(), dataset) {
            Ok(s) => Some(s),
            Err(error) => {
                dropped.push(Dropped { name, error });
                None
            }
        };
        let current = match value.get("current") {
            None | Some(Value::Null) => None,
            Some(v) => restore(None, v),
        };
        let mut library = Vec::new();
        for (i, entry) in value.get("library").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let name = entry.get("name").and_then(Value::as_str).map_or_else(|| format!("#{}", i + 1), normalise);
            let id = entry.get("id").and_then(Value::as_u64);
            let saved_at = entry.get("saved_at").and_then(Value::as_str).unwrap_or_default().to_owned();
            let Some(scenario) = entry.get("scenario").and_then(|v| restore(Some(name.clone()), v)) else { continue };
            // Ids are made unique again if the stored ones clash or are missing.
            let id = match id {
                Some(id) if !library.iter().any(|e: &Entry| e.id == id) => id,
                _ => library.iter().map(|e| e.id).max().unwrap_or(0) + 1,
            };
            library.push(Entry { id, name, saved_at, scenario });
        }
        Ok((Self { current, library }, dropped))
    }

    /// The layout as JSON, with the schema number.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Layout { schema: SCHEMA, current: &self.current, library: &self.library })
            .expect("a store always serializes")
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: u64) -> Option<&Entry> {
        self.library.iter().find(|e| e.id == id)
    }

    /// The entry named `name` (ignoring case and repeated spaces).
    #[must_use]
    pub fn named(&self, name: &str) -> Option<&Entry> {
        let name = normalise(name).to_lowercase();
        self.library.iter().find(|e| e.name.to_lowercase() == name)
    }

    fn check_name(&self, name: &str, except: Option<u64>) -> Result<String, NameProblem> {
        let name = normalise(name);
        if name.is_empty() {
            return Err(NameProblem::Empty);
        }
        if name.chars().count() > MAX_NAME {
            return Err(NameProblem::TooLong);
        }
        if self.named(&name).is_some_and(|e| Some(e.id) != except) {
            return Err(NameProblem::Taken);
        }
        Ok(name)
    }

    /// Saves `scenario` as `name`: a new entry, or the existing entry of that name replaced
    /// (the app asks first). Returns the entry's id.
    ///
    /// # Errors
    /// An empty or too long name.
    pub fn save(&mut self, name: &str, scenario: Scenario, saved_at: &str) -> Result<u64, NameProblem> {
        if let Some(id) = self.named(name).map(|e| e.id) {
            let entry = self.library.iter_mut().find(|e| e.id == id).ok_or(NameProblem::NoSuchEntry)?;
            entry.scenario = scenario;
            saved_at.clone_into(&mut entry.saved_at);
            return Ok(id);
        }
        let name = self.check_name(name, None)?;
        let id = self.library.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        self.library.push(Entry { id, name, saved_at: saved_at.to_owned(), scenario });
        Ok(id)
    }

    /// Renames an entry.
    ///
    /// # Errors
    /// No such entry, or a name that is empty, too long or another entry's.
    pub fn rename(&mut self, id: u64, name: &str) -> Result<(), NameProblem> {
        let name = self.check_name(name, Some(id))?;
        let entry = self.library.iter_mut().find(|e| e.id == id).ok_or(NameProblem::NoSuchEntry)?;
        entry.name = name;
        Ok(())
    }

    /// Copies an entry under a free name ("Đề xuất (bản sao)", "Đề xuất (bản sao 2)", …),
    /// placed after it. Returns the copy's id.
    ///
    /// # Errors
    /// No such entry.
    pub fn duplicate(&mut self, id: u64, saved_at: &str, lang: Lang) -> Result<u64, NameProblem> {
        let at = self.library.iter().position(|e| e.id == id).ok_or(NameProblem::NoSuchEntry)?;
        let original = &self.library[at];
        let copy = if lang == Lang::Vi { "bản sao" } else { "copy" };
        let stem: String = original.name.chars().take(MAX_NAME.saturating_sub(copy.len() + 8)).collect();
        let name = (1..)
            .map(|n| if n == 1 { format!("{stem} ({copy})") } else { format!("{stem} ({copy} {n})") })
            .find(|n| self.named(n).is_none())
            .unwrap_or_default();
        let new_id = self.library.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        let entry = Entry { id: new_id, name, saved_at: saved_at.to_owned(), scenario: original.scenario.clone() };
        self.library.insert(at + 1, entry);
        Ok(new_id)
    }

    /// Removes an entry.
    ///
    /// # Errors
    /// No such entry.
    pub fn delete(&mut self, id: u64) -> Result<Entry, NameProblem> {
        let at = self.library.iter().position(|e| e.id == id).ok_or(NameProblem::NoSuchEntry)?;
        Ok(self.library.remove(at))
    }
}
