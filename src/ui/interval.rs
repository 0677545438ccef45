//! A repeating timer that stops when dropped. The handle is kept as the JavaScript value the
//! browser returned: web-sys's `set_interval` narrows it to `i32`, which breaks with timer ids
//! beyond that range (fake clocks in tests use them), leaving a dropped callback firing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub struct Interval {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn start(every_ms: u32, callback: impl FnMut() + 'static) -> Option<Interval> {
        let window = web_sys::window()?;
        let callback = Closure::<dyn FnMut()>::new(callback);
        let set: js_sys::Function = js_sys::Reflect::get(&window, &"setInterval".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let handle = set
            .call2(
                &window,
                callback.as_ref().unchecked_ref(),
                &JsValue::from(every_ms),
            )
            .ok()?;
        Some(Interval {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        let clear = web_sys::window().and_then(|w| {
            let f = js_sys::Reflect::get(&w, &"clearInterval".into()).ok()?;
            Some((w, f.dyn_into::<js_sys::Function>().ok()?))
        });
        if let Some((window, clear)) = clear {
            let _ = clear.call1(&window, &self.handle);
        }
    }
}

/// A one-off timer that is cancelled when dropped.
pub struct Timeout {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn start(after_ms: u32, callback: impl FnOnce() + 'static) -> Option<Timeout> {
        let window = web_sys::window()?;
        let mut once = Some(callback);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = once.take() {
                f();
            }
        });
        let set: js_sys::Function = js_sys::Reflect::get(&window, &"setTimeout".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let handle = set
            .call2(
                &window,
                callback.as_ref().unchecked_ref(),
                &JsValue::from(after_ms),
            )
            .ok()?;
        Some(Timeout {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        let clear = web_sys::window().and_then(|w| {
            let f = js_sys::Reflect::get(&w, &"clearTimeout".into()).ok()?;
            Some((w, f.dyn_into::<js_sys::Function>().ok()?))
        });
        if let Some((window, clear)) = clear {
            let _ = clear.call1(&window, &self.handle);
        }
    }
}
