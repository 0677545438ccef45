//! The lock screen. It shows nothing personal: no names, class or school data, only the
//! school's name if the school chose that, the unlock field, the way back in with the recovery
//! code or a reset, and the home-practice entry.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use super::settings::{NewPasscodeFields, RecoveryCodeShown};
use super::{check_code, now_ms, set_passcode, use_lock, LockOptions, Secret};
use crate::domain::lock::{check_new_passcode, wait_text, PasscodeKind};
use crate::storage;
use crate::ui::state::{use_app, DbState, DEMO_DB};
use crate::ui::widgets::{described_by, FieldFrame};

/// A labelled password input for a code, with its hint and error wired for screen readers.
#[component]
pub fn CodeField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] node_ref: NodeRef<html::Input>,
    /// Recovery codes are shown to be typed from paper: plain text, capitals.
    #[prop(optional)]
    visible: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <FieldFrame id=id label=label hint=hint error=error alert=true>
            <input
                id=id
                name=id
                node_ref=node_ref
                type=if visible { "text" } else { "password" }
                inputmode=numeric.then_some("numeric")
                autocomplete="off"
                autocapitalize=if visible { "characters" } else { "off" }
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(id, !hint.is_empty(), error)
            />
        </FieldFrame>
    }
}

#[component]
pub fn LockScreen() -> impl IntoView {
    let state = use_lock();
    let app = use_app();
    let school_name = move || {
        let show = state
            .record
            .with(|r| r.as_ref().is_some_and(|r| r.show_school_name));
        let name = app.settings.with(|s| s.school_name.trim().to_string());
        (show && !name.is_empty()).then_some(name)
    };
    // A memo: the forms below keep what is typed in them while the record is rewritten.
    let damaged = Memo::new(move |_| state.damaged.get());
    let reason = move || {
        state
            .lock
            .with(|l| l.as_ref().and_then(|l| l.reason()))
            .map(|r| r.message())
    };
    view! {
        <main id="main" tabindex="-1" class="lock-screen" data-testid="lock-screen">
            <div class="card lock-card">
                <img src="/icons/icon-192.png" alt="" width="64" height="64"/>
                {move || school_name().map(|n| view! { <p class="lock-school">{n}</p> })}
                <h1>"ReadBy7 is locked"</h1>
                {move || match damaged.get() {
                    Some(problem) => view! {
                        <p class="status status-error" role="alert">
                            {format!("The staff lock's saved record could not be read ({problem}), so ReadBy7 stays locked. The only way on is to reset ReadBy7 on this device and restore a backup.")}
                        </p>
                        <ResetDevice/>
                    }.into_any(),
                    None => view! {
                        <p>{reason}</p>
                        <UnlockForm/>
                        <Recovery/>
                    }.into_any(),
                }}
            </div>
            <p class="lock-practice">
                <a class="button secondary" href="/practice">"Home practice"</a>
                <span class="hint">" For children and parents: opens a practice link. No school data."</span>
            </p>
        </main>
    }
}

/// The countdown after too many wrong codes, and the refusal message: shared by both forms.
fn wait_note(state: super::LockState) -> impl Fn() -> Option<String> + Copy {
    move || {
        let now = state.now.get();
        state
            .record
            .with(|r| r.as_ref().map(|r| r.attempts.wait_ms(now)))
            .filter(|ms| *ms > 0)
            .map(|ms| format!("Next try in {}.", wait_text(ms)))
    }
}

#[component]
fn UnlockForm() -> impl IntoView {
    let state = use_lock();
    let pathname = use_location().pathname;
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let numeric = state
        .record
        .with_untracked(|r| r.as_ref().is_some_and(|r| r.kind == PasscodeKind::Digits));
    // Keyboard users land in the field; a screen reader hears its label.
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some("Enter the staff passcode.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = check_code(state, typed, Secret::Passcode).await;
            busy.set(false);
            code.set(String::new());
            state.now.set(now_ms());
            match result {
                Ok(()) => state.unlock(&pathname.get_untracked()),
                Err(refusal) => {
                    error.set(Some(refusal.message("staff passcode")));
                    if let Some(el) = input.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
        });
    };
    let wait = wait_note(state);

    view! {
        <form on:submit=submit novalidate class="unlock-form">
            <CodeField id="unlock-code" label="Staff passcode" value=code numeric=numeric node_ref=input error=Signal::derive(move || error.get())/>
            <button type="submit" class="big" disabled=move || busy.get()>
                {move || if busy.get() { "Checking…" } else { "Unlock" }}
            </button>
            <p class="visually-hidden" role="status">{move || busy.get().then_some("Checking the passcode…")}</p>
            {move || wait().map(|w| view! { <p class="status status-warn" role="timer" data-testid="lock-wait">{w}</p> })}
        </form>
    }
}

