# Sourced by ci/fuzz-build.sh, ci/fuzz-smoke.sh and ci/fuzz.sh.
FUZZ_OUT=${FUZZ_OUT:-target/fuzz-build}  # another folder for another libtorrent (README)
FUZZ_BIN=$FUZZ_OUT/bin
FUZZ_SEEDS=$FUZZ_OUT/seeds
# the targets' download folders (common.h): inside the build, not /tmp
mkdir -p "$FUZZ_OUT/tmp"
case "$FUZZ_OUT" in /*) TMPDIR=$FUZZ_OUT/tmp ;; *) TMPDIR=$PWD/$FUZZ_OUT/tmp ;; esac
export TMPDIR

fuzz_targets() {  # every fuzz/targets/NAME.c, or the one named
  if [ -n "${1:-}" ]; then
    [ -f "fuzz/targets/$1.c" ] || { echo "no target fuzz/targets/$1.c" >&2; return 1; }
    echo "$1"
  else
    local f
    for f in fuzz/targets/*.c; do basename "$f" .c; done
  fi
}

# Runs a command in a network namespace of its own with only loopback up, so
# no packet can leave the machine even if the session's lockdown (common.h)
# had a gap. Needs root (or user namespaces); without them it runs the
# command as it is and the lockdown alone holds.
fuzz_netns() {
  if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
    unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$@"
  else
    "$@"
  fi
}

# libFuzzer options common to every run: a slow input (> 10 s) or more than
# 4 GiB resident is a finding, as is any sanitizer report.
FUZZ_OPTS=(-timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

fuzz_dict() {  # -dict=... when fuzz/dicts/NAME.dict exists
  [ -f "fuzz/dicts/$1.dict" ] && echo "-dict=fuzz/dicts/$1.dict" || true
}
