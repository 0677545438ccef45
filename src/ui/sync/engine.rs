//! When a round runs, and one round from start to end.
//!
//! A round runs when the app opens on the school's data, when the network comes back, a few
//! seconds after a change is saved here (a check finished, a pupil edited: never on the tap
//! itself), every few minutes while the app is open, and when "Sync now" is pressed. One round
//! at a time per tab; a reason to sync that comes during a round runs one more round after it.
//! A failed round that can be retried waits as `retry_after_seconds` says (5 s doubling to
//! 10 minutes). The demo school never syncs.
//!
//! Nothing of a round runs while a check is on screen: a round (reading and hashing every
//! record, writing what it pulled) holds the page's one thread for a moment, and the adult's
//! taps come first. A reason to sync during a check waits until the check screen has gone
//! (the check's last save is itself a reason); a round already running when a check opens
//! pauses between its steps, which is safe at any point.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{http, RoundError, SyncHandle};
use crate::domain::sync::{
    retry_after_seconds, waiting, Action, Replicator, SchoolSettings, SchoolStamp, SyncConfig,
    SyncKeys, SyncReport,
};
use crate::storage::{self, sync_setup, Db};
use crate::ui::data::now;
use crate::ui::interval::{Interval, Timeout};
use crate::ui::state::{AppState, DbState};

/// Documents per `_changes` page and per push batch.
const BATCH: usize = 100;
/// A change saved here is sent this long after the last one (a run of marks goes in one round).
const AFTER_CHANGE_MS: u32 = 4_000;
/// While the app is open, a round at least this often (another device's results arrive).
const EVERY_MS: u32 = 3 * 60_000;

#[derive(Default)]
struct Scheduler {
    running: bool,
    again: bool,
    /// The round in progress is writing: the change notifications are its own.
    applying: bool,
    failures: u32,
    retry: Option<Timeout>,
    soon: Option<Timeout>,
    soon_pending: bool,
    timers: Option<(Interval, Interval)>,
    online: Option<Closure<dyn FnMut()>>,
}

thread_local! {
    static SCHEDULER: RefCell<Scheduler> = RefCell::new(Scheduler::default());
}

fn with<T>(f: impl FnOnce(&mut Scheduler) -> T) -> T {
    SCHEDULER.with(|s| f(&mut s.borrow_mut()))
}

/// Provides the sync handle and starts the triggers. Called once, by `App`.
pub fn start(app: AppState) -> SyncHandle {
    let sync = SyncHandle::new();
    provide_context(sync);
    // Each database opened (the real one at start, again after leaving the demo) gets a round
    // and sends its later changes.
    Effect::new(move |_| {
        if let DbState::Ready(db) = app.db.get() {
            if !app.demo.get_untracked() {
                db.on_change(move |_| {
                    if !with(|s| s.applying) {
                        soon(app, sync);
                    }
                });
                kick(app, sync);
            }
        }
    });
    let every = Interval::start(EVERY_MS, move || kick(app, sync));
    let clock = Interval::start(30_000, move || sync.now.set(now()));
    let online = Closure::<dyn FnMut()>::new(move || kick(app, sync));
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    }
    with(|s| {
        s.timers = every.zip(clock);
        s.online = Some(online);
    });
    sync
}

/// The real database when this device syncs (never the demo school's).
fn school_db(app: AppState, sync: SyncHandle) -> Option<Db> {
    if app.demo.get_untracked() || sync.setup.with_untracked(Option::is_none) {
        return None;
    }
    match app.db.get_untracked() {
        DbState::Ready(db) => Some(db),
        _ => None,
    }
}

/// A round in a few seconds, after the changes of a moment are all saved.
fn soon(app: AppState, sync: SyncHandle) {
    if with(|s| s.soon_pending) {
        return;
    }
    let timer = Timeout::start(AFTER_CHANGE_MS, move || {
        with(|s| s.soon_pending = false);
        kick(app, sync);
    });
    with(|s| {
        s.soon_pending = timer.is_some();
        s.soon = timer;
    });
}

/// Whether a check screen (screening, progress or fluency) is showing.
fn check_on_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".check-screen").ok().flatten())
        .is_some()
}

/// Resolves once no check is on screen (looking again every second).
async fn after_any_check() {
    while check_on_screen() {
        let (done, wait) = futures_channel();
        let timer = Timeout::start(1000, done);
        wait.await;
        drop(timer);
    }
}

