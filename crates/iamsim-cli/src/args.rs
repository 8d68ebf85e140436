//! The command line, as clap reads it.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use iamsim::Decision;

#[derive(Debug, Parser)]
#[command(
    name = "iamsim",
    version,
    about = "Evaluate AWS IAM policies the way AWS does, and explain the decision step by step",
    after_help = "Exit status: 0 when evaluated (and as expected), 1 when a decision differs from \
                  --expect, 2 when the input cannot be evaluated."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a scenario (or a JSON array of scenarios) and print the decision.
    Eval(Box<EvalArgs>),
    /// Check policy documents: every problem that stops AWS from saving them,
    /// and the policy checks' findings (least privilege, unknown actions,
    /// quotas...), each with its fix and the AWS page behind it.
    Check(CheckArgs),
    /// Run the checks of scenario files: every request with the decision
    /// its author expects (`expect`, `requests`), pass or fail.
    Test(TestArgs),
    /// Compare two versions of a policy (or of a scenario): the requests
    /// whose decision changes, newly allowed and newly denied.
    Diff(DiffArgs),
    /// The smallest edits that flip a scenario's decision, each checked by
    /// evaluating it: what would allow a denied request, what an allowed
    /// one rests on.
    Suggest(SuggestArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    iamsim eval scenario.json\n  \
    iamsim eval --format json --pretty scenarios.json > results.json\n  \
    iamsim eval --identity app.json --boundary dev-boundary.json \\\n      \
      --principal arn:aws:iam::111122223333:user/alice --action s3:GetObject \\\n      \
      --resource arn:aws:s3:::my-bucket/a.txt --context aws:SourceIp=10.1.2.3")]
pub struct EvalArgs {
    /// A scenario file (an object or an array of them); `-` reads standard input.
    /// Leave it out to build one scenario from the flags below.
    #[arg(value_name = "FILE", conflicts_with_all = FLAG_SCENARIO_ARGS)]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Show every statement and condition, not only those that decided or failed.
    #[arg(short, long)]
    pub verbose: bool,

    /// Exit with status 1 unless every decision is this one.
    #[arg(long, value_name = "DECISION", value_parser = decision_parser())]
    pub expect: Option<Decision>,

    /// Evaluate policies that AWS would refuse to save, the way they read:
    /// their errors are still reported, a statement whose meaning an error
    /// leaves unclear is skipped, and each result says `"draft": true` with
    /// the errors. Errors in the scenario itself still stop evaluation.
    #[arg(long)]
    pub draft: bool,

    #[command(flatten)]
    pub scenario: FlagScenario,
}

/// The flags that build a scenario without a file. Each policy file becomes a
/// policy named after the file, so that diagnostics read `FILE:LINE:COLUMN`.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Build a scenario from flags (instead of FILE)")]
pub struct FlagScenario {
    /// An identity-based policy in effect for the principal (repeatable).
    #[arg(long = "identity", value_name = "FILE")]
    pub identity: Vec<PathBuf>,
    /// The resource-based policy (a bucket, key or queue policy, or a role's trust policy).
    #[arg(long, value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE")]
    pub boundary: Option<PathBuf>,
    /// The session policy passed when the role session was made.
    #[arg(long, value_name = "FILE")]
    pub session_policy: Option<PathBuf>,
    /// A service control policy, one organization level each, root first (repeatable).
    #[arg(long, value_name = "FILE")]
    pub scp: Vec<PathBuf>,
    /// A resource control policy, one organization level each, root first (repeatable).
    #[arg(long, value_name = "FILE")]
    pub rcp: Vec<PathBuf>,
    /// The policy of the VPC endpoint the request goes through.
    #[arg(long, value_name = "FILE")]
    pub vpc_endpoint_policy: Option<PathBuf>,
    /// Who makes the request: a user, role or assumed-role ARN, an account root,
    /// a service principal, or `anonymous`.
    #[arg(long, value_name = "ARN")]
    pub principal: Option<String>,
    /// The action, e.g. `s3:GetObject`.
    #[arg(long, value_name = "SERVICE:ACTION")]
    pub action: Option<String>,
    /// The resource ARN (default `*`, for actions that take no resource).
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    /// The account that owns the resource, when the ARN does not say.
    #[arg(long, value_name = "ACCOUNT")]
    pub resource_account: Option<String>,
    /// A condition key's value (repeatable). Repeat a key for a multi-valued
    /// key (`--context aws:TagKeys=team --context aws:TagKeys=env`); a JSON
    /// array gives the list at once (`aws:TagKeys=["team","env"]`, or `[]` for none).
    #[arg(long, value_name = "KEY=VALUE")]
    pub context: Vec<String>,
}

/// The flags of [`FlagScenario`], which a scenario file excludes.
const FLAG_SCENARIO_ARGS: [&str; 12] = [
    "identity",
    "resource_policy",
    "boundary",
    "session_policy",
    "scp",
    "rcp",
    "vpc_endpoint_policy",
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
];

/// How to print: the format, and how JSON is laid out.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// How to print: `human` explains (coloured on a terminal unless
    /// NO_COLOR is set), `plain` is the same without colour, `json` is the
    /// contract of the scenario spec, errors included.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub layout: JsonLayout,
}

impl OutputArgs {
    /// Whether JSON is indented.
    pub fn pretty(&self) -> bool {
        self.layout.pretty()
    }
}

