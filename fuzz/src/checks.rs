//! What every fuzz target asserts of one input, shared by the `cargo fuzz`
//! targets (`fuzz/fuzz_targets/`) and by `crates/iamsim/tests/fuzz.rs`,
//! which includes this file by path: under `cargo test` it replays the
//! inputs the targets once crashed on (`fuzz/regressions/<target>/`), then
//! runs a bounded mutation fuzzer. Each function panics, with the input, on
//! a broken invariant; it must not panic otherwise.

use iamsim::diagnostic::Diagnostic;
use iamsim::kinds::operator::{BaseOperator, Operator, SetQualifier};
use iamsim::policy::parse::parse_policy_as;
use iamsim::policy::{Condition, ConditionValue, ValueKind};
use iamsim::scenario::{load_scenario, load_scenarios_bytes, Context, ContextValue};
use iamsim::source::{Span, Spanned};
use iamsim::{evaluate, EvalOptions, Scenario, ScenarioFile, Source};
use iamsim::{Decision, PolicyType};

/// A fixed clock: a replayed input decides as it did when found.
const NOW: EvalOptions = EvalOptions {
    now_epoch_seconds: Some(1_780_000_000),
};

const KINDS: [PolicyType; 7] = [
    PolicyType::Identity,
    PolicyType::Resource,
    PolicyType::PermissionsBoundary,
    PolicyType::Session,
    PolicyType::Scp,
    PolicyType::Rcp,
    PolicyType::VpcEndpoint,
];

/// Policy text: the first byte picks the kind of policy, the rest is the
/// text. Every diagnostic points inside the text and resolves to a line.
pub fn policy_text(data: &[u8]) {
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let kind = KINDS[usize::from(kind) % KINDS.len()];
    let (_, diagnostics) = parse_policy_as(text, 0, Some("p"), kind);
    assert_within(&diagnostics, &[Source::new("p", text)], data);
}

/// A scenario file (one scenario or an array): it loads or says why, its
/// diagnostics point inside their sources, the CLI's split loader agrees
/// with the whole-file loader, and every scenario evaluates to a result
/// whose decision agrees with the statements it names.
pub fn scenario_json(data: &[u8]) {
    let loaded = load_scenarios_bytes(data, "fuzz.json");
    split_loading_agrees(data, loaded.as_ref().ok().map(Vec::len));
    match loaded {
        Ok(scenarios) => {
            for scenario in &scenarios {
                assert_within(&scenario.warnings, &scenario.sources, data);
                evaluates(scenario, data);
            }
        }
        Err(err) => {
            assert!(
                !err.diagnostics.is_empty(),
                "a failed load says why, input {data:?}"
            );
            assert_within(&err.diagnostics, &err.sources, data);
        }
    }
}

/// A share link's fragment, read as the page reads it: decoded (bounded),
/// then loaded and evaluated. With the first byte odd, the rest is instead
/// a scenario text put through the link format, which must give it back
/// exactly.
pub fn share_link(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let decoded = if mode % 2 == 1 {
        let Ok(json) = std::str::from_utf8(rest) else {
            return;
        };
        let fragment = iamsim::share::fragment_of(&iamsim::share::stored_deflate(rest));
        let decoded = iamsim::share::decode(&fragment);
        let fits = rest.len() <= iamsim::share::MAX_INFLATED_BYTES;
        match &decoded {
            Some(Ok(text)) => assert!(fits && text == json, "round trip of {data:?}"),
            Some(Err(iamsim::share::DecodeError::TooLarge)) => assert!(!fits),
            other => panic!("{other:?} for a link made of {data:?}"),
        }
        decoded
    } else {
        let Ok(fragment) = std::str::from_utf8(rest) else {
            return;
        };
        iamsim::share::decode(fragment)
    };
    let Some(Ok(json)) = decoded else { return };
    assert!(json.len() <= iamsim::share::MAX_INFLATED_BYTES);
    match load_scenario(&json, "link") {
        Ok(scenario) => evaluates(&scenario, data),
        Err(err) => assert_within(&err.diagnostics, &err.sources, data),
    }
}

