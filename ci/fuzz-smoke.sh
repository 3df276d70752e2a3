#!/usr/bin/env bash
# CI's fuzz stage: builds the instrumented targets, then runs each on every
# saved regression input and every seed, and for a fixed number of fuzzing
# runs more. Any crash, leak, timeout or sanitizer report fails the stage.
# Usage: ci/fuzz-smoke.sh [runs]   (default 2000 per target)
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/fuzz-common.sh
runs=${1:-2000}
t0=$(date +%s)
ci/fuzz-build.sh >/dev/null
echo "fuzz: built in $(( $(date +%s) - t0 )) s; $(find "$FUZZ_SEEDS" -type f | wc -l) seed inputs"
passed=0 failed=0
for t in $(fuzz_targets); do
  work=$FUZZ_OUT/smoke/$t
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  log=$work/log
  ok=1
  # saved reproducers first, each run once
  regs=()
  if [ -d "fuzz/regressions/$t" ]; then
    while IFS= read -r -d '' f; do regs+=("$f"); done < <(find "fuzz/regressions/$t" -type f -print0)
  fi
  if [ ${#regs[@]} -gt 0 ]; then
    fuzz_netns "$FUZZ_BIN/$t" "${FUZZ_OPTS[@]}" "${regs[@]}" > "$work/regressions.log" 2>&1 || { ok=0; cat "$work/regressions.log"; }
  fi
  # then the seeds (all of them are run first) and $runs fuzzing runs
  [ -d "$FUZZ_SEEDS/$t" ] || mkdir -p "$FUZZ_SEEDS/$t"
  nseeds=$(find "$FUZZ_SEEDS/$t" -type f | wc -l)
  if ! fuzz_netns "$FUZZ_BIN/$t" "${FUZZ_OPTS[@]}" $(fuzz_dict "$t") -runs="$runs" -max_total_time=120 \
      -artifact_prefix="$work/artifacts/" "$work/corpus" "$FUZZ_SEEDS/$t" > "$log" 2>&1; then
    ok=0; tail -60 "$log"
  fi
  # belt and braces: a report that did not stop the run still fails it
  reports=$(grep -hE "ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|FUZZ FAILURE" \
    "$log" "$work"/regressions.log 2>/dev/null | head -5 || true)
  [ -z "$reports" ] || { ok=0; echo "$reports"; }
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
  if [ "$ok" = 1 ] && [ -n "$done_line" ]; then
    passed=$((passed + 1))
    echo "fuzz $t: ok (${#regs[@]} regressions, $nseeds seeds) $(echo "$done_line" | grep -oE "#[0-9]+|cov: [0-9]+|ft: [0-9]+|exec/s: [0-9]+" | paste -sd' ')"
  else
    failed=$((failed + 1))
    echo "fuzz $t: FAILED (log: $log, inputs: $work/artifacts/)"
  fi
done
rm -rf "${TMPDIR:?}"/btx-fuzz-*  # left by targets that crashed
echo "fuzz stage: $(( $(date +%s) - t0 )) s"
echo "fuzz: ${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
