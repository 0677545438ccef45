//! "Export the school summary" on the Progress page: the counts that would leave, with
//! suppression applied, shown in full before the file is downloaded. Self-contained so it
//! mounts with one line in the lead's view.

use leptos::prelude::*;

use crate::domain::analytics::{Analytics, Options};
use crate::domain::borough::{
    encode_summary, school_summary, summary_file_name, Cell, Measure, Row, SchoolIdentity,
    SchoolSummary, MIN_COUNT,
};
use crate::domain::model::{AcademicYear, CheckSession, Class, Pupil};
use crate::storage::Store;
use crate::ui::data::{load, now, today};
use crate::ui::download::download_text;
use crate::ui::state::use_app;
use crate::ui::widgets::StorageProblem;

/// What Settings lacks for the borough to know who sent the file.
fn missing_identity(school: &SchoolIdentity) -> Vec<&'static str> {
    [
        (school.name.trim().is_empty(), "school name"),
        (school.urn.trim().is_empty(), "URN"),
        (school.la_number.trim().is_empty(), "local authority number"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect()
}

fn cell_view(cell: Option<Cell>) -> AnyView {
    match cell {
        Some(Cell::Count(n)) => view! { <td>{n}</td> }.into_any(),
        _ => view! { <td class="suppressed">"suppressed"</td> }.into_any(),
    }
}

/// Every table of a summary as the reader of the file would see it.
#[component]
pub fn SummaryTables(summary: SchoolSummary) -> impl IntoView {
    summary
        .year_groups
        .iter()
        .map(|y| {
            let heading = format!("{}, {}", y.year_group.label(), summary.academic_year.label());
            let pupils = y.pupils.clone();
            let terms = y.terms.iter().map(|t| {
                let caption = format!("{} · {} term", y.year_group.label(), t.term.label());
                let pupils = pupils.clone();
                let t = t.clone();
                let region = caption.clone();
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                    <table class="summary-table compact">
                        <caption>{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Group"</th>
                                <th scope="col">"Pupils"</th>
                                {Measure::ALL.iter().flat_map(|m| m.column_labels().iter().map(move |l| view! { <th scope="col" title=m.label()>{*l}</th> })).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {Row::ALL.iter().map(|row| {
                                let cells = Measure::ALL.iter().flat_map(|m| {
                                    let table = t.table(*m).clone();
                                    m.columns().iter().map(move |c| cell_view(table.get(*row, c)))
                                }).collect_view();
                                view! {
                                    <tr>
                                        <th scope="row">{row.label()}</th>
                                        {cell_view(pupils.get(*row, "pupils"))}
                                        {cells}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            }).collect_view();
            view! {
                <h3>{heading}</h3>
                {if y.terms.is_empty() { Some(view! { <p>"No term of this year has begun."</p> }) } else { None }}
                {terms}
            }
        })
        .collect_view()
}

/// The export, for the academic year the Progress page shows.
#[component]
pub fn SummaryExport(year: Signal<AcademicYear>) -> impl IntoView {
    let app = use_app();
    let data = load(
        &[Store::Classes, Store::Pupils, Store::Sessions],
        |db| async move {
            let classes = db.all::<Class>().await?;
            let pupils = db.all::<Pupil>().await?;
            let sessions = db.all::<CheckSession>().await?;
            Ok((classes, pupils, sessions))
        },
    );
    let open = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let identity = move || {
        app.settings.with(|s| SchoolIdentity {
            name: s.school_name.trim().to_string(),
            urn: s.urn.trim().to_string(),
            la_number: s.la_number.trim().to_string(),
        })
    };
    let summary = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let settings = app.settings.get();
        let options = Options {
            threshold: settings.screening_threshold,
            term_dates: settings.term_dates,
            ..Options::default()
        };
        data.get().flatten().map(|loaded| {
            loaded.map(|(classes, pupils, sessions)| {
                let a = Analytics::new(&classes, &pupils, &sessions, options);
                school_summary(&a, identity(), year.get(), today(), now())
            })
        })
    });
    let save = move |_| {
        let Some(Ok(s)) = summary.get_untracked() else {
            return;
        };
        let name = summary_file_name(&s, today());
        message.set(Some(
            match download_text(&name, "application/json", &encode_summary(&s)) {
                Ok(()) => format!(
                    "Saved {name}. Send this file to the borough: it holds only the counts above."
                ),
                Err(e) => e,
            },
        ));
    };

    view! {
        <section class="card no-print summary-export" aria-labelledby="summary-export-heading">
            <h2 id="summary-export-heading">"The school summary for the borough"</h2>
            <p>{move || format!(
                "Counts only, for {}: pupils, the screening standard, on track to read by 7 and fluency bands, by group. Any count under {MIN_COUNT}, and any count that would let one be worked out, is suppressed. No name, UPN, date of birth or single pupil's result leaves the school.",
                year.get().label()
            )}</p>
            <p><a class="button secondary" href="/borough">"Open the borough view"</a>" For the local authority: it loads the summaries schools send."</p>
            <Show when=move || !open.get()>
                <button class="secondary" on:click=move |_| { message.set(None); open.set(true); }>"Export the school summary"</button>
            </Show>
            {move || open.get().then(|| {
                let missing = missing_identity(&identity());
                if !missing.is_empty() {
                    return view! {
                        <p class="status status-error" role="alert" data-testid="summary-missing">
                            {format!("Add the {} in ", missing.join(", "))}<a href="/settings">"Settings"</a>" first: the borough needs them to know which school sent the file."
                        </p>
                    }.into_any();
                }
                match summary.get() {
                    None => view! { <p>"Reading the records…"</p> }.into_any(),
                    Some(Err(e)) => view! { <StorageProblem error=e/> }.into_any(),
                    Some(Ok(s)) => {
                        let who = format!("{} · URN {} · LA {}", s.school.name, s.school.urn, s.school.la_number);
                        view! {
                            <div data-testid="summary-preview">
                                <p><strong>"Exactly what will leave: "</strong>{who}</p>
                                <SummaryTables summary=s/>
                                <div class="row-actions">
                                    <button on:click=save>"Download the summary file"</button>
                                    <button class="secondary" on:click=move |_| open.set(false)>"Close"</button>
                                </div>
                                {move || message.get().map(|m| view! { <p role="status" data-testid="summary-message">{m}</p> })}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </section>
    }
}
