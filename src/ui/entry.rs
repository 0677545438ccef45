//! Before the router starts: a cold link's form (`/report/?id=…`, `/practice/`) is turned back
//! into the path the router knows (`/report/…`, `/practice`). The rule is
//! `domain::entry::canonical_path`; this file only reads and rewrites the address bar.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsValue;

use super::pages::NotFound;
use crate::domain::entry::canonical_path;

pub fn restore_route() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    let Some(url) = canonical_path(&path, &search) else {
        return;
    };
    if let Ok(history) = window.history() {
        // If the browser refuses, the address stays as it came and the router shows its
        // "page not found", which names the address: nothing is lost.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{url}{hash}")));
    }
}

/// A cold link followed from inside the app (`/report/?id=…` is also the href the app shows):
/// the router goes on to the canonical path, replacing this one in the history.
#[component]
pub fn ColdLink() -> impl IntoView {
    let location = use_location();
    let target = canonical_path(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    );
    match target {
        Some(path) => view! {
            <Redirect path=path options=NavigateOptions { replace: true, ..Default::default() }/>
        }
        .into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}
