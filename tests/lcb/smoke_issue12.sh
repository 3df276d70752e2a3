#!/usr/bin/env bash
# Runs tests/lcb/smoke_issue12.lcb under lc-run against the real library (the
# issue-12 handlers end to end). By hand only: it needs LiveCode's toolchain
# built from source (LCB_BIN with lc-compile and lc-run, LCB_LCI with the
# standard .lci files; see benches/lcb/run.sh). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${LCB_BIN:?set LCB_BIN to the folder with lc-compile and lc-run}"
: "${LCB_LCI:?set LCB_LCI to the folder with the standard .lci files}"
LIB=${TORRENTXT_LIB:-target/dist/libtorrentxt.so}
[ -f "$LIB" ] || ci/build-lib.sh
W=$(mktemp -d /tmp/torrentxt-smoke12.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/lcm" "$W/lib" "$W/work/content"
# lc-run dlopens the name in "c:torrentxt>" literally
cp "$LIB" "$W/lib/torrentxt"
export LD_LIBRARY_PATH="$W/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
head -c 40000 /dev/urandom > "$W/work/content/a.bin"
head -c 30000 /dev/urandom > "$W/work/content/b.bin"
for m in lcb/torrent.lcb tests/lcb/smoke_issue12.lcb; do
  "$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" \
    --output "$W/lcm/$(basename "$m" .lcb).lcm" "$m"
done
"$LCB_BIN/lc-run" --load "$W/lcm/torrent.lcm" "$W/lcm/smoke_issue12.lcm" "$W/work"
