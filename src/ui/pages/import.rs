//! Importing a class list: choose a CSV, read the preview, confirm.

use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::import::{preview, Action, FileError, ImportContext, Preview, MAX_FILE_BYTES};
use crate::domain::model::{Class, Pupil};
use crate::storage::Store;
use crate::ui::data::{load, now, this_academic_year, today};
use crate::ui::lock::LockOffer;
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

#[derive(Clone)]
struct ChosenFile {
    name: String,
    bytes: Vec<u8>,
}

/// Shown after an import: what was written, and where to see it.
#[derive(Clone, PartialEq)]
struct Done {
    message: String,
    link: Option<(String, String)>,
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let data = load(&[Store::Classes, Store::Pupils], |db| async move {
        Ok((db.all::<Class>().await?, db.all::<Pupil>().await?))
    });
    let chosen = RwSignal::new(None::<ChosenFile>);
    let file_problem = RwSignal::new(None::<String>);
    let target = RwSignal::new(query.read_untracked().get("class").unwrap_or_default());
    let done = RwSignal::new(None::<Done>);
    let write_problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input_ref = NodeRef::<Input>::new();

    let result = Memo::new(move |_| -> Option<Result<Preview, String>> {
        let loaded = data.get().flatten()?;
        let (classes, pupils) = loaded.ok()?;
        chosen.with(|file| {
            let file = file.as_ref()?;
            let target_id = target.get();
            let target_class = classes.iter().find(|c| c.id.to_string() == target_id);
            let ctx = ImportContext {
                pupils: &pupils,
                classes: &classes,
                target: target_class,
                academic_year: target_class
                    .map(|c| c.academic_year)
                    .unwrap_or_else(this_academic_year),
                today: today(),
            };
            Some(preview(&file.bytes, &ctx).map_err(|e| format!("{e} Nothing was imported.")))
        })
    });

