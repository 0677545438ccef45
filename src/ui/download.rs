//! Saving a file the app made (an export, a backup) through the browser's download.

use wasm_bindgen::JsCast;

/// Offers `text` as a download called `name`. Returns a message if the browser refused.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = || format!("The browser would not save {name}.");
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(fail)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail())?
        .dyn_into()
        .map_err(|_| fail())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The click has started the download; the URL is not needed after this turn.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a chosen file as text; bytes that are not UTF-8 become U+FFFD, so a wrong file
/// still reaches the format check and gets its message there.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("The file {} could not be read.", file.name()))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
