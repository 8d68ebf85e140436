//! The what-if note above the trace: what was switched off, so that the
//! result is not mistaken for the policies as attached. Nothing otherwise.

use std::sync::Arc;

use iamsim::EvalResult;
use leptos::prelude::*;

use crate::whatif::left_out;

#[component]
pub fn LeftOut(#[prop(into)] result: Signal<Option<Arc<EvalResult>>>) -> impl IntoView {
    let items = move || {
        result.with(|r| {
            r.as_ref()
                .map(|r| left_out(&r.switched_off))
                .unwrap_or_default()
        })
    };
    move || {
        let items = items();
        (!items.is_empty()).then(|| view! {
            <div class="rv-whatif" data-testid="whatif" role="note">
                <p>"What-if: these are switched off, so this is not the decision of the policies as attached."</p>
                <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
            </div>
        })
    }
}
