//! Writing a check session from a check screen. Every runner (screening, progress, fluency)
//! stores the whole session on each tap and, at the end, stores it and opens the next page;
//! these two functions are that, once.

use leptos::prelude::*;
use leptos_router::NavigateOptions;

use super::perf::measure_since;
use super::state::AppState;
use crate::domain::model::CheckSession;

/// Stores `next` at once, merged mark by mark with the copy stored now (a second tab on the
/// same check keeps its marks too; IndexedDB commits in order). A failure is shown in
/// `problem`; `tapped_at` (the tap event's timestamp) feeds the benchmark's tap-to-stored
/// measure.
pub fn save_mark(
    app: AppState,
    next: CheckSession,
    tapped_at: Option<f64>,
    problem: RwSignal<Option<String>>,
) {
    let Some(db) = app.db() else {
        problem.set(Some(
            "The database is not open, so this change was not saved.".into(),
        ));
        return;
    };
    leptos::task::spawn_local(async move {
        match db.put_session_merged(&next).await {
            Ok(_) => {
                problem.set(None);
                if let Some(t) = tapped_at {
                    measure_since("readby7:tap-to-stored", t);
                }
            }
            Err(e) => problem.set(Some(format!("The last change was NOT saved: {e}"))),
        }
    });
}

/// Stores `session` (merged with the stored copy, as `save_mark` does), then opens `path`; on
/// failure stays put and says why.
pub fn save_then_open(
    app: AppState,
    session: CheckSession,
    path: String,
    navigate: impl Fn(&str, NavigateOptions) + 'static,
    problem: RwSignal<Option<String>>,
) {
    let Some(db) = app.db() else {
        problem.set(Some(
            "The database is not open, so the check was not saved.".into(),
        ));
        return;
    };
    leptos::task::spawn_local(async move {
        match db.put_session_merged(&session).await {
            Ok(_) => navigate(&path, Default::default()),
            Err(e) => problem.set(Some(format!("The check could not be saved: {e}"))),
        }
    });
}
