//! The service worker: registered on start; when a new build has been installed and is
//! waiting, the app says so and reloads only when the user agrees, so a page never runs
//! files from two builds.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateState {
    Current,
    /// A new build is installed and waiting for the user to reload.
    Ready,
    /// Another tab switched to the new build; this one should reload when convenient.
    ActivatedElsewhere,
}

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
}

/// How often a tablet left open all day looks for a new build.
const UPDATE_CHECK_MS: i32 = 60 * 60 * 1000;

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent on insecure origins and in some private modes: the app then simply runs online.
    let value = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    value.dyn_into::<ServiceWorkerContainer>().ok()
}

pub fn register(update: RwSignal<UpdateState>) {
    let Some(container) = container() else {
        return;
    };
    let has_controller = {
        let container = container.clone();
        move || container.controller().is_some()
    };

    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if RELOAD_ON_CHANGE.get() {
            reload();
        } else {
            update.set(UpdateState::ActivatedElsewhere);
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let promise = container.register("/sw.js");
    spawn_local(async move {
        let Ok(value) = JsFuture::from(promise).await else {
            leptos::logging::warn!("service worker registration failed; the app works online only");
            return;
        };
        let Ok(registration) = value.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        // The first install has no controller: that is not an update.
        if registration.waiting().is_some() && has_controller() {
            update.set(UpdateState::Ready);
        }
        let reg = registration.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let has_controller = has_controller.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    update.set(UpdateState::Ready);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
        schedule_update_checks(&registration);
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
    });
}

fn schedule_update_checks(registration: &ServiceWorkerRegistration) {
    let reg = registration.clone();
    let check = Closure::<dyn FnMut()>::new(move || {
        // Offline, update() rejects; the next check tries again.
        if let Ok(promise) = reg.update() {
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            UPDATE_CHECK_MS,
        );
    }
    check.forget();
}

/// Switches to the waiting build: the worker takes over, then this page reloads.
pub fn apply_update() {
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
    match waiting {
        Some(worker) => {
            RELOAD_ON_CHANGE.set(true);
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            if worker.post_message(&message).is_err() {
                reload();
            }
        }
        None => reload(),
    }
}

pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
