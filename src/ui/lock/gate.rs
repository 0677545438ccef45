//! The unlock gate around every page: it renders the lock screen *instead of* the page (and its
//! header, navigation and banners), so no pupil data is in the DOM while locked. Whether a page
//! shows is decided from the path alone (`Lock::shows`), in the same render as the route change,
//! so leaving a check never paints the page it was leaving for.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use super::screen::LockScreen;
use super::{now_ms, LockState};
use crate::ui::interval::Interval;

#[component]
pub fn LockGate(children: ChildrenFn) -> impl IntoView {
    let state = LockState::new();
    provide_context(state);
    let pathname = use_location().pathname;

    let shows = Memo::new(move |_| {
        let path = pathname.get();
        state
            .lock
            .with(|l| l.as_ref().is_none_or(|l| l.shows(&path)))
    });

    // The router writes a new path to the address bar only once the new page has rendered; a
    // page the lock screen replaces never renders, so the gate tells the router to go ahead (or
    // the address bar would still show the check that was left).
    let browser = use_context::<BrowserUrl>();

    // The route changed: entering a check confines the app to it, leaving one locks.
    Effect::new(move |_| {
        let path = pathname.get();
        update_if_changed(state, |l| l.navigated(&path));
        if !shows.get_untracked() {
            if let Some(browser) = &browser {
                browser.ready_to_complete();
            }
        }
    });

    // Any pointer, touch or key puts the idle lock off. Untracked: nothing re-renders per tap.
    let activity = move || {
        let now = now_ms();
        state.lock.update_untracked(|l| {
            if let Some(l) = l {
                l.activity(now);
            }
        });
    };
    let listeners = [
        window_event_listener(ev::pointerdown, move |_| activity()),
        window_event_listener(ev::keydown, move |_| activity()),
        window_event_listener(ev::touchstart, move |_| activity()),
        window_event_listener(ev::visibilitychange, move |_| {
            let now = now_ms();
            let hidden = document().hidden();
            update_if_changed(state, |l| {
                if hidden {
                    l.hidden(now)
                } else {
                    l.visible(now)
                }
            });
        }),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));

    // Once a second while a lock is set: the idle timer and the wait countdown.
    let ticker = Interval::start(1000, move || {
        if state.lock.with_untracked(Option::is_none) {
            return;
        }
        let now = now_ms();
        state.now.set(now);
        let path = pathname.get_untracked();
        update_if_changed(state, |l| l.tick(now, &path));
    });
    let ticker = StoredValue::new_local(ticker);
    on_cleanup(move || ticker.update_value(|t| *t = None));

    view! {
        <Show when=move || shows.get() fallback=|| view! { <LockScreen/> }>
            {children()}
        </Show>
    }
}

/// Applies `change` to the lock and notifies only if the lock's state really changed (a tick
/// that changes nothing must not re-render the page).
fn update_if_changed(state: LockState, change: impl FnOnce(&mut crate::domain::lock::Lock)) {
    let Some(mut next) = state.lock.get_untracked() else {
        return;
    };
    let before = next.clone();
    change(&mut next);
    if next != before {
        state.lock.set(Some(next));
    }
}
