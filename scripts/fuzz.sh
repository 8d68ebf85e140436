#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for a set time, one after
# the other, at the lowest CPU priority, and prints each one's executions and
# findings. Not part of scripts/test.sh: the inputs the fuzzers found are
# replayed there instead (fuzz/regressions/, by crates/iamsim/tests/fuzz.rs).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   # default: 300 s, every target
#
# Needs the nightly toolchain and cargo-fuzz (installed from crates.io when
# missing). Seeds come from the conformance corpus (scripts/fuzz-seeds.mjs);
# what each target learns accumulates in fuzz/corpus/<target>/ (not
# committed). A crash leaves its input in fuzz/artifacts/<target>/: fix the
# cause, then copy the input to fuzz/regressions/<target>/. The log of each
# run is fuzz/logs/<target>.log, and a line per run is added to
# fuzz/logs/summary.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy_text scenario_json share_link condition_values)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
node scripts/fuzz-seeds.mjs
mkdir -p fuzz/logs

# No sanitizer: the evaluator is safe Rust, and without ASan it runs several
# times faster. Debug assertions on: overflow checks find arithmetic bugs.
nice -n 19 cargo +nightly fuzz build --sanitizer none --debug-assertions
failed=0
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  log="fuzz/logs/$target.log"
  echo "==> $target for ${seconds}s (log: $log)"
  status=0
  nice -n 19 cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" \
    "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || true)
  corpus=$(grep -Eo 'corp: [0-9]+/' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)
  # `|| true`: no line to find is the usual case, not an error of the script.
  finding=$(grep -Eo 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' | tail -n 1 || true)
  printf '%s\t%s\t%ss\t%s runs\tcorpus %s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$seconds" \
    "${runs:-?}" "${corpus:-?}" "${finding:-no finding}" | tee -a fuzz/logs/summary.tsv
  if [ "$status" -ne 0 ]; then
    failed=1
    grep -E -A 12 'panicked at|ERROR: libFuzzer' "$log" | head -n 30 || true
  fi
done
exit "$failed"
