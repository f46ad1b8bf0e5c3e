//! The household file as the planner's one population: once the planner accepts a file, its
//! counts are the dataset's (every screen, the allocation, the proposal) and its households
//! the projection's. It is kept in the browser's IndexedDB as columns (`idb.rs`), restored on
//! the next visit before a share link in the address is opened, and forgotten on request.

use crate::persist::{Notice, Notices};
use crate::protocol::Said;
use crate::state::{HouseholdsInUse, Planner};
use gnbv_engine::review::{HouseholdFile, Review, StoredError, Uncovered};
use gnbv_engine::standard::PovertyStandard;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// Local-storage key naming the household file kept in IndexedDB, so that a reload can say at
/// once that it is restoring it.
pub const MARKER_KEY: &str = "gnbv.households";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Counts every choice of household file (use, forget), so that a restore that finishes late
/// does not replace what the user chose meanwhile.
static GENERATION: AtomicU32 = AtomicU32::new(0);

/// Set while the file the last visit kept is being restored: share links wait for it.
static RESTORING: AtomicBool = AtomicBool::new(false);

/// Whether the household file the last visit kept is still being restored.
#[must_use]
pub fn restoring() -> bool {
    RESTORING.load(Ordering::Relaxed)
}

/// Uses a reviewed household file: the dataset becomes the commune file's (or the built-in
/// one) with the file's counts, the projection runs on its households. With `keep`, it is
/// stored for the next visit; `planner.households_kept` then says whether the browser
/// agreed (and a notice, if it refused).
///
/// # Errors
/// The dataset cannot be built on the file (only a stored commune file of another version
/// could make it fail); nothing is then changed.
pub fn use_households(
    planner: Planner,
    notices: Notices,
    review: Review,
    bytes: Vec<u8>,
    keep: bool,
) -> Result<(), Said> {
    let base = planner.base_dataset()?;
    let dataset = review.apply(&base, Uncovered::Keep).map_err(|r| Said::new(|l| r.message(l)))?;
    let name = review.file.clone();
    GENERATION.fetch_add(1, Ordering::Relaxed);
    planner.dataset.set(Arc::new(dataset));
    planner.households.set(Some(Arc::new(HouseholdsInUse { review, bytes })));
    if !keep {
        planner.households_kept.set(Some(Ok(())));
        return Ok(());
    }
    planner.households_kept.set(None);
    leptos::task::spawn_local(async move {
        let Some(in_use) = planner.households.with_untracked(|h| h.as_ref().map(Arc::clone)) else { return };
        let fingerprint = in_use.review.fingerprint;
        let result = crate::idb::put(crate::idb::HOUSEHOLDS, &in_use.bytes).await;
        drop(in_use);
        match planner.households.with_untracked(|h| h.as_ref().map(|h| h.review.fingerprint)) {
            // Dropped while it was being stored: the copy goes too (the drop's own delete may
            // have run first).
            None => {
                let _ = crate::idb::delete(crate::idb::HOUSEHOLDS).await;
                return;
            }
            // Another file replaced it meanwhile: its own store says what is kept.
            Some(f) if f != fingerprint => return,
            // Still this file (perhaps reapplied over a new commune file).
            Some(_) => {}
        }
        if let Some(s) = storage() {
            let _ = if result.is_ok() { s.set_item(MARKER_KEY, &name) } else { s.remove_item(MARKER_KEY) };
        }
        if let Err(words) = &result {
            notices.push(Notice::HouseholdsNotKept(words.clone()));
        }
        planner.households_kept.set(Some(result));
    });
    Ok(())
}

/// Stops using the household file: the counts go back to the commune file's (or the
/// built-in ones), the projection to the synthetic population, and the stored copy is removed.
pub fn forget(planner: Planner) {
    GENERATION.fetch_add(1, Ordering::Relaxed);
    if let Ok(dataset) = planner.base_dataset() {
        planner.dataset.set(Arc::new(dataset));
    }
    planner.households.set(None);
    planner.households_kept.set(None);
    if let Some(s) = storage() {
        let _ = s.remove_item(MARKER_KEY);
    }
    leptos::task::spawn_local(async {
        let _ = crate::idb::delete(crate::idb::HOUSEHOLDS).await;
    });
}

