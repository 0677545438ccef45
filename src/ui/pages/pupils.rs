//! A pupil's page (details, edit, move, archive, delete) and the form to add a pupil.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::dates::{format_iso, format_uk};
use crate::domain::fields::FieldError;
use crate::domain::history::history_line;
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{CheckKind, CheckSession, Class, Gender, Pupil, YearGroup};
use crate::domain::pupil::{validate_pupil, PupilInput};
use crate::domain::session::{in_progress, newest_first};
use crate::storage::Store;
use crate::ui::data::{load, now, this_academic_year, today};
use crate::ui::pages::classes::parse_year_group;
use crate::ui::pages::fluency::StartFluencyLink;
use crate::ui::pages::progress::GpcProfilePanel;
use crate::ui::pages::screening::StartScreeningButton;
use crate::ui::state::use_app;
use crate::ui::widgets::{Checkbox, Flags, SelectField, StorageProblem, TextField};

fn gender_value(g: Option<Gender>) -> String {
    match g {
        Some(Gender::Female) => "Female",
        Some(Gender::Male) => "Male",
        _ => "NotRecorded",
    }
    .to_string()
}

fn gender_label(g: Gender) -> &'static str {
    match g {
        Gender::Female => "Female",
        Gender::Male => "Male",
        Gender::NotRecorded => "Not recorded",
    }
}

fn input_from(pupil: &Pupil) -> PupilInput {
    PupilInput {
        upn: pupil
            .upn
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
        forename: pupil.forename.clone(),
        surname: pupil.surname.clone(),
        date_of_birth: format_iso(pupil.date_of_birth),
        gender: Some(pupil.gender),
        year_group: Some(pupil.year_group),
        class_id: pupil.class_id,
        disadvantaged: pupil.disadvantaged,
        send: pupil.send,
        eal: pupil.eal,
    }
}

