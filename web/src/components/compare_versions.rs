//! "Compare with a new version" of one policy (a button above its editor):
//! a second editor, opened on the policy's text, and the requests whose decision the new version
//! changes (newly allowed, newly denied), computed once typing pauses in
//! either version or the request. "Use the new version" puts it in
//! the policy's editor.

use std::time::Duration;

use iamsim::compare::DecisionChange;
use iamsim::whatif::PolicyTarget;
use iamsim::PolicyType;
use leptos::prelude::*;

use super::editor::Editor;
use crate::assist;
use crate::browser;
use crate::comparison::compare_new_version;
use crate::frame::computed_after_paint;
use crate::model::PolicyModel;
use crate::page::Page;
use crate::wording::decision_label;

/// Measured in the page: 0.4 ms on the largest example, but 100 to 215 ms
/// for a 200-statement policy (200 resources, each request evaluated under
/// both versions): the comparison waits for a pause in typing.
const PAUSE: Duration = Duration::from_millis(250);

#[component]
pub fn CompareVersions(page: Page, policy: PolicyModel, kind: PolicyType) -> impl IntoView {
    let open = RwSignal::new(false);
    let on_close = Callback::new(move |()| open.set(false));
    view! {
        <button type="button" class="cmp-open" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|open| *open = !*open)>"Compare with a new version"</button>
        {move || open.get().then(|| view! { <NewVersion page policy kind on_close/> }.into_any())}
    }
}

/// The second editor, opened on the policy's text as it is, and the comparison.
#[component]
fn NewVersion(
    page: Page,
    policy: PolicyModel,
    kind: PolicyType,
    on_close: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(policy.text.get_untracked());
    let found = computed_after_paint(
        PAUSE,
        move || {
            page.scenario.track();
            text.track();
        },
        move || {
            let target = PolicyTarget {
                policy_type: kind,
                // SCPs and RCPs: the first level that holds a policy of this name.
                level: None,
                policy: policy.name.get_untracked(),
            };
            page.scenario.with_untracked(|s| {
                text.with_untracked(|t| {
                    let catalog = assist::catalog_actions();
                    let known: Vec<&str> = catalog.iter().map(String::as_str).collect();
                    compare_new_version(s, &target, t, &known, Some(browser::now_epoch_seconds()))
                })
            })
        },
    );
    let diagnostics = Signal::derive(move || {
        found.with(|f| f.iter().flat_map(|f| f.diagnostics.clone()).collect())
    });
    let comparison = move || found.with(|f| f.as_ref().and_then(|f| f.comparison.clone()));
    // Not for a policy an exercise keeps read-only.
    let may_use = page.may_edit_policy(&policy.name.get_untracked());
    let use_new = move |_| {
        policy.text.set(text.get_untracked());
        on_close.run(());
    };
    let label = format!("New version of {}", policy.name.get_untracked());
    view! {
        <div class="cmp" data-testid="compare">
            <h4>{label.clone()}</h4>
            <Editor text diagnostics highlighted=Signal::stored(Vec::new()) focus=Signal::stored(None) label/>
            <div class="cmp-result" role="status">
                {move || comparison().map(|c| {
                    let counts = format!(
                        "{} requests compared{}: {} newly allowed, {} newly denied.",
                        c.compared,
                        if c.truncated { " (the first only)" } else { "" },
                        c.newly_allowed.len(),
                        c.newly_denied.len(),
                    );
                    view! {
                        <p class="cmp-counts">{counts}</p>
                        {changes("Newly allowed", "allowed", c.newly_allowed)}
                        {changes("Newly denied", "denied", c.newly_denied)}
                    }
                })}
            </div>
            <div class="cmp-actions">
                {may_use.then(|| view! { <button type="button" on:click=use_new>"Use the new version"</button> })}
                <button type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </div>
    }
}

/// One group of changed requests, with each request's action and resource.
fn changes(title: &'static str, group: &'static str, list: Vec<DecisionChange>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let items = list
            .into_iter()
            .map(|c| {
                let change = format!("{} → {}", decision_label(c.before), decision_label(c.after));
                view! {
                    <li data-testid="changed-request">
                        <code>{c.action}</code>" on "<code>{c.resource}</code>
                        <span class="cmp-change">{change}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h4 class=format!("cmp-{group}")>{title}</h4>
            <ul class="cmp-list" data-testid=format!("newly-{group}")>{items}</ul>
        }
    })
}
