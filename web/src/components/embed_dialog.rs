//! The "Embed" dialog: the `<iframe>` snippet that shows the current scenario
//! in a lesson (`?embed` plus the share link's `#s=`), with the height to use,
//! and a button to copy it.
//!
//! The height is measured, not guessed: while the dialog is open, a hidden
//! frame runs the embed view at a docs column's width and as tall as a frame
//! may be (the embed view caps its result pane at a share of the frame's
//! height), and the dialog reads its content height once it has evaluated
//! (its embed bridge posts `iamsim:result` to this page). The snippet
//! itself is written by `crate::embed_snippet`.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::browser;
use crate::embed_snippet::{
    embed_url, frame_height, iframe_snippet, DEFAULT_HEIGHT, MAX_HEIGHT, MEASURE_WIDTH,
};

/// Layout settles a moment after the measuring frame's result message.
const SETTLE: Duration = Duration::from_millis(100);

/// The current page's origin and path.
fn page_address() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The measuring frame's content height (the root element's own box: the
/// page sets no height on it), once it has rendered.
fn content_height(frame: &web_sys::HtmlIFrameElement) -> Option<f64> {
    Some(
        frame
            .content_document()?
            .document_element()?
            .get_bounding_client_rect()
            .height(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn EmbedDialog(
    /// The scenario's title, which the snippet's `title` names.
    #[prop(into)]
    title: Signal<Option<String>>,
    /// Its share link's fragment (the page keeps it, a moment after the last
    /// edit: the dialog, closed while one types, compresses nothing per keystroke).
    #[prop(into)]
    fragment: Signal<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let copy_state = RwSignal::new(CopyState::Idle);
    // The frame height, once the measuring frame has rendered.
    let measured = RwSignal::new(None::<u32>);
    let dialog = NodeRef::<html::Dialog>::new();
    let snippet_box = NodeRef::<html::Textarea>::new();
    let measuring = NodeRef::<html::Iframe>::new();

    let url = Memo::new(move |_| embed_url(&page_address(), &fragment.get()));
    let height = move || measured.get().unwrap_or(DEFAULT_HEIGHT);
    let snippet =
        Memo::new(move |_| title.with(|t| iframe_snippet(&url.get(), t.as_deref(), height())));
    // A new scenario needs a new measurement.
    Effect::new(move |_| {
        url.track();
        measured.set(None);
    });

    // The measuring frame's bridge says when it has evaluated: measure after layout.
    let listener =
        window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
            let Some(frame) = measuring.get_untracked() else {
                return;
            };
            let from_frame = frame
                .content_window()
                .zip(event.source())
                .is_some_and(|(w, s)| JsValue::from(w) == JsValue::from(s));
            if from_frame {
                set_timeout(
                    move || {
                        if let Some(content) = content_height(&frame) {
                            measured.set(Some(frame_height(content)));
                        }
                    },
                    SETTLE,
                );
            }
        });
    on_cleanup(move || listener.remove());

    let show = move |_| {
        open.set(true);
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
        // Selected, so that Ctrl+C copies it at once.
        if let Some(area) = snippet_box.get() {
            let _ = area.focus();
            area.select();
        }
    };
    let hide = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let copy = move |_| {
        let text = snippet.get_untracked();
        leptos::task::spawn_local(async move {
            let done = browser::copy_text(&text).await.is_ok();
            copy_state.set(if done {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
        });
    };

    view! {
        <button type="button" data-testid="embed-open" aria-haspopup="dialog" on:click=show>"Embed"</button>
        // Native modal dialog: focus stays inside, Escape closes it, focus returns to the button.
        <dialog node_ref=dialog class="embed-dialog" aria-labelledby="embed-dialog-title" data-testid="embed-dialog"
            style="width: min(46rem, 94vw)"
            on:close=move |_| {
                open.set(false);
                copy_state.set(CopyState::Idle);
            }>
            <h2 id="embed-dialog-title">"Embed this scenario"</h2>
            <p>
                "Paste this into a lesson's HTML. It shows the scenario as it is now; "
                "readers can edit it in place without changing your page."
            </p>
            <textarea node_ref=snippet_box data-testid="embed-snippet" readonly rows="5" style="width: 100%"
                aria-label="The iframe snippet" prop:value=move || snippet.get()></textarea>
            <p data-testid="embed-height" aria-live="polite">
                {move || match measured.get() {
                    Some(h) => format!("Height: {h} px, the whole view at {MEASURE_WIDTH} px wide; a narrower column needs more."),
                    None => "Measuring the height…".to_string(),
                }}
            </p>
            <p role="status" aria-live="polite" data-testid="embed-copy-status">
                {move || match copy_state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied to the clipboard.",
                    CopyState::Failed => "The browser refused to copy: select the text and copy it.",
                }}
            </p>
            <p>
                <button type="button" data-testid="embed-copy" on:click=copy>"Copy"</button>
                " "
                <button type="button" data-testid="embed-close" on:click=hide>"Close"</button>
            </p>
            // Only while open: it runs a second simulator, unseen and out of the tab order.
            <Show when=move || open.get()>
                <iframe node_ref=measuring aria-hidden="true" tabindex="-1" src=move || url.get()
                    style=format!("position: fixed; left: -10000px; top: 0; visibility: hidden; border: 0; \
                                   width: {MEASURE_WIDTH}px; height: {MAX_HEIGHT}px")></iframe>
            </Show>
        </dialog>
    }
}
