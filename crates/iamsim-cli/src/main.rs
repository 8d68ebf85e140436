//! `iamsim`: evaluate AWS IAM scenarios and explain the decision.
//!
//! Exit status: 0 evaluated (and as `--expect`ed), 1 a decision other than
//! `--expect` (or a check of `test` that fails), 2 input that cannot be
//! evaluated (diagnostics on stderr, or as JSON on stdout with `--format json`).

mod args;
mod check;
mod diagnostics;
mod diff;
mod emit;
mod eval;
mod exercises;
mod human;
mod input;
mod json_out;
mod output;
mod parallel;
mod stream;
mod suggest;
mod warnings;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match &cli.command {
        Command::Eval(args) => eval::run(args),
        Command::Check(args) => check::run(args),
        Command::Test(args) => exercises::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Suggest(args) => suggest::run(args),
    };
    ExitCode::from(status as u8)
}
