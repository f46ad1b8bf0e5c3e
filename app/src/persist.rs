//! Keeping work: the scenario autosaved to local storage (debounced) and restored on reload,
//! the library of named scenarios beside it, share links opened from the address, and the
//! notices that tell the user what happened (in the current language).
//!
//! Nothing here loses data silently: a store this version cannot read is kept aside (damaged)
//! or left untouched (newer, or damaged and the copy aside failed: autosave then pauses for
//! the visit), a link that cannot be opened changes nothing, and storage that is full or
//! switched off leaves the app working with a visible warning.

use crate::parts::{part, NotLoaded};
use crate::state::Planner;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::format::Lang;
use gnbv_engine::link::{self, LinkError};
use gnbv_engine::scenario::{Scenario, ScenarioError};
use gnbv_engine::store::{Dropped, Entry, Store, StoreError};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// The local-storage key of the store.
pub const STORE_KEY: &str = "gnbv.store";
/// Where an unreadable store is kept aside rather than overwritten.
pub const DAMAGED_KEY: &str = "gnbv.store.damaged";
/// Where an imported commune file is kept (`Imported` as JSON).
pub const DATASET_KEY: &str = "gnbv.dataset";
/// Autosave waits this long after the last edit.
const AUTOSAVE_MS: u32 = 400;

/// Something the user should know, shown under the header until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A share link was opened: the scenario replaced the work (one undo step).
    LinkOpened,
    /// A share link could not be opened; nothing changed.
    LinkFailed(LinkError),
    /// The code that reads share links could not be fetched; nothing changed, the link stays
    /// in the address.
    LinkNotLoaded,
    /// The code that makes share links could not be fetched; nothing was copied.
    ShareNotLoaded,
    /// The code that reads the stored work could not be fetched: nothing is saved over it
    /// during this visit.
    StoreNotLoaded,
    /// Local storage is switched off or unavailable: nothing is saved.
    StorageUnavailable,
    /// Local storage is full: the last changes are not saved.
    StorageFull,
    /// The stored data could not be read.
    StoreRefused(StoreError),
    /// The stored data could not be read, nor copied aside: autosave is paused for this visit
    /// so that it is not overwritten.
    StoreNotKept(StoreError),
    /// The opened link was made on a household file (name, fingerprint) other than the one in
    /// use here, with the same counts.
    LinkHouseholds(String, Option<String>),
    /// Reading the household file the last visit kept (its name).
    HouseholdsRestoring(String),
    /// The household file the last visit kept is in use again.
    HouseholdsRestored(String),
    /// The household file the last visit kept could not be restored; it was removed.
    HouseholdsLost(String, crate::population::Lost),
    /// The household file is used for this visit, but the browser refused to keep it (its words).
    HouseholdsNotKept(String),
    /// A stored scenario could not be restored.
    Dropped(Dropped),
    /// An edit would have made the scenario invalid; it was not applied.
    EditRefused(ScenarioError),
}

impl Notice {
    /// Whether it reports a problem (shown as an alert) rather than news.
    #[must_use]
    pub fn is_problem(&self) -> bool {
        !matches!(
            self,
            Self::LinkOpened | Self::LinkHouseholds(..) | Self::HouseholdsRestoring(_) | Self::HouseholdsRestored(_)
        )
    }