/// The form for adding or editing a pupil; `editing` is the pupil being changed, if any.
#[component]
fn PupilForm(
    initial: PupilInput,
    classes: Vec<Class>,
    editing: Option<Pupil>,
    submit_label: &'static str,
    on_saved: Callback<PupilId>,
) -> impl IntoView {
    let app = use_app();
    let upn = RwSignal::new(initial.upn);
    let forename = RwSignal::new(initial.forename);
    let surname = RwSignal::new(initial.surname);
    let dob = RwSignal::new(initial.date_of_birth);
    let gender = RwSignal::new(gender_value(initial.gender));
    let year = RwSignal::new(
        initial
            .year_group
            .map(|y| format!("{y:?}"))
            .unwrap_or_default(),
    );
    let class = RwSignal::new(initial.class_id.map(|c| c.to_string()).unwrap_or_default());
    let disadvantaged = RwSignal::new(initial.disadvantaged);
    let send = RwSignal::new(initial.send);
    let eal = RwSignal::new(initial.eal);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let classes = StoredValue::new(classes);
    let editing = StoredValue::new(editing);

    let class_options = Signal::derive(move || {
        let mut options = vec![(String::new(), "No class".to_string())];
        classes.with_value(|list| {
            options.extend(
                list.iter()
                    .filter(|c| {
                        !c.archived || Some(c.id.to_string()) == Some(class.get_untracked())
                    })
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
            )
        });
        options
    });
    let year_options = Signal::derive(|| {
        let mut options = vec![(String::new(), "Choose…".to_string())];
        options.extend(
            YearGroup::ALL
                .iter()
                .map(|y| (format!("{y:?}"), y.label().to_string())),
        );
        options
    });
    let gender_options = Signal::derive(|| {
        ["NotRecorded", "Female", "Male"]
            .iter()
            .map(|v| {
                (
                    v.to_string(),
                    if *v == "NotRecorded" {
                        "Not recorded".to_string()
                    } else {
                        v.to_string()
                    },
                )
            })
            .collect()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = app.db() else { return };
        let class_id = ClassId::parse(&class.get_untracked());
        let input = PupilInput {
            upn: upn.get_untracked(),
            forename: forename.get_untracked(),
            surname: surname.get_untracked(),
            date_of_birth: dob.get_untracked(),
            gender: Some(match gender.get_untracked().as_str() {
                "Female" => Gender::Female,
                "Male" => Gender::Male,
                _ => Gender::NotRecorded,
            }),
            year_group: parse_year_group(&year.get_untracked()),
            class_id,
            disadvantaged: disadvantaged.get_untracked(),
            send: send.get_untracked(),
            eal: eal.get_untracked(),
        };
        // Dates of birth are checked against the class's academic year, or this one.
        let academic = classes
            .with_value(|list| {
                list.iter()
                    .find(|c| Some(c.id) == class_id)
                    .map(|c| c.academic_year)
            })
            .unwrap_or_else(this_academic_year);
        let editing = editing.get_value();
        leptos::task::spawn_local(async move {
            let others = match db.all::<Pupil>().await {
                Ok(p) => p,
                Err(e) => return problem.set(Some(e.to_string())),
            };
            match validate_pupil(
                &input,
                academic,
                today(),
                &others,
                editing.as_ref().map(|p| p.id),
            ) {
                Err(list) => errors.set(list),
                Ok(details) => {
                    errors.set(Vec::new());
                    let pupil = match &editing {
                        Some(p) => Pupil {
                            archived: p.archived,
                            ..details.applied_to(p, now(), db.device_id())
                        },
                        None => details.new_pupil(PupilId::random(), now(), db.device_id()),
                    };
                    match db.put(&pupil).await {
                        Ok(()) => on_saved.run(pupil.id),
                        Err(e) => problem.set(Some(e.to_string())),
                    }
                }
            }
        });
    };

    view! {
        <form class="card" on:submit=submit novalidate>
            {move || (!errors.get().is_empty()).then(|| view! {
                <p class="status status-error" role="alert">"Please correct the fields marked below."</p>
            })}
            <div class="form-grid">
                <TextField id="forename" label="Forename" autocomplete="off" value=forename errors=errors/>
                <TextField id="surname" label="Surname" value=surname errors=errors/>
                <TextField id="date_of_birth" label="Date of birth" kind="date" value=dob errors=errors/>
                <TextField id="upn" label="UPN (optional)" hint="13 characters, e.g. B801200005001" value=upn errors=errors/>
                <SelectField id="gender" label="Gender" options=gender_options value=gender errors=errors/>
                <SelectField id="year_group" label="Year group" options=year_options value=year errors=errors/>
                <SelectField id="class" label="Class" options=class_options value=class errors=errors/>
            </div>
            <fieldset class="flags-field">
                <legend>"Groups the reading lead tracks"</legend>
                <Checkbox id="disadvantaged" label="Disadvantaged (pupil premium / free school meals)" value=disadvantaged/>
                <Checkbox id="send" label="SEND (special educational needs or disabilities)" value=send/>
                <Checkbox id="eal" label="EAL (English as an additional language)" value=eal/>
            </fieldset>
            <button type="submit">{submit_label}</button>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        </form>
    }
}

#[component]
pub fn NewPupilPage() -> impl IntoView {
    let params = use_params_map();
    let class_id = move || params.read().get("id").and_then(|id| ClassId::parse(&id));
    let data = load(
        &[Store::Classes],
        |db| async move { db.all::<Class>().await },
    );
    let navigate = use_navigate();
    let on_saved = Callback::new(move |_: PupilId| {
        let back = class_id()
            .map(|c| format!("/classes/{c}"))
            .unwrap_or_else(|| "/classes".into());
        navigate(&back, Default::default());
    });
    view! {
        <h1>"Add a pupil"</h1>
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok(classes) => {
                let class = classes.iter().find(|c| Some(c.id) == class_id()).cloned();
                let initial = PupilInput {
                    class_id: class.as_ref().map(|c| c.id),
                    year_group: class.as_ref().map(|c| c.year_group),
                    ..PupilInput::default()
                };
                view! {
                    {class.map(|c| view! { <p class="breadcrumb"><a href=format!("/classes/{}", c.id)>{format!("Back to {}", c.name)}</a></p> })}
                    <PupilForm initial=initial classes=classes editing=None submit_label="Add pupil" on_saved=on_saved/>
                }.into_any()
            }
        })}
    }
}

