//! Home practice. Two sides:
//! - the teacher's pack maker (`/home-practice`): a pack chosen from a pupil's or a group's
//!   teach-next list, shown as a link, a QR code and a printable slip for parents;
//! - practice mode (`/practice#p1...`), for a parent's phone: the pack travels in the URL
//!   fragment, which browsers never send to a server. Practice mode reads nothing from the
//!   school database and has no way into the rest of the app.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::class::sort_classes;
use crate::domain::fluency;
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{CheckSession, Class, Pupil};
use crate::domain::phonics::catalogue;
use crate::domain::practice::{
    self, decode, default_pack, pack_url, sound_buttons, ButtonKind, PracticeCard, PracticePack,
    PracticeProgress, ALIEN_TIP, BUTTONS_TIP, GUIDE_TITLE, PARENT_GUIDE, PASSAGE_TIP, PRIVACY_NOTE,
    SOUND_TIP, TRICKY_TIP, WORD_TIP,
};
use crate::domain::progress::{keep_up_groups, profile, teach_next};
use crate::domain::pupil::sort_by_surname;
use crate::domain::screening::creature;
use crate::storage::{prefs, Store};
use crate::ui::creature::CreatureSvg;
use crate::ui::data::{load, today};
use crate::ui::interval::Interval;
use crate::ui::state::use_app;
use crate::ui::widgets::{app_origin, qr_svg, StorageProblem};

fn grapheme_of(id: &str) -> String {
    catalogue()
        .ok()
        .and_then(|c| c.gpc(id))
        .map_or_else(|| id.to_string(), |g| g.grapheme.to_string())
}

/// For the teacher's lists: "oo (moon)" where the grapheme alone would be ambiguous.
fn label_of(id: &str) -> String {
    catalogue()
        .ok()
        .and_then(|c| c.label(id))
        .unwrap_or_else(|| id.to_string())
}

// ---------------------------------------------------------------------------------------
// The teacher's side
// ---------------------------------------------------------------------------------------

