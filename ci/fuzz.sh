#!/usr/bin/env bash
# Long fuzzing runs, by hand: ci/fuzz.sh [target] [seconds] [jobs]
#   target   one of fuzz/targets/*.c (default: each in turn)
#   seconds  per target (default 600)
#   jobs     parallel libFuzzer jobs (default 1; the machine has 2 cores)
# The corpus grows in $FUZZ_HOME (default ~/.cache/torrentxt-fuzz), outside
# git; crashes land in $FUZZ_HOME/artifacts/<target>/ - minimise one with
#   target/fuzz-build/bin/<target> -minimize_crash=1 -runs=10000 CRASH
# and keep it as fuzz/regressions/<target>/<name>.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/fuzz-common.sh
target=${1:-}
secs=${2:-600}
jobs=${3:-1}
home=${FUZZ_HOME:-$HOME/.cache/torrentxt-fuzz}
ci/fuzz-build.sh >/dev/null
status=0
for t in $(fuzz_targets "$target"); do
  corpus=$home/corpus/$t
  art=$home/artifacts/$t
  mkdir -p "$corpus" "$art" "$home/logs"
  log=$home/logs/$t.log
  par=()
  [ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs")
  echo "== $t: ${secs}s, corpus $corpus"
  # new finds go to the first folder (the corpus); seeds are read only
  if ! fuzz_netns nice "$FUZZ_BIN/$t" "${FUZZ_OPTS[@]}" $(fuzz_dict "$t") "${par[@]}" \
      -max_total_time="$secs" -artifact_prefix="$art/" \
      "$corpus" "$FUZZ_SEEDS/$t" > "$log" 2>&1; then
    status=1
    echo "   FINDING: see $log and $art/"
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$log" | tail -4 | sed 's/^/   /'
done
exit $status
