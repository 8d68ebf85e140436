//! Laws of AWS's evaluation logic, checked on generated scenarios
//! (reference_policies_evaluation-logic.md): whatever the policies say, an
//! added Deny never grants, an added identity Allow never takes away, an
//! explicit deny is exactly a matching Deny, and the order of statements and
//! policies, the split of a policy, the case of an action and (without
//! variables) the policy language version never change the decision.
//!
//! The scenarios come from `model`, over a small alphabet so that patterns,
//! principals and conditions match often. Each law runs `CASES` cases from
//! a fixed seed, and counts how many of them actually exercised it (a law
//! whose premise never held would prove nothing). The same generator writes
//! scenarios for the native-versus-wasm comparison (`tests/node/laws.test.mjs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod model;

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use iamsim::trace::EvalResult;
use iamsim::{evaluate, load_scenario, Decision, EvalOptions};
use model::{scen, stmt, Kind, Pol, Scen, Stmt, ACTIONS, CROSS_ACCOUNT};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per law: thousands, in about two seconds of CPU each (test profile).
const CASES: u32 = 2000;

fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    // A fixed seed: the same cases on every run and every machine.
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]))
}

const NOW: EvalOptions = EvalOptions {
    now_epoch_seconds: Some(1_780_000_000),
};

fn eval(s: &Scen) -> EvalResult {
    let text = s.to_json().to_string();
    match load_scenario(&text, "generated.json") {
        Ok(scenario) => evaluate(&scenario, &NOW),
        Err(e) => panic!(
            "the generator wrote a scenario that does not load: {:?}\n{text}",
            e.reports()
        ),
    }
}

/// Runs a law over `CASES` scenarios; `law` returns whether its premise held
/// (the case exercised it). At least `min_share` of the cases must have.
fn check<T: std::fmt::Debug>(
    name: &str,
    strategy: impl Strategy<Value = T>,
    min_share: f64,
    law: impl Fn(T) -> Result<bool, TestCaseError>,
) {
    check_cases(name, CASES, strategy, min_share, law);
}

