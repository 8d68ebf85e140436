//! The postMessage bridge: a page that embeds the simulator in an `<iframe>`
//! loads scenarios into it and hears every result (issue 4, `docs/embedding.md`).
//!
//! Messages in (parent -> iframe):
//! - `{ type: "iamsim:load", scenario }`: `scenario` is a scenario object or
//!   its JSON text. It replaces the page's scenario, as opening a link does.
//!
//! Messages out (iframe -> parent):
//! - `{ type: "iamsim:ready" }` once the bridge listens: send loads after it
//!   (the iframe's `load` event comes before the app runs).
//! - `{ type: "iamsim:result", decision, reason, matchedStatements, missingContextKeys }`
//!   after each evaluation (the fields of the scenario spec's result).
//! - `{ type: "iamsim:failure", errors }` after an edit that cannot be
//!   evaluated (the diagnostics the page shows).
//! - `{ type: "iamsim:error", message }` when a load's scenario is not a
//!   valid scenario; nothing changes in the iframe.
//! - `{ type: "iamsim:exercise", passed, total, done }` after each
//!   evaluation of an exercise (written by the core's
//!   `exercise::Progress::message`).
//!
//! Origin rules: the bridge runs only inside a frame, and only messages from
//! the embedding window itself (`event.source === window.parent`) count, so
//! other frames and pop-ups cannot drive it. With `origin=ORIGIN` in the
//! embed URL's query (`?embed&origin=https://docs.example.com`) only that
//! origin's messages count and replies go only to it; without it any parent
//! may drive the iframe and replies go to any origin (`"*"`): a result only
//! tells what the parent itself loaded or the link already shows. Malformed
//! messages (not an object, another `type`, no scenario) are ignored silently:
//! the reader sees nothing.
//!
//! What the app must call, once, at start-up (as `components/app.rs` does):
//! `on_load` opens the scenario text or says why it cannot, and every
//! outcome of [`crate::evaluation::run`] goes back to the parent.
//!
//! ```ignore
//! if let Some(bridge) = embed_bridge::install(move |text| page.try_open(&text)) {
//!     Effect::new(move |_| outcome.with(|o| bridge.post_outcome(o)));
//! }
//! ```

use iamsim::diagnostic::DiagnosticReport;
use iamsim::exercise::Progress;
use iamsim::json::JsonWriter;
use iamsim::outcome::{write_matched_statement, write_report};
use iamsim::reason::Reason;
use iamsim::trace::MatchedStatement;
use iamsim::Decision;
use leptos::prelude::window_event_listener;
use wasm_bindgen::JsValue;

use crate::evaluation::Outcome;

/// The query parameter that restricts the bridge to one parent origin.
const ORIGIN_PARAM: &str = "origin";

/// The messages the iframe sends.
#[derive(Debug)]
enum Outgoing<'a> {
    Ready,
    Result {
        decision: Decision,
        reason: &'a Reason,
        matched_statements: &'a [MatchedStatement],
        missing_context_keys: &'a [String],
    },
    Failure {
        errors: &'a [DiagnosticReport],
    },
    Error {
        message: String,
    },
    Exercise(Progress),
}

impl Outgoing<'_> {
    fn for_outcome(outcome: &Outcome) -> Outgoing<'_> {
        match &outcome.result {
            Some(r) => Outgoing::Result {
                decision: r.decision,
                reason: &r.reason,
                matched_statements: &r.matched_statements,
                missing_context_keys: &r.missing_context_keys,
            },
            None => Outgoing::Failure {
                errors: &outcome.diagnostics,
            },
        }
    }

    /// The message as JSON, in the shapes and words of the CLI's JSON (the
    /// tests compare them with serde's output of the same values).
    fn json(&self) -> String {
        let mut w = JsonWriter::default();
        w.open('{');
        match self {
            Outgoing::Ready => w.field("type", "iamsim:ready"),
            Outgoing::Result {
                decision,
                reason,
                matched_statements,
                missing_context_keys,
            } => {
                w.field("type", "iamsim:result");
                w.field("decision", decision.as_str());
                w.field("reason", &reason.to_string());
                w.array(
                    "matchedStatements",
                    matched_statements,
                    write_matched_statement,
                );
                w.array("missingContextKeys", missing_context_keys, |w, key| {
                    w.value(key);
                });
            }
            Outgoing::Failure { errors } => {
                w.field("type", "iamsim:failure");
                w.array("errors", errors, write_report);
            }
            Outgoing::Error { message } => {
                w.field("type", "iamsim:error");
                w.field("message", message);
            }
            // The core writes it, in the words docs/embedding.md gives.
            Outgoing::Exercise(progress) => return progress.message(),
        }
        w.close('}');
        w.out
    }
}

