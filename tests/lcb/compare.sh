#!/usr/bin/env bash
# Runs tests/lcb/compare.lcb under lc-run (issue 10): the binding's fast
# paths against the binding of the commit before issue 10, every key and
# value, on real torrents. By hand only: it needs LiveCode's toolchain built
# from source (LCB_BIN with lc-compile and lc-run, LCB_LCI with the standard
# .lci files; see benches/lcb/run.sh). Not part of CI.
#
# Usage: tests/lcb/compare.sh [BASE]   (BASE: the commit whose lcb/torrent.lcb
#        is "the old binding"; default: where this branch left main)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${LCB_BIN:?set LCB_BIN to the folder with lc-compile and lc-run}"
: "${LCB_LCI:?set LCB_LCI to the folder with the standard .lci files}"
BASE=${1:-$(git merge-base HEAD origin/main)}
# the old binding must predate the compact text form
if git show "$BASE:lcb/torrent.lcb" | grep -q btx_records_text; then
  BASE=$(git log --format=%H -1 "$(git log --format=%H --reverse -S btx_records_text -- lcb/torrent.lcb | head -1)^")
fi
LIB=${TORRENTXT_LIB:-target/dist/libtorrentxt.so}
[ -f "$LIB" ] || ci/build-lib.sh
W=$(mktemp -d /tmp/torrentxt-compare.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/lcm" "$W/lib" "$W/work"
cp "$LIB" "$W/lib/torrentxt"
export LD_LIBRARY_PATH="$W/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# the old binding as another library, its public handlers renamed btOld*
git show "$BASE:lcb/torrent.lcb" \
  | sed -e 's/^library org\.openxtalk\.library\.torrent$/library org.openxtalk.library.torrentold/' \
        -e 's/\bbt\([A-Z]\)/btOld\1/g' > "$W/torrentold.lcb"
echo "compare: the old binding is lcb/torrent.lcb of $(git rev-parse --short "$BASE")"
for m in lcb/torrent.lcb "$W/torrentold.lcb" tests/lcb/compare.lcb; do
  "$LCB_BIN/lc-compile" -Werror --modulepath "$W/lcm" --modulepath "$LCB_LCI" \
    --output "$W/lcm/$(basename "$m" .lcb).lcm" "$m"
done
"$LCB_BIN/lc-run" --load "$W/lcm/torrent.lcm" --load "$W/lcm/torrentold.lcm" "$W/lcm/compare.lcm" "$W/work" | tee "$W/out.txt"
grep -q "^compare: [0-9]* ok, 0 failed$" "$W/out.txt"
