//! Settings → School sync: set it up on the school's first device, join from another (a link
//! the camera opens from the QR code, a pasted link, or the key typed), see where it stands,
//! and leave (the records stay on the device).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{engine, use_sync, SyncHandle};
use crate::domain::sync::status::parse_stale_after_days;
use crate::domain::sync::{
    last_synced_words, waiting_words, JoinSettings, SchoolKey, SchoolStamp, SyncSetup,
};
use crate::domain::words;
use crate::storage::sync_setup;
use crate::ui::data::now;
use crate::ui::state::{use_app, AppState, DbState};
use crate::ui::widgets::{app_origin, qr_svg, TextField};

/// The join link: Settings on this app's address, the payload after `#` (a fragment never
/// reaches a server's logs). A tablet's camera app opens it from the QR code.
fn join_link(join: &JoinSettings) -> String {
    format!("{}/settings#{}", app_origin(), join.payload())
}

/// A join payload in the address this page was opened with, if any.
fn join_from_address() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.contains("readby7-sync:")
        .then(|| hash.trim_start_matches('#').to_string())
}

/// Takes the payload out of the address bar, so the password does not stay in the history.
fn clear_address_hash() {
    if let Some(w) = web_sys::window() {
        if let (Ok(history), Ok(path)) = (w.history(), w.location().pathname()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

fn random_key() -> Option<SchoolKey> {
    let mut bytes = [0u8; 16];
    web_sys::window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    Some(SchoolKey::from_bytes(bytes))
}

#[component]
pub fn SchoolSyncCard() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let demo = move || app.demo.get();
    // Only joining or leaving swaps the view: a round finishing (a new "last synced") must not
    // rebuild it and close what the teacher opened.
    let joined = Memo::new(move |_| sync.setup.with(Option::is_some));
    view! {
        <section class="card" id="school-sync" aria-labelledby="sync-heading" data-testid="school-sync">
            <h2 id="sync-heading">"School sync"</h2>
            {move || sync.setup_problem.get().map(|p| view! {
                <p class="status status-error" role="alert">{format!("This device's sync settings could not be read ({p}). Set sync up again below.")}</p>
            })}
            {move || if demo() {
                view! { <p class="muted">"The demo school never syncs. Leave demo mode to set up school sync."</p> }.into_any()
            } else if joined.get() {
                view! { <Joined/> }.into_any()
            } else {
                view! { <NotJoined/> }.into_any()
            }}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Choose,
    Create,
    Join,
}

/// Saves the set-up and starts the first round.
fn join_with(
    app: AppState,
    sync: SyncHandle,
    join: JoinSettings,
    label: &str,
) -> Result<(), String> {
    let setup = SyncSetup::new(&join, label, now());
    sync_setup::save(&setup).map_err(|e| format!("The sync settings could not be saved: {e}"))?;
    sync.setup.set(Some(setup));
    sync.setup_problem.set(None);
    sync.error.set(None);
    clear_address_hash();
    engine::kick(app, sync);
    Ok(())
}

#[component]
fn NotJoined() -> impl IntoView {
    let from_address = join_from_address();
    let mode = RwSignal::new(if from_address.is_some() {
        Mode::Join
    } else {
        Mode::Choose
    });
    view! {
        <p>"Keeps every device of the school in one school database: results made on any tablet reach the reading lead's laptop, and a lost or reset tablet loses nothing. What the server holds is encrypted with the school key before it leaves the device: whoever runs the server cannot read a name, a date of birth or a mark."</p>
        {move || match mode.get() {
            Mode::Choose => view! {
                <div class="actions">
                    <button on:click=move |_| mode.set(Mode::Join)>"Join your school's sync"</button>
                    <button class="secondary" on:click=move |_| mode.set(Mode::Create)>"Set up sync for the school (first device)"</button>
                </div>
            }.into_any(),
            Mode::Create => view! { <CreateForm back=move || mode.set(Mode::Choose)/> }.into_any(),
            Mode::Join => view! { <JoinForm payload=from_address.clone() back=move || mode.set(Mode::Choose)/> }.into_any(),
        }}
    }
}

/// The server fields both forms share.
#[derive(Clone, Copy)]
struct ServerFields {
    server: RwSignal<String>,
    database: RwSignal<String>,
    user: RwSignal<String>,
    password: RwSignal<String>,
    label: RwSignal<String>,
}

impl ServerFields {
    fn new() -> Self {
        ServerFields {
            // The embedded server on this app's own address (`./dev.sh serve`).
            server: RwSignal::new("/db".into()),
            database: RwSignal::new("school".into()),
            user: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            label: RwSignal::new(String::new()),
        }
    }

    fn with_key(&self, key: SchoolKey) -> JoinSettings {
        JoinSettings {
            server: self.server.get_untracked(),
            database: self.database.get_untracked(),
            user: self.user.get_untracked(),
            password: self.password.get_untracked(),
            key,
        }
    }
}

#[component]
fn ServerInputs(fields: ServerFields) -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    view! {
        <div class="form-grid">
            <TextField id="sync_server" label="Server address" hint="/db for the server beside the app, or https://… for the school's CouchDB" value=fields.server errors=errors/>
            <TextField id="sync_database" label="Database" hint="One per school, e.g. school" value=fields.database errors=errors/>
            <TextField id="sync_user" label="CouchDB user" autocomplete="username" value=fields.user errors=errors/>
            <TextField id="sync_password" label="CouchDB password" kind="password" autocomplete="current-password" value=fields.password errors=errors/>
        </div>
    }
}

#[component]
fn LabelInput(fields: ServerFields) -> impl IntoView {
    let errors = RwSignal::new(Vec::new());
    view! {
        <TextField id="sync_label" label="Name of this device" hint="Shown to the school's other devices, e.g. Year 1 iPad 2" value=fields.label errors=errors/>
    }
}

#[component]
fn CreateForm(back: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let (app, sync) = (use_app(), use_sync());
    let fields = ServerFields::new();
    let problem = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(key) = random_key() else {
            problem.set(Some("This browser cannot make a secure random key (WebCrypto is missing), so it cannot set up sync.".into()));
            return;
        };
        let outcome = fields
            .with_key(key)
            .validated()
            .map_err(|e| e.to_string())
            .and_then(|join| join_with(app, sync, join, &fields.label.get_untracked()));
        problem.set(outcome.err());
    };
    view! {
        <form on:submit=create novalidate data-testid="sync-create">
            <h3>"Set up sync for the school"</h3>
            <p class="muted">"Do this once, on one device. It makes the school key; the other devices then join with the code this device shows."</p>
            <ServerInputs fields=fields/>
            <LabelInput fields=fields/>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
            <div class="actions">
                <button type="submit">"Create the school key and start syncing"</button>
                <button type="button" class="secondary" on:click=move |_| back()>"Back"</button>
            </div>
        </form>
    }
}

#[component]
fn JoinForm(
    payload: Option<String>,
    back: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (app, sync) = (use_app(), use_sync());
    let fields = ServerFields::new();
    let pasted = RwSignal::new(payload.unwrap_or_default());
    let typed_key = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::new());
    let scanned = move || JoinSettings::parse(&pasted.get()).ok();
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = pasted.get_untracked();
        let settings = if !text.trim().is_empty() {
            JoinSettings::parse(&text)
        } else {
            SchoolKey::parse_code(&typed_key.get_untracked())
                .and_then(|key| fields.with_key(key).validated())
        };
        let outcome = settings
            .map_err(|e| e.to_string())
            .and_then(|join| join_with(app, sync, join, &fields.label.get_untracked()));
        problem.set(outcome.err());
    };
    view! {
        <form on:submit=join novalidate data-testid="sync-join">
            <h3>"Join your school's sync"</h3>
            {move || match scanned() {
                Some(j) => view! {
                    <p class="status status-ok" role="status" data-testid="join-found">{format!("Ready to join the school database \u{201c}{}\u{201d} on {}.", j.database, j.server)}</p>
                }.into_any(),
                None => view! {
                    <p class="muted">"On a device that already syncs, open Settings → School sync → “Show the code for another device”. Scan its QR code with this device's camera, or paste its link below, or type the key and the server details."</p>
                }.into_any(),
            }}
            <TextField id="sync_link" label="Join link" hint="Starts with the app's address and has readby7-sync in it" value=pasted errors=errors/>
            <Show when=move || pasted.with(|p| p.trim().is_empty())>
                <details>
                    <summary>"No link? Type the school key and the server details"</summary>
                    <TextField id="sync_key" label="School key" hint="27 letters and digits in groups of four" value=typed_key errors=errors/>
                    <ServerInputs fields=fields/>
                </details>
            </Show>
            <LabelInput fields=fields/>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
            <div class="actions">
                <button type="submit">"Join school sync"</button>
                <button type="button" class="secondary" on:click=move |_| back()>"Back"</button>
            </div>
        </form>
    }
}

