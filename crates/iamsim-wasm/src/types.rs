//! The TypeScript declarations of the API's values, appended to the
//! `iamsim.d.ts` that wasm-bindgen writes. They mirror the serde shapes of
//! `iamsim::trace`, `iamsim::diagnostic` and [`crate::outcome`]; the node test
//! type-checks every corpus scenario and its real result against them, so a
//! field added, renamed or removed in Rust fails that test.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = DECLARATIONS;

// Read by the custom section above (in a way dead-code analysis does not
// see) and by the test below.
#[allow(dead_code)]
const DECLARATIONS: &str = r#"
/** A scenario (`docs/scenario.md`): one authorization question. */
export interface Scenario {
  title?: string;
  description?: string;
  docs?: DocRef[];
  request: ScenarioRequest;
  identityPolicies?: IdentityPolicy[];
  resourcePolicy?: NamedPolicy;
  permissionsBoundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
  serviceControlPolicies?: PolicyLevel[];
  resourceControlPolicies?: PolicyLevel[];
  vpcEndpointPolicy?: NamedPolicy;
  expect?: Expectation;
  /** More requests against the same policies: an exercise's checks. */
  requests?: RequestEntry[];
  /** Policies and statements left out of evaluation (what-if). */
  switchedOff?: SwitchedOffEntry[];
  /** A lesson's exercise: the checks are what the learner must make pass. */
  exercise?: ExerciseInput;
}

/** `exercise` as written in a scenario. */
export interface ExerciseInput {
  goal: string;
  /** The policies the learner edits; every other policy, the request and the checks are read-only. */
  editable: { policy: string }[];
}

/** An exercise as `runChecks` reads it. */
export interface Exercise {
  goal: string;
  /** The names of the policies the learner edits. */
  editable: string[];
}

/** An entry of `requests`: the scenario's request with the fields it gives. */
export interface RequestEntry {
  name?: string;
  principal?: string;
  action?: string;
  resource?: string;
  resourceAccount?: string;
  /** Replaces the scenario's context whole. */
  context?: Record<string, ContextInput>;
  expect?: Expectation;
}

/** A policy (`{ policy }`) or one statement (by `statementIndex` or `sid`) switched off. */
export interface SwitchedOffEntry {
  policy: string;
  statementIndex?: number;
  sid?: string;
}

export interface DocRef {
  page: string;
  heading?: string;
}

/** The request: who asks to do what on which resource. */
export interface ScenarioRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  /** Condition keys (case-insensitive) and their values. */
  context?: Record<string, ContextInput>;
}

export type ContextInput = string | number | boolean | Array<string | number | boolean>;

export interface NamedPolicy {
  name: string;
  /** The policy as an object, or its text exactly as pasted (positions point into it). */
  document: object | string;
}

export interface IdentityPolicy extends NamedPolicy {
  attachedTo?: "user" | "group" | "role";
  managed?: boolean;
}

export interface PolicyLevel {
  name: string;
  policies: NamedPolicy[];
}

export interface Expectation {
  decision: Decision;
  matchedStatements?: Array<{ policy: string; statementIndex: number }>;
}

export type Decision = "allowed" | "explicitDeny" | "implicitDeny";
export type Effect = "Allow" | "Deny";
export type PolicyType =
  | "identity" | "resource" | "permissionsBoundary" | "session" | "scp" | "rcp" | "vpcEndpoint";
/** The kinds `check` accepts. */
export type PolicyKind = PolicyType;
export type StepKind =
  | "awsRules" | "denyEvaluation" | "resourceControlPolicies" | "serviceControlPolicies" | "vpcEndpointPolicy"
  | "resourcePolicy" | "identityPolicies" | "permissionsBoundary" | "sessionPolicy";
export type StepOutcome = "explicitDeny" | "implicitDeny" | "allow" | "continue" | "notApplicable";
export type ContextValue = string | string[];

