#!/usr/bin/env bash
# The shipped forms of torrentxt, tested the way users get them:
#
#  1. The bundled library (ci/build-bundled.sh) where nothing is installed: a
#     Debian minbase root (debootstrap, cached) from which every libtorrent,
#     Boost, OpenSSL and C++ runtime file is deleted, entered with chroot. The
#     demo and the C harness's transfer, resume and bad-input programs (no
#     sanitizers, linked with rpath $ORIGIN) run there over 127.0.0.1, and the
#     dynamic loader's own log shows what got loaded. A control run proves the
#     root really lacks them: the system-linked library does not load there.
#  2. ci/install.sh into a temporary prefix (system and bundled builds), then
#     examples/demo.c built with nothing but pkg-config's flags, and run.
#  3. ci/release.sh: checksums, and the C-host tarball unpacked, moved and used
#     through its relocatable torrentxt.pc.
#  4. The packaged OpenXTalk extension (ci/package-lcb.sh):
#     tests/package/test_package.py.
#
# Needs root (debootstrap, chroot, mount). Every program runs under a timeout.
# Last line: "bundled: N passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh
if [ "$(id -u)" -ne 0 ]; then
  echo "test-bundled: needs root (debootstrap, chroot, mount /proc)" >&2
  exit 1
fi

abi=$(btx_abi)
soname="libtorrentxt.so.$abi"
passed=0
ok() { passed=$((passed + 1)); echo "ok $passed - $*"; }
fail() { echo "FAIL - $*" >&2; exit 1; }
stage_start=$(date +%s)

ci/build-bundled.sh
[ -f "target/dist/$soname" ] || ci/build-lib.sh >/dev/null  # the control
lib="target/dist/bundled/$soname"

# ---- the root ----------------------------------------------------------------
rootfs_tar=$(ci/make-rootfs.sh | tail -1)
work=$(mktemp -d "${TMPDIR:-/tmp}/torrentxt-chroot-XXXXXX")
root="$work/root"
cleanup() { btx_remove_tree "$work"; }
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM
mkdir "$root"
tar --numeric-owner -C "$root" -xf "$rootfs_tar"

# Nothing torrentxt bundles may be present: delete whatever minbase brought
# (it brings libstdc++ and libgcc_s, which apt needs and we do not).
forbidden=(-name 'libtorrent-rasterbar*' -o -name 'libboost*' -o -name 'libssl*' -o -name 'libcrypto*'
           -o -name 'libstdc++*' -o -name 'libgcc_s*')
removed=$(find "$root" -xdev \( "${forbidden[@]}" \) -prune -print | sed "s|^$root||")
if [ -n "$removed" ]; then
  echo "test-bundled: deleted from the root:" $(echo "$removed" | grep -E '\.so' | xargs -rn1 basename)
  find "$root" -xdev \( "${forbidden[@]}" \) -prune -exec rm -rf {} +
fi
chroot "$root" /sbin/ldconfig

mount -t proc proc "$root/proc"
# debootstrap made the device nodes (null, zero, urandom...); a root made
# where mknod was refused has none, and gets the host's /dev instead.
if [ ! -c "$root/dev/null" ] || [ ! -c "$root/dev/urandom" ]; then mount --bind /dev "$root/dev"; fi

# in_root SECONDS CMD...: runs CMD in the root with a clean environment,
# killed after SECONDS.
in_root() {
  local secs=$1; shift
  timeout --foreground -k 5 "$secs" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root TMPDIR=/tmp LC_ALL=C "$@"
}
glibc_only='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1|/lib6?4?/ld-linux-x86-64\.so\.2|ld-linux-x86-64\.so\.2)$'
glibc_nss='^(libnss_[a-z]+\.so\.2|libresolv\.so\.2)$'  # glibc's own, dlopened on demand
bad_names='libtorrent-rasterbar|libboost|libssl|libcrypto|libstdc\+\+|libgcc_s'

echo "== the root has none of it"
cache_list=$(in_root 30 /sbin/ldconfig -p)
[ "$(echo "$cache_list" | grep -c '=>')" -gt 10 ] || fail "ldconfig -p lists almost nothing: $cache_list"
if echo "$cache_list" | grep -E "$bad_names"; then fail "the loader cache of the root still names the libraries above"; fi
ok "ldconfig -p in the root names no libtorrent, Boost, OpenSSL, libstdc++ or libgcc_s"
left=$(in_root 60 /usr/bin/find / -xdev \( "${forbidden[@]}" \) -print)
[ -z "$left" ] || fail "files left in the root: $left"
ok "no libtorrent/Boost/OpenSSL/C++ runtime file anywhere in the root"