#[component]
pub fn PupilPage() -> impl IntoView {
    let params = use_params_map();
    let pupil_id = move || params.read().get("id").and_then(|id| PupilId::parse(&id));
    let data = load(
        &[Store::Pupils, Store::Classes, Store::Sessions],
        move |db| {
            let id = pupil_id();
            async move {
                let Some(id) = id else { return Ok(None) };
                let Some(pupil) = db.get::<Pupil>(&id.to_string()).await? else {
                    return Ok(None);
                };
                let classes = db.all::<Class>().await?;
                let sessions = db.sessions_for_pupil(id).await?;
                Ok(Some((pupil, classes, sessions)))
            }
        },
    );
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Pupil"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! {
                <h1>"Pupil not found"</h1>
                <p>"This pupil is not on this device: they may have been deleted."</p>
                <p><a class="button" href="/classes">"All classes"</a></p>
            }.into_any(),
            Ok(Some((pupil, classes, sessions))) => view! { <PupilView pupil=pupil classes=classes sessions=sessions/> }.into_any(),
        })}
    }
}

#[component]
fn PupilView(pupil: Pupil, classes: Vec<Class>, sessions: Vec<CheckSession>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let editing = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let move_to = RwSignal::new(pupil.class_id.map(|c| c.to_string()).unwrap_or_default());
    let class = classes
        .iter()
        .find(|c| Some(c.id) == pupil.class_id)
        .cloned();
    let name = format!("{} {}", pupil.forename, pupil.surname);
    let results = sessions.iter().filter(|s| !s.is_open()).count();
    let stored = StoredValue::new(pupil.clone());

    let save = move |updated: Pupil| {
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            match db.put(&updated).await {
                Ok(()) => {}
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let toggle_archive = move |_| {
        let p = stored.get_value();
        save(Pupil {
            archived: !p.archived,
            updated_at: now(),
            ..p
        });
    };
    let do_move = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = stored.get_value();
        save(Pupil {
            class_id: ClassId::parse(&move_to.get_untracked()),
            updated_at: now(),
            ..p
        });
    };
    let back = class
        .as_ref()
        .map(|c| format!("/classes/{}", c.id))
        .unwrap_or_else(|| "/classes".into());
    let delete = {
        let navigate = navigate.clone();
        let back = back.clone();
        move |_| {
            let Some(db) = app.db() else { return };
            let id = stored.with_value(|p| p.id);
            let navigate = navigate.clone();
            let back = back.clone();
            leptos::task::spawn_local(async move {
                match db.delete_pupil_and_results(id).await {
                    Ok(_) => navigate(&back, Default::default()),
                    Err(e) => problem.set(Some(e.to_string())),
                }
            });
        }
    };
    let on_saved = Callback::new(move |_| editing.set(false));
    let move_options: Vec<(String, String)> =
        std::iter::once((String::new(), "No class".to_string()))
            .chain(classes.iter().filter(|c| !c.archived).map(|c| {
                (
                    c.id.to_string(),
                    format!("{} ({})", c.name, c.academic_year.label()),
                )
            }))
            .collect();
    let class_name = class
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "No class".into());
    let editable = StoredValue::new((input_from(&pupil), classes.clone()));

    view! {
        <p class="breadcrumb"><a href=back.clone()>{class.as_ref().map(|c| format!("Back to {}", c.name)).unwrap_or_else(|| "All classes".into())}</a></p>
        <h1>{name.clone()} {pupil.archived.then(|| view! { <span class="badge">"Archived"</span> })}</h1>
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">"Details"</h2>
            <dl class="facts">
                <dt>"Date of birth"</dt><dd>{format_uk(pupil.date_of_birth)}</dd>
                <dt>"Year group"</dt><dd>{pupil.year_group.label()}</dd>
                <dt>"Class"</dt><dd>{class_name}</dd>
                <dt>"UPN"</dt><dd>{pupil.upn.as_ref().map(|u| u.to_string()).unwrap_or_else(|| "None yet".into())}</dd>
                <dt>"Gender"</dt><dd>{gender_label(pupil.gender)}</dd>
                <dt>"Groups"</dt><dd>
                    <Flags pupil=pupil.clone()/>
                    {(!pupil.disadvantaged && !pupil.send && !pupil.eal).then_some("None recorded")}
                </dd>
            </dl>
            <div class="actions">
                <button class="secondary" on:click=move |_| editing.update(|e| *e = !*e) aria-expanded=move || editing.get().to_string()>"Edit details"</button>
                <button class="secondary" on:click=toggle_archive>{if pupil.archived { "Restore pupil" } else { "Archive pupil" }}</button>
                <a class="button secondary" href=crate::domain::entry::report_link(&pupil.id.to_string())>"Report for parents"</a>
                <a class="button secondary" href=format!("/home-practice?pupil={}", pupil.id)>"Home practice pack"</a>
            </div>
        </section>
        <Show when=move || editing.get()>
            {move || {
                let (initial, classes) = editable.get_value();
                view! { <PupilForm initial=initial classes=classes editing=Some(stored.get_value()) submit_label="Save changes" on_saved=on_saved/> }
            }}
        </Show>
        <form class="card inline-form" on:submit=do_move>
            <SelectField id="move_to" label="Move to class" options=Signal::derive(move || move_options.clone()) value=move_to errors=RwSignal::new(Vec::new())/>
            <button type="submit">"Move"</button>
        </form>
        {(!pupil.archived).then(|| view! {
            <section class="card" aria-labelledby="checks-heading">
                <h2 id="checks-heading">"Run a check"</h2>
                <div class="actions">
                    <StartScreeningButton pupil_id=pupil.id open=in_progress(&sessions, CheckKind::Screening).cloned()/>
                    <StartFluencyLink pupil_id=pupil.id open=in_progress(&sessions, CheckKind::Fluency).cloned()/>
                </div>
            </section>
        })}
        {(!pupil.archived).then(|| view! { <GpcProfilePanel pupil=pupil.clone() sessions=sessions.clone()/> })}
        <section class="card" aria-labelledby="results-heading">
            <h2 id="results-heading">"Check history"</h2>
            <History sessions=sessions.clone()/>
        </section>
        {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete this pupil"</h2>
            <p>"For a parent's erasure request, or a pupil added by mistake. To keep their results, archive them instead."</p>
            <Show when=move || !confirming_delete.get() fallback={
                let delete = delete.clone();
                let name = name.clone();
                move || {
                    let delete = delete.clone();
                    view! {
                        <div class="confirm" role="alert">
                            <p><strong>{format!(
                                "Delete {name} and {}? This cannot be undone.",
                                match results { 0 => "their details (they have no check results)".to_string(), 1 => "their 1 check result".to_string(), n => format!("all {n} of their check results") }
                            )}</strong></p>
                            <div class="actions">
                                <button class="danger" on:click=delete>"Delete pupil and results"</button>
                                <button class="secondary" on:click=move |_| confirming_delete.set(false)>"Cancel"</button>
                            </div>
                        </div>
                    }
                }
            }>
                <button class="danger" on:click=move |_| confirming_delete.set(true)>"Delete pupil…"</button>
            </Show>
        </section>
    }
}

/// Every check the pupil has had, newest first, each linking to its full result.
#[component]
fn History(sessions: Vec<CheckSession>) -> impl IntoView {
    let app = use_app();
    let threshold = app.settings.with_untracked(|s| s.screening_threshold);
    let mut sessions = sessions;
    newest_first(&mut sessions);
    if sessions.is_empty() {
        return view! { <p>"No checks yet."</p> }.into_any();
    }
    view! {
        <table class="rows history">
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Check"</th><th scope="col">"Result"</th></tr></thead>
            <tbody>
                {sessions.into_iter().map(|s| {
                    let line = history_line(&s, threshold);
                    view! {
                        <tr>
                            <td>{format_uk(s.started_at.date())}</td>
                            <td><a href=line.route>{line.label}</a></td>
                            <td>{line.result}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
