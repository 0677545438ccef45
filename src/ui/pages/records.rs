//! Records: exports for the MIS (CSV, CTF), the full backup, restoring one, merging another
//! tablet's, and the one-page report for parents.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use crate::domain::analytics;
use crate::domain::dates::format_uk;
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{CheckKind, CheckSession, Class, Pupil};
use crate::domain::records::{
    backup_file_name, backup_reminder, ctf_xml, decode_backup, detailed_csv, detailed_file_name,
    encode_backup, merge, mis_csv, mis_file_name, next_export_number, parent_report,
    pupil_data_json, sex_not_recorded_warning, AudioClip, Backup, CtfRequest, Dataset, Window,
};
use crate::domain::words::{count as n, pupils as n_pupils};
use crate::storage::{self, prefs, ClipBytes, Record, Store, WriteMode};
use crate::ui::data::{load, now, this_academic_year, today};
use crate::ui::download::{download_text, read_text};
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

const CSV: &str = "text/csv;charset=utf-8";

/// "Remind me": shown on the home and records pages once there is something to lose.
#[component]
pub fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let count = load(&[Store::Sessions], |db| async move {
        db.count(<CheckSession as Record>::STORE).await
    });
    move || {
        let has_results = matches!(count.get().flatten(), Some(Ok(n)) if n > 0);
        let message = has_results
            .then(|| backup_reminder(app.last_backup.get(), now()))
            .flatten()?;
        Some(view! {
            <div class="banner banner-info" role="status" data-testid="backup-reminder">
                <p>{message}</p>
                <a class="button" href="/records#backup">"Back up now"</a>
            </div>
        })
    }
}

