//! The reading lead's view: who is on track to read by 7, the disadvantaged gap, which GPCs to
//! reteach, fluency against 90 wpm, and the trend through the year. Every chart is SVG drawn
//! here from the analytics module's figures, with a table or sentence beside it.

use leptos::prelude::*;

use crate::domain::analytics::{
    share_words, Analytics, FluencySummary, Group, Heatmap, OnTrackReport, Options, Scope,
    ScreeningSummary, Share, Trend, Window, DEMO_YEAR,
};
use crate::domain::class::sort_classes;
use crate::domain::fluency::NINETY_WPM;
use crate::domain::ids::{ClassId, PupilId};
use crate::domain::model::{AcademicYear, CheckSession, Class, Pupil, YearGroup};
use crate::domain::phonics::catalogue;
use crate::domain::progress::Programme;
use crate::domain::words::{count, pupils};
use crate::storage::Store;
use crate::ui::data::{load, this_academic_year, today};
use crate::ui::perf::measure_since;
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

fn pct(share: Share) -> String {
    match share.percent() {
        Some(p) => format!("{p:.0}%"),
        None => "–".into(),
    }
}

fn scope_value(scope: Scope) -> String {
    match scope {
        Scope::School => "school".into(),
        Scope::YearGroup(y) => format!("year-{y:?}"),
        Scope::Class(id) => format!("class-{id}"),
    }
}

fn parse_scope(value: &str) -> Scope {
    if let Some(id) = value.strip_prefix("class-").and_then(ClassId::parse) {
        return Scope::Class(id);
    }
    if let Some(y) = value.strip_prefix("year-") {
        if let Some(year) = YearGroup::ALL.into_iter().find(|g| format!("{g:?}") == y) {
            return Scope::YearGroup(year);
        }
    }
    Scope::School
}

struct Figures {
    screening: ScreeningSummary,
    heatmap: Heatmap,
    fluency: FluencySummary,
    trend: Trend,
    on_track: OnTrackReport,
    min_group: usize,
}

