//! Files: saving bytes as a download, reading files the user picked or
//! dropped, and copying text to the clipboard.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("không có trang")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file's name and text.
pub struct PickedFile {
    pub name: String,
    pub size: f64,
    pub text: Result<String, String>,
}

/// The files of a list (a file input's or a drop's), taken out now: the
/// list is live and empties when the input is cleared.
pub fn take(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Why a file is not read: larger than `max_bytes`.
fn too_large(size: f64, max_bytes: usize) -> Option<String> {
    (size > max_bytes as f64).then(|| {
        format!(
            "Tệp quá lớn: {:.1} MB, giới hạn là {} MB.",
            size / 1_048_576.0,
            max_bytes / 1_048_576
        )
    })
}

/// Reads files as UTF-8 text. `max_bytes` guards against huge files: those
/// are not read at all.
pub async fn read_all(files: Vec<web_sys::File>, max_bytes: usize) -> Vec<PickedFile> {
    let mut out = Vec::new();
    for file in files {
        let size = file.size();
        let text = if let Some(why) = too_large(size, max_bytes) {
            Err(why)
        } else {
            JsFuture::from(file.text())
                .await
                .map_err(describe)
                .and_then(|v| {
                    v.as_string()
                        .ok_or_else(|| "tệp không phải văn bản".to_string())
                })
        };
        out.push(PickedFile {
            name: file.name(),
            size,
            text,
        });
    }
    out
}

/// A file's name and bytes.
pub struct PickedBytes {
    pub name: String,
    pub bytes: Result<Vec<u8>, String>,
}

/// Reads a file's bytes (a `.docx` is a ZIP, not text); files larger than
/// `max_bytes` are not read.
pub async fn read_bytes(file: web_sys::File, max_bytes: usize) -> PickedBytes {
    let bytes = match too_large(file.size(), max_bytes) {
        Some(why) => Err(why),
        None => JsFuture::from(file.array_buffer())
            .await
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
            .map_err(describe),
    };
    PickedBytes {
        name: file.name(),
        bytes,
    }
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("không có cửa sổ")?
        .navigator()
        .clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(describe)
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "lỗi không rõ".into())
}
