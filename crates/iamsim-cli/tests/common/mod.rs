//! What the CLI's integration tests share: the fixtures, and `iamsim` run
//! on them.

use std::path::Path;
use std::process::{Command, Output};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
pub const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

/// Runs `iamsim` in `dir` (short file names in the output), never on a
/// terminal, so without colour, and with no standard input.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

/// Runs `iamsim` in the fixtures folder.
pub fn iamsim(args: &[&str]) -> Output {
    run_in(Path::new(FIXTURES), args)
}

/// The admin policy capped by a boundary that allows only S3 and logs.
pub fn boundary_args(action: &str) -> Vec<&str> {
    vec![
        "eval",
        "--identity",
        "admin.json",
        "--boundary",
        "dev-boundary.json",
        "--principal",
        ALICE,
        "--action",
        action,
    ]
}

/// `office-only.json`: `s3:GetObject` from 10.0.0.0/8, and `ec2:CreateTags`
/// with tag keys among `team` and `env` only.
pub fn office_args<'a>(action: &'a str, context: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "eval",
        "--identity",
        "office-only.json",
        "--principal",
        ALICE,
        "--action",
        action,
    ];
    for pair in context {
        args.extend(["--context", pair]);
    }
    args
}
