//! Generated scenarios over a small alphabet, so that patterns, principals
//! and conditions match often: a plain model, its JSON (the scenario
//! format), the proptest strategies that build it, and an oracle that says
//! whether a statement matches the request, written from the alphabet's own
//! tables rather than with the evaluator's matchers.

use proptest::prelude::*;
use serde_json::{json, Value};

/// Request actions, resources and principals.
pub const ACTIONS: [&str; 4] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "iam:PassRole",
];
pub const RESOURCES: [&str; 3] = [
    "arn:aws:s3:::bucket/alice/a",
    "arn:aws:s3:::bucket/bob/b",
    "arn:aws:s3:::other/x",
];
/// alice (a user of 111122223333), a role session in 111122223333, and bob,
/// a user of 444455556666 (cross-account: the resources are 111122223333's).
pub const PRINCIPALS: [&str; 3] = [
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/dev/s1",
    "arn:aws:iam::444455556666:user/bob",
];
pub const SESSION: usize = 1;
pub const CROSS_ACCOUNT: usize = 2;
/// `aws:username` of each principal (a role session has none).
const USERNAMES: [Option<&str>; 3] = [Some("alice"), None, Some("bob")];

/// Action patterns; the request's actions are matched case-insensitively.
pub const ACTION_PATTERNS: [&str; 10] = [
    "*",
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "s3:PutObject",
    "s3:*Object",
    "iam:*",
    "s3:?utObject",
    "S3:getobject",
    "s3:List*",
];
/// Resource patterns (none lets a wildcard cross a colon, so matching the
/// whole ARN is the same as matching it field by field).
pub const RESOURCE_PATTERNS: [&str; 7] = [
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/alice/*",
    "arn:aws:s3:::*/x",
    "arn:aws:s3:::other/x",
    "arn:aws:s3:::bucket/${aws:username}/*",
    "arn:aws:s3:::bucket/?lice/a",
];
/// Principal blocks of resource-based policies, and whom each names.
const PRINCIPAL_BLOCKS: [(&str, [bool; 3]); 5] = [
    ("*", [true, true, true]),
    (
        r#"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#,
        [true, false, false],
    ),
    (r#"{"AWS": "111122223333"}"#, [true, true, false]),
    (
        r#"{"AWS": "arn:aws:iam::444455556666:root"}"#,
        [false, false, true],
    ),
    (
        r#"{"AWS": "arn:aws:iam::444455556666:user/bob"}"#,
        [false, false, true],
    ),
];

/// The request context: each key absent or one of a few values.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub team: Option<&'static str>,
    pub secure: Option<&'static str>,
    pub max_keys: Option<&'static str>,
    pub ip: Option<&'static str>,
    pub tag_keys: Option<Vec<&'static str>>,
}

