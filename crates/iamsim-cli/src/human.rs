//! The terminal explanation of a result, for a learner: the decision first,
//! the one-sentence reason, then AWS's evaluation steps with the statements
//! that matched and, for those that did not, the element that failed.
//!
//! Colours are always written; the output stream strips them when it is not
//! a terminal, under NO_COLOR, and for `--format plain`.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use iamsim::kinds::{Effect, StepKind, StepOutcome};
use iamsim::scenario::PolicyLevel;
use iamsim::trace::{
    ConditionTrace, ElementTrace, PatternTrace, PolicyTrace, StatementTrace, Step,
};
use iamsim::{Decision, EvalResult, Scenario};

/// Statements that did not apply shown per policy before the rest are counted.
const MAX_UNMATCHED_SHOWN: usize = 5;
/// Patterns or values listed before the rest are counted.
const MAX_LISTED: usize = 5;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

pub struct Options {
    /// Every statement and condition, not only those that decided or failed.
    pub verbose: bool,
}

/// Renders one result. `heading` names the scenario when a file holds several.
pub fn render(
    scenario: &Scenario,
    result: &EvalResult,
    heading: Option<&str>,
    options: &Options,
) -> String {
    let mut out = Out {
        text: String::new(),
        options,
    };
    if let Some(heading) = heading {
        out.line(0, &paint(BOLD, heading));
    }
    out.decision(scenario, result);
    out.steps(scenario, &result.trace);
    out.missing_keys(&result.missing_context_keys);
    out.expectation(scenario, result);
    out.text
}

struct Out<'a> {
    text: String,
    options: &'a Options,
}

fn paint(style: Style, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("{style}{text}{style:#}")
}

/// Whether an element or a condition matched.
fn tick(matched: bool) -> String {
    if matched {
        paint(GREEN, "✓")
    } else {
        paint(RED, "✗")
    }
}

/// Whether a statement (or a policy) applies, coloured by what that does to
/// the request: a Deny that applies is red, an Allow green, one that does
/// not apply is quiet (the failing element below it says why).
fn applies(applies: bool, effect: Effect) -> String {
    match (applies, effect) {
        (true, Effect::Allow) => paint(GREEN, "✓"),
        (true, Effect::Deny) => paint(RED, "✓"),
        (false, _) => paint(DIM, "✗"),
    }
}

/// A policy or statement of `switchedOff`, as the what-if line names it.
fn switched_off(off: &iamsim::scenario::SwitchedOff) -> String {
    let policy = iamsim::reason::PolicyRef {
        policy_type: off.policy_type,
        name: off.policy.clone(),
    };
    match (off.statement_index, &off.sid) {
        (Some(i), Some(sid)) => format!("statement {} (`{sid}`) of {policy}", i + 1),
        (Some(i), None) => format!("statement {} of {policy}", i + 1),
        _ => policy.to_string(),
    }
}

