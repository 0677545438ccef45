//! Where sync stands, always in view (the header), and the Classes page's notice when this
//! device has gone too long without syncing. Both show nothing on a device that does not sync.

use leptos::prelude::*;

use super::use_sync;
use crate::domain::sync::{last_synced_words, waiting_words};

/// The header's sync status: a link to Settings → School sync.
#[component]
pub fn SyncStatusLink() -> impl IntoView {
    let sync = use_sync();
    move || {
        let setup = sync.setup.get()?;
        let waiting = sync.waiting.get().filter(|n| *n > 0);
        let (class, text) = if sync.running.get() {
            ("sync-status sync-running", "Syncing…".to_string())
        } else if sync.error.with(Option::is_some) {
            ("sync-status sync-problem", "Sync problem".to_string())
        } else {
            let last = last_synced_words(setup.last_synced_at, sync.now.get());
            let text = match last.as_str() {
                "never" => "Not synced yet".to_string(),
                _ => format!("Synced {last}"),
            };
            ("sync-status", text)
        };
        let detail = waiting.map(|n| format!(" · {}", waiting_words(n)));
        Some(view! {
            <a class=class href="/settings#school-sync" data-testid="sync-status"
                title="School sync: open its settings">
                <span class="sync-dot" aria-hidden="true"></span>
                <span>{text}{detail}</span>
            </a>
        })
    }
}

/// "This tablet has not synced for 5 days", on the Classes page.
#[component]
pub fn OverdueNotice() -> impl IntoView {
    let sync = use_sync();
    move || {
        let setup = sync.setup.get()?;
        let days = setup.overdue_days(sync.now.get())?;
        Some(view! {
            <section class="card sync-overdue" role="status" data-testid="sync-overdue">
                <h2>{format!("This device has not synced with the school for {days} days")}</h2>
                <p>"Results made here since then are only on this device. Connect it to the school's network and open ReadBy7, or press Sync now."</p>
                {sync.error.get().map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                <a class="button secondary" href="/settings#school-sync">"Open School sync"</a>
            </section>
        })
    }
}
