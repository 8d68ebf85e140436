//! One named policy: its name, where it is attached (identity policies), its
//! editor with its diagnostics and highlighted statements, and removal.

use iamsim::diagnostic::DiagnosticReport;
use iamsim::PolicyType;
use leptos::prelude::*;

use super::compare_versions::CompareVersions;
use super::editor::Editor;
use super::switch_bar::SwitchBar;
use crate::model::PolicyModel;
use crate::page::Page;
use crate::wording::attachment_label;

#[component]
pub fn PolicyPanel(
    policy: PolicyModel,
    kind: PolicyType,
    /// What the panel is, e.g. "Identity policy", "Trust policy".
    #[prop(into)]
    heading: Signal<String>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let page = expect_context::<Page>();
    let readonly = page.fixed();
    let name = policy.name;
    let text_readonly = !page.may_edit_policy(&name.get_untracked());
    let diagnostics = Signal::derive(move || {
        let name = name.get();
        page.outcome.with(|o| o.for_policy(&name))
    });
    let highlighted = page.highlighted_lines(kind, name);
    let focus = Signal::derive(move || {
        page.focus
            .get()
            .filter(|(p, _, _)| *p == name.get())
            .map(|(_, start, _)| start)
    });
    // Written by the what-if toggles: the lines switched off.
    let dimmed = RwSignal::new(Vec::new());
    let findings = RwSignal::new(Vec::new());
    let label = name.get_untracked();
    view! {
        <section class="policy" data-testid="policy" data-policy=move || name.get()>
            <div class="policy-head">
                <h3>{move || heading.get()}</h3>
                {(!readonly).then(|| view! {
                    <button type="button" class="icon remove" aria-label=move || format!("Remove {}", name.get())
                        on:click=move |_| on_remove.run(())>"×"</button>
                })}
            </div>
            <div class="policy-meta">
                <label class="field inline">
                    <span>"Name"</span>
                    <input type="text" spellcheck="false" readonly=readonly
                        prop:value=move || name.get() on:change=move |ev| name.set(event_target_value(&ev))/>
                </label>
                {(kind == PolicyType::Identity).then(|| view! { <Attachment policy readonly/> })}
            </div>
            {(!readonly).then(|| Suspend::new(async move { switch_bar(policy, kind, dimmed, findings).await }))}
            <Editor text=policy.text diagnostics highlighted dimmed focus label=format!("Policy document: {label}") readonly=text_readonly findings/>
        </section>
    }
}

/// Whose identity policy this is (user, group, role) and whether it is managed.
#[component]
fn Attachment(policy: PolicyModel, readonly: bool) -> impl IntoView {
    use iamsim::kinds::Attachment::{Group, Role, User};
    let attached = policy.attached_to;
    let managed = policy.managed;
    let managed_value = move || match managed.get() {
        Some(true) => "managed",
        Some(false) => "inline",
        None => "",
    };
    view! {
        <label class="field inline">
            <span>"Attached to"</span>
            <select disabled=readonly prop:value=move || attached.get().unwrap_or_default()
                on:change=move |ev| { let v = event_target_value(&ev); attached.set((!v.is_empty()).then_some(v)); }>
                <option value="">"—"</option>
                <option value=User.as_str()>{attachment_label(User)}</option>
                <option value=Group.as_str()>{attachment_label(Group)}</option>
                <option value=Role.as_str()>{attachment_label(Role)}</option>
            </select>
        </label>
        <label class="field inline">
            <span>"Type"</span>
            <select disabled=readonly prop:value=managed_value
                on:change=move |ev| managed.set(match event_target_value(&ev).as_str() {
                    "managed" => Some(true),
                    "inline" => Some(false),
                    _ => None,
                })>
                <option value="">"—"</option>
                <option value="inline">"inline"</option>
                <option value="managed">"managed"</option>
            </select>
        </label>
    }
}

/// The what-if toggles, loaded after the first paint.
#[leptos::lazy]
fn switch_bar(
    policy: PolicyModel,
    kind: PolicyType,
    dimmed: RwSignal<Vec<(u32, u32)>>,
    findings: RwSignal<Vec<DiagnosticReport>>,
) -> AnyView {
    // "Compare with a new version" and the assist module's findings ride on
    // the same chunk: no more code in the first load.
    let here = NodeRef::<leptos::html::Div>::new();
    let compare = use_context::<Page>().map(|page| {
        crate::assist::underline_findings(page, policy, kind, findings, here);
        view! { <CompareVersions page policy kind/> }.into_any()
    });
    view! { <div node_ref=here><SwitchBar policy kind dimmed/> {compare}</div> }.into_any()
}
