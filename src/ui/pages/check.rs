//! "Run a check": pick the class, then the next pupil (or any pupil) in one tap.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::class::sort_classes;
use crate::domain::ids::ClassId;
use crate::domain::model::{CheckKind, CheckSession, Class, Pupil};
use crate::domain::pupil::sort_by_surname;
use crate::domain::screening::check::{next_pupil, ROUND_DAYS};
use crate::domain::screening::score::score;
use crate::domain::session::{in_progress, latest_finished};
use crate::storage::{prefs, Store};
use crate::ui::data::{load, now};
use crate::ui::pages::screening::start_check;
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

#[component]
pub fn ChecksPage() -> impl IntoView {
    let app = use_app();
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        |db| async move {
            let mut classes: Vec<Class> = db
                .all::<Class>()
                .await?
                .into_iter()
                .filter(|c| !c.archived)
                .collect();
            sort_classes(&mut classes);
            let pupils = db.all::<Pupil>().await?;
            let sessions = db.all::<CheckSession>().await?;
            Ok((classes, pupils, sessions))
        },
    );
    let chosen = RwSignal::new(
        prefs::last_class()
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let open = move |pupil_id| {
        let Some(db) = app.db() else { return };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match start_check(db, pupil_id).await {
                Ok(id) => navigate(&format!("/check/screening/{id}"), Default::default()),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <h1>"Run a check"</h1>
        {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok((classes, _, _)) if classes.is_empty() => view! {
                <section class="card empty">
                    <p>"Checks are run for the pupils of a class. Import or make a class first."</p>
                    <p><a class="button" href="/classes">"Go to Classes"</a></p>
                </section>
            }.into_any(),
            Ok((classes, pupils, sessions)) => {
                let open = open.clone();
                let selected = classes
                    .iter()
                    .find(|c| c.id.to_string() == chosen.get())
                    .or(classes.first())
                    .cloned();
                let Some(class) = selected else { return ().into_any() };
                let mut register: Vec<Pupil> = pupils.into_iter().filter(|p| p.class_id == Some(class.id) && !p.archived).collect();
                sort_by_surname(&mut register);
                let next = next_pupil(&register, &sessions, now()).cloned();
                let threshold = app.settings.with_untracked(|s| s.screening_threshold);
                let class_options = classes.clone();
                let rows = register.into_iter().map(|p| {
                    let mine: Vec<CheckSession> = sessions.iter().filter(|s| s.pupil_id == p.id && s.kind == CheckKind::Screening).cloned().collect();
                    let resume = in_progress(&mine, CheckKind::Screening).cloned();
                    let latest = latest_finished(&mine, CheckKind::Screening).map(|s| score(s, threshold).brief());
                    let open = open.clone();
                    let id = p.id;
                    view! {
                        <tr>
                            <td><a href=format!("/pupils/{}", p.id)>{format!("{}, {}", p.surname, p.forename)}</a></td>
                            <td>{latest.unwrap_or_else(|| "–".into())}</td>
                            <td class="row-actions">
                                <a class="button secondary small" href=format!("/check/progress/new?pupil={id}")
                                    aria-label=format!("Progress check for {} {}", p.forename, p.surname)>"Progress"</a>
                                <a class="button secondary small" href=format!("/check/fluency/new?pupil={id}")
                                    aria-label=format!("Fluency check for {} {}", p.forename, p.surname)>"Fluency"</a>
                                <button class="secondary small" on:click=move |_| open(id)
                                    aria-label=format!("{} screening check for {} {}", if resume.is_some() { "Resume" } else { "Start" }, p.forename, p.surname)>
                                    {if resume.is_some() { "Resume screening" } else { "Screening" }}
                                </button>
                            </td>
                        </tr>
                    }
                }).collect_view();
                let start_next = {
                    let open = open.clone();
                    next.as_ref().map(|p| {
                        let id = p.id;
                        let name = format!("{} {}", p.forename, p.surname);
                        let open = open.clone();
                        view! {
                            <section class="card next-pupil" aria-labelledby="next-heading">
                                <h2 id="next-heading">"Phonics screening practice"</h2>
                                <p>{format!("Next pupil in {}: ", class.name)}<strong>{name.clone()}</strong></p>
                                <button class="big" on:click=move |_| open(id)>{format!("Start check for {name}")}</button>
                            </section>
                        }
                        .into_any()
                    })
                };
                view! {
                    <div class="field">
                        <label for="check-class">"Class"</label>
                        <select id="check-class" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(id) = ClassId::parse(&v) { prefs::set_last_class(id); }
                            chosen.set(v);
                        }>
                            {class_options.into_iter().map(|c| {
                                let selected = c.id == class.id;
                                view! { <option value=c.id.to_string() selected=selected>{format!("{} ({})", c.name, c.year_group.label())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    {start_next.unwrap_or_else(|| view! {
                        <section class="card next-pupil">
                            <p>{format!("Everyone in {} has started a screening check in the last {ROUND_DAYS} days. Choose a pupil below to check again.", class.name)}</p>
                        </section>
                    }.into_any())}
                    <table class="pupils">
                        <thead><tr><th scope="col">"Pupil"</th><th scope="col">"Latest screening"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }
        })}
    }
}
