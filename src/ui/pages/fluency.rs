//! Fluency checks: choosing a passage, the timed reading with tap-to-mark, the last word,
//! expression and notes, the results, and the child's printable copy.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::domain::dates::format_uk;
use crate::domain::fluency::{
    self, end_timer, fluency_score, interrupted, last_word_prompt, norms, pause_timer, restart,
    set_expression, set_last_word, start_fluency, start_timer, suggest_level, tap_word, AudioRef,
    FluencyRecord, LastReading, Mark, PassageLevel, ProsodyLevel, ScreeningMark, Term, TimerState,
    Wcpm, MINUTE_MS,
};
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{CheckKind, CheckSession, Pupil};
use crate::domain::screening::score::score as screening_score;
use crate::domain::session::latest_finished;
use crate::storage::{Clip, Store};
use crate::ui::data::{load, now, today};
use crate::ui::interval::Interval;
use crate::ui::recorder::{open_microphone, Recorder};
use crate::ui::saving::{save_mark, save_then_open};
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

fn this_term() -> Term {
    Term::from_month(today().month() as u8).unwrap_or(Term::Autumn)
}

/// The pupil's latest finished fluency reading, if any.
fn latest_fluency(sessions: &[CheckSession]) -> Option<&CheckSession> {
    latest_finished(sessions, CheckKind::Fluency)
}

#[component]
pub fn FluencyStartPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let pupil_id = move || query.read().get("pupil").and_then(|id| PupilId::parse(&id));
    let data = load(&[Store::Pupils, Store::Sessions], move |db| {
        let id = pupil_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            db.pupil_with_sessions(id).await
        }
    });
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let begin = move |pupil_id: PupilId, passage_id: &'static str| {
        let Some(db) = app.db() else { return };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = async {
                let passage = fluency::passage(passage_id)
                    .map_err(|e| e.to_string())?
                    .ok_or("that passage is missing")?;
                let session = start_fluency(pupil_id, passage, now(), db.device_id());
                db.put(&session).await.map_err(|e| e.to_string())?;
                Ok::<_, String>(session.id)
            }
            .await;
            match result {
                Ok(id) => {
                    navigate(&format!("/check/fluency/{id}"), Default::default());
                }
                Err(e) => problem.set(Some(format!("The reading could not start: {e}"))),
            }
        });
    };
    view! {
        <h1>"Fluency check"</h1>
        {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok(None) => view! { <p>"Choose a pupil first, from their class."</p><p><a class="button" href="/classes">"Classes"</a></p> }.into_any(),
            Ok(Some((pupil, sessions))) => {
                let threshold = app.settings.with_untracked(|s| s.screening_threshold);
                let last = latest_fluency(&sessions).and_then(|s| {
                    let band = fluency_score(s).and_then(|r| r.ok()).and_then(|sc| sc.band);
                    s.fluency.as_ref().map(|r| LastReading { level: r.level, band })
                });
                let screening = latest_finished(&sessions, CheckKind::Screening)
                    .and_then(|s| screening_score(s, threshold).mark)
                    .map(|mark| ScreeningMark { mark, threshold });
                let suggested = suggest_level(last, pupil.year_group, this_term(), screening);
                let read_before: Vec<String> = sessions.iter().filter_map(|s| s.fluency.as_ref().map(|r| r.passage_id.clone())).collect();
                let passages = fluency::passages().map(|p| p.to_vec()).unwrap_or_default();
                let begin = begin.clone();
                let levels: Vec<PassageLevel> = {
                    let mut l: Vec<PassageLevel> = passages.iter().map(|p| p.level).collect();
                    l.sort();
                    l.dedup();
                    // The suggested level first, then the others in order.
                    l.sort_by_key(|x| (*x != suggested, *x));
                    l
                };
                view! {
                    <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {} {}", pupil.forename, pupil.surname)}</a></p>
                    <p class="lead">{format!("Choose a passage {} has not read before. Suggested: {}.", pupil.forename, suggested.label())}</p>
                    {levels.into_iter().map(|level| {
                        let begin = begin.clone();
                        let here: Vec<_> = passages.iter().filter(|p| p.level == level).cloned().collect();
                        let read_before = read_before.clone();
                        let pupil_id = pupil.id;
                        view! {
                            <section class="card" class:suggested=level == suggested aria-label=level.label()>
                                <h2>{level.label()}{(level == suggested).then_some(" · suggested")}</h2>
                                <p class="muted">{level.typical_when()}</p>
                                <ul class="passage-list">
                                    {here.into_iter().map(|p| {
                                        let begin = begin.clone();
                                        let before = read_before.iter().any(|id| id == p.id);
                                        let id = p.id;
                                        view! {
                                            <li>
                                                <button class="secondary passage-choice" on:click=move |_| begin(pupil_id, id)>
                                                    <span class="passage-title">{p.title}</span>
                                                    <span class="muted">{format!("{} words{}", p.word_count(), if before { " · read before" } else { "" })}</span>
                                                </button>
                                                <a class="print-link" href=crate::domain::entry::print_passage_link(p.id) target="_blank">{format!("Print the child's copy of {}", p.title)}</a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view()}
                }.into_any()
            }
        })}
    }
}

#[component]
pub fn FluencyPage() -> impl IntoView {
    let params = use_params_map();
    let session_id = move || params.read().get("id").and_then(|id| SessionId::parse(&id));
    // Read once: a write elsewhere (another tab, a sync) must not reset the reading in use.
    let data = load(&[], move |db| {
        let id = session_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            let Some((session, pupil)) = db.session_with_pupil(id).await? else {
                return Ok(None);
            };
            let earlier = db.sessions_for_pupil(session.pupil_id).await?;
            Ok(Some((session, pupil, earlier)))
        }
    });
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Fluency check"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! { <h1>"Reading not found"</h1><p>"This reading is not on this device."</p> }.into_any(),
            Ok(Some((session, pupil, _))) if !session.is_open() => view! { <FluencyResults session=session pupil=pupil/> }.into_any(),
            Ok(Some((session, pupil, earlier))) => {
                let previous = latest_fluency(&earlier).and_then(fluency_score).and_then(|r| r.ok()).map(|s| s.wcpm);
                view! { <FluencyRunner session=session pupil=pupil previous=previous/> }.into_any()
            }
        })}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Ready,
    Interrupted,
    Reading,
    ChooseLastWord,
    After,
}

