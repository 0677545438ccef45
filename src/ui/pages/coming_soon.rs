//! Pages whose features arrive in later releases. Each says plainly what is coming and
//! offers nothing that pretends to work.

use leptos::prelude::*;

#[component]
fn ComingSoon(
    title: &'static str,
    intro: &'static str,
    coming: &'static [&'static str],
) -> impl IntoView {
    view! {
        <h1>{title}</h1>
        <p class="lead">{intro}</p>
        <section class="card" aria-labelledby="coming-heading">
            <h2 id="coming-heading"><span class="badge">"Not available yet"</span></h2>
            <p>"This part of ReadBy7 is still being built. When it is ready you will be able to:"</p>
            <ul>{coming.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}</ul>
        </section>
    }
}

#[component]
pub fn ProgressPage() -> impl IntoView {
    view! {
        <ComingSoon
            title="Progress"
            intro="For reading leads: who is on track to read by 7, and where the gap is."
            coming=&[
                "screening marks and fluency for a class, a year group or the school",
                "the gap between disadvantaged pupils and the rest",
                "the sounds a class misses most, and what to teach next",
            ]
        />
    }
}