/// [`check`] over `cases` scenarios, for a law that costs many evaluations a case.
fn check_cases<T: std::fmt::Debug>(
    name: &str,
    cases: u32,
    strategy: impl Strategy<Value = T>,
    min_share: f64,
    law: impl Fn(T) -> Result<bool, TestCaseError>,
) {
    let exercised = AtomicUsize::new(0);
    let result = runner(cases).run(&strategy, |input| {
        if law(input)? {
            exercised.fetch_add(1, Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let exercised = exercised.into_inner();
    // Shrinking reruns cases: count at least the cases asked for.
    let share = exercised as f64 / f64::from(cases);
    println!("{name}: {cases} cases, {exercised} exercised the law");
    assert!(
        share >= min_share,
        "{name}: only {exercised} of {cases} cases exercised the law"
    );
}

/// Where a statement goes: the policy (an index into `Scen::policies_mut`
/// order, modulo their number) and the position in it.
fn insert(
    s: &mut Scen,
    policy: usize,
    at: usize,
    statement: impl Fn(Kind) -> Stmt,
) -> Option<Kind> {
    let mut policies = s.policies_mut();
    let n = policies.len();
    let (kind, p) = policies.get_mut(policy % n.max(1))?;
    let st = statement(*kind);
    p.stmts.insert(at % (p.stmts.len() + 1), st);
    Some(*kind)
}

/// A statement for a policy of `kind`: `raw` drawn for a resource-based
/// policy (with a principal), its principal dropped elsewhere.
fn fitted(raw: &Stmt, kind: Kind) -> Stmt {
    Stmt {
        principal: if kind == Kind::Resource {
            raw.principal
        } else {
            0
        },
        ..raw.clone()
    }
}

#[test]
fn adding_a_deny_never_grants_nor_lifts_an_explicit_deny() {
    let strategy = (scen(), stmt(Kind::Resource), any::<usize>(), any::<usize>());
    check("deny anywhere", strategy, 0.5, |(s, raw, policy, at)| {
        let before = eval(&s).decision;
        let mut after = s.clone();
        let deny = Stmt { deny: true, ..raw };
        if insert(&mut after, policy, at, |kind| fitted(&deny, kind)).is_none() {
            return Ok(false);
        }
        let now = eval(&after).decision;
        if before != Decision::Allowed {
            prop_assert_ne!(now, Decision::Allowed, "a Deny granted access");
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(
                now,
                Decision::ExplicitDeny,
                "a Deny lifted an explicit deny"
            );
        }
        Ok(true)
    });
}

#[test]
fn adding_an_identity_allow_never_denies_nor_lifts_an_explicit_deny() {
    let strategy = (scen(), stmt(Kind::Identity), any::<usize>(), any::<usize>());
    check("identity allow", strategy, 0.9, |(s, raw, policy, at)| {
        let before = eval(&s).decision;
        let mut after = s.clone();
        let allow = Stmt { deny: false, ..raw };
        if after.identity.is_empty() {
            after.identity.push(Pol {
                name: "identity0".into(),
                v2008: false,
                stmts: vec![],
            });
        }
        let n = after.identity.len();
        let target = &mut after.identity[policy % n];
        target.stmts.insert(at % (target.stmts.len() + 1), allow);
        let now = eval(&after).decision;
        match before {
            Decision::Allowed => prop_assert_eq!(now, Decision::Allowed, "an Allow denied"),
            Decision::ExplicitDeny => {
                prop_assert_eq!(now, Decision::ExplicitDeny, "an Allow lifted a deny")
            }
            Decision::ImplicitDeny => {}
        }
        Ok(true)
    });
}

/// An Allow of exactly the action `ACTIONS[action]` (through the pattern
/// of the alphabet that names it) on every resource, under `conditions`.
fn grant_action(action: usize, conditions: &[usize]) -> Stmt {
    Stmt {
        deny: false,
        not_action: false,
        actions: vec![[3, 4, 9, 6][action]],
        not_resource: false,
        resources: vec![0],
        principal: 0,
        conditions: conditions.to_vec(),
    }
}

fn allow_all(name: &str) -> Pol {
    let everything = Stmt {
        deny: false,
        not_action: false,
        actions: vec![0],
        not_resource: false,
        resources: vec![0],
        principal: 0,
        conditions: vec![],
    };
    Pol {
        name: name.into(),
        v2008: false,
        stmts: vec![everything],
    }
}

#[test]
fn replacing_a_boundary_session_policy_or_scp_level_by_allow_all_keeps_an_allow() {
    // Every scenario gets the three kinds of policy, each with a statement
    // that allows the request's action (under up to one condition) among its
    // own, and an identity policy that allows everything; the Deny
    // statements of all of them still apply.
    let grant = || proptest::collection::vec(0..model::CONDITIONS.len(), 0..=1);
    let strategy = (
        scen(),
        model::pol(Kind::Boundary, "boundary".into()),
        model::pol(Kind::Session, "session".into()),
        model::pol(Kind::Scp, "scp0-0".into()),
        [grant(), grant(), grant()],
        any::<usize>(),
    )
        .prop_map(|(mut s, boundary, session, scp, grants, level)| {
            s.principal %= CROSS_ACCOUNT;
            s.identity.push(allow_all("identity-all"));
            let boundary = s.boundary.get_or_insert(boundary);
            boundary.stmts.push(grant_action(s.action, &grants[0]));
            if s.principal == model::SESSION {
                let session = s.session.get_or_insert(session);
                session.stmts.push(grant_action(s.action, &grants[1]));
            }
            if s.scps.is_empty() {
                s.scps.push(vec![scp]);
            }
            for level in &mut s.scps {
                level[0].stmts.push(grant_action(s.action, &grants[2]));
            }
            (s, level)
        });
    check("allow-all replacement", strategy, 0.25, |(s, level)| {
        // Same account, granted by an identity-based policy.
        let identity_granted = s.identity.iter().any(|p| {
            p.stmts
                .iter()
                .any(|st| !st.deny && model::statement_matches(&s, Kind::Identity, p, st))
        });
        if s.principal == CROSS_ACCOUNT
            || !identity_granted
            || eval(&s).decision != Decision::Allowed
        {
            return Ok(false);
        }
        let mut replaced = Vec::new();
        if s.boundary.is_some() {
            let mut t = s.clone();
            t.boundary = Some(allow_all("boundary"));
            replaced.push(("boundary", t));
        }
        if s.session.is_some() {
            let mut t = s.clone();
            t.session = Some(allow_all("session"));
            replaced.push(("session policy", t));
        }
        if !s.scps.is_empty() {
            let mut t = s.clone();
            let n = t.scps.len();
            t.scps[level % n] = vec![allow_all(&format!("scp{}-0", level % n))];
            replaced.push(("SCP level", t));
        }
        for (what, t) in &replaced {
            prop_assert_eq!(
                eval(t).decision,
                Decision::Allowed,
                "allowed until the {} became Allow *",
                what
            );
        }
        Ok(!replaced.is_empty())
    });
}

#[test]
fn an_explicit_deny_is_exactly_a_matching_deny_and_decisive_statements_match() {
    check("explicit deny iff a Deny matches", scen(), 0.99, |s| {
        let result = eval(&s);
        let expected = model::some_deny_matches(&s);
        prop_assert_eq!(
            result.decision == Decision::ExplicitDeny,
            expected,
            "{}",
            result.reason
        );
        let policies = s.policies();
        for m in &result.matched_statements {
            let (kind, p) = policies
                .iter()
                .find(|(_, p)| p.name == m.policy)
                .unwrap_or_else(|| panic!("the result names an unknown policy {}", m.policy));
            let st = &p.stmts[m.statement_index];
            prop_assert!(
                model::statement_matches(&s, *kind, p, st),
                "{} statement {} decided but does not match",
                m.policy,
                m.statement_index
            );
            prop_assert_eq!(st.deny, result.decision == Decision::ExplicitDeny);
        }
        Ok(true)
    });
}

/// xorshift: the shuffles of a case are fixed by one drawn number.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn reordering_statements_and_policies_never_changes_the_decision() {
    check(
        "reordering",
        (scen(), 1..u64::MAX),
        0.99,
        |(s, mut seed)| {
            let before = eval(&s);
            let mut t = s.clone();
            for (_, p) in t.policies_mut() {
                shuffle(&mut p.stmts, &mut seed);
            }
            shuffle(&mut t.identity, &mut seed);
            for level in t.scps.iter_mut().chain(t.rcps.iter_mut()) {
                shuffle(level, &mut seed);
            }
            let after = eval(&t);
            prop_assert_eq!(before.decision, after.decision);
            prop_assert_eq!(before.decided_by, after.decided_by);
            Ok(true)
        },
    );
}

#[test]
fn splitting_a_policy_in_two_never_changes_the_decision() {
    check(
        "splitting",
        (scen(), any::<usize>(), any::<usize>()),
        0.3,
        |(s, which, at)| {
            let before = eval(&s).decision;
            // An identity policy, or an SCP, splits into two of the same kind.
            let mut t = s.clone();
            let identity = t.identity.len();
            let scps: usize = t.scps.iter().map(Vec::len).sum();
            if identity + scps == 0 {
                return Ok(false);
            }
            let pick = which % (identity + scps);
            let (list, index) = if pick < identity {
                (&mut t.identity, pick)
            } else {
                let mut rest = pick - identity;
                let level = t
                    .scps
                    .iter()
                    .position(|l| {
                        if rest < l.len() {
                            true
                        } else {
                            rest -= l.len();
                            false
                        }
                    })
                    .unwrap();
                (&mut t.scps[level], rest)
            };
            let p = &mut list[index];
            if p.stmts.len() < 2 {
                return Ok(false);
            }
            let tail = p.stmts.split_off(1 + at % (p.stmts.len() - 1));
            let second = Pol {
                name: format!("{}-split", p.name),
                v2008: p.v2008,
                stmts: tail,
            };
            list.insert(index + 1, second);
            prop_assert_eq!(before, eval(&t).decision);
            Ok(true)
        },
    );
}

#[test]
fn the_case_of_the_action_never_changes_the_result() {
    check("action case", (scen(), any::<u64>()), 0.99, |(s, bits)| {
        let before = eval(&s);
        let mut t = s.clone();
        t.action_text = ACTIONS[s.action]
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if bits >> (i % 64) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let after = eval(&t);
        prop_assert_eq!(
            before.decision,
            after.decision,
            "{} vs {}",
            ACTIONS[s.action],
            t.action_text
        );
        prop_assert_eq!(before.matched_statements, after.matched_statements);
        Ok(true)
    });
}

#[test]
fn without_variables_2008_10_17_decides_as_2012_10_17() {
    check("version without ${", scen(), 0.5, |s| {
        let before = eval(&s);
        let mut t = s.clone();
        let mut changed = false;
        for (_, p) in t.policies_mut() {
            if !p.v2008 && !has_variables(p) {
                p.v2008 = true;
                changed = true;
            }
        }
        let after = eval(&t);
        prop_assert_eq!(before.decision, after.decision);
        prop_assert_eq!(before.matched_statements, after.matched_statements);
        Ok(changed)
    });
}

/// Whether a policy holds `${` (only resource patterns can).
fn has_variables(p: &Pol) -> bool {
    p.stmts
        .iter()
        .flat_map(|st| &st.resources)
        .any(|&r| model::RESOURCE_PATTERNS[r].contains("${"))
}

/// Writes generated scenarios for `tests/node/laws.test.mjs`, which runs
/// them through the JavaScript API (wasm) and the native CLI and compares.
#[test]
fn writes_scenarios_for_the_wasm_comparison() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let mut runner = runner(CASES);
    let strategy = scen();
    let scenarios: Vec<serde_json::Value> = (0..CASES)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current().to_json())
        .collect();
    // target/tmp/law-scenarios.json, where the Node test looks for it.
    let path = dir.join("law-scenarios.json");
    std::fs::write(&path, serde_json::to_string(&scenarios).unwrap()).unwrap();
}

/// Issue #12, the smallest change that flips a decision: every suggestion
/// `whatif::suggest` returns, applied to the scenario, gives the decision it
/// claims, on the other side of allowed / denied; none is ever returned
/// that does not.
#[test]
fn every_suggestion_flips_the_decision() {
    use iamsim::json::SCENARIO_FILE_LIMITS;
    use iamsim::scenario::ScenarioText;
    use iamsim::whatif::{apply, suggest};
    // Each case evaluates the scenario once per candidate edit: 500 cases
    // cost what 2,000 of the other laws do.
    check_cases("suggestions flip", 500, scen(), 0.5, |s| {
        let json = s.to_json().to_string();
        let text = ScenarioText::from_json(&json, SCENARIO_FILE_LIMITS).unwrap();
        let found = suggest(&text, &NOW).unwrap();
        prop_assert_eq!(found.decision, eval(&s).decision);
        for suggestion in &found.suggestions {
            let mut changed = text.clone();
            for change in &suggestion.changes {
                prop_assert!(apply(&mut changed, change), "{}", suggestion.summary);
            }
            let after = evaluate(&changed.load("changed").unwrap(), &NOW).decision;
            prop_assert_eq!(after, suggestion.decision, "{}", &suggestion.summary);
            prop_assert_ne!(
                after == Decision::Allowed,
                found.decision == Decision::Allowed,
                "{} does not flip {}",
                &suggestion.summary,
                json
            );
        }
        Ok(!found.suggestions.is_empty())
    });
}

/// The same law for an entry of `requests` (issue #12): another request
/// against the same policies, giving its own context or taking the
/// scenario's, sometimes expecting a decision. Every suggestion for it,
/// applied to the whole scenario, gives that entry the decision it claims:
/// the expected one when its check fails, else the other side of allowed /
/// denied; and an entry's context, set, leaves the scenario's request as
/// it was.
#[test]
fn every_suggestion_for_a_request_entry_gives_it_the_decision_it_claims() {
    use iamsim::exercise;
    use iamsim::json::SCENARIO_FILE_LIMITS;
    use iamsim::scenario::ScenarioText;
    use iamsim::whatif::{apply, suggest_for, Change, Target};
    let expects = prop::option::of(prop::sample::select(vec![
        "allowed",
        "implicitDeny",
        "explicitDeny",
    ]));
    let cases = (scen(), scen(), any::<bool>(), expects);
    check_cases(
        "entry suggestions",
        300,
        cases,
        0.3,
        |(s, other, inherit, expect)| {
            let mut json = s.to_json();
            let mut entry = other.to_json()["request"].clone();
            if inherit {
                entry.as_object_mut().unwrap().remove("context");
            }
            entry["name"] = serde_json::json!("entry");
            if let Some(decision) = expect {
                entry["expect"] = serde_json::json!({ "decision": decision });
            }
            json["requests"] = serde_json::json!([entry]);
            let text = ScenarioText::from_json(&json.to_string(), SCENARIO_FILE_LIMITS).unwrap();
            let decisions = |t: &ScenarioText| {
                let loaded = t.load("s").unwrap();
                let own = evaluate(&loaded, &NOW).decision;
                let entry = exercise::run(&loaded, &NOW).last().unwrap().result.decision;
                (own, entry)
            };
            let (own, before) = decisions(&text);
            let found = suggest_for(&text, Target::Entry(0), &NOW).unwrap();
            prop_assert_eq!(found.decision, before);
            prop_assert_eq!(found.request.as_deref(), Some("entry"));
            let failing = expect
                .and_then(|d| d.parse::<Decision>().ok())
                .filter(|&d| d != before);
            prop_assert_eq!(found.expected, failing);
            for suggestion in &found.suggestions {
                let mut changed = text.clone();
                for change in &suggestion.changes {
                    prop_assert!(apply(&mut changed, change), "{}", suggestion.summary);
                    prop_assert!(
                        !matches!(change, Change::SetContext { .. }),
                        "{}",
                        suggestion.summary
                    );
                }
                let (own_after, after) = decisions(&changed);
                prop_assert_eq!(after, suggestion.decision, "{}", &suggestion.summary);
                match failing {
                    Some(wanted) => prop_assert_eq!(after, wanted, "{}", &suggestion.summary),
                    None => prop_assert_ne!(
                        after == Decision::Allowed,
                        before == Decision::Allowed,
                        "{} does not flip {}",
                        &suggestion.summary,
                        json
                    ),
                }
                let context_only = suggestion
                    .changes
                    .iter()
                    .all(|c| matches!(c, Change::SetEntryContext { .. }));
                if context_only {
                    prop_assert_eq!(own_after, own, "{}", &suggestion.summary);
                }
            }
            Ok(!found.suggestions.is_empty())
        },
    );
}
