//! A seeded mutation fuzzer that runs under `cargo test` in bounded time:
//! the conformance and malformed corpora, truncated, with bytes flipped,
//! brackets, quotes and commas inserted, ranges deleted or repeated, each
//! checked as the cargo-fuzz targets check theirs (`fuzz/src/checks.rs`):
//! loading never panics, every diagnostic points inside its source, the
//! CLI's split loader accepts exactly what the whole-file loader does, and
//! what loads evaluates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::time::{Duration, Instant};

/// The checks of the cargo-fuzz targets (fuzz/).
#[path = "../../../fuzz/src/checks.rs"]
mod checks;

/// Every input a cargo-fuzz target (`scripts/fuzz.sh`) once crashed on, kept
/// in `fuzz/regressions/<target>/` after the fix, through the same check.
/// Returns how many were replayed.
fn replay_regressions() -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 4] = [
        ("policy_text", checks::policy_text),
        ("scenario_json", checks::scenario_json),
        ("share_link", checks::share_link),
        ("condition_values", checks::condition_values),
    ];
    let mut replayed = 0;
    for (target, check) in targets {
        for entry in std::fs::read_dir(root.join(target)).into_iter().flatten() {
            check(&std::fs::read(entry.unwrap().path()).unwrap());
            replayed += 1;
        }
    }
    replayed
}

/// xorshift64*: deterministic, so a failure replays with the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut seeds: Vec<Vec<u8>> = ["tests/corpus", "tests/malformed", "web/examples"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| std::fs::read(path).unwrap())
        // Big files make each mutation slow without finding more.
        .filter(|bytes| bytes.len() < 64 << 10)
        .collect();
    // Arrays of scenarios, for the split loader.
    let pair = |a: &[u8], b: &[u8]| [&b"[\n"[..], a, b" ,", b, b"]"].concat();
    let arrays = [pair(&seeds[0], &seeds[1]), pair(&seeds[2], &seeds[2])];
    seeds.extend(arrays);
    seeds.push(
        br#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["*"]},
        "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/${aws:username}", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["a", 1, true]}}}]}"#
            .to_vec(),
    );
    seeds
}

const INSERTS: [&[u8]; 10] = [
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b",",
    b":",
    b"\\",
    b"\xff",
    "é".as_bytes(),
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            2 => {
                let insert = INSERTS[rng.below(INSERTS.len())];
                bytes.splice(at..at, insert.iter().copied());
            }
            3 => {
                let end = (at + rng.below(16)).min(bytes.len());
                bytes.drain(at..end);
            }
            4 => {
                let end = (at + rng.below(64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes
                .splice(at..at, std::iter::repeat_n(b'[', rng.below(100)))
                .for_each(drop),
        }
    }
    bytes
}

#[test]
fn mutated_inputs_never_panic_and_spans_stay_in_their_source() {
    let replayed = replay_regressions();
    println!("{replayed} inputs the cargo-fuzz targets found, replayed");
    let seeds = seeds();
    let budget = Duration::from_secs(3);
    let started = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut runs = 0;
    while started.elapsed() < budget && runs < 20_000 {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        checks::scenario_json(&input);
        checks::policy_text(&[&[rng.below(256) as u8][..], &input].concat());
        runs += 1;
    }
    assert!(runs > 100, "only {runs} runs in {budget:?}");
}
