//! The "Embed" dialog: the `<iframe>` snippet that shows the current scenario
//! in a lesson (`?embed` plus the share link's `#s=`), with the height to use,
//! and a button to copy it. The snippet's wording lives in plain functions,
//! tested on the host; the component only wires and renders.

use leptos::html;
use leptos::prelude::*;

use crate::state::ScenarioState;
use crate::{browser, share};

/// Pixels the embed view needs besides the policy editors: the title bar, the
/// request, the decision banner and the first lines of the explanation.
const CHROME_HEIGHT: u32 = 300;
/// One policy's heading and borders.
const POLICY_HEADER_HEIGHT: u32 = 44;
/// One editor line (the editor's line height).
const LINE_HEIGHT: u32 = 20;
/// An editor taller than this scrolls inside itself.
const MAX_EDITOR_LINES: u32 = 24;
const MIN_HEIGHT: u32 = 400;
const MAX_HEIGHT: u32 = 1400;

/// The iframe height that shows the whole scenario without an outer scrollbar.
pub fn suggested_height(state: &ScenarioState) -> u32 {
    let editors: u32 = state
        .policies()
        .map(|p| {
            let lines = u32::try_from(p.document.lines().count()).unwrap_or(u32::MAX);
            POLICY_HEADER_HEIGHT + LINE_HEIGHT * lines.clamp(1, MAX_EDITOR_LINES)
        })
        .sum();
    (CHROME_HEIGHT + editors).clamp(MIN_HEIGHT, MAX_HEIGHT)
}

/// The embed view's address: `page` (origin and path, no query or fragment),
/// `?embed`, and the share link's fragment.
pub fn embed_url(page: &str, fragment: &str) -> String {
    format!("{page}?embed#{fragment}")
}

/// The HTML an author pastes into a lesson.
pub fn iframe_snippet(url: &str, title: Option<&str>, height: u32) -> String {
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("IAM policy simulator: {t}"),
        None => "IAM policy simulator".to_string(),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" \
         style=\"border: 1px solid #ccc; border-radius: 4px\" loading=\"lazy\"></iframe>",
        attribute(url),
        attribute(&title)
    )
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The current page's origin and path.
fn page_address() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn EmbedDialog(
    /// The scenario the snippet shows.
    #[prop(into)]
    state: Signal<ScenarioState>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let copy_state = RwSignal::new(CopyState::Idle);
    let opener = NodeRef::<html::Button>::new();
    let snippet_box = NodeRef::<html::Textarea>::new();

    let height = Memo::new(move |_| state.with(suggested_height));
    let snippet = Memo::new(move |_| {
        state.with(|s| {
            let url = embed_url(&page_address(), &share::encode(&s.to_json()));
            iframe_snippet(&url, s.title.as_deref(), height.get())
        })
    });

    // Focus the snippet, selected, so that Ctrl+C copies it at once.
    Effect::new(move |_| {
        if open.get() {
            if let Some(area) = snippet_box.get() {
                let _ = area.focus();
                area.select();
            }
        }
    });
    let close = move || {
        open.set(false);
        copy_state.set(CopyState::Idle);
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    };
    let copy = move |_| {
        let text = snippet.get_untracked();
        leptos::task::spawn_local(async move {
            let done = browser::copy_text(&text).await.is_ok();
            copy_state.set(if done { CopyState::Copied } else { CopyState::Failed });
        });
    };

    view! {
        <button type="button" node_ref=opener data-testid="embed-open" aria-haspopup="dialog"
            on:click=move |_| open.set(true)>
            "Embed"
        </button>
        <Show when=move || open.get()>
            <div class="embed-dialog" role="dialog" aria-modal="true" aria-labelledby="embed-dialog-title"
                data-testid="embed-dialog"
                on:keydown=move |e| if e.key() == "Escape" { close() }>
                <h2 id="embed-dialog-title">"Embed this scenario"</h2>
                <p>
                    "Paste this into a lesson's HTML. It shows the scenario as it is now; "
                    "the reader can edit it in place without changing your page."
                </p>
                <textarea node_ref=snippet_box data-testid="embed-snippet" readonly rows="5"
                    aria-label="The iframe snippet" prop:value=move || snippet.get()></textarea>
                <p data-testid="embed-height">
                    {move || format!("Height: {} px, enough for this scenario's policies without an inner scrollbar.", height.get())}
                </p>
                <p role="status" aria-live="polite" data-testid="embed-copy-status">
                    {move || match copy_state.get() {
                        CopyState::Idle => "",
                        CopyState::Copied => "Copied to the clipboard.",
                        CopyState::Failed => "The browser refused to copy: select the text and copy it.",
                    }}
                </p>
                <button type="button" data-testid="embed-copy" on:click=copy>"Copy"</button>
                <button type="button" data-testid="embed-close" on:click=move |_| close()>"Close"</button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::PolicyState;

    fn with_policies(lines: &[usize]) -> ScenarioState {
        let policy = |n: &usize| PolicyState { document: vec!["{}"; *n].join("\n"), ..Default::default() };
        ScenarioState { identity_policies: lines.iter().map(policy).collect(), ..Default::default() }
    }

    #[test]
    fn height_grows_with_the_policies_within_bounds() {
        assert_eq!(suggested_height(&ScenarioState::default()), MIN_HEIGHT);
        let one = suggested_height(&with_policies(&[10]));
        assert_eq!(one, CHROME_HEIGHT + POLICY_HEADER_HEIGHT + 10 * LINE_HEIGHT);
        assert!(suggested_height(&with_policies(&[10, 10])) > one);
        // A long policy scrolls inside its editor: it does not stretch the frame.
        assert_eq!(suggested_height(&with_policies(&[500])), suggested_height(&with_policies(&[MAX_EDITOR_LINES as usize])));
        assert_eq!(suggested_height(&with_policies(&[24; 20])), MAX_HEIGHT);
    }

    #[test]
    fn the_snippet_is_an_iframe_of_the_embed_view() {
        let url = embed_url("https://sim.example/iamsim/", "s=q1YqSi0sTS0uUbKqrq0FAA");
        assert_eq!(url, "https://sim.example/iamsim/?embed#s=q1YqSi0sTS0uUbKqrq0FAA");
        assert_eq!(
            iframe_snippet(&url, Some("Tags \"&\" <you>"), 480),
            "<iframe src=\"https://sim.example/iamsim/?embed#s=q1YqSi0sTS0uUbKqrq0FAA\" \
             title=\"IAM policy simulator: Tags &quot;&amp;&quot; &lt;you&gt;\" width=\"100%\" height=\"480\" \
             style=\"border: 1px solid #ccc; border-radius: 4px\" loading=\"lazy\"></iframe>"
        );
        assert!(iframe_snippet(&url, Some("  "), 400).contains("title=\"IAM policy simulator\""));
    }
}
