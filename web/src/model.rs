//! The page's reactive model: the scenario ([`ScenarioText`]) split into signals, one
//! per field the user edits, so that typing in one editor re-renders only
//! what reads it. [`Model::snapshot`] turns it back into the plain state that
//! evaluation, share links and export use; [`Model::load`] replaces it all.
//!
//! Lists carry a stable `id` per item so that `<For>` keeps an editor (and its
//! caret) in place while other items are added or removed.
//!
//! Every item's signals are created under the app's root owner (through
//! [`Model`]'s constructors), never under the component whose button made
//! them: that component may be disposed right after (a `<Show>` that hides
//! its "Add" button, a result list that re-renders), taking the signals along.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use iamsim::scenario::{ContextEntry, LevelText, PolicyText, RequestText, ScenarioText};

use crate::switches::{self, Switches};

fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The fields of a scenario the page shows but does not edit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    /// JSON texts, as in [`ScenarioText`].
    pub docs: Option<String>,
    pub expect: Option<String>,
    pub requests: Option<String>,
    /// `switchedOff` as loaded, until the what-if toggles take it
    /// ([`Model::claim_switches`]): a page that shows no toggles (read-only)
    /// passes it through, and the first load reads no more JSON.
    pub switched_off: Option<String>,
    /// The `switchedOff` entries no policy holds (see [`switches::Placed`]).
    pub unplaced_switches: Vec<String>,
    pub exercise: Option<String>,
}

#[derive(Clone, Copy)]
pub struct PolicyModel {
    pub id: usize,
    pub name: RwSignal<String>,
    pub text: RwSignal<String>,
    pub attached_to: RwSignal<Option<String>>,
    pub managed: RwSignal<Option<bool>>,
    /// What-if: the policy, or some of its statements, switched off.
    pub switches: RwSignal<Switches>,
}

impl PolicyModel {
    fn new(state: PolicyText) -> PolicyModel {
        PolicyModel {
            id: next_id(),
            name: RwSignal::new(state.name),
            text: RwSignal::new(state.document),
            attached_to: RwSignal::new(state.attached_to),
            managed: RwSignal::new(state.managed),
            switches: RwSignal::new(Switches::default()),
        }
    }

