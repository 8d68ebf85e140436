//! The what-if answers on the largest of the page's examples: the smallest
//! changes that flip its decision (every candidate evaluated on a copy),
//! the same for every check that fails (the example is a lesson's
//! exercise), and a comparison of two versions over the actions of the
//! services it names (300 per service, about a catalog's share: S3 has
//! 180, EC2 700).
//!
//! Run with `cargo bench -p iamsim --bench whatif`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim::compare::{compare, Grid};
use iamsim::json::SCENARIO_FILE_LIMITS;
use iamsim::scenario::ScenarioText;
use iamsim::whatif::{suggest, suggest_failing};
use iamsim::{load_scenario, EvalOptions};

/// The largest example file, by size, and its name.
fn largest_example() -> (String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let path = files.pop().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read_to_string(path).unwrap())
}

fn bench(c: &mut Criterion) {
    let options = EvalOptions {
        now_epoch_seconds: Some(1_767_225_600),
    };
    let (name, text) = largest_example();
    let typed = ScenarioText::from_json(&text, SCENARIO_FILE_LIMITS).unwrap();
    let found = suggest(&typed, &options).unwrap();
    println!("{name}: {} suggestions", found.suggestions.len());
    c.bench_function(&format!("suggest: {name}"), |b| {
        b.iter(|| suggest(black_box(&typed), &options).unwrap())
    });
    let failing = suggest_failing(&typed, &options).unwrap();
    println!(
        "{name}: {} failing checks, {} suggestions",
        failing.len(),
        failing.iter().map(|f| f.suggestions.len()).sum::<usize>()
    );
    c.bench_function(&format!("suggest --failing: {name}"), |b| {
        b.iter(|| suggest_failing(black_box(&typed), &options).unwrap())
    });

    let scenario = load_scenario(&text, &name).unwrap();
    let services: Vec<String> = scenario
        .policies()
        .flat_map(|p| &p.document.statements)
        .flat_map(|s| s.action.iter().flat_map(|a| &a.values))
        .filter_map(|v| v.value.split_once(':').map(|(s, _)| s.to_owned()))
        .collect();
    let actions: Vec<String> = services
        .iter()
        .flat_map(|s| (0..300).map(move |i| format!("{s}:Action{i}")))
        .collect();
    let known: Vec<&str> = actions.iter().map(String::as_str).collect();
    let grid = Grid::of(&scenario, &scenario, &known, true);
    println!(
        "{name}: a grid of {} actions and {} resources",
        grid.actions.len(),
        grid.resources.len()
    );
    c.bench_function(&format!("compare: {name}"), |b| {
        b.iter(|| {
            let grid = Grid::of(&scenario, &scenario, black_box(&known), true);
            compare(&scenario, &scenario, &grid, &options)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
