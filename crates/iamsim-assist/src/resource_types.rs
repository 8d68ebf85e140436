//! The ARN each resource type is decided on in the access summary's "each
//! resource type" mode. A type is decided on one concrete ARN (a policy's
//! `Resource` is a pattern, a request's resource is not):
//!
//! - the first `Resource` of the scenario's policies (Allow statements
//!   first, so that the answer is about the resources the policies grant)
//!   whose pattern, its wildcards filled, is an ARN of that type: decided on
//!   the policies' own resources, the answer is the one the user asks about;
//! - else an ARN built from the catalog's template, each variable filled
//!   with its own name in lower case (`${BucketName}` → `bucketname`), the
//!   partition, region and account with the request's: a resource no policy
//!   names, which only `*`-like patterns match.
//!
//! Patterns with policy variables (`${aws:username}`) are not used: their
//! ARN depends on the request's context.

use iamsim::kinds::Effect;
use iamsim::matching::resource_matches;
use iamsim::Scenario;
use iamsim_catalog::ResourceType;

/// One resource type and the ARN it is decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeArn {
    pub name: String,
    pub arn: String,
    /// Taken from one of the policies' `Resource` patterns (else built from
    /// the catalog's template).
    pub from_policy: bool,
}

/// What fills the ARN's fields that a pattern or a template leaves open.
#[derive(Debug, Clone)]
pub struct Fill {
    partition: String,
    region: String,
    account: String,
}

impl Fill {
    /// The request's: the partition of its principal, the region and
    /// account of its resource when it is an ARN that gives them, else the
    /// principal's account and `us-east-1`.
    pub fn of(scenario: &Scenario) -> Fill {
        let request = &scenario.request;
        let field = |i: usize| {
            let mut parts = request.resource.splitn(6, ':');
            (parts.next() == Some("arn"))
                .then(|| parts.nth(i - 1))
                .flatten()
                .filter(|f| !f.is_empty() && !f.contains(['*', '?']))
                .map(str::to_owned)
        };
        Fill {
            partition: request
                .principal
                .partition
                .clone()
                .unwrap_or_else(|| "aws".into()),
            region: field(3).unwrap_or_else(|| "us-east-1".into()),
            account: field(4)
                .or_else(|| request.principal.account.clone())
                .unwrap_or_else(|| "123456789012".into()),
        }
    }
}

/// The ARN each of `types` is decided on (see the module's comment).
pub fn representative_arns(
    types: &[ResourceType],
    scenario: &Scenario,
    fill: &Fill,
) -> Vec<TypeArn> {
    let templates: Vec<Template<'_>> = types.iter().map(|t| Template::parse(&t.arn)).collect();
    // Each of the policies' ARNs with the type it is of: the most specific
    // template it fits (an access point's object is also an access point's
    // ARN with a longer name).
    let candidates: Vec<(String, Option<usize>)> = policy_arns(scenario, fill)
        .into_iter()
        .map(|arn| {
            let of = (templates.iter().enumerate())
                .filter(|(_, t)| t.fits(&arn))
                .max_by_key(|(_, t)| t.literal_len())
                .map(|(i, _)| i);
            (arn, of)
        })
        .collect();
    types
        .iter()
        .zip(&templates)
        .enumerate()
        .map(|(i, (t, template))| {
            match candidates
                .iter()
                .find(|(_, of)| *of == Some(i))
                .map(|(arn, _)| arn)
            {
                Some(arn) => TypeArn {
                    name: t.name.clone(),
                    arn: arn.clone(),
                    from_policy: true,
                },
                None => TypeArn {
                    name: t.name.clone(),
                    arn: template.generic(fill),
                    from_policy: false,
                },
            }
        })
        .collect()
}

/// Every `Resource` pattern of the policies made concrete, Allow statements
/// first, each once.
fn policy_arns(scenario: &Scenario, fill: &Fill) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    for effect in [Effect::Allow, Effect::Deny] {
        let patterns = scenario
            .policies()
            .flat_map(|p| &p.document.statements)
            .filter(|s| s.skipped.is_none() && s.effect.value == effect)
            .filter_map(|s| s.resource.as_ref().filter(|list| !list.negated))
            .flat_map(|list| &list.values);
        for pattern in patterns {
            if let Some(arn) = concrete(&pattern.value, fill) {
                if !arns.contains(&arn) {
                    arns.push(arn);
                }
            }
        }
    }
    arns
}

/// An ARN the pattern matches: wildcards in the partition, region and
/// account replaced by the request's, in the resource part by `example`
/// (`*`) or `x` (`?`). None for `*` alone, a non-ARN, a variable, or a
/// service written with a wildcard.
fn concrete(pattern: &str, fill: &Fill) -> Option<String> {
    if pattern.contains("${") {
        return None;
    }
    let fields: Vec<&str> = pattern.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = fields.as_slice() else {
        return None;
    };
    let wild = |f: &str| f.contains(['*', '?']);
    if *arn != "arn" || wild(service) || service.is_empty() {
        return None;
    }
    let or = |f: &str, with: &str| {
        if wild(f) {
            with.to_owned()
        } else {
            f.to_owned()
        }
    };
    let concrete = format!(
        "arn:{}:{service}:{}:{}:{}",
        or(partition, &fill.partition),
        or(region, &fill.region),
        or(account, &fill.account),
        resource.replace('*', "example").replace('?', "x")
    );
    // A field such as `us-*` is not matched by the request's region.
    resource_matches(pattern, &concrete).then_some(concrete)
}

