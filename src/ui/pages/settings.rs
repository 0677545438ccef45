use leptos::prelude::*;

use crate::domain::analytics::{MonthDay, TermDates};
use crate::domain::progress::Programme;
use crate::domain::quota::{human_bytes, Persistence};
use crate::domain::settings::{FieldError, Settings, SCREENING_MAX_MARK};
use crate::storage::device;
use crate::ui::lock::StaffLockCard;
use crate::ui::state::{use_app, DbState};
use crate::ui::widgets::{field_error, SelectField, TextField};

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>"Settings"</h1>
        <SchoolForm/>
        <crate::ui::sync::SchoolSyncCard/>
        <StaffLockCard/>
        <DeviceFacts/>
    }
}

#[derive(Clone, PartialEq)]
enum SaveStatus {
    Idle,
    Saved,
    Failed(String),
}

#[component]
fn SchoolForm() -> impl IntoView {
    let app = use_app();
    let current = app.settings.get_untracked();
    let school_name = RwSignal::new(current.school_name);
    let la_number = RwSignal::new(current.la_number);
    let establishment_number = RwSignal::new(current.establishment_number);
    let urn = RwSignal::new(current.urn);
    let threshold = RwSignal::new(current.screening_threshold.to_string());
    let audio_days = RwSignal::new(current.audio_keep_days.to_string());
    let programme = RwSignal::new(format!("{:?}", current.programme));
    let spring = RwSignal::new(current.term_dates.spring_starts.label());
    let summer = RwSignal::new(current.term_dates.summer_starts.label());
    let ctf_wa_wt = RwSignal::new(current.ctf_wa_wt);
    // Settings changed meanwhile (school sync took another device's): the form shows them, so
    // saving it never puts an older value back.
    let shown = StoredValue::new(app.settings.get_untracked());
    Effect::new(move |_| {
        let latest = app.settings.get();
        if shown.with_value(|s| *s == latest) {
            return;
        }
        school_name.set(latest.school_name.clone());
        la_number.set(latest.la_number.clone());
        establishment_number.set(latest.establishment_number.clone());
        urn.set(latest.urn.clone());
        threshold.set(latest.screening_threshold.to_string());
        audio_days.set(latest.audio_keep_days.to_string());
        programme.set(format!("{:?}", latest.programme));
        spring.set(latest.term_dates.spring_starts.label());
        summer.set(latest.term_dates.summer_starts.label());
        ctf_wa_wt.set(latest.ctf_wa_wt);
        shown.set_value(latest);
    });
    let programme_options = Signal::derive(|| {
        Programme::ALL
            .iter()
            .map(|p| (format!("{p:?}"), p.label().to_string()))
            .collect::<Vec<_>>()
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let status = RwSignal::new(SaveStatus::Idle);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(SaveStatus::Idle);
        let threshold_text = threshold.get_untracked();
        let Ok(screening_threshold) = threshold_text.trim().parse::<u8>() else {
            errors.set(vec![FieldError::new(
                "screening_threshold",
                format!(
                    "The screening threshold must be a whole number from 0 to {SCREENING_MAX_MARK} (you entered \"{threshold_text}\")."
                ),
            )]);
            return;
        };
        let days_text = audio_days.get_untracked();
        let Ok(audio_keep_days) = days_text.trim().parse::<u16>() else {
            errors.set(vec![FieldError::new(
                "audio_keep_days",
                format!("Keep recordings for: enter a whole number of days (you entered \"{days_text}\")."),
            )]);
            return;
        };
        let mut date_errors = Vec::new();
        let mut read_date = |field: &'static str, label: &str, text: String| {
            MonthDay::parse(&text).or_else(|| {
                date_errors.push(FieldError::new(
                    field,
                    format!(
                        "{label}: enter a day and month such as 20/04 (you entered \"{text}\")."
                    ),
                ));
                None
            })
        };
        let spring_starts = read_date(
            "spring_starts",
            "Spring term starts",
            spring.get_untracked(),
        );
        let summer_starts = read_date(
            "summer_starts",
            "Summer term starts",
            summer.get_untracked(),
        );
        let (Some(spring_starts), Some(summer_starts)) = (spring_starts, summer_starts) else {
            errors.set(date_errors);
            return;
        };
        let candidate = Settings {
            school_name: school_name.get_untracked(),
            la_number: la_number.get_untracked(),
            establishment_number: establishment_number.get_untracked(),
            urn: urn.get_untracked(),
            screening_threshold,
            audio_keep_days,
            programme: Programme::ALL
                .into_iter()
                .find(|p| format!("{p:?}") == programme.get_untracked())
                .unwrap_or_default(),
            term_dates: TermDates {
                spring_starts,
                summer_starts,
            },
            ctf_wa_wt: ctf_wa_wt.get_untracked(),
        };
        match candidate.validated() {
            Ok(valid) => {
                errors.set(Vec::new());
                match app.save_settings(valid) {
                    Ok(()) => {
                        app.settings_problem.set(None);
                        status.set(SaveStatus::Saved);
                    }
                    Err(e) => status.set(SaveStatus::Failed(e.to_string())),
                }
            }
            Err(list) => errors.set(list),
        }
    };

    view! {
        <section class="card" aria-labelledby="school-heading">
            <h2 id="school-heading">"Your school"</h2>
            <p class="muted">"Used in exports to your MIS and the local authority. With school sync on, these are the school's settings: a change here reaches every device of the school (except how long this device keeps recordings)."</p>
            <form on:submit=save novalidate>
                <TextField id="school_name" label="School name" value=school_name errors=errors/>
                <div class="form-grid">
                    <TextField id="la_number" label="Local authority number" hint="3 digits, e.g. 202 for Camden" value=la_number errors=errors/>
                    <TextField id="establishment_number" label="Establishment number" hint="4 digits" value=establishment_number errors=errors/>
                    <TextField id="urn" label="URN" hint="6 digits" value=urn errors=errors/>
                    <TextField id="screening_threshold" label="Screening check threshold" hint="Usually 32 out of 40" value=threshold errors=errors/>
                    <TextField id="audio_keep_days" label="Keep recordings for (days)" hint="Fluency recordings are deleted after this; 30 by default" value=audio_days errors=errors/>
                </div>
                <div class="form-grid">
                    <TextField id="spring_starts" label="Spring term starts" hint="Day/month, e.g. 06/01. Autumn always starts on 1 September." value=spring errors=errors/>
                    <TextField id="summer_starts" label="Summer term starts" hint="Day/month after the Easter holiday, e.g. 20/04" value=summer errors=errors/>
                </div>
                {move || field_error(errors, "term_dates").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <SelectField id="programme" label="Phonics programme (progress checks and “teach next” follow its order)" options=programme_options value=programme errors=errors/>
                <div class="check-field">
                    <input id="ctf_wa_wt" type="checkbox" prop:checked=move || ctf_wa_wt.get() on:change=move |ev| ctf_wa_wt.set(event_target_checked(&ev))/>
                    <label for="ctf_wa_wt">"Write Wa/Wt in the CTF beside the mark (not required by the DfE; follows the threshold above)"</label>
                </div>
                <button type="submit">"Save settings"</button>
                {move || match status.get() {
                    SaveStatus::Idle => None,
                    SaveStatus::Saved => Some(view! { <p class="status status-ok" role="status">"Settings saved."</p> }.into_any()),
                    SaveStatus::Failed(msg) => Some(view! { <p class="status status-error" role="alert">{msg}</p> }.into_any()),
                }}
            </form>
        </section>
    }
}

#[component]
fn DeviceFacts() -> impl IntoView {
    let app = use_app();
    let estimate = LocalResource::new(device::estimate);
    let persistence = move || match app.persistence.get() {
        Some(p) => p,
        None => Persistence::Unsupported,
    };
    let db_facts = move || match app.db.get() {
        DbState::Opening => ("Opening…".to_string(), "Opening…".to_string()),
        DbState::Ready(db) => (
            db.meta().schema_version.to_string(),
            db.meta().device_id.to_string(),
        ),
        DbState::Failed(_) => ("Unavailable".to_string(), "Unavailable".to_string()),
    };
    view! {
        <section class="card" aria-labelledby="device-heading">
            <h2 id="device-heading">"This device"</h2>
            <dl class="facts">
                <dt>"Persistent storage"</dt>
                <dd data-testid="persistence">
                    {move || app.persistence.get().is_none().then_some("Asking the browser…")}
                    {move || app.persistence.get().map(|_| persistence().explanation())}
                </dd>
                <dt>"Storage"</dt>
                <dd data-testid="storage-estimate">
                    {move || match estimate.get() {
                        None => "Measuring…".to_string(),
                        Some(Some(e)) => format!(
                            "{} used, {} available{}",
                            human_bytes(e.usage),
                            human_bytes(e.available()),
                            if e.is_nearly_full() { ". The device is nearly full: free some space before the next checks." } else { "" }
                        ),
                        Some(None) => "This browser does not report storage use.".to_string(),
                    }}
                </dd>
                <dt>"App version"</dt>
                <dd data-testid="app-version">{format!("{} (build {})", env!("CARGO_PKG_VERSION"), build_id())}</dd>
                <dt>"Data format (schema) version"</dt>
                <dd data-testid="schema-version">{move || db_facts().0}</dd>
                <dt>"Device id"</dt>
                <dd data-testid="device-id">{move || db_facts().1}</dd>
            </dl>
        </section>
    }
}

/// The id post-build.mjs stamps into index.html, so two tablets can compare builds.
fn build_id() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=readby7-build]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| "development".to_string())
}
