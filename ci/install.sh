#!/usr/bin/env bash
# Installs torrentxt for C hosts:
#   PREFIX/lib/libtorrentxt.so.<ABI>        the library; its soname is this name
#   PREFIX/lib/libtorrentxt.so              -> libtorrentxt.so.<ABI> (what -ltorrentxt finds)
#   PREFIX/lib/pkgconfig/torrentxt.pc       Libs: -ltorrentxt, Cflags: -I<include>
#   PREFIX/include/torrentxt.h, torrentxt_decode.h
#   PREFIX/share/doc/torrentxt/             README, the C-facing docs (and, for
#                                           --bundled, the licences of what is linked in)
# The ABI version comes from src/registry.rs, the version from Cargo.toml.
# A program links -ltorrentxt and records libtorrentxt.so.<ABI>, so a library
# of another ABI installed beside it is never picked up by mistake.
#
# Usage: ci/install.sh --prefix DIR [--bundled] [--relocatable]
#   --bundled      the self-contained library (ci/build-bundled.sh) instead of
#                  the one linked to the system's libtorrent (ci/build-lib.sh)
#   --relocatable  torrentxt.pc finds its prefix from its own location
#                  (${pcfiledir}), for a tree that will be moved (release.sh)
# DESTDIR=/stage is honoured as usual (files go under it, paths omit it).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh

prefix="" bundled=0 relocatable=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --bundled) bundled=1; shift ;;
    --relocatable) relocatable=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$prefix" ] || { echo "install: --prefix DIR is required" >&2; exit 2; }
prefix=$(realpath -m "$prefix")

abi=$(btx_abi)
version=$(btx_version)
soname="libtorrentxt.so.$abi"
if [ "$bundled" = 1 ]; then
  ci/build-bundled.sh >&2
  from=target/dist/bundled
else
  ci/build-lib.sh >&2
  from=target/dist
fi

dest="${DESTDIR:-}$prefix"
install -d "$dest/lib/pkgconfig" "$dest/include" "$dest/share/doc/torrentxt"
install -m 0755 "$from/$soname" "$dest/lib/$soname.tmp"
mv -f "$dest/lib/$soname.tmp" "$dest/lib/$soname"
btx_symlink "$dest/lib" "$soname" libtorrentxt.so
install -m 0644 include/torrentxt.h include/torrentxt_decode.h "$dest/include/"
install -m 0644 README.md docs/install.md docs/api-reference.md docs/record-format.md \
  docs/abi-versioning.md "$dest/share/doc/torrentxt/"
[ -f LICENSE ] && install -m 0644 LICENSE "$dest/share/doc/torrentxt/"
if [ "$bundled" = 1 ]; then
  install -d "$dest/share/doc/torrentxt/licenses"
  install -m 0644 "$from"/licenses/* "$dest/share/doc/torrentxt/licenses/"
fi

if [ "$relocatable" = 1 ]; then
  pcprefix='${pcfiledir}/../..'
else
  pcprefix=$prefix
fi
description=$(sed -n 's/^description = "\(.*\)"/\1/p' Cargo.toml | head -1)
cat > "$dest/lib/pkgconfig/torrentxt.pc" <<EOF
prefix=$pcprefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
abi=$abi

Name: torrentxt
Description: $description
Version: $version
Libs: -L\${libdir} -ltorrentxt
Cflags: -I\${includedir}
EOF

kind=$([ "$bundled" = 1 ] && echo "bundled" || echo "system-linked")
echo "install: torrentxt $version (ABI $abi, $kind) -> $dest"
echo "install:   lib/$soname, lib/libtorrentxt.so, lib/pkgconfig/torrentxt.pc, include/torrentxt.h, include/torrentxt_decode.h"
case "$prefix" in
  /usr|/usr/local) echo "install: run ldconfig so the loader's cache knows $prefix/lib/$soname" ;;
  *) echo "install: at run time the loader must find $prefix/lib (LD_LIBRARY_PATH, -Wl,-rpath,$prefix/lib, or ld.so.conf)" ;;
esac
