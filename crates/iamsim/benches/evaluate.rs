//! Parse plus evaluate, as the CLI does for each scenario: a typical scenario
//! (a few policies, a few conditions) and a large one (an identity policy of
//! 10,000 actions over 500 statements, like AWS's broadest managed policies).
//! And the page's edit: its typed scenario loaded as a draft and evaluated,
//! beside the way it went before, the scenario's JSON written and loaded.
//!
//! Also the wildcard matcher on hostile patterns (docs/hardening.md): `*a*a*a...`
//! of 2,500 to 20,000 characters against ARNs twice as long, whose time must
//! grow linearly, and the worst case the limits let into a policy.
//!
//! Run with `cargo bench -p iamsim`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::matching::wildcard_match;
use iamsim::scenario::{load_scenario_with, LoadOptions, ScenarioText};
use iamsim::{evaluate, load_scenario, EvalOptions};
use serde_json::{json, Value};

/// A user reading from a bucket: identity policy with a prefix condition and a
/// deny, a permissions boundary, an SCP level and a bucket policy.
fn typical() -> String {
    json!({
        "request": {
            "principal": "arn:aws:iam::111122223333:user/alice",
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::my-app-uploads/home/alice/notes.txt",
            "context": {
                "aws:SourceIp": "10.1.2.3",
                "aws:MultiFactorAuthPresent": "true",
                "aws:RequestedRegion": "eu-west-1",
                "aws:PrincipalTag/team": "dev"
            }
        },
        "identityPolicies": [{
            "name": "app-s3-access",
            "document": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "ReadOwnHome",
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:PutObject"],
                        "Resource": "arn:aws:s3:::my-app-uploads/home/${aws:username}/*",
                        "Condition": {
                            "IpAddress": { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] },
                            "Bool": { "aws:MultiFactorAuthPresent": "true" }
                        }
                    },
                    {
                        "Sid": "ListBucket",
                        "Effect": "Allow",
                        "Action": "s3:ListBucket",
                        "Resource": "arn:aws:s3:::my-app-uploads",
                        "Condition": { "StringLike": { "s3:prefix": ["home/${aws:username}/*"] } }
                    },
                    {
                        "Sid": "NoDeletes",
                        "Effect": "Deny",
                        "Action": "s3:Delete*",
                        "Resource": "*"
                    }
                ]
            }
        }],
        "permissionsBoundary": {
            "name": "dev-boundary",
            "document": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["s3:*", "cloudwatch:*", "logs:*"],
                    "Resource": "*",
                    "Condition": { "StringEquals": { "aws:PrincipalTag/team": ["dev", "ops"] } }
                }]
            }
        },
        "serviceControlPolicies": [{
            "name": "Root",
            "policies": [{
                "name": "deny-regions",
                "document": {
                    "Version": "2012-10-17",
                    "Statement": [
                        { "Effect": "Allow", "Action": "*", "Resource": "*" },
                        {
                            "Effect": "Deny",
                            "NotAction": ["iam:*", "sts:*"],
                            "Resource": "*",
                            "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } }
                        }
                    ]
                }
            }]
        }],
        "resourcePolicy": {
            "name": "bucket policy",
            "document": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": ["arn:aws:s3:::my-app-uploads", "arn:aws:s3:::my-app-uploads/*"],
                    "Condition": { "Bool": { "aws:SecureTransport": "false" } }
                }]
            }
        }
    })
    .to_string()
}

/// 500 statements of 20 actions each; the request's action is in none of them
/// but the last, so every statement is compared.
fn large() -> String {
    const SERVICES: [&str; 10] = [
        "ec2", "s3", "iam", "lambda", "dynamodb", "sqs", "sns", "kms", "logs", "rds",
    ];
    let statements: Vec<Value> = (0..500)
        .map(|i| {
            let service = SERVICES[i % SERVICES.len()];
            let actions: Vec<String> = (0..20)
                .map(|j| format!("{service}:Operation{i}x{j}"))
                .collect();
            json!({
                "Sid": format!("Statement{i}"),
                "Effect": "Allow",
                "Action": actions,
                "Resource": format!("arn:aws:{service}:*:111122223333:*")
            })
        })
        .collect();
    json!({
        "request": {
            "principal": "arn:aws:iam::111122223333:role/admin",
            "action": "rds:Operation499x19",
            "resource": "arn:aws:rds:eu-west-1:111122223333:db:main"
        },
        "identityPolicies": [{ "name": "broad-managed-policy", "document": { "Version": "2012-10-17", "Statement": statements } }]
    })
    .to_string()
}

fn bench(c: &mut Criterion) {
    let options = EvalOptions {
        now_epoch_seconds: Some(1_767_225_600),
    };
    for (name, text) in [
        ("typical scenario", typical()),
        ("10,000 actions in 500 statements", large()),
    ] {
        // Fail loudly rather than time the error path.
        let scenario = load_scenario(&text, name).expect("the bench scenario loads");
        drop(evaluate(&scenario, &options));
        c.bench_function(&format!("parse+evaluate: {name}"), |b| {
            b.iter(|| {
                let scenario = load_scenario(black_box(&text), name).expect("loads");
                evaluate(&scenario, &options)
            });
        });
        let typed = ScenarioText::from_json(&text, SCENARIO_FILE_LIMITS).expect("reads");
        let draft = LoadOptions { draft: true };
        c.bench_function(&format!("page edit, typed load+evaluate: {name}"), |b| {
            b.iter(|| {
                let scenario = black_box(&typed).load_placed(name, draft).expect("loads");
                evaluate(&scenario, &options)
            });
        });
        c.bench_function(
            &format!("page edit, JSON written+load+evaluate: {name}"),
            |b| {
                b.iter(|| {
                    let text = black_box(&typed).to_json();
                    let scenario = load_scenario_with(&text, name, draft).expect("loads");
                    evaluate(&scenario, &options)
                });
            },
        );
    }
}

/// `*a*a*a...` of `n` characters against an ARN of `2n` characters and more
/// that it matches, and one that it does not (a `b` at the very end); then the
/// greedy matcher's own worst case at the longest pattern a policy may hold
/// (2,048 characters, `*aaa...ab`) against the longest request value (4,096),
/// which the bit-parallel automaton answers.
fn bench_matcher(c: &mut Criterion) {
    let mut group = c.benchmark_group("wildcard");
    for n in [2_500, 5_000, 10_000, 20_000] {
        let pattern = "*a".repeat(n / 2);
        let arn = format!("arn:aws:s3:::bucket/{}", "xa".repeat(n));
        let miss = format!("{pattern}b");
        assert!(wildcard_match(&pattern, &arn, false));
        assert!(!wildcard_match(&miss, &arn, false));
        group.bench_function(
            format!("*a*a... of {n} chars, ARN of {} chars", arn.len()),
            |b| {
                b.iter(|| {
                    (
                        wildcard_match(black_box(&pattern), black_box(&arn), false),
                        wildcard_match(black_box(&miss), black_box(&arn), false),
                    )
                });
            },
        );
    }
    let worst = format!("*{}b", "a".repeat(2_046));
    let value = "a".repeat(4_096);
    group.bench_function(
        "*aaa...ab of 2,048 chars, value of 4,096 (automaton)",
        |b| {
            b.iter(|| wildcard_match(black_box(&worst), black_box(&value), false));
        },
    );
    group.finish();
}

criterion_group!(benches, bench, bench_matcher);
criterion_main!(benches);