/// `/progress`.
#[component]
pub fn LeadPage() -> impl IntoView {
    let app = use_app();
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        |db| async move {
            let mut classes: Vec<Class> = db.all::<Class>().await?;
            classes.retain(|c| !c.archived);
            sort_classes(&mut classes);
            let pupils = db.all::<Pupil>().await?;
            let sessions = db.all::<CheckSession>().await?;
            Ok((classes, pupils, sessions))
        },
    );
    let scope = RwSignal::new("school".to_string());
    // The demo school's checks are in its own year; real data opens on this year.
    let year = RwSignal::new(if app.demo.get_untracked() {
        DEMO_YEAR
    } else {
        this_academic_year()
    });
    let term = RwSignal::new(None::<usize>);
    let changed_at = StoredValue::new(None::<f64>);
    let printing = window_event_listener_untyped("beforeprint", |_| open_folded_tables());
    on_cleanup(move || printing.remove());

    view! {
        <div class="lead-view">
        <h1>"Progress"</h1>
        <p class="lead no-print">"Who is on track to read by 7, where the gap is, and what to teach next."</p>
        {move || (!app.demo.get()).then(|| view! {
            <p class="no-print"><button class="secondary" on:click=move |_| app.switch_to(true) data-testid="enter-demo">"Try the demo school (fictional data)"</button></p>
        })}
        {move || data.get().flatten().map(|loaded| match loaded {
            Err(e) => view! { <StorageProblem error=e/> }.into_any(),
            Ok((classes, pupils, sessions)) => {
                if app.demo.get_untracked() && year.get_untracked() != DEMO_YEAR {
                    year.set(DEMO_YEAR);
                }
                let settings = app.settings.get_untracked();
                let options = Options {
                    threshold: settings.screening_threshold,
                    term_dates: settings.term_dates,
                    ..Options::default()
                };
                let order = programme_order(settings.programme);
                let data = StoredValue::new((classes.clone(), pupils, sessions, order));
                let current_term = options.term_dates.window_of(today());
                let window = move || {
                    let windows = Window::year_of(year.get());
                    let i = term.get().unwrap_or_else(|| {
                        if current_term.year == year.get() { windows.iter().position(|w| *w == current_term).unwrap_or(2) } else { 2 }
                    });
                    windows[i.min(2)]
                };
                let figures = Memo::new(move |_| {
                    let scope = parse_scope(&scope.get());
                    let window = window();
                    data.with_value(|(classes, pupils, sessions, order)| {
                        let a = Analytics::new(classes, pupils, sessions, options);
                        FiguresKey(std::sync::Arc::new(Figures {
                            screening: a.screening(scope, window),
                            heatmap: a.heatmap(scope, window, order, 5),
                            fluency: a.fluency(scope, window),
                            trend: a.trend(scope, window.year),
                            on_track: a.on_track(scope, window),
                            min_group: options.min_group,
                        }))
                    })
                });
                // For the benchmark: from the scope's change event to the next frame painted.
                Effect::new(move |_| {
                    figures.track();
                    if let Some(start) = changed_at.get_value() {
                        changed_at.set_value(None);
                        after_paint(move || measure_since("readby7:lead-view", start));
                    }
                });
                let names: std::collections::HashMap<PupilId, String> = data.with_value(|(_, pupils, _, _)| {
                    pupils.iter().map(|p| (p.id, format!("{} {}", p.forename, p.surname))).collect()
                });
                let names = StoredValue::new(names);
                view! {
                    <div class="lead-controls no-print">
                        <div class="field">
                            <label for="lead-scope">"Who"</label>
                            <select id="lead-scope" on:change=move |ev| {
                                changed_at.set_value(Some(ev.time_stamp()));
                                scope.set(event_target_value(&ev));
                            }>
                                <option value="school" selected=scope.get_untracked() == "school">"Whole school"</option>
                                {YearGroup::ALL.into_iter().map(|y| {
                                    let v = scope_value(Scope::YearGroup(y));
                                    view! { <option value=v.clone() selected=scope.get_untracked() == v>{y.label()}</option> }
                                }).collect_view()}
                                {classes.iter().map(|c| {
                                    let v = scope_value(Scope::Class(c.id));
                                    view! { <option value=v.clone() selected=scope.get_untracked() == v>{format!("{} ({})", c.name, c.year_group.label())}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="lead-term">"Term"</label>
                            <select id="lead-term" on:change=move |ev| term.set(event_target_value(&ev).parse().ok())>
                                {move || Window::year_of(year.get()).iter().enumerate().map(|(i, w)| {
                                    view! { <option value=i.to_string() selected=window() == *w>{w.label()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="lead-year">"Academic year"</label>
                            <select id="lead-year" on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse::<u16>() { year.set(AcademicYear(y)); term.set(None); } }>
                                {move || {
                                    let now = this_academic_year().0;
                                    let mut years: Vec<u16> = (now.saturating_sub(2)..=now).collect();
                                    if !years.contains(&year.get().0) { years.insert(0, year.get().0); }
                                    years.into_iter().rev().map(|y| view! { <option value=y.to_string() selected=year.get().0 == y>{AcademicYear(y).label()}</option> }).collect_view()
                                }}
                            </select>
                        </div>
                        <button class="secondary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"Print"</button>
                    </div>
                    {move || {
                        let f = figures.get().0;
                        view! {
                            <p class="print-only">{format!("{} · {}", window().label(), match parse_scope(&scope.get_untracked()) { Scope::School => "Whole school".to_string(), Scope::YearGroup(y) => y.label().to_string(), Scope::Class(id) => classes.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default() })}</p>
                            <Headline f=f.clone()/>
                            <ScreeningSection f=f.clone()/>
                            <HeatmapSection f=f.clone()/>
                            <FluencySection f=f.clone()/>
                            <TrendSection f=f.clone()/>
                            <OnTrackSection f=f.clone() names=names/>
                        }
                    }}
                }.into_any()
            }
        })}
        <super::summary_export::SummaryExport year=year.into()/>
        </div>
    }
}

/// Paper cannot be tapped open: before printing, every folded table is opened. The print
/// style does the same through `::details-content`, which older Safari and Firefox lack.
fn open_folded_tables() {
    use wasm_bindgen::JsCast;
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(".lead-view details").ok())
    else {
        return;
    };
    for i in 0..list.length() {
        if let Some(details) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = details.set_attribute("open", "");
        }
    }
}

/// Memo needs PartialEq; every recomputation is a new set of figures.
#[derive(Clone)]
struct FiguresKey(std::sync::Arc<Figures>);
impl PartialEq for FiguresKey {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

fn programme_order(programme: Programme) -> Vec<String> {
    programme
        .order()
        .map(|o| o.gpcs().map(|g| g.as_str().to_string()).collect())
        .unwrap_or_default()
}

/// Runs `f` after the next frame has been painted (a frame, then a task after it).
fn after_paint(f: impl FnOnce() + 'static) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let inner = Closure::once_into_js(f);
    let outer = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(inner.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(outer.unchecked_ref());
}

#[component]
fn Headline(f: std::sync::Arc<Figures>) -> impl IntoView {
    let gap = &f.screening.gap;
    let gap_text = if gap.has_results() {
        gap.describe()
    } else {
        "–".to_string()
    };
    let gap_what = if gap.has_results() {
        format!(
            "disadvantaged pupils against the others: {} of disadvantaged pupils met the standard, {} of others",
            share_words(gap.disadvantaged, f.min_group),
            share_words(gap.others, f.min_group)
        )
    } else {
        "disadvantaged gap: no screening marks in this term".to_string()
    };
    view! {
        <section class="headline" aria-label="Headline figures">
            <div class="figure" data-testid="headline-met">
                <span class="number">{pct(f.screening.met)}</span>
                <span class="what">{format!("met the screening standard ({} of {} with a mark)", f.screening.met.count, f.screening.met.of)}</span>
            </div>
            <div class="figure gap" data-testid="headline-gap">
                <span class="number">{gap_text}</span>
                <span class="what">{gap_what}</span>
            </div>
            <div class="figure" data-testid="headline-on-track">
                <span class="number">{pct(f.on_track.on_track)}</span>
                <span class="what">{format!("on track to read by 7 ({} of {} judged)", f.on_track.on_track.count, f.on_track.on_track.of)}</span>
            </div>
            <div class="figure" data-testid="headline-fluency">
                <span class="number">{f.fluency.median_wcpm.map(|m| format!("{m:.0}")).unwrap_or_else(|| "–".into())}</span>
                <span class="what">{format!("median words correct per minute ({})", count(f.fluency.readings.len(), "reading", "readings"))}</span>
            </div>
        </section>
    }
}

#[component]
fn ScreeningSection(f: std::sync::Arc<Figures>) -> impl IntoView {
    let s = &f.screening;
    let max = s.histogram.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (41.0 * 12.0 + 50.0, 180.0, 12.0);
    let x = |mark: usize| 40.0 + mark as f64 * bar;
    let y = |n: usize| h - 20.0 - (n as f64 / max as f64) * (h - 40.0);
    let threshold = s.threshold as usize;
    let rows: Vec<(usize, usize)> = s
        .histogram
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .collect();
    let in_scope = format!(
        "{} in scope: {} with a mark, {} not taken (A/D/L/Q), {} not checked this term.",
        pupils(s.pupils),
        s.marked,
        s.not_taken.total(),
        s.not_checked
    );
    if s.marked == 0 {
        return view! {
            <section class="card" aria-labelledby="screening-heading">
                <h2 id="screening-heading">"Phonics screening: latest marks"</h2>
                <p>{in_scope}</p>
                <p data-testid="no-screening">"No screening marks in this term, so there is no chart or split by group."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card chart-card" aria-labelledby="screening-heading">
            <h2 id="screening-heading">"Phonics screening: latest marks"</h2>
            <p>{format!("{in_scope} The line marks the threshold, {}.", s.threshold)}</p>
            <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=format!("Bar chart of marks 0 to 40; {} met the threshold of {}", pct(s.met), s.threshold)>
                <line x1="40" y1={h - 20.0} x2={w - 10.0} y2={h - 20.0} class="axis"/>
                // The count axis: how many pupils each bar stands for.
                <line x1="40" y1="20" x2="40" y2={h - 20.0} class="axis"/>
                {count_ticks(max).into_iter().map(|n| view! {
                    <text x="34" y={y(n) + 4.0} class="tick count-tick" text-anchor="end">{n.to_string()}</text>
                }).collect_view()}
                <text x="4" y="12" class="tick">"pupils"</text>
                {s.histogram.iter().enumerate().filter(|(_, n)| **n > 0).map(|(mark, n)| view! {
                    <rect x={x(mark) + 1.0} y={y(*n)} width={bar - 2.0} height={(h - 20.0) - y(*n)} class={if mark >= threshold { "bar met" } else { "bar" }}/>
                }).collect_view()}
                <line x1=x(threshold) y1="10" x2=x(threshold) y2={h - 20.0} class="threshold"/>
                <text x={x(threshold) + 4.0} y="20" class="label">{format!("threshold {threshold}")}</text>
                {[0usize, 10, 20, 30, 40].into_iter().map(|m| view! { <text x=x(m) y={h - 4.0} class="tick">{m.to_string()}</text> }).collect_view()}
            </svg>
            <details>
                <summary>"Marks as a table"</summary>
                <table class="rows compact"><thead><tr><th scope="col">"Mark"</th><th scope="col">"Pupils"</th></tr></thead>
                <tbody>{rows.into_iter().map(|(m, n)| view! { <tr><td>{m}</td><td>{n}</td></tr> }).collect_view()}</tbody></table>
            </details>
            <h3>"Meeting the standard, by group"</h3>
            <table class="rows" data-testid="group-splits">
                <thead><tr><th scope="col">"Group"</th><th scope="col">"In the group"</th><th scope="col">"Everyone else"</th><th scope="col">"Difference"</th></tr></thead>
                <tbody>
                    {s.groups.iter().map(|g| {
                        let (inside, outside) = g.group.labels();
                        let diff = g.compared(f.min_group).words();
                        view! { <tr>
                            <th scope="row">{format!("{inside} / {outside}")}</th>
                            <td>{share_words(g.in_group, f.min_group)}</td>
                            <td>{share_words(g.rest, f.min_group)}</td>
                            <td>{diff}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
            {s.split(Group::Disadvantaged).map(|_| view! { <p class="muted">{format!("Groups under {} are shown as “n too small”: one child would swing the share and could be identified.", pupils(f.min_group))}</p> })}
        </section>
    }
    .into_any()
}

/// Labels for the histogram's count axis: 0, the top and (from 2) the middle, whole pupils.
fn count_ticks(max: usize) -> Vec<usize> {
    let mut ticks = vec![0, max / 2, max];
    ticks.dedup();
    ticks
}

/// "oo" is two sounds: a heading names which by its example word.
fn shared_example(gpc_id: &str) -> Option<&'static str> {
    catalogue().ok()?.example_if_shared(gpc_id)
}

fn gpc_label(column: &crate::domain::analytics::HeatColumn) -> String {
    catalogue()
        .ok()
        .and_then(|c| c.label(&column.gpc_id))
        .unwrap_or_else(|| column.grapheme.clone())
}

#[component]
fn HeatmapSection(f: std::sync::Arc<Figures>) -> impl IntoView {
    let h = &f.heatmap;
    if h.columns.is_empty() {
        return view! { <section class="card"><h2>"Sounds missed in screening"</h2><p>"No screening items marked in this term."</p></section> }.into_any();
    }
    let cell = |c: &crate::domain::analytics::HeatCell| {
        let share = c.share();
        let p = share.percent().unwrap_or(0.0);
        // Darker = more pupils missed it; the number is always printed, so colour is never needed.
        let level = if share.of == 0 {
            0
        } else {
            1 + (p / 20.0).min(4.0) as usize
        };
        view! { <td class=format!("heat h{level}")>{if share.of == 0 { "·".to_string() } else { format!("{p:.0}") }}</td> }
    };
    view! {
        <section class="card" aria-labelledby="heat-heading">
            <h2 id="heat-heading">"Sounds missed in screening (% of pupils)"</h2>
            <p data-testid="reteach">{format!("Reteach first: {}.", h.reteach.iter().map(|n| format!("{} – {}", gpc_label(&n.column), pupils(n.cell.missed))).collect::<Vec<_>>().join(", "))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Sounds missed, by class (scrolls sideways)">
                <table class="heatmap" data-testid="heatmap">
                    <caption class="visually-hidden">"Share of pupils who missed at least one word with each sound, by class"</caption>
                    <thead><tr><th scope="col">"Class"</th>{h.columns.iter().map(|c| view! { <th scope="col" title=c.phoneme.clone()>{c.grapheme.clone()}{shared_example(&c.gpc_id).map(|e| view! { <span class="ex">{e}</span> })}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {h.rows.iter().filter(|r| r.marked > 0).map(|r| view! { <tr><th scope="row">{r.name.clone()}</th>{r.cells.iter().map(cell).collect_view()}</tr> }).collect_view()}
                        <tr class="total"><th scope="row">"All"</th>{h.total.iter().map(cell).collect_view()}</tr>
                    </tbody>
                </table>
            </div>
        </section>
    }.into_any()
}

#[component]
fn FluencySection(f: std::sync::Arc<Figures>) -> impl IntoView {
    let fl = &f.fluency;
    if fl.readings.is_empty() {
        return view! { <section class="card"><h2>"Fluency"</h2><p>"No fluency readings in this term."</p></section> }.into_any();
    }
    let mut wcpm: Vec<u32> = fl.readings.iter().map(|r| r.wcpm.0).collect();
    wcpm.sort_unstable();
    let top = wcpm.last().copied().unwrap_or(0).max(NINETY_WPM + 20) as f64;
    let (w, h) = (600.0, 160.0);
    let x = |v: f64| 20.0 + v / top * (w - 40.0);
    // Each year group has its own line to 90 wpm: draw it only when the scope has just one.
    let lines: std::collections::BTreeSet<u32> =
        fl.readings.iter().filter_map(|r| r.line).collect();
    let line = (lines.len() == 1).then(|| lines.first().copied()).flatten();
    view! {
        <section class="card chart-card" aria-labelledby="fluency-heading">
            <h2 id="fluency-heading">"Fluency: words correct per minute"</h2>
            <p>{format!(
                "{}. At or above 90 wpm: {}. On course for 90 by the end of Year 2: {}. Accuracy: {} independent (95–100%), {} instructional (90–94%), {} hard (below 90%).",
                count(fl.readings.len(), "reading", "readings"), share_words(fl.ninety, f.min_group), share_words(fl.on_course, f.min_group),
                fl.bands.independent, fl.bands.instructional, fl.bands.hard
            )}</p>
            <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label="Each pupil's words correct per minute as a dot, with the 90 wpm indicator">
                <line x1="20" y1={h - 30.0} x2={w - 20.0} y2={h - 30.0} class="axis"/>
                {wcpm.iter().enumerate().map(|(i, v)| view! {
                    <circle cx={x(*v as f64)} cy={h - 40.0 - (i % 8) as f64 * 11.0} r="4" class={if *v >= NINETY_WPM { "dot met" } else { "dot" }}/>
                }).collect_view()}
                <line x1=x(NINETY_WPM as f64) y1="10" x2=x(NINETY_WPM as f64) y2={h - 30.0} class="threshold"/>
                <text x={x(NINETY_WPM as f64) + 4.0} y="20" class="label">"90 wpm"</text>
                {line.map(|l| view! {
                    <line x1=x(l as f64) y1="10" x2=x(l as f64) y2={h - 30.0} class="term-line"/>
                    <text x={x(l as f64) + 4.0} y="36" class="label">{format!("term line {l}")}</text>
                })}
                {[0u32, 30, 60, 90, 120].into_iter().filter(|v| (*v as f64) <= top).map(|v| view! { <text x=x(v as f64) y={h - 12.0} class="tick">{v.to_string()}</text> }).collect_view()}
            </svg>
            {(lines.len() > 1).then(|| view! { <p class="muted" data-testid="term-lines">{format!("Year groups have different term lines ({} wpm): choose one year group to see its line.", lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))}</p> })}
            <p class="muted">"The term line is ReadBy7's straight line to 90 wpm by the end of Year 2. US percentiles (Hasbrouck & Tindal) are on each pupil's result; they are American norms, a guide only."</p>
        </section>
    }.into_any()
}

#[component]
fn TrendSection(f: std::sync::Arc<Figures>) -> impl IntoView {
    let points = &f.trend.points;
    let (w, h) = (420.0, 150.0);
    let x = |i: usize| 60.0 + i as f64 * 140.0;
    let y = |p: f64| h - 25.0 - p / 100.0 * (h - 45.0);
    let series = |get: &dyn Fn(&crate::domain::analytics::TrendPoint) -> Option<f64>| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| get(p).map(|v| format!("{},{}", x(i), y(v))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let met = series(&|p| p.screening_met.percent());
    let ninety = series(&|p| p.ninety_or_on_course.percent());
    // A polyline of one point draws nothing: each term with a figure also gets a dot.
    let dots = |get: &dyn Fn(&crate::domain::analytics::TrendPoint) -> Option<f64>,
                class: &'static str| {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                get(p).map(|v| view! { <circle cx=x(i) cy=y(v) r="4" class=class/> })
            })
            .collect_view()
    };
    let any_results = points.iter().any(|p| p.has_results());
    let chart = any_results.then(|| view! {
            <svg class="chart trend" viewBox=format!("0 0 {w} {h}") role="img" aria-label="Share meeting the screening standard and share on course for 90 wpm, by term">
                <line x1="50" y1={h - 25.0} x2={w - 10.0} y2={h - 25.0} class="axis"/>
                <polyline points=met class="series met"/>
                <polyline points=ninety class="series fluency"/>
                {dots(&|p| p.screening_met.percent(), "point met")}
                {dots(&|p| p.ninety_or_on_course.percent(), "point fluency")}
                {points.iter().enumerate().map(|(i, p)| view! { <text x=x(i) y={h - 8.0} class="tick">{p.window.term.label()}</text> }).collect_view()}
                <text x="4" y={y(100.0) + 4.0} class="tick">"100%"</text>
                <text x="4" y={y(0.0) + 4.0} class="tick">"0%"</text>
            </svg>
            <p class="legend-line"><span class="key met">"━ screening standard met"</span>" "<span class="key fluency">"╍ on course for 90 wpm"</span></p>
    });
    view! {
        <section class="card chart-card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">"Through the year"</h2>
            {(!any_results).then(|| view! { <p data-testid="no-trend">"No screening marks or fluency readings in this academic year yet."</p> })}
            {chart}
            <table class="rows" data-testid="trend-table">
                <thead><tr><th scope="col">"Term"</th><th scope="col">"Met screening"</th><th scope="col">"Disadvantaged gap"</th><th scope="col">"Median WCPM"</th><th scope="col">"90 wpm or on course"</th></tr></thead>
                <tbody>{points.iter().map(|p| view! { <tr>
                    <th scope="row">{p.window.label()}</th>
                    <td>{pct(p.screening_met)}</td>
                    <td>{if p.gap.has_results() { p.gap.describe() } else { "–".to_string() }}</td>
                    <td>{p.median_wcpm.map(|m| format!("{m:.0}")).unwrap_or_else(|| "–".into())}</td>
                    <td>{pct(p.ninety_or_on_course)}</td>
                </tr> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn OnTrackSection(
    f: std::sync::Arc<Figures>,
    names: StoredValue<std::collections::HashMap<PupilId, String>>,
) -> impl IntoView {
    let r = &f.on_track;
    let name = move |id: &PupilId| names.with_value(|n| n.get(id).cloned().unwrap_or_default());
    let not_on_track: Vec<_> = r.not_on_track().cloned().collect();
    let groups = r.keep_up_groups();
    let list = (!not_on_track.is_empty()).then(|| view! {
            <details open=not_on_track.len() <= 30>
                <summary>{format!("Pupils not on track ({})", not_on_track.len())}</summary>
                <table class="rows" data-testid="not-on-track">
                    <thead><tr><th scope="col">"Pupil"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>{not_on_track.iter().map(|p| view! { <tr>
                        <td><a href=format!("/pupils/{}", p.pupil_id)>{name(&p.pupil_id)}</a>{p.disadvantaged.then_some(" (PP)")}</td>
                        <td>{p.reasons().join("; ")}</td>
                    </tr> }).collect_view()}</tbody>
                </table>
            </details>
    });
    view! {
        <section class="card" aria-labelledby="ontrack-heading">
            <h2 id="ontrack-heading">"On track to read by 7"</h2>
            <p class="muted">"Year 2: has met the screening standard, reads at or above the term's line to 90 wpm, at 90% accuracy or better. Year 1: the latest practice mark is at or above the term's step towards the threshold (threshold − 12 in autumn, − 6 in spring, the threshold in summer), or close and climbing fast; a fluency reading, if any, must be on its line too. Reception is not judged."</p>
            <p>{format!("{} of {} judged pupils are on track; {} have too little evidence this term; {} are not judged (Reception).",
                r.on_track.count, r.on_track.of, r.not_enough_evidence, r.not_judged)}</p>
            <h3>"Keep-up groups"</h3>
            {if groups.is_empty() {
                view! { <p>"No keep-up groups this term: no pupils who are off track share a gap."</p> }.into_any()
            } else {
                view! { <ul class="groups" data-testid="lead-groups">
                    {groups.iter().map(|g| view! { <li><strong>{g.label.clone()}</strong>{format!(" ({}): ", g.pupils.len())}{g.pupils.iter().map(&name).collect::<Vec<_>>().join(", ")}</li> }).collect_view()}
                </ul> }.into_any()
            }}
            {not_on_track.is_empty().then(|| view! { <p>"No pupil with enough evidence this term is off track."</p> })}
            {list}
        </section>
    }
}
