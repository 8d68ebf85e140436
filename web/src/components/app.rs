//! The page's layout (full page, or the compact embed view) around the
//! shared [`Page`], which it makes and gives to every component as context;
//! a share link pasted into the address bar, and the embed bridge.

use leptos::prelude::*;
use leptos::task::{spawn_local, spawn_local_scoped};

use super::header::Header;
use super::intro::Intro;
use super::policies::Policies;
use super::request_form::RequestForm;
use super::requests_table::RequestsTable;
use super::result::ResultView;
use crate::browser;
use crate::embed_bridge;
use crate::mode::PageMode;
use crate::page::{Opening, Page};
use crate::share;

#[component]
pub fn App(
    /// The scenario to open (the share link's, read before the page is built).
    opening: Opening,
) -> impl IntoView {
    let mode = PageMode::from_query(&browser::location_search());
    let page = Page::new(mode, opening);
    provide_context(page);
    let (model, outcome, notice, fragment) = (page.model, page.outcome, page.notice, page.fragment);
    // A share link pasted into the address bar of an open page.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        spawn_local(async move {
            match share::decode(&browser::location_hash()).await {
                None => {}
                Some(Ok(json)) => page.open(&json),
                Some(Err(e)) => notice.set(Some(format!("The link could not be opened: {e}"))),
            }
        });
    });
    on_cleanup(move || listener.remove());
    // Inside an iframe: the embedding page may load scenarios and hears every
    // result, and an exercise's progress (the bridge's code loads only there,
    // after the first paint).
    if browser::in_frame() {
        spawn_local_scoped(async move { start_embed_bridge(page).await });
    }

    let result = Signal::derive(move || outcome.with(|o| o.result.clone()));
    let errors = Signal::derive(move || outcome.with(|o| o.diagnostics.clone()));
    let on_statement =
        Callback::new(move |(policy, index): (String, usize)| page.focus_statement(policy, index));
    let on_add_context_key = Callback::new(move |key: String| model.add_context_key(key));
    let full_link = move || browser::full_page_link(&fragment.get());
    let has_checks = Memo::new(move |_| {
        model
            .meta
            .with(|m| m.requests.is_some() || m.exercise.is_some())
    });
    view! {
        <div class="app" class:embed=mode.embed>
            {(!mode.embed).then(|| Suspend::new(async move { header().await }))}
            {move || notice.get().map(|message| view! {
                <p class="notice" role="alert" data-testid="notice">{message}</p>
            })}
            <main class="workspace">
                <div class="inputs">
                    {Suspend::new(async { intro().await })}
                    <RequestForm/>
                    <Policies/>
                </div>
                <section class="result-pane" aria-label="Result">
                    // An exercise's goal and the requests, atop the result.
                    {move || has_checks.get().then(|| Suspend::new(async { requests_table().await }))}
                    <ResultView result errors on_statement on_add_context_key/>
                </section>
            </main>
            {mode.embed.then(|| view! {
                <p class="embed-footer">
                    <a href=full_link target="_blank" rel="noopener">"Open in full simulator ↗"</a>
                </p>
            })}
        </div>
    }
}

/// The toolbar (examples, share, export, import, embed) is not needed for
/// the first decision: it loads after the first paint.
#[leptos::lazy]
fn header() -> AnyView {
    view! { <Header/> }.into_any()
}

/// The scenario's title, description and AWS pages: read after the decision.
#[leptos::lazy]
fn intro() -> AnyView {
    view! { <Intro/> }.into_any()
}

#[leptos::lazy]
fn start_embed_bridge(page: Page) {
    if let Some(bridge) = embed_bridge::install(move |text| page.try_open(&text)) {
        let results = bridge.clone();
        Effect::new(move |_| page.outcome.with(|o| results.post_outcome(o)));
        // An exercise's progress, after each evaluation's result.
        Effect::new(move |_| {
            if let Some(progress) = page.progress.get() {
                bridge.post_exercise(progress);
            }
        });
    }
}

/// The requests table (and an exercise's goal), for scenarios that have
/// them: loaded after the first paint.
#[leptos::lazy]
fn requests_table() -> AnyView {
    view! { <RequestsTable/> }.into_any()
}