/// `/home-practice`: with `?pupil=` a pack from that pupil's teach-next list, with `?gpcs=`
/// (a keep-up group) a pack for those GPCs; otherwise choose a class and a pupil or group.
#[component]
pub fn HomePracticePage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let pupil_id = move || query.read().get("pupil").and_then(|id| PupilId::parse(&id));
    let group = move || query.read().get("gpcs");
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        move |db| {
            let id = pupil_id();
            async move {
                let mut classes: Vec<Class> = db
                    .all::<Class>()
                    .await?
                    .into_iter()
                    .filter(|c| !c.archived)
                    .collect();
                sort_classes(&mut classes);
                let pupils = db.all::<Pupil>().await?;
                let sessions = db.all::<CheckSession>().await?;
                Ok((id, classes, pupils, sessions))
            }
        },
    );
    let chosen_class = RwSignal::new(prefs::last_class());
    view! {
        <h1>"Home practice"</h1>
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok((Some(id), _, pupils, sessions)) => {
                let Some(pupil) = pupils.into_iter().find(|p| p.id == id) else {
                    return view! { <p>"This pupil is not on this device."</p> }.into_any();
                };
                let programme = app.settings.with_untracked(|s| s.programme);
                let targets: Vec<String> = profile(id, &sessions, programme)
                    .map(|p| teach_next(&p, practice::DEFAULT_GPCS).into_iter().map(|n| n.gpc.as_str().to_string()).collect())
                    .unwrap_or_default();
                view! {
                    <p class="breadcrumb no-print"><a href=format!("/pupils/{}", pupil.id)>{format!("Back to {} {}", pupil.forename, pupil.surname)}</a></p>
                    <p class="lead no-print">{format!("A practice pack for {}, from their next sounds to learn.", pupil.forename)}</p>
                    <PackMaker targets=targets/>
                }.into_any()
            }
            Ok((None, classes, pupils, sessions)) => {
                if let Some(gpcs) = group() {
                    let targets: Vec<String> = gpcs.split(',').map(str::to_string).collect();
                    return view! {
                        <p class="lead no-print">"A practice pack for a keep-up group: the same link for every family in the group."</p>
                        <PackMaker targets=targets/>
                    }.into_any();
                }
                if classes.is_empty() {
                    return view! { <p class="card empty">"Make or import a class first: packs are chosen from each pupil's checks."</p> }.into_any();
                }
                let class = classes.iter().find(|c| Some(c.id) == chosen_class.get()).or(classes.first()).cloned();
                let Some(class) = class else { return ().into_any() };
                let mut register: Vec<Pupil> = pupils.into_iter().filter(|p| p.class_id == Some(class.id) && !p.archived).collect();
                sort_by_surname(&mut register);
                let programme = app.settings.with_untracked(|s| s.programme);
                let profiles: Vec<_> = register.iter().filter_map(|p| profile(p.id, &sessions, programme).ok()).collect();
                let groups = keep_up_groups(&profiles);
                let name = |id: PupilId| register.iter().find(|p| p.id == id).map(|p| p.forename.clone()).unwrap_or_default();
                view! {
                    <p class="lead">"Give parents the sounds and words their child is learning: a link or QR code with no name and no results in it."</p>
                    <div class="field">
                        <label for="pack-class">"Class"</label>
                        <select id="pack-class" on:change=move |ev| {
                            let id = ClassId::parse(&event_target_value(&ev));
                            if let Some(id) = id { prefs::set_last_class(id); }
                            chosen_class.set(id);
                        }>
                            {classes.iter().map(|c| view! { <option value=c.id.to_string() selected=c.id == class.id>{c.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <section class="card">
                        <h2>"Keep-up groups"</h2>
                        {if groups.is_empty() {
                            view! { <p>"No groups yet: they appear once pupils have had GPC or screening checks."</p> }.into_any()
                        } else {
                            view! { <ul class="groups">{groups.iter().map(|g| {
                                let ids: Vec<&str> = g.gpcs.iter().map(|x| x.as_str()).collect();
                                let label: Vec<String> = ids.iter().map(|i| label_of(i)).collect();
                                view! { <li>
                                    <strong>{label.join(", ")}</strong>": "{g.pupils.iter().map(|p| name(*p)).collect::<Vec<_>>().join(", ")}" "
                                    <a class="button secondary small" href=format!("/home-practice?gpcs={}", ids.join(","))>"Make group pack"</a>
                                </li> }
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>"One pupil"</h2>
                        {if register.is_empty() {
                            view! { <p>"No pupils in this class yet: add them or import the class list on the Classes page."</p> }.into_any()
                        } else {
                            view! { <ul class="link-list">
                                {register.iter().map(|p| view! { <li><a href=format!("/home-practice?pupil={}", p.id)>{format!("{} {}", p.forename, p.surname)}</a></li> }).collect_view()}
                            </ul> }.into_any()
                        }}
                    </section>
                }.into_any()
            }
        })}
    }
}

/// Chooses a pack for `targets` and lets the teacher leave items out; shows the link, the QR
/// code and a printable slip.
#[component]
fn PackMaker(targets: Vec<String>) -> impl IntoView {
    let suggested = if targets.is_empty() {
        // No evidence yet: start at the beginning of phase 2, as a teacher would.
        default_pack(&["s", "a", "t", "p"], 1)
    } else {
        default_pack(&targets, 1)
    };
    let pack = match suggested {
        Ok(p) => p,
        Err(e) => {
            return view! { <p class="status status-error" role="alert">{format!("No pack could be made: {e}")}</p> }.into_any();
        }
    };
    // Everything the suggestion holds, each item on or off.
    let gpcs: Vec<(String, RwSignal<bool>)> = pack
        .gpcs()
        .iter()
        .map(|g| (g.as_str().to_string(), RwSignal::new(true)))
        .collect();
    let words: Vec<(String, RwSignal<bool>)> = pack
        .words()
        .iter()
        .map(|w| (w.to_string(), RwSignal::new(true)))
        .collect();
    let pseudo: Vec<(String, RwSignal<bool>)> = pack
        .pseudo_words()
        .iter()
        .map(|w| (w.to_string(), RwSignal::new(true)))
        .collect();
    let tricky: Vec<(String, RwSignal<bool>)> = pack
        .tricky()
        .iter()
        .map(|w| (w.to_string(), RwSignal::new(true)))
        .collect();
    let passage = pack.passage().map(|p| (p.to_string(), RwSignal::new(true)));
    let copied = RwSignal::new(false);
    let on = |list: &[(String, RwSignal<bool>)]| {
        list.iter()
            .filter(|(_, s)| s.get())
            .map(|(t, _)| t.clone())
            .collect::<Vec<_>>()
    };
    let current = {
        let (gpcs, words, pseudo, tricky, passage) = (
            gpcs.clone(),
            words.clone(),
            pseudo.clone(),
            tricky.clone(),
            passage.clone(),
        );
        Memo::new(move |_| {
            let chosen_passage = passage
                .as_ref()
                .filter(|(_, s)| s.get())
                .map(|(p, _)| p.clone());
            PracticePack::new(
                &on(&gpcs),
                &on(&words),
                &on(&pseudo),
                &on(&tricky),
                chosen_passage.as_deref(),
            )
            .map(|p| pack_url(&app_origin(), &p))
            .map_err(|e| e.to_string())
        })
    };
    let checklist = move |title: &'static str,
                          list: Vec<(String, RwSignal<bool>)>,
                          show: fn(&str) -> String| {
        (!list.is_empty()).then(|| view! {
            <fieldset class="pack-list">
                <legend>{title}</legend>
                {list.into_iter().map(|(item, on)| {
                    let id = format!("pack-{title}-{item}").replace(' ', "-");
                    view! { <span class="pack-item">
                        <input type="checkbox" id=id.clone() prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>
                        <label for=id>{show(&item)}</label>
                    </span> }
                }).collect_view()}
            </fieldset>
        })
    };
    let title_of = |id: &str| {
        fluency::passage(id)
            .ok()
            .flatten()
            .map_or_else(|| id.to_string(), |p| p.title.to_string())
    };
    let copy = move |_| {
        if let (Ok(url), Some(w)) = (current.get_untracked(), web_sys::window()) {
            let _ = w.navigator().clipboard().write_text(&url);
            copied.set(true);
        }
    };
    view! {
        <section class="card no-print" aria-labelledby="pack-heading">
            <h2 id="pack-heading">"What the pack holds"</h2>
            <p class="muted">"Untick anything you do not want to send."</p>
            {checklist("Sounds", gpcs, label_of)}
            {checklist("Words", words, |w| w.to_string())}
            {checklist("Alien words", pseudo, |w| w.to_string())}
            {checklist("Tricky words", tricky, |w| w.to_string())}
            {passage.map(|(id, on)| view! {
                <fieldset class="pack-list"><legend>"Reading together"</legend>
                    <span class="pack-item">
                        <input type="checkbox" id="pack-passage" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>
                        <label for="pack-passage">{title_of(&id)}</label>
                    </span>
                </fieldset>
            })}
        </section>
        {move || match current.get() {
            Err(e) => view! { <p class="status status-error" role="alert">{e}</p> }.into_any(),
            Ok(url) => {
                let svg = qr_svg(&url).unwrap_or_default();
                view! {
                    <section class="card pack-slip" aria-labelledby="slip-heading">
                        <h2 id="slip-heading">"Practise reading at home"</h2>
                        <div class="slip-body">
                            <div class="qr" role="img" aria-label="QR code of the practice link" data-testid="pack-qr" inner_html=svg></div>
                            <div>
                                <p>"Scan the code with your phone's camera, or open the link the school sends you. Practise for five minutes a day: sounds, words, then reading together."</p>
                                <p class="muted">{PRIVACY_NOTE}</p>
                            </div>
                        </div>
                        <label for="pack-link" class="slip-link-label no-print">"Link"</label>
                        <input id="pack-link" class="pack-link no-print" readonly prop:value=url.clone() data-testid="pack-link"/>
                        <p class="print-only slip-link">{url.clone()}</p>
                        <div class="actions no-print">
                            <button on:click=copy>"Copy link"</button>
                            <button class="secondary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"Print slip"</button>
                            <a class="button secondary" href=url.clone() target="_blank">"Try it"</a>
                        </div>
                        {move || copied.get().then(|| view! { <p class="status status-ok no-print" role="status">"Link copied."</p> })}
                    </section>
                }.into_any()
            }
        }}
    }.into_any()
}

// ---------------------------------------------------------------------------------------
// Practice mode, on a parent's phone
// ---------------------------------------------------------------------------------------

const PROGRESS_KEY: &str = "readby7.practice-progress";

fn load_progress() -> PracticeProgress {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get(PROGRESS_KEY).unwrap_or_default()
}

fn save_progress(progress: &PracticeProgress) {
    use gloo_storage::{LocalStorage, Storage};
    // Stars are a nicety: a full or blocked storage must never stop the practice.
    let _ = LocalStorage::set(PROGRESS_KEY, progress);
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Deck {
    Sounds,
    Words,
    Aliens,
    Tricky,
}

impl Deck {
    fn title(self) -> &'static str {
        match self {
            Deck::Sounds => "Sounds",
            Deck::Words => "Words",
            Deck::Aliens => "Alien words",
            Deck::Tricky => "Tricky words",
        }
    }
    fn tip(self) -> &'static str {
        match self {
            Deck::Sounds => SOUND_TIP,
            Deck::Words => WORD_TIP,
            Deck::Aliens => ALIEN_TIP,
            Deck::Tricky => TRICKY_TIP,
        }
    }
    fn cards(self, pack: &PracticePack) -> Vec<PracticeCard> {
        pack.cards()
            .into_iter()
            .filter(|c| {
                matches!(
                    (self, c),
                    (Deck::Sounds, PracticeCard::Sound(_))
                        | (Deck::Words, PracticeCard::Word(_))
                        | (Deck::Aliens, PracticeCard::AlienWord(_))
                        | (Deck::Tricky, PracticeCard::TrickyWord(_))
                )
            })
            .collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Menu,
    Deck(Deck, usize),
    Passage,
    Guide,
}

/// `/practice#p1...`: practice mode. Nothing here reads the school database.
#[component]
pub fn PracticeModePage() -> impl IntoView {
    let hash = RwSignal::new(current_hash());
    let changed = window_event_listener(ev::hashchange, move |_| hash.set(current_hash()));
    on_cleanup(move || changed.remove());
    view! {
        <div class="practice-mode">
            {move || match decode(&hash.get()) {
                Ok(pack) => view! { <Practice pack=pack/> }.into_any(),
                Err(_) if hash.get().trim_start_matches('#').is_empty() => view! {
                    <h1>"Home practice"</h1>
                    <p class="lead">"Open the practice link or scan the QR code your child's teacher gave you."</p>
                }.into_any(),
                Err(e) => view! {
                    <h1>"Home practice"</h1>
                    <p class="status status-error" role="alert" data-testid="pack-error">{e.to_string()}</p>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Practice(pack: PracticePack) -> impl IntoView {
    let progress = RwSignal::new(load_progress());
    let screen = RwSignal::new(Screen::Menu);
    let pack = StoredValue::new(pack);
    let earn_star = move || {
        progress.update(|p| {
            p.record_card(today());
        });
        progress.with_untracked(save_progress);
    };
    let decks = [Deck::Sounds, Deck::Words, Deck::Aliens, Deck::Tricky];
    view! {
        <header class="practice-top">
            <h1>"Home practice"</h1>
            <p class="stars" data-testid="stars" aria-live="polite">
                {move || {
                    let (stars, streak) = progress.with(|p| (p.stars_today(today()), p.streak(today())));
                    let streak = match streak {
                        0 => "start a streak today".to_string(),
                        1 => "1 day in a row".to_string(),
                        n => format!("{n} days in a row"),
                    };
                    format!("★ {stars} today · {streak}")
                }}
            </p>
        </header>
        {move || match screen.get() {
            Screen::Menu => view! {
                <nav class="practice-menu" aria-label="Practice">
                    {decks.into_iter().filter_map(|d| {
                        let n = pack.with_value(|p| d.cards(p).len());
                        (n > 0).then(|| view! {
                            <button class="big" on:click=move |_| screen.set(Screen::Deck(d, 0))>{format!("{} ({n})", d.title())}</button>
                        })
                    }).collect_view()}
                    {pack.with_value(|p| p.passage()).map(|_| view! {
                        <button class="big" on:click=move |_| screen.set(Screen::Passage)>"Read together"</button>
                    })}
                    <button class="big secondary" on:click=move |_| screen.set(Screen::Guide)>{GUIDE_TITLE}</button>
                </nav>
                <p class="muted">{PRIVACY_NOTE}</p>
            }.into_any(),
            Screen::Deck(deck, i) => {
                let cards = pack.with_value(|p| deck.cards(p));
                let total = cards.len();
                match cards.get(i).cloned() {
                    None => view! {
                        <section class="practice-card done" data-testid="deck-done">
                            <p class="big-star" aria-hidden="true">"★"</p>
                            <p class="practice-word">"Well done!"</p>
                            <button class="big" on:click=move |_| screen.set(Screen::Menu)>"Choose more practice"</button>
                        </section>
                    }.into_any(),
                    Some(card) => view! {
                        <p class="deck-position" data-testid="deck-position">{format!("{} · {} of {total}", deck.title(), i + 1)}</p>
                        <section class="practice-card" data-testid="practice-card">
                            <CardFace card=card/>
                        </section>
                        <details class="tip"><summary>"Tip for grown-ups"</summary><p>{deck.tip()}</p>
                            {matches!(deck, Deck::Words | Deck::Aliens).then(|| view! { <p>{BUTTONS_TIP}</p> })}
                        </details>
                        <div class="practice-nav">
                            <button class="secondary" on:click=move |_| screen.set(Screen::Menu)>"Menu"</button>
                            <button class="big" on:click=move |_| { earn_star(); screen.set(Screen::Deck(deck, i + 1)); }>"Next ★"</button>
                        </div>
                    }.into_any(),
                }
            }
            Screen::Passage => view! {
                <PassageCard id=pack.with_value(|p| p.passage()).unwrap_or_default() on_done=Callback::new(move |_| { earn_star(); screen.set(Screen::Menu); })/>
                <div class="practice-nav"><button class="secondary" on:click=move |_| screen.set(Screen::Menu)>"Menu"</button></div>
            }.into_any(),
            Screen::Guide => view! {
                <section class="card guide">
                    <h2>{GUIDE_TITLE}</h2>
                    {PARENT_GUIDE.iter().map(|s| view! { <h3>{s.heading}</h3><p>{s.text}</p> }).collect_view()}
                </section>
                <div class="practice-nav"><button class="big" on:click=move |_| screen.set(Screen::Menu)>"Back to practice"</button></div>
            }.into_any(),
        }}
    }
}

/// One card: a grapheme, or a word with its sound buttons (tap one to light up its letters).
#[component]
fn CardFace(card: PracticeCard) -> impl IntoView {
    match card {
        PracticeCard::Sound(gpc) => {
            let example = catalogue()
                .ok()
                .and_then(|c| c.gpc(gpc.as_str()))
                .map(|g| g.example);
            view! {
                <p class="practice-grapheme">{grapheme_of(gpc.as_str())}</p>
                <p class="practice-say">"Say the sound"</p>
                {example.map(|e| view! { <p class="muted">{format!("(as in “{e}”)")}</p> })}
            }
            .into_any()
        }
        PracticeCard::Word(word) | PracticeCard::AlienWord(word) => {
            let alien = matches!(card, PracticeCard::AlienWord(_));
            view! {
                {alien.then(|| view! {
                    <div class="creature-box practice-creature"><CreatureSvg creature=creature::for_word(word)/></div>
                    <p class="practice-say">"An alien word: sound it out!"</p>
                })}
                <SoundButtonWord word=word/>
            }.into_any()
        }
        PracticeCard::TrickyWord(word) => view! {
            <p class="practice-word">{word}</p>
            <p class="practice-say">"A tricky word: read it on sight"</p>
        }
        .into_any(),
        PracticeCard::Passage(_) => ().into_any(),
    }
}

/// Layout is set through `style:` (the CSS object model): the Content-Security-Policy
/// (`style-src 'self'`) blocks inline `style` attributes.
#[component]
fn SoundButtonWord(word: &'static str) -> impl IntoView {
    let letters: Vec<char> = word.chars().collect();
    let buttons = sound_buttons(word).unwrap_or_default();
    let lit = RwSignal::new(None::<usize>);
    let columns = letters.len();
    let lit_letters = {
        let buttons = buttons.clone();
        move || {
            lit.get()
                .and_then(|b| buttons.get(b))
                .map(|b| b.letters.clone())
                .unwrap_or_default()
        }
    };
    view! {
        <div class="sb-word" style:--letters=columns.to_string() data-testid="sound-button-word">
            {letters.iter().enumerate().map(|(i, ch)| {
                let lit_letters = lit_letters.clone();
                view! { <span class="sb-letter" class:lit=move || lit_letters().contains(&i) style:grid-column=(i + 1).to_string()>{ch.to_string()}</span> }
            }).collect_view()}
            {buttons.iter().enumerate().map(|(b, button)| {
                let first = button.letters.iter().min().copied().unwrap_or(0);
                let last = button.letters.iter().max().copied().unwrap_or(first);
                let (class, row, label) = match button.kind {
                    ButtonKind::Dot => ("sb dot", 2, "dot"),
                    ButtonKind::Dash => ("sb dash", 2, "line"),
                    ButtonKind::SplitDigraph => ("sb split", 3, "curve"),
                };
                view! {
                    <button class=class
                        style:grid-column=format!("{} / {}", first + 1, last + 2)
                        style:grid-row=row.to_string()
                        aria-label=format!("Sound button ({label}) for {}", button.grapheme)
                        aria-pressed=move || (lit.get() == Some(b)).to_string()
                        on:click=move |_| lit.set(Some(b))
                    ><span aria-hidden="true"></span></button>
                }
            }).collect_view()}
        </div>
    }
}

/// The passage to read together, with an optional one-minute timer for the child who likes one.
#[component]
fn PassageCard(id: &'static str, on_done: Callback<()>) -> impl IntoView {
    let Some(passage) = fluency::passage(id).ok().flatten() else {
        return view! { <p class="status status-error" role="alert">"This passage is not in this version of the app."</p> }.into_any();
    };
    let left = RwSignal::new(None::<u32>);
    let timer = StoredValue::new_local(None::<Interval>);
    let start = move |_| {
        left.set(Some(60));
        let interval = Interval::start(1000, move || {
            left.update(|l| {
                if let Some(s) = l {
                    *s = s.saturating_sub(1);
                }
            });
        });
        timer.set_value(interval);
    };
    Effect::new(move |_| {
        if left.get() == Some(0) {
            timer.set_value(None);
        }
    });
    on_cleanup(move || timer.set_value(None));
    view! {
        <section class="practice-card passage-card" data-testid="practice-passage">
            <h2>{passage.title}</h2>
            {passage.text.split("\n\n").map(|para| view! { <p class="practice-passage-text">{para.to_string()}</p> }).collect_view()}
        </section>
        <details class="tip"><summary>"Tip for grown-ups"</summary><p>{PASSAGE_TIP}</p></details>
        <div class="practice-nav">
            {move || match left.get() {
                None => view! { <button class="secondary" on:click=start>"Start a one-minute timer"</button> }.into_any(),
                Some(0) => view! { <p class="timer-done" role="status">"Time! How far did you get?"</p> }.into_any(),
                Some(s) => view! { <p class="timer" role="timer" aria-live="off">{format!("{}:{:02}", s / 60, s % 60)}</p> }.into_any(),
            }}
            <button class="big" on:click=move |_| on_done.run(())>"We read it ★"</button>
        </div>
    }.into_any()
}
