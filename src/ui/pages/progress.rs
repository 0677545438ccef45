//! The phonics progress checks (GPCs, word reading, tricky words): one item at a time for the
//! child, one tap per item for the adult, every tap stored at once; and their results.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::dates::format_uk;
use crate::domain::ids::SessionId;
use crate::domain::model::{CheckKind, CheckSession, NotTakenCode, Pupil, Response, SessionStatus};
use crate::domain::screening::creature;
use crate::ui::data::{load, now};
use crate::ui::pages::screening::CreatureSvg;
use crate::ui::perf::measure_since;
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

/// The buttons the adult has for one item: word reading tells blending from automatic reading.
fn choices(kind: CheckKind) -> &'static [(Response, &'static str, &'static str)] {
    match kind {
        CheckKind::WordReading => &[
            (Response::Automatic, "✓ Read at once", "A"),
            (Response::Blended, "✓ Blended", "B"),
            (Response::Incorrect, "✗ Not yet", "X"),
        ],
        _ => &[
            (Response::Correct, "✓ Correct", "C"),
            (Response::Incorrect, "✗ Not yet", "X"),
        ],
    }
}

fn prompt(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::Gpc => "Ask: “What sound does this make?”",
        CheckKind::WordReading => "Ask the child to read the word. Alien words go with the alien.",
        _ => "Ask the child to read the word.",
    }
}

#[component]
pub fn ProgressCheckPage() -> impl IntoView {
    let params = use_params_map();
    let session_id = move || params.read().get("id").and_then(|id| SessionId::parse(&id));
    let data = load(move |db| {
        let id = session_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            let Some(session) = db.get::<CheckSession>(&id.to_string()).await? else {
                return Ok(None);
            };
            let pupil = db.get::<Pupil>(&session.pupil_id.to_string()).await?;
            Ok(pupil.map(|p| (session, p)))
        }
    });
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Progress check"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! {
                <h1>"Check not found"</h1>
                <p>"This check is not on this device."</p>
                <p><a class="button" href="/check">"Run a check"</a></p>
            }.into_any(),
            Ok(Some((session, pupil))) if !session.is_open() => {
                view! { <ProgressResults session=session pupil=pupil/> }.into_any()
            }
            Ok(Some((session, pupil))) => view! { <ProgressRunner session=session pupil=pupil/> }.into_any(),
        })}
    }
}

