//! A file of many scenarios on every core: a reader thread gathers the
//! scenarios into batches, worker threads take the batches in turn and load,
//! evaluate and render each (the three cost about the same, so all are
//! spread, and a scenario is freed as soon as it is rendered); this thread
//! receives the batches in scenario order. At most [`WINDOW`] batches are
//! between the reader and this thread, so memory does not grow with the
//! input, however long, and results go out as they are made.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

use iamsim::Decision;

use crate::warnings::Warning;

/// Scenarios per batch: enough that handing a batch over costs nothing,
/// few enough that little output waits in memory.
const BATCH: usize = 256;
/// More threads than this only wait for the writer.
const MAX_THREADS: usize = 8;
/// Batches read but not yet written, per thread.
const WINDOW: usize = 4;

/// One batch for a worker: the index of its first item, the items, and
/// where its output goes.
type Job<T, R> = (usize, Vec<T>, SyncSender<R>);

/// Runs `work` on batches of `items` on every core and hands each batch's
/// output to `take`, in order. An error of `items` is handed on in its
/// place; the first error of any stops everything.
fn in_batches<T: Send, O: Send, E: Send>(
    items: impl Iterator<Item = Result<T, E>> + Send,
    work: &(dyn Fn(usize, Vec<T>) -> Result<O, E> + Sync),
    mut take: impl FnMut(O) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS);
    // The output of each batch, in order: the reader stops when this many
    // batches wait, so the window bounds the memory in use.
    let (order, outputs) = mpsc::sync_channel::<Receiver<Result<O, E>>>(threads * WINDOW);
    let (jobs, queue) = mpsc::sync_channel::<Job<T, Result<O, E>>>(threads);
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        scope.spawn(move || read_batches(items, &jobs, &order));
        for _ in 0..threads {
            let queue = &queue;
            scope.spawn(move || loop {
                // The lock is held only to take a job.
                let job = queue.lock().ok().and_then(|queue| queue.recv().ok());
                let Some((first, batch, output)) = job else {
                    break;
                };
                // A closed output: this thread stopped taking (an error, a
                // closed pipe); the reader stops too.
                let _ = output.send(work(first, batch));
            });
        }
        for output in outputs {
            let Ok(output) = output.recv() else {
                break;
            };
            take(output?)?;
        }
        Ok(())
        // Returning drops `outputs`: the reader's next send fails and it
        // stops, which closes the queue, and the workers stop.
    })
}

/// Gathers `items` into batches, queues each for the workers and its
/// output's receiver in `order`; an error of `items` takes the place of
/// the batch it ends. Stops when `order` is closed.
fn read_batches<T, O, E>(
    items: impl Iterator<Item = Result<T, E>>,
    jobs: &SyncSender<Job<T, Result<O, E>>>,
    order: &SyncSender<Receiver<Result<O, E>>>,
) {
    let mut items = items.peekable();
    let mut first = 0;
    while items.peek().is_some() {
        let mut batch = Vec::with_capacity(BATCH);
        let mut failed = None;
        for item in items.by_ref().take(BATCH) {
            match item {
                Ok(item) => batch.push(item),
                Err(error) => {
                    failed = Some(error);
                    break;
                }
            }
        }
        let len = batch.len();
        if len > 0 {
            let (output, receiver) = mpsc::sync_channel(1);
            if order.send(receiver).is_err() || jobs.send((first, batch, output)).is_err() {
                return;
            }
        }
        if let Some(error) = failed {
            let (output, receiver) = mpsc::sync_channel(1);
            let _ = output.send(Err(error));
            let _ = order.send(receiver);
            return;
        }
        first += len;
    }
}

/// What the workers made of a batch of scenarios.
#[derive(Default)]
pub struct Batch {
    /// The rendered results.
    pub bytes: Vec<u8>,
    pub decisions: Vec<Decision>,
    /// The scenarios' warnings, in order.
    pub warnings: Vec<Warning>,
}

/// Renders every item, each with `render(index, item, batch)`, and hands
/// the batches to `take` in order. Stops at the first error.
pub fn render_all<T: Send, E: Send>(
    items: impl Iterator<Item = Result<T, E>> + Send,
    render: &(dyn Fn(usize, T, &mut Batch) -> Result<(), E> + Sync),
    take: impl FnMut(Batch) -> Result<(), E>,
) -> Result<(), E> {
    let render_batch = |first: usize, items: Vec<T>| {
        let mut batch = Batch {
            decisions: Vec::with_capacity(items.len()),
            ..Batch::default()
        };
        for (index, item) in (first..).zip(items) {
            render(index, item, &mut batch)?;
        }
        Ok(batch)
    };
    in_batches(items, &render_batch, take)
}
