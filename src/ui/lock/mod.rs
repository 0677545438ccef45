//! The staff lock in the browser: its state shared through context, checking a typed code
//! against the stored hash (with the wrong-code waits), and setting a passcode. The rules are in
//! `domain::lock`; the components are in this folder's other files.

mod crypto;
mod gate;
mod screen;
mod settings;

pub use gate::LockGate;
pub use settings::{LockOffer, StaffLockCard};

use leptos::prelude::*;

use crate::domain::lock::{
    normalize_passcode, normalize_recovery_code, recovery_code, Attempts, Lock, LockRecord,
    PasscodeKind, RECOVERY_BYTES,
};
use crate::storage;

/// The one clock the lock reads: wall-clock milliseconds, so a wait survives a reload, and so
/// Playwright's fake clock drives idle and back-off in the e2e tests.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

#[derive(Clone, Copy)]
pub struct LockState {
    /// The stored record; `None`: no passcode is set on this device.
    pub record: RwSignal<Option<LockRecord>>,
    /// The lock's state on this page; `None` when no passcode is set.
    pub lock: RwSignal<Option<Lock>>,
    /// A stored lock that could not be read: the app stays locked and says why.
    pub damaged: RwSignal<Option<String>>,
    /// Ticks every second while a lock is set, for the idle timer and the wait countdown.
    pub now: RwSignal<u64>,
}

impl LockState {
    fn new() -> Self {
        let now = now_ms();
        let (record, damaged) = match storage::lock::load() {
            Ok(record) => (record, None),
            Err(e) => (None, Some(e.to_string())),
        };
        let lock = match (&record, &damaged) {
            (Some(r), _) => Some(Lock::opened(r.idle_ms(), now)),
            // Fail closed: a lock record that cannot be read keeps the app locked.
            (None, Some(_)) => Some(Lock::opened(u64::MAX, now)),
            (None, None) => None,
        };
        LockState {
            record: RwSignal::new(record),
            lock: RwSignal::new(lock),
            damaged: RwSignal::new(damaged),
            now: RwSignal::new(now),
        }
    }

    /// The right code was entered on `path`.
    pub fn unlock(self, path: &str) {
        let now = now_ms();
        self.lock.update(|l| {
            if let Some(l) = l {
                l.unlocked(now, path);
            }
        });
    }

    pub fn lock_now(self) {
        self.lock.update(|l| {
            if let Some(l) = l {
                l.lock_now();
            }
        });
    }
}

pub fn use_lock() -> LockState {
    // Provided by `LockGate`, which wraps every page; missing context is a programming error.
    expect_context::<LockState>()
}

/// Which stored secret a typed code is checked against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    Passcode,
    Recovery,
}

/// Why a typed code did not unlock.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Too many wrong codes: no try until this many milliseconds have passed.
    Wait(u64),
    /// Wrong; the next try waits this long (0: at once).
    Wrong(u64),
    Problem(String),
}

impl Refusal {
    pub fn message(&self, what: &str) -> String {
        use crate::domain::lock::wait_text;
        match self {
            Refusal::Wait(ms) => format!("Too many wrong codes. Try again in {}.", wait_text(*ms)),
            Refusal::Wrong(0) => format!("That is not the {what}. Try again."),
            Refusal::Wrong(ms) => format!(
                "That is not the {what}. Too many wrong codes: try again in {}.",
                wait_text(*ms)
            ),
            Refusal::Problem(p) => p.clone(),
        }
    }
}

/// The record as stored now (another tab may have counted wrong codes since this one read it).
fn stored_record() -> Result<LockRecord, Refusal> {
    match storage::lock::load() {
        Ok(Some(record)) => Ok(record),
        Ok(None) => Err(Refusal::Problem(
            "The staff lock was turned off in another tab. Reload the page.".into(),
        )),
        Err(e) => Err(Refusal::Problem(e.to_string())),
    }
}

fn save(state: LockState, record: LockRecord) -> Result<(), String> {
    storage::lock::save(&record).map_err(|e| e.to_string())?;
    state.record.set(Some(record));
    Ok(())
}