#[component]
fn ProgressRunner(session: CheckSession, pupil: Pupil) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let kind = session.kind;
    let total = session.items.len();
    let resume_at = session.next_unmarked().unwrap_or(0);
    let resumed = session.marked() > 0;
    let cursor = RwSignal::new(resume_at);
    let session = RwSignal::new(session);
    let save_problem = RwSignal::new(None::<String>);
    let stopping = RwSignal::new(false);
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let scope = session.with_untracked(|s| s.scope.clone().unwrap_or_default());

    // The whole session is written on every tap; IndexedDB commits writes in order, so the
    // newest state always wins.
    let persist = move |next: CheckSession, tapped_at: Option<f64>| {
        let Some(db) = app.db() else {
            save_problem.set(Some(
                "The database is not open, so this mark was not saved.".into(),
            ));
            return;
        };
        leptos::task::spawn_local(async move {
            match db.put(&next).await {
                Ok(()) => {
                    save_problem.set(None);
                    if let Some(t) = tapped_at {
                        measure_since("readby7:tap-to-stored", t);
                    }
                }
                Err(e) => save_problem.set(Some(format!("The last mark was NOT saved: {e}"))),
            }
        });
    };

    let finish_with = {
        let navigate = navigate.clone();
        move |closed: CheckSession| {
            let id = closed.id;
            let Some(db) = app.db() else { return };
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                match db.put(&closed).await {
                    Ok(()) => {
                        app.changed();
                        navigate(&format!("/results/{id}"), Default::default());
                    }
                    Err(e) => save_problem.set(Some(format!("The check could not be saved: {e}"))),
                }
            });
        }
    };

    let mark = {
        let finish_with = finish_with.clone();
        move |index: usize, response: Response, tapped_at: Option<f64>| {
            let current = session.get_untracked();
            let Ok(next) = current.mark(index, Some(response), now()) else {
                return;
            };
            persist(next.clone(), tapped_at);
            session.set(next.clone());
            if next.all_marked() {
                finish_with(next.finish(now()));
            } else {
                // Move on to the next unmarked item, so going back to change one mark
                // returns the adult to where they were.
                cursor.set(
                    next.next_unmarked()
                        .filter(|i| *i > index)
                        .or(next.next_unmarked())
                        .unwrap_or(index),
                );
            }
        }
    };

    let key_mark = mark.clone();
    let keys = window_event_listener(ev::keydown, move |e| {
        if stopping.get_untracked() || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let at = cursor.get_untracked();
        let key = e.key().to_uppercase();
        if let Some((response, _, _)) = choices(kind)
            .iter()
            .find(|(_, _, k)| *k == key)
            .or_else(|| match key.as_str() {
                "1" => choices(kind).first(),
                "0" => choices(kind).last(),
                _ => None,
            })
        {
            e.prevent_default();
            key_mark(at, *response, Some(e.time_stamp()));
            return;
        }
        match key.as_str() {
            "ARROWRIGHT" => cursor.set((at + 1).min(total - 1)),
            "ARROWLEFT" => cursor.set(at.saturating_sub(1)),
            _ => return,
        }
        e.prevent_default();
    });
    on_cleanup(move || keys.remove());

    let end = {
        let finish_with = finish_with.clone();
        move |absent: bool| {
            let current = session.get_untracked();
            finish_with(if absent {
                current.not_taken(NotTakenCode::Absent, now())
            } else {
                current.stop_early(now())
            });
        }
    };

    let item = move || session.with(|s| s.items[cursor.get()].clone());
    let response = move || session.with(|s| s.responses[cursor.get()]);
    let keys_hint = choices(kind)
        .iter()
        .map(|(_, label, key)| format!("{key} {}", label.trim_start_matches(['✓', '✗', ' '])))
        .collect::<Vec<_>>()
        .join(" · ");

    view! {
        <div class="check-screen progress-check">
            <div class="adult-bar" role="region" aria-label="For the adult">
                <div class="adult-info">
                    <strong>{pupil_name.clone()}</strong>
                    <span data-testid="check-position">{move || format!(
                        "{} · {scope} · Item {} of {total} · {} marked",
                        kind.label(), cursor.get() + 1, session.with(|s| s.marked())
                    )}</span>
                </div>
                <div class="adult-actions">
                    <a class="button quiet" href=format!("/pupils/{}", pupil.id)>"Leave (saved)"</a>
                    <button class="quiet" on:click=move |_| stopping.update(|s| *s = !*s) aria-expanded=move || stopping.get().to_string()>"Stop…"</button>
                </div>
            </div>
            {resumed.then(|| view! { <p class="status status-ok resume-note" role="status">{format!("Resumed at item {}. Marks 1–{} are kept.", resume_at + 1, resume_at)}</p> })}
            {move || save_problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
            <Show when=move || stopping.get()>
                {
                    let end = end.clone();
                    view! {
                        <div class="card stop-panel">
                            <h2>"End this check"</h2>
                            <div class="actions">
                                <button on:click={ let end = end.clone(); move |_| end(false) }>"Stop early: keep the items marked so far"</button>
                                <button class="secondary" on:click={ let end = end.clone(); move |_| end(true) }>"Absent: record no result"</button>
                                <button class="quiet" on:click=move |_| stopping.set(false)>"Carry on with the check"</button>
                            </div>
                        </div>
                    }
                }
            </Show>
            <div class="child-page single" class:pseudo=move || item().pseudo data-testid="check-page">
                {move || item().pseudo.then(|| view! {
                    <div class="creature-box"><CreatureSvg creature=creature::for_page(7, cursor.get())/></div>
                })}
                <p class="single-item" class:grapheme=kind == CheckKind::Gpc data-testid="item">{move || item().text}</p>
            </div>
            <p class="muted prompt">{prompt(kind)}</p>
            <div class="marks progress-marks" role="group" aria-label="Mark this item">
                {choices(kind).iter().map(|(r, label, _)| {
                    let r = *r;
                    let mark = mark.clone();
                    let class = if r == Response::Incorrect { "mark incorrect" } else { "mark correct" };
                    view! {
                        <button
                            class=class
                            aria-pressed=move || (response() == Some(r)).to_string()
                            aria-label=move || format!("{}: {}", label.trim_start_matches(['✓', '✗', ' ']), item().text)
                            on:click=move |e| mark(cursor.get_untracked(), r, Some(e.time_stamp()))
                        >{*label}</button>
                    }
                }).collect_view()}
            </div>
            <div class="page-nav">
                <button class="quiet" on:click=move |_| cursor.update(|c| *c = c.saturating_sub(1)) disabled=move || cursor.get() == 0>"← Back"</button>
                <span class="muted keys">{format!("Keys: {keys_hint} · ← → move")}</span>
                <button class="quiet" on:click=move |_| cursor.update(|c| *c = (*c + 1).min(total - 1)) disabled=move || cursor.get() + 1 >= total>"Skip →"</button>
            </div>
        </div>
    }
}

