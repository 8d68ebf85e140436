//! Every kind of policy in the scenario: identity policies, the resource (or
//! trust) policy, boundary, session policy, SCP and RCP levels, the VPC
//! endpoint policy. Kinds not in use stay folded behind an "Add ..." button.

use iamsim::scenario::{LevelText, PolicyText};
use iamsim::PolicyType;
use leptos::prelude::*;

use super::policy_panel::PolicyPanel;
use crate::model::{new_policy, LevelKind, LevelModel, Model, PolicyModel, SingleKind};
use crate::page::Page;

struct SingleInfo {
    kind: SingleKind,
    policy_type: PolicyType,
    heading: &'static str,
    add: &'static str,
    base_name: &'static str,
}

const SINGLES: [SingleInfo; 4] = [
    SingleInfo {
        kind: SingleKind::Resource,
        policy_type: PolicyType::Resource,
        heading: "Resource policy",
        add: "Add a resource policy",
        base_name: "resource policy",
    },
    SingleInfo {
        kind: SingleKind::Boundary,
        policy_type: PolicyType::PermissionsBoundary,
        heading: "Permissions boundary",
        add: "Add a permissions boundary",
        base_name: "boundary",
    },
    SingleInfo {
        kind: SingleKind::Session,
        policy_type: PolicyType::Session,
        heading: "Session policy",
        add: "Add a session policy",
        base_name: "session policy",
    },
    SingleInfo {
        kind: SingleKind::VpcEndpoint,
        policy_type: PolicyType::VpcEndpoint,
        heading: "VPC endpoint policy",
        add: "Add a VPC endpoint policy",
        base_name: "endpoint policy",
    },
];

struct LevelInfo {
    kind: LevelKind,
    policy_type: PolicyType,
    heading: &'static str,
    add: &'static str,
    /// The policy a new root level starts with.
    first_policy: (&'static str, &'static str),
}

/// AWS attaches FullAWSAccess by default; without an allow at a level, SCPs deny.
const FULL_AWS_ACCESS: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
/// RCPs only take access away: a typical one denies requests without TLS.
const REQUIRE_TLS: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Principal\": \"*\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\",\n      \"Condition\": { \"BoolIfExists\": { \"aws:SecureTransport\": \"false\" } }\n    }\n  ]\n}";

const LEVELS: [LevelInfo; 2] = [
    LevelInfo {
        kind: LevelKind::Scp,
        policy_type: PolicyType::Scp,
        heading: "Service control policies (SCPs)",
        add: "Add service control policies",
        first_policy: ("FullAWSAccess", FULL_AWS_ACCESS),
    },
    LevelInfo {
        kind: LevelKind::Rcp,
        policy_type: PolicyType::Rcp,
        heading: "Resource control policies (RCPs)",
        add: "Add resource control policies",
        first_policy: ("require-tls", REQUIRE_TLS),
    },
];

#[component]
pub fn Policies() -> impl IntoView {
    let page = expect_context::<Page>();
    let model = page.model;
    let add_identity = move |_| {
        let policy = new_policy(&model, "policy");
        model.identity.update(|list| list.push(policy));
    };
    let singles_shown = SINGLES
        .iter()
        .map(|info| view! { <SinglePolicy info/> })
        .collect_view();
    let levels_shown = LEVELS
        .iter()
        .map(|info| Suspend::new(async move { levels(info).await }))
        .collect_view();
    let add_buttons = (!page.readonly).then(|| Suspend::new(async move { add_kinds(page).await }));
    view! {
        <section class="policies" aria-label="Policies">
            <h2 class="visually-hidden">"Policies"</h2>
            <For each=move || model.identity.get() key=|p| p.id let:policy>
                <PolicyPanel policy kind=PolicyType::Identity heading="Identity policy".to_string()
                    on_remove=Callback::new(move |()| model.identity.update(|l| l.retain(|p| p.id != policy.id)))/>
            </For>
            {(!page.readonly).then(|| view! {
                <button type="button" class="add" hidden=move || page.locked() on:click=add_identity>"Add an identity policy"</button>
            })}
            {singles_shown}
            {levels_shown}
            {add_buttons}
        </section>
    }
}

/// SCP and RCP levels are rarer than the other kinds: their panels' code
/// loads after the first paint.
#[leptos::lazy]
fn levels(info: &'static LevelInfo) -> AnyView {
    view! { <Levels info/> }.into_any()
}