    let on_file = move |ev: leptos::ev::Event| {
        done.set(None);
        write_problem.set(None);
        file_problem.set(None);
        chosen.set(None);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        let size = file.size() as usize;
        if size > MAX_FILE_BYTES {
            file_problem.set(Some(format!(
                "{} Nothing was imported.",
                FileError::TooLarge { bytes: size }
            )));
            return;
        }
        leptos::task::spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => chosen.set(Some(ChosenFile {
                    name: file.name(),
                    bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
                })),
                Err(_) => file_problem.set(Some(
                    "The browser could not read this file. If it is open in Excel, close it and try again.".into(),
                )),
            }
        });
    };

    let import = move |_| {
        let Some(Some(Ok(p))) = result.get_untracked().map(Some) else {
            return;
        };
        let Some(db) = app.db() else { return };
        busy.set(true);
        let (classes, pupils) = p.records(now(), db.device_id());
        let (added, updated) = (p.adds(), p.updates());
        leptos::task::spawn_local(async move {
            match db.write_import(&classes, &pupils).await {
                Ok(()) => {
                    let class_ids: Vec<_> = {
                        let mut ids: Vec<_> = pupils.iter().filter_map(|p| p.class_id).collect();
                        ids.dedup();
                        ids
                    };
                    let known: Vec<Class> = data
                        .get_untracked()
                        .flatten()
                        .and_then(|d| d.ok())
                        .map(|(c, _)| c)
                        .unwrap_or_default()
                        .into_iter()
                        .chain(classes.iter().cloned())
                        .collect();
                    let link = (class_ids.len() == 1)
                        .then(|| known.iter().find(|c| c.id == class_ids[0]))
                        .flatten()
                        .map(|c| (format!("/classes/{}", c.id), format!("Open {}", c.name)));
                    let mut message = format!(
                        "Imported {} pupil{}: {added} added, {updated} updated.",
                        added + updated,
                        if added + updated == 1 { "" } else { "s" }
                    );
                    if !classes.is_empty() {
                        let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
                        message.push_str(&format!(
                            " New class{}: {}.",
                            if names.len() == 1 { "" } else { "es" },
                            names.join(", ")
                        ));
                    }
                    done.set(Some(Done { message, link }));
                    chosen.set(None);
                    if let Some(input) = input_ref.get_untracked() {
                        input.set_value("");
                    }
                }
                Err(e) => write_problem.set(Some(format!("{e} Nothing was imported."))),
            }
            busy.set(false);
        });
    };

    let target_options = move || {
        let classes = data
            .get()
            .flatten()
            .and_then(|d| d.ok())
            .map(|(c, _)| c)
            .unwrap_or_default();
        let current = this_academic_year();
        let mut options = vec![(String::new(), "The classes named in the file".to_string())];
        options.extend(
            classes
                .iter()
                .filter(|c| !c.archived && c.academic_year >= current)
                .map(|c| {
                    (
                        c.id.to_string(),
                        format!(
                            "{} ({}, {})",
                            c.name,
                            c.year_group.label(),
                            c.academic_year.label()
                        ),
                    )
                }),
        );
        options
    };

    view! {
        <p class="breadcrumb"><a href="/classes">"Classes"</a></p>
        <h1>"Import a class list"</h1>
        <section class="card">
            <ol class="steps">
                <li>"In your MIS (SIMS, Arbor, Bromcom...), export the class list as CSV with each pupil's forename, surname and date of birth. UPN, gender, year, class, pupil premium, SEN and EAL (or first language) columns are used when present."</li>
                <li>"Choose the file below. Nothing is saved until you confirm."</li>
                <li>"Check the preview, then import. Importing the same file again changes nothing."</li>
            </ol>
            <p>"Trying ReadBy7 out? "<a href="/samples/sample-class.csv" download="sample-class.csv">"Download the sample class list"</a>" (30 fictional pupils, one with a mistyped UPN)."</p>
            <div class="field">
                <label for="class-file">"Class list file (CSV)"</label>
                <input id="class-file" type="file" accept=".csv,.txt,text/csv" node_ref=input_ref on:change=on_file/>
            </div>
            <div class="field">
                <label for="import-target">"Put pupils into"</label>
                <select id="import-target" on:change=move |ev| target.set(event_target_value(&ev))>
                    {move || target_options().into_iter().map(|(value, label)| {
                        let v = value.clone();
                        view! { <option value=value prop:selected=move || target.get() == v>{label}</option> }
                    }).collect_view()}
                </select>
                <span class="hint">"Rows with their own class go to that class; the rest go here."</span>
            </div>
        </section>
        {move || file_problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        {move || write_problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        {move || done.get().map(|d| view! {
            <div class="status status-ok" role="status">
                <p>{d.message}</p>
                {d.link.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
            </div>
            <LockOffer/>
        })}
        {move || match data.get().flatten() {
            Some(Err(e)) => Some(view! { <StorageProblem error=e/> }.into_any()),
            _ => None,
        }}
        {move || result.get().map(|r| match r {
            Err(message) => view! { <p class="status status-error" role="alert" data-testid="file-problem">{message}</p> }.into_any(),
            Ok(p) => {
                let file_name = chosen.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
                view! { <PreviewView preview=p file_name=file_name busy=busy on_import=import/> }.into_any()
            }
        })}
    }
}

#[component]
fn PreviewView(
    preview: Preview,
    file_name: String,
    busy: RwSignal<bool>,
    on_import: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let accepted = preview.accepted();
    let blocked = preview.blocking.is_some();
    let problems: Vec<_> = preview
        .rows
        .iter()
        .filter_map(|r| match &r.action {
            Action::Skip { reasons } => Some((r.row, r.name.clone(), reasons.join(" "))),
            _ => None,
        })
        .collect();
    let warnings: Vec<_> = preview
        .rows
        .iter()
        .flat_map(|r| {
            r.warnings
                .iter()
                .map(move |w| (r.row, r.name.clone(), w.clone()))
        })
        .collect();
    let updates: Vec<_> = preview
        .rows
        .iter()
        .filter_map(|r| match &r.action {
            Action::Update { changed, .. } => Some((r.row, r.name.clone(), changed.join(", "))),
            _ => None,
        })
        .collect();
    let adds: Vec<_> = preview
        .rows
        .iter()
        .filter(|r| matches!(r.action, Action::Add(_)))
        .map(|r| r.name.clone())
        .collect();
    let used: Vec<String> = preview
        .columns
        .iter()
        .map(|(heading, field)| format!("{heading} ({})", field.label()))
        .collect();
    let button_label = match accepted {
        0 => "Nothing to import".to_string(),
        1 => "Import 1 pupil".to_string(),
        n => format!("Import {n} pupils"),
    };
    view! {
        <section class="card preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{format!("Preview of {file_name}")}</h2>
            <ul class="summary">
                <li><strong data-testid="count-add">{preview.adds()}</strong>" to add"</li>
                <li><strong data-testid="count-update">{preview.updates()}</strong>" to update"</li>
                <li><strong data-testid="count-unchanged">{preview.unchanged()}</strong>" already up to date"</li>
                <li><strong data-testid="count-skipped">{preview.skipped()}</strong>" skipped"</li>
            </ul>
            {preview.encoding_note.clone().map(|n| view! { <p class="status status-warn">{n}</p> })}
            {preview.blocking.clone().map(|b| view! { <p class="status status-error" role="alert">{b}</p> })}
            {(!preview.new_classes.is_empty()).then(|| {
                let names: Vec<String> = preview.new_classes.iter().map(|c| format!("{} ({})", c.name, c.year_group.label())).collect();
                view! { <p>{format!("New class{} to create: {}.", if names.len() == 1 { "" } else { "es" }, names.join(", "))}</p> }
            })}
            <p class="muted">{format!("Columns used: {}.", used.join(", "))}</p>
            {(!preview.ignored_columns.is_empty()).then(|| view! {
                <p class="muted">{format!("Columns not used: {}.", preview.ignored_columns.join(", "))}</p>
            })}
            {(accepted == 0 && !blocked && preview.unchanged() > 0).then(|| view! {
                <p class="status status-ok">"Every pupil in this file is already up to date: there is nothing to import."</p>
            })}
            <div class="actions">
                <button on:click=on_import disabled=move || accepted == 0 || blocked || busy.get()>{button_label}</button>
            </div>
        </section>
        {(!problems.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="problems-heading">
                <h2 id="problems-heading">{format!("Rows that will be skipped ({})", problems.len())}</h2>
                <p>"Correct these in your MIS (or the file) and import again; the other rows are not affected."</p>
                <RowTable heading="Problem" rows=problems/>
            </section>
        })}
        {(!warnings.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="warnings-heading">
                <h2 id="warnings-heading">{format!("Values not understood ({})", warnings.len())}</h2>
                <RowTable heading="Note" rows=warnings/>
            </section>
        })}
        {(!updates.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="updates-heading">
                <h2 id="updates-heading">{format!("Pupils to update ({})", updates.len())}</h2>
                <RowTable heading="What changes" rows=updates/>
            </section>
        })}
        {(!adds.is_empty()).then(|| view! {
            <details class="card">
                <summary>{format!("Pupils to add ({})", adds.len())}</summary>
                <ul class="name-list">{adds.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

#[component]
fn RowTable(heading: &'static str, rows: Vec<(usize, String, String)>) -> impl IntoView {
    view! {
        <table class="rows">
            <thead><tr><th scope="col">"Row"</th><th scope="col">"Pupil"</th><th scope="col">{heading}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(row, name, text)| view! {
                    <tr><td>{row}</td><td>{name}</td><td>{text}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