    /// The text in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Self::LinkOpened if vi => {
                "Đã mở kịch bản từ liên kết. Công việc trước đó vẫn còn: bấm “Hoàn tác” để quay lại.".into()
            }
            Self::LinkOpened => "Opened the scenario from the link. Your previous work is kept: press “Undo” to go back.".into(),
            Self::LinkFailed(e) if vi => format!("Không mở được liên kết: {}. Kịch bản đang làm không thay đổi.", e.message(lang)),
            Self::LinkFailed(e) => format!("The link could not be opened: {}. Your scenario is unchanged.", e.message(lang)),
            Self::LinkNotLoaded if vi => "Chưa mở được liên kết: không tải được phần đọc liên kết của ứng dụng (mạng đang gián đoạn hoặc máy chủ không trả lời). Kịch bản đang làm không thay đổi; liên kết vẫn ở thanh địa chỉ, hãy tải lại trang khi có mạng.".into(),
            Self::LinkNotLoaded => "The link could not be opened yet: the part of the app that reads links could not be loaded (the network is down or the server did not answer). Your scenario is unchanged; the link stays in the address bar: reload the page when the network is back.".into(),
            Self::ShareNotLoaded if vi => "Chưa tạo được liên kết chia sẻ: không tải được phần tạo liên kết của ứng dụng (mạng đang gián đoạn hoặc máy chủ không trả lời). Hãy bấm lại khi có mạng.".into(),
            Self::ShareNotLoaded => "The share link could not be made: the part of the app that makes links could not be loaded (the network is down or the server did not answer). Press the button again when the network is back.".into(),
            Self::StorageUnavailable if vi => "Trình duyệt không cho lưu dữ liệu (bộ nhớ cục bộ bị tắt): công việc sẽ mất khi tải lại trang. Hãy xuất kịch bản ra tệp JSON để giữ lại.".into(),
            Self::StorageUnavailable => "This browser does not allow saving (local storage is off): work is lost on reload. Export the scenario to a JSON file to keep it.".into(),
            Self::StorageFull if vi => "Bộ nhớ của trình duyệt đã đầy: các thay đổi gần nhất chưa được lưu. Hãy xóa bớt kịch bản trong thư viện hoặc xuất ra tệp.".into(),
            Self::StorageFull => "The browser's storage is full: the latest changes are not saved. Delete scenarios from the library or export to a file.".into(),
            Self::StoreRefused(e) => e.message(lang),
            Self::StoreNotLoaded if vi => "Chưa mở lại được công việc đã lưu trong trình duyệt này: không tải được phần đọc dữ liệu đã lưu của ứng dụng (mạng đang gián đoạn hoặc máy chủ không trả lời). Công việc đã lưu vẫn còn nguyên; để khỏi ghi đè lên nó, trong lần mở này cả kịch bản lẫn tệp số liệu xã đã nhập đều sẽ không được lưu vào trình duyệt. Hãy tải lại trang khi có mạng.".into(),
            Self::StoreNotLoaded => "The work stored in this browser could not be reopened yet: the part of the app that reads it could not be loaded (the network is down or the server did not answer). The stored work is intact; so as not to overwrite it, neither the scenarios nor an imported commune file will be saved in this browser during this visit. Reload the page when the network is back.".into(),
            Self::StoreNotKept(e) if vi => format!(
                "Không đọc được công việc đã lưu trong trình duyệt này: {}; cũng không cất riêng ra được một bản \
                 sao. Để khỏi ghi đè lên nó, lần mở này sẽ không lưu gì vào trình duyệt. Hãy xuất kịch bản ra tệp \
                 JSON để giữ công việc, hoặc xóa dữ liệu của trang này trong trình duyệt để tự động lưu hoạt động lại.",
                e.message(lang)
            ),
            Self::StoreNotKept(e) => format!(
                "The work stored in this browser could not be read: {}; nor could a copy of it be set aside. So as \
                 not to overwrite it, nothing will be saved in this browser during this visit. Export the scenario \
                 to a JSON file to keep your work, or clear this site's data in the browser to let autosave work again.",
                e.message(lang)
            ),
            Self::LinkHouseholds(file, fingerprint) => {
                let print = fingerprint.as_ref().map(|p| format!(", {} {p}", lang.pick("dấu vân tay", "fingerprint")));
                let print = print.unwrap_or_default();
                if vi {
                    format!(
                        "Người gửi dùng tệp hộ gia đình “{file}”{print}: hãy nạp tệp này ở màn hình Dữ liệu để có cùng kết quả dự báo."
                    )
                } else {
                    format!(
                        "The sender used the household file “{file}”{print}: load it on the Data screen for the same projection."
                    )
                }
            }
            Self::HouseholdsRestoring(file) if vi => format!("Đang mở lại tệp hộ gia đình “{file}” đã lưu trong trình duyệt…"),
            Self::HouseholdsRestoring(file) => format!("Reopening the household file “{file}” kept in this browser…"),
            Self::HouseholdsRestored(file) if vi => format!(
                "Đang dùng tệp hộ gia đình “{file}” đã lưu trong trình duyệt: mọi số liệu tính từ tệp này. Có thể bỏ tệp ở màn hình Dữ liệu."
            ),
            Self::HouseholdsRestored(file) => format!(
                "Using the household file “{file}” kept in this browser: every figure comes from it. It can be dropped on the Data screen."
            ),
            Self::HouseholdsLost(file, why) if vi => format!(
                "Không mở lại được tệp hộ gia đình “{file}” đã lưu: {}. Đang dùng lại bộ số liệu; hãy nhập lại tệp ở màn hình Dữ liệu.",
                why.message(lang)
            ),
            Self::HouseholdsLost(file, why) => format!(
                "The household file “{file}” kept in this browser could not be reopened: {}. The dataset is used again; import the file again on the Data screen.",
                why.message(lang)
            ),
            Self::HouseholdsNotKept(words) if vi => format!(
                "Tệp hộ gia đình được dùng trong lần mở này nhưng sẽ không được giữ lại khi tải lại trang: trình duyệt không cho lưu ({words})."
            ),
            Self::HouseholdsNotKept(words) => format!(
                "The household file is used for this visit but will not be kept after a reload: the browser refused to store it ({words})."
            ),
            Self::Dropped(d) => d.message(lang),
            Self::EditRefused(e) => refusal_message(e, lang),
        }
    }
}