fn stage_of(session: &CheckSession, interrupted_now: bool) -> Stage {
    let Some(r) = session.fluency.as_ref() else {
        return Stage::After;
    };
    match r.timer {
        TimerState::NotStarted => Stage::Ready,
        TimerState::Running if interrupted_now => Stage::Interrupted,
        TimerState::Running => Stage::Reading,
        TimerState::Ended if r.last_word_read.is_none() && !r.finished_early => {
            Stage::ChooseLastWord
        }
        TimerState::Ended => Stage::After,
    }
}

fn clock(ms: u32) -> String {
    let left = MINUTE_MS.saturating_sub(ms).div_ceil(1000);
    format!("{}:{:02}", left / 60, left % 60)
}

#[component]
fn FluencyRunner(session: CheckSession, pupil: Pupil, previous: Option<Wcpm>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let was_interrupted = interrupted(&session);
    let session = RwSignal::new(session);
    let was_interrupted = RwSignal::new(was_interrupted);
    let stage = Memo::new(move |_| session.with(|s| stage_of(s, was_interrupted.get())));
    // The timer: the moment it (re)started, in Date.now() milliseconds, and the time now.
    let started_at = StoredValue::new(0.0_f64);
    let now_ms = RwSignal::new(0.0_f64);
    let elapsed = move || {
        let base = session.with(|s| s.fluency.as_ref().map_or(0, |r| r.elapsed_ms));
        if stage.get() == Stage::Reading {
            ((now_ms.get() - started_at.get_value()).max(0.0) as u32).min(MINUTE_MS)
        } else {
            base
        }
    };
    let child_view = RwSignal::new(false);
    let record_wanted = RwSignal::new(false);
    let microphone = StoredValue::new_local(None::<web_sys::MediaStream>);
    let recorder = StoredValue::new_local(None::<Recorder>);
    let audio_note = RwSignal::new(None::<String>);
    let save_problem = RwSignal::new(None::<String>);
    let notes = RwSignal::new(session.with_untracked(|s| s.notes.clone()));
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    // What to offer when the minute ends, and how far it can be trusted.
    let prompt = Memo::new(move |_| {
        session.with(|s| {
            s.fluency
                .as_ref()
                .map(|r| last_word_prompt(r.marks.len(), &r.marks, previous))
        })
    });
    let suggestion = Memo::new(move |_| prompt.get().and_then(|p| p.word));

    let persist = move |next: CheckSession, tapped_at: Option<f64>| {
        save_mark(app, next, tapped_at, save_problem)
    };
    let update = move |next: CheckSession, tapped_at: Option<f64>| {
        persist(next.clone(), tapped_at);
        session.set(next);
    };

    // While a clip is being stopped and stored, a restart must wait: it would leave the clip
    // behind or attach it to the new attempt.
    let saving_recording = RwSignal::new(false);
    // Stops the recorder (if any) and stores the clip with the session, in one transaction.
    let keep_recording =
        move || {
            let Some(active) = recorder.try_update_value(|r| r.take()).flatten() else {
                return;
            };
            let Some(db) = app.db() else { return };
            saving_recording.set(true);
            leptos::task::spawn_local(async move {
                match active.stop().await {
                    Ok(rec) => {
                        let clip_id = SessionId::random().to_string();
                        session.update(|s| {
                            if let Some(r) = s.fluency.as_mut() {
                                r.audio = Some(AudioRef {
                                    clip_id: clip_id.clone(),
                                    mime_type: rec.mime_type.clone(),
                                    duration_ms: rec.duration_ms,
                                });
                            }
                        });
                        let current = session.get_untracked();
                        let clip = Clip {
                            id: clip_id,
                            session_id: current.id,
                            mime_type: rec.mime_type,
                            recorded_at: now(),
                            blob: rec.blob,
                        };
                        match db.save_clip(&clip, &current).await {
                            Ok(()) => audio_note
                                .set(Some("The recording is saved with this reading.".into())),
                            Err(e) => audio_note
                                .set(Some(format!("The recording could not be saved: {e}"))),
                        }
                    }
                    Err(e) => audio_note.set(Some(format!("The recording was lost: {e}."))),
                }
                saving_recording.set(false);
            });
        };

    let finish_timer = move |finished_early: bool| {
        let ms = if finished_early {
            ((js_sys::Date::now() - started_at.get_value()).max(0.0) as u32).min(MINUTE_MS)
        } else {
            MINUTE_MS
        };
        if let Ok(next) = end_timer(&session.get_untracked(), ms, finished_early, now()) {
            update(next, None);
        }
        keep_recording();
    };

    // The tick: four times a second while reading; ends the reading at one minute.
    let ticker = Interval::start(250, move || {
        if stage.get_untracked() != Stage::Reading {
            return;
        }
        let t = js_sys::Date::now();
        now_ms.set(t);
        if t - started_at.get_value() >= f64::from(MINUTE_MS) {
            finish_timer(false);
        }
    });
    let ticker = StoredValue::new_local(ticker);
    on_cleanup(move || {
        ticker.update_value(|t| *t = None);
        if let Some(r) = recorder.try_update_value(|r| r.take()).flatten() {
            leptos::task::spawn_local(async move {
                let _ = r.stop().await;
            });
        }
    });

    let want_recording = move |on: bool| {
        record_wanted.set(on);
        audio_note.set(None);
        if on && microphone.with_value(Option::is_none) {
            leptos::task::spawn_local(async move {
                match open_microphone().await {
                    Ok(stream) => {
                        microphone.set_value(Some(stream));
                        audio_note.set(Some(
                            "Microphone ready: recording starts with the timer.".into(),
                        ));
                    }
                    Err(why) => {
                        record_wanted.set(false);
                        audio_note.set(Some(format!(
                            "Recording is not possible: {why}. The check goes on without it."
                        )));
                    }
                }
            });
        }
    };

    let begin_timer = move |resume: bool| {
        let current = session.get_untracked();
        let base = if resume {
            current.fluency.as_ref().map_or(0, |r| r.elapsed_ms)
        } else {
            0
        };
        started_at.set_value(js_sys::Date::now() - f64::from(base));
        now_ms.set(js_sys::Date::now());
        was_interrupted.set(false);
        if !resume {
            if let Ok(next) = start_timer(&current, now()) {
                update(next, None);
            }
        }
        if record_wanted.get_untracked() {
            if let Some(stream) = microphone.with_value(|m| m.clone()) {
                match Recorder::start(stream) {
                    Ok(r) => recorder.set_value(Some(r)),
                    Err(why) => audio_note.set(Some(format!(
                        "Recording is not possible: {why}. The check goes on without it."
                    ))),
                }
            }
        }
    };

    let tap = move |index: usize, tapped_at: f64| match stage.get_untracked() {
        Stage::Reading => {
            let ms =
                ((js_sys::Date::now() - started_at.get_value()).max(0.0) as u32).min(MINUTE_MS);
            if let Ok(next) = tap_word(&session.get_untracked(), index, ms, now()) {
                update(next, Some(tapped_at));
            }
        }
        Stage::ChooseLastWord | Stage::After => {
            if let Ok(next) = set_last_word(&session.get_untracked(), Some(index), now()) {
                update(next, Some(tapped_at));
            }
        }
        Stage::Ready | Stage::Interrupted => {}
    };

    // The page is hidden or closed mid-reading: keep the time read so far, so a resumed
    // reading continues from when reading stopped rather than from the last tap.
    let keep_time = move || {
        if stage.get_untracked() != Stage::Reading {
            return;
        }
        let ms = ((js_sys::Date::now() - started_at.get_value()).max(0.0) as u32).min(MINUTE_MS);
        if let Some(next) = pause_timer(&session.get_untracked(), ms, now()) {
            update(next, None);
        }
    };
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        if document.is_some_and(|d| d.hidden()) {
            keep_time();
        }
    });
    let leaving = window_event_listener_untyped("pagehide", move |_| keep_time());
    on_cleanup(move || {
        hidden.remove();
        leaving.remove();
    });

    let restart_reading = move |_| {
        if saving_recording.get_untracked() {
            save_problem.set(Some(
                "The recording is still being saved: restart again in a moment.".into(),
            ));
            return;
        }
        let current = session.get_untracked();
        let Ok(fresh) = restart(&current, now()) else {
            return;
        };
        was_interrupted.set(false);
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            // An old clip belongs to the reading being thrown away.
            let cleared = match db.delete_clip(&current).await {
                Ok(_) => fresh,
                Err(e) => {
                    save_problem.set(Some(e.to_string()));
                    fresh
                }
            };
            update(cleared, None);
        });
    };

    let save = {
        let navigate = navigate.clone();
        move |_| {
            let mut current = session.get_untracked();
            current.notes = notes.get_untracked().trim().to_string();
            let done = current.finish(now());
            let path = format!("/results/{}", done.id);
            save_then_open(app, done, path, navigate.clone(), save_problem);
        }
    };

    let title = session.with_untracked(|s| s.scope.clone().unwrap_or_default());
    let level = session.with_untracked(|s| {
        s.fluency
            .as_ref()
            .map(|r| r.level.label())
            .unwrap_or_default()
    });
    let words =
        session.with_untracked(|s| s.items.iter().map(|i| i.text.clone()).collect::<Vec<_>>());
    let passage_id = session.with_untracked(|s| {
        s.fluency
            .as_ref()
            .map(|r| r.passage_id.clone())
            .unwrap_or_default()
    });

    view! {
        <div class="check-screen fluency" class:child-view=move || child_view.get()>
            <div class="adult-bar" role="region" aria-label="For the adult">
                <div class="adult-info">
                    <strong>{pupil_name.clone()}</strong>
                    <span>{format!("{title} · {level} · {} words", words.len())}</span>
                    <span class="timer" data-testid="timer" aria-live="off">{move || clock(elapsed())}</span>
                </div>
                <div class="adult-actions">
                    <button class="quiet" aria-pressed=move || child_view.get().to_string() on:click=move |_| child_view.update(|c| *c = !*c)>
                        {move || if child_view.get() { "Adult view" } else { "Child's view" }}
                    </button>
                    <a class="button quiet" href=format!("/pupils/{}", pupil.id)>"Leave (saved)"</a>
                </div>
            </div>
            {move || save_problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
            {move || audio_note.get().map(|n| view! { <p class="status status-warn" role="status" data-testid="audio-note">{n}</p> })}
            {move || match stage.get() {
                Stage::Ready => view! {
                    <div class="fluency-controls">
                        <p>"Start the timer when the child reads the first word. Tap a word once for an error, again for a self-correction, again to clear."</p>
                        <div class="check-field">
                            <input id="record-audio" type="checkbox" prop:checked=move || record_wanted.get() on:change=move |ev| want_recording(event_target_checked(&ev))/>
                            <label for="record-audio">"Record this reading (kept on this device, deleted after the period set in Settings)"</label>
                        </div>
                        <div class="actions">
                            <button class="big" on:click=move |_| begin_timer(false)>"Start timer"</button>
                            <a class="button secondary" href=crate::domain::entry::print_passage_link(&passage_id) target="_blank">"Print the child's copy"</a>
                        </div>
                    </div>
                }.into_any(),
                Stage::Interrupted => view! {
                    <div class="card stop-panel" role="alert">
                        <h2>"This reading was interrupted"</h2>
                        <p>{move || format!("The timer stopped at {} left, with {} word{} marked. The marks are kept.",
                            clock(elapsed()),
                            session.with(|s| s.fluency.as_ref().map_or(0, |r| r.marks.iter().filter(|m| m.is_some()).count())),
                            if session.with(|s| s.fluency.as_ref().map_or(0, |r| r.marks.iter().filter(|m| m.is_some()).count())) == 1 { "" } else { "s" })}</p>
                        <div class="actions">
                            <button on:click=move |_| begin_timer(true)>"Resume the timer"</button>
                            <button class="secondary" on:click=restart_reading>"Restart the reading"</button>
                        </div>
                    </div>
                }.into_any(),
                Stage::Reading => view! {
                    <div class="fluency-controls">
                        <button class="secondary" on:click=move |_| finish_timer(true)>"The child finished the passage"</button>
                    </div>
                }.into_any(),
                Stage::ChooseLastWord => view! {
                    <div class="card stop-panel" role="alert">
                        <h2>"Time! Tap the last word the child read."</h2>
                        {move || prompt.get().map(|p| {
                            let word = p.word.and_then(|i| session.with(|s| s.items.get(i).map(|w| w.text.clone()))).unwrap_or_default();
                            view! {
                                <p data-testid="last-word-hint">{p.explain(&word)}</p>
                                {p.word.zip(p.button(&word)).map(|(i, label)| view! {
                                    <button class="secondary" on:click=move |e: leptos::ev::MouseEvent| tap(i, e.time_stamp())>{label}</button>
                                })}
                            }
                        })}
                    </div>
                }.into_any(),
                Stage::After => ().into_any(),
            }}
            <div class="passage" data-testid="passage" aria-label="The passage: tap a word to mark it">
                {words.iter().enumerate().map(|(i, w)| {
                    let mark = move || session.with(|s| s.fluency.as_ref().and_then(|r| r.marks.get(i).copied().flatten()));
                    let is_last = move || session.with(|s| s.fluency.as_ref().and_then(|r| r.last_word_read) == Some(i));
                    let suggested = move || stage.get() == Stage::ChooseLastWord && suggestion.get() == Some(i);
                    let state = move || match mark() {
                        Some(Mark::Error) => "error",
                        Some(Mark::SelfCorrection) => "self-correction",
                        None => "",
                    };
                    let text = w.clone();
                    view! {
                        <button class="pw"
                            class:error=move || mark() == Some(Mark::Error)
                            class:sc=move || mark() == Some(Mark::SelfCorrection)
                            class:last=is_last
                            class:suggested=suggested
                            data-state=state
                            aria-label=move || {
                                let s = state();
                                let last = if is_last() { ", last word read" } else { "" };
                                if s.is_empty() { format!("{text}{last}") } else { format!("{text}: {s}{last}") }
                            }
                            on:click=move |e| tap(i, e.time_stamp())
                        >{w.clone()}</button>
                    }
                }).collect_view()}
            </div>
            <Show when=move || stage.get() == Stage::After>
                <AfterReading session=session notes=notes on_save=save.clone() update=update on_restart=restart_reading/>
            </Show>
        </div>
    }
}

