//! The screening practice check: the child's view with the adult's discreet marking, and the
//! results.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::dates::format_uk;
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{
    CheckKind, CheckSession, NotTakenCode, Pupil, Response, SessionStatus, ShownItem,
};
use crate::domain::pager::{AfterMark, Pager};
use crate::domain::screening::check::{next_pupil, seen_words, start_screening};
use crate::domain::screening::creature;
use crate::domain::screening::form::generate;
use crate::domain::screening::score::{missed_by_gpc, score, teach_next, Outcome};
use crate::domain::screening::{section_of, ITEMS, PAGES, WORDS_PER_PAGE};
use crate::storage::{Db, Store};
use crate::ui::creature::CreatureSvg;
use crate::ui::data::{load, now};
use crate::ui::saving::{save_mark, save_then_open};
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

/// Starts a screening check for a pupil and opens it. Returns an error message on failure.
pub async fn start_check(db: Db, pupil_id: PupilId) -> Result<SessionId, String> {
    let sessions = db
        .sessions_for_pupil(pupil_id)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(open) = crate::domain::session::in_progress(&sessions, CheckKind::Screening) {
        return Ok(open.id);
    }
    let (session, _) = start_screening(pupil_id, &sessions, String::new(), now(), db.device_id())
        .map_err(|e| {
        format!("The word bank could not be read ({e}); the check cannot start.")
    })?;
    db.put(&session).await.map_err(|e| e.to_string())?;
    Ok(session.id)
}

#[component]
pub fn ScreeningPage() -> impl IntoView {
    let params = use_params_map();
    let session_id = move || params.read().get("id").and_then(|id| SessionId::parse(&id));
    // Read once: a write elsewhere (another tab, a sync) must not reset the check in use.
    let data = load(&[], move |db| {
        let id = session_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            let Some((session, pupil)) = db.session_with_pupil(id).await? else {
                return Ok(None);
            };
            let earlier: Vec<CheckSession> = db
                .sessions_for_pupil(session.pupil_id)
                .await?
                .into_iter()
                .filter(|s| s.id != session.id && s.started_at <= session.started_at)
                .collect();
            Ok(Some((session, pupil, earlier)))
        }
    });
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Phonics screening check"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! {
                <h1>"Check not found"</h1>
                <p>"This check is not on this device."</p>
                <p><a class="button" href="/check">"Run a check"</a></p>
            }.into_any(),
            Ok(Some((session, pupil, _))) if !session.is_open() => {
                view! { <ScreeningResults session=session pupil=pupil/> }.into_any()
            }
            Ok(Some((session, pupil, earlier))) => {
                // Practice words are not stored: the form is regenerated from its number and
                // the words met before it, which gives the same practice page.
                let practice = session
                    .form
                    .and_then(|n| generate(n, &seen_words(&earlier)).ok())
                    .map(|f| f.practice)
                    .unwrap_or_default();
                view! { <ScreeningRunner session=session pupil=pupil practice=practice/> }.into_any()
            }
        })}
    }
}