/// The notices on screen, newest last.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Vec<(u32, Notice)>>);

impl Notices {
    /// Shows a notice (once: the same notice is not stacked twice).
    pub fn push(&self, notice: Notice) {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        self.0.update(|list| {
            list.retain(|(_, n)| n != &notice);
            list.push((NEXT.fetch_add(1, Ordering::Relaxed), notice));
        });
    }

    /// Removes the notice with this id.
    pub fn dismiss(&self, id: u32) {
        self.0.update(|list| list.retain(|(i, _)| *i != id));
    }

    /// Removes every notice for which `f` holds.
    pub fn clear(&self, f: impl Fn(&Notice) -> bool) {
        self.0.update(|list| list.retain(|(_, n)| !f(n)));
    }
}

/// Whether saving works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// Saved at this time (hh:mm).
    Saved,
    /// Waiting for the debounce.
    Pending,
    /// Storage is off or full, or holds a newer layout: not saving.
    Off,
}

/// The library of named scenarios and the autosave state, provided through context.
#[derive(Clone, Copy)]
pub struct Library {
    /// Named scenarios.
    pub entries: RwSignal<Vec<Entry>>,
    /// Whether the last change is saved.
    pub state: RwSignal<SaveState>,
    /// Autosave is paused for this visit: the stored layout is newer than this version, or it
    /// could not be read nor copied aside; saving would overwrite it.
    paused: StoredValue<bool>,
}

impl Library {
    /// The store as it stands (the planner's current scenario and the library).
    #[must_use]
    pub fn store(&self, planner: Planner) -> Store {
        Store {
            current: Some(planner.history.with_untracked(|h| h.current().clone())),
            library: self.entries.get_untracked(),
        }
    }

