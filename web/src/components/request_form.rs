//! The request: principal, action, resource, resource account, and the
//! context table (a key and one or more values per row, with suggestions for
//! the global condition keys).

use leptos::prelude::*;

use iamsim::scenario::ContextEntry;

use crate::model::ContextRowModel;
use crate::page::Page;

/// Keys suggested in the context table; those ending in `/` take a tag key.
const SUGGESTED_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:RequestedRegion",
    "aws:PrincipalTag/",
    "aws:ResourceTag/",
    "aws:RequestTag/",
    "aws:TagKeys",
    "aws:PrincipalOrgID",
    "aws:SecureTransport",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:CalledVia",
    "aws:ViaAWSService",
    "aws:CurrentTime",
    "aws:EpochTime",
    "sts:ExternalId",
    "s3:prefix",
];

#[component]
fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let readonly = expect_context::<Page>().readonly;
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" spellcheck="false" autocomplete="off" readonly=readonly placeholder=placeholder
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </label>
    }
}

#[component]
pub fn RequestForm() -> impl IntoView {
    let page = expect_context::<Page>();
    let request = page.model.request;
    let rows = request.context;
    let add_row = move |_| {
        let row = page.model.context_row(ContextEntry {
            key: String::new(),
            values: vec![String::new()],
            multi: false,
        });
        rows.update(|r| r.push(row));
    };
    view! {
        // In an exercise embed, the request is the exercise's, not the learner's.
        <fieldset class="request" data-testid="request" disabled=move || page.locked()>
            <legend>"Request"</legend>
            <div class="request-fields">
                <TextField label="Principal" value=request.principal placeholder="arn:aws:iam::111122223333:user/alice"/>
                <TextField label="Action" value=request.action placeholder="s3:GetObject"/>
                <TextField label="Resource" value=request.resource placeholder="arn:aws:s3:::bucket/key"/>
                <TextField label="Resource account" value=request.resource_account placeholder="from the resource ARN"/>
            </div>
            <table class="context">
                <caption>"Context keys"</caption>
                <thead><tr><th scope="col">"Key"</th><th scope="col">"Value(s)"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.id let:row>
                        <ContextRowView row/>
                    </For>
                </tbody>
            </table>
            <datalist id="context-keys">
                {SUGGESTED_KEYS.iter().map(|k| view! { <option value=*k></option> }).collect_view()}
            </datalist>
            {(!page.readonly).then(|| view! {
                <button type="button" class="add" on:click=add_row>"Add context key"</button>
            })}
        </fieldset>
    }
}

#[component]
fn ContextRowView(row: ContextRowModel) -> impl IntoView {
    let page = expect_context::<Page>();
    let readonly = page.readonly;
    let rows = page.model.request.context;
    // Re-render the value inputs only when their number changes, so typing keeps the caret.
    let count = Memo::new(move |_| row.values.with(Vec::len));
    let key_label = move || {
        let key = row.key.get();
        if key.is_empty() {
            "Context key".to_string()
        } else {
            key
        }
    };
    let value_inputs = move || {
        (0..count.get())
            .map(|i| {
                view! {
                    <span class="value">
                        <input type="text" spellcheck="false" autocomplete="off" readonly=readonly
                            aria-label=move || format!("Value {} of {}", i + 1, key_label())
                            prop:value=move || row.values.with(|v| v.get(i).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                row.values.update(|v| if let Some(slot) = v.get_mut(i) { *slot = text });
                            }/>
                        {(!readonly && count.get() > 1).then(|| view! {
                            <button type="button" class="icon" aria-label=move || format!("Remove value {} of {}", i + 1, key_label())
                                on:click=move |_| row.values.update(|v| { if i < v.len() { v.remove(i); } })>"−"</button>
                        })}
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <tr>
            <td>
                <input type="text" list="context-keys" spellcheck="false" autocomplete="off" readonly=readonly
                    aria-label="Context key" placeholder="aws:SourceIp"
                    prop:value=move || row.key.get() on:input=move |ev| row.key.set(event_target_value(&ev))/>
            </td>
            <td class="values">
                {value_inputs}
                {(!readonly).then(|| view! {
                    <button type="button" class="icon" title="Add a value (multi-valued key)"
                        aria-label=move || format!("Add a value to {}", key_label())
                        on:click=move |_| { row.multi.set(true); row.values.update(|v| v.push(String::new())); }>"+"</button>
                })}
            </td>
            <td>
                {(!readonly).then(|| view! {
                    <button type="button" class="icon" aria-label=move || format!("Remove {}", key_label())
                        on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))>"×"</button>
                })}
            </td>
        </tr>
    }
}