/// Operator families for [`condition_values`], each with the operators
/// compared against each other.
const FAMILIES: [&[BaseOperator]; 7] = {
    use BaseOperator::*;
    [
        &[
            DateEquals,
            DateNotEquals,
            DateLessThan,
            DateLessThanEquals,
            DateGreaterThan,
            DateGreaterThanEquals,
        ],
        &[
            NumericEquals,
            NumericNotEquals,
            NumericLessThan,
            NumericLessThanEquals,
            NumericGreaterThan,
            NumericGreaterThanEquals,
        ],
        &[IpAddress, NotIpAddress],
        &[ArnEquals, ArnLike, ArnNotEquals, ArnNotLike],
        &[
            StringEquals,
            StringNotEquals,
            StringEqualsIgnoreCase,
            StringNotEqualsIgnoreCase,
            StringLike,
            StringNotLike,
        ],
        &[Bool, Null],
        &[BinaryEquals],
    ]
};

/// The context key every generated condition tests.
const KEY: &str = "test:Key";

/// Condition values: the first byte picks the operator family, the second
/// the set qualifier, `IfExists`, whether policy variables are on and
/// whether the key is absent; the rest is UTF-8 with the policy's values on
/// the first line and the request's on the second, each separated by
/// U+001F. Every operator of the family is evaluated, and their verdicts
/// must agree with each other: numbers and dates are ordered (exactly one of
/// less, equal, greater), `...Equals` with the same values is `...Like`
/// without wildcards, a negated operator is the opposite of its positive
/// twin on one present value.
pub fn condition_values(data: &[u8]) {
    let [family, flags, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut lines = text.splitn(2, '\n');
    let split = |line: Option<&str>| -> Vec<String> {
        line.map(|l| l.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let policy_values = split(lines.next());
    let request_values = split(lines.next());
    let qualifier = [
        None,
        Some(SetQualifier::ForAllValues),
        Some(SetQualifier::ForAnyValue),
    ][usize::from(flags & 3) % 3];
    let if_exists = flags & 4 != 0;
    let variables = flags & 8 != 0;
    let absent = flags & 16 != 0;

    let mut ctx = Context::default();
    if !absent {
        let value = match request_values.as_slice() {
            [one] if flags & 32 == 0 => ContextValue::Single(one.clone()),
            many => ContextValue::Multi(many.to_vec()),
        };
        ctx.insert(KEY, value);
    }
    // Policy variables resolve against these.
    ctx.insert("aws:username", ContextValue::Single("alice".into()));
    ctx.insert(
        "aws:PrincipalTag/team",
        ContextValue::Multi(vec!["a".into(), "b".into()]),
    );
    let source = Source::new("p", "");
    let verdict = |base: BaseOperator, values: &[String]| {
        let cond = Condition {
            operator: Spanned::new(
                Operator {
                    base,
                    qualifier,
                    if_exists,
                },
                Span::default(),
            ),
            key: Spanned::new(KEY.to_owned(), Span::default()),
            values: values
                .iter()
                .map(|v| ConditionValue {
                    text: v.clone(),
                    kind: ValueKind::String,
                    span: Span::default(),
                })
                .collect(),
            values_span: Span::default(),
        };
        let outcome = iamsim::condition::evaluate_condition(&cond, &ctx, variables, &source);
        (outcome.matched(), outcome.trace.note.is_none())
    };
    let ops = FAMILIES[usize::from(*family) % FAMILIES.len()];
    let results: Vec<(BaseOperator, (bool, bool))> = ops
        .iter()
        .map(|&op| (op, verdict(op, &policy_values)))
        .collect();
    let get = |op: BaseOperator| results.iter().find(|(o, _)| *o == op).map(|(_, r)| *r);

    // The checks below hold for one present request value and one policy
    // value that both read cleanly (no note), with no qualifier or IfExists.
    let simple = !absent
        && qualifier.is_none()
        && !if_exists
        && request_values.len() == 1
        && policy_values.len() == 1
        && flags & 32 == 0;
    if !simple {
        return;
    }
    use BaseOperator::*;
    let ordered = |eq, lt, le, gt, ge| {
        let [Some((eq, clean)), Some((lt, _)), Some((le, _)), Some((gt, _)), Some((ge, _))] =
            [get(eq), get(lt), get(le), get(gt), get(ge)]
        else {
            return;
        };
        if clean {
            assert_eq!(
                u8::from(lt) + u8::from(eq) + u8::from(gt),
                1,
                "exactly one of <, =, > for {data:?}"
            );
            assert_eq!(le, lt || eq, "<= is < or = for {data:?}");
            assert_eq!(ge, gt || eq, ">= is > or = for {data:?}");
        }
    };
    ordered(
        DateEquals,
        DateLessThan,
        DateLessThanEquals,
        DateGreaterThan,
        DateGreaterThanEquals,
    );
    ordered(
        NumericEquals,
        NumericLessThan,
        NumericLessThanEquals,
        NumericGreaterThan,
        NumericGreaterThanEquals,
    );
    for (positive, negative) in [
        (DateEquals, DateNotEquals),
        (NumericEquals, NumericNotEquals),
        (IpAddress, NotIpAddress),
        (ArnEquals, ArnNotEquals),
        (ArnLike, ArnNotLike),
        (StringEquals, StringNotEquals),
        (StringEqualsIgnoreCase, StringNotEqualsIgnoreCase),
        (StringLike, StringNotLike),
    ] {
        if let (Some((p, true)), Some((n, true))) = (get(positive), get(negative)) {
            assert_ne!(p, n, "{positive:?} and {negative:?} agree on {data:?}");
        }
    }
    if let (Some((eq, true)), Some((like, true))) = (get(ArnEquals), get(ArnLike)) {
        assert_eq!(
            eq, like,
            "ArnEquals and ArnLike are the same test, {data:?}"
        );
    }
    if let (Some((exact, _)), Some((folded, _))) = (get(StringEquals), get(StringEqualsIgnoreCase))
    {
        assert!(
            !exact || folded,
            "equal text is equal ignoring case, {data:?}"
        );
    }
    let wildcard_free = policy_values
        .iter()
        .all(|v| !v.contains(['*', '?']) && !v.contains("${"));
    if let (Some((exact, _)), Some((like, _))) = (get(StringEquals), get(StringLike)) {
        if wildcard_free {
            assert_eq!(
                exact, like,
                "StringLike without wildcards is StringEquals, {data:?}"
            );
        }
    }
}

/// Evaluates a loaded scenario; the decision agrees with the statements
/// the result names, and the result serializes.
fn evaluates(scenario: &Scenario, data: &[u8]) {
    let result = evaluate(scenario, &NOW);
    let deny = iamsim::Effect::Deny;
    match result.decision {
        Decision::ExplicitDeny => assert!(
            !result.matched_statements.is_empty()
                && result.matched_statements.iter().all(|m| m.effect == deny),
            "an explicit deny names its Deny statements, input {data:?}"
        ),
        Decision::Allowed | Decision::ImplicitDeny => assert!(
            result.matched_statements.iter().all(|m| m.effect != deny),
            "no Deny statement decides {:?}, input {data:?}",
            result.decision
        ),
    }
    assert!(
        serde_json::to_string(&result).is_ok(),
        "the result serializes"
    );
}

/// Every diagnostic names a source and lies inside it; resolving its
/// position does not panic.
fn assert_within(diagnostics: &[Diagnostic], sources: &[Source], input: &[u8]) {
    for d in diagnostics {
        let source = sources
            .get(d.source)
            .unwrap_or_else(|| panic!("{d:?} names no source, input {input:?}"));
        let len = source.text.len() as u32;
        assert!(
            d.span.start <= d.span.end && d.span.end <= len,
            "{d:?} lies outside its {len}-byte source, input {input:?}"
        );
        let _ = d.report(sources);
    }
}

/// The CLI's fast path ([`ScenarioFile`]: split, then each scenario loaded
/// on its own) accepts exactly what the whole-file loader accepts, which
/// loaded `whole` scenarios (`None`: it rejected the input).
fn split_loading_agrees(input: &[u8], whole: Option<usize>) {
    let split = std::str::from_utf8(input)
        .ok()
        .and_then(|text| ScenarioFile::split(text, "fuzz.json"));
    let every_one_loads = split
        .as_ref()
        .map(|file| (0..file.len()).all(|i| file.load(i).is_some()));
    match (whole, split.map(|file| file.len()), every_one_loads) {
        (Some(count), Some(len), Some(true)) => assert_eq!(count, len, "input {input:?}"),
        (None, _, None | Some(false)) => {}
        (whole, split, loads) => panic!(
            "the whole-file loader: {whole:?} scenarios; split: {split:?}, all load: {loads:?}; input {input:?}"
        ),
    }
}