    /// Applies `f` to a copy of the library's store; on success the library changes (and
    /// is autosaved).
    ///
    /// # Errors
    /// What `f` returns; the library is then unchanged.
    pub fn change<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let mut store = Store { current: None, library: self.entries.get_untracked() };
        let result = f(&mut store)?;
        self.entries.set(store.library);
        Ok(result)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Now, as dd/mm/yyyy hh:mm in local time.
#[must_use]
pub fn now() -> String {
    let now = js_sys::Date::new_0();
    gnbv_engine::format::date_time(
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes(),
    )
}

/// What the last visit left in local storage, read before the app starts ([`read_stored`]):
/// the imported commune file and the store, parsed.
#[derive(Default)]
pub struct Stored {
    /// The imported commune file with its dataset (`Err`: it no longer reads); `None` when
    /// none is stored (or its record is not one: the built-in figures are used, as before).
    imported: Option<Result<(crate::protocol::Imported, Dataset), StoreError>>,
    /// The store's text and what reading it gave; `None` when nothing is stored.
    store: Option<(String, Result<(Store, Vec<Dropped>), StoreError>)>,
    /// Something is stored but the code that reads it could not be fetched: nothing is read,
    /// and nothing is saved over it during this visit.
    not_loaded: bool,
}

part! { in gnbv_restore;
    /// Reads the stored commune file and the store (on its dataset: the imported one, else
    /// `builtin`): the code that reads stored scenarios, and the paths it names in a refusal,
    /// only a returning visit needs.
    fn read(dataset_text: Option<String>, store_text: Option<String>, builtin: &Dataset) -> Stored {
        let imported = dataset_text
            .and_then(|text| serde_json::from_str::<crate::protocol::Imported>(&text).ok())
            .map(|imported| match imported.dataset_on(builtin) {
                Ok(dataset) => Ok((imported, dataset)),
                Err(e) => Err(StoreError::Unreadable(e.en)),
            });
        let dataset = match &imported {
            Some(Ok((_, dataset))) => dataset,
            _ => builtin,
        };
        let store = store_text.map(|text| {
            let read = Store::from_json(&text, dataset);
            (text, read)
        });
        Stored { imported, store, not_loaded: false }
    }
}

/// Reads what the last visit left in local storage: `None` when it left neither a scenario nor
/// an imported dataset (a first visit, or storage off: the app opens on the default scenario
/// of the built-in dataset). The code that reads it is fetched only when there is something
/// to read.
pub async fn read_stored(builtin: &Dataset) -> Option<Stored> {
    let storage = storage()?;
    let dataset_text = storage.get_item(DATASET_KEY).ok().flatten();
    let store_text = storage.get_item(STORE_KEY).ok().flatten();
    if dataset_text.is_none() && store_text.is_none() {
        return None;
    }
    Some(read(dataset_text, store_text, builtin).await.unwrap_or(Stored { not_loaded: true, ..Stored::default() }))
}

/// The imported commune file the last visit worked on, with its dataset; `None` for the
/// built-in figures (or when the stored file no longer reads, which a notice then says).
pub fn restore_dataset(stored: &mut Stored, notices: Notices) -> Option<(crate::protocol::Imported, Dataset)> {
    match stored.imported.take()? {
        Ok(read) => Some(read),
        Err(e) => {
            notices.push(Notice::StoreRefused(e));
            None
        }
    }
}

/// Switches the planner to `dataset` (an import, or the built-in figures with `None`),
/// remembers the choice, and re-runs nothing by itself: the projection follows the next edit
/// or run. The scenario stays (the units are the same).
pub fn use_dataset(
    planner: Planner,
    library: Library,
    notices: Notices,
    dataset: Dataset,
    imported: Option<crate::protocol::Imported>,
) {
    // While autosave is paused the stored commune file may be one this visit never read
    // (its reading code could not be fetched): it is not replaced either.
    if let Some(s) = storage().filter(|_| !library.paused.get_value()) {
        let saved = match &imported {
            Some(i) => s.set_item(DATASET_KEY, &serde_json::to_string(i).unwrap_or_default()),
            None => s.remove_item(DATASET_KEY),
        };
        if saved.is_err() {
            notices.push(Notice::StorageFull);
        }
    }
    planner.import.set(imported);
    planner.dataset.set(std::sync::Arc::new(dataset));
    // A household file in use counts its households over the new figures.
    crate::population::reapply(planner);
    save_now(planner, library, notices);
}

/// What the last visit left, as [`read_stored`] read it: the scenario to start from (`None`:
/// the defaults) and the library, with notices for whatever could not be restored.
pub fn restore(stored: Stored, notices: Notices) -> (Option<Scenario>, Library) {
    let library = Library {
        entries: RwSignal::new(Vec::new()),
        state: RwSignal::new(SaveState::Saved),
        paused: StoredValue::new(false),
    };
    let Some(storage) = storage() else {
        notices.push(Notice::StorageUnavailable);
        library.state.set(SaveState::Off);
        return (None, library);
    };
    // Writable? (Safari's private mode and a full quota refuse writes but allow reads.)
    if storage.set_item("gnbv.probe", "1").is_err() {
        notices.push(Notice::StorageFull);
        library.state.set(SaveState::Off);
    }
    let _ = storage.remove_item("gnbv.probe");
    if stored.not_loaded {
        // Unread work is never saved over.
        library.paused.set_value(true);
        library.state.set(SaveState::Off);
        notices.push(Notice::StoreNotLoaded);
        return (None, library);
    }
    let Some((text, read)) = stored.store else { return (None, library) };
    match read {
        Ok((store, dropped)) => {
            for d in dropped {
                notices.push(Notice::Dropped(d));
            }
            library.entries.set(store.library);
            (store.current, library)
        }
        Err(e) => {
            // A newer layout is left as it is; a damaged one is copied aside before autosave
            // replaces it. If the copy fails, saving would destroy the only copy: pause.
            let kept_aside = match e {
                StoreError::NewerSchema(_) => false,
                StoreError::Unreadable(_) => storage.set_item(DAMAGED_KEY, &text).is_ok(),
            };
            if !kept_aside {
                library.paused.set_value(true);
                library.state.set(SaveState::Off);
            }
            notices.push(match e {
                StoreError::Unreadable(_) if !kept_aside => Notice::StoreNotKept(e),
                e => Notice::StoreRefused(e),
            });
            (None, library)
        }
    }
}

/// Writes the store now.
fn save_now(planner: Planner, library: Library, notices: Notices) {
    if library.paused.get_value() {
        return;
    }
    let text = library.store(planner).to_json();
    match storage().map(|s| s.set_item(STORE_KEY, &text)) {
        Some(Ok(())) => {
            library.state.set(SaveState::Saved);
            notices.clear(|n| matches!(n, Notice::StorageFull | Notice::StorageUnavailable));
        }
        Some(Err(_)) => {
            library.state.set(SaveState::Off);
            notices.push(Notice::StorageFull);
        }
        None => {
            library.state.set(SaveState::Off);
            notices.push(Notice::StorageUnavailable);
        }
    }
}

/// Saves the scenario shortly after every edit (a burst of typing is one write), the library
/// at once when it changes, and whatever is pending when the page is left.
pub fn autosave(planner: Planner, library: Library, notices: Notices) {
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |previous: Option<()>| {
        planner.history.track();
        if previous.is_none() || library.paused.get_value() {
            return;
        }
        library.state.set(SaveState::Pending);
        timer.set_value(Some(gloo_timers::callback::Timeout::new(AUTOSAVE_MS, move || {
            save_now(planner, library, notices);
        })));
    });
    Effect::new(move |previous: Option<()>| {
        library.entries.track();
        if previous.is_some() {
            save_now(planner, library, notices);
        }
    });
    let flush = move || {
        if library.state.get_untracked() == SaveState::Pending {
            timer.set_value(None);
            save_now(planner, library, notices);
        }
    };
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let on_hidden = window_event_listener(leptos::ev::visibilitychange, move |_| flush());
    on_cleanup(move || {
        on_hide.remove();
        on_hidden.remove();
    });
}