/// Checks a typed code. Every wrong one is counted and stored before the answer is given, so
/// closing the page mid-check gains nothing.
pub async fn check_code(state: LockState, typed: String, secret: Secret) -> Result<(), Refusal> {
    let record = stored_record()?;
    let wait = record.attempts.wait_ms(now_ms());
    if wait > 0 {
        return Err(Refusal::Wait(wait));
    }
    let (typed, stored) = match secret {
        Secret::Passcode => (normalize_passcode(&typed).to_string(), &record.passcode),
        Secret::Recovery => match &record.recovery {
            Some(r) => (normalize_recovery_code(&typed), r),
            None => {
                return Err(Refusal::Problem(
                    "The recovery code has already been used. Enter the staff passcode.".into(),
                ))
            }
        },
    };
    let right = crypto::matches(&typed, stored)
        .await
        .map_err(Refusal::Problem)?;
    let mut latest = stored_record()?;
    let now = now_ms();
    latest.attempts = if right {
        Attempts::default()
    } else {
        latest.attempts.failed(now)
    };
    if right && secret == Secret::Passcode && latest.passcode.needs_rehash() {
        // Hashed when fewer iterations were recommended: bring it up to today's count.
        if let Ok(fresh) = crypto::hash_secret(&typed).await {
            latest.passcode = fresh;
        }
    }
    let wait = latest.attempts.wait_ms(now);
    save(state, latest).map_err(Refusal::Problem)?;
    if right {
        Ok(())
    } else {
        Err(Refusal::Wrong(wait))
    }
}

/// How the lock behaves, chosen in Settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockOptions {
    pub idle_minutes: u32,
    pub required: bool,
    pub show_school_name: bool,
}

impl LockOptions {
    pub fn of(record: &LockRecord) -> Self {
        LockOptions {
            idle_minutes: record.idle_minutes,
            required: record.required,
            show_school_name: record.show_school_name,
        }
    }
}

/// Stores a new passcode (already checked against the rules) with a new recovery code, and
/// returns that code to show once. The old recovery code stops working.
pub async fn set_passcode(
    state: LockState,
    passcode: String,
    kind: PasscodeKind,
    options: LockOptions,
) -> Result<String, String> {
    let code = recovery_code(&crypto::random_bytes::<RECOVERY_BYTES>()?);
    let passcode_hash = crypto::hash_secret(normalize_passcode(&passcode)).await?;
    let recovery_hash = crypto::hash_secret(&normalize_recovery_code(&code)).await?;
    let record = LockRecord {
        passcode: passcode_hash,
        kind,
        recovery: Some(recovery_hash),
        attempts: Attempts::default(),
        idle_minutes: options.idle_minutes,
        required: options.required,
        show_school_name: options.show_school_name,
    };
    let idle_ms = record.idle_ms();
    save(state, record)?;
    if state.damaged.with_untracked(Option::is_some) {
        state.damaged.set(None);
    }
    let path = current_path();
    state.lock.update(|l| match l {
        Some(l) => l.set_idle_ms(idle_ms),
        // The staff member setting it holds the tablet: it starts unlocked.
        None => *l = Some(Lock::unlocked_now(idle_ms, now_ms(), &path)),
    });
    Ok(code)
}

/// Changes how the lock behaves (the passcode itself is unchanged).
pub fn save_options(state: LockState, options: LockOptions) -> Result<(), String> {
    let mut record = stored_record().map_err(|r| r.message("passcode"))?;
    record.idle_minutes = options.idle_minutes;
    record.required = options.required;
    record.show_school_name = options.show_school_name;
    let idle_ms = record.idle_ms();
    save(state, record)?;
    state.lock.update(|l| {
        if let Some(l) = l {
            l.set_idle_ms(idle_ms);
        }
    });
    Ok(())
}

pub fn turn_off(state: LockState) {
    storage::lock::clear();
    state.record.set(None);
    state.lock.set(None);
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}
