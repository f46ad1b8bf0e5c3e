//! The planner's state: the dataset, the scenario with its edit history, and what is derived
//! from them. Components call these methods; the numbers come from the engine.

use gnbv_engine::allocation::{allocate, Allocation};
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::scenario::{Scenario, ScenarioError};
use leptos::prelude::*;
use std::sync::Arc;

/// Edits beyond this many are forgotten (oldest first).
const HISTORY_LIMIT: usize = 200;

/// A scenario and its undo/redo history. Every edit is one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    states: Vec<Scenario>,
    cursor: usize,
}

impl History {
    /// A history that starts at `scenario`.
    #[must_use]
    pub fn new(scenario: Scenario) -> Self {
        Self { states: vec![scenario], cursor: 0 }
    }

    /// The current scenario.
    #[must_use]
    pub fn current(&self) -> &Scenario {
        &self.states[self.cursor]
    }

    /// Applies an edit as a new step (dropping any redo steps), if `check` accepts the edited
    /// scenario. Returns whether a step was added: an edit that changes nothing adds none.
    ///
    /// # Errors
    /// What `check` returns for the edited scenario; the history is then unchanged.
    pub fn edit<E>(
        &mut self,
        f: impl FnOnce(&mut Scenario),
        check: impl FnOnce(&Scenario) -> Result<(), E>,
    ) -> Result<bool, E> {
        let mut next = self.current().clone();
        f(&mut next);
        if &next == self.current() {
            return Ok(false);
        }
        check(&next)?;
        self.states.truncate(self.cursor + 1);
        self.states.push(next);
        if self.states.len() > HISTORY_LIMIT {
            self.states.remove(0);
        }
        self.cursor = self.states.len() - 1;
        Ok(true)
    }

    /// Whether there is a step to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    /// Whether there is a step to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        self.cursor + 1 < self.states.len()
    }

    /// Goes back one step.
    pub fn undo(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Goes forward one step.
    pub fn redo(&mut self) {
        if self.can_redo() {
            self.cursor += 1;
        }
    }
}

/// A household file in use: its review (name, fingerprint, households, the counts it gives
/// each commune, what the planner was told) and its households as bytes, for the workers and
/// the browser's storage (`HouseholdFile::to_bytes`).
#[derive(Debug)]
pub struct HouseholdsInUse {
    /// The review the planner accepted.
    pub review: gnbv_engine::review::Review,
    /// The households as stored.
    pub bytes: Vec<u8>,
}

/// Everything the screens share, provided through context.
#[derive(Clone, Copy)]
pub struct Planner {
    /// The dataset: built in, or the province's imported review figures.
    pub dataset: RwSignal<Arc<Dataset>>,
    /// The scenario and its history.
    pub history: RwSignal<History>,
    /// The imported commune file the dataset comes from, if any.
    pub import: RwSignal<Option<crate::protocol::Imported>>,
    /// The household file in use, if any: its counts are the dataset's, its households the
    /// projection's population (else the synthetic one).
    pub households: RwSignal<Option<Arc<HouseholdsInUse>>>,
    /// Whether the browser keeps the household file for the next visit: `None` while it is
    /// being stored (or when there is none), else the browser's refusal if it refused.
    pub households_kept: RwSignal<Option<Result<(), String>>>,
    /// The year the screens show and edit (one of the scenario's years).
    pub year: RwSignal<u16>,
    /// The shown year's one-year scenario (`Scenario::year`): what every screen of the year
    /// reads, and what edits change.
    pub view: Memo<Arc<Scenario>>,
    /// The allocation of the shown year, recomputed on every edit.
    pub allocation: Memo<Arc<Allocation>>,
}

impl Planner {
    /// The planner for `dataset`, starting from `start` (an autosaved scenario) or the
    /// default scenario.
    #[must_use]
    pub fn new(dataset: Dataset, start: Option<Scenario>) -> Self {
        let history = RwSignal::new(History::new(start.unwrap_or_else(|| defaults::scenario(&dataset))));
        let dataset = RwSignal::new(Arc::new(dataset));
        let year = RwSignal::new(gnbv_engine::scenario::FIRST_YEAR);
        let view = Memo::new(move |_| {
            let dataset = dataset.get();
            let year = year.get();
            history.with(|h| {
                let s = h.current();
                Arc::new(s.year(year, &dataset).unwrap_or_else(|_| s.first_year()))
            })
        });
        let allocation = Memo::new(move |_| {
            let dataset = dataset.get();
            measured("gnbv-allocate", || view.with(|s| Arc::new(allocate(s, &dataset))))
        });
        Self {
            dataset,
            year,
            view,
            import: RwSignal::new(None),
            households: RwSignal::new(None),
            households_kept: RwSignal::new(None),
            history,
            allocation,
        }
    }

    /// The dataset under any household file: the commune file's, or the built-in one.
    ///
    /// # Errors
    /// The stored commune file no longer reads (only one from another version could fail).
    pub fn base_dataset(&self) -> Result<Dataset, crate::protocol::Said> {
        self.import.with_untracked(|i| crate::protocol::dataset_of(i.as_ref()))
    }

    /// Applies an edit to the scenario (one undo step) if the edited scenario is valid for the
    /// dataset. A refused edit changes nothing: no step, no new allocation, nothing autosaved
    /// (the history's readers are not notified).
    ///
    /// # Errors
    /// The first problem `Scenario::validate` finds, with the path of the field.
    pub fn edit(&self, f: impl FnOnce(&mut Scenario)) -> Result<(), ScenarioError> {
        let year = self.shown_year();
        let mut view = (*self.view.get_untracked()).clone();
        f(&mut view);
        // The shown year is one of the scenario's (`shown_year`), so `set_year` cannot fail.
        self.edit_whole(move |s| {
            let _ = s.set_year(year, view);
        })
    }

    /// The year shown, tracked: the chosen year if the scenario plans it (an undo may have
    /// removed it), else the first year.
    #[must_use]
    pub fn shown(&self) -> u16 {
        let year = self.year.get();
        self.history.with(|h| h.current().planned_or_first(year))
    }

    /// The year shown, if the scenario still plans it (an undo may have removed it), else the
    /// first year.
    #[must_use]
    pub fn shown_year(&self) -> u16 {
        let year = self.year.get_untracked();
        self.history.with_untracked(|h| h.current().planned_or_first(year))
    }

    /// Applies an edit to the whole scenario (its years, say), as [`Planner::edit`] does to the
    /// shown year.
    ///
    /// # Errors
    /// The first problem `Scenario::validate` finds, with the path of the field.
    pub fn edit_whole(&self, f: impl FnOnce(&mut Scenario)) -> Result<(), ScenarioError> {
        let dataset = self.dataset.get_untracked();
        let mut result = Ok(());
        // An edit that changes nothing still notifies, so fields show the scenario's value again.
        self.history.maybe_update(|h| match h.edit(f, |s| s.validate(&dataset)) {
            Ok(_) => true,
            Err(e) => {
                result = Err(e);
                false
            }
        });
        result
    }
}

/// Runs `f` between two Performance marks and records a measure named `name`, which the
/// browser tests read (`performance.getEntriesByName`).
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let result = f();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
    }
    result
}