/// Counts the links opened, so that only the latest one applies ([`open_link_in_address`]).
static LINK_GENERATION: AtomicU32 = AtomicU32::new(0);

part! { in gnbv_link;
    /// Reads the share link in `text` (an address's fragment) against `dataset`.
    fn decode_link(text: &str, dataset: &Dataset) -> Result<(Scenario, link::Info), LinkError> {
        link::decode_with(text, dataset)
    }
}

part! { in gnbv_link;
    /// The share link of `scenario` for the page at `base`.
    fn link_url(base: &str, scenario: &Scenario, dataset: &Dataset) -> String {
        link::url(base, scenario, dataset)
    }
}

/// Opens the share link in the page's address, if there is one, then removes it from the
/// address (without a history entry) so that a reload restores the autosaved work instead.
/// The link is read once the code that reads links is there (a part of the page of its own,
/// fetched the first time a link is opened); if it cannot be fetched, a notice says so and
/// the link stays in the address for a reload.
pub fn open_link_in_address(planner: Planner, library: Library, notices: Notices) {
    let Some(window) = web_sys::window() else { return };
    let Ok(hash) = window.location().hash() else { return };
    if !link::has_scenario(&hash) {
        return;
    }
    // A link that arrives while an earlier one is being read wins: the earlier one, once
    // read, changes nothing.
    let generation = LINK_GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    let latest = move || LINK_GENERATION.load(Ordering::Relaxed) == generation;
    let dataset = planner.dataset.get_untracked();
    notices.clear(|n| {
        matches!(n, Notice::LinkFailed(_) | Notice::LinkNotLoaded | Notice::LinkOpened | Notice::LinkHouseholds(..))
    });
    leptos::task::spawn_local(async move {
        let decoded = decode_link(&hash, &dataset).await;
        if !latest() {
            return;
        }
        let Ok(decoded) = decoded else {
            notices.push(Notice::LinkNotLoaded);
            return;
        };
        match decoded {
            Ok((scenario, info)) => {
                // Same figures, but another household file (or none here): the projection differs.
                let ours = planner.households.with_untracked(|h| h.as_ref().map(|h| h.review.fingerprint));
                let theirs = info.fingerprint.as_deref().and_then(|f| u64::from_str_radix(f, 16).ok());
                let missing = info.households.filter(|_| theirs.is_none() || theirs != ours);
                match planner.edit(|s| *s = scenario) {
                    Ok(()) => {
                        // Saved at once: the page may be left or reloaded right away.
                        save_now(planner, library, notices);
                        notices.push(Notice::LinkOpened);
                        if let Some(file) = missing {
                            notices.push(Notice::LinkHouseholds(file, info.fingerprint));
                        }
                    }
                    Err(e) => notices.push(Notice::EditRefused(e)),
                }
            }
            Err(e) => notices.push(Notice::LinkFailed(e)),
        }
        let Some(window) = web_sys::window() else { return };
        if let (Ok(history), Ok(path), Ok(search)) =
            (window.history(), window.location().pathname(), window.location().search())
        {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
        }
    });
}

/// The share link of the planner's current scenario, for the page the user is on; made once
/// the code that makes links is there (a part of the page of its own).
pub async fn share_url(planner: Planner) -> Result<String, NotLoaded> {
    let dataset = planner.dataset.get_untracked();
    let base = web_sys::window()
        .and_then(|w| Some(format!("{}{}", w.location().origin().ok()?, w.location().pathname().ok()?)))
        .unwrap_or_default();
    let scenario = planner.history.with_untracked(|h| h.current().clone());
    link_url(&base, &scenario, &dataset).await
}

/// An edit the scenario's checks refused, naming the field; for a notice or a field's error.
#[must_use]
pub fn refusal_message(error: &ScenarioError, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Không áp dụng thay đổi này: {}. Kịch bản đang làm không thay đổi.", error.message(lang)),
        Lang::En => format!("This change was not applied: {}. Your scenario is unchanged.", error.message(lang)),
    }
}

/// A scenario file's problem, for the import message.
#[must_use]
pub fn import_message(file: &str, error: &ScenarioError, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Không nhập được tệp “{file}”: {}. Không có gì thay đổi.", error.message(lang)),
        Lang::En => format!("The file “{file}” could not be imported: {}. Nothing was changed.", error.message(lang)),
    }
}
