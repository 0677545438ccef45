//! The class list and one class's page.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::class::{check_class_name, new_class, sort_classes};
use crate::domain::fields::FieldError;
use crate::domain::ids::ClassId;
use crate::domain::model::{AcademicYear, CheckKind, CheckSession, Class, Pupil, YearGroup};
use crate::domain::pupil::{matches_search, sort_by_forename, sort_by_surname};
use crate::domain::screening::score::{needs_retake, score};
use crate::domain::session::latest_finished;
use crate::storage::Store;
use crate::ui::data::{load, now, this_academic_year};
use crate::ui::pages::progress::ClassGapsPanel;
use crate::ui::state::use_app;
use crate::ui::widgets::{Flags, SelectField, StorageProblem, TextField};

fn year_group_options() -> Vec<(String, String)> {
    YearGroup::ALL
        .iter()
        .map(|y| (format!("{y:?}"), y.label().to_string()))
        .collect()
}

pub fn parse_year_group(value: &str) -> Option<YearGroup> {
    YearGroup::ALL
        .into_iter()
        .find(|y| format!("{y:?}") == value)
}

fn academic_year_options() -> Vec<(String, String)> {
    let current = this_academic_year().0;
    [current + 1, current, current - 1]
        .into_iter()
        .map(|y| (y.to_string(), AcademicYear(y).label()))
        .collect()
}

#[component]
pub fn ClassesPage() -> impl IntoView {
    let data = load(&[Store::Classes, Store::Pupils], |db| async move {
        let mut classes = db.all::<Class>().await?;
        sort_classes(&mut classes);
        let pupils = db.all::<Pupil>().await?;
        Ok((classes, pupils))
    });
    let show_form = RwSignal::new(false);
    view! {
        <h1>"Classes"</h1>
        <crate::ui::pages::records::BackupReminder/>
        <crate::ui::safari_notice::SafariNotice/>
        <crate::ui::sync::OverdueNotice/>
        <div class="actions">
            <a class="button" href="/import">"Import a class list"</a>
            <button class="secondary" on:click=move |_| show_form.update(|s| *s = !*s)
                aria-expanded=move || show_form.get().to_string()>
                "New class"
            </button>
        </div>
        <Show when=move || show_form.get()>
            <NewClassForm on_done=move || show_form.set(false)/>
        </Show>
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok((classes, _)) if classes.is_empty() => view! {
                <section class="card empty">
                    <h2>"No classes yet"</h2>
                    <p>"Import the class list your MIS exports (SIMS, Arbor, Bromcom...), or make a class and add pupils one by one."</p>
                    <p><a href="/import">"Import a class list"</a>" — or try it with the "<a href="/samples/sample-class.csv" download="sample-class.csv">"sample class list"</a>" of 30 fictional pupils."</p>
                </section>
            }.into_any(),
            Ok((classes, pupils)) => {
                let count = |id: ClassId| pupils.iter().filter(|p| p.class_id == Some(id) && !p.archived).count();
                let (active, archived): (Vec<Class>, Vec<Class>) = classes.into_iter().partition(|c| !c.archived);
                let row = move |c: Class| {
                    let n = count(c.id);
                    view! {
                        <li>
                            <a class="class-link" href=format!("/classes/{}", c.id)>
                                <span class="class-name">{c.name.clone()}</span>
                                <span class="muted">{format!("{} · {} · {} pupil{}", c.year_group.label(), c.academic_year.label(), n, if n == 1 { "" } else { "s" })}</span>
                            </a>
                        </li>
                    }
                };
                view! {
                    <ul class="class-list" aria-label="Classes">{active.into_iter().map(row).collect_view()}</ul>
                    {(!archived.is_empty()).then(|| view! {
                        <details class="archived">
                            <summary>{format!("Archived classes ({})", archived.len())}</summary>
                            <ul class="class-list">{archived.into_iter().map(row).collect_view()}</ul>
                        </details>
                    })}
                }.into_any()
            }
        })}
    }
}