/// The buttons that add a policy kind, loaded after the first paint.
#[leptos::lazy]
fn add_kinds(page: Page) -> AnyView {
    let model = page.model;
    {
        let singles = SINGLES.iter().map(|info| {
            let slot = model.single(info.kind);
            let base = info.base_name;
            view! {
                <Show when=move || slot.with(Option::is_none)>
                    <button type="button" class="add" on:click=move |_| slot.set(Some(new_policy(&model, base)))>{info.add}</button>
                </Show>
            }
        }).collect_view();
        let levels = LEVELS.iter().map(|info| {
            let levels = model.levels(info.kind);
            let (name, document) = info.first_policy;
            view! {
                <Show when=move || levels.with(Vec::is_empty)>
                    <button type="button" class="add" on:click=move |_| {
                        let policy = PolicyText { name: name.into(), document: document.into(), attached_to: None, managed: None };
                        levels.set(vec![model.level(LevelText { name: "Root".into(), policies: vec![policy] })]);
                    }>{info.add}</button>
                </Show>
            }
        }).collect_view();
        view! { <div class="add-kinds" aria-label="Add a policy kind" role="group" hidden=move || page.locked()>{singles}{levels}</div> }.into_any()
    }
}

/// The heading of the resource policy: AWS calls a role's resource policy its trust policy.
fn single_heading(model: Model, info: &'static SingleInfo) -> Signal<String> {
    let heading = info.heading;
    let is_resource = info.kind == SingleKind::Resource;
    let request = model.request;
    Signal::derive(move || {
        let trust = is_resource && request.is_role_trust();
        if trust {
            "Trust policy".to_string()
        } else {
            heading.to_string()
        }
    })
}

#[component]
fn SinglePolicy(info: &'static SingleInfo) -> impl IntoView {
    let page = expect_context::<Page>();
    let slot = page.model.single(info.kind);
    let heading = single_heading(page.model, info);
    let policy_type = info.policy_type;
    move || {
        slot.get().map(|policy: PolicyModel| view! {
        <PolicyPanel policy kind=policy_type heading on_remove=Callback::new(move |()| slot.set(None))/>
    })
    }
}

#[component]
fn Levels(info: &'static LevelInfo) -> impl IntoView {
    let page = expect_context::<Page>();
    let model = page.model;
    let levels = model.levels(info.kind);
    let policy_type = info.policy_type;
    let heading = info.heading;
    let add_level = move |_| {
        let level = model.level(LevelText {
            name: format!("level {}", levels.with(Vec::len) + 1),
            policies: vec![],
        });
        levels.update(|l| l.push(level));
    };
    view! {
        <Show when=move || levels.with(|l| !l.is_empty())>
            <section class="levels" aria-label=heading>
                <h3>{heading}</h3>
                <p class="hint">"One level per organization level, root first, the account last. Every level must allow."</p>
                <For each=move || levels.get() key=|l| l.id let:level>
                    <Level level policy_type on_remove=Callback::new(move |()| levels.update(|l| l.retain(|x| x.id != level.id)))/>
                </For>
                {(!page.readonly).then(|| view! {
                    <button type="button" class="add" hidden=move || page.locked() on:click=add_level>"Add a level"</button>
                })}
            </section>
        </Show>
    }
}

#[component]
fn Level(level: LevelModel, policy_type: PolicyType, on_remove: Callback<()>) -> impl IntoView {
    let page = expect_context::<Page>();
    let model = page.model;
    let readonly = page.fixed();
    let policies = level.policies;
    let add_policy = move |_| {
        let policy = new_policy(&model, "policy");
        policies.update(|p| p.push(policy));
    };
    view! {
        <fieldset class="level">
            <legend>
                <label class="field inline">
                    <span>"Level"</span>
                    <input type="text" readonly=readonly prop:value=move || level.name.get()
                        on:input=move |ev| level.name.set(event_target_value(&ev))/>
                </label>
                {(!readonly).then(|| view! {
                    <button type="button" class="icon remove" aria-label=move || format!("Remove level {}", level.name.get())
                        on:click=move |_| on_remove.run(())>"×"</button>
                })}
            </legend>
            <For each=move || policies.get() key=|p| p.id let:policy>
                <PolicyPanel policy kind=policy_type heading=Signal::derive(move || format!("{} policy", level.name.get()))
                    on_remove=Callback::new(move |()| policies.update(|l| l.retain(|p| p.id != policy.id)))/>
            </For>
            {(!readonly).then(|| view! {
                <button type="button" class="add" on:click=add_policy>"Add a policy to this level"</button>
            })}
        </fieldset>
    }
}