#[component]
fn Joined() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let show_code = RwSignal::new(false);
    let confirm_leave = RwSignal::new(false);
    let join = move || {
        sync.setup
            .with(|s| s.as_ref().and_then(|s| s.join_settings().ok()))
    };
    let this_device = move || match app.db.get() {
        DbState::Ready(db) => Some(db.device_id()),
        _ => None,
    };
    let recordings = RwSignal::new(sync_setup::school_stamp().is_some_and(|s| s.recordings));
    let set_recordings = move |on: bool| {
        let Some(device) = this_device() else { return };
        recordings.set(on);
        let stamp = SchoolStamp {
            updated_at: now(),
            device_id: device,
            recordings: on,
        };
        // Lost, the choice only reverts to what the school had; it is shown again on reload.
        let _ = sync_setup::set_school_stamp(&stamp);
        engine::kick(app, sync);
    };
    let leave = move |_| {
        let Some(db) = app.db() else { return };
        spawn_local(async move {
            match db.forget_sync().await {
                Ok(()) => {
                    sync_setup::clear();
                    sync.setup.set(None);
                    sync.error.set(None);
                    sync.waiting.set(None);
                    sync.devices.set(Vec::new());
                }
                Err(e) => sync.error.set(Some(super::RoundError::Storage(e))),
            }
        });
    };
    if let Some(db) = app.db() {
        spawn_local(async move {
            if let Ok(devices) = db.devices_seen().await {
                sync.devices.set(devices);
            }
        });
    }
    let status_text = move || {
        let last = sync
            .setup
            .with(|s| s.as_ref().and_then(|s| s.last_synced_at));
        last_synced_words(last, sync.now.get())
    };
    view! {
        {move || join().map(|j| view! {
            <p>{format!("This device syncs with the school database \u{201c}{}\u{201d} on {}, as {}.", j.database, j.server, j.user)}</p>
        })}
        <dl class="facts" data-testid="sync-facts">
            <dt>"Last synced"</dt>
            <dd data-testid="sync-last">{status_text}</dd>
            <dt>"Changes waiting to be sent"</dt>
            <dd data-testid="sync-waiting">{move || match sync.waiting.get() {
                Some(n) => waiting_words(n),
                None => "Counted at the next sync".into(),
            }}</dd>
            <dt>"Last sync"</dt>
            <dd data-testid="sync-report">{move || match (sync.running.get(), sync.last_report.get()) {
                (true, _) => "Syncing now…".to_string(),
                (false, Some(r)) => format!(
                    "{} received, {} sent{}",
                    words::count(r.pulled, "record", "records"),
                    words::count(r.pushed, "record", "records"),
                    if r.erased > 0 { format!(", {} erased as another device asked", r.erased) } else { String::new() }
                ),
                (false, None) => "Not yet, since the app opened".to_string(),
            }}</dd>
        </dl>
        {move || sync.error.get().map(|e| view! {
            <p class="status status-error" role="alert" data-testid="sync-error">{e.to_string()}</p>
        })}
        <div class="actions">
            <button on:click=move |_| engine::kick(app, sync) disabled=move || sync.running.get()>"Sync now"</button>
            <button class="secondary" aria-expanded=move || show_code.get().to_string()
                on:click=move |_| show_code.update(|s| *s = !*s)>"Show the code for another device"</button>
        </div>
        <Show when=move || show_code.get()>
            {move || join().map(|j| {
                let link = join_link(&j);
                let svg = qr_svg(&link).unwrap_or_default();
                view! {
                    <div class="sync-code" data-testid="sync-code">
                        <p>"On the other device, scan this with the camera (it opens ReadBy7's Settings there), or send it the link. The code holds the password and the school key: show it only to staff."</p>
                        <div class="qr" role="img" aria-label="QR code of the join link" inner_html=svg></div>
                        <p><label for="sync-join-link">"Join link"</label></p>
                        <input id="sync-join-link" class="join-link" readonly prop:value=link.clone() data-testid="join-link"/>
                        <p>"School key, to type with the server details: "<strong class="key-code" data-testid="key-code">{j.key.code()}</strong></p>
                    </div>
                }
            })}
        </Show>
        <h3>"Devices seen"</h3>
        <ul class="devices-seen" data-testid="devices-seen">
            {move || {
                let me = this_device();
                let now = sync.now.get();
                let devices = sync.devices.get();
                if devices.is_empty() {
                    return view! { <li class="muted">"None yet: the list fills in after the first sync."</li> }.into_any();
                }
                devices.into_iter().map(|d| {
                    let name = if d.label.is_empty() { "A device with no name".to_string() } else { d.label.clone() };
                    let mine = (Some(d.device_id) == me).then_some(" (this device)");
                    view! { <li><strong>{name}</strong>{mine}{format!(" — synced {}", last_synced_words(Some(d.synced_at), now))}</li> }
                }).collect_view().into_any()
            }}
        </ul>
        <DeviceSyncSettings/>
        <div class="check-field">
            <input id="sync_recordings" type="checkbox" prop:checked=move || recordings.get()
                on:change=move |ev| set_recordings(event_target_checked(&ev))/>
            <label for="sync_recordings">"Sync recordings of readings too (for the whole school; they are large, and off unless the school wants them)"</label>
        </div>
        <h3>"Leave school sync"</h3>
        <p class="muted">"This device stops syncing. Everything on it stays here; nothing is deleted from the school database."</p>
        {move || if confirm_leave.get() {
            view! {
                <div class="actions" role="group" aria-label="Leave school sync?">
                    <button class="danger" on:click=leave>"Yes, leave school sync"</button>
                    <button class="secondary" on:click=move |_| confirm_leave.set(false)>"Keep syncing"</button>
                </div>
            }.into_any()
        } else {
            view! { <button class="secondary" on:click=move |_| confirm_leave.set(true)>"Leave school sync"</button> }.into_any()
        }}
    }
}