impl Out<'_> {
    /// A line of text starting at column `indent`.
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.text, "{:indent$}{text}", "");
    }

    fn decision(&mut self, scenario: &Scenario, result: &EvalResult) {
        let (style, word) = match result.decision {
            Decision::Allowed => (GREEN.bold(), "ALLOWED"),
            Decision::ExplicitDeny => (RED.bold(), "DENIED (explicit deny)"),
            Decision::ImplicitDeny => (YELLOW.bold(), "DENIED (implicit deny)"),
        };
        let title = scenario
            .title
            .as_deref()
            .map(|t| format!(" · {t}"))
            .unwrap_or_default();
        self.line(0, &format!("{}{}", paint(style, word), paint(BOLD, &title)));
        if result.draft {
            let errors = result.errors.len();
            self.line(
                2,
                &paint(
                    YELLOW.bold(),
                    &format!(
                        "DRAFT: AWS would refuse these policies ({errors} error{}); this is how they read, not AWS's answer",
                        if errors == 1 { "" } else { "s" }
                    ),
                ),
            );
        }
        self.line(2, &result.reason.to_string());
        let request = &scenario.request;
        self.line(
            2,
            &paint(
                DIM,
                &format!(
                    "request: {} calls {} on {}",
                    request.principal.text, request.action, request.resource
                ),
            ),
        );
        if result.request.cross_account {
            let account = |a: &Option<String>| a.clone().unwrap_or_else(|| "?".to_owned());
            self.line(
                2,
                &paint(
                    DIM,
                    &format!(
                        "cross-account: the principal is in {}, the resource in {}",
                        account(&result.request.principal_account),
                        account(&result.request.resource_account)
                    ),
                ),
            );
        }
        if !result.switched_off.is_empty() {
            let off: Vec<String> = result.switched_off.iter().map(switched_off).collect();
            self.line(
                2,
                &paint(
                    YELLOW,
                    &format!("what-if: switched off, not as attached: {}", off.join("; ")),
                ),
            );
        }
        self.line(0, "");
    }

    fn steps(&mut self, scenario: &Scenario, steps: &[Step]) {
        if steps.is_empty() {
            return;
        }
        self.line(0, &paint(BOLD, "How AWS evaluated it, step by step:"));
        for (number, step) in steps.iter().enumerate() {
            let (style, outcome) = outcome_word(step.outcome);
            let title = format!("{}. {}", number + 1, step.step.title());
            if step.outcome == StepOutcome::NotApplicable {
                // Skipped steps stay on one quiet line.
                self.line(
                    2,
                    &paint(DIM, &format!("{title} {outcome}: {}", step.summary)),
                );
                continue;
            }
            self.line(
                2,
                &format!("{} {}", paint(BOLD, &title), paint(style, outcome)),
            );
            self.line(5, &step.summary.to_string());
            let effect = if step.step == StepKind::DenyEvaluation {
                Effect::Deny
            } else {
                Effect::Allow
            };
            for policy in &step.policies {
                self.policy(scenario, policy, effect);
            }
        }
        self.line(0, "");
    }

    /// `effect`: the effect of the statements the step looks at (Deny in the
    /// deny step, Allow in the others).
    fn policy(&mut self, scenario: &Scenario, policy: &PolicyTrace, effect: Effect) {
        let verbose = self.options.verbose;
        if !verbose && policy.statements.is_empty() {
            return;
        }
        let level = policy
            .level
            .as_deref()
            .map(|l| format!(" (level {l})"))
            .unwrap_or_default();
        self.line(
            5,
            &format!(
                "{} {}{}",
                applies(policy.matched, effect),
                paint(CYAN, &policy.policy),
                paint(DIM, &level)
            ),
        );
        if policy.statements.is_empty() {
            self.line(7, &paint(DIM, "no statement with this effect"));
        }
        let file = source_name(scenario, policy);
        let (applies, rest): (Vec<&StatementTrace>, Vec<&StatementTrace>) = policy
            .statements
            .iter()
            .map(AsRef::as_ref)
            .partition(|s| s.matched);
        let shown = if verbose {
            rest.len()
        } else {
            MAX_UNMATCHED_SHOWN
        };
        for statement in applies.iter().chain(rest.iter().take(shown)) {
            self.statement(file, statement);
        }
        if let Some(more) = rest.len().checked_sub(shown).filter(|n| *n > 0) {
            self.line(
                7,
                &paint(
                    DIM,
                    &format!(
                        "… and {more} more statements that do not apply (--verbose lists them)"
                    ),
                ),
            );
        }
    }

    fn statement(&mut self, file: &str, statement: &StatementTrace) {
        let sid = statement
            .sid
            .as_deref()
            .map(|s| format!(" `{s}`"))
            .unwrap_or_default();
        let effect = statement.effect.as_str();
        let verdict = if statement.skipped.is_some() {
            "skipped"
        } else if statement.matched {
            "applies"
        } else {
            "does not apply"
        };
        self.line(
            7,
            &format!(
                "{} statement {}{sid} ({effect}) {verdict}  {}",
                applies(statement.matched, statement.effect),
                // Counted from 1, as the page and the reasons count them.
                statement.statement_index + 1,
                paint(
                    DIM,
                    &format!("{file}:{}:{}", statement.line, statement.column)
                ),
            ),
        );
        if let Some(why) = &statement.skipped {
            self.line(11, &paint(DIM, why));
        }
        // A statement that applies shows everything that made it apply; one
        // that does not, only what failed (all of it with --verbose).
        let all = statement.matched || self.options.verbose;
        for element in [&statement.action, &statement.resource, &statement.principal]
            .into_iter()
            .flatten()
        {
            if all || !element.matched {
                self.element(element);
            }
        }
        for condition in &statement.conditions {
            if all || !condition.matched {
                self.condition(condition);
            }
        }
    }

    fn element(&mut self, element: &ElementTrace) {
        let negated = element.element.starts_with("Not");
        // For `Not*` the interesting patterns are those that matched the request.
        let hits: Vec<&PatternTrace> = element.patterns.iter().filter(|p| p.matched).collect();
        let value = paint(BOLD, &format!("`{}`", element.value));
        let text = match (negated, element.matched) {
            (false, true) => format!("{value} matches {}", list(hits.iter().copied())),
            (false, false) => format!("{value} matches none of {}", list(element.patterns.iter())),
            (true, true) => format!("{value} is not among {}", list(element.patterns.iter())),
            (true, false) => format!("{value} is excluded by {}", list(hits.iter().copied())),
        };
        self.line(
            9,
            &format!("{} {}: {text}", tick(element.matched), element.element),
        );
        if let Some(note) = &element.note {
            self.line(11, &paint(DIM, note));
        }
    }

    /// `Condition IpAddress aws:SourceIp: request `10.1.2.3`, policy `10.0.0.0/8``:
    /// neutral wording, as negated operators turn "matches" around.
    fn condition(&mut self, condition: &ConditionTrace) {
        let request = match &condition.request_values {
            Some(values) => list_values(values.iter().map(|v| quoted(v, None))),
            None => "(none)".to_owned(),
        };
        let policy = list_values(
            condition
                .policy_values
                .iter()
                .map(|v| quoted(&v.value, v.resolved.as_deref())),
        );
        self.line(
            9,
            &format!(
                "{} Condition {} {}: request {request}, policy {policy}",
                tick(condition.matched),
                paint(BOLD, &condition.operator),
                paint(BOLD, &condition.key),
            ),
        );
        if let Some(note) = &condition.note {
            self.line(11, &paint(DIM, note));
        }
    }

    fn missing_keys(&mut self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        self.line(0,
            &format!(
                "{} {} {}",
                paint(YELLOW.bold(), "Missing context keys:"),
                keys.join(", "),
                paint(DIM, "(conditions asked for them; supply them in the scenario's context or with --context KEY=VALUE)")
            ),
        );
    }

    fn expectation(&mut self, scenario: &Scenario, result: &EvalResult) {
        let Some(expect) = &scenario.expect else {
            return;
        };
        let expected = expect.decision.as_str();
        if expect.decision == result.decision {
            self.line(0, &format!("{} expected `{expected}`", tick(true)));
        } else {
            self.line(
                0,
                &format!(
                    "{} expected `{expected}`, got `{}`",
                    tick(false),
                    result.decision.as_str()
                ),
            );
        }
    }
}

