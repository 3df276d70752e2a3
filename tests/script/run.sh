#!/usr/bin/env bash
# tests/script/run.sh - the script tests under LiveCode's server engine, by
# hand only (never in CI: the engine is built from LiveCode's source, see
# docs/getting-started.md, "Running the script tests").
#
# Usage: tests/script/run.sh [TEST...]   (default: every tests/script/*.lc
#        but the other processes the tests start: peer.lc, *_peer.lc,
#        *_probe.lc). Env: LC_SERVER (server-community), LCB_BIN (folder with
#        lc-compile), LCB_LCI (the standard .lci folder), TORRENTXT_LIB.
# A test passes when its output ends in "PASS <name>: <n> checks" and holds
# no FAIL line and no script error: the server engine exits 0 even when a
# script fails to parse, so the exit status proves nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${LC_SERVER:?set LC_SERVER to the server engine (server-community)}"
: "${LCB_BIN:?set LCB_BIN to the folder with lc-compile}" "${LCB_LCI:?set LCB_LCI to the standard .lci folder}"
LIB=${TORRENTXT_LIB:-target/dist/libtorrentxt.so}
[ -f "$LIB" ] || ci/build-lib.sh
W=$(mktemp -d /tmp/torrentxt-script.XXXXXX)
http_pid=
cleanup() {
  # every peer stops on its test's stop file; any left are ended by their pid
  for d in "$W"/*/; do [ -d "$d" ] && touch "$d/stop"; done
  sleep 1
  for p in "$W"/*/*.pid; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
  done
  [ -n "$http_pid" ] && kill "$http_pid" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] && echo "work folder kept: $W" || rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$W/lcm" "$W/lib" "$W/www"
# the server engine dlopens "torrentxt.so" through LD_LIBRARY_PATH
cp "$LIB" "$W/lib/torrentxt.so"
"$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" \
  --output "$W/lcm/torrent.lcm" lcb/torrent.lcb || { echo "lc-compile failed"; exit 1; }
# the same binding made for another ABI (errors.lc: btStartSession must throw)
mkdir -p "$W/lcm-other-abi"
sed 's/^constant kABIVersion is \([0-9]*\)$/constant kABIVersion is 99\1/' lcb/torrent.lcb > "$W/lcm-other-abi/torrent.lcb"
"$LCB_BIN/lc-compile" --modulepath "$W/lcm-other-abi" --modulepath "$LCB_LCI" \
  --output "$W/lcm-other-abi/torrent.lcm" "$W/lcm-other-abi/torrent.lcb" || { echo "lc-compile (other ABI) failed"; exit 1; }
export TX_LCM_OTHER_ABI="$W/lcm-other-abi/torrent.lcm"
export LC_SERVER TX_LCM="$W/lcm/torrent.lcm" TX_ROOT="$PWD" TX_WWW="$W/www"
export LD_LIBRARY_PATH="$W/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# a real HTTP server on loopback (.torrent downloads, BEP 19 web seeds)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$W/lighttpd.conf" <<CONF
server.document-root = "$W/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$W/lighttpd.err"
CONF
lighttpd -D -f "$W/lighttpd.conf" & http_pid=$!
export TX_HTTP="http://127.0.0.1:$port"
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  for f in tests/script/*.lc; do
    n=$(basename "$f" .lc)
    case "$n" in peer|*_peer|*_probe) ;; *) tests+=("$n") ;; esac
  done
fi
passed=0 failed=0 checks=0
for t in "${tests[@]}"; do
  mkdir -p "$W/$t"
  t0=$(date +%s)
  TX_WORK="$W/$t" timeout "${TX_TIMEOUT:-900}" "$LC_SERVER" "tests/script/$t.lc" > "$W/$t.out" 2>&1
  rc=$?
  touch "$W/$t/stop"
  cat "$W/$t.out"
  n=$(sed -n "s/^PASS $t: \([0-9][0-9]*\) checks\$/\1/p" "$W/$t.out" | tail -1)
  if [ $rc -eq 0 ] && [ -n "$n" ] && ! grep -q '^FAIL' "$W/$t.out" && ! grep -qE 'row [0-9]+, col [0-9]+|^file .*: (execution|compilation) error' "$W/$t.out"; then
    passed=$((passed + 1)); checks=$((checks + n))
    echo "-- $t: passed, $n checks, $(( $(date +%s) - t0 ))s"
  else
    failed=$((failed + 1))
    echo "-- $t: FAILED (exit $rc), $(( $(date +%s) - t0 ))s"
    for l in "$W/$t"/*.log; do [ -f "$l" ] && { echo "--- $l"; tail -20 "$l"; }; done
  fi
done
echo "script tests: $passed passed, $failed failed ($checks checks)"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