/// The device's name and how long before the Classes page warns about no sync.
#[component]
fn DeviceSyncSettings() -> impl IntoView {
    let sync = use_sync();
    let current = sync.setup.get_untracked();
    let label = RwSignal::new(
        current
            .as_ref()
            .map(|s| s.device_label.clone())
            .unwrap_or_default(),
    );
    let days = RwSignal::new(
        current
            .as_ref()
            .map_or(3, |s| s.stale_after_days)
            .to_string(),
    );
    let errors = RwSignal::new(Vec::new());
    let saved = RwSignal::new(None::<Result<(), String>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let outcome = parse_stale_after_days(&days.get_untracked()).and_then(|stale| {
            let mut setup = sync
                .setup
                .get_untracked()
                .ok_or("This device does not sync.")?;
            setup.device_label = label.get_untracked().trim().to_string();
            setup.stale_after_days = stale;
            sync_setup::save(&setup).map_err(|e| e.to_string())?;
            sync.setup.set(Some(setup));
            Ok(())
        });
        saved.set(Some(outcome));
    };
    view! {
        <form on:submit=save novalidate>
            <div class="form-grid">
                <TextField id="sync_device_label" label="Name of this device" value=label errors=errors/>
                <TextField id="sync_stale_days" label="Warn when not synced for (days)" hint="On the Classes page; 3 by default" value=days errors=errors/>
            </div>
            <button type="submit" class="secondary">"Save"</button>
            {move || saved.get().map(|r| match r {
                Ok(()) => view! { <p class="status status-ok" role="status">"Saved."</p> }.into_any(),
                Err(e) => view! { <p class="status status-error" role="alert">{e}</p> }.into_any(),
            })}
        </form>
    }
}
