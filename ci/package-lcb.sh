#!/usr/bin/env bash
# Lays out the OpenXTalk extension, with the self-contained library
# (ci/build-bundled.sh) so that installing the extension is all a user does:
#
#   <out>/org.openxtalk.library.torrent/
#     torrent.lcb                              the binding (source)
#     code/x86_64-linux/torrentxt.so           the bundled library; no "lib":
#                                              c:torrentxt> resolves it literally
#     resources/torrent-helpers.livecodescript the poll dispatcher stack
#     resources/licenses/                      what the library has linked in
#     samples/*.livecodescript                 the example stack(s)
#     docs/guide/guide.md                      the guide the IDE shows
#
# With LC_COMPILE=/path/to/lc-compile (built by hand, never in CI) it also
# compiles the module (manifest.xml, module.lcm and the .lci interface, as the
# IDE's Extension Builder does) and zips <out>/<name>.<version>.lce, the file
# the Extension Manager installs. LC_MODULEPATH names the folder of the
# standard .lci files (default: modules/lci beside lc-compile).
#
# Usage: ci/package-lcb.sh [--out DIR]   (default DIR: target/lcb-extension)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh
outdir=target/lcb-extension
if [ "${1:-}" = "--out" ]; then outdir=${2:?--out needs a folder}; fi

ci/build-bundled.sh >&2
abi=$(btx_abi)
name=$(sed -n 's/^library \([A-Za-z0-9_.]*\).*/\1/p' lcb/torrent.lcb | head -1)
version=$(sed -n 's/^metadata version is "\([^"]*\)".*/\1/p' lcb/torrent.lcb | head -1)
[ -n "$name" ] && [ -n "$version" ] || { echo "package-lcb: no library name/version in lcb/torrent.lcb" >&2; exit 1; }
binding_abi=$(sed -n 's/^constant kABIVersion is \([0-9]*\).*/\1/p' lcb/torrent.lcb)
[ "$binding_abi" = "$abi" ] || {
  echo "package-lcb: lcb/torrent.lcb says ABI $binding_abi, src/registry.rs says $abi" >&2; exit 1; }

out="$outdir/$name"
rm -rf "$out"
mkdir -p "$out/code/x86_64-linux" "$out/resources/licenses" "$out/samples" "$out/docs/guide"
cp lcb/torrent.lcb "$out/"
cp "target/dist/bundled/libtorrentxt.so.$abi" "$out/code/x86_64-linux/torrentxt.so"
cp lcb/torrent-helpers.livecodescript "$out/resources/"
cp target/dist/bundled/licenses/* "$out/resources/licenses/"
cp examples/*.livecodescript "$out/samples/"
# One guide: getting started first when the project has one, then the binding.
{
  for g in docs/getting-started.md docs/lcb-getting-started.md; do
    [ -f "$g" ] && { cat "$g"; echo; }
  done
  cat docs/lcb-binding.md
} > "$out/docs/guide/guide.md"

btx_check_exports "$out/code/x86_64-linux/torrentxt.so"

if [ -n "${LC_COMPILE:-}" ]; then
  lci=${LC_MODULEPATH:-$(dirname "$LC_COMPILE")/modules/lci}
  [ -d "$lci" ] || { echo "package-lcb: no .lci folder at $lci (set LC_MODULEPATH)" >&2; exit 1; }
  # The first --modulepath receives the module's own .lci, as in the IDE.
  "$LC_COMPILE" -Werror --modulepath "$out" --modulepath "$lci" \
    --manifest "$out/manifest.xml" --output "$out/module.lcm" "$out/torrent.lcb"
  for f in manifest.xml module.lcm; do
    [ -s "$out/$f" ] || { echo "package-lcb: lc-compile wrote no $f" >&2; exit 1; }
  done
  lce="$outdir/$name.$version.lce"
  # An .lce is a zip of the extension folder's contents (no top folder).
  python3 - "$out" "$lce" <<'EOF'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = dst + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            z.write(p, os.path.relpath(p, src))
os.replace(tmp, dst)
EOF
  echo "package-lcb: $lce"
fi
echo "package-lcb: $out"
(cd "$out" && find . -type f | sort)