#[component]
pub fn RecordsPage() -> impl IntoView {
    let app = use_app();
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        |db| async move {
            let classes = db.all::<Class>().await?;
            let pupils = db.all::<Pupil>().await?;
            let sessions = db.all::<CheckSession>().await?;
            Ok((classes, pupils, sessions))
        },
    );
    let kind = RwSignal::new("Screening".to_string());
    let window = RwSignal::new("y".to_string());
    let message = RwSignal::new(None::<Result<String, String>>);
    let not_exported = RwSignal::new(Vec::<String>::new());
    let include_audio = RwSignal::new(false);
    let year = this_academic_year();

    let kinds = [
        (CheckKind::Screening, "Screening"),
        (CheckKind::Fluency, "Fluency"),
        (CheckKind::Gpc, "Gpc"),
        (CheckKind::WordReading, "WordReading"),
        (CheckKind::TrickyWords, "TrickyWords"),
    ];
    let chosen_kind = move || {
        kinds
            .iter()
            .find(|(_, v)| *v == kind.get_untracked())
            .map_or(CheckKind::Screening, |(k, _)| *k)
    };
    // The select's value: `y` the whole year, `0`..`2` a term.
    let chosen_window = move || {
        let dates = app.settings.with_untracked(|s| s.term_dates);
        match window
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| analytics::Window::year_of(year).get(i).copied())
        {
            Some(term) => Window::of_term(term, &dates),
            None => Window::of_year(year, &dates),
        }
    };
    let active = move || {
        data.get_untracked()
            .flatten()
            .and_then(Result::ok)
            .map(|(classes, pupils, sessions)| {
                let mut pupils: Vec<Pupil> = pupils.into_iter().filter(|p| !p.archived).collect();
                crate::domain::pupil::sort_by_surname(&mut pupils);
                (classes, pupils, sessions)
            })
    };
    let report = move |result: Result<(), String>, done: String| {
        message.set(Some(result.map(|_| done)));
    };
    let export_mis = move |_| {
        let Some((classes, pupils, sessions)) = active() else {
            return;
        };
        let (k, w) = (chosen_kind(), chosen_window());
        let threshold = app.settings.with_untracked(|s| s.screening_threshold);
        let text = mis_csv(k, w, &pupils, &classes, &sessions, threshold);
        let name = mis_file_name(k, w);
        report(
            download_text(&name, CSV, &text),
            format!("Saved {name} ({}).", n_pupils(pupils.len())),
        );
    };
    let export_detailed = move |_| {
        let Some((_, pupils, sessions)) = active() else {
            return;
        };
        let w = chosen_window();
        let in_window: Vec<CheckSession> = sessions
            .into_iter()
            .filter(|s| w.contains(s.started_at))
            .collect();
        let name = detailed_file_name(today());
        report(
            download_text(&name, CSV, &detailed_csv(&pupils, &in_window)),
            format!("Saved {name}."),
        );
    };
    let export_ctf = move |_| {
        let Some((_, pupils, sessions)) = active() else {
            return;
        };
        let settings = app.settings.get_untracked();
        let number = next_export_number(prefs::last_ctf_number());
        let request = CtfRequest {
            export_number: number,
            ..CtfRequest::new(&settings, &pupils, &sessions, chosen_window(), year, now())
        };
        match ctf_xml(&request) {
            Ok(export) => {
                not_exported.set(export.not_exported_lines());
                let name = export.file_name.clone();
                let saved = download_text(&name, "application/xml", &export.xml);
                if saved.is_ok() {
                    prefs::set_last_ctf_number(number);
                }
                report(
                    saved,
                    format!(
                        "Saved {name}: {} exported, {} not exported.",
                        n_pupils(export.exported),
                        export.not_exported.len()
                    ),
                );
            }
            Err(e) => {
                not_exported.set(Vec::new());
                // The error already says where to put it right (Settings) and what to do next.
                message.set(Some(Err(e.to_string())));
            }
        }
    };
    // Shown before the CTF is made: pupils it would write without a recorded sex.
    let sex_warning = move || {
        data.track();
        window.track();
        let (_, pupils, sessions) = active()?;
        let settings = app.settings.get();
        sex_not_recorded_warning(&CtfRequest::new(
            &settings,
            &pupils,
            &sessions,
            chosen_window(),
            year,
            now(),
        ))
    };

    let backup = move |_| {
        let Some(db) = app.db() else { return };
        let with_audio = include_audio.get_untracked();
        leptos::task::spawn_local(async move {
            let result = async {
                let classes = db.all::<Class>().await.map_err(|e| e.to_string())?;
                let pupils = db.all::<Pupil>().await.map_err(|e| e.to_string())?;
                let sessions = db.all::<CheckSession>().await.map_err(|e| e.to_string())?;
                let audio = if with_audio {
                    db.all_clip_bytes()
                        .await
                        .map_err(|e| e.to_string())?
                        .into_iter()
                        .filter_map(|c| {
                            Some(AudioClip::from_bytes(
                                c.id,
                                SessionId::parse(&c.session_id)?,
                                c.mime_type,
                                c.recorded_at,
                                &c.bytes,
                            ))
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let backup = Backup {
                    created_at: now(),
                    device_id: db.device_id(),
                    schema_version: db.meta().schema_version,
                    settings: app.settings.get_untracked(),
                    data: Dataset {
                        classes,
                        pupils,
                        sessions,
                        audio,
                    },
                };
                let name = backup_file_name(today());
                download_text(&name, "application/json", &encode_backup(&backup))?;
                prefs::set_last_backup(now());
                app.last_backup.set(Some(now()));
                Ok::<_, String>(format!(
                    "Saved {name}: {}, {}{}. Keep it somewhere safe off this tablet.",
                    n(backup.data.pupils.len(), "pupil", "pupils"),
                    n(backup.data.sessions.len(), "check", "checks"),
                    if with_audio {
                        format!(
                            ", {}",
                            n(backup.data.audio.len(), "recording", "recordings")
                        )
                    } else {
                        String::new()
                    }
                ))
            }
            .await;
            message.set(Some(result));
        });
    };

    view! {
        <h1>"Records"</h1>
        <BackupReminder/>
        {move || message.get().map(|m| match m {
            Ok(text) => view! { <p class="status status-ok" role="status" data-testid="records-message">{text}</p> }.into_any(),
            Err(text) => view! { <p class="status status-error" role="alert" data-testid="records-message">{text}</p> }.into_any(),
        })}
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok(_) => ().into_any(),
        })}
        <section class="card" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export to your MIS"</h2>
            <p class="muted">"One row per pupil with their latest result in the period. Screening codes: the mark, or A, D, L or Q with a blank mark; Wa/Wt from the threshold in Settings."</p>
            <div class="form-grid">
                <div class="field">
                    <label for="export-kind">"Check"</label>
                    <select id="export-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {kinds.iter().map(|(k, v)| view! { <option value=*v>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="export-window">"Period"</label>
                    <select id="export-window" on:change=move |ev| window.set(event_target_value(&ev))>
                        <option value="y">{format!("Academic year {}", year.label())}</option>
                        {analytics::Window::year_of(year).iter().enumerate().map(|(i, t)| view! { <option value=i.to_string()>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="actions">
                <button on:click=export_mis>"Download MIS CSV"</button>
                <button class="secondary" on:click=export_detailed>"Download item-level CSV"</button>
                <button class="secondary" on:click=export_ctf>"Download CTF (screening)"</button>
            </div>
            {move || sex_warning().map(|w| view! { <p class="status status-warn" role="status" data-testid="ctf-sex-warning">{w}</p> })}
            <p class="hint">"The CTF is written as the DfE's own services write theirs (Sex M/F, the version of the academic year, outcome codes with a blank mark). Its phonics assessment codes are not confirmed by a published source: check with a test import into your MIS before you rely on it."</p>
            {move || {
                let list = not_exported.get();
                (!list.is_empty()).then(|| view! {
                    <div class="card warn" data-testid="not-exported">
                        <h3>"Not in the CTF"</h3>
                        <ul>{list.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
        </section>
        <section class="card" id="backup" aria-labelledby="backup-heading">
            <h2 id="backup-heading">"Backup"</h2>
            <p>{move || {
                match app.last_backup.get() {
                Some(at) => format!("Last backup from this device: {}.", format_uk(at.date())),
                None => "This device has not made a backup yet.".to_string(),
            }}}</p>
            <div class="check-field">
                <input id="include-audio" type="checkbox" on:change=move |ev| include_audio.set(event_target_checked(&ev))/>
                <label for="include-audio">"Include fluency recordings (a much bigger file)"</label>
            </div>
            <div class="actions"><button on:click=backup>"Download backup"</button></div>
        </section>
        <RestoreOrMerge/>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Incoming {
    Restore,
    Merge,
}

/// Reads a backup file, checks all of it, shows what it would change, and only then writes,
/// in one transaction.
#[component]
fn RestoreOrMerge() -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(None::<(Incoming, String)>);
    let loaded = StoredValue::new(None::<Backup>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);

    let choose = move |how: Incoming, ev: leptos::ev::Event| {
        problem.set(None);
        done.set(None);
        pending.set(None);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            let text = match read_text(&file).await {
                Ok(t) => t,
                Err(e) => return problem.set(Some(e)),
            };
            let backup = match decode_backup(&text) {
                Ok(b) => b,
                Err(e) => return problem.set(Some(format!("{}: {e}", file.name()))),
            };
            if backup.schema_version > db.meta().schema_version {
                return problem.set(Some(format!(
                    "{} was made by a newer version of ReadBy7 (data format {}; this app reads up to {}). Update the app on this tablet first. Nothing was changed.",
                    file.name(), backup.schema_version, db.meta().schema_version
                )));
            }
            let summary = match how {
                Incoming::Restore => format!(
                    "{}: made on {} with {}, {}, {} and {}. Restoring REPLACES everything on this tablet with it.{}",
                    file.name(), format_uk(backup.created_at.date()), n(backup.data.classes.len(), "class", "classes"),
                    n(backup.data.pupils.len(), "pupil", "pupils"), n(backup.data.sessions.len(), "check", "checks"), n(backup.data.audio.len(), "recording", "recordings"),
                    if backup.data.audio.is_empty() { " It was made without recordings, so this tablet keeps its recordings of the checks in it." } else { "" }
                ),
                Incoming::Merge => {
                    let local = match local_dataset(&db).await {
                        Ok(d) => d,
                        Err(e) => return problem.set(Some(e)),
                    };
                    let outcome = merge(&local, &backup.data);
                    format!("{}: merging adds it to this tablet's data. {}", file.name(), outcome.summary.describe())
                }
            };
            loaded.set_value(Some(backup));
            pending.set(Some((how, summary)));
        });
    };

    let confirm = move |_| {
        let Some((how, _)) = pending.get_untracked() else {
            return;
        };
        let Some(backup) = loaded.get_value() else {
            return;
        };
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            let clips = |audio: &[AudioClip]| -> Vec<ClipBytes> {
                audio
                    .iter()
                    .filter_map(|c| {
                        Some(ClipBytes {
                            id: c.id.clone(),
                            session_id: c.session_id.to_string(),
                            mime_type: c.mime_type.clone(),
                            recorded_at: c.recorded_at,
                            bytes: c.bytes()?,
                        })
                    })
                    .collect()
            };
            let result = match how {
                Incoming::Restore => {
                    let d = &backup.data;
                    let mode = if d.audio.is_empty() {
                        WriteMode::ReplaceKeepingRecordings
                    } else {
                        WriteMode::Replace
                    };
                    let written = db
                        .write_dataset(
                            mode,
                            &d.classes,
                            &d.pupils,
                            &d.sessions,
                            &clips(&d.audio),
                            (&[], &[]),
                        )
                        .await;
                    match written {
                        Ok(()) => match app.save_settings(backup.settings.clone()) {
                            Ok(()) => {
                                Ok(if d.audio.is_empty() {
                                    format!("Restored: {} and {}; this tablet's recordings of those checks are kept.", n(d.pupils.len(), "pupil", "pupils"), n(d.sessions.len(), "check", "checks"))
                                } else {
                                    format!("Restored: {}, {} and {}.", n(d.pupils.len(), "pupil", "pupils"), n(d.sessions.len(), "check", "checks"), n(d.audio.len(), "recording", "recordings"))
                                })
                            }
                            Err(e) => Ok(format!("Restored the pupils and checks, but the settings could not be saved ({e}); set them again in Settings.")),
                        },
                        Err(e) => Err(format!("Nothing was restored: {e}")),
                    }
                }
                Incoming::Merge => match local_dataset(&db).await {
                    Err(e) => Err(e),
                    Ok(local) => {
                        let outcome = merge(&local, &backup.data);
                        let m = &outcome.merged;
                        // Local recordings are not loaded for a merge: only the incoming ones are written.
                        db.write_dataset(
                            WriteMode::Upsert,
                            &m.classes,
                            &m.pupils,
                            &m.sessions,
                            &clips(&backup.data.audio),
                            (&outcome.superseded_classes, &outcome.superseded_pupils),
                        )
                        .await
                        .map(|_| format!("Merged. {}", outcome.summary.describe()))
                        .map_err(|e| format!("Nothing was merged: {e}"))
                    }
                },
            };
            pending.set(None);
            loaded.set_value(None);
            match result {
                Ok(text) => {
                    done.set(Some(text));
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="restore-heading">
            <h2 id="restore-heading">"Restore or merge a backup"</h2>
            <p class="muted">"Restore a backup to a new or repaired tablet, or merge another tablet's backup into this one (pupils are matched by id, then UPN, then name and date of birth; the newest change wins; each check is added once). The whole file is checked before anything is written."</p>
            <div class="form-grid">
                <div class="field">
                    <label for="restore-file">"Restore from a backup file"</label>
                    <input id="restore-file" type="file" accept=".json,application/json" on:change=move |ev| choose(Incoming::Restore, ev)/>
                </div>
                <div class="field">
                    <label for="merge-file">"Merge another tablet's backup"</label>
                    <input id="merge-file" type="file" accept=".json,application/json" on:change=move |ev| choose(Incoming::Merge, ev)/>
                </div>
            </div>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert" data-testid="restore-problem">{p}</p> })}
            {move || done.get().map(|p| view! { <p class="status status-ok" role="status" data-testid="restore-done">{p}</p> })}
            {move || pending.get().map(|(how, summary)| view! {
                // Only a restore deletes anything, so only a restore gets the warning colours.
                <div class=if how == Incoming::Restore { "confirm" } else { "confirm calm" } role="alert" data-testid="restore-preview">
                    <p>{summary}</p>
                    <div class="actions">
                        <button class=if how == Incoming::Restore { "danger" } else { "" } on:click=confirm>
                            {if how == Incoming::Restore { "Replace everything with this backup" } else { "Merge into this tablet" }}
                        </button>
                        <button class="secondary" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </div>
                </div>
            })}
        </section>
    }
}

async fn local_dataset(db: &storage::Db) -> Result<Dataset, String> {
    Ok(Dataset {
        classes: db.all::<Class>().await.map_err(|e| e.to_string())?,
        pupils: db.all::<Pupil>().await.map_err(|e| e.to_string())?,
        sessions: db.all::<CheckSession>().await.map_err(|e| e.to_string())?,
        audio: Vec::new(),
    })
}

/// `/report/:pupil`: one page for parents, ready to print, and the pupil's data as a download.
#[component]
pub fn PupilReportPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let pupil_id = move || params.read().get("id").and_then(|id| PupilId::parse(&id));
    let data = load(&[Store::Pupils, Store::Sessions], move |db| {
        let id = pupil_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            db.pupil_with_sessions(id).await
        }
    });
    let problem = RwSignal::new(None::<String>);
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok(None) => view! { <h1>"Report"</h1><p>"This pupil is not on this device."</p> }.into_any(),
            Ok(Some((pupil, sessions))) => {
                let settings = app.settings.get_untracked();
                let practise: Vec<String> = crate::domain::progress::profile(pupil.id, &sessions, settings.programme)
                    .map(|p| crate::domain::progress::teach_next(&p, crate::domain::practice::DEFAULT_GPCS).into_iter().filter_map(|n| {
                        let g = crate::domain::phonics::catalogue().ok()?.gpc(n.gpc.as_str())?;
                        Some(format!("{} (as in “{}”)", g.grapheme, g.example))
                    }).collect())
                    .unwrap_or_default();
                let r = parent_report(&pupil, &sessions, &settings, &practise, today());
                let json = pupil_data_json(&pupil, &sessions);
                let file = format!("readby7-pupil-{}-{}.json", pupil.surname.to_lowercase().replace(' ', "-"), crate::domain::dates::format_iso(today()));
                view! {
                    <p class="breadcrumb no-print"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {} {}", pupil.forename, pupil.surname)}</a></p>
                    <article class="parent-report" data-testid="parent-report">
                        <h1>{format!("{}'s reading", r.pupil_name)}</h1>
                        <p class="muted">{format!("{} · {}{}", r.year_group, format_uk(r.date), if r.school_name.is_empty() { String::new() } else { format!(" · {}", r.school_name) })}</p>
                        <h2>"Phonics"</h2>
                        <p>{r.screening.as_ref().map(|s| s.sentence.clone()).unwrap_or_else(|| "No phonics check yet.".into())}</p>
                        <h2>"Reading aloud"</h2>
                        <p>{r.fluency.as_ref().map(|f| f.sentence.clone()).unwrap_or_else(|| "No timed reading yet.".into())}</p>
                        {r.practise_sentence.clone().map(|s| view! { <h2>"To practise at home"</h2><p>{s}</p> })}
                    </article>
                    <div class="actions no-print">
                        <button on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"Print"</button>
                        <button class="secondary" on:click=move |_| { if let Err(e) = download_text(&file, "application/json", &json) { problem.set(Some(e)); } }>"Download all data held (JSON)"</button>
                    </div>
                    {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
                }.into_any()
            }
        })}
    }
}
