//! The phonics progress checks (GPCs, word reading, tricky words): one item at a time for the
//! child, one tap per item for the adult, every tap stored at once; and their results.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::domain::dates::format_uk;
use crate::domain::ids::{PupilId, SessionId};
use crate::domain::model::{CheckKind, CheckSession, NotTakenCode, Pupil, Response};
use crate::domain::pager::{AfterMark, Pager};
use crate::domain::phonics::{catalogue, Phase};
use crate::domain::progress::{
    class_gaps, keep_up_groups, plan_gpc_check, plan_tricky_words, plan_word_reading, profile,
    suggested_scope, teach_next, GpcProfile, GpcStatus, ProgressResult, Scope,
};
use crate::domain::screening::creature;
use crate::domain::session::in_progress;
use crate::storage::Store;
use crate::ui::creature::CreatureSvg;
use crate::ui::data::{load, now};
use crate::ui::saving::{save_mark, save_then_open};
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
    // Read once: a write elsewhere (another tab, a sync) must not reset the check in use.
    let data = load(&[], move |db| {
        let id = session_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            db.session_with_pupil(id).await
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
    // One item a page: the pager's page is the item shown.
    let pager = RwSignal::new(Pager::new(total, 1, resume_at));
    let cursor = Memo::new(move |_| pager.with(Pager::cursor));
    let session = RwSignal::new(session);
    let save_problem = RwSignal::new(None::<String>);
    let stopping = RwSignal::new(false);
    let pupil_name = format!("{} {}", pupil.forename, pupil.surname);
    let scope = session.with_untracked(|s| s.scope.clone().unwrap_or_default());

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

    let key_mark = mark.clone();
    let keys = window_event_listener(ev::keydown, move |e| {
        if stopping.get_untracked() || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let at = cursor.get_untracked();
        let key = e.key().to_uppercase();
        if let Some((response, _, _)) =
            choices(kind)
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
            "ARROWRIGHT" => pager.update(|p| *p = p.forward()),
            "ARROWLEFT" => pager.update(|p| *p = p.back()),
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
            <p class="muted prompt">{prompt(kind)}{move || (kind == CheckKind::Gpc).then(|| {
                // Graphemes with two sounds (oo, ow) appear twice: the example says which.
                item().gpcs.first().and_then(|id| catalogue().ok()?.gpc(id)).map(|g| format!(" Listen for {} as in “{}”.", g.phoneme, g.example))
            }).flatten()}</p>
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
                <button class="quiet" on:click=move |_| pager.update(|p| *p = p.back()) disabled=move || cursor.get() == 0>"← Back"</button>
                <span class="muted keys">{format!("Keys: {keys_hint} · ← → move")}</span>
                <button class="quiet" on:click=move |_| pager.update(|p| *p = p.forward()) disabled=move || { cursor.get() + 1 >= total }>"Skip →"</button>
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
    let result = ProgressResult::of(&session);
    let reopen = move |_| {
        let reopened = stored.get_value().reopen(now());
        let path = format!("/check/progress/{}", reopened.id);
        save_then_open(app, reopened, path, navigate.clone(), problem);
    };
    view! {
        <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {pupil_name}")}</a></p>
        <h1>{format!("{}: {pupil_name}", session.kind.label())}</h1>
        <p class="muted">{format!("{} · {}", session.scope.clone().unwrap_or_default(), format_uk(session.started_at.date()))}</p>
        <section class="card result-card">
            <p class="big-mark" data-testid="mark">{result.mark()}</p>
            <p class="outcome" data-testid="outcome">{result.summary()}</p>
            {(!result.missed.is_empty()).then(|| view! { <p>{format!("Not yet: {}", result.missed.join(", "))}</p> })}
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

/// The scope a select's value names: `p3` (a phase) or `u12` (taught so far, unit 12).
fn parse_scope(value: &str) -> Option<Scope> {
    if let Some(n) = value.strip_prefix('p') {
        let n: u8 = n.parse().ok()?;
        return Phase::ALL
            .into_iter()
            .find(|p| p.number() == n)
            .map(Scope::Phase);
    }
    let unit = value.strip_prefix('u')?.parse().ok()?;
    Some(Scope::TaughtSoFar { unit })
}

fn scope_value(scope: Scope) -> String {
    match scope {
        Scope::Phase(p) => format!("p{}", p.number()),
        Scope::TaughtSoFar { unit } => format!("u{unit}"),
    }
}

const KINDS: [(CheckKind, &str); 3] = [
    (CheckKind::Gpc, "The child says the sound of each grapheme."),
    (
        CheckKind::WordReading,
        "Real and alien words: mark each one read at once, blended, or not yet.",
    ),
    (
        CheckKind::TrickyWords,
        "Common exception words, read on sight.",
    ),
];

/// Choose a progress check and what it covers, then start it (or resume an open one).
#[component]
pub fn ProgressStartPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let pupil_id = move || query.read().get("pupil").and_then(|id| PupilId::parse(&id));
    let data = load(&[Store::Pupils, Store::Sessions], move |db| {
        let id = pupil_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            db.pupil_with_sessions(id).await
        }
    });
    let kind = RwSignal::new(CheckKind::Gpc);
    let scope = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let programme = app.settings.with_untracked(|s| s.programme);
    let units: Vec<(usize, &'static str)> = programme
        .order()
        .map(|o| {
            o.units
                .iter()
                .enumerate()
                .map(|(i, u)| (i, u.label))
                .collect()
        })
        .unwrap_or_default();
    view! {
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <h1>"Progress check"</h1><StorageProblem error=e/> }.into_any(),
            Ok(None) => view! {
                <h1>"Progress check"</h1>
                <p>"Choose a pupil first, from their class."</p>
                <p><a class="button" href="/classes">"Classes"</a></p>
            }.into_any(),
            Ok(Some((pupil, sessions))) => {
                if scope.get_untracked().is_empty() {
                    let suggested = profile(pupil.id, &sessions, programme)
                        .map(|p| suggested_scope(pupil.year_group, &p))
                        .unwrap_or(Scope::Phase(Phase::Two));
                    scope.set(scope_value(suggested));
                }
                let sessions = StoredValue::new(sessions);
                let pupil_id = pupil.id;
                let open = move |k: CheckKind| sessions.with_value(|s| in_progress(s, k).cloned());
                let navigate = navigate.clone();
                let start = move |_| {
                    let Some(db) = app.db() else { return };
                    let Some(chosen) = parse_scope(&scope.get_untracked()) else {
                        problem.set(Some("Choose what the check covers.".into()));
                        return;
                    };
                    let k = kind.get_untracked();
                    let planned = sessions.with_value(|s| match k {
                        CheckKind::Gpc => plan_gpc_check(programme, chosen),
                        CheckKind::WordReading => plan_word_reading(
                            programme,
                            chosen,
                            s,
                            now().unix_timestamp().unsigned_abs(),
                        ),
                        _ => plan_tricky_words(programme, chosen),
                    });
                    let session = match planned {
                        Ok(plan) => plan.start(pupil_id, String::new(), now(), db.device_id()),
                        Err(e) => {
                            problem.set(Some(format!("This check cannot start: {e}")));
                            return;
                        }
                    };
                    let navigate = navigate.clone();
                    leptos::task::spawn_local(async move {
                        match db.put(&session).await {
                            Ok(()) => {
                                navigate(&format!("/check/progress/{}", session.id), Default::default());
                            }
                            Err(e) => problem.set(Some(format!("The check could not be saved: {e}"))),
                        }
                    });
                };
                let units = units.clone();
                view! {
                    <p class="breadcrumb"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {} {}", pupil.forename, pupil.surname)}</a></p>
                    <h1>{format!("Progress check for {} {}", pupil.forename, pupil.surname)}</h1>
                    <p class="muted">{format!("Following {} (change it in Settings).", programme.label())}</p>
                    {KINDS.iter().filter_map(|(k, _)| open(*k).map(|s| view! {
                        <p class="status status-ok"><a class="button" href=format!("/check/progress/{}", s.id)>
                            {format!("Resume {} ({} of {} marked)", k.label().to_lowercase(), s.marked(), s.items.len())}
                        </a></p>
                    })).collect_view()}
                    <fieldset class="choice-list">
                        <legend>"Which check?"</legend>
                        {KINDS.iter().map(|(k, what)| {
                            let k = *k;
                            let id = format!("kind-{k:?}");
                            view! {
                                <div class="choice">
                                    <input type="radio" name="kind" id=id.clone() prop:checked=move || kind.get() == k on:change=move |_| kind.set(k)/>
                                    <label for=id><strong>{k.label()}</strong><span class="muted">{*what}</span></label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="scope">"What it covers"</label>
                        <select id="scope" on:change=move |ev| scope.set(event_target_value(&ev)) prop:value=move || scope.get()>
                            <optgroup label="One phase">
                                {Phase::ALL.into_iter().map(|p| {
                                    let v = scope_value(Scope::Phase(p));
                                    view! { <option value=v.clone() selected=scope.get_untracked() == v>{format!("Phase {}", p.number())}</option> }
                                }).collect_view()}
                            </optgroup>
                            <optgroup label=format!("Everything taught so far ({})", programme.short_label())>
                                {units.into_iter().map(|(i, label)| {
                                    let v = scope_value(Scope::TaughtSoFar { unit: i });
                                    view! { <option value=v.clone() selected=scope.get_untracked() == v>{format!("Up to {label}")}</option> }
                                }).collect_view()}
                            </optgroup>
                        </select>
                        <p class="hint">"Phase 4 teaches no new graphemes, so its GPC check is empty: choose word reading for phase 4."</p>
                    </div>
                    <button class="big" on:click=start>"Start the check"</button>
                    {move || problem.get().map(|p| view! { <p class="status status-error" role="alert">{p}</p> })}
                }.into_any()
            }
        })}
    }
}

/// A pupil's GPC profile: a grid of graphemes in programme order, each with its status as a
/// colour *and* a symbol and word, so it reads without colour; and the GPCs to teach next.
#[component]
pub fn GpcProfilePanel(pupil: Pupil, sessions: Vec<CheckSession>) -> impl IntoView {
    let app = use_app();
    let programme = app.settings.with_untracked(|s| s.programme);
    let (profile, catalogue) = match (profile(pupil.id, &sessions, programme), catalogue()) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => {
            return view! { <p class="status status-error" role="alert">{format!("The sound profile could not be worked out: {e}")}</p> }.into_any();
        }
    };
    let next = teach_next(&profile, 6);
    let [secure, emerging, not_yet, unchecked] = profile.counts();
    // The cell whose evidence is shown (tapped), and the sentence to show.
    let shown = RwSignal::new(None::<(String, String)>);
    // Graphemes with two sounds (oo, ow, y...) would look alike in the grid: label them.
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    for g in &profile.gpcs {
        if let Some(c) = catalogue.gpc(g.gpc.as_str()) {
            *seen.entry(c.grapheme).or_default() += 1;
        }
    }
    let open = in_progress(&sessions, CheckKind::Gpc)
        .or_else(|| in_progress(&sessions, CheckKind::WordReading))
        .or_else(|| in_progress(&sessions, CheckKind::TrickyWords))
        .cloned();
    view! {
        <section class="card" id="profile" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Sound (GPC) profile"</h2>
            <p class="muted">{format!("{} · secure = right in the last two checks that included it.", programme.label())}</p>
            <div class="actions">
                {match open {
                    Some(s) => view! { <a class="button" href=format!("/check/progress/{}", s.id)>{format!("Resume {}", s.kind.label().to_lowercase())}</a> }.into_any(),
                    None => view! { <a class="button" href=format!("/check/progress/new?pupil={}", pupil.id)>"Start progress check"</a> }.into_any(),
                }}
            </div>
            <h3>"Teach next"</h3>
            {if next.is_empty() {
                view! { <p data-testid="pupil-teach-next">"No checks yet: run a GPC check to see what to teach next."</p> }.into_any()
            } else {
                view! {
                    <ul class="gpc-list" data-testid="pupil-teach-next">
                        {next.iter().map(|n| {
                            let g = catalogue.gpc(n.gpc.as_str());
                            view! { <li>
                                <span class="grapheme">{g.map(|g| g.grapheme).unwrap_or(n.gpc.as_str())}</span>" "
                                {g.map(|g| format!("{} as in {}", g.phoneme, g.example))}
                                <span class="muted">{format!(" · {}", if n.status == GpcStatus::NotChecked { "new" } else { n.status.label() })}</span>
                            </li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="legend" aria-hidden="true">
                <span class="gpc-cell secure">"✓ secure"</span>
                <span class="gpc-cell emerging">"~ emerging"</span>
                <span class="gpc-cell not-yet">"✗ not yet"</span>
                <span class="gpc-cell not-checked">"· not checked"</span>
            </p>
            <p data-testid="profile-counts">{format!("{secure} secure, {emerging} emerging, {not_yet} not yet, {unchecked} not checked.")}</p>
            <ul class="gpc-grid" aria-label="Every grapheme and its status: tap one for its evidence" data-testid="gpc-grid">
                {profile.gpcs.iter().map(|g| {
                    let gpc = catalogue.gpc(g.gpc.as_str());
                    let grapheme = gpc.map(|c| c.grapheme).unwrap_or(g.gpc.as_str());
                    let (class, symbol) = match g.status {
                        GpcStatus::Secure => ("secure", "✓"),
                        GpcStatus::Emerging => ("emerging", "~"),
                        GpcStatus::NotYet => ("not-yet", "✗"),
                        GpcStatus::NotChecked => ("not-checked", "·"),
                    };
                    let evidence = g.evidence.iter().take(3).map(|e| format!(
                        "{} {} {}", format_uk(e.at.date()), e.kind.label(), if e.correct { "right" } else { "wrong" }
                    )).collect::<Vec<_>>().join("; ");
                    let detail = format!("{} {}: {}{}", grapheme, gpc.map(|c| c.example).unwrap_or(""), g.status.label(),
                        if evidence.is_empty() { String::new() } else { format!(" ({evidence})") });
                    let id = g.gpc.as_str().to_string();
                    let this = id.clone();
                    view! {
                        <li>
                            <button class=format!("gpc-cell {class}") title=detail.clone() data-gpc=id.clone() data-status=class
                                aria-expanded=move || (shown.get().as_ref().map(|(g, _)| g) == Some(&this)).to_string()
                                aria-controls="gpc-evidence"
                                on:click=move |_| shown.update(|s| *s = match s { Some((g, _)) if *g == id => None, _ => Some((id.clone(), detail.clone())) })>
                                <span class="g">{grapheme}</span>
                                <span class="s" aria-hidden="true">{symbol}</span>
                                {(seen.get(grapheme).copied().unwrap_or(0) > 1).then(|| view! { <span class="ex">{gpc.map(|c| c.example).unwrap_or("")}</span> })}
                                <span class="visually-hidden">{format!(": {}", g.status.label())}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="gpc-evidence" id="gpc-evidence" role="status" data-testid="gpc-evidence">
                {move || shown.get().map(|(_, detail)| detail)}
            </p>
        </section>
    }.into_any()
}

/// A class's most-lacked GPCs and its keep-up groups.
#[component]
pub fn ClassGapsPanel(pupils: Vec<Pupil>, sessions: Vec<CheckSession>) -> impl IntoView {
    let app = use_app();
    let programme = app.settings.with_untracked(|s| s.programme);
    let Ok(catalogue) = catalogue() else {
        return ().into_any();
    };
    let profiles: Vec<GpcProfile> = pupils
        .iter()
        // `profile` reads only this pupil's sessions from the slice.
        .filter_map(|p| profile(p.id, &sessions, programme).ok())
        .collect();
    let gaps = class_gaps(&profiles);
    let groups = keep_up_groups(&profiles);
    if gaps.is_empty() {
        return view! {
            <section class="card" aria-labelledby="gaps-heading">
                <h2 id="gaps-heading">"Teach next"</h2>
                <p data-testid="class-teach-next">"No gaps found yet: run GPC checks or screening practice checks to see what the class needs."</p>
            </section>
        }.into_any();
    }
    let name = |id: PupilId| {
        pupils
            .iter()
            .find(|p| p.id == id)
            .map(|p| format!("{} {}", p.forename, p.surname))
            .unwrap_or_default()
    };
    // "oo (moon)" and "oo (book)": the catalogue's one naming rule.
    let grapheme = |id: &str| catalogue.label(id).unwrap_or_else(|| "?".to_string());
    view! {
        <section class="card" aria-labelledby="gaps-heading">
            <h2 id="gaps-heading">"Teach next"</h2>
            <p class="muted">"The sounds most pupils are not secure on, then groups of pupils who share gaps."</p>
            <table class="rows" data-testid="class-teach-next">
                <thead><tr><th scope="col">"Sound"</th><th scope="col">"Not secure"</th></tr></thead>
                <tbody>
                    {gaps.iter().take(6).map(|g| view! {
                        <tr><td><span class="grapheme">{grapheme(g.gpc.as_str())}</span></td>
                        <td>{format!("{} of {} checked", g.pupils.len(), g.checked)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Keep-up groups"</h3>
            <ul class="groups" data-testid="keep-up-groups">
                {groups.iter().map(|group| {
                    let gpcs: Vec<String> = group.gpcs.iter().map(|g| grapheme(g.as_str())).collect();
                    let ids: Vec<String> = group.gpcs.iter().map(|g| g.as_str().to_string()).collect();
                    view! { <li>
                        <strong>{gpcs.join(", ")}</strong>": "{group.pupils.iter().map(|p| name(*p)).collect::<Vec<_>>().join(", ")}
                        " "<a class="button secondary small" href=format!("/home-practice?gpcs={}", ids.join(","))>"Practice pack for this group"</a>
                    </li> }
                }).collect_view()}
            </ul>
        </section>
    }.into_any()
}