/** `evaluate`'s answer: the result contract of the CLI's `--format json`. */
export interface EvalResult {
  type: "result";
  decision: Decision;
  /** One sentence: which step decided and why. */
  reason: string;
  decidedBy: StepKind;
  matchedStatements: MatchedStatement[];
  missingContextKeys: string[];
  trace: Step[];
  request: ResolvedRequest;
  /** Problems in the scenario that did not stop the evaluation. */
  warnings: Diagnostic[];
  /** Only in a draft with errors: the decision is how the policies read, not AWS's answer. */
  draft?: true;
  /** Only in a draft: the errors for which AWS would refuse the policies. */
  errors?: Diagnostic[];
  /** Only in a what-if: the policies and statements switched off. */
  switchedOff?: SwitchedOff[];
}

export interface SwitchedOff {
  policyType: PolicyType;
  policy: string;
  statementIndex?: number;
  sid?: string;
}

/** `runChecks`'s answer: one entry per check, and how many passed. */
export interface Checks {
  type: "checks";
  passed: number;
  failed: number;
  /** Checks that expect nothing: shown, not counted as failures. */
  unchecked: number;
  /** Every check that expects a decision passes, and there is one: an exercise is complete. */
  done: boolean;
  /** Only when the scenario is an exercise. */
  exercise?: Exercise;
  checks: CheckResult[];
}

export interface CheckResult {
  /** `request` for the scenario's own request, else the entry's name (or `requests[N]`). */
  name: string;
  expected?: Decision;
  /** `null` when nothing is expected. */
  passed: boolean | null;
  /** How the result differs from the expectation, one sentence each. */
  mismatches?: string[];
  result: Omit<EvalResult, "type" | "warnings">;
}

/** `suggest`'s answer. Each suggestion was applied to a copy and evaluated. */
export interface Suggestions {
  type: "suggestions";
  /** The entry of `requests` they are for (its name); absent: the scenario's own request. */
  request?: string;
  /** The decision as the scenario stands. */
  decision: Decision;
  /** The decision the request's check expects and does not get: every suggestion gives it. */
  expected?: Decision;
  /** Smallest first; empty when no edit can flip it (e.g. an AWS managed policy). */
  suggestions: Suggestion[];
}

export interface Suggestion {
  kind:
    | "setContext" | "narrowDeny" | "removeDeny" | "addAllow" | "namePrincipal" | "addPolicy"
    | "combined" | "narrowAllow" | "removeAllow";
  /** One sentence: what to change and why it flips the decision. */
  summary: string;
  /** The statement it changes or rests on. */
  statement?: PolicyTarget & { statementIndex: number };
  /** Apply them all, in order: set the context key, replace the policy's document, or add the policy. */
  changes: Change[];
  /** The decision once applied. */
  decision: Decision;
}

export interface PolicyTarget {
  policyType: PolicyType;
  /** SCPs and RCPs: the organization level. */
  level?: string;
  policy: string;
}

export type Change =
  | { change: "setContext"; key: string; values: string[] }
  /** The context of entry `request` (from 0) of `requests`: its own, or the scenario's it took, with the key set. */
  | { change: "setEntryContext"; request: number; key: string; values: string[] }
  | ({ change: "replaceDocument"; document: string } & PolicyTarget)
  | { change: "addPolicy"; policyType: PolicyType; name: string; document: string };

/** `compare`'s answer: the requests whose decision changes from the old version to the new. */
export interface Comparison {
  type: "comparison";
  /** How many requests were evaluated under each version. */
  compared: number;
  /** Only when the grid held more than 50,000 requests: only the first were compared. */
  truncated?: true;
  newlyAllowed: DecisionChange[];
  newlyDenied: DecisionChange[];
}

export interface DecisionChange {
  action: string;
  resource: string;
  before: Decision;
  after: Decision;
}

