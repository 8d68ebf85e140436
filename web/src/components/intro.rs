//! The opened scenario's title, description, the AWS pages it rests on, and
//! the decision its author expects (examples and conformance cases carry one).

use leptos::prelude::*;

use iamsim::scenario::{doc_refs, expected_decision};

use crate::page::Page;

/// A page of the IAM User Guide, as the `docs` field names it.
fn doc_link(page: &str) -> String {
    let stem = page.trim_end_matches(".md");
    format!("https://docs.aws.amazon.com/IAM/latest/UserGuide/{stem}.html")
}

#[component]
pub fn Intro() -> impl IntoView {
    let page = expect_context::<Page>();
    let meta = page.model.meta;
    move || {
        let m = meta.get();
        let docs: Vec<(String, String)> = m
            .docs
            .as_deref()
            .map(doc_refs)
            .unwrap_or_default()
            .into_iter()
            .map(|doc| (doc_link(&doc.page), doc.heading.unwrap_or(doc.page)))
            .collect();
        let expected = m.expect.as_deref().and_then(expected_decision);
        (m.title.is_some() || m.description.is_some()).then(|| view! {
            <section class="intro" aria-label="About this scenario">
                {m.title.map(|t| view! { <h2>{t}</h2> })}
                {m.description.map(|d| view! { <p>{d}</p> })}
                {expected.map(|d| view! { <p class="expected">"Expected by AWS's documentation: "<strong>{d.as_str()}</strong></p> })}
                {(!docs.is_empty()).then(|| view! {
                    <p class="docs">"AWS docs: "
                        {docs.into_iter().map(|(href, heading)| view! {
                            <a href=href target="_blank" rel="noopener">{heading}</a>" "
                        }).collect_view()}
                    </p>
                })}
            </section>
        })
    }
}
