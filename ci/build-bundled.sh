#!/usr/bin/env bash
# Builds the self-contained library TorrentXT ships inside its extension:
#   target/dist/bundled/libtorrentxt.so.<ABI>   (soname libtorrentxt.so.<ABI>)
#   target/dist/bundled/libtorrentxt.so -> libtorrentxt.so.<ABI>
# libtorrent (static, from ci/build-libtorrent-static.sh), OpenSSL (libssl-dev's
# .a files) and the C++ runtime are linked in; it needs nothing but glibc. It
# is linked like ci/build-lib.sh's library: the whole crate staticlib (so every
# object in it - Rust, the cxx bridge, whatever C/C++ the crate grows - comes
# along without being named here), exports limited to btx_* by ci/exports.map,
# and -z defs so that anything left unresolved fails the link, not the host.
#
# Usage: ci/build-bundled.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh

# The newest glibc symbol version the library may need (docs/install.md):
# 2.35 is Ubuntu 22.04's. Raising it drops distributions: do it on purpose.
glibc_max=2.35

abi=$(btx_abi)
soname="libtorrentxt.so.$abi"
lt=$(ci/build-libtorrent-static.sh | tail -1)
cargo build --release --lib
ssldir=$(pkg-config --variable=libdir openssl)
for a in libssl.a libcrypto.a; do
  [ -f "$ssldir/$a" ] || { echo "build-bundled: no $ssldir/$a (install libssl-dev)" >&2; exit 1; }
done

out=target/dist/bundled
mkdir -p "$out" target/bundled-obj
# the one object of ours outside the crate: arc4random for glibc < 2.36
compat=target/bundled-obj/glibc-compat.o
[ "$compat" -nt ci/glibc-compat.c ] || cc -std=c11 -O2 -fPIC -Wall -Werror -c ci/glibc-compat.c -o "$compat"
# g++ as the driver so that -static-libstdc++ / -static-libgcc apply: the C++
# runtime and the unwinder (libgcc_eh) go in as archives. Order matters: the
# crate needs libtorrent, which needs libssl, which needs libcrypto.
# --strip-debug drops the Rust line tables (the symbol table stays, so a
# backtrace still names functions); -z now,relro as Debian links its libraries.
inputs=(target/release/libtorrentxt.a "$compat" "$lt/lib/libtorrent-rasterbar.a" "$ssldir/libssl.a"
        "$ssldir/libcrypto.a" ci/exports.map ci/build-bundled.sh)
fresh=1
for i in "${inputs[@]}"; do [ "$out/$soname" -nt "$i" ] || fresh=0; done
[ "$fresh" = 1 ] || g++ -shared -o "$out/$soname.tmp" \
  -Wl,-soname,"$soname" \
  -Wl,--whole-archive target/release/libtorrentxt.a -Wl,--no-whole-archive "$compat" \
  "$lt/lib/libtorrent-rasterbar.a" "$ssldir/libssl.a" "$ssldir/libcrypto.a" \
  -static-libstdc++ -static-libgcc \
  -Wl,--version-script=ci/exports.map -Wl,--gc-sections -Wl,-z,defs \
  -Wl,-z,relro,-z,now -Wl,--strip-debug \
  -lutil -lrt -lpthread -lm -ldl -lc
[ "$fresh" = 1 ] || mv "$out/$soname.tmp" "$out/$soname"
btx_symlink "$out" "$soname" libtorrentxt.so
lib="$out/$soname"

btx_check_exports "$lib"
# Only glibc's own libraries may be needed (directly or through ldd's walk).
glibc_libs='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1|/lib6?4?/ld-linux-x86-64\.so\.2|ld-linux-x86-64\.so\.2)$'
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
deps=$(ldd "$lib" | awk '{print $1}')
for d in $needed $deps; do
  if ! [[ "$d" =~ $glibc_libs ]]; then
    echo "build-bundled: $lib needs $d, which is not part of glibc:" >&2
    ldd "$lib" >&2
    exit 1
  fi
done
[ "$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = "$soname" ] || {
  echo "build-bundled: $lib has the wrong soname" >&2; exit 1; }
floor=$(btx_glibc_floor "$lib")
if [ "$(printf '%s\n%s\n' "$floor" "$glibc_max" | sort -V | tail -1)" != "$glibc_max" ]; then
  echo "build-bundled: $lib needs glibc $floor, newer than the promised $glibc_max:" >&2
  objdump -T "$lib" | grep -E "GLIBC_${floor//./\\.}( |$)" >&2
  exit 1
fi

# What is linked in carries its licence with it (libtorrent BSD-3-Clause,
# OpenSSL Apache-2.0, GCC's runtime library exception; Boost's licence asks
# nothing of binaries).
lic="$out/licenses"
rm -rf "$lic"; mkdir -p "$lic"
cp "$lt/LICENSE" "$lic/libtorrent-rasterbar.txt"
copyright() { # the Debian copyright file of the package that owns a file
  local pkg
  pkg=$(dpkg -S "$(readlink -f "$1")" | head -1 | cut -d: -f1)
  cat "/usr/share/doc/$pkg/copyright"
}
{ copyright "$ssldir/libssl.a"; echo; cat /usr/share/common-licenses/Apache-2.0; } > "$lic/openssl.txt"
copyright "$(g++ -print-file-name=libstdc++.a)" > "$lic/libstdc++.txt"
cat > "$lic/README.txt" <<EOF
libtorrentxt.so.$abi has these linked in statically:
  libtorrent-rasterbar $(sed -n 's/^libtorrent-rasterbar //p' "$lt/recipe"): libtorrent-rasterbar.txt
  OpenSSL $(dpkg-query -W -f='${Version}' libssl-dev): openssl.txt
  the GCC $(g++ -dumpfullversion) C++ runtime (libstdc++, libgcc): libstdc++.txt (GCC runtime library exception)
  Boost $(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .) headers: Boost Software License 1.0 (asks no notice for binaries)
EOF
echo "build-bundled: $lib ($(du -k "$lib" | cut -f1) KiB, $(nm -D --defined-only "$lib" | wc -l) btx_* exports, needs: $(echo $needed), glibc >= $floor)"