/** `suggest`'s options. */
export interface SuggestOptions {
  /** An entry of `requests`, by name or index (from 0); absent: the scenario's own request. */
  request?: string | number;
}

/** `evaluate`'s options. */
export interface EvaluateOptions {
  /** Evaluate policies AWS would refuse to save, the way they read (docs/scenario.md, "Drafts"). */
  draft?: boolean;
}

export interface MatchedStatement {
  policyType: PolicyType;
  policy: string;
  statementIndex: number;
  sid?: string;
  effect: Effect;
  line: number;
  column: number;
  endLine: number;
}

export interface ResolvedRequest {
  principalKind:
    | "user" | "role" | "assumedRole" | "root" | "federatedUser" | "service" | "identityProvider" | "anonymous";
  principalAccount: string | null;
  resourceAccount: string | null;
  crossAccount: boolean;
  /** Context keys filled in from the request, as [key, value] pairs. */
  derivedContext: Array<[string, ContextValue]>;
}

export interface Step {
  step: StepKind;
  outcome: StepOutcome;
  summary: string;
  policies: PolicyTrace[];
}

export interface PolicyTrace {
  policyType: PolicyType;
  policy: string;
  /** The organization level, for SCPs and RCPs. */
  level?: string;
  matched: boolean;
  statements: StatementTrace[];
}

export interface StatementTrace {
  statementIndex: number;
  sid?: string;
  effect: Effect;
  line: number;
  column: number;
  endLine: number;
  matched: boolean;
  /** Why the statement was not evaluated: in a draft, it has no plain meaning; in a what-if, it is switched off. */
  skipped?: string;
  action?: ElementTrace;
  resource?: ElementTrace;
  principal?: ElementTrace;
  conditions: ConditionTrace[];
}

export interface ElementTrace {
  element: string;
  matched: boolean;
  value: string;
  patterns: PatternTrace[];
  note?: string;
}

export interface PatternTrace {
  pattern: string;
  resolved?: string;
  matched: boolean;
  line: number;
  column: number;
}

export interface ConditionTrace {
  operator: string;
  key: string;
  matched: boolean;
  requestValues: string[] | null;
  policyValues: ValueTrace[];
  note?: string;
  line: number;
  column: number;
}

export interface ValueTrace {
  value: string;
  resolved?: string;
  matched: boolean;
}

/** A problem, with its position resolved: lines and columns 1-based, `start`/`end` byte offsets. */
export interface Diagnostic {
  /** Stable kebab-case id, e.g. `duplicate-key`. */
  id: string;
  severity: "error" | "warning" | "security-warning" | "suggestion";
  message: string;
  help?: string;
  /** The policy's name, or "scenario" for a problem in the scenario itself. */
  location: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

/** `check`'s answer: `valid` is false when any diagnostic is an error. */
export interface CheckReport {
  type: "check";
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** Bad input: every error found. Never thrown. */
export interface Failure {
  type: "failure";
  errors: Diagnostic[];
}
"#;

#[cfg(test)]
mod tests {
    use super::DECLARATIONS;
    use iamsim::kinds::{
        Attachment, Decision, Effect, PolicyType, RequestPrincipalKind, Severity, StepKind,
        StepOutcome,
    };

    fn declared(word: &str) -> bool {
        DECLARATIONS.contains(&format!("\"{word}\""))
    }

    #[test]
    fn every_enum_word_of_the_result_is_declared() {
        let kinds = [
            Attachment::WORDS,
            Decision::WORDS,
            Effect::WORDS,
            Severity::WORDS,
            PolicyType::WORDS,
            StepKind::WORDS,
            StepOutcome::WORDS,
            RequestPrincipalKind::WORDS,
        ];
        let missing: Vec<&str> = kinds
            .into_iter()
            .flatten()
            .copied()
            .filter(|w| !declared(w))
            .collect();
        assert!(
            missing.is_empty(),
            "not in the TypeScript declarations: {missing:?}"
        );
    }
}