/// An ARN template of the catalog (`arn:${Partition}:s3:::${BucketName}`).
struct Template<'t> {
    parts: Vec<Part<'t>>,
}

#[derive(Debug, Clone, Copy)]
enum Part<'t> {
    Text(&'t str),
    Variable(&'t str),
}

impl<'t> Template<'t> {
    fn parse(mut text: &'t str) -> Template<'t> {
        let mut parts = Vec::new();
        while let Some((before, rest)) = text.split_once("${") {
            let Some((name, after)) = rest.split_once('}') else {
                break;
            };
            if !before.is_empty() {
                parts.push(Part::Text(before));
            }
            parts.push(Part::Variable(name));
            text = after;
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Template { parts }
    }

    /// Is `arn` of this type? A variable stands for one or more characters
    /// without `:` or `/`, except a last one after a `/`, which takes the
    /// rest (an object's key, a role's name with its path): so a bucket's
    /// `arn:${Partition}:s3:::${BucketName}` takes no object.
    fn fits(&self, arn: &str) -> bool {
        fits(&self.parts, arn)
    }

    fn literal_len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(text) => text.len(),
                Part::Variable(_) => 0,
            })
            .sum()
    }

    /// The template's ARN with its variables filled.
    fn generic(&self, fill: &Fill) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Variable(name) => match *name {
                    "Partition" => out.push_str(&fill.partition),
                    "Region" => out.push_str(&fill.region),
                    "Account" | "AccountId" => out.push_str(&fill.account),
                    other => out.push_str(&other.to_ascii_lowercase()),
                },
            }
        }
        out
    }
}

fn fits(parts: &[Part<'_>], arn: &str) -> bool {
    match parts.split_first() {
        None => arn.is_empty(),
        Some((Part::Text(text), [Part::Variable(_)])) if text.ends_with('/') => {
            arn.strip_prefix(text).is_some_and(|a| !a.is_empty())
        }
        Some((Part::Text(text), rest)) => arn.strip_prefix(text).is_some_and(|a| fits(rest, a)),
        Some((Part::Variable(_), rest)) => {
            // Every non-empty run of the segment it may take, shortest first.
            let segment = arn.find([':', '/']).unwrap_or(arn.len());
            (1..=segment).any(|end| {
                arn.is_char_boundary(end) && arn.get(end..).is_some_and(|a| fits(rest, a))
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn fill() -> Fill {
        Fill {
            partition: "aws".into(),
            region: "eu-west-1".into(),
            account: "111122223333".into(),
        }
    }

    #[test]
    fn a_variable_keeps_to_its_segment_but_the_last_takes_the_rest() {
        let bucket = Template::parse("arn:${Partition}:s3:::${BucketName}");
        let object = Template::parse("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(bucket.fits("arn:aws:s3:::reports"));
        assert!(!bucket.fits("arn:aws:s3:::reports/2026/q4.csv"));
        assert!(object.fits("arn:aws:s3:::reports/2026/q4.csv"));
        assert!(!object.fits("arn:aws:s3:::reports"));
        let role = Template::parse("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
        assert!(role.fits("arn:aws:iam::111122223333:role/ops/admin"));
        assert!(!role.fits("arn:aws:iam::111122223333:user/ops/admin"));
        assert!(!role.fits("arn:aws:iam:::role/admin"), "an empty account");
    }

    #[test]
    fn patterns_are_filled_field_by_field() {
        let fill = fill();
        assert_eq!(
            concrete("arn:aws:s3:::reports/*", &fill).as_deref(),
            Some("arn:aws:s3:::reports/example")
        );
        assert_eq!(
            concrete("arn:*:ec2:*:*:instance/i-?", &fill).as_deref(),
            Some("arn:aws:ec2:eu-west-1:111122223333:instance/i-x")
        );
        assert_eq!(concrete("arn:aws:ec2:us-*:*:instance/*", &fill), None);
        assert_eq!(concrete("*", &fill), None);
        assert_eq!(concrete("arn:aws:*:::x", &fill), None);
        assert_eq!(concrete("arn:aws:s3:::home/${aws:username}/*", &fill), None);
    }

    #[test]
    fn templates_are_filled_with_the_request_and_the_variables_names() {
        let template =
            Template::parse("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}");
        assert_eq!(
            template.generic(&fill()),
            "arn:aws:dynamodb:eu-west-1:111122223333:table/tablename"
        );
    }

    #[test]
    fn the_policies_own_resources_come_first_allows_before_denies() {
        let scenario = iamsim::load_scenario(
            r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "*"},
  "identityPolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::secret"},
    {"Effect": "Allow", "Action": "s3:*", "Resource": ["*", "arn:aws:s3:::reports/*", "arn:aws:s3:::reports"]}
  ]}}]
}"#,
            "scenario",
        )
        .unwrap();
        let s3 = crate::catalog::get().unwrap().service("s3").unwrap();
        let arns = representative_arns(&s3.resource_types, &scenario, &Fill::of(&scenario));
        let arn = |name: &str| arns.iter().find(|t| t.name == name).unwrap();
        assert_eq!(arn("bucket").arn, "arn:aws:s3:::reports");
        assert!(arn("bucket").from_policy);
        assert_eq!(arn("object").arn, "arn:aws:s3:::reports/example");
        let job = arn("job");
        assert!(!job.from_policy);
        assert_eq!(job.arn, "arn:aws:s3:us-east-1:111122223333:job/jobid");
    }
}
