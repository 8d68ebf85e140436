//! Work on a file of many scenarios spread over every core: worker threads
//! take batches of scenarios in turn; this thread receives each batch's
//! output in scenario order. Loading is spread this way, and then evaluating
//! and rendering (which cost about the same, so both are spread); freeing a
//! batch's results happens on the workers too.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use iamsim::{Decision, Scenario, ScenarioFile};

/// Scenarios per batch: enough that handing a batch over costs nothing,
/// few enough that little output waits in memory.
const BATCH: usize = 256;
/// More threads than this only wait for the writer.
const MAX_THREADS: usize = 8;

/// Runs `work` on the batches of `0..len` on every core and hands each
/// batch's output to `take`, in order. Stops at the first error of either.
fn in_batches<T: Send, E: Send>(
    len: usize,
    work: &(dyn Fn(Range<usize>) -> Result<T, E> + Sync),
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let batches = len.div_ceil(BATCH);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min(batches);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, Result<T, E>)>(threads * 2);
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let batch = next.fetch_add(1, Ordering::Relaxed);
                let first = batch * BATCH;
                if first >= len {
                    break;
                }
                // The receiver has stopped (an error, a closed pipe): stop too.
                if sender
                    .send((batch, work(first..len.min(first + BATCH))))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(sender);
        // Batches arrive in any order; each is taken once those before it are.
        let mut waiting = BTreeMap::new();
        let mut next_to_take = 0;
        for (batch, output) in receiver {
            waiting.insert(batch, output);
            while let Some(output) = waiting.remove(&next_to_take) {
                take(output?)?;
                next_to_take += 1;
            }
        }
        Ok(())
    })
}

/// Every scenario of the file, or `None` if one does not load (the
/// sequential loader then reports every problem).
pub fn load_all(file: &ScenarioFile) -> Option<Vec<Scenario>> {
    let mut scenarios = Vec::with_capacity(file.len());
    let load = |batch: Range<usize>| {
        batch
            .map(|i| file.load(i))
            .collect::<Option<Vec<_>>>()
            .ok_or(())
    };
    in_batches(file.len(), &load, |loaded| {
        scenarios.extend(loaded);
        Ok(())
    })
    .ok()?;
    Some(scenarios)
}

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
    let render_batch = |batch: Range<usize>| {
        let mut rendered = Rendered {
            bytes: Vec::new(),
            decisions: Vec::with_capacity(batch.len()),
        };
        for index in batch {
            if let Some(scenario) = scenarios.get(index) {
                let decision = render(index, scenario, &mut rendered.bytes)?;
                rendered.decisions.push(decision);
            }
        }
        Ok(rendered)
    };
    in_batches(scenarios.len(), &render_batch, |rendered| {
        write(&rendered.bytes)?;
        rendered.decisions.into_iter().for_each(&mut decided);
        Ok(())
    })
}
