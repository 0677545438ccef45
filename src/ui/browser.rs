//! What the browser says about itself, for `domain::eviction` (which decides what it means).

use wasm_bindgen::JsValue;

use crate::domain::eviction::BrowserFacts;

pub struct Detected {
    user_agent: String,
    standalone: bool,
    max_touch_points: u32,
}

impl Detected {
    pub fn facts(&self) -> BrowserFacts<'_> {
        BrowserFacts {
            user_agent: &self.user_agent,
            standalone: self.standalone,
            max_touch_points: self.max_touch_points,
        }
    }
}

/// Reads navigator.userAgent, navigator.maxTouchPoints and whether the app runs installed:
/// `display-mode: standalone` (the manifest asks for it) or Safari's own navigator.standalone.
/// Anything the browser will not say counts as "an ordinary browser tab".
pub fn detect() -> Detected {
    let Some(window) = web_sys::window() else {
        return Detected {
            user_agent: String::new(),
            standalone: false,
            max_touch_points: 0,
        };
    };
    let navigator = window.navigator();
    let display_standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    let safari_standalone = js_sys::Reflect::get(&navigator, &JsValue::from_str("standalone"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    Detected {
        user_agent: navigator.user_agent().unwrap_or_default(),
        standalone: display_standalone || safari_standalone,
        max_touch_points: u32::try_from(navigator.max_touch_points()).unwrap_or(0),
    }
}
