#!/usr/bin/env bash
# benches/lcb/run.sh - the LCB benchmark of the binding (issue 10, item 1): compiles
# lcb/torrent.lcb and benches/lcb/bench.lcb with LiveCode's toolchain and runs the benchmark
# under lc-run against the real library. By hand only (never in CI: it needs LiveCode's
# toolchain, built from source, e.g. with build-lc-run.sh / build-lc-server.sh).
#
# Usage: benches/lcb/run.sh [N [REPS]]      (or env N, REPS; defaults 1000 and 5)
# Env:   LCB_BIN   folder with lc-compile and lc-run (required; use a Release build:
#                  Debug runs LCB 4-5x slower)
#        LCB_LCI   folder with the standard .lci interfaces lc-run's modules were built from
#                  (required; ...out/<Type>/obj.target/lc-run/geni/lc-run-modules/lci)
#        TORRENTXT_LIB  the library (default target/dist/libtorrentxt.so; built with
#                  ci/build-lib.sh when missing)
#        KEEP=1    keep the work folder (seed files, compiled modules, peer log)
#        MODE=records  decode with the binding's record walker only
#                  (btSetCompactForms false), as before the compact text form
#
# It creates N seeding torrents (and a 100-file one and one for a peer) in a temporary
# folder, listens on 127.0.0.1 only (DHT, LSD, UPnP, NAT-PMP stay off), and starts a second
# lc-run process (bench.lcb's PeerMain) as the one connected peer for btPeerList.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-${N:-1000}}
REPS=${2:-${REPS:-5}}
: "${LCB_BIN:?set LCB_BIN to the folder with lc-compile and lc-run}"
: "${LCB_LCI:?set LCB_LCI to the folder with the standard .lci files}"
[ -x "$LCB_BIN/lc-compile" ] && [ -x "$LCB_BIN/lc-run" ] || { echo "run.sh: no lc-compile/lc-run in $LCB_BIN" >&2; exit 1; }
[ -f "$LCB_LCI/com.livecode.foreign.lci" ] || { echo "run.sh: no com.livecode.foreign.lci in $LCB_LCI" >&2; exit 1; }
LIB=${TORRENTXT_LIB:-target/dist/libtorrentxt.so}
if [ ! -f "$LIB" ]; then
  [ -z "${TORRENTXT_LIB:-}" ] || { echo "run.sh: no $LIB" >&2; exit 1; }
  ci/build-lib.sh
fi

W=$(mktemp -d /tmp/torrentxt-lcbench.XXXXXX)
peer=
cleanup() {
  if [ -n "$peer" ]; then
    : > "$W/work/peer.stop" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$peer" 2>/dev/null || break; sleep 0.5; done
    kill "$peer" 2>/dev/null || true
    wait "$peer" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "run.sh: kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
mkdir -p "$W/lcm" "$W/lib" "$W/work"

# lc-run dlopens the name in "c:torrentxt>" literally: a file named exactly "torrentxt"
# on the library path
cp "$LIB" "$W/lib/torrentxt"
export LD_LIBRARY_PATH="$W/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

"$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" \
  --output "$W/lcm/torrent.lcm" lcb/torrent.lcb
"$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" \
  --output "$W/lcm/bench.lcm" benches/lcb/bench.lcb

run() { "$LCB_BIN/lc-run" --load "$W/lcm/torrent.lcm" "$@"; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), lc-run: $LCB_BIN, library: $LIB ($(git rev-parse --short HEAD 2>/dev/null || echo '?')), loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
# the peer: a second process and session; connects when the magnet link appears
run --handler PeerMain "$W/lcm/bench.lcm" "$W/work" > "$W/peer.log" 2>&1 &
peer=$!
rc=0
run "$W/lcm/bench.lcm" "$W/work" "$N" "$REPS" ${MODE:+"$MODE"} || rc=$?
if [ "$rc" != 0 ]; then
  echo "run.sh: the benchmark failed (exit $rc)" >&2
  [ -s "$W/peer.log" ] && { echo "peer log:" >&2; cat "$W/peer.log" >&2; }
fi
echo "# done $(date -u '+%H:%M UTC'), loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