#[component]
fn AfterReading<S, U, R>(
    session: RwSignal<CheckSession>,
    notes: RwSignal<String>,
    on_save: S,
    update: U,
    on_restart: R,
) -> impl IntoView
where
    S: Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
    U: Fn(CheckSession, Option<f64>) + Copy + Send + Sync + 'static,
    R: Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
{
    let doubt = move || session.with(|s| fluency_score(s).and_then(Result::ok)?.timing_doubt());
    let summary = move || {
        session.with(|s| match fluency_score(s) {
            Some(Ok(sc)) => format!(
                "{} words read in {} seconds · {} error{} · {} self-correction{} · {} words correct per minute",
                sc.words_read,
                sc.seconds,
                sc.errors,
                if sc.errors == 1 { "" } else { "s" },
                sc.self_corrections,
                if sc.self_corrections == 1 { "" } else { "s" },
                sc.wcpm.0
            ),
            Some(Err(e)) => e.to_string(),
            None => String::new(),
        })
    };
    let chosen = move || session.with(|s| s.fluency.as_ref().and_then(|r| r.expression));
    view! {
        <section class="card" aria-labelledby="after-heading">
            <h2 id="after-heading">"After the reading"</h2>
            <p data-testid="reading-summary">{summary}</p>
            {move || doubt().map(|d| view! {
                <div class="status status-error" role="alert" data-testid="timing-doubt">
                    <p>{d}</p>
                    <button class="secondary" on:click=on_restart>"Restart the reading"</button>
                </div>
            })}
            <p class="muted">"Tap another word if the last word read was a different one."</p>
            <fieldset class="flags-field">
                <legend>"Expression (NAEP oral reading fluency scale)"</legend>
                {[1u8, 2, 3, 4].into_iter().filter_map(ProsodyLevel::new).map(|level| {
                    let id = format!("expression-{}", level.number());
                    view! {
                        <div class="check-field">
                            <input type="radio" name="expression" id=id.clone()
                                prop:checked=move || chosen() == Some(level)
                                on:change=move |_| {
                                    if let Ok(next) = set_expression(&session.get_untracked(), Some(level), now()) {
                                        update(next, None);
                                    }
                                }/>
                            <label for=id><strong>{format!("Level {}", level.number())}</strong>": "{level.descriptor()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="reading-notes">"Notes"</label>
                <textarea id="reading-notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            <button on:click=on_save>"Save result"</button>
        </section>
    }
}

/// The result of a fluency reading, for the results page.
#[component]
pub fn FluencyResults(session: CheckSession, pupil: Pupil) -> impl IntoView {
    let app = use_app();
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let record: Option<FluencyRecord> = session.fluency.clone();
    let result = fluency_score(&session);
    let term = Term::from_month(session.started_at.month() as u8).unwrap_or(Term::Autumn);
    let stored = RwSignal::new(session.clone());
    let audio_url = RwSignal::new(None::<String>);
    let audio_problem = RwSignal::new(None::<String>);
    // Load the clip, if any, into an object URL the <audio> element can play.
    if let Some(AudioRef { clip_id, .. }) = record.as_ref().and_then(|r| r.audio.clone()) {
        if let Some(db) = app.db() {
            leptos::task::spawn_local(async move {
                match db.clip(&clip_id).await {
                    Ok(Some(clip)) => {
                        audio_url.set(web_sys::Url::create_object_url_with_blob(&clip.blob).ok())
                    }
                    Ok(None) => audio_problem.set(Some("The recording has been deleted.".into())),
                    Err(e) => audio_problem.set(Some(e.to_string())),
                }
            });
        }
    }
    on_cleanup(move || {
        if let Some(url) = audio_url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let delete_audio = move |_| {
        let Some(db) = app.db() else { return };
        leptos::task::spawn_local(async move {
            match db.delete_clip(&stored.get_untracked()).await {
                Ok(updated) => {
                    stored.set(updated);
                    if let Some(url) = audio_url.get_untracked() {
                        let _ = web_sys::Url::revoke_object_url(&url);
                    }
                    audio_url.set(None);
                    audio_problem.set(Some("The recording was deleted.".into()));
                }
                Err(e) => audio_problem.set(Some(e.to_string())),
            }
        });
    };
    let marks = record.as_ref().map(|r| r.marks.clone()).unwrap_or_default();
    let last = record.as_ref().and_then(|r| r.last_word_read);
    view! {
        <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {pupil_name}")}</a></p>
        <h1>{format!("Fluency: {pupil_name}")}</h1>
        <p class="muted">{format!("{} · {} · {}", session.scope.clone().unwrap_or_default(), record.as_ref().map(|r| r.level.label()).unwrap_or_default(), format_uk(session.started_at.date()))}</p>
        {match result {
            Some(Ok(sc)) => {
                let comparison = norms().map(|n| n.compare(sc.wcpm, pupil.year_group, term).describe()).unwrap_or_default();
                view! {
                    {sc.timing_doubt().map(|d| view! { <p class="status status-error" role="alert" data-testid="timing-doubt">{d}</p> })}
                    <section class="card result-card">
                        <p class="big-mark" data-testid="wcpm">{sc.wcpm.0}" "<span class="unit">"words correct per minute"</span></p>
                        <p class="outcome" data-testid="accuracy">{match (sc.accuracy, sc.band) {
                            (Some(a), Some(b)) => format!("Accuracy {}% · {}", a.whole_percent(), b.label()),
                            _ => "No words read".to_string(),
                        }}</p>
                        <dl class="facts">
                            <dt>"Words read"</dt><dd data-testid="words-read">{format!("{} in {} seconds{}", sc.words_read, sc.seconds, if sc.finished { " (finished the passage)" } else { "" })}</dd>
                            <dt>"Errors"</dt><dd data-testid="errors">{sc.errors}</dd>
                            <dt>"Self-corrections"</dt><dd>{format!("{}{}", sc.self_corrections, sc.self_correction.map(|r| format!(" (ratio 1:{})", r.whole_n())).unwrap_or_default())}</dd>
                            <dt>"90 words per minute"</dt><dd data-testid="ninety">{sc.ninety_wpm().label()}</dd>
                            <dt>"Against US norms"</dt><dd data-testid="norms">{comparison}</dd>
                            <dt>"Expression"</dt><dd>{record.as_ref().and_then(|r| r.expression).map(|e| e.label()).unwrap_or_else(|| "Not rated".into())}</dd>
                            <dt>"Notes"</dt><dd>{if session.notes.is_empty() { "None".to_string() } else { session.notes.clone() }}</dd>
                        </dl>
                    </section>
                }.into_any()
            }
            Some(Err(e)) => view! { <p class="status status-error">{e.to_string()}</p> }.into_any(),
            None => ().into_any(),
        }}
        {move || (audio_url.get().is_some() || audio_problem.get().is_some()).then(|| view! {
            <section class="card" aria-labelledby="audio-heading">
                <h2 id="audio-heading">"Recording"</h2>
                {move || audio_url.get().map(|url| view! {
                    <audio controls src=url data-testid="recording"></audio>
                    <div class="actions"><button class="danger" on:click=delete_audio>"Delete the recording"</button></div>
                })}
                {move || audio_problem.get().map(|p| view! { <p class="muted">{p}</p> })}
            </section>
        })}
        <section class="card" aria-labelledby="marked-heading">
            <h2 id="marked-heading">"The reading"</h2>
            <p class="muted">"Errors are crossed out, self-corrections underlined; the last word read is boxed."</p>
            <p class="passage read-back">
                {session.items.iter().enumerate().map(|(i, w)| {
                    let class = match marks.get(i).copied().flatten() {
                        Some(Mark::Error) => "rw error",
                        Some(Mark::SelfCorrection) => "rw sc",
                        None if last.is_some_and(|l| i > l) => "rw unread",
                        None => "rw",
                    };
                    view! { <span class=class class:last=last == Some(i)>{w.text.clone()}</span>" " }
                }).collect_view()}
            </p>
        </section>
    }
}

/// The child's copy: the passage alone, large, for printing.
#[component]
pub fn PrintPassagePage() -> impl IntoView {
    let params = use_params_map();
    let passage = move || {
        params.read().get("id").and_then(|id| {
            fluency::passages()
                .ok()?
                .iter()
                .find(|p| p.id == id)
                .cloned()
        })
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        {move || match passage() {
            None => view! { <h1>"Passage not found"</h1> }.into_any(),
            Some(p) => view! {
                <div class="print-copy">
                    <p class="no-print"><button on:click=print>"Print"</button></p>
                    <h1 class="child-title">{p.title}</h1>
                    <div class="child-text">
                        {p.text.split("\n\n").map(|para| view! { <p>{para.replace('\n', " ")}</p> }).collect_view()}
                    </div>
                </div>
            }.into_any(),
        }}
    }
}

/// The link that starts a fluency check for a pupil.
#[component]
pub fn StartFluencyLink(pupil_id: PupilId, open: Option<CheckSession>) -> impl IntoView {
    match open {
        Some(s) => view! { <a class="button" href=format!("/check/fluency/{}", s.id)>"Resume fluency check"</a> }.into_any(),
        None => view! { <a class="button" href=format!("/check/fluency/new?pupil={pupil_id}")>"Start fluency check"</a> }.into_any(),
    }
}