#[component]
fn NewClassForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let year_group = RwSignal::new(format!("{:?}", YearGroup::Year1));
    let academic = RwSignal::new(this_academic_year().0.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = app.db() else { return };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let classes = match db.all::<Class>().await {
                Ok(c) => c,
                Err(e) => return problem.set(Some(e.to_string())),
            };
            let academic_year = AcademicYear(
                academic
                    .get_untracked()
                    .parse()
                    .unwrap_or(this_academic_year().0),
            );
            let Some(year) = parse_year_group(&year_group.get_untracked()) else {
                return;
            };
            match check_class_name(&name.get_untracked(), academic_year, &classes, None) {
                Err(e) => errors.set(vec![e]),
                Ok(valid) => {
                    let class = new_class(valid, year, academic_year, now(), db.device_id());
                    match db.put(&class).await {
                        Ok(()) => {
                            on_done();
                            navigate(&format!("/classes/{}", class.id), Default::default());
                        }
                        Err(e) => problem.set(Some(e.to_string())),
                    }
                }
            }
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate aria-labelledby="new-class-heading">
            <h2 id="new-class-heading">"New class"</h2>
            <TextField id="class_name" label="Class name" hint="As your school names it, e.g. 1H or Hazel" value=name errors=errors/>
            <div class="form-grid">
                <SelectField id="class_year_group" label="Year group" options=Signal::derive(year_group_options) value=year_group errors=errors/>
                <SelectField id="class_academic_year" label="Academic year" options=Signal::derive(academic_year_options) value=academic errors=errors/>
            </div>
            <button type="submit">"Create class"</button>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        </form>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Surname,
    Forename,
}

#[component]
pub fn ClassPage() -> impl IntoView {
    let params = use_params_map();
    let class_id = move || params.read().get("id").and_then(|id| ClassId::parse(&id));
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        move |db| {
            let id = class_id();
            async move {
                let Some(id) = id else { return Ok(None) };
                let class = db.get::<Class>(&id.to_string()).await?;
                let pupils = db.pupils_in_class(id).await?;
                let all_classes = db.all::<Class>().await?;
                let mut sessions = Vec::new();
                for p in &pupils {
                    sessions.extend(db.sessions_for_pupil(p.id).await?);
                }
                Ok(class.map(|c| (c, pupils, all_classes, sessions)))
            }
        },
    );
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Class"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! {
                <h1>"Class not found"</h1>
                <p>"This class is not on this device. It may have been made on another tablet."</p>
                <p><a class="button" href="/classes">"All classes"</a></p>
            }.into_any(),
            Ok(Some((class, pupils, all_classes, sessions))) => view! { <ClassView class=class pupils=pupils all_classes=all_classes sessions=sessions/> }.into_any(),
        })}
    }
}

