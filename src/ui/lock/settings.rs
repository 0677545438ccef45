//! The "Staff lock" card in Settings (set, change, turn off; idle minutes; the recovery code
//! shown once; the honest limits), and the offer of a passcode after a class import.
//!
//! Every change to a set lock needs the current passcode, checked like an unlock (wrong codes
//! count towards the wait): someone who finds the tablet unlocked cannot weaken the lock. School
//! sync's settings (issue 16) should sit behind the same `Guard`.

use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::screen::CodeField;
use super::{check_code, save_options, set_passcode, turn_off, use_lock, LockOptions, Secret};
use crate::domain::fields::FieldError;
use crate::domain::lock::{check_new_passcode, parse_idle_minutes, DEFAULT_IDLE_MINUTES};
use crate::ui::widgets::{Checkbox, TextField};

/// The new passcode typed twice.
#[component]
pub fn NewPasscodeFields(
    prefix: &'static str,
    passcode: RwSignal<String>,
    confirm: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    // Ids are per form: the lock screen and Settings each have their own pair.
    let (id, confirm_id) = match prefix {
        "recovery" => ("recovery-new", "recovery-confirm"),
        "change" => ("change-new", "change-confirm"),
        _ => ("lock-new", "lock-confirm"),
    };
    view! {
        <CodeField id=id label="New passcode" hint="At least 6 digits, or a passphrase of at least 10 characters (three words work well)" value=passcode error=error/>
        <CodeField id=confirm_id label="Type the new passcode again" value=confirm/>
    }
}

/// The recovery code, shown once, to print or write down and keep in the school office.
#[component]
pub fn RecoveryCodeShown(
    code: String,
    on_done: Callback<()>,
    done_label: &'static str,
) -> impl IntoView {
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="recovery-shown" role="region" aria-labelledby="recovery-heading">
            <h3 id="recovery-heading">"Recovery code: shown only now"</h3>
            <p>"Print this or write it down and keep it in the school office. If the passcode is forgotten, it opens ReadBy7 once and sets a new passcode. It is not stored anywhere you can read it again."</p>
            <p class="recovery-code" data-testid="recovery-code">{code}</p>
            <div class="actions no-print">
                <button type="button" class="secondary" on:click=print>"Print"</button>
                <button type="button" on:click=move |_| on_done.run(())>{done_label}</button>
            </div>
        </div>
    }
}