/// Applies the household file again after the commune file changed: the same households
/// looked over against the new figures. What is stored does not change.
pub fn reapply(planner: Planner) {
    let Some(in_use) = planner.households.get_untracked() else { return };
    let Ok(base) = planner.base_dataset() else { return };
    let Ok(review) = review_bytes(&base, &in_use.bytes) else { return };
    if let Ok(dataset) = review.apply(&base, Uncovered::Keep) {
        planner.dataset.set(Arc::new(dataset));
        planner.households.set(Some(Arc::new(HouseholdsInUse { review, bytes: in_use.bytes.clone() })));
    }
}

/// Stored household bytes looked over against `base` (the counts need no ids).
fn review_bytes(base: &gnbv_engine::dataset::Dataset, bytes: &[u8]) -> Result<Review, StoredError> {
    let file = HouseholdFile::from_bytes_without_ids(bytes, base)?;
    Ok(Review::of(base, &file, &PovertyStandard::qd59_2015()))
}

/// The name of the household file the last visit kept, if any (read at once, before the
/// file itself is restored).
#[must_use]
pub fn stored_name() -> Option<String> {
    storage()?.get_item(MARKER_KEY).ok().flatten()
}

/// Restores the household file the last visit kept, if any, then calls `then` (which opens
/// a share link in the address, so that a link made on the file opens on it). A stored file
/// that cannot be read is removed, with a notice. A file the user imported meanwhile wins.
pub fn restore(planner: Planner, notices: Notices, then: impl FnOnce() + 'static) {
    let Some(name) = stored_name() else {
        then();
        return;
    };
    RESTORING.store(true, Ordering::Relaxed);
    notices.push(Notice::HouseholdsRestoring(name.clone()));
    let generation = GENERATION.load(Ordering::Relaxed);
    leptos::task::spawn_local(async move {
        let result = match crate::idb::get(crate::idb::HOUSEHOLDS).await {
            Ok(Some(bytes)) => crate::state::measured("gnbv-households-restore", || {
                let base = planner.base_dataset().map_err(Lost::Other)?;
                let review = review_bytes(&base, &bytes).map_err(Lost::Unreadable)?;
                if GENERATION.load(Ordering::Relaxed) != generation {
                    return Ok(None); // the user chose a file meanwhile
                }
                let name = review.file.clone();
                use_households(planner, notices, review, bytes, false).map_err(Lost::Other).map(|()| Some(name))
            }),
            Ok(None) => Err(Lost::Missing),
            Err(e) => Err(Lost::Browser(e)),
        };
        notices.clear(|n| matches!(n, Notice::HouseholdsRestoring(_)));
        match result {
            Ok(Some(file)) => notices.push(Notice::HouseholdsRestored(file)),
            Ok(None) => {}
            Err(reason) => {
                if GENERATION.load(Ordering::Relaxed) == generation {
                    if let Some(s) = storage() {
                        let _ = s.remove_item(MARKER_KEY);
                    }
                    let _ = crate::idb::delete(crate::idb::HOUSEHOLDS).await;
                }
                notices.push(Notice::HouseholdsLost(name, reason));
            }
        }
        RESTORING.store(false, Ordering::Relaxed);
        then();
    });
}

/// Why the household file the last visit kept could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lost {
    /// The browser no longer has it (its site data was cleared).
    Missing,
    /// It was stored by another version, or is damaged.
    Unreadable(gnbv_engine::review::StoredError),
    /// The browser refused to read it (its words).
    Browser(String),
    /// The figures could not be built on it.
    Other(Said),
}

impl Lost {
    /// The reason in `lang`.
    #[must_use]
    pub fn message(&self, lang: gnbv_engine::format::Lang) -> String {
        match self {
            Self::Missing => lang
                .pick(
                    "trình duyệt không còn giữ tệp (dữ liệu của trang đã bị xóa)",
                    "the browser no longer has it (the site's data was cleared)",
                )
                .to_owned(),
            Self::Unreadable(e) => e.message(lang).to_owned(),
            Self::Browser(words) => {
                format!("{} ({words})", lang.pick("trình duyệt không đọc được", "the browser could not read it"))
            }
            Self::Other(said) => format!(
                "{} ({})",
                lang.pick("không dựng được số liệu trên tệp", "the figures could not be built on it"),
                said.message(lang)
            ),
        }
    }
}