    fn snapshot(&self) -> PolicyText {
        PolicyText {
            name: self.name.get(),
            document: self.text.get(),
            attached_to: self.attached_to.get(),
            managed: self.managed.get(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct LevelModel {
    pub id: usize,
    pub name: RwSignal<String>,
    pub policies: RwSignal<Vec<PolicyModel>>,
}

impl LevelModel {
    fn new(state: LevelText) -> LevelModel {
        LevelModel {
            id: next_id(),
            name: RwSignal::new(state.name),
            policies: RwSignal::new(state.policies.into_iter().map(PolicyModel::new).collect()),
        }
    }

    fn snapshot(&self) -> LevelText {
        LevelText {
            name: self.name.get(),
            policies: self
                .policies
                .get()
                .iter()
                .map(PolicyModel::snapshot)
                .collect(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct ContextRowModel {
    pub id: usize,
    pub key: RwSignal<String>,
    pub values: RwSignal<Vec<String>>,
    pub multi: RwSignal<bool>,
}

impl ContextRowModel {
    fn new(row: ContextEntry) -> ContextRowModel {
        ContextRowModel {
            id: next_id(),
            key: RwSignal::new(row.key),
            values: RwSignal::new(row.values),
            multi: RwSignal::new(row.multi),
        }
    }
}

#[derive(Clone, Copy)]
pub struct RequestModel {
    pub principal: RwSignal<String>,
    pub action: RwSignal<String>,
    pub resource: RwSignal<String>,
    /// Empty means "not given": the evaluator derives it.
    pub resource_account: RwSignal<String>,
    pub context: RwSignal<Vec<ContextRowModel>>,
}

impl RequestModel {
    /// Whether the resource policy is a role's trust policy (reactive): see
    /// [`RequestText::is_role_trust`].
    pub fn is_role_trust(&self) -> bool {
        RequestText {
            action: self.action.get(),
            resource: self.resource.get(),
            ..Default::default()
        }
        .is_role_trust()
    }
}

/// A policy kind with at most one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SingleKind {
    Resource,
    Boundary,
    Session,
    VpcEndpoint,
}

/// A policy kind organized in organization levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelKind {
    Scp,
    Rcp,
}

#[derive(Clone, Copy)]
pub struct Model {
    /// The owner new items' signals belong to: the app's.
    owner: StoredValue<Option<Owner>>,
    pub meta: RwSignal<Meta>,
    pub request: RequestModel,
    pub identity: RwSignal<Vec<PolicyModel>>,
    resource: RwSignal<Option<PolicyModel>>,
    boundary: RwSignal<Option<PolicyModel>>,
    session: RwSignal<Option<PolicyModel>>,
    vpc_endpoint: RwSignal<Option<PolicyModel>>,
    scps: RwSignal<Vec<LevelModel>>,
    rcps: RwSignal<Vec<LevelModel>>,
}

impl Model {
    pub fn new(state: ScenarioText) -> Model {
        let model = Model {
            owner: StoredValue::new(Owner::current()),
            meta: RwSignal::new(Meta::default()),
            request: RequestModel {
                principal: RwSignal::new(String::new()),
                action: RwSignal::new(String::new()),
                resource: RwSignal::new(String::new()),
                resource_account: RwSignal::new(String::new()),
                context: RwSignal::new(Vec::new()),
            },
            identity: RwSignal::new(Vec::new()),
            resource: RwSignal::new(None),
            boundary: RwSignal::new(None),
            session: RwSignal::new(None),
            vpc_endpoint: RwSignal::new(None),
            scps: RwSignal::new(Vec::new()),
            rcps: RwSignal::new(Vec::new()),
        };
        model.load(state);
        model
    }

    /// Runs `make` under the app's owner (see the module's notes).
    fn in_root<T>(&self, make: impl FnOnce() -> T) -> T {
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    pub fn policy(&self, state: PolicyText) -> PolicyModel {
        self.in_root(|| PolicyModel::new(state))
    }

    pub fn level(&self, state: LevelText) -> LevelModel {
        self.in_root(|| LevelModel::new(state))
    }

    pub fn context_row(&self, row: ContextEntry) -> ContextRowModel {
        self.in_root(|| ContextRowModel::new(row))
    }

    pub fn single(&self, kind: SingleKind) -> RwSignal<Option<PolicyModel>> {
        match kind {
            SingleKind::Resource => self.resource,
            SingleKind::Boundary => self.boundary,
            SingleKind::Session => self.session,
            SingleKind::VpcEndpoint => self.vpc_endpoint,
        }
    }

    pub fn levels(&self, kind: LevelKind) -> RwSignal<Vec<LevelModel>> {
        match kind {
            LevelKind::Scp => self.scps,
            LevelKind::Rcp => self.rcps,
        }
    }

    /// Replaces everything with `state` (an example, an import, a share link).
    pub fn load(&self, state: ScenarioText) {
        self.in_root(|| self.load_items(state));
    }

    fn load_items(&self, state: ScenarioText) {
        self.meta.set(Meta {
            title: state.title,
            description: state.description,
            docs: state.docs,
            expect: state.expect,
            requests: state.requests,
            switched_off: state.switched_off,
            unplaced_switches: Vec::new(),
            exercise: state.exercise,
        });
        let r = state.request;
        self.request.principal.set(r.principal);
        self.request.action.set(r.action);
        self.request.resource.set(r.resource);
        self.request
            .resource_account
            .set(r.resource_account.unwrap_or_default());
        self.request
            .context
            .set(r.context.into_iter().map(ContextRowModel::new).collect());
        self.identity.set(
            state
                .identity_policies
                .into_iter()
                .map(PolicyModel::new)
                .collect(),
        );
        self.resource
            .set(state.resource_policy.map(PolicyModel::new));
        self.boundary
            .set(state.permissions_boundary.map(PolicyModel::new));
        self.session.set(state.session_policy.map(PolicyModel::new));
        self.vpc_endpoint
            .set(state.vpc_endpoint_policy.map(PolicyModel::new));
        self.scps.set(
            state
                .service_control_policies
                .into_iter()
                .map(LevelModel::new)
                .collect(),
        );
        self.rcps.set(
            state
                .resource_control_policies
                .into_iter()
                .map(LevelModel::new)
                .collect(),
        );
    }

    /// Gives each policy the switches `switchedOff` names for it (once after
    /// a load: the what-if toggles call it as they appear).
    pub fn claim_switches(&self) {
        let Some(text) = self.meta.with_untracked(|m| m.switched_off.clone()) else {
            return;
        };
        untrack(|| {
            let mut names = Vec::new();
            self.each_policy(|p| names.push(p.name.get()));
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let placed = switches::place(&text, &names);
            self.each_policy(|p| {
                let name = p.name.get();
                if let Some((_, switches)) = placed.by_policy.iter().find(|(n, _)| *n == name) {
                    p.switches.set(switches.clone());
                }
            });
            self.meta.update(|m| {
                m.switched_off = None;
                m.unplaced_switches = placed.unplaced;
            });
        });
    }

    /// Calls `f` on every policy, in the evaluator's order.
    fn each_policy(&self, mut f: impl FnMut(&PolicyModel)) {
        self.identity.with(|l| l.iter().for_each(&mut f));
        for slot in [self.resource, self.boundary, self.session] {
            slot.with(|p| p.iter().for_each(&mut f));
        }
        for levels in [self.scps, self.rcps] {
            levels.with(|levels| {
                for level in levels {
                    level.policies.with(|l| l.iter().for_each(&mut f));
                }
            });
        }
        self.vpc_endpoint.with(|p| p.iter().for_each(&mut f));
    }

    /// `switchedOff` as JSON text, from every policy's switches.
    fn switched_off(&self, unplaced: &[String]) -> Option<String> {
        let mut switched = Vec::new();
        self.each_policy(|p| {
            let switches = p.switches.get();
            if switches != Switches::default() {
                switched.push((p.name.get(), switches));
            }
        });
        switches::write(switched.iter().map(|(n, s)| (n.as_str(), s)), unplaced)
    }

    /// The whole state; reading it tracks every signal, so a memo over it
    /// re-runs on any edit.
    pub fn snapshot(&self) -> ScenarioText {
        let meta = self.meta.get();
        let single = |s: RwSignal<Option<PolicyModel>>| s.get().map(|p| p.snapshot());
        let levels =
            |s: RwSignal<Vec<LevelModel>>| s.get().iter().map(LevelModel::snapshot).collect();
        let account = self.request.resource_account.get();
        ScenarioText {
            title: meta.title,
            description: meta.description,
            docs: meta.docs,
            expect: meta.expect,
            requests: meta.requests,
            switched_off: meta
                .switched_off
                .or_else(|| self.switched_off(&meta.unplaced_switches)),
            exercise: meta.exercise,
            request: RequestText {
                principal: self.request.principal.get(),
                action: self.request.action.get(),
                resource: self.request.resource.get(),
                resource_account: (!account.trim().is_empty()).then_some(account),
                context: self
                    .request
                    .context
                    .get()
                    .iter()
                    .map(|row| ContextEntry {
                        key: row.key.get(),
                        values: row.values.get(),
                        multi: row.multi.get(),
                    })
                    .filter(|row| !row.key.trim().is_empty())
                    .collect(),
            },
            identity_policies: self
                .identity
                .get()
                .iter()
                .map(PolicyModel::snapshot)
                .collect(),
            resource_policy: single(self.resource),
            permissions_boundary: single(self.boundary),
            session_policy: single(self.session),
            service_control_policies: levels(self.scps),
            resource_control_policies: levels(self.rcps),
            vpc_endpoint_policy: single(self.vpc_endpoint),
        }
    }

    /// Every policy name in use, for picking a fresh one.
    pub fn policy_names(&self) -> Vec<String> {
        self.snapshot_untracked()
            .policies()
            .map(|p| p.name.clone())
            .collect()
    }

    fn snapshot_untracked(&self) -> ScenarioText {
        leptos::prelude::untrack(|| self.snapshot())
    }

    /// Adds `key` to the context (once), with one empty value to fill in.
    pub fn add_context_key(&self, key: String) {
        let exists = self.request.context.with_untracked(|rows| {
            rows.iter()
                .any(|r| r.key.get_untracked().eq_ignore_ascii_case(&key))
        });
        if !exists {
            let row = self.context_row(ContextEntry {
                key,
                values: vec![String::new()],
                multi: false,
            });
            self.request.context.update(|rows| rows.push(row));
        }
    }
}

/// An empty policy document to start from.
pub const EMPTY_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// A new policy named `base` (made unique), with [`EMPTY_POLICY`].
pub fn new_policy(model: &Model, base: &str) -> PolicyModel {
    let names = model.policy_names();
    let name = crate::scenario::unique_name(base, names.iter().map(String::as_str));
    model.policy(PolicyText {
        name,
        document: EMPTY_POLICY.to_string(),
        attached_to: None,
        managed: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"},
  "switchedOff": [{"policy": "a", "statementIndex": 1}, {"policy": "b"}, {"policy": "gone"}],
  "identityPolicies": [{"name": "a", "document": {}}],
  "permissionsBoundary": {"name": "b", "document": {}}
}"#;

    /// `switchedOff` passes through until the toggles claim it; then the
    /// switches belong to their policy: a rename takes them along, a
    /// removal drops them, and an entry naming no policy stays as written.
    #[test]
    fn switches_follow_their_policy() {
        Owner::new().with(|| {
            let model = Model::new(crate::scenario::open(SCENARIO).unwrap());
            let text = model.snapshot().switched_off;
            assert_eq!(text, crate::scenario::open(SCENARIO).unwrap().switched_off);
            model.claim_switches();
            assert_eq!(
                model.snapshot().switched_off.as_deref(),
                Some(r#"[{"policy": "gone"},{"policy":"a","statementIndex":1},{"policy":"b"}]"#)
            );
            model
                .identity
                .with_untracked(|l| l[0].name.set("renamed".into()));
            model.single(SingleKind::Boundary).set(None);
            assert_eq!(
                model.snapshot().switched_off.as_deref(),
                Some(r#"[{"policy": "gone"},{"policy":"renamed","statementIndex":1}]"#)
            );
        });
    }
}
