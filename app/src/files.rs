//! Files the user saves and opens: a download made in the page, and the text of a chosen file.

use wasm_bindgen::JsCast;

/// Offers `parts` (a JS array of strings or byte arrays) as a file named `filename` of type
/// `mime` (a download; nothing leaves the browser).
fn offer(filename: &str, mime: &str, parts: &js_sys::Array) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok()) {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers text `contents` as a file.
pub fn download(filename: &str, mime: &str, contents: &str) {
    offer(filename, mime, &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents)));
}

/// Offers binary `contents` (an .xlsx workbook) as a file.
pub fn download_bytes(filename: &str, mime: &str, contents: &[u8]) {
    offer(filename, mime, &js_sys::Array::of1(&js_sys::Uint8Array::from(contents)));
}
/// The first file chosen in a file input, as (name, text); `None` when no file is chosen or
/// it cannot be read as text.
pub async fn read_chosen(input: &web_sys::HtmlInputElement) -> Option<(String, String)> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?.as_string()?;
    Some((file.name(), text))
}

/// The first file chosen in a file input, as (name, bytes).
pub async fn read_chosen_bytes(input: &web_sys::HtmlInputElement) -> Option<(String, Vec<u8>)> {
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}
