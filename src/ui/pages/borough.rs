//! `/borough`: the local authority's view across schools, from the summary files schools send
//! (or the demo borough). Everything is worked out in `domain::borough`; this page holds the
//! loaded summaries and the choices on screen, nothing else. Nothing here is stored.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::borough::summary::SUMMARY_YEAR_GROUPS;
use crate::domain::borough::{
    borough_csv, borough_figures, borough_trend, decode_summary, demo_borough, gap_label,
    gap_narrowed_most, percent_label, same_school, sort_schools, BoroughFigures, Period, Pooled,
    SchoolSummary, SortColumn, NATIONAL, SUMMARY_FORMAT,
};
use crate::domain::dates::format_iso;
use crate::domain::fluency::Term;
use crate::domain::model::{AcademicYear, YearGroup};
use crate::ui::data::today;
use crate::ui::download::{download_text, read_text};

/// "76% (3 schools)" or "suppressed (2 schools' figures suppressed)".
fn pooled_label(p: &Pooled) -> String {
    let mut out = percent_label(p.share());
    if let Some(s) = p.share() {
        out.push_str(&format!(" · {} of {} pupils", s.count, s.of));
    }
    if p.suppressed > 0 {
        out.push_str(&format!(
            " · {} school{} suppressed, left out",
            p.suppressed,
            if p.suppressed == 1 { "" } else { "s" }
        ));
    }
    out
}

fn borough_gap(f: &BoroughFigures) -> String {
    match f.gap {
        Some(g) => format!(
            "{} · from {} school{}",
            g.describe(),
            f.gap_schools,
            if f.gap_schools == 1 { "" } else { "s" }
        ),
        None => "suppressed".into(),
    }
}

/// Adds summaries, a newer file for the same school and year replacing the older.
fn add_summaries(list: &mut Vec<SchoolSummary>, incoming: Vec<SchoolSummary>) -> usize {
    let mut replaced = 0;
    for s in incoming {
        if let Some(old) = list
            .iter_mut()
            .find(|o| same_school(&o.school, &s.school) && o.academic_year == s.academic_year)
        {
            *old = s;
            replaced += 1;
        } else {
            list.push(s);
        }
    }
    replaced
}

