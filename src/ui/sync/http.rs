//! Sends the replicator's requests with `fetch`, and nothing else: no retries, no caching, no
//! cookies (the `Authorization` header the replicator gives is the only credential).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::sync::{HttpRequest, HttpResponse, Method, NoAnswer};

/// A request with no answer by then is given up (`NoAnswer`); the next round resumes.
const TIMEOUT_MS: i32 = 60_000;

pub async fn send(request: &HttpRequest) -> Result<HttpResponse, NoAnswer> {
    let window = web_sys::window().ok_or(NoAnswer)?;
    let init = web_sys::RequestInit::new();
    init.set_method(match request.method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
    });
    let headers = web_sys::Headers::new().map_err(|_| NoAnswer)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(|_| NoAnswer)?;
    }
    if let Some(body) = &request.body {
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| NoAnswer)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    let abort = web_sys::AbortController::new().ok();
    if let Some(abort) = &abort {
        init.set_signal(Some(&abort.signal()));
    }
    // The timer only aborts; if the answer came first, aborting a finished fetch does nothing.
    let timer = abort.clone().and_then(|abort| {
        let cb = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), TIMEOUT_MS)
            .ok()
    });
    let answer = async {
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
                .await
                .map_err(|_| NoAnswer)?
                .dyn_into()
                .map_err(|_| NoAnswer)?;
        let status = response.status();
        let text = JsFuture::from(response.text().map_err(|_| NoAnswer)?)
            .await
            .map_err(|_| NoAnswer)?;
        Ok(HttpResponse {
            status,
            body: text.as_string().unwrap_or_default(),
        })
    }
    .await;
    if let Some(id) = timer {
        window.clear_timeout_with_handle(id);
    }
    answer
}