#[component]
pub fn ProgressResults(session: CheckSession, pupil: Pupil) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let problem = RwSignal::new(None::<String>);
    let stored = StoredValue::new(session.clone());
    let marked = session.marked();
    let correct = session
        .responses
        .iter()
        .flatten()
        .filter(|r| r.is_correct())
        .count();
    let automatic = session
        .responses
        .iter()
        .flatten()
        .filter(|r| **r == Response::Automatic)
        .count();
    let missed: Vec<String> = session
        .items
        .iter()
        .zip(&session.responses)
        .filter(|(_, r)| **r == Some(Response::Incorrect))
        .map(|(i, _)| i.text.clone())
        .collect();
    let reopen = move |_| {
        let Some(db) = app.db() else { return };
        let reopened = stored.get_value().reopen(now());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match db.put(&reopened).await {
                Ok(()) => {
                    app.changed();
                    navigate(
                        &format!("/check/progress/{}", reopened.id),
                        Default::default(),
                    );
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let summary = match session.status {
        SessionStatus::NotTaken(code) => format!("Recorded as absent ({}).", code.code()),
        _ => {
            let mut s = format!("{correct} of {} correct", session.items.len());
            if session.kind == CheckKind::WordReading && correct > 0 {
                s.push_str(&format!(
                    " ({automatic} read at once, {} by blending)",
                    correct - automatic
                ));
            }
            if session.status == SessionStatus::StoppedEarly {
                s.push_str(&format!(". Stopped early after {marked} items"));
            }
            s.push('.');
            s
        }
    };
    view! {
        <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {pupil_name}")}</a></p>
        <h1>{format!("{}: {pupil_name}", session.kind.label())}</h1>
        <p class="muted">{format!("{} · {}", session.scope.clone().unwrap_or_default(), format_uk(session.started_at.date()))}</p>
        <section class="card result-card">
            <p class="big-mark" data-testid="mark">{format!("{correct} / {}", session.items.len())}</p>
            <p class="outcome" data-testid="outcome">{summary}</p>
            {(!missed.is_empty()).then(|| view! { <p>{format!("Not yet: {}", missed.join(", "))}</p> })}
            <div class="actions">
                <a class="button" href=format!("/pupils/{}#profile", pupil.id)>"See the sound profile"</a>
                <button class="secondary" on:click=reopen>"Change a mark"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        </section>
        <section class="card" aria-labelledby="items-heading">
            <h2 id="items-heading">"Every item"</h2>
            <ol class="items">
                {session.items.iter().zip(&session.responses).map(|(item, r)| {
                    let (symbol, label) = match r {
                        Some(Response::Automatic) => ("✓", "read at once"),
                        Some(Response::Blended) => ("✓", "blended"),
                        Some(Response::Correct) => ("✓", "correct"),
                        Some(Response::Incorrect) => ("✗", "not yet"),
                        None => ("–", "not checked"),
                    };
                    view! { <li class=format!("item {}", if r.is_some_and(|r| r.is_correct()) { "correct" } else { "incorrect" })>
                        <span class="w">{item.text.clone()}</span>" "<span aria-hidden="true">{symbol}</span>" "<span class="muted">{label}</span>{item.pseudo.then_some(" (alien)")}
                    </li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