/// Sends to the embedding page. Cheap to clone into effects.
#[derive(Debug, Clone)]
pub struct EmbedBridge {
    parent: web_sys::Window,
    /// The `targetOrigin` of every message: the allowed origin, or `"*"`.
    target_origin: String,
}

impl EmbedBridge {
    /// Tells the parent the result of an evaluation (or why there is none).
    pub fn post_outcome(&self, outcome: &Outcome) {
        self.post(&Outgoing::for_outcome(outcome));
    }

    /// Tells the parent how far the learner is in an exercise (after the
    /// evaluation's result).
    pub fn post_exercise(&self, progress: Progress) {
        self.post(&Outgoing::Exercise(progress));
    }

    fn post(&self, message: &Outgoing) {
        if let Ok(value) = js_sys::JSON::parse(&message.json()) {
            // A parent that navigated away makes this fail: nothing to tell anyone.
            let _ = self.parent.post_message(&value, &self.target_origin);
        }
    }
}

/// Starts listening when the page runs inside a frame; `None` otherwise.
/// `on_load` gets the scenario's JSON text and says why it could not use it.
pub fn install(on_load: impl Fn(String) -> Result<(), String> + 'static) -> Option<EmbedBridge> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None;
    }
    let allowed = allowed_origin(&window);
    let bridge = EmbedBridge {
        parent,
        target_origin: allowed.clone().unwrap_or_else(|| "*".to_string()),
    };
    let replies = bridge.clone();
    // Listens for the page's lifetime: the handle is not kept to remove it.
    let _ = window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
        let from_parent = event
            .source()
            .is_some_and(|s| JsValue::from(s) == JsValue::from(&replies.parent));
        let origin_ok = allowed.as_deref().is_none_or(|o| o == event.origin());
        if !(from_parent && origin_ok) {
            return;
        }
        if let Some(text) = loaded_scenario(&event.data()) {
            if let Err(message) = on_load(text) {
                replies.post(&Outgoing::Error { message });
            }
        }
    });
    bridge.post(&Outgoing::Ready);
    Some(bridge)
}

/// The `origin` query parameter of the embed URL, if any.
fn allowed_origin(window: &web_sys::Window) -> Option<String> {
    let search = window.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(ORIGIN_PARAM)
        .filter(|o| !o.is_empty())
}

