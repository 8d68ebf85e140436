//! A file of many scenarios on every core: worker threads take batches of
//! scenarios in turn and load, evaluate and render each (the three cost
//! about the same, so all are spread, and a scenario is freed as soon as
//! it is rendered); this thread receives the batches in scenario order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use iamsim::Decision;

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

/// What the workers made of a batch of scenarios.
#[derive(Default)]
pub struct Batch {
    /// The rendered results.
    pub bytes: Vec<u8>,
    pub decisions: Vec<Decision>,
    /// The scenarios' warnings, rendered for stderr.
    pub warnings: String,
}

/// Renders scenarios `0..len`, each with `render(index, batch)`, and hands
/// the batches to `take` in scenario order. Stops at the first error.
pub fn render_all<E: Send>(
    len: usize,
    render: &(dyn Fn(usize, &mut Batch) -> Result<(), E> + Sync),
    take: impl FnMut(Batch) -> Result<(), E>,
) -> Result<(), E> {
    let render_batch = |indices: Range<usize>| {
        let mut batch = Batch {
            decisions: Vec::with_capacity(indices.len()),
            ..Batch::default()
        };
        for index in indices {
            render(index, &mut batch)?;
        }
        Ok(batch)
    };
    in_batches(len, &render_batch, take)
}
