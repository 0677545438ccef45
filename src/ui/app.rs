use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;

use super::entry::ColdLink;
use super::icons::{Icon, NavIcon};
use super::lock::LockGate;
use super::pages::{
    ChecksPage, ClassPage, ClassesPage, FluencyPage, FluencyStartPage, HomePracticePage,
    ImportPage, LeadPage, NewPupilPage, NotFound, PracticeModePage, PrintPassagePage,
    ProgressCheckPage, ProgressStartPage, PupilPage, PupilReportPage, RecordsPage, ResultsPage,
    ScreeningPage, SettingsPage,
};
use super::pwa::{self, UpdateState};
use super::state::{AppState, DbState};

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    app.start();
    super::sync::start(app);

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            // Locked, the gate shows its lock screen instead of all of this (header and banners too).
            <LockGate>
            <SchoolChrome/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=|| view! { <Redirect path="/classes"/> }/>
                    <Route path=path!("/classes") view=ClassesPage/>
                    <Route path=path!("/classes/:id") view=ClassPage/>
                    <Route path=path!("/classes/:id/new-pupil") view=NewPupilPage/>
                    <Route path=path!("/pupils/:id") view=PupilPage/>
                    <Route path=path!("/import") view=ImportPage/>
                    <Route path=path!("/check") view=ChecksPage/>
                    <Route path=path!("/check/screening/:id") view=ScreeningPage/>
                    <Route path=path!("/check/fluency/new") view=FluencyStartPage/>
                    <Route path=path!("/check/fluency/:id") view=FluencyPage/>
                    <Route path=path!("/check/progress/new") view=ProgressStartPage/>
                    <Route path=path!("/check/progress/:id") view=ProgressCheckPage/>
                    <Route path=path!("/print/passage/:id") view=PrintPassagePage/>
                    <Route path=path!("/results/:id") view=ResultsPage/>
                    <Route path=path!("/progress") view=LeadPage/>
                    <Route path=path!("/borough") view=super::pages::borough::BoroughPage/>
                    <Route path=path!("/practice") view=PracticeModePage/>
                    <Route path=path!("/home-practice") view=HomePracticePage/>
                    <Route path=path!("/records") view=RecordsPage/>
                    <Route path=path!("/report/:id") view=PupilReportPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    // Cold links (`/report/?id=…`, see domain::entry) followed inside the app.
                    <Route path=path!("/pupils") view=ColdLink/>
                    <Route path=path!("/results") view=ColdLink/>
                    <Route path=path!("/report") view=ColdLink/>
                    <Route path=path!("/print/passage") view=ColdLink/>
                </Routes>
            </main>
            </LockGate>
        </Router>
    }
}

/// The header, navigation and banners of the school app. Practice mode (a parent's phone)
/// gets none of them: it must offer no way into school data. Nor does a print copy opened in
/// its own tab (the child's copy of a passage): it is a page to print, not a place to navigate.
#[component]
fn SchoolChrome() -> impl IntoView {
    let location = use_location();
    let bare = move || {
        let path = location.pathname.get();
        path.starts_with("/practice") || path.starts_with("/print/")
    };
    view! {
        <Show when=move || !bare()>
            <header class="app-header">
                <a class="brand" href="/">
                    <img src="/icons/icon-192.png" alt="" width="36" height="36"/>
                    <span>"ReadBy7"</span>
                </a>
                <super::sync::SyncStatusLink/>
                <Nav/>
            </header>
            <Banners/>
        </Show>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let items = [
        ("/classes", "Classes", Icon::Classes),
        ("/check", "Run a check", Icon::Check),
        ("/progress", "Progress", Icon::Progress),
        ("/home-practice", "Home practice", Icon::Practice),
        ("/records", "Records", Icon::Records),
        ("/settings", "Settings", Icon::Settings),
    ];
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                {items
                    .into_iter()
                    .map(|(href, label, icon)| {
                        view! {
                            <li>
                                <A href=href>
                                    <NavIcon icon=icon/>
                                    <span>{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Non-modal messages above the page: a check in progress is never interrupted by a dialog.
#[component]
fn Banners() -> impl IntoView {
    let app = super::state::use_app();
    let update = move || {
        match app.update.get() {
        UpdateState::Current => None,
        UpdateState::Ready => Some(view! {
            <div class="banner banner-info" role="status">
                <p>"A new version of ReadBy7 is ready. Everything you have saved stays."</p>
                <button on:click=|_| pwa::apply_update()>"Reload to update"</button>
            </div>
        }.into_any()),
        UpdateState::ActivatedElsewhere => Some(view! {
            <div class="banner banner-info" role="status">
                <p>"ReadBy7 was updated in another tab. Reload this page when you are ready."</p>
                <button on:click=|_| pwa::reload()>"Reload"</button>
            </div>
        }.into_any()),
    }
    };
    let storage = move || match app.db.get() {
        DbState::Failed(e) => Some(view! {
            <div class="banner banner-error" role="alert">
                <p>{e.to_string()}</p>
                <button class="secondary" on:click=|_| pwa::reload()>"Try again"</button>
            </div>
        }),
        _ => None,
    };
    let settings = move || {
        app.settings_problem.get().map(|problem| view! {
            <div class="banner banner-error" role="alert">
                <p>{format!("Your saved settings could not be read, so the defaults are in use: {problem}")}</p>
            </div>
        })
    };
    let demo = move || {
        app.demo.get().then(|| view! {
            <div class="banner banner-demo" role="status" data-testid="demo-banner">
                <p><strong>"Demo school."</strong>" Every pupil and result here is made up, in a separate database. Your real data is untouched."</p>
                <button on:click=move |_| app.switch_to(false)>"Leave demo mode"</button>
            </div>
        })
    };
    view! { {demo} {update} {storage} {settings} }
}
