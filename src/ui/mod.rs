//! Leptos components and pages. They hold view state only: rules come from `domain`,
//! every byte kept goes through `storage`.

mod app;
mod browser;
mod creature;
mod data;
mod download;
mod entry;
mod icons;
mod interval;
mod lock;
mod pages;
mod perf;
mod pwa;
mod recorder;
mod safari_notice;
mod saving;
mod state;
mod sync;
mod widgets;

pub use state::{AppState, DbState};

/// Mounts the app. The database is opened by a task the app spawns once mounted
/// (spawning before mounting crashes the release build: mounting starts the executor).
pub fn mount() {
    // Before the router reads the address: cold links come back to the router's paths.
    entry::restore_route();
    leptos::mount::mount_to_body(app::App);
}