/// A condition block (operator and key as in a policy), and when it holds.
type ConditionCase = (&'static str, fn(&Ctx) -> bool);
pub const CONDITIONS: [ConditionCase; 10] = [
    (
        r#"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#,
        |c| c.team == Some("red"),
    ),
    (
        r#"{"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}"#,
        |c| c.team != Some("blue"),
    ),
    // A negated operator holds on an absent key.
    (
        r#"{"StringNotEquals": {"aws:PrincipalTag/team": "red"}}"#,
        |c| c.team != Some("red"),
    ),
    (r#"{"Bool": {"aws:SecureTransport": "true"}}"#, |c| {
        c.secure == Some("true")
    }),
    (r#"{"NumericLessThan": {"s3:max-keys": "10"}}"#, |c| {
        c.max_keys == Some("5")
    }),
    (
        r#"{"NumericGreaterThanEqualsIfExists": {"s3:max-keys": "10"}}"#,
        |c| c.max_keys != Some("5"),
    ),
    (r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, |c| {
        c.ip == Some("10.1.2.3")
    }),
    (r#"{"Null": {"aws:SourceIp": "true"}}"#, |c| c.ip.is_none()),
    (
        r#"{"ForAnyValue:StringLike": {"aws:TagKeys": "env*"}}"#,
        |c| c.tag_keys.as_ref().is_some_and(|k| k.contains(&"env")),
    ),
    // Over no values (absent or empty), ForAllValues holds.
    (
        r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}"#,
        |c| {
            c.tag_keys
                .as_ref()
                .is_none_or(|k| k.iter().all(|v| *v == "env"))
        },
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Identity,
    Resource,
    Boundary,
    Session,
    Scp,
    Rcp,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub deny: bool,
    pub not_action: bool,
    pub actions: Vec<usize>,
    pub not_resource: bool,
    pub resources: Vec<usize>,
    /// Resource-based policies only.
    pub principal: usize,
    pub conditions: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Pol {
    pub name: String,
    pub v2008: bool,
    pub stmts: Vec<Stmt>,
}

#[derive(Debug, Clone)]
pub struct Scen {
    pub principal: usize,
    pub action: usize,
    /// The action as sent: `ACTIONS[action]`, in any case.
    pub action_text: String,
    pub resource: usize,
    pub ctx: Ctx,
    pub identity: Vec<Pol>,
    pub resource_policy: Option<Pol>,
    pub boundary: Option<Pol>,
    pub session: Option<Pol>,
    pub scps: Vec<Vec<Pol>>,
    pub rcps: Vec<Vec<Pol>>,
}

impl Scen {
    /// Every policy with its kind, in a fixed order.
    pub fn policies(&self) -> Vec<(Kind, &Pol)> {
        let mut all: Vec<(Kind, &Pol)> =
            self.identity.iter().map(|p| (Kind::Identity, p)).collect();
        all.extend(self.resource_policy.iter().map(|p| (Kind::Resource, p)));
        all.extend(self.boundary.iter().map(|p| (Kind::Boundary, p)));
        all.extend(self.session.iter().map(|p| (Kind::Session, p)));
        all.extend(self.scps.iter().flatten().map(|p| (Kind::Scp, p)));
        all.extend(self.rcps.iter().flatten().map(|p| (Kind::Rcp, p)));
        all
    }

    /// Every policy, mutably, with its kind.
    pub fn policies_mut(&mut self) -> Vec<(Kind, &mut Pol)> {
        let mut all: Vec<(Kind, &mut Pol)> = self
            .identity
            .iter_mut()
            .map(|p| (Kind::Identity, p))
            .collect();
        all.extend(self.resource_policy.iter_mut().map(|p| (Kind::Resource, p)));
        all.extend(self.boundary.iter_mut().map(|p| (Kind::Boundary, p)));
        all.extend(self.session.iter_mut().map(|p| (Kind::Session, p)));
        all.extend(self.scps.iter_mut().flatten().map(|p| (Kind::Scp, p)));
        all.extend(self.rcps.iter_mut().flatten().map(|p| (Kind::Rcp, p)));
        all
    }

    pub fn to_json(&self) -> Value {
        let pol = |kind, p: &Pol| json!({"name": p.name, "document": document(kind, p)});
        let levels = |kind, levels: &[Vec<Pol>]| -> Value {
            levels
                .iter()
                .enumerate()
                .map(|(i, level)| {
                    json!({"name": format!("level{i}"), "policies": level.iter().map(|p| pol(kind, p)).collect::<Vec<_>>()})
                })
                .collect()
        };
        let mut context = serde_json::Map::new();
        let c = &self.ctx;
        let single = [
            ("aws:PrincipalTag/team", c.team),
            ("aws:SecureTransport", c.secure),
            ("s3:max-keys", c.max_keys),
            ("aws:SourceIp", c.ip),
        ];
        for (key, value) in single {
            if let Some(v) = value {
                context.insert(key.into(), json!(v));
            }
        }
        if let Some(keys) = &c.tag_keys {
            context.insert("aws:TagKeys".into(), json!(keys));
        }
        let mut request = json!({
            "principal": PRINCIPALS[self.principal],
            "action": self.action_text,
            "resource": RESOURCES[self.resource],
            "context": context,
        });
        if self.principal == CROSS_ACCOUNT {
            request["resourceAccount"] = json!("111122223333");
        }
        let mut scenario = json!({
            "request": request,
            "identityPolicies": self.identity.iter().map(|p| pol(Kind::Identity, p)).collect::<Vec<_>>(),
        });
        let singles = [
            ("resourcePolicy", Kind::Resource, &self.resource_policy),
            ("permissionsBoundary", Kind::Boundary, &self.boundary),
            ("sessionPolicy", Kind::Session, &self.session),
        ];
        for (field, kind, p) in singles {
            if let Some(p) = p {
                scenario[field] = pol(kind, p);
            }
        }
        if !self.scps.is_empty() {
            scenario["serviceControlPolicies"] = levels(Kind::Scp, &self.scps);
        }
        if !self.rcps.is_empty() {
            scenario["resourceControlPolicies"] = levels(Kind::Rcp, &self.rcps);
        }
        scenario
    }
}

fn document(kind: Kind, p: &Pol) -> Value {
    let statements: Vec<Value> = p
        .stmts
        .iter()
        .map(|s| {
            let mut st = serde_json::Map::new();
            st.insert(
                "Effect".into(),
                json!(if s.deny { "Deny" } else { "Allow" }),
            );
            let pick = |table: &[&str], ix: &[usize]| -> Value {
                ix.iter().map(|&i| json!(table[i])).collect()
            };
            let action = if s.not_action { "NotAction" } else { "Action" };
            st.insert(action.into(), pick(&ACTION_PATTERNS, &s.actions));
            let resource = if s.not_resource {
                "NotResource"
            } else {
                "Resource"
            };
            st.insert(resource.into(), pick(&RESOURCE_PATTERNS, &s.resources));
            match kind {
                Kind::Resource => {
                    let block: Value = serde_json::from_str(PRINCIPAL_BLOCKS[s.principal].0)
                        .unwrap_or_else(|_| json!(PRINCIPAL_BLOCKS[s.principal].0));
                    st.insert("Principal".into(), block);
                }
                Kind::Rcp => {
                    st.insert("Principal".into(), json!("*"));
                }
                _ => {}
            }
            if !s.conditions.is_empty() {
                let mut block = serde_json::Map::new();
                for &c in &s.conditions {
                    let parsed: serde_json::Map<String, Value> =
                        serde_json::from_str(CONDITIONS[c].0).unwrap_or_default();
                    for (op, keys) in parsed {
                        // Two conditions with one operator: their keys merge (AND either way).
                        let entry = block.entry(op).or_insert_with(|| json!({}));
                        if let (Some(entry), Some(keys)) = (entry.as_object_mut(), keys.as_object())
                        {
                            for (k, v) in keys {
                                entry.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
                st.insert("Condition".into(), Value::Object(block));
            }
            Value::Object(st)
        })
        .collect();
    let version = if p.v2008 { "2008-10-17" } else { "2012-10-17" };
    json!({"Version": version, "Statement": statements})
}

/// A tiny glob with `*` and `?`, by recursion: exponential, but the alphabet's
/// strings are short, and it shares nothing with the evaluator's matcher.
fn glob(p: &[char], v: &[char], fold: bool) -> bool {
    match (p.first(), v.first()) {
        (None, None) => true,
        (Some('*'), _) => glob(&p[1..], v, fold) || (!v.is_empty() && glob(p, &v[1..], fold)),
        (Some('?'), Some(_)) => glob(&p[1..], &v[1..], fold),
        (Some(a), Some(b)) if a == b || (fold && a.eq_ignore_ascii_case(b)) => {
            glob(&p[1..], &v[1..], fold)
        }
        _ => false,
    }
}

fn glob_str(p: &str, v: &str, fold: bool) -> bool {
    glob(
        &p.chars().collect::<Vec<_>>(),
        &v.chars().collect::<Vec<_>>(),
        fold,
    )
}

/// Whether a statement of a policy of `kind` matches the scenario's request,
/// by the alphabet's tables. A condition key or a variable of the request
/// is looked up in the context; `${aws:username}` is substituted under
/// 2012-10-17 only, and with no user name the pattern matches nothing.
pub fn statement_matches(s: &Scen, kind: Kind, policy: &Pol, st: &Stmt) -> bool {
    let action = ACTIONS[s.action];
    let action_hit = st
        .actions
        .iter()
        .any(|&a| glob_str(ACTION_PATTERNS[a], action, true));
    let resource_hit = st.resources.iter().any(|&r| {
        let pattern = RESOURCE_PATTERNS[r];
        match (pattern.contains("${"), policy.v2008) {
            (true, false) => USERNAMES[s.principal].is_some_and(|u| {
                glob_str(
                    &pattern.replace("${aws:username}", u),
                    RESOURCES[s.resource],
                    false,
                )
            }),
            _ => glob_str(pattern, RESOURCES[s.resource], false),
        }
    });
    let principal_hit = match kind {
        Kind::Resource => PRINCIPAL_BLOCKS[st.principal].1[s.principal],
        _ => true,
    };
    (action_hit != st.not_action)
        && (resource_hit != st.not_resource)
        && principal_hit
        && st.conditions.iter().all(|&c| (CONDITIONS[c].1)(&s.ctx))
}

/// Whether any policy of the scenario has a Deny statement that matches.
/// Every policy the generator writes applies to the principal it writes
/// it for (session policies only for the role session).
pub fn some_deny_matches(s: &Scen) -> bool {
    s.policies().iter().any(|(kind, p)| {
        p.stmts
            .iter()
            .any(|st| st.deny && statement_matches(s, *kind, p, st))
    })
}

// Strategies.

fn indices(len: usize, max: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..len, 1..=max)
}

pub fn stmt(kind: Kind) -> impl Strategy<Value = Stmt> {
    // Allow more often than Deny, so that some scenarios end allowed.
    let deny = prop_oneof![3 => Just(false), 1 => Just(true)];
    (
        deny,
        prop::bool::weighted(0.1),
        indices(ACTION_PATTERNS.len(), 2),
        prop::bool::weighted(0.1),
        indices(RESOURCE_PATTERNS.len(), 2),
        0..PRINCIPAL_BLOCKS.len(),
        proptest::collection::vec(0..CONDITIONS.len(), 0..=2),
    )
        .prop_map(
            move |(deny, not_action, actions, not_resource, resources, principal, conditions)| {
                Stmt {
                    deny,
                    not_action,
                    actions,
                    not_resource,
                    resources,
                    principal: if kind == Kind::Resource { principal } else { 0 },
                    conditions,
                }
            },
        )
}

pub fn pol(kind: Kind, name: String) -> impl Strategy<Value = Pol> {
    (
        prop::bool::weighted(0.1),
        proptest::collection::vec(stmt(kind), 1..=3),
    )
        .prop_map(move |(v2008, stmts)| Pol {
            name: name.clone(),
            v2008,
            stmts,
        })
}

fn ctx() -> impl Strategy<Value = Ctx> {
    let maybe = |values: &'static [&'static str]| prop::option::of(prop::sample::select(values));
    (
        maybe(&["red", "blue"]),
        maybe(&["true", "false"]),
        maybe(&["5", "10", "20"]),
        maybe(&["10.1.2.3", "192.168.0.1"]),
        prop::option::of(prop::sample::select(vec![
            vec![],
            vec!["env"],
            vec!["env", "owner"],
            vec!["owner"],
        ])),
    )
        .prop_map(|(team, secure, max_keys, ip, tag_keys)| Ctx {
            team,
            secure,
            max_keys,
            ip,
            tag_keys,
        })
}

fn levels(kind: Kind, prefix: &'static str) -> impl Strategy<Value = Vec<Vec<Pol>>> {
    prop_oneof![
        2 => Just(Vec::new()),
        1 => proptest::collection::vec(proptest::collection::vec(pol(kind, String::new()), 1..=2), 1..=2),
    ]
    .prop_map(move |mut levels| {
        for (i, level) in levels.iter_mut().enumerate() {
            for (j, p) in level.iter_mut().enumerate() {
                p.name = format!("{prefix}{i}-{j}");
            }
        }
        levels
    })
}

/// A scenario: mostly alice (same account), often a role session, sometimes bob from another account.
pub fn scen() -> impl Strategy<Value = Scen> {
    let principal = prop_oneof![3 => Just(0usize), 2 => Just(SESSION), 1 => Just(CROSS_ACCOUNT)];
    (
        principal,
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        ctx(),
        proptest::collection::vec(pol(Kind::Identity, String::new()), 0..=3),
        prop::option::weighted(0.4, pol(Kind::Resource, "resource".into())),
        prop::option::weighted(0.3, pol(Kind::Boundary, "boundary".into())),
        prop::option::weighted(0.5, pol(Kind::Session, "session".into())),
        levels(Kind::Scp, "scp"),
        levels(Kind::Rcp, "rcp"),
    )
        .prop_map(
            |(
                principal,
                action,
                resource,
                ctx,
                mut identity,
                resource_policy,
                boundary,
                session,
                scps,
                rcps,
            )| {
                for (i, p) in identity.iter_mut().enumerate() {
                    p.name = format!("identity{i}");
                }
                Scen {
                    principal,
                    action,
                    action_text: ACTIONS[action].to_owned(),
                    resource,
                    ctx,
                    identity,
                    resource_policy,
                    boundary,
                    session: session.filter(|_| principal == SESSION),
                    scps,
                    rcps,
                }
            },
        )
}