#[component]
fn ClassView(
    class: Class,
    pupils: Vec<Pupil>,
    all_classes: Vec<Class>,
    sessions: Vec<CheckSession>,
) -> impl IntoView {
    let app = use_app();
    let threshold = app.settings.with_untracked(|s| s.screening_threshold);
    let sessions = StoredValue::new(sessions);
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new(SortBy::Surname);
    let show_archived = RwSignal::new(false);
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(class.name.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let active_count = pupils.iter().filter(|p| !p.archived).count();
    let archived_count = pupils.len() - active_count;
    let pupils = StoredValue::new(pupils);
    let class = StoredValue::new(class);
    let all_classes = StoredValue::new(all_classes);

    let save = move |updated: Class| {
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            match db.put(&updated).await {
                Ok(()) => renaming.set(false),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = class.get_value();
        let checked = all_classes.with_value(|all| {
            check_class_name(&new_name.get_untracked(), c.academic_year, all, Some(c.id))
        });
        match checked {
            Err(e) => errors.set(vec![e]),
            Ok(name) => save(Class {
                name,
                updated_at: now(),
                ..c
            }),
        }
    };
    let toggle_archive = move |_| {
        let c = class.get_value();
        save(Class {
            archived: !c.archived,
            updated_at: now(),
            ..c
        });
    };

    let visible = move || {
        let query = search.get();
        let mut list: Vec<Pupil> = pupils
            .get_value()
            .into_iter()
            .filter(|p| show_archived.get() || !p.archived)
            .filter(|p| matches_search(p, &query))
            .collect();
        match sort.get() {
            SortBy::Surname => sort_by_surname(&mut list),
            SortBy::Forename => sort_by_forename(&mut list),
        }
        list
    };
    let c = class.get_value();
    view! {
        <p class="breadcrumb"><a href="/classes">"Classes"</a></p>
        <h1>{c.name.clone()}</h1>
        <p class="lead">
            {format!("{} · {} · {} pupil{}", c.year_group.label(), c.academic_year.label(), active_count, if active_count == 1 { "" } else { "s" })}
            {c.archived.then_some(" · archived")}
        </p>
        <div class="actions">
            <a class="button" href=format!("/classes/{}/new-pupil", c.id)>"Add a pupil"</a>
            <a class="button secondary" href=format!("/import?class={}", c.id)>"Import pupils"</a>
            <button class="secondary" on:click=move |_| renaming.update(|r| *r = !*r)>"Rename"</button>
            <button class="secondary" on:click=toggle_archive>{if c.archived { "Restore class" } else { "Archive class" }}</button>
        </div>
        <Show when=move || renaming.get()>
            <form class="card" on:submit=rename novalidate>
                <TextField id="class_name" label="New name" value=new_name errors=errors/>
                <button type="submit">"Save name"</button>
            </form>
        </Show>
        {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        <div class="list-tools">
            <div class="field">
                <label for="pupil-search">"Search pupils"</label>
                <input id="pupil-search" type="search" autocomplete="off"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="pupil-sort">"Sort by"</label>
                <select id="pupil-sort" on:change=move |ev| sort.set(if event_target_value(&ev) == "forename" { SortBy::Forename } else { SortBy::Surname })>
                    <option value="surname">"Surname"</option>
                    <option value="forename">"First name"</option>
                </select>
            </div>
            {(archived_count > 0).then(|| view! {
                <div class="check-field">
                    <input id="show-archived" type="checkbox" on:change=move |ev| show_archived.set(event_target_checked(&ev))/>
                    <label for="show-archived">{format!("Show archived pupils ({archived_count})")}</label>
                </div>
            })}
        </div>
        {move || {
            let list = visible();
            if list.is_empty() {
                let message = if pupils.with_value(|p| p.is_empty()) {
                    "No pupils in this class yet: add them one by one or import a class list."
                } else {
                    "No pupil matches the search."
                };
                return view! { <p class="card empty">{message}</p> }.into_any();
            }
            let by_surname = sort.get() == SortBy::Surname;
            view! {
                <table class="pupils">
                    <caption class="visually-hidden">{format!("Pupils in {}", class.with_value(|c| c.name.clone()))}</caption>
                    <thead><tr>
                        <th scope="col">"Pupil"</th>
                        <th scope="col" class="wide-only">"Date of birth"</th>
                        <th scope="col">"Flags"</th>
                        <th scope="col">"Latest screening"</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|p| {
                            let name = if by_surname { format!("{}, {}", p.surname, p.forename) } else { format!("{} {}", p.forename, p.surname) };
                            let mine: Vec<CheckSession> = sessions.with_value(|all| all.iter().filter(|s| s.pupil_id == p.id && s.kind == CheckKind::Screening).cloned().collect());
                            let latest = latest_finished(&mine, CheckKind::Screening).map(|s| score(s, threshold).brief());
                            let retake = needs_retake(&p, &mine, threshold);
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/pupils/{}", p.id)>{name}</a>
                                        {p.archived.then(|| view! { <span class="muted">" (archived)"</span> })}
                                    </td>
                                    <td class="wide-only">{crate::domain::dates::format_uk(p.date_of_birth)}</td>
                                    <td><Flags pupil=p.clone()/></td>
                                    <td>
                                        {latest.unwrap_or_else(|| "–".into())}
                                        {retake.then(|| view! { " " <span class="flag retake" title="Year 2: has not yet met the standard in a practice check">"Retake"</span> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <ClassGapsPanel
            pupils=pupils.with_value(|p| p.iter().filter(|p| !p.archived).cloned().collect())
            sessions=sessions.get_value()
        />
    }
}