# ---- programs ------------------------------------------------------------------
bin="$work/bin"
# cc, quiet unless it fails (the demo's snprintf warning is not this stage's business)
compile() { cc "$@" 2> "$work/cc.log" || { cat "$work/cc.log" >&2; fail "cc $*"; }; }
mkdir -p "$bin" "$root/opt/torrentxt" "$root/opt/control"
for t in transfer resume bad_input durable_kill; do
  cc -std=c11 -O1 -g -Wall -Wextra -Werror -Iinclude -Itests/c "tests/c/test_$t.c" \
     -Ltarget/dist/bundled -ltorrentxt -pthread -Wl,-rpath,'$ORIGIN' -o "$bin/test_$t"
done
compile -std=c11 -O2 -Iinclude examples/demo.c -Ltarget/dist/bundled -ltorrentxt \
   -Wl,-rpath,'$ORIGIN' -o "$bin/demo"
cp "$bin"/* "$lib" "$root/opt/torrentxt/"
cp "$bin/demo" "target/dist/$soname" "$root/opt/control/"

echo "== what the loader resolves in the root"
deps=$(in_root 30 /usr/bin/ldd "/opt/torrentxt/$soname")
echo "$deps"
for d in $(echo "$deps" | awk '{print $1}'); do
  [[ "$d" =~ $glibc_only ]] || fail "$soname needs $d in the root"
done
if echo "$deps" | grep -q 'not found'; then fail "unresolved dependency"; fi
ok "ldd $soname in the root: glibc only, all found"
for p in demo test_transfer test_resume test_bad_input test_durable_kill; do
  d=$(in_root 30 /usr/bin/ldd "/opt/torrentxt/$p")
  echo "$d" | grep -qE "^\s*$soname => /opt/torrentxt/$soname " || fail "$p does not resolve $soname beside it: $d"
  if echo "$d" | grep -E "not found|$bad_names"; then fail "$p needs the libraries above"; fi
done
ok "the demo and the four test programs resolve $soname through \$ORIGIN and need nothing else"

# Control: the system-linked build cannot even load here, so the runs below
# prove something.
control=$(in_root 30 /usr/bin/ldd "/opt/control/$soname" || true)
echo "$control" | grep -qE 'libtorrent-rasterbar\.so\.[0-9.]+ => not found' \
  || fail "control: the system-linked library resolved libtorrent in the root: $control"
if in_root 30 /opt/control/demo /tmp/control > "$work/control.log" 2>&1; then
  fail "control: the demo ran against the system-linked library in the root"
fi
grep -q 'error while loading shared libraries' "$work/control.log" \
  || fail "control: unexpected failure: $(cat "$work/control.log")"
ok "control: the system-linked library and a demo linked to it fail to load in the root"

echo "== the demo in the root (loader log on)"
t0=$(date +%s)
# The demo's own log is /tmp/ld.<its pid>; the shells it starts (system())
# write their own. env sets LD_DEBUG for the demo only, which keeps sh's pid.
if ! in_root 120 /bin/sh -c 'echo $$ > /tmp/demo.pid; exec /usr/bin/env LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/ld /opt/torrentxt/demo /tmp/torrentxt-demo' \
     > "$work/demo.log" 2>&1; then
  cat "$work/demo.log"; fail "the demo failed in the root"
fi
tail -3 "$work/demo.log"
grep -q 'verified byte for byte: OK' "$work/demo.log" || fail "the demo did not verify its download"
ok "demo: 16 MiB seeded and fetched over 127.0.0.1 in the root, verified ($(( $(date +%s) - t0 )) s)"
ldlog="$root/tmp/ld.$(cat "$root/tmp/demo.pid")"
[ -s "$ldlog" ] || fail "no loader log at $ldlog"
loaded=$(sed -n 's/.*calling init: //p' "$ldlog" | sort -u)
[ -n "$loaded" ] || fail "the loader log names no library"
for f in $loaded; do
  b=$(basename "$f")
  [[ "$b" =~ $glibc_only ]] || [[ "$b" =~ $glibc_nss ]] || [ "$b" = "$soname" ] || fail "the demo loaded $f"
done
echo "$loaded" | grep -q "/opt/torrentxt/$soname" || fail "the loader log does not show $soname: $loaded"
ok "the loader initialised only glibc and $soname: $(echo $loaded | xargs -n1 basename | tr '\n' ' ')"

# durable_kill: the bundled SQLite (no system SQLite in the root) under kill -9
for t in transfer resume bad_input durable_kill; do
  t0=$(date +%s)
  if ! in_root 300 "/opt/torrentxt/test_$t" > "$work/$t.log" 2>&1; then
    cat "$work/$t.log"; fail "test_$t failed in the root"
  fi
  summary=$(grep -E '^[0-9]+ checks, 0 failed$' "$work/$t.log" || true)
  [ -n "$summary" ] && [ "${summary%% *}" -gt 0 ] || { cat "$work/$t.log"; fail "test_$t printed no passing summary"; }
  ok "test_$t in the root: $summary ($(( $(date +%s) - t0 )) s)"
done
for m in $(btx_mounts_under "$root"); do umount "$m"; done

# ---- install for C hosts ---------------------------------------------------------
echo "== ci/install.sh, then a C host built with pkg-config alone"
version=$(btx_version)
for kind in system bundled; do
  prefix="$work/prefix-$kind"
  flag=(); [ "$kind" = bundled ] && flag=(--bundled)
  ci/install.sh --prefix "$prefix" "${flag[@]}" > "$work/install-$kind.log"
  real="$prefix/lib/$soname"
  [ -f "$real" ] && [ ! -L "$real" ] || fail "$kind: $real is not a file"
  [ "$(readlink "$prefix/lib/libtorrentxt.so")" = "$soname" ] || fail "$kind: libtorrentxt.so does not point at $soname"
  [ "$(readelf -d "$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = "$soname" ] || fail "$kind: soname is not $soname"
  for h in torrentxt.h torrentxt_decode.h; do
    cmp -s "include/$h" "$prefix/include/$h" || fail "$kind: include/$h not installed"
  done
  pc=(env PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config)
  [ "$("${pc[@]}" --modversion torrentxt)" = "$version" ] || fail "$kind: torrentxt.pc version is not $version"
  compile examples/demo.c $("${pc[@]}" --cflags --libs torrentxt) -o "$work/demo-$kind"
  readelf -d "$work/demo-$kind" | grep -q "NEEDED.*\[$soname\]" || fail "$kind: the demo does not need $soname"
  if ! LD_LIBRARY_PATH="$prefix/lib" timeout -k 5 120 "$work/demo-$kind" "$work/demo-$kind-files" \
       > "$work/demo-$kind.log" 2>&1; then
    cat "$work/demo-$kind.log"; fail "$kind: the installed demo failed"
  fi
  grep -q 'verified byte for byte: OK' "$work/demo-$kind.log" || fail "$kind: the installed demo did not verify"
  ok "install ($kind): $soname + link + headers + torrentxt.pc $version; demo built with pkg-config only ran and verified"
done
cmp -s "$lib" "$work/prefix-bundled/lib/$soname" || fail "install --bundled did not install the bundled library"
ok "install --bundled installs the bundled library byte for byte"

# ---- release files -------------------------------------------------------------
echo "== ci/release.sh"
ci/release.sh --out "$work/dist" > "$work/release.log"
base="torrentxt-$version-abi$abi-linux-x86_64"
(cd "$work/dist" && sha256sum --quiet -c SHA256SUMS) || fail "release: SHA256SUMS does not match"
for f in "$base.so" "$base.tar.gz" "torrentxt-$version-abi$abi-openxtalk-linux-x86_64.zip"; do
  grep -q "  $f\$" "$work/dist/SHA256SUMS" || fail "release: $f missing from SHA256SUMS"
done
cmp -s "$lib" "$work/dist/$base.so" || fail "release: $base.so is not the bundled library"
# The C-host tarball must work from wherever it is unpacked: move it, then
# build and run the demo with its relocatable torrentxt.pc.
mkdir "$work/unpacked"
tar -C "$work/unpacked" -xzf "$work/dist/$base.tar.gz"
mv "$work/unpacked/$base" "$work/moved"
[ "$(readlink "$work/moved/lib/libtorrentxt.so")" = "$soname" ] || fail "release: the tarball lost the libtorrentxt.so link"
cmp -s "$lib" "$work/moved/lib/$soname" || fail "release: the tarball's library is not the bundled one"
pc=(env PKG_CONFIG_PATH="$work/moved/lib/pkgconfig" pkg-config)
compile examples/demo.c $("${pc[@]}" --cflags --libs torrentxt) -Wl,-rpath,"$work/moved/lib" -o "$work/demo-tarball"
timeout -k 5 120 "$work/demo-tarball" "$work/demo-tarball-files" > "$work/demo-tarball.log" 2>&1 \
  || { cat "$work/demo-tarball.log"; fail "release: the demo built from the unpacked tarball failed"; }
grep -q 'verified byte for byte: OK' "$work/demo-tarball.log" || fail "release: the tarball demo did not verify"
ok "release: SHA256SUMS verify; the tarball, unpacked and moved, builds and runs the demo through its relocatable torrentxt.pc"

# ---- the packaged extension --------------------------------------------------------
echo "== the packaged OpenXTalk extension"
ci/package-lcb.sh > "$work/package.log"
python3 -m unittest discover -s tests/package -t tests/package -v > "$work/package-tests.log" 2>&1 \
  || { cat "$work/package-tests.log"; fail "package tests failed"; }
grep -E ' \.\.\. ok$' "$work/package-tests.log"
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in.*/\1/p' "$work/package-tests.log")
grep -qx 'OK' "$work/package-tests.log" || fail "package tests did not all pass"
if grep -qE 'skipped|expected failure' "$work/package-tests.log"; then fail "a package test was skipped"; fi
passed=$((passed + ran))

echo "bundled: $passed passed, 0 failed ($(( $(date +%s) - stage_start )) s)"
