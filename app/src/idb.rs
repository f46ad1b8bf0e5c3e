//! The browser's IndexedDB, for what is too large for local storage: the imported household
//! file as columns (`gnbv_engine::review::HouseholdFile::to_bytes`, about 20 bytes a
//! household). One database, one object store of byte arrays by key. Every call says what
//! went wrong (the browser's own words) instead of failing silently, so the page can tell the
//! user that a file will not be kept.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "gnbv";
const STORE: &str = "files";

/// The key of the household file in use.
pub const HOUSEHOLDS: &str = "households";

/// The browser's words for a failure (a `DOMException`'s name and message, or the value).
fn words(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    if let Some(request) = value.dyn_ref::<web_sys::Event>().and_then(|e| e.target()) {
        if let Some(error) = request.dyn_ref::<IdbRequest>().and_then(|r| r.error().ok().flatten()) {
            return format!("{}: {}", error.name(), error.message());
        }
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Waits for a request's success (its result) or error.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.map_err(|e| words(&e))?;
    request.result().map_err(|e| words(&e))
}

/// Waits for a transaction to commit (or fail, or be aborted: a full disk, say).
async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| match transaction.error() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => words(&e),
    })
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(|e| words(&e))?
        .ok_or_else(|| "IndexedDB is not available".to_owned())?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).map_err(|e| words(&e))?;
    // First use: create the store (runs before success).
    let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database {
            if !database.object_store_names().contains(STORE) {
                let _ = database.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = done(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    result?.dyn_into::<IdbDatabase>().map_err(|e| words(&e))
}

/// Stores `bytes` under `key`, replacing what was there.
///
/// # Errors
/// The browser's words when it refuses (no IndexedDB, quota exceeded, private mode…).
pub async fn put(key: &str, bytes: &[u8]) -> Result<(), String> {
    let database = open().await?;
    let result = async {
        let transaction =
            database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| words(&e))?;
        let store = transaction.object_store(STORE).map_err(|e| words(&e))?;
        store.put_with_key(&Uint8Array::from(bytes), &JsValue::from_str(key)).map_err(|e| words(&e))?;
        committed(&transaction).await
    }
    .await;
    database.close();
    result
}

/// The bytes stored under `key`, if any.
///
/// # Errors
/// The browser's words when the database cannot be read.
pub async fn get(key: &str) -> Result<Option<Vec<u8>>, String> {
    let database = open().await?;
    let result = async {
        let transaction = database.transaction_with_str(STORE).map_err(|e| words(&e))?;
        let store = transaction.object_store(STORE).map_err(|e| words(&e))?;
        let request = store.get(&JsValue::from_str(key)).map_err(|e| words(&e))?;
        let value = done(&request).await?;
        Ok(value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec))
    }
    .await;
    database.close();
    result
}

/// Removes what is stored under `key`.
///
/// # Errors
/// The browser's words when it cannot.
pub async fn delete(key: &str) -> Result<(), String> {
    let database = open().await?;
    let result = async {
        let transaction =
            database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| words(&e))?;
        let store = transaction.object_store(STORE).map_err(|e| words(&e))?;
        store.delete(&JsValue::from_str(key)).map_err(|e| words(&e))?;
        committed(&transaction).await
    }
    .await;
    database.close();
    result
}
