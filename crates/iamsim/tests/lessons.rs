//! The page's lesson exercises (`exercise` in `docs/scenario.md`): each
//! starts with checks the learner must still make pass, and a known
//! solution, kept here and not in the example where learners would read it,
//! passes every check by editing only the policies the exercise names
//! editable. A half-way answer fails: each check is there for a reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use iamsim::exercise::{self, Progress};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::ScenarioText;
use iamsim::whatif::{self, Change, PolicyTarget};
use iamsim::{EvalOptions, PolicyType};

/// An answer to one exercise: the new text of one editable policy.
struct Answer {
    file: &'static str,
    policy_type: PolicyType,
    policy: &'static str,
    document: &'static str,
}

const SOLUTIONS: [Answer; 2] = [
    Answer {
        file: "03-least-privilege-3-scoped.json",
        policy_type: PolicyType::Identity,
        policy: "reports-access",
        document: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": "arn:aws:s3:::example-reports/monthly/*"}]}"#,
    },
    Answer {
        file: "06-cross-account-external-id.json",
        policy_type: PolicyType::Resource,
        policy: "trust policy",
        document: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "partner-7f3a9c"}}}]}"#,
    },
];

/// Half-way answers, each failing the check named.
const HALF_WAY: [(Answer, &str); 2] = [
    (
        Answer {
            file: "03-least-privilege-3-scoped.json",
            policy_type: PolicyType::Identity,
            policy: "reports-access",
            document: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::example-reports/*"}]}"#,
        },
        "cannot read outside monthly/",
    ),
    (
        Answer {
            file: "06-cross-account-external-id.json",
            policy_type: PolicyType::Resource,
            policy: "trust policy",
            document: r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "partner-7f3a9c"}}}]}"#,
        },
        "from a third account",
    ),
];

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/examples")
}

fn lesson(file: &str) -> ScenarioText {
    let text = std::fs::read_to_string(examples().join(file)).unwrap();
    ScenarioText::from_json(&text, SCENARIO_FILE_LIMITS).unwrap()
}

/// The checks' names that fail, and the progress.
fn run(scenario: &ScenarioText) -> (Vec<String>, Progress) {
    let loaded = scenario.load("lesson").unwrap();
    let checks = exercise::run(&loaded, &EvalOptions::default());
    let failing = checks
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| c.name.clone())
        .collect();
    (failing, Progress::of(&loaded, &checks))
}

/// The lesson with `answer` written in, as a learner writes it in the page.
fn answered(answer: &Answer) -> ScenarioText {
    let mut scenario = lesson(answer.file);
    let exercise = scenario.load("lesson").unwrap().exercise.unwrap();
    assert!(
        exercise.is_editable(answer.policy),
        "{}: `{}` is read-only",
        answer.file,
        answer.policy
    );
    let change = Change::ReplaceDocument {
        target: PolicyTarget {
            policy_type: answer.policy_type,
            level: None,
            policy: answer.policy.to_owned(),
        },
        document: answer.document.to_owned(),
    };
    assert!(whatif::apply(&mut scenario, &change), "{}", answer.file);
    scenario
}

#[test]
fn every_exercise_starts_unsolved_and_has_a_solution_that_passes_every_check() {
    let mut files: Vec<String> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .filter(|name| lesson(name).exercise.is_some())
        .collect();
    files.sort();
    let solved: Vec<&str> = SOLUTIONS.iter().map(|s| s.file).collect();
    assert_eq!(files, solved, "every exercise has a solution here");
    for answer in &SOLUTIONS {
        let (failing, start) = run(&lesson(answer.file));
        assert!(
            !start.done && !failing.is_empty(),
            "{}: nothing left to do",
            answer.file
        );
        let (failing, end) = run(&answered(answer));
        assert!(end.done, "{}: still failing {failing:?}", answer.file);
        assert!(
            (5..=7).contains(&end.total),
            "{}: {} checks",
            answer.file,
            end.total
        );
    }
}

#[test]
fn a_half_way_answer_fails_the_check_it_misses() {
    for (answer, check) in &HALF_WAY {
        let (failing, progress) = run(&answered(answer));
        assert_eq!(failing, [*check], "{}", answer.file);
        assert_eq!(progress.passed + 1, progress.total);
    }
}