/// The scenario JSON text of an `iamsim:load` message; `None` for anything else.
fn loaded_scenario(data: &JsValue) -> Option<String> {
    if !data.is_object() {
        return None;
    }
    let kind = js_sys::Reflect::get(data, &JsValue::from_str("type")).ok()?;
    if kind.as_string().as_deref() != Some("iamsim:load") {
        return None;
    }
    let scenario = js_sys::Reflect::get(data, &JsValue::from_str("scenario")).ok()?;
    if let Some(text) = scenario.as_string() {
        return Some(text);
    }
    if !scenario.is_object() {
        return None;
    }
    js_sys::JSON::stringify(&scenario).ok()?.as_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamsim::kinds::{Effect, PolicyType, Severity, StepKind};
    use iamsim::trace::ResolvedRequest;
    use iamsim::EvalResult;

    fn outcome(result: Option<EvalResult>) -> Outcome {
        Outcome {
            result: result.map(std::sync::Arc::new),
            scenario: None,
            diagnostics: vec![],
        }
    }

    #[test]
    fn a_result_message_carries_the_spec_fields_and_no_trace() {
        let result = EvalResult {
            decision: Decision::ExplicitDeny,
            reason: Reason::NoPolicyApplies,
            decided_by: StepKind::DenyEvaluation,
            matched_statements: vec![],
            missing_context_keys: vec!["aws:SourceVpc".into()],
            trace: vec![],
            request: ResolvedRequest {
                principal_kind: iamsim::kinds::RequestPrincipalKind::User,
                principal_account: None,
                resource_account: None,
                cross_account: false,
                derived_context: vec![],
            },
            draft: false,
            errors: Vec::new(),
            switched_off: Vec::new(),
        };
        let message: serde_json::Value =
            serde_json::from_str(&Outgoing::for_outcome(&outcome(Some(result))).json()).unwrap();
        assert_eq!(
            message,
            serde_json::json!({
                "type": "iamsim:result",
                "decision": "explicitDeny",
                "reason": Reason::NoPolicyApplies.to_string(),
                "matchedStatements": [],
                "missingContextKeys": ["aws:SourceVpc"],
            })
        );
    }

    #[test]
    fn an_exercise_sends_its_progress_in_the_core_s_words() {
        let progress = Progress {
            passed: 3,
            total: 5,
            done: false,
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&Outgoing::Exercise(progress).json())
                .unwrap(),
            serde_json::json!({ "type": "iamsim:exercise", "passed": 3, "total": 5, "done": false })
        );
    }

    #[test]
    fn an_unevaluable_scenario_sends_its_errors() {
        let message: serde_json::Value =
            serde_json::from_str(&Outgoing::for_outcome(&outcome(None)).json()).unwrap();
        assert_eq!(
            message,
            serde_json::json!({ "type": "iamsim:failure", "errors": [] })
        );
        assert_eq!(Outgoing::Ready.json(), r#"{"type":"iamsim:ready"}"#);
    }

    /// Every word of the messages is the one serde gives the same values
    /// (the CLI's and the JS API's JSON): every policy type, effect and
    /// severity, with and without the optional fields.
    #[test]
    fn messages_read_as_serde_writes_their_parts() {
        let statements: Vec<MatchedStatement> = PolicyType::ALL
            .iter()
            .enumerate()
            .map(|(i, &policy_type)| MatchedStatement {
                policy_type,
                policy: format!("p\"{i}\n"),
                statement_index: i,
                sid: (i % 2 == 0).then(|| format!("S{i}")),
                effect: if i % 2 == 0 {
                    Effect::Allow
                } else {
                    Effect::Deny
                },
                line: 3,
                column: 4,
                end_line: 9,
            })
            .collect();
        let keys = ["aws:SourceIp".to_owned(), "é\t".to_owned()];
        let message: serde_json::Value = serde_json::from_str(
            &Outgoing::Result {
                decision: Decision::Allowed,
                reason: &Reason::NoPolicyApplies,
                matched_statements: &statements,
                missing_context_keys: &keys,
            }
            .json(),
        )
        .unwrap();
        assert_eq!(
            message,
            serde_json::json!({
                "type": "iamsim:result",
                "decision": "allowed",
                "reason": Reason::NoPolicyApplies.to_string(),
                "matchedStatements": serde_json::to_value(&statements).unwrap(),
                "missingContextKeys": keys,
            })
        );

        let report = |severity, help: Option<&str>| DiagnosticReport {
            id: "invalid-json",
            severity,
            message: "m \\ \u{1}".into(),
            help: help.map(str::to_owned),
            location: "policy".into(),
            line: 1,
            column: 2,
            end_line: 3,
            end_column: 4,
            start: 5,
            end: 6,
        };
        let errors = [
            report(Severity::Error, Some("h")),
            report(Severity::Warning, None),
        ];
        let message: serde_json::Value =
            serde_json::from_str(&Outgoing::Failure { errors: &errors }.json()).unwrap();
        assert_eq!(
            message,
            serde_json::json!({ "type": "iamsim:failure", "errors": serde_json::to_value(&errors).unwrap() })
        );
        let error = Outgoing::Error {
            message: "no \"scenario\"".into(),
        }
        .json();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&error).unwrap(),
            serde_json::json!({ "type": "iamsim:error", "message": "no \"scenario\"" })
        );
    }
}