/// A form that needs the current passcode: its field, the button and the outcome.
#[derive(Clone, Copy)]
struct Guard {
    state: super::LockState,
    current: RwSignal<String>,
    error: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl Guard {
    fn new(state: super::LockState) -> Self {
        Guard {
            state,
            current: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            done: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Checks the current passcode, then runs `action`, which says what it did or why not.
    fn run<F>(self, action: impl FnOnce() -> F + 'static)
    where
        F: Future<Output = Result<String, String>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        let typed = self.current.get_untracked();
        self.done.set(None);
        if typed.trim().is_empty() {
            self.error.set(Some("Enter the current passcode.".into()));
            return;
        }
        self.error.set(None);
        self.busy.set(true);
        let state = self.state;
        spawn_local(async move {
            let result = match check_code(state, typed, Secret::Passcode).await {
                Ok(()) => action().await,
                Err(refusal) => Err(refusal.message("current passcode")),
            };
            self.busy.set(false);
            self.current.set(String::new());
            match result {
                Ok(msg) => self.done.set(Some(msg)),
                Err(msg) => self.error.set(Some(msg)),
            }
        });
    }
}

#[component]
fn GuardFooter(
    guard: Guard,
    id: &'static str,
    button: &'static str,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let numeric = use_lock().record.with_untracked(|r| {
        r.as_ref()
            .is_some_and(|r| r.kind == crate::domain::lock::PasscodeKind::Digits)
    });
    view! {
        <CodeField id=id label="Current passcode" value=guard.current numeric=numeric error=Signal::derive(move || guard.error.get())/>
        <button type="submit" class:danger=danger disabled=move || guard.busy.get()>
            {move || if guard.busy.get() { "Checking…" } else { button }}
        </button>
        {move || guard.done.get().map(|m| view! { <p class="status status-ok" role="status">{m}</p> })}
    }
}

#[component]
pub fn StaffLockCard() -> impl IntoView {
    let state = use_lock();
    // The recovery code of a passcode just set or changed: shown until dismissed, then gone.
    let fresh_code = RwSignal::new(None::<String>);
    let dismiss = Callback::new(move |()| fresh_code.set(None));
    // Not per record change: every code checked rewrites the record (its wrong-code count).
    let has_lock = Memo::new(move |_| state.record.with(Option::is_some));
    view! {
        <section class="card" id="staff-lock" aria-labelledby="lock-heading">
            <h2 id="lock-heading">"Staff lock"</h2>
            <p>"A staff passcode keeps children who are handed the tablet away from other children's names and results. With it, ReadBy7 opens locked, locks after some minutes with no use, and asks for the passcode when anyone leaves a check. Home practice links always open."</p>
            {move || fresh_code.get().map(|code| view! { <RecoveryCodeShown code=code on_done=dismiss done_label="I have kept it"/> })}
            {move || match has_lock.get() {
                false => view! { <SetLock fresh_code=fresh_code/> }.into_any(),
                true => view! { <LockIsOn fresh_code=fresh_code/> }.into_any(),
            }}
            <h3>"What the lock does not do"</h3>
            <ul class="lock-limits">
                <li>"It keeps people out of the app. It does not encrypt what the browser stores on this device."</li>
                <li>"A lost or stolen tablet is protected by the device's own passcode and encryption: set a device passcode on every tablet (and use your device management)."</li>
                <li>"The passcode is kept only as a salted PBKDF2-SHA256 hash. If both the passcode and the recovery code are lost, the only way on is to reset ReadBy7 on this device and restore a backup."</li>
                <li>"Nothing leaves the device unless you export it or turn on school sync. School sync encrypts every record on the device before it leaves: the school's server holds only ciphertext."</li>
            </ul>
        </section>
    }
}

fn options_fields(
    idle: RwSignal<String>,
    required: RwSignal<bool>,
    show_name: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <TextField id="lock_idle" label="Lock after this many minutes with no use" hint="1 to 60; 5 by default" value=idle errors=errors/>
        <Checkbox id="lock_required" label="Required on this device (school policy: the lock can be changed but not turned off)" value=required/>
        <Checkbox id="lock_school_name" label="Show the school's name on the lock screen" value=show_name/>
    }
}

fn read_options(
    idle: RwSignal<String>,
    required: RwSignal<bool>,
    show_name: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
) -> Option<LockOptions> {
    match parse_idle_minutes(&idle.get_untracked()) {
        Ok(idle_minutes) => {
            errors.set(Vec::new());
            Some(LockOptions {
                idle_minutes,
                required: required.get_untracked(),
                show_school_name: show_name.get_untracked(),
            })
        }
        Err(msg) => {
            errors.set(vec![FieldError::new("lock_idle", msg)]);
            None
        }
    }
}

#[component]
fn SetLock(fresh_code: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_lock();
    let passcode = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let idle = RwSignal::new(DEFAULT_IDLE_MINUTES.to_string());
    let required = RwSignal::new(false);
    let show_name = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let kind = check_new_passcode(&passcode.get_untracked(), &confirm.get_untracked());
        problem.set(kind.as_ref().err().map(ToString::to_string));
        let options = read_options(idle, required, show_name, errors);
        let (Ok(kind), Some(options)) = (kind, options) else {
            return;
        };
        busy.set(true);
        let code = passcode.get_untracked();
        spawn_local(async move {
            let result = set_passcode(state, code, kind, options).await;
            busy.set(false);
            match result {
                Ok(recovery) => {
                    passcode.set(String::new());
                    confirm.set(String::new());
                    fresh_code.set(Some(recovery));
                }
                Err(msg) => problem.set(Some(msg)),
            }
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <p class="status status-warn">"No staff passcode is set on this device: anyone holding it can open every pupil."</p>
            <NewPasscodeFields prefix="lock" passcode=passcode confirm=confirm error=Signal::derive(move || problem.get())/>
            {options_fields(idle, required, show_name, errors)}
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { "Setting the passcode…" } else { "Set the staff passcode" }}
            </button>
        </form>
    }
}