/// How JSON is laid out.
#[derive(Debug, Args)]
pub struct JsonLayout {
    /// JSON on one line per result. The default when standard output is not
    /// a terminal: half the bytes to write and to read.
    #[arg(long, conflicts_with = "pretty")]
    pub compact: bool,

    /// Pretty-printed JSON, indented by two spaces. The default on a terminal.
    #[arg(long)]
    pub pretty: bool,
}

impl JsonLayout {
    /// Whether JSON is indented: as asked, or when a person reads it.
    pub fn pretty(&self) -> bool {
        self.pretty || (std::io::stdout().is_terminal() && !self.compact)
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when no policy has an error (with --strict: nor a warning \
                  or security warning; suggestions never fail), 1 when one has, 2 when a file \
                  cannot be read or a policy does not parse. Several files: the worst of them.\n\n\
                  Examples:\n  \
                  iamsim check policy.json\n  \
                  iamsim check --kind trust --strict roles/*-trust.json\n  \
                  iamsim check --format sarif policies/*.json > iamsim.sarif"
)]
pub struct CheckArgs {
    /// The policy documents, each checked on its own; `-` reads standard input.
    #[arg(value_name = "POLICY_FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// What kind of policy they are: each kind has its own rules (a resource
    /// policy names a Principal, an identity policy must not).
    #[arg(long, value_parser = kind_parser(), default_value = "identity")]
    pub kind: iamsim_check::Kind,

    /// Exit with status 1 on a warning or a security warning too, not only
    /// on an error. Suggestions never change the status.
    #[arg(long)]
    pub strict: bool,

    /// How to print: `human` (rustc-style diagnostics on standard error,
    /// coloured on a terminal unless NO_COLOR is set), `plain` (the same
    /// without colour), `json` (the JavaScript API's check answers), `sarif`
    /// (SARIF 2.1.0, for code-scanning tools).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    #[command(flatten)]
    pub layout: JsonLayout,
}

/// `check`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Plain,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when every check passes, 1 when one fails, 2 when a \
                  file cannot be read or is not a valid scenario file.\n\nExamples:\n  \
    iamsim test web/examples/*.json\n  \
    iamsim test --format junit lessons/*.json > junit.xml"
)]
pub struct TestArgs {
    /// Scenario files (each one scenario or an array of them); `-` reads
    /// standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// How to print: `human` is a pass/fail table (coloured on a terminal
    /// unless NO_COLOR is set), `plain` the same without colour, `json` one
    /// object for programs, `junit` JUnit XML for CI.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,

    /// Pretty-printed JSON (`--format json`), indented by two spaces.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when no decision changes, 1 when one does, 2 when a file \
                  cannot be read or is not a valid policy or scenario.\n\nExamples:\n  \
    iamsim diff old-policy.json new-policy.json\n  \
    iamsim diff --kind resource --principal arn:aws:iam::444455556666:root old.json new.json\n  \
    iamsim diff scenario-before.json scenario-after.json"
)]
pub struct DiffArgs {
    /// The old version: a policy document, or a scenario file (one scenario).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version, of the same kind.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// For policy files: what kind of policy they are.
    #[arg(long, value_parser = kind_parser(), default_value = "identity")]
    pub kind: iamsim_check::Kind,
    /// For policy files: who makes the requests.
    #[arg(
        long,
        value_name = "ARN",
        default_value = "arn:aws:iam::111122223333:user/example"
    )]
    pub principal: String,
    /// How to print: `human` (coloured on a terminal), `plain`, or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Pretty-printed JSON, indented by two spaces.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when there is a suggestion (with --failing: for every \
                  failing check), 1 when no edit flips the decision, 2 when the file cannot \
                  be read, is not a valid scenario, or has no such request.\n\nExamples:\n  \
    iamsim suggest scenario.json\n  \
    iamsim suggest --request \"cannot delete a report\" lesson.json\n  \
    iamsim suggest --failing --format json lesson.json"
)]
pub struct SuggestArgs {
    /// A scenario file (one scenario); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Suggest for this entry of `requests`, by name or index (from 0),
    /// instead of the scenario's own request. When its check fails, the
    /// edits give it the decision it expects.
    #[arg(long, value_name = "NAME|N", conflicts_with = "failing")]
    pub request: Option<String>,
    /// Suggest for every check that fails: the edits that make it pass.
    #[arg(long)]
    pub failing: bool,
    /// Show the new text of each policy a suggestion changes.
    #[arg(short, long)]
    pub verbose: bool,
    /// How to print: `human` (coloured on a terminal), `plain`, or `json`
    /// (the edits as data: `{ decision, suggestions: [ { kind, summary, changes, decision } ] }`;
    /// with --failing, `{ checks: [ ... ] }`, one such object per failing check).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Pretty-printed JSON, indented by two spaces.
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Human,
    Plain,
    Json,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Plain,
    Json,
}

/// `--expect` takes the decision words of the result contract.
fn decision_parser() -> impl clap::builder::TypedValueParser<Value = Decision> {
    clap::builder::PossibleValuesParser::new(Decision::WORDS)
        .try_map(|word| word.parse::<Decision>())
}

/// `--kind` takes the policy checks' words for the kinds.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = iamsim_check::Kind> {
    clap::builder::PossibleValuesParser::new(iamsim_check::Kind::WORDS).try_map(|word| {
        word.parse::<iamsim_check::Kind>()
            .map_err(|()| format!("unknown policy kind `{word}`"))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
