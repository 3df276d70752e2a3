#!/usr/bin/env bash
# Builds the library a host links: target/dist/libtorrentxt.so, exporting only
# btx_* symbols. cargo's own cdylib (target/release/libtorrentxt.so) also
# exports the cxx runtime's cxxbridge1$* functions, which a version script on
# it cannot hide, so we link the shared library ourselves from the staticlib.
#
# The file is libtorrentxt.so.<ABI> with that soname (the ABI version is in
# src/registry.rs), plus the libtorrentxt.so link a build links against.
#
# Usage: ci/build-lib.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh
soname="libtorrentxt.so.$(btx_abi)"
profile=release
cargo_flags=(--release)
if [ "${1:-}" = "--debug" ]; then profile=debug; cargo_flags=(); fi
cargo build "${cargo_flags[@]}" --lib
out=target/dist
mkdir -p "$out"
cc -shared -o "$out/$soname.tmp" \
  -Wl,-soname,"$soname" \
  -Wl,--whole-archive "target/$profile/libtorrentxt.a" -Wl,--no-whole-archive \
  -Wl,--version-script=ci/exports.map -Wl,--gc-sections -Wl,-z,defs \
  $(pkg-config --libs libtorrent-rasterbar) -lstdc++ -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
mv "$out/$soname.tmp" "$out/$soname"
btx_symlink "$out" "$soname" libtorrentxt.so
btx_check_exports "$out/$soname"
echo "build-lib: $out/$soname ($(nm -D --defined-only "$out/$soname" | wc -l) btx_* exports, nothing else) + libtorrentxt.so"
