use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p class="lead">"There is no page at this address in ReadBy7."</p>
        <p><a class="button" href="/classes">"Go to Classes"</a></p>
    }
}