#[component]
fn ScreeningRunner(session: CheckSession, pupil: Pupil, practice: Vec<ShownItem>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let resume_at = session.next_unmarked().unwrap_or(0);
    // A fresh check opens on the practice page; a resumed one at the word it stopped at.
    let on_practice = RwSignal::new(session.marked() == 0 && !practice.is_empty());
    let pager = RwSignal::new(Pager::new(session.items.len(), WORDS_PER_PAGE, resume_at));
    // Memos: a mark that keeps the page re-renders only its own buttons, not the page.
    let page = Memo::new(move |_| pager.with(Pager::page));
    let resumed = session.marked() > 0;
    let session = RwSignal::new(session);
    let save_problem = RwSignal::new(None::<String>);
    let stopping = RwSignal::new(false);
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let form = session.with_untracked(|s| s.form.unwrap_or(1));

    let persist = move |next: CheckSession, tapped_at: Option<f64>| {
        save_mark(app, next, tapped_at, save_problem)
    };

    let finish_with = {
        let navigate = navigate.clone();
        move |closed: CheckSession| {
            let path = format!("/results/{}", closed.id);
            save_then_open(app, closed, path, navigate.clone(), save_problem);
        }
    };

    let mark = {
        let finish_with = finish_with.clone();
        move |index: usize, response: Response, tapped_at: Option<f64>| {
            let current = session.get_untracked();
            let Ok(next) = current.mark(index, Some(response), now()) else {
                return;
            };
            // Write first, then update the view: the IndexedDB request is under way before
            // the page re-renders.
            persist(next.clone(), tapped_at);
            let after =
                pager
                    .get_untracked()
                    .after_mark(index, &current.responses, &next.responses);
            session.set(next.clone());
            match after {
                AfterMark::At(p) => pager.set(p),
                AfterMark::Finished => finish_with(next.finish(now())),
            }
        }
    };

    // Keys for a laptop: C or 1 marks correct, X or 0 incorrect, arrows move between words.
    let key_mark = mark.clone();
    let keys = window_event_listener(ev::keydown, move |e| {
        if on_practice.get_untracked()
            || stopping.get_untracked()
            || e.ctrl_key()
            || e.meta_key()
            || e.alt_key()
        {
            return;
        }
        let at = pager.with_untracked(Pager::cursor);
        match e.key().as_str() {
            "c" | "C" | "1" => {
                e.prevent_default();
                key_mark(at, Response::Correct, Some(e.time_stamp()));
            }
            "x" | "X" | "0" => {
                e.prevent_default();
                key_mark(at, Response::Incorrect, Some(e.time_stamp()));
            }
            "ArrowRight" | "ArrowDown" => {
                e.prevent_default();
                pager.update(|p| *p = p.forward());
            }
            "ArrowLeft" | "ArrowUp" => {
                e.prevent_default();
                pager.update(|p| *p = p.back());
            }
            "PageDown" => pager.update(|p| *p = p.next_page()),
            "PageUp" => pager.update(|p| *p = p.previous_page()),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let end = {
        let finish_with = finish_with.clone();
        move |how: Option<NotTakenCode>| {
            let current = session.get_untracked();
            let closed = match how {
                None => current.stop_early(now()),
                Some(code) => current.not_taken(code, now()),
            };
            finish_with(closed);
        }
    };

    let header = move || {
        let p = page.get();
        let marked = session.with(|s| s.marked());
        if on_practice.get() {
            "Practice page · not marked".to_string()
        } else {
            format!(
                "Form {form} · Section {} · Page {} of {PAGES} · {marked} of {ITEMS} marked",
                section_of(p * WORDS_PER_PAGE),
                p + 1
            )
        }
    };

    view! {
        <div class="check-screen">
            <div class="adult-bar" role="region" aria-label="For the adult">
                <div class="adult-info">
                    <strong>{pupil_name.clone()}</strong>
                    <span data-testid="check-position">{header}</span>
                </div>
                <div class="adult-actions">
                    <a class="button quiet" href=format!("/pupils/{}", pupil.id)>"Leave (saved)"</a>
                    <button class="quiet" on:click=move |_| stopping.update(|s| *s = !*s) aria-expanded=move || stopping.get().to_string()>"Stop…"</button>
                </div>
            </div>
            {resumed.then(|| view! { <p class="status status-ok resume-note" role="status">{format!("Resumed at word {}. Marks 1–{} are kept.", resume_at + 1, resume_at)}</p> })}
            {move || save_problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
            <Show when=move || stopping.get()>
                {
                    let end = end.clone();
                    view! {
                        <div class="card stop-panel">
                            <h2>"End this check"</h2>
                            <div class="actions">
                                <button on:click={ let end = end.clone(); move |_| end(None) }>"Stop early: mark the words read so far"</button>
                            </div>
                            <p>"Or record instead of a mark:"</p>
                            <div class="actions">
                                <button class="secondary" on:click={ let end = end.clone(); move |_| end(Some(NotTakenCode::Absent)) }>"Absent (A)"</button>
                                <button class="secondary" on:click={ let end = end.clone(); move |_| end(Some(NotTakenCode::Disapplied)) }>"Disapplied (D)"</button>
                                <button class="secondary" on:click={ let end = end.clone(); move |_| end(Some(NotTakenCode::Left)) }>"Left (L)"</button>
                                <button class="secondary" on:click={ let end = end.clone(); move |_| end(Some(NotTakenCode::Maladministration)) }>"Maladministration (Q)"</button>
                            </div>
                            <div class="actions"><button class="quiet" on:click=move |_| stopping.set(false)>"Carry on with the check"</button></div>
                        </div>
                    }
                }
            </Show>
            <Show
                when=move || on_practice.get()
                fallback={
                    let mark = mark.clone();
                    move || {
                        let mark = mark.clone();
                        view! { <CheckPage session=session pager=pager page=page form=form mark=mark/> }
                    }
                }
            >
                <div class="child-page practice" data-testid="practice-page">
                    <ul class="words" aria-label="Practice words">
                        {practice.iter().map(|item| view! { <li><span class="word">{item.text.clone()}</span></li> }).collect_view()}
                    </ul>
                </div>
                <div class="page-nav">
                    <p class="muted">"Read these together first. They are not marked."</p>
                    <button on:click=move |_| on_practice.set(false)>"Start the check"</button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn CheckPage<M>(
    session: RwSignal<CheckSession>,
    pager: RwSignal<Pager>,
    page: Memo<usize>,
    form: u32,
    mark: M,
) -> impl IntoView
where
    M: Fn(usize, Response, Option<f64>) + Clone + Send + Sync + 'static,
{
    // The items never change during a check: the list is rebuilt only when the page turns,
    // and a mark updates just its two buttons (this keeps tap-to-stored within a frame).
    let cursor = Memo::new(move |_| pager.with(Pager::cursor));
    let words = move || {
        page.track();
        let range = pager.with_untracked(Pager::page_items);
        session.with_untracked(|s| {
            range
                .filter_map(|i| Some((i, s.items.get(i)?.clone())))
                .collect::<Vec<_>>()
        })
    };
    let pseudo_page = move || {
        page.track();
        let range = pager.with_untracked(Pager::page_items);
        session.with_untracked(|s| s.items.get(range.start).is_some_and(|i| i.pseudo))
    };
    view! {
        <div class="child-page" class:pseudo=pseudo_page data-testid="check-page">
            {move || pseudo_page().then(|| view! { <div class="creature-box"><CreatureSvg creature=creature::for_page(form, page.get())/></div> })}
            <ul class="words" aria-label=move || format!("Page {} words", page.get() + 1)>
                {move || {
                    let mark = mark.clone();
                    words().into_iter().map(move |(i, item)| {
                        let mark_c = mark.clone();
                        let mark_x = mark.clone();
                        let response = move || session.with(|s| s.responses[i]);
                        let text = item.text.clone();
                        view! {
                            <li class:current=move || cursor.get() == i>
                                <span class="word" data-testid=format!("word-{}", i + 1)>{item.text.clone()}</span>
                                <span class="marks">
                                    <button
                                        class="mark correct"
                                        aria-label=format!("Correct: {text}")
                                        aria-pressed=move || (response() == Some(Response::Correct)).to_string()
                                        on:click=move |e| mark_c(i, Response::Correct, Some(e.time_stamp()))
                                    >"✓"</button>
                                    <button
                                        class="mark incorrect"
                                        aria-label=format!("Incorrect: {}", item.text)
                                        aria-pressed=move || (response() == Some(Response::Incorrect)).to_string()
                                        on:click=move |e| mark_x(i, Response::Incorrect, Some(e.time_stamp()))
                                    >"✗"</button>
                                </span>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </div>
        <div class="page-nav">
            <button class="quiet" on:click=move |_| pager.update(|p| *p = p.previous_page()) disabled=move || { page.track(); pager.with_untracked(Pager::is_first_page) }>"← Back a page"</button>
            <span class="muted keys">"Keys: C correct · X incorrect · ← → move"</span>
            <button class="quiet" on:click=move |_| pager.update(|p| *p = p.next_page()) disabled=move || { page.track(); pager.with_untracked(Pager::is_last_page) }>"Next page →"</button>
        </div>
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let session_id = move || params.read().get("id").and_then(|id| SessionId::parse(&id));
    // The results keep their own copy of the session: their own writes (deleting a recording)
    // update it in place, and reloading on them would drop the message saying so.
    let data = load(&[Store::Pupils], move |db| {
        let id = session_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            db.session_with_pupil(id).await
        }
    });
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Results"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! { <h1>"Results not found"</h1><p>"This check is not on this device."</p> }.into_any(),
            Ok(Some((session, pupil))) if session.kind == CheckKind::Fluency => {
                view! { <crate::ui::pages::fluency::FluencyResults session=session pupil=pupil/> }.into_any()
            }
            Ok(Some((session, pupil))) if session.kind == CheckKind::Screening => {
                view! { <ScreeningResults session=session pupil=pupil/> }.into_any()
            }
            Ok(Some((session, pupil))) => {
                view! { <crate::ui::pages::progress::ProgressResults session=session pupil=pupil/> }.into_any()
            }
        })}
    }
}

#[component]
fn ScreeningResults(session: CheckSession, pupil: Pupil) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let threshold = app.settings.with_untracked(|s| s.screening_threshold);
    let result = score(&session, threshold);
    let missed = missed_by_gpc(&session);
    let next = teach_next(&session);
    let problem = RwSignal::new(None::<String>);
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let class_id = pupil.class_id;
    let stored = StoredValue::new(session.clone());

    let reopen = {
        let navigate = navigate.clone();
        move |_| {
            let reopened = stored.get_value().reopen(now());
            let path = format!("/check/screening/{}", reopened.id);
            save_then_open(app, reopened, path, navigate.clone(), problem);
        }
    };
    let next_pupil_button = move |_| {
        let Some(db) = app.db() else { return };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let found = async {
                let Some(class_id) = class_id else {
                    return Ok(None);
                };
                let mut register = db
                    .pupils_in_class(class_id)
                    .await
                    .map_err(|e| e.to_string())?;
                crate::domain::pupil::sort_by_surname(&mut register);
                let sessions = db.all::<CheckSession>().await.map_err(|e| e.to_string())?;
                Ok::<_, String>(next_pupil(&register, &sessions, now()).map(|p| p.id))
            }
            .await;
            match found {
                Ok(Some(next)) => match start_check(db, next).await {
                    Ok(id) => navigate(&format!("/check/screening/{id}"), Default::default()),
                    Err(e) => problem.set(Some(e)),
                },
                Ok(None) => problem.set(Some(
                    "Everyone in the class has had a check in the last fortnight.".into(),
                )),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let taken = !matches!(session.status, SessionStatus::NotTaken(_));
    let item_rows = |range: std::ops::Range<usize>| {
        session.items[range.clone()]
            .iter()
            .zip(&session.responses[range.clone()])
            .enumerate()
            .map(|(k, (item, r))| {
                let n = range.start + k + 1;
                let (symbol, label) = match r {
                    Some(r) if r.is_correct() => ("✓", "correct"),
                    Some(_) => ("✗", "incorrect"),
                    None => ("–", "not read"),
                };
                view! { <li class=format!("item {label}")><span class="n">{n}</span>" "<span class="w">{item.text.clone()}</span>" "<span aria-label=label>{symbol}</span>{item.pseudo.then_some(" (alien)")}</li> }
            })
            .collect_view()
    };
    view! {
        <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {pupil_name}")}</a></p>
        <h1>{format!("Phonics screening practice: {pupil_name}")}</h1>
        <p class="muted">{format!("Form {} · {}", session.form.unwrap_or(1), format_uk(session.started_at.date()))}</p>
        <section class="card result-card" aria-labelledby="mark-heading">
            <h2 id="mark-heading" class="visually-hidden">"Mark"</h2>
            {match result.mark {
                Some(mark) => view! {
                    <p class="big-mark" data-testid="mark">{format!("{mark} / {ITEMS}")}</p>
                    <p class="outcome" data-testid="outcome">{format!("{} (threshold {threshold}){}", result.outcome.describe(), if session.status == SessionStatus::StoppedEarly { ". Stopped early." } else { "." })}</p>
                    <p>{format!("Section 1: {} / {half} · Section 2: {} / {half}", result.section_marks[0], result.section_marks[1], half = ITEMS / 2)}</p>
                }.into_any(),
                None => view! {
                    <p class="big-mark" data-testid="mark">"No mark"</p>
                    <p class="outcome" data-testid="outcome">{format!("Recorded as {} ({}).", result.outcome.describe().to_lowercase(), result.outcome.code().unwrap_or_default())}</p>
                }.into_any(),
            }}
            <div class="actions">
                {class_id.is_some().then(|| view! { <button on:click=next_pupil_button>"Next pupil"</button> })}
                <button class="secondary" on:click=reopen>"Change a mark"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        </section>
        {(taken && result.outcome != Outcome::InProgress).then(|| view! {
            <section class="card" aria-labelledby="next-heading">
                <h2 id="next-heading">"Sounds to teach next"</h2>
                {if next.is_empty() {
                    view! { <p>"No sound stands out: every sound was read correctly more often than not."</p> }.into_any()
                } else {
                    view! {
                        <ul class="gpc-list" data-testid="teach-next">
                            {next.iter().map(|g| view! { <li><span class="grapheme">{g.grapheme.clone()}</span>" "{g.phoneme.clone()}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="missed-heading">
                <h2 id="missed-heading">"Words missed, by sound"</h2>
                {if missed.is_empty() {
                    view! { <p>"No words missed."</p> }.into_any()
                } else {
                    view! {
                        <table class="rows">
                            <thead><tr><th scope="col">"Sound"</th><th scope="col">"Words missed"</th><th scope="col">"Read correctly"</th></tr></thead>
                            <tbody>{missed.iter().map(|g| view! {
                                <tr><td><span class="grapheme">{g.grapheme.clone()}</span>" "{g.phoneme.clone()}</td><td>{g.missed.join(", ")}</td><td>{g.read}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        })}
        <section class="card" aria-labelledby="items-heading">
            <h2 id="items-heading">"Every word"</h2>
            <div class="item-columns">
                <div><h3>"Section 1"</h3><ol class="items">{item_rows(0..ITEMS / 2)}</ol></div>
                <div><h3>"Section 2"</h3><ol class="items">{item_rows(ITEMS / 2..ITEMS)}</ol></div>
            </div>
        </section>
    }
}

/// The start button for a pupil: resumes an open check or starts the next form.
#[component]
pub fn StartScreeningButton(pupil_id: PupilId, open: Option<CheckSession>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let problem = RwSignal::new(None::<String>);
    let label = match &open {
        Some(s) => format!(
            "Resume screening check (word {})",
            s.next_unmarked().map_or(ITEMS, |i| i + 1)
        ),
        None => "Start screening check".to_string(),
    };
    let start = move |_| {
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
        <button on:click=start>{label}</button>
        {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
    }
}