/// A one-shot signal: the first half fires it, the second awaits it.
fn futures_channel() -> (
    impl FnOnce() + 'static,
    impl std::future::Future<Output = ()>,
) {
    let mut resolve_fn = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_fn = Some(resolve));
    let fire = move || {
        if let Some(f) = resolve_fn {
            let _ = f.call0(&JsValue::UNDEFINED);
        }
    };
    let wait = async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    };
    (fire, wait)
}

/// Runs a round now, or right after the one in progress; during a check, once it is over.
pub fn kick(app: AppState, sync: SyncHandle) {
    if school_db(app, sync).is_none() {
        return;
    }
    if check_on_screen() {
        soon(app, sync);
        return;
    }
    let start = with(|s| {
        if s.running {
            s.again = true;
            false
        } else {
            s.running = true;
            true
        }
    });
    if !start {
        return;
    }
    sync.running.set(true);
    spawn_local(async move {
        loop {
            let outcome = match school_db(app, sync) {
                Some(db) => round(app, sync, &db).await.map(|r| (db, r)),
                None => break,
            };
            let again = finish(app, sync, outcome).await;
            if !again {
                break;
            }
        }
        with(|s| {
            s.running = false;
            s.again = false;
        });
        sync.running.set(false);
    });
}

/// Records the outcome; says whether to run another round at once.
async fn finish(
    app: AppState,
    sync: SyncHandle,
    outcome: Result<(Db, SyncReport), RoundError>,
) -> bool {
    match outcome {
        Ok((db, report)) => {
            sync.setup.update(|setup| {
                if let Some(setup) = setup {
                    setup.last_synced_at = Some(now());
                    // Lost, "last synced" only reads older until the next round.
                    let _ = sync_setup::save(setup);
                }
            });
            if let Ok(devices) = db.devices_seen().await {
                sync.devices.set(devices);
            }
            sync.error.set(None);
            sync.last_report.set(Some(report));
            let again = with(|s| {
                s.failures = 0;
                s.retry = None;
                std::mem::take(&mut s.again)
            });
            if !again {
                sync.waiting.set(Some(0));
            }
            again
        }
        Err(e) => {
            let retry = e.retries();
            sync.error.set(Some(e));
            let failures = with(|s| {
                s.again = false;
                s.failures += 1;
                s.failures
            });
            if retry {
                let timer = Timeout::start(retry_after_seconds(failures) * 1000, move || {
                    kick(app, sync)
                });
                with(|s| s.retry = timer);
            }
            false
        }
    }
}

fn nonce() -> [u8; 12] {
    let mut bytes = [0u8; 12];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // uuid draws from the same WebCrypto source through getrandom; a nonce is never zeros.
        bytes.copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..12]);
    }
    bytes
}

/// This device's school record as it is now.
fn school_now(app: AppState, db: &Db) -> SchoolSettings {
    app.settings
        .with_untracked(|s| SchoolSettings::stamped(s, sync_setup::school_stamp(), db.device_id()))
}

async fn round(app: AppState, sync: SyncHandle, db: &Db) -> Result<SyncReport, RoundError> {
    let Some(setup) = sync.setup.get_untracked() else {
        return Ok(SyncReport::default());
    };
    let join = setup.join_settings().map_err(RoundError::Setup)?;
    let school = school_now(app, db);
    let recordings = school.recordings;
    let snapshot = db.sync_snapshot(school, recordings).await?;
    sync.waiting.set(Some(waiting(
        &SyncKeys::derive(&join.key),
        &snapshot,
        recordings,
    )));
    let config = SyncConfig {
        join,
        device_id: db.device_id(),
        device_label: setup.device_label.clone(),
        recordings,
        batch_size: BATCH,
    };
    let session = uuid::Uuid::new_v4().simple().to_string();
    let mut replicator = Replicator::new(config, snapshot, session, now(), Box::new(nonce));
    let mut action = replicator.start();
    loop {
        after_any_check().await;
        action = match action {
            Action::Http(request) => {
                let reply = http::send(&request).await;
                replicator.on_http(reply)
            }
            Action::Write(write) => {
                let mine = school_now(app, db);
                with(|s| s.applying = true);
                let applied = db.apply_sync_write(replicator.keys(), &write, &mine).await;
                with(|s| s.applying = false);
                if let Some(school) = applied?.school {
                    let settings = app.settings.with_untracked(|s| school.apply_to(s));
                    storage::settings::save_from_school(&settings, &SchoolStamp::of(&school))?;
                    app.settings.set(settings);
                }
                replicator.on_written()
            }
            Action::Done(report) => return Ok(report),
            Action::Failed(e) => return Err(RoundError::Sync(e)),
        }
    }
}
