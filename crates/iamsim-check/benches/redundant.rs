//! The checks on policies of 125 to 1,000 statements (the most a policy may
//! hold here, iamsim::limits::MAX_STATEMENTS), whose time must grow
//! linearly: `redundant-statement` compared every statement with every
//! other (a 1,000-statement policy took 0.2 s) before it looked up the few
//! that may cover each one (document.rs, `ActionIndex`).
//!
//! The policy: statements over 40 services, each allowing two actions of
//! its own on its own bucket, one in twenty-five a service-wide `Describe*`,
//! and every hundredth repeating an earlier one (so that some are redundant).
//!
//! Run with `cargo bench -p iamsim-check`; under callgrind, the instruction
//! counts of one check each (`--test 'check: 1000 statements'`) are the
//! figures in docs/checks.md.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_check::{check_text, Kind};

fn policy(statements: usize) -> String {
    let mut text = String::from("{\"Version\": \"2012-10-17\", \"Statement\": [\n");
    for k in 0..statements {
        let n = if k % 100 == 99 { k - 50 } else { k };
        let service = n % 40;
        let actions = if k % 25 == 0 {
            format!("\"svc{service}:Describe*\"")
        } else {
            format!("\"svc{service}:Get{n}\", \"svc{service}:Put{n}\"")
        };
        let comma = if k + 1 < statements { "," } else { "" };
        let _ = writeln!(
            text,
            "  {{\"Effect\": \"Allow\", \"Action\": [{actions}], \"Resource\": \"arn:aws:s3:::bucket-{n}/*\"}}{comma}"
        );
    }
    text.push_str("]}\n");
    text
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for statements in [125, 250, 500, 1_000] {
        let text = policy(statements);
        let findings = check_text(&text, Kind::Identity, None, 0, None);
        assert!(
            findings.iter().any(|d| d.id == "redundant-statement"),
            "the policy has redundant statements"
        );
        group.bench_function(format!("{statements} statements"), |b| {
            b.iter(|| check_text(black_box(&text), Kind::Identity, None, 0, None));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
