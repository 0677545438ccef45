//! What the browser says about this site's storage: persistence and quota.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::quota::{Persistence, StorageEstimate};

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let value = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    value.dyn_into::<web_sys::StorageManager>().ok()
}

async fn ask(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Persistence {
    let Ok(promise) = promise else {
        return Persistence::Unsupported;
    };
    match JsFuture::from(promise).await.map(|v| v.as_bool()) {
        Ok(Some(true)) => Persistence::Granted,
        Ok(Some(false)) => Persistence::NotGranted,
        _ => Persistence::Unsupported,
    }
}

/// Asks the browser not to evict ReadBy7's data under storage pressure (called once on start).
pub async fn request_persistence() -> Persistence {
    match storage_manager() {
        Some(manager) => ask(manager.persist()).await,
        None => Persistence::Unsupported,
    }
}

/// Whether persistence is in force now, without asking again.
pub async fn persistence() -> Persistence {
    match storage_manager() {
        Some(manager) => ask(manager.persisted()).await,
        None => Persistence::Unsupported,
    }
}

pub async fn estimate() -> Option<StorageEstimate> {
    let promise = storage_manager()?.estimate().ok()?;
    let value = JsFuture::from(promise).await.ok()?;
    let number = |name: &str| {
        js_sys::Reflect::get(&value, &name.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|n| n.max(0.0) as u64)
    };
    Some(StorageEstimate {
        usage: number("usage")?,
        quota: number("quota")?,
    })
}