/// "Forgotten the passcode?": the recovery code unlocks and sets a new passcode in one step (so
/// the code is used up only together with a new passcode and a new recovery code), or, without
/// it, a reset of the device.
#[component]
fn Recovery() -> impl IntoView {
    let state = use_lock();
    let pathname = use_location().pathname;
    let recovery = RwSignal::new(String::new());
    let passcode = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let recovery_error = RwSignal::new(None::<String>);
    let passcode_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let new_code = RwSignal::new(None::<String>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        recovery_error.set(None);
        passcode_error.set(None);
        let typed = recovery.get_untracked();
        if typed.trim().is_empty() {
            recovery_error.set(Some(
                "Enter the recovery code from the school office.".into(),
            ));
            return;
        }
        // The new passcode is checked first, so a good recovery code is never spent on a bad one.
        let kind = match check_new_passcode(&passcode.get_untracked(), &confirm.get_untracked()) {
            Ok(kind) => kind,
            Err(problem) => {
                passcode_error.set(Some(problem.to_string()));
                return;
            }
        };
        let options = state
            .record
            .with_untracked(|r| r.as_ref().map(LockOptions::of));
        let Some(options) = options else {
            return;
        };
        busy.set(true);
        let new_passcode = passcode.get_untracked();
        spawn_local(async move {
            let result = match check_code(state, typed, Secret::Recovery).await {
                Ok(()) => set_passcode(state, new_passcode, kind, options)
                    .await
                    .map_err(|e| (false, e)),
                Err(refusal) => Err((true, refusal.message("recovery code"))),
            };
            busy.set(false);
            state.now.set(now_ms());
            match result {
                Ok(code) => {
                    recovery.set(String::new());
                    passcode.set(String::new());
                    confirm.set(String::new());
                    new_code.set(Some(code));
                }
                Err((true, msg)) => recovery_error.set(Some(msg)),
                Err((false, msg)) => passcode_error.set(Some(msg)),
            }
        });
    };
    let done = Callback::new(move |()| {
        new_code.set(None);
        state.unlock(&pathname.get_untracked());
    });
    let wait = wait_note(state);

    view! {
        {move || match new_code.get() {
            Some(code) => view! {
                <div class="status status-ok" role="status"><p>"The new passcode is set."</p></div>
                <RecoveryCodeShown code=code on_done=done done_label="I have kept it: open ReadBy7"/>
            }.into_any(),
            None => view! {
                <details class="lock-help">
                    <summary>"Forgotten the passcode?"</summary>
                    <form on:submit=submit novalidate>
                        <p>"The recovery code was printed when the passcode was set (ask the school office). It works once: it opens ReadBy7 and sets a new passcode, and you get a new recovery code."</p>
                        <CodeField id="recovery-code" label="Recovery code" hint="16 letters and digits, e.g. 7K2M-QX9D-…" value=recovery visible=true error=Signal::derive(move || recovery_error.get())/>
                        <NewPasscodeFields prefix="recovery" passcode=passcode confirm=confirm error=Signal::derive(move || passcode_error.get())/>
                        <button type="submit" disabled=move || busy.get()>
                            {move || if busy.get() { "Checking…" } else { "Unlock and set the new passcode" }}
                        </button>
                        {move || wait().map(|w| view! { <p class="status status-warn" role="timer">{w}</p> })}
                    </form>
                    <details class="lock-help">
                        <summary>"No recovery code either?"</summary>
                        <ResetDevice/>
                    </details>
                </details>
            }.into_any(),
        }}
    }
}

const RESET_WORD: &str = "RESET";

/// Deletes every pupil, result, recording and setting on this device, after a typed
/// confirmation, then starts ReadBy7 fresh.
#[component]
fn ResetDevice() -> impl IntoView {
    let app = use_app();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if typed.get_untracked().trim() != RESET_WORD {
            error.set(Some(format!(
                "Type {RESET_WORD} in capitals to confirm. Nothing has been deleted."
            )));
            return;
        }
        error.set(None);
        busy.set(true);
        // The open connection would make the browser wait before deleting the database: take
        // it out of the app's state first, so this is its last handle and closing it closes it.
        let open = app.db.get_untracked();
        app.db.set(DbState::Opening);
        if let DbState::Ready(db) = open {
            db.close();
        }
        spawn_local(async move {
            match storage::lock::erase_device(&[storage::DB_NAME, DEMO_DB]).await {
                Ok(()) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().replace("/");
                    }
                }
                Err(e) => {
                    busy.set(false);
                    error.set(Some(format!("The reset did not finish: {e}. Close ReadBy7 in any other tab and try again.")));
                }
            }
        });
    };
    view! {
        <form on:submit=submit novalidate class="confirm reset-form">
            <p><strong>"Resetting deletes everything ReadBy7 holds on this device: every class, pupil, result and recording, the settings and the staff lock."</strong></p>
            <p>"Afterwards ReadBy7 starts empty. Restore the school's latest backup in Records (or sync it from another device) to get the pupils and results back. Close ReadBy7 in any other tab first."</p>
            <div class="field">
                <label for="reset-confirm">{format!("Type {RESET_WORD} to confirm")}</label>
                <input id="reset-confirm" name="reset-confirm" autocomplete="off" autocapitalize="characters"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || error.get().is_some().then_some("reset-confirm-error")/>
                {move || error.get().map(|e| view! { <p class="field-error" id="reset-confirm-error">{e}</p> })}
            </div>
            <button type="submit" class="danger" disabled=move || busy.get()>
                {move || if busy.get() { "Resetting…" } else { "Reset ReadBy7 on this device" }}
            </button>
        </form>
    }
}
