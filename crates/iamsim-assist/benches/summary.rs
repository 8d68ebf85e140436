//! The access summary natively: the scenario of
//! scripts/perf-compare/access-summary.mjs (about 2,000 evaluations over a
//! dozen services), the page's call from its JSON text to the table's HTML.
//! The page's goal is 2,000 evaluations in a 16 ms frame in wasm; this bench
//! is the native side of that figure and the one to profile: callgrind on
//! the bench binary with `--test 'one resource'` (each benchmark run once)
//! counts instructions reproducibly on a busy machine.
//!
//! Run with `cargo bench -p iamsim-assist`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_assist::access::Target;
use serde_json::json;

fn scenario() -> String {
    json!({
        "request": {
            "principal": "arn:aws:iam::111122223333:user/alice",
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::reports/2026/q4.csv"
        },
        "identityPolicies": [{
            "name": "everyday",
            "document": {
                "Version": "2012-10-17",
                "Statement": [
                    { "Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "dynamodb:Query", "dynamodb:GetItem", "iam:Get*", "iam:List*", "sts:GetCallerIdentity"], "Resource": "*" },
                    { "Effect": "Allow", "Action": ["lambda:*", "logs:*", "cloudwatch:Describe*", "kms:Decrypt", "sqs:SendMessage", "sns:Publish", "rds:Describe*"], "Resource": "*" },
                    { "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": { "StringEquals": { "aws:ResourceTag/team": "data" } } },
                    { "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::reports/*" }
                ]
            }
        }]
    })
    .to_string()
}

fn bench(c: &mut Criterion) {
    let text = scenario();
    // The catalog is parsed once per module in the page too.
    assert!(iamsim_assist::catalog::get().is_some());
    c.bench_function(
        "access summary, one resource (about 2,000 evaluations)",
        |b| {
            b.iter(|| {
                iamsim_assist::access::summary(
                    black_box(&text),
                    Target::Resource(""),
                    "all",
                    Some(1_800_000_000),
                )
            });
        },
    );
    c.bench_function("access summary, each resource type", |b| {
        b.iter(|| {
            iamsim_assist::access::summary(
                black_box(&text),
                Target::EachResourceType,
                "all",
                Some(1_800_000_000),
            )
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
