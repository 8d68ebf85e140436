//! The request as evaluation sees it: who the principal is, which accounts are
//! involved, and the context with the keys AWS derives from the request
//! itself filled in (reference_policies_condition-keys.md).

use std::cell::RefCell;

use crate::caller::RequestPrincipal;
use crate::kinds::RequestPrincipalKind;
use crate::matching::split_once_byte;
use crate::scenario::{Context, ContextLookup, ContextValue, Request};

use super::EvalOptions;

/// Borrows from the scenario's request: nothing of it is copied.
#[derive(Debug, Clone)]
pub struct RequestInfo<'r> {
    pub principal: &'r RequestPrincipal,
    pub action: &'r str,
    pub resource: &'r str,
    /// The account that owns the resource: as given, else the ARN's account
    /// field, else (S3 buckets) the principal's account.
    pub resource_account: Option<String>,
    /// The principal's account differs from the resource's.
    pub cross_account: bool,
    /// The request context plus the derived keys it did not give.
    pub context: RequestContext<'r>,
}

/// The request's context, then the derived keys it does not give: looked up
/// in place rather than copied into one context for every scenario.
#[derive(Debug, Clone)]
pub struct RequestContext<'r> {
    given: &'r Context,
    /// Keyed by the derived keys' names, which are all fixed.
    derived: Vec<(&'static str, ContextValue)>,
}

impl RequestContext<'_> {
    /// The keys that were derived, in the order they were added.
    pub fn into_derived(self) -> Vec<(&'static str, ContextValue)> {
        self.derived
    }
}

impl ContextLookup for RequestContext<'_> {
    fn get(&self, key: &str) -> Option<&ContextValue> {
        self.given.get(key).or_else(|| {
            self.derived
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
    }
}

impl<'r> RequestInfo<'r> {
    pub fn resolve(request: &'r Request, options: &EvalOptions) -> RequestInfo<'r> {
        let principal = &request.principal;
        let resource_account = request
            .resource_account
            .clone()
            .filter(|a| !a.is_empty())
            .or_else(|| arn_account(&request.resource).map(str::to_owned))
            .or_else(|| principal.account.clone());
        let cross_account = match (&principal.account, &resource_account) {
            (Some(p), Some(r)) => p != r,
            _ => false,
        };

        // Room for every key derived here: the principal's five at most, and five more.
        let mut derived: Vec<(&'static str, ContextValue)> = Vec::with_capacity(10);
        derived.extend(
            principal
                .derived_keys()
                .into_iter()
                .map(|(k, v)| (k, ContextValue::Single(v))),
        );
        let is_service = principal.kind == RequestPrincipalKind::Service;
        derived.push((
            "aws:PrincipalIsAWSService",
            ContextValue::Single(is_service.to_string()),
        ));
        if let Some(account) = &resource_account {
            derived.push(("aws:ResourceAccount", ContextValue::Single(account.clone())));
        }
        if let Some(region) = arn_region(&request.resource) {
            derived.push((
                "aws:RequestedRegion",
                ContextValue::Single(region.to_owned()),
            ));
        }
        if let Some(now) = options.now_epoch_seconds {
            let (current_time, epoch_time) = time_values(now);
            derived.push(("aws:CurrentTime", ContextValue::Single(current_time)));
            derived.push(("aws:EpochTime", ContextValue::Single(epoch_time)));
        }
        derived.retain(|(key, _)| !request.context.contains(key));
        RequestInfo {
            principal,
            action: &request.action,
            resource: &request.resource,
            resource_account,
            cross_account,
            context: RequestContext {
                given: &request.context,
                derived,
            },
        }
    }
}

/// `arn:partition:service:region:account:resource` → the account, when non-empty.
/// The account field of an ARN. `aws` in it (an AWS managed policy,
/// `arn:aws:iam::aws:policy/...`) is no account: such a policy is shared by
/// every account (access_policies_managed-vs-inline.md, "AWS managed
/// policies"), so using it is not cross-account.
fn arn_account(arn: &str) -> Option<&str> {
    arn_field(arn, 4).filter(|account| *account != "aws")
}

fn arn_region(arn: &str) -> Option<&str> {
    arn_field(arn, 3)
}

fn arn_field(arn: &str, index: usize) -> Option<&str> {
    if !arn.starts_with("arn:") {
        return None;
    }
    // `arn.splitn(6, ':').nth(index)` for the fields before the resource.
    let mut rest = arn;
    for _ in 0..index {
        rest = split_once_byte(rest, b':')?.1;
    }
    let field = split_once_byte(rest, b':').map_or(rest, |(field, _)| field);
    Some(field).filter(|f| !f.is_empty())
}

/// `aws:CurrentTime` and `aws:EpochTime` at `now`. A file's scenarios are
/// all evaluated at the same second: the texts are formatted once per thread.
fn time_values(now: i64) -> (String, String) {
    thread_local! {
        static LAST: RefCell<Option<(i64, String, String)>> = const { RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((at, current, epoch)) if *at == now => (current.clone(), epoch.clone()),
        _ => {
            let (current, epoch) = (iso8601_utc(now), now.to_string());
            *last = Some((now, current.clone(), epoch.clone()));
            (current, epoch)
        }
    })
}

/// Seconds since the epoch as `YYYY-MM-DDThh:mm:ssZ`, the form AWS gives
/// `aws:CurrentTime` in.
fn iso8601_utc(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_time_is_iso8601_utc() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso8601_utc(1_795_844_912), "2026-11-28T05:48:32Z");
    }

    #[test]
    fn arn_fields() {
        assert_eq!(arn_account("arn:aws:s3:::bucket/key"), None);
        assert_eq!(
            arn_account("arn:aws:iam::111122223333:role/x"),
            Some("111122223333")
        );
        assert_eq!(
            arn_region("arn:aws:ec2:us-east-1:111122223333:instance/i-1"),
            Some("us-east-1")
        );
        assert_eq!(arn_account("*"), None);
    }
}
