//! Timing marks for the benchmark script (`./dev.sh bench`): a `performance.measure` entry per
//! stored tap, from the tap event to the committed IndexedDB transaction. Cheap, and invisible
//! to users.

use wasm_bindgen::JsValue;

/// Records a measure named `name` that started at `start` (a DOMHighResTimeStamp, such as an
/// event's `timeStamp`) and ends now.
pub fn measure_since(name: &str, start: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &JsValue::from_f64(start));
    let _ = js_sys::Reflect::set(
        &options,
        &"end".into(),
        &JsValue::from_f64(performance.now()),
    );
    if let Ok(measure) = js_sys::Reflect::get(&performance, &"measure".into()) {
        if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(measure) {
            let _ = f.call2(&performance, &JsValue::from_str(name), &options);
        }
    }
}
