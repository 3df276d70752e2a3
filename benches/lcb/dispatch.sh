#!/usr/bin/env bash
# benches/lcb/dispatch.sh - runs benches/lcb/dispatch.lc under LiveCode's
# server engine: what the helper stack's dispatcher (btStartPolling's
# btTorrentPollOnce) costs per event. By hand only (never in CI).
# Usage: benches/lcb/dispatch.sh [N [ROUNDS]]   Env: LCB_BIN, LCB_LCI, LC_SERVER
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${LCB_BIN:?set LCB_BIN}" "${LCB_LCI:?set LCB_LCI}" "${LC_SERVER:?set LC_SERVER to the server engine}"
LIB=${TORRENTXT_LIB:-target/dist/libtorrentxt.so}
[ -f "$LIB" ] || ci/build-lib.sh
W=$(mktemp -d /tmp/torrentxt-dispatch.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/lcm" "$W/lib" "$W/work"
# the server engine loads "torrentxt.so" (lc-run would want "torrentxt")
cp "$LIB" "$W/lib/torrentxt.so"
"$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" --output "$W/lcm/torrent.lcm" lcb/torrent.lcb
out=$(LD_LIBRARY_PATH="$W/lib" "$LC_SERVER" benches/lcb/dispatch.lc "$W/lcm/torrent.lcm" lcb/torrent-helpers.livecodescript "$W/work" "${1:-200}" "${2:-3}")
echo "$out"
# the server engine prints script errors and still exits 0
! grep -q 'row [0-9]*, col' <<< "$out"
