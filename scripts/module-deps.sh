#!/bin/sh
# The core's module graph: for each top-level module of crates/iamsim/src,
# the modules its code (not comments, not tests) names through `crate::`.
#   scripts/module-deps.sh           prints the graph, one module a line
#   scripts/module-deps.sh --check   fails if the modules do not form layers
#                                    (a cycle, such as two modules that import
#                                    each other); prints them bottom up
# See ARCHITECTURE.md, "Layers"; scripts/test.sh runs the check.
set -eu
cd "$(dirname "$0")/../crates/iamsim/src"
edges=$(find . -name '*.rs' ! -name tests.rs | sort | while read -r f; do
  m=$(echo "$f" | sed -E 's|^\./||; s|\.rs$||; s|/.*||')
  awk '/#\[cfg\(test\)\]/ { exit } !/^[[:space:]]*\/\// { print }' "$f" |
    perl -pe 's/crate::\{([^}]*)\}/join(" ", map { "crate::$_" } split(m{\s*,\s*}, $1))/ge' |
    grep -oE 'crate::[A-Za-z_]+' | sed -E 's/^crate:://; s/^Diagnostic$/diagnostic/; s/^(Source|Span)$/source/;
      s/^EvalResult$/trace/; s/^(Scenario|ScenarioFile|load_scenarios?)$/scenario/;
      s/^(EvalOptions|evaluate)$/eval/; s/^(Decision|Effect|PolicyType|Severity)$/kinds/' |
    grep -E '^[a-z_]+$' | sort -u |
    while read -r d; do if [ "$d" != "$m" ] && [ -e "$d.rs" ] || [ -d "$d" ]; then
      if [ "$d" != "$m" ]; then echo "$m $d"; fi
    fi; done
done | sort -u)
if [ "${1:-}" = "--check" ]; then
  # tsort orders the modules so that each comes after what it imports, and
  # reports a loop when there is none such order.
  if ! order=$(echo "$edges" | awk '{print $2, $1}' | tsort 2>&1) || echo "$order" | grep -q "loop"; then
    echo "the core's modules import in a loop:"; echo "$order"; exit 1
  fi
  echo "layers, bottom up:" $order
else
  echo "$edges" | awk '{a[$1]=a[$1]" "$2} END {for (k in a) print k ":" a[k]}' | sort
fi
