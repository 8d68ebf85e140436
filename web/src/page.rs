//! What every part of the page shares ([`Page`], given to components as
//! context by `components::app`): the model, the scenario it makes and its
//! evaluation, the notice, the statement picked in the trace, and the share
//! link's fragment, kept in the URL a moment after the last edit.

use std::time::Duration;

use iamsim::exercise::Progress;
use iamsim::scenario::{exercise_of, ScenarioText};
use iamsim::PolicyType;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::evaluation::{self, Outcome};
use crate::examples;
use crate::mode::PageMode;
use crate::model::Model;
use crate::scenario;
use crate::share;

#[derive(Clone, Copy)]
pub struct Page {
    pub model: Model,
    /// The scenario as typed: the model's fields, typed, never JSON text.
    pub scenario: Memo<ScenarioText>,
    pub outcome: Memo<Outcome>,
    /// Nothing may be edited (`&readonly`).
    pub readonly: bool,
    /// In an exercise embed: the policies the learner edits; nothing else
    /// may be edited (`exercise` in docs/scenario.md).
    pub exercise_lock: Memo<Option<Vec<String>>>,
    /// A problem with what was opened (link, file), shown above everything.
    pub notice: RwSignal<Option<String>>,
    /// The statement the user picked in the trace: (policy, first line, last line).
    pub focus: RwSignal<Option<(String, u32, u32)>>,
    /// The share link's fragment of the scenario, a moment after the last edit.
    pub fragment: ReadSignal<String>,
    /// An exercise's progress, set after each evaluation by the checks'
    /// view, for the embed bridge to tell the host page.
    pub progress: RwSignal<Option<Progress>>,
}

impl Page {
    /// The page's state, opened on `opening`, evaluated on every edit.
    pub fn new(mode: PageMode, opening: Opening) -> Page {
        let notice = RwSignal::new(opening.notice);
        let model = Model::new(opening.scenario);
        let scenario = Memo::new(move |_| model.snapshot());
        let exercise_lock = Memo::new(move |_| {
            let exercise = model
                .meta
                .with(|m| m.exercise.as_deref().and_then(exercise_of));
            exercise
                .filter(|_| mode.embed && !mode.readonly)
                .map(|e| e.editable)
        });
        let outcome = Memo::new_with_compare(
            move |_| evaluation::run(&scenario.get(), Some(browser::now_epoch_seconds())),
            |_, _| true,
        );
        Page {
            model,
            scenario,
            outcome,
            readonly: mode.readonly,
            exercise_lock,
            notice,
            focus: RwSignal::new(None),
            fragment: sync_fragment(scenario),
            progress: RwSignal::new(None),
        }
    }

    /// Whether an exercise embed fixes everything but its editable policies.
    pub fn locked(&self) -> bool {
        self.exercise_lock.with(Option::is_some)
    }

    /// Whether the parts a scenario's load rebuilds (policy panels, levels)
    /// are read-only, as they are built.
    pub fn fixed(&self) -> bool {
        self.readonly || untrack(|| self.locked())
    }

    /// Whether the policy `name`'s document may be edited, as its editor is built.
    pub fn may_edit_policy(&self, name: &str) -> bool {
        !self.readonly
            && self
                .exercise_lock
                .with_untracked(|lock| lock.as_ref().is_none_or(|e| e.iter().any(|n| n == name)))
    }

    /// Opens a scenario text from an import or a link, or says why not.
    pub fn open(&self, text: &str) {
        if let Err(message) = self.try_open(text) {
            self.notice.set(Some(message));
        }
    }

    /// Opens a scenario text; on failure nothing changes.
    pub fn try_open(&self, text: &str) -> Result<(), String> {
        let opened = scenario::open(text).map_err(|e| e.to_string())?;
        self.notice.set(None);
        self.focus.set(None);
        self.model.load(opened);
        Ok(())
    }

    /// Shows statement `index` of `policy` in its editor (a click in the result).
    pub fn focus_statement(&self, policy: String, index: usize) {
        let lines = self
            .outcome
            .with_untracked(|o| o.statement_line(&policy, index));
        self.focus
            .set(lines.map(|(start, end)| (policy, start, end)));
    }

    /// The highlighted lines of one policy's editor: the statements that
    /// decided, and the statement picked in the trace.
    pub fn highlighted_lines(
        self,
        kind: PolicyType,
        name: RwSignal<String>,
    ) -> Signal<Vec<(u32, u32)>> {
        Signal::derive(move || {
            let name = name.get();
            let mut lines = self.outcome.with(|o| o.decisive_lines(kind, &name));
            if let Some((_, start, end)) = self.focus.get().filter(|(policy, _, _)| *policy == name)
            {
                lines.push((start, end));
            }
            lines
        })
    }
}

/// The scenario the page starts with, and what is wrong with the link that
/// should have given it.
pub struct Opening {
    pub scenario: ScenarioText,
    pub notice: Option<String>,
}

impl Opening {
    /// The scenario of the link's `fragment`, else the first example. A
    /// broken link opens an empty scenario and says what is wrong.
    pub async fn from_fragment(fragment: &str) -> Opening {
        let broken = |notice| Opening {
            scenario: ScenarioText::default(),
            notice: Some(notice),
        };
        match share::decode(fragment).await {
            None => Opening {
                scenario: scenario::open(examples::FIRST).unwrap_or_default(),
                notice: None,
            },
            Some(Ok(json)) => match scenario::open(&json) {
                Ok(scenario) => Opening {
                    scenario,
                    notice: None,
                },
                Err(e) => broken(format!("The link's scenario could not be opened: {e}")),
            },
            Some(Err(e)) => broken(format!("The link could not be opened: {e}")),
        }
    }
}

/// Writes the scenario into the fragment a moment after the last edit, with
/// `history.replaceState` (no history entry per keystroke). Returns the
/// latest fragment, for links to the same scenario. Writing and compressing
/// the JSON wait for the pause, so a keystroke costs only the evaluation.
fn sync_fragment(scenario: Memo<ScenarioText>) -> ReadSignal<String> {
    let fragment = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first_run: Option<()>| {
        scenario.track();
        // The opening state is already what the link says (or the link was
        // broken: keep it visible): only the fragment signal gets it, at once.
        let opening = first_run.is_none();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let json = scenario.with_untracked(ScenarioText::to_json);
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
