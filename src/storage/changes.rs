//! Who hears about a write. Every write names the stores it changed, once its transaction has
//! committed; views subscribe to the stores they read, so a write to `pupils` refreshes what
//! shows pupils and never a check screen that reads nothing after it opened. Other tabs of the
//! same database hear it too (a `BroadcastChannel`), so a class imported in one tab, or
//! records a sync pulled, show in the others.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The stores a view can read. `meta` is not here: nothing a view shows lives in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Store {
    Classes,
    Pupils,
    Sessions,
    Audio,
}

impl Store {
    pub const ALL: [Store; 4] = [Store::Classes, Store::Pupils, Store::Sessions, Store::Audio];

    /// The IndexedDB object store's name.
    pub fn name(self) -> &'static str {
        match self {
            Store::Classes => "classes",
            Store::Pupils => "pupils",
            Store::Sessions => "sessions",
            Store::Audio => super::db::AUDIO,
        }
    }

    fn from_name(name: &str) -> Option<Store> {
        Store::ALL.into_iter().find(|s| s.name() == name)
    }
}

type Listener = Rc<dyn Fn(&[Store])>;

/// The listeners of one open database, shared by every clone of its `Db`.
pub(crate) struct ChangeHub {
    listeners: RefCell<Vec<Listener>>,
    channel: Option<web_sys::BroadcastChannel>,
    // Kept alive as long as the channel listens.
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl ChangeHub {
    /// A hub for the database `name`; tabs with the same database share its channel.
    pub(crate) fn new(name: &str) -> Rc<ChangeHub> {
        Rc::new_cyclic(|weak: &std::rc::Weak<ChangeHub>| {
            // Without BroadcastChannel (very old browsers) other tabs simply refresh on reload.
            let channel = web_sys::BroadcastChannel::new(&format!("{name}:changes")).ok();
            let on_message = channel.as_ref().map(|channel| {
                let weak = weak.clone();
                let closure = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |e: web_sys::MessageEvent| {
                        let stores: Vec<Store> = js_sys::Array::from(&e.data())
                            .iter()
                            .filter_map(|v| v.as_string())
                            .filter_map(|n| Store::from_name(&n))
                            .collect();
                        if let Some(hub) = weak.upgrade() {
                            hub.tell_listeners(&stores);
                        }
                    },
                );
                channel.set_onmessage(Some(closure.as_ref().unchecked_ref()));
                closure
            });
            ChangeHub {
                listeners: RefCell::new(Vec::new()),
                channel,
                _on_message: on_message,
            }
        })
    }

    pub(crate) fn subscribe(&self, listener: Listener) {
        self.listeners.borrow_mut().push(listener);
    }

    /// Called after a transaction that wrote `stores` has committed.
    pub(crate) fn announce(&self, stores: &[Store]) {
        if stores.is_empty() {
            return;
        }
        self.tell_listeners(stores);
        if let Some(channel) = &self.channel {
            let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s.name())).collect();
            // A closed channel only costs other tabs their refresh.
            let _ = channel.post_message(&names);
        }
    }

    fn tell_listeners(&self, stores: &[Store]) {
        // A snapshot: a listener may subscribe another while it runs, so no borrow is held
        // across calls into the UI.
        let listeners: Vec<Listener> = self.listeners.borrow().clone();
        for listener in listeners {
            listener(stores);
        }
    }

    pub(crate) fn close(&self) {
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
        self.listeners.borrow_mut().clear();
    }
}
