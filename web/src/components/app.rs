//! The page: the model and its evaluation, the share-link sync, and the
//! layout (full page, or the compact embed view).

use std::time::Duration;

use iamsim::PolicyType;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::header::Header;
use super::intro::Intro;
use super::policies::Policies;
use super::request_form::RequestForm;
use super::result::ResultView;
use crate::browser;
use crate::embed_bridge;
use crate::evaluation::{self, Outcome};
use crate::examples::EXAMPLES;
use crate::mode::PageMode;
use crate::model::Model;
use crate::share;
use crate::state::ScenarioState;

/// What every part of the page shares.
#[derive(Clone, Copy)]
pub struct Page {
    pub model: Model,
    pub state: Memo<ScenarioState>,
    pub outcome: Memo<Outcome>,
    pub readonly: bool,
    /// A problem with what was opened (link, file), shown above everything.
    pub notice: RwSignal<Option<String>>,
    /// The statement the user picked in the trace: (policy, first line, last line).
    pub focus: RwSignal<Option<(String, u32, u32)>>,
    /// The share link's fragment of the scenario, a moment after the last edit.
    pub fragment: ReadSignal<String>,
}

impl Page {
    /// Opens a scenario text from an import or a link, or says why not.
    pub fn open(&self, text: &str) {
        if let Err(message) = self.try_open(text) {
            self.notice.set(Some(message));
        }
    }

    /// Opens a scenario text; on failure nothing changes.
    pub fn try_open(&self, text: &str) -> Result<(), String> {
        let state = ScenarioState::from_json(text).map_err(|e| e.to_string())?;
        self.notice.set(None);
        self.focus.set(None);
        self.model.load(state);
        Ok(())
    }
}

/// The scenario the page starts with: the link's, else the first example.
/// A broken link opens an empty scenario and says what is wrong.
fn initial_state(notice: RwSignal<Option<String>>) -> ScenarioState {
    let fallback = || {
        EXAMPLES
            .first()
            .and_then(|e| ScenarioState::from_json(e.json).ok())
            .unwrap_or_default()
    };
    match share::decode(&browser::location_hash()) {
        None => fallback(),
        Some(Ok(json)) => ScenarioState::from_json(&json).unwrap_or_else(|e| {
            notice.set(Some(format!(
                "The link's scenario could not be opened: {e}"
            )));
            ScenarioState::default()
        }),
        Some(Err(e)) => {
            notice.set(Some(format!("The link could not be opened: {e}")));
            ScenarioState::default()
        }
    }
}

/// Writes the scenario into the fragment a moment after the last edit, with
/// `history.replaceState` (no history entry per keystroke). Returns the
/// latest fragment, for links to the same scenario. Compressing waits for the
/// pause, so a keystroke costs only the evaluation.
fn sync_fragment(state: Memo<ScenarioState>) -> ReadSignal<String> {
    let fragment = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first_run: Option<()>| {
        state.track();
        // The opening state is already what the link says (or the link was
        // broken: keep it visible): only the fragment signal gets it, at once.
        let opening = first_run.is_none();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let json = state.with_untracked(ScenarioState::to_json);
                spawn_local(async move {
                    let encoded = share::encode(&json).await;
                    if !opening {
                        browser::replace_fragment(&encoded);
                    }
                    fragment.set(encoded);
                });
            },
            Duration::from_millis(if opening { 0 } else { 250 }),
        );
        pending.set_value(handle.ok());
    });
    fragment.read_only()
}

#[component]
pub fn App() -> impl IntoView {
    let mode = PageMode::from_query(&browser::location_search());
    let notice = RwSignal::new(None);
    let model = Model::new(initial_state(notice));
    let state = Memo::new(move |_| model.snapshot());
    let outcome = Memo::new_with_compare(
        move |_| evaluation::run(&state.get(), Some(browser::now_epoch_seconds())),
        |_, _| true,
    );
    let fragment = sync_fragment(state);
    let page = Page {
        model,
        state,
        outcome,
        readonly: mode.readonly,
        notice,
        focus: RwSignal::new(None),
        fragment,
    };
    provide_context(page);
    // A share link pasted into the address bar of an open page.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(decoded) = share::decode(&browser::location_hash()) {
            match decoded {
                Ok(json) => page.open(&json),
                Err(e) => notice.set(Some(format!("The link could not be opened: {e}"))),
            }
        }
    });
    on_cleanup(move || listener.remove());
    // Inside an iframe: the embedding page may load scenarios and hears every result.
    if let Some(bridge) = embed_bridge::install(move |text| page.try_open(&text)) {
        Effect::new(move |_| outcome.with(|o| bridge.post_outcome(o)));
    }

    let result = Signal::derive(move || outcome.with(|o| o.result.clone()));
    let errors = Signal::derive(move || outcome.with(|o| o.diagnostics.clone()));
    let on_statement = Callback::new(move |(policy, index): (String, usize)| {
        let lines = outcome.with_untracked(|o| o.statement_line(&policy, index));
        page.focus
            .set(lines.map(|(start, end)| (policy, start, end)));
    });
    let on_add_context_key = Callback::new(move |key: String| model.add_context_key(key));
    let full_link = move || browser::full_page_link(&fragment.get());

    view! {
        <div class="app" class:embed=mode.embed>
            {(!mode.embed).then(|| view! { <Header/> })}
            {move || notice.get().map(|message| view! {
                <p class="notice" role="alert" data-testid="notice">{message}</p>
            })}
            <main class="workspace">
                <div class="inputs">
                    <Intro/>
                    <RequestForm/>
                    <Policies/>
                </div>
                <section class="result-pane" aria-label="Result">
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

/// The highlighted lines of one policy's editor: the statements that decided,
/// and the statement picked in the trace.
pub fn highlighted_lines(
    page: Page,
    kind: PolicyType,
    name: RwSignal<String>,
) -> Signal<Vec<(u32, u32)>> {
    Signal::derive(move || {
        let name = name.get();
        let mut lines = page.outcome.with(|o| o.decisive_lines(kind, &name));
        if let Some((_, start, end)) = page.focus.get().filter(|(policy, _, _)| *policy == name) {
            lines.push((start, end));
        }
        lines
    })
}
