//! The toolbar of the full page: examples, share, import and export.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use iamsim::scenario::ScenarioText;

use super::embed_dialog::EmbedDialog;
use crate::browser;
use crate::examples::{self, EXAMPLES};
use crate::page::Page;
use crate::scenario;
use crate::share;

fn example_title(json: &str) -> String {
    scenario::open(json)
        .ok()
        .and_then(|s| s.title)
        .unwrap_or_default()
}

#[component]
pub fn Header() -> impl IntoView {
    let page = expect_context::<Page>();
    let meta = page.model.meta;
    let title = Signal::derive(move || meta.with(|m| m.title.clone()));
    // After Share: "copied", or the link itself when the clipboard refused.
    let shared = RwSignal::new(None::<Result<(), String>>);

    let on_example = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(example) = examples::find(&id) {
            page.open(example.json);
        }
    };
    let on_share = move |_| {
        let json = page.scenario.with_untracked(ScenarioText::to_json);
        spawn_local(async move {
            let fragment = share::encode(&json).await;
            browser::replace_fragment(&fragment);
            let link = browser::share_link(&fragment);
            let copied = browser::copy_text(&link).await;
            shared.set(Some(copied.map_err(|()| link)));
        });
    };
    let on_export = move |_| {
        let json = page.scenario.with_untracked(scenario::to_pretty_json);
        if browser::download("scenario.json", &json).is_err() {
            page.notice
                .set(Some("The browser refused the download".into()));
        }
    };
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match browser::read_chosen_file(&input).await {
                Ok(Some(text)) => page.open(&text),
                Ok(None) => {}
                Err(message) => page.notice.set(Some(message)),
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        });
    };

    view! {
        <header class="page-header">
            <h1>"iamsim" <span class="subtitle">"AWS IAM policy simulator"</span></h1>
            <nav class="toolbar" aria-label="Scenario">
                <select aria-label="Open an example" data-testid="examples" on:change=on_example>
                    <option value="">"Examples…"</option>
                    {EXAMPLES.iter().map(|e| view! {
                        <option value=e.id>{example_title(e.json)}</option>
                    }).collect_view()}
                </select>
                <button type="button" data-testid="share" on:click=on_share>"Share"</button>
                <button type="button" on:click=on_export>"Export"</button>
                <label class="button">
                    "Import"
                    <input type="file" class="visually-hidden" accept=".json,application/json" on:change=on_import/>
                </label>
                <EmbedDialog title fragment=page.fragment/>
            </nav>
            {move || shared.get().map(|outcome| match outcome {
                Ok(()) => view! { <p class="share-status" role="status">"Link copied to the clipboard"</p> }.into_any(),
                Err(link) => view! {
                    <p class="share-status" role="status">
                        <label>"Copy this link: "
                            <input type="text" readonly data-testid="share-link" prop:value=link
                                on:focus=|ev| { let _ = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.select()); }/>
                        </label>
                    </p>
                }.into_any(),
            })}
        </header>
    }
}
