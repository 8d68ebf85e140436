//! Evaluating a file of many scenarios on every core: worker threads take
//! batches of scenarios, evaluate and render each into bytes; this thread
//! writes the batches in their order. Evaluation and rendering cost about the
//! same, so both are spread; freeing the results happens on the workers too.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use iamsim::{Decision, Scenario};

/// Scenarios per batch: enough that handing a batch over costs nothing,
/// few enough that little output waits in memory.
const BATCH: usize = 256;
/// More threads than this only wait for the writer.
const MAX_THREADS: usize = 8;

/// Renders one scenario at its index into the buffer; returns its decision.
pub type Render<'a> = dyn Fn(usize, &Scenario, &mut Vec<u8>) -> io::Result<Decision> + Sync + 'a;

struct Rendered {
    bytes: Vec<u8>,
    decisions: Vec<Decision>,
}

/// Renders every scenario with `render` and hands the bytes to `write` in
/// scenario order, and each decision to `decided`. Stops at the first error.
pub fn render_all(
    scenarios: &[Scenario],
    render: &Render<'_>,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
    mut decided: impl FnMut(Decision),
) -> io::Result<()> {
    let batches = scenarios.len().div_ceil(BATCH);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min(batches);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, io::Result<Rendered>)>(threads * 2);
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let batch = next.fetch_add(1, Ordering::Relaxed);
                let first = batch * BATCH;
                let Some(scenarios) = scenarios.get(first..scenarios.len().min(first + BATCH))
                else {
                    break;
                };
                // The writer has stopped (an error, a closed pipe): stop too.
                if sender
                    .send((batch, render_batch(first, scenarios, render)))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(sender);
        // Batches arrive in any order; each is written once those before it are.
        let mut waiting = BTreeMap::new();
        let mut next_to_write = 0;
        for (batch, rendered) in receiver {
            waiting.insert(batch, rendered);
            while let Some(rendered) = waiting.remove(&next_to_write) {
                let rendered = rendered?;
                write(&rendered.bytes)?;
                rendered.decisions.into_iter().for_each(&mut decided);
                next_to_write += 1;
            }
        }
        Ok(())
    })
}

fn render_batch(first: usize, scenarios: &[Scenario], render: &Render<'_>) -> io::Result<Rendered> {
    let mut rendered = Rendered {
        bytes: Vec::new(),
        decisions: Vec::with_capacity(scenarios.len()),
    };
    for (offset, scenario) in scenarios.iter().enumerate() {
        rendered
            .decisions
            .push(render(first + offset, scenario, &mut rendered.bytes)?);
    }
    Ok(rendered)
}