#[component]
fn LockIsOn(fresh_code: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_lock();
    let current = state.record.get_untracked();
    let idle = RwSignal::new(
        current
            .as_ref()
            .map_or(DEFAULT_IDLE_MINUTES, |r| r.idle_minutes)
            .to_string(),
    );
    let required = RwSignal::new(current.as_ref().is_some_and(|r| r.required));
    let show_name = RwSignal::new(current.as_ref().is_some_and(|r| r.show_school_name));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let is_required = move || {
        state
            .record
            .with(|r| r.as_ref().is_some_and(|r| r.required))
    };
    let minutes = move || {
        state
            .record
            .with(|r| r.as_ref().map_or(0, |r| r.idle_minutes))
    };

    let options_guard = Guard::new(state);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(options) = read_options(idle, required, show_name, errors) else {
            return;
        };
        options_guard.run(move || async move {
            save_options(state, options).map(|()| "Lock settings saved.".to_string())
        });
    };

    let change_guard = Guard::new(state);
    let passcode = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let change = move |ev: SubmitEvent| {
        ev.prevent_default();
        let kind = match check_new_passcode(&passcode.get_untracked(), &confirm.get_untracked()) {
            Ok(kind) => kind,
            Err(p) => {
                problem.set(Some(p.to_string()));
                return;
            }
        };
        problem.set(None);
        // A new passcode keeps the lock settings as saved (not as typed in the other form).
        let Some(options) = state
            .record
            .with_untracked(|r| r.as_ref().map(LockOptions::of))
        else {
            return;
        };
        let code = passcode.get_untracked();
        change_guard.run(move || async move {
            let recovery = set_passcode(state, code, kind, options).await?;
            passcode.set(String::new());
            confirm.set(String::new());
            fresh_code.set(Some(recovery));
            Ok("Passcode changed. The old recovery code no longer works.".to_string())
        });
    };

    let off_guard = Guard::new(state);
    let off = move |ev: SubmitEvent| {
        ev.prevent_default();
        off_guard.run(move || async move {
            turn_off(state);
            Ok("The staff lock is off.".to_string())
        });
    };

    view! {
        <p class="status status-ok" data-testid="lock-on">
            {move || format!("The staff lock is on. ReadBy7 opens locked and locks after {} minute{} with no use.", minutes(), if minutes() == 1 { "" } else { "s" })}
            {move || is_required().then_some(" It is required on this device.")}
        </p>
        <p><button type="button" class="secondary" on:click=move |_| state.lock_now()>"Lock now"</button></p>
        <form on:submit=save novalidate>
            <h3>"Lock settings"</h3>
            {options_fields(idle, required, show_name, errors)}
            <GuardFooter guard=options_guard id="lock-current-options" button="Save lock settings"/>
        </form>
        <details class="card">
            <summary>"Change the passcode"</summary>
            <form on:submit=change novalidate>
                <NewPasscodeFields prefix="change" passcode=passcode confirm=confirm error=Signal::derive(move || problem.get())/>
                <GuardFooter guard=change_guard id="lock-current-change" button="Change the passcode"/>
            </form>
        </details>
        <Show when=move || !is_required()>
            <details class="card">
                <summary>"Turn off the staff lock"</summary>
                <form on:submit=off novalidate>
                    <p>"Without the lock, anyone holding the tablet can open every pupil's page."</p>
                    <GuardFooter guard=off_guard id="lock-current-off" button="Turn off the staff lock" danger=true/>
                </form>
            </details>
        </Show>
    }
}

/// Offered where a class has just been imported, while no passcode is set.
#[component]
pub fn LockOffer() -> impl IntoView {
    let state = use_lock();
    view! {
        <Show when=move || state.record.with(Option::is_none)>
            <section class="card lock-offer" aria-labelledby="lock-offer-heading">
                <h2 id="lock-offer-heading">"Protect these names with a staff passcode"</h2>
                <p>"The tablet now holds a class's names, dates of birth and needs. A staff passcode stops a child who is handed it from opening other children's pages."</p>
                <p><a class="button" href="/settings#staff-lock">"Set a staff passcode"</a></p>
            </section>
        </Show>
    }
}
