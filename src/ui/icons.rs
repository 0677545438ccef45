//! Navigation icons, drawn here as simple line icons so nothing is fetched from elsewhere.

use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Classes,
    Check,
    Progress,
    Practice,
    Records,
    Settings,
}

#[component]
pub fn NavIcon(icon: Icon) -> impl IntoView {
    let path = match icon {
        // two people
        Icon::Classes => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.4c2.1.8 3.5 2.8 3.5 5.6",
        // clipboard with a tick
        Icon::Check => "M9 4h6v3H9zM7 5.5H5.5V21h13V5.5H17M8.5 14l2.5 2.5 4.5-5",
        // bar chart
        Icon::Progress => "M4 20h16M7 20v-6M12 20V8M17 20v-9",
        // house with a heart-ish door
        Icon::Practice => "M3 11l9-7 9 7M5.5 9.5V20h13V9.5M10 20v-5h4v5",
        // a box of files with an arrow out
        Icon::Records => "M4 8h16v12H4zM4 8l2-4h12l2 4M12 11v6M9 14l3 3 3-3",
        // sliders
        Icon::Settings => "M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M16 4v4M10 10v4M18 16v4",
    };
    view! {
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            <path d=path></path>
        </svg>
    }
}