#[component]
pub fn BoroughPage() -> impl IntoView {
    let summaries = RwSignal::new(Vec::<SchoolSummary>::new());
    let demo = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(None::<String>);
    let year = RwSignal::new(None::<AcademicYear>);
    let term = RwSignal::new(None::<Term>);
    let year_group = RwSignal::new(YearGroup::Year1);
    let sort = RwSignal::new((SortColumn::Name, false));

    let years = Memo::new(move |_| {
        let mut y: Vec<AcademicYear> =
            summaries.with(|l| l.iter().map(|s| s.academic_year).collect());
        y.sort();
        y.dedup();
        y
    });
    let chosen_year = move || year.get().or_else(|| years.get().last().copied());
    // The latest term any summary of the year holds, unless one is chosen.
    let chosen_term = move || {
        term.get().or_else(|| {
            let y = chosen_year()?;
            summaries.with(|l| {
                l.iter()
                    .filter(|s| s.academic_year == y)
                    .flat_map(|s| {
                        s.year_groups
                            .iter()
                            .flat_map(|g| g.terms.iter().map(|t| t.term))
                    })
                    .max_by_key(|t| Term::ALL.iter().position(|x| x == t))
            })
        })
    };
    let period = move || {
        Some(Period {
            year: chosen_year()?,
            term: chosen_term()?,
            year_group: year_group.get(),
        })
    };

    let choose_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        leptos::task::spawn_local(async move {
            let mut read = Vec::new();
            let mut bad = Vec::new();
            for file in files {
                match read_text(&file).await {
                    Ok(text) => match decode_summary(&text) {
                        Ok(s) => read.push(s),
                        Err(e) => bad.push(format!("{}: {e}. It was not loaded.", file.name())),
                    },
                    Err(e) => bad.push(e),
                }
            }
            let added = read.len();
            if demo.get_untracked() {
                summaries.set(Vec::new());
                demo.set(false);
            }
            let mut replaced = 0;
            summaries.update(|l| replaced = add_summaries(l, read));
            problems.set(bad);
            status.set((added > 0).then(|| {
                format!(
                    "Loaded {added} summar{}{}. {} school summar{} in the view.",
                    if added == 1 { "y" } else { "ies" },
                    if replaced > 0 {
                        format!(
                            " ({replaced} replaced an earlier file for the same school and year)"
                        )
                    } else {
                        String::new()
                    },
                    summaries.with_untracked(Vec::len),
                    if summaries.with_untracked(Vec::len) == 1 {
                        "y"
                    } else {
                        "ies"
                    },
                )
            }));
        });
    };

    let load_demo = move |_| {
        status.set(Some("Making the demo borough…".into()));
        // Let the message paint before the work (about a second) starts.
        leptos::task::spawn_local(async move {
            let _ =
                wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
                    if let Some(w) = web_sys::window() {
                        let _ =
                            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30);
                    }
                }))
                .await;
            summaries.set(demo_borough());
            demo.set(true);
            year.set(None);
            term.set(None);
            problems.set(Vec::new());
            status.set(Some(format!(
                "Demo borough: {} fictional schools.",
                summaries.with_untracked(Vec::len)
            )));
        });
    };

    let clear = move |_| {
        summaries.set(Vec::new());
        demo.set(false);
        problems.set(Vec::new());
        status.set(None);
        year.set(None);
        term.set(None);
    };

    let figures = Memo::new(move |_| {
        let p = period()?;
        Some(summaries.with(|l| borough_figures(l, p)))
    });

    let download_csv = move |_| {
        let (Some(f), Some(p)) = (figures.get_untracked(), period()) else {
            return;
        };
        let mut rows = f.schools.clone();
        let (column, descending) = sort.get_untracked();
        sort_schools(&mut rows, column, descending);
        let name = format!(
            "readby7-borough-{}-{}-{}-{}.csv",
            p.year.0,
            p.term.label().to_lowercase(),
            p.year_group.label().to_lowercase().replace(' ', ""),
            format_iso(today())
        );
        status.set(Some(
            match download_text(&name, "text/csv", &borough_csv(&f, &rows)) {
                Ok(()) => format!("Saved {name}."),
                Err(e) => e,
            },
        ));
    };

    view! {
        <div class="borough-view">
        <h1>"Borough view"</h1>
        <p class="lead no-print">{format!("Every child a reader by 7, across schools. Load the summary files schools export from their Progress page ({SUMMARY_FORMAT}-….json): counts only, with small numbers suppressed. Nothing you load here is stored or sent anywhere.")}</p>
        <div class="card no-print borough-load">
            <div class="field">
                <label for="borough-files">"School summary files"</label>
                <input id="borough-files" type="file" accept=".json,application/json" multiple on:change=choose_files/>
            </div>
            <div class="row-actions">
                <button class="secondary" on:click=load_demo data-testid="demo-borough">"Show the demo borough (40 fictional schools)"</button>
                <Show when=move || !summaries.with(Vec::is_empty)>
                    <button class="secondary" on:click=clear>"Clear the view"</button>
                </Show>
            </div>
            {move || status.get().map(|s| view! { <p class="status status-ok" role="status" data-testid="borough-status">{s}</p> })}
            {move || { let p = problems.get(); (!p.is_empty()).then(|| view! {
                <div class="status status-error" role="alert" data-testid="borough-problems">
                    <ul>{p.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }) }}
        </div>
        {move || demo.get().then(|| view! {
            <div class="banner banner-demo" role="status" data-testid="demo-borough-banner"><p><strong>"Demo borough."</strong>" Forty made-up schools, generated from a fixed seed; no real school or pupil."</p></div>
        })}
        {move || if summaries.with(Vec::is_empty) {
            view! { <p data-testid="borough-empty">"No summaries loaded yet."</p> }.into_any()
        } else {
            view! {
                <div class="lead-controls no-print">
                    <div class="field">
                        <label for="borough-year">"Academic year"</label>
                        <select id="borough-year" on:change=move |ev| { year.set(event_target_value(&ev).parse().ok().map(AcademicYear)); term.set(None); }>
                            {move || years.get().into_iter().rev().map(|y| view! { <option value=y.0.to_string() selected=chosen_year() == Some(y)>{y.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="borough-term">"Term"</label>
                        <select id="borough-term" on:change=move |ev| term.set(Term::ALL.into_iter().find(|t| t.label() == event_target_value(&ev)))>
                            {move || Term::ALL.into_iter().map(|t| view! { <option value=t.label() selected=chosen_term() == Some(t)>{t.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="borough-year-group">"Year group"</label>
                        <select id="borough-year-group" on:change=move |ev| { if let Some(y) = SUMMARY_YEAR_GROUPS.into_iter().find(|y| y.label() == event_target_value(&ev)) { year_group.set(y); } }>
                            {SUMMARY_YEAR_GROUPS.into_iter().map(|y| view! { <option value=y.label() selected=move || year_group.get() == y>{y.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button class="secondary" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"Print report"</button>
                    <button class="secondary" on:click=download_csv>"Download CSV"</button>
                </div>
                {move || figures.get().map(|f| view! {
                    <p class="print-caption"><strong>{format!("{} · {} schools", f.period.label(), f.schools.len())}</strong>" · counts under 5, and counts that would reveal one, are suppressed by each school before sending."</p>
                    <Headline f=f.clone()/>
                    <National/>
                    <SchoolTable f=f.clone() sort=sort/>
                    <TrendTable summaries=summaries period=f.period/>
                    <Narrowed summaries=summaries period=f.period/>
                })}
            }.into_any()
        }}
        </div>
    }
}

/// One headline figure: the number large, what it is beside it.
fn figure(testid: &'static str, number: String, what: String) -> impl IntoView {
    let class = if testid == "borough-gap" {
        "figure gap"
    } else {
        "figure"
    };
    view! {
        <div class=class data-testid=testid>
            <span class="number">{number}</span>
            <span class="what">{what}</span>
        </div>
    }
}

#[component]
fn Headline(f: BoroughFigures) -> impl IntoView {
    let year2 = f.period.year_group == YearGroup::Year2;
    view! {
        <section class="headline" aria-label="Borough figures">
            {figure("borough-met", percent_label(f.met.share()), format!("{} the screening standard · {}", if year2 { "met (Year 2, retakes included)" } else { "met" }, pooled_label(&f.met)))}
            {figure("borough-disadvantaged", percent_label(f.disadvantaged_met.share()), format!("of disadvantaged pupils met it · {}", pooled_label(&f.disadvantaged_met)))}
            {figure("borough-gap", gap_label(f.gap), format!("disadvantaged gap · {}", borough_gap(&f)))}
            {figure("borough-on-track", percent_label(f.on_track.share()), format!("on track to read by 7 · {}", pooled_label(&f.on_track)))}
            {figure("borough-pupils", f.pupils.label(), "pupils in the year group (suppressed if any school's count is)".to_string())}
        </section>
    }
}

#[component]
fn National() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="national-heading">
            <h2 id="national-heading">"National reference figures"</h2>
            <table class="compact" data-testid="national">
                <thead><tr><th scope="col">"Figure"</th><th scope="col">"Value"</th><th scope="col">"Source"</th></tr></thead>
                <tbody>
                    {NATIONAL.iter().map(|n| view! { <tr><td>{n.label}</td><td>{n.value_label()}</td><td>{n.source}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn SchoolTable(f: BoroughFigures, sort: RwSignal<(SortColumn, bool)>) -> impl IntoView {
    let schools = f.schools.clone();
    let rows = move || {
        let mut rows = schools.clone();
        let (column, descending) = sort.get();
        sort_schools(&mut rows, column, descending);
        rows
    };
    let header = move |column: SortColumn| {
        let state = move || match sort.get() {
            (c, false) if c == column => "ascending",
            (c, true) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button class="sort" on:click=move |_| sort.update(|s| *s = if s.0 == column { (column, !s.1) } else { (column, column != SortColumn::Name) })>
                    {column.label()}
                    <span aria-hidden="true">{move || match state() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    view! {
        <section class="card" aria-labelledby="schools-heading">
            <h2 id="schools-heading">"Schools"</h2>
            <p class="muted no-print">"Sorted by name: this is not a league table. Press a column heading to sort by it; press again to reverse."</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="schools-heading">
            <table class="compact borough-schools" data-testid="borough-schools">
                <thead><tr>{SortColumn::ALL.into_iter().map(header).collect_view()}</tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|s| {
                        let cell = |text: String| {
                            let suppressed = text == "suppressed";
                            view! { <td class:suppressed=suppressed>{text}</td> }
                        };
                        view! {
                            <tr>
                                <th scope="row">{s.school.name.clone()}<span class="urn">{format!(" URN {}", s.school.urn)}</span></th>
                                {cell(s.pupils.label())}
                                {cell(percent_label(s.met))}
                                {cell(percent_label(s.disadvantaged_met))}
                                {cell(gap_label(s.gap))}
                                {cell(percent_label(s.on_track))}
                                {cell(percent_label(s.independent))}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[component]
fn TrendTable(summaries: RwSignal<Vec<SchoolSummary>>, period: Period) -> impl IntoView {
    let points = summaries.with_untracked(|l| borough_trend(l, period.year, period.year_group));
    view! {
        <section class="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{format!("Trend across {}, {}", period.year.label(), period.year_group.label())}</h2>
            <table class="compact" data-testid="borough-trend">
                <thead><tr><th scope="col">"Term"</th><th scope="col">"Met the standard"</th><th scope="col">"Disadvantaged gap"</th><th scope="col">"On track by 7"</th><th scope="col">"Schools"</th></tr></thead>
                <tbody>
                    {points.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.period.term.label()}</th>
                            <td>{percent_label(p.met.share())}</td>
                            <td>{gap_label(p.gap)}</td>
                            <td>{percent_label(p.on_track.share())}</td>
                            <td>{p.schools.len()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Narrowed(summaries: RwSignal<Vec<SchoolSummary>>, period: Period) -> impl IntoView {
    let list = summaries.with_untracked(|l| gap_narrowed_most(l, period, 5));
    let before = period.previous();
    view! {
        <section class="card" aria-labelledby="narrowed-heading">
            <h2 id="narrowed-heading">"Schools to learn from: the gap narrowed most"</h2>
            <p class="muted">{format!("Disadvantaged gap in meeting the standard, {} against {}; schools whose groups are big enough to show both.", period.label(), Term::label(before.term))}</p>
            {if list.is_empty() {
                view! { <p data-testid="narrowed-none">"No school's gap can be compared with the period before (it needs both periods' summaries, with neither gap suppressed)."</p> }.into_any()
            } else {
                view! {
                    <ol data-testid="narrowed">
                        {list.into_iter().map(|n| view! {
                            <li>{format!("{}: {:.0} → {:.0} points (narrowed by {:.0})", n.school.name, n.before, n.now, n.narrowed_by())}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