/// The name of the text a policy's lines count in: the scenario file for a
/// document written as JSON in it, the policy itself for one given as text
/// (its own file, with the CLI's policy flags).
fn source_name<'s>(scenario: &'s Scenario, trace: &'s PolicyTrace) -> &'s str {
    let levels = |levels: &'s [PolicyLevel]| levels.iter().flat_map(|l| l.policies.iter());
    let single = [
        &scenario.resource_policy,
        &scenario.permissions_boundary,
        &scenario.session_policy,
        &scenario.vpc_endpoint_policy,
    ];
    let source = scenario
        .identity_policies
        .iter()
        .chain(single.into_iter().flatten())
        .chain(levels(&scenario.service_control_policies))
        .chain(levels(&scenario.resource_control_policies))
        .find(|p| p.kind == trace.policy_type && p.name == trace.policy)
        .map_or(0, |p| p.source);
    scenario
        .sources
        .get(source)
        .map_or(trace.policy.as_str(), |s| &s.name)
}

fn outcome_word(outcome: StepOutcome) -> (Style, &'static str) {
    match outcome {
        StepOutcome::ExplicitDeny => (RED.bold(), "→ explicit deny"),
        StepOutcome::ImplicitDeny => (YELLOW.bold(), "→ implicit deny"),
        StepOutcome::Allow => (GREEN.bold(), "→ allow"),
        StepOutcome::Continue => (Style::new(), "→ continue"),
        StepOutcome::NotApplicable => (DIM, "→ does not apply"),
    }
}

/// A value in backticks, with what the policy variables in it resolved to.
fn quoted(value: &str, resolved: Option<&str>) -> String {
    match resolved {
        Some(resolved) => format!("`{value}` (= `{resolved}`)"),
        None => format!("`{value}`"),
    }
}

/// The first [`MAX_LISTED`] items, then how many more there are.
fn first_few(items: impl ExactSizeIterator<Item = String>) -> Vec<String> {
    let total = items.len();
    let mut shown: Vec<String> = items.take(MAX_LISTED).collect();
    if total > MAX_LISTED {
        shown.push(format!("… {} more", total - MAX_LISTED));
    }
    shown
}

/// An element's patterns: `a`, `b`.
fn list<'a>(patterns: impl ExactSizeIterator<Item = &'a PatternTrace>) -> String {
    let items = first_few(patterns.map(|p| quoted(&p.pattern, p.resolved.as_deref())));
    if items.is_empty() {
        "nothing".to_owned()
    } else {
        items.join(", ")
    }
}

/// A condition's values: `a`, or [`a`, `b`] for several.
fn list_values(values: impl ExactSizeIterator<Item = String>) -> String {
    let items = first_few(values);
    match items.as_slice() {
        [] => "no values".to_owned(),
        [one] => one.clone(),
        _ => format!("[{}]", items.join(", ")),
    }
}
