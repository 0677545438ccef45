//! The Classes page's notice about WebKit's 7-day deletion rule, with an illustrated guide to
//! Add to Home Screen. Whether to show it, and what it says, is `domain::eviction`.

use leptos::prelude::*;

use super::browser;
use super::data::now;
use crate::domain::eviction::{eviction_notice, Platform};
use crate::storage::prefs;

#[component]
pub fn SafariNotice() -> impl IntoView {
    let detected = browser::detect();
    let notice = eviction_notice(detected.facts(), prefs::last_backup(), now())?;
    let class = if notice.installed {
        "eviction-notice eviction-safe"
    } else {
        "eviction-notice"
    };
    let platform = notice.platform;
    let guide = (!notice.installed).then(|| view! { <InstallGuide platform=platform/> });
    Some(view! {
        <section class=class data-testid="safari-notice" aria-labelledby="eviction-heading">
            <h2 id="eviction-heading">{notice.headline}</h2>
            <p>{notice.detail}</p>
            {guide}
            <p class="eviction-backup">
                <strong data-testid="days-since-backup">{notice.backup}</strong>
                " "
                <a class="button secondary" href="/records#backup">"Go to backups"</a>
            </p>
        </section>
    })
}

/// How to install: on iPad and iPhone, Share → Add to Home Screen; in Safari 17 and later on
/// a Mac, File → Add to Dock. Then open it from its icon.
#[component]
fn InstallGuide(platform: Platform) -> impl IntoView {
    let (label, open_from) = match platform {
        Platform::Mac => ("How to add ReadBy7 to the Dock", "the Dock"),
        _ => (
            "How to add ReadBy7 to the Home Screen",
            "its icon on the Home Screen",
        ),
    };
    let steps = match platform {
        Platform::Mac => view! {
            <li>
                <span class="a2hs-menu-row" aria-hidden="true"><GuideIcon d=ADD/>"Add to Dock…"</span>
                <span>"In Safari's menu bar choose "<strong>"File › Add to Dock"</strong>", then "<strong>"Add"</strong>"."</span>
            </li>
        }
        .into_any(),
        Platform::IPad | Platform::IPhone => {
            let where_share = if platform == Platform::IPhone {
                "at the bottom of the screen"
            } else {
                "at the top right, beside the address"
            };
            view! {
                <li>
                    <GuideIcon d=SHARE/>
                    <span>"Tap "<strong>"Share"</strong>" (the square with an arrow) "{where_share}"."</span>
                </li>
                <li>
                    <span class="a2hs-menu-row" aria-hidden="true"><GuideIcon d=ADD/>"Add to Home Screen"</span>
                    <span>"Scroll down the list and tap "<strong>"Add to Home Screen"</strong>", then "<strong>"Add"</strong>"."</span>
                </li>
            }
            .into_any()
        }
    };
    view! {
        <ol class="a2hs-guide" aria-label=label>
            {steps}
            <li>
                <img src="/icons/icon-192.png" alt="" width="40" height="40" class="a2hs-app-icon"/>
                <span>{format!("Open ReadBy7 from {open_from} from now on.")}</span>
            </li>
        </ol>
    }
}

/// Safari's Share icon: a box with an arrow pointing up out of it.
const SHARE: &str = "M8.5 9H6.5v11.5h11V9h-2M12 2.5v12M8.5 6 12 2.5 15.5 6";
/// The plus in a rounded square beside "Add to Home Screen" in Safari's share list.
const ADD: &str =
    "M7.5 3.5h9a4 4 0 0 1 4 4v9a4 4 0 0 1-4 4h-9a4 4 0 0 1-4-4v-9a4 4 0 0 1 4-4zM12 8v8M8 12h8";

/// A line drawing of one of Safari's controls, so the guide shows what to look for.
#[component]
fn GuideIcon(d: &'static str) -> impl IntoView {
    view! {
        <svg class="a2hs-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <path d=d></path>
        </svg>
    }
}
