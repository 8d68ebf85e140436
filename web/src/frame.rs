//! Work that waits for the frame that shows an edit: the decision is
//! painted first, and what is slower to compute follows it.

use std::time::Duration;

use leptos::prelude::*;

/// Runs `work` once the next frame is painted (a timer set in a frame's
/// callbacks runs after that frame), and `pause` later. Host tests run it
/// at once.
pub fn after_next_paint(pause: Duration, work: impl FnOnce() + 'static) {
    #[cfg(target_family = "wasm")]
    request_animation_frame(move || set_timeout(work, pause));
    #[cfg(not(target_family = "wasm"))]
    {
        let _ = pause;
        work();
    }
}

/// `work()`, computed again after each change of what `track` reads, once
/// the frame that shows the change is painted and `pause` has passed with
/// no further change: while typing, only the last keystroke's is computed.
/// `None` until the first is done.
pub fn computed_after_paint<T: Send + Sync + 'static>(
    pause: Duration,
    track: impl Fn() + 'static,
    work: impl Fn() -> T + Copy + 'static,
) -> ReadSignal<Option<T>> {
    let value = RwSignal::new(None);
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        track();
        let turn = latest.get_value().wrapping_add(1);
        latest.set_value(turn);
        after_next_paint(pause, move || {
            // `try_`: the view that wanted it may be gone by then.
            if latest.try_get_value() == Some(turn) {
                value.try_set(Some(work()));
            }
        });
    });
    value.read_only()
}
