#!/usr/bin/env bash
# Builds the release files into dist/ (V = Cargo.toml's version, N = the ABI):
#   torrentxt-V-abiN-linux-x86_64.so                the bundled library alone
#   torrentxt-V-abiN-linux-x86_64.tar.gz            for C hosts: lib/ (soname +
#       links), lib/pkgconfig/torrentxt.pc (relocatable), include/, share/doc/
#   torrentxt-V-abiN-openxtalk-linux-x86_64.zip     the extension folder, for the
#       IDE's Extension Builder
#   org.openxtalk.library.torrent/                  that folder, unpacked
#   org.openxtalk.library.torrent.<ext version>.lce the installable package
#       (only when LC_COMPILE is set; see ci/package-lcb.sh)
#   SHA256SUMS
# Archives are reproducible: sorted, owned by 0:0, dated by the last commit.
#
# Usage: ci/release.sh [--out DIR]   (default DIR: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh
dist=dist
if [ "${1:-}" = "--out" ]; then dist=${2:?--out needs a folder}; fi

abi=$(btx_abi)
version=$(btx_version)
base="torrentxt-$version-abi$abi-linux-x86_64"
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
rm -rf "$dist"
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

ci/build-bundled.sh
cp "target/dist/bundled/libtorrentxt.so.$abi" "$dist/$base.so"

# for C hosts: the installed tree, relocatable
ci/install.sh --prefix "$stage/$base" --bundled --relocatable >/dev/null
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  -C "$stage" -cf - "$base" | gzip -n -9 > "$dist/$base.tar.gz"

# the OpenXTalk extension (and its .lce when LC_COMPILE is set)
ci/package-lcb.sh --out "$dist" >/dev/null
ext=$(find "$dist" -mindepth 1 -maxdepth 1 -type d -name 'org.openxtalk.*' | head -1)
[ -n "$ext" ] || { echo "release: package-lcb.sh made no extension folder" >&2; exit 1; }
python3 - "$ext" "$dist/torrentxt-$version-abi$abi-openxtalk-linux-x86_64.zip" "$epoch" <<'EOF'
import os, sys, time, zipfile
src, dst, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
top = os.path.basename(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            info = zipfile.ZipInfo(os.path.join(top, os.path.relpath(p, src)), stamp)
            info.external_attr = (os.stat(p).st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(p, "rb") as fh:
                z.writestr(info, fh.read())
EOF

(cd "$dist" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | sort | xargs sha256sum > SHA256SUMS)
echo "release: $dist/"
(cd "$dist" && ls -l --time-style=+ | sed 1d && cat SHA256SUMS)
