#!/usr/bin/env bash
# Lays out the extension folder an OpenXTalk IDE installs:
#   target/lcb-extension/org.openxtalk.library.torrent/
#     torrent.lcb
#     torrent-helpers.livecodescript
#     code/x86_64-linux/torrentxt.so     (no "lib": c:torrentxt> resolves it literally)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/dist/libtorrentxt.so ] || ci/build-lib.sh
out=target/lcb-extension/org.openxtalk.library.torrent
rm -rf "$out"
mkdir -p "$out/code/x86_64-linux"
cp lcb/torrent.lcb lcb/torrent-helpers.livecodescript "$out/"
cp target/dist/libtorrentxt.so "$out/code/x86_64-linux/torrentxt.so"
# the packaged library must be the export-clean one
if nm -D --defined-only "$out/code/x86_64-linux/torrentxt.so" | awk '{print $3}' | grep -qv '^btx_'; then
  echo "package-lcb: the packaged library exports more than btx_*" >&2
  exit 1
fi
echo "package-lcb: $out"
find "$out" -type f | sort
