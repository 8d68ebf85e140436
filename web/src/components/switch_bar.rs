//! What-if toggles on a policy panel: the policy, and each of its
//! statements, in effect or switched off (`switchedOff`) without deleting
//! anything; what is switched off is dimmed in the editor.

use iamsim::PolicyType;
use leptos::prelude::*;

use crate::model::PolicyModel;
use crate::page::Page;
use crate::whatif::{dimmed_lines, stale, stale_label, statements, Spot};

#[component]
pub fn SwitchBar(
    policy: PolicyModel,
    kind: PolicyType,
    /// The editor's lines to dim, kept by this bar.
    dimmed: RwSignal<Vec<(u32, u32)>>,
) -> impl IntoView {
    let page = expect_context::<Page>();
    page.model.claim_switches();
    let (name, switches) = (policy.name, policy.switches);
    // The statements as last loaded: an edit that breaks the JSON keeps
    // the toggles where they were.
    let spots = Memo::new(move |previous: Option<&Vec<Spot>>| {
        let name = name.get();
        page.outcome.with(|o| match &o.scenario {
            Some(s) => statements(s, kind, &name),
            None => previous.cloned().unwrap_or_default(),
        })
    });
    Effect::new(move |_| {
        let lines = switches.with(|s| spots.with(|spots| dimmed_lines(s, spots)));
        dimmed.set(lines);
    });
    let policy_off = Memo::new(move |_| switches.with(|s| s.policy));
    let statement_toggles = move || {
        let spots = spots.get();
        let stale_ones: Vec<_> = switches.with(|s| stale(s, &spots).into_iter().cloned().collect());
        let toggles = spots.into_iter().map(|spot| {
            let label = spot.label();
            let (index, sid) = (spot.index, spot.sid.clone());
            let on = move || switches.with(|s| !s.statement_off(index, sid.as_deref()));
            let sid = spot.sid;
            view! {
                <label class="switch">
                    <input type="checkbox" prop:checked=on
                        on:change=move |_| switches.update(|s| s.toggle_statement(index, sid.as_deref()))/>
                    {label}
                </label>
            }
        });
        let stale_toggles = stale_ones.into_iter().map(|r| {
            let label = stale_label(&r);
            view! {
                <label class="switch switch-stale">
                    <input type="checkbox" prop:checked=false
                        on:change=move |_| switches.update(|s| s.statements.retain(|x| *x != r))/>
                    {label}
                </label>
            }
        });
        (toggles.collect_view(), stale_toggles.collect_view())
    };
    view! {
        <div class="switches" role="group" aria-label=move || format!("What-if: parts of {} in effect", name.get())>
            <span class="switches-label">"What-if:"</span>
            <label class="switch switch-policy">
                <input type="checkbox" data-testid="policy-switch" prop:checked=move || !policy_off.get()
                    on:change=move |_| switches.update(|s| s.policy = !s.policy)/>
                "policy in effect"
            </label>
            {move || (!policy_off.get()).then(statement_toggles)}
        </div>
    }
}
