#!/usr/bin/env bash
# Builds libtorrent-rasterbar as a static, position-independent library from
# Debian's source package of the version installed here, configured like
# Debian's shared build, so the cxx bridge (compiled by build.rs against
# /usr/include/libtorrent) is ABI compatible with it. The result is cached
# outside the repository, keyed by version and build recipe; a rerun is
# instant. The build runs in a temporary folder that is renamed into the cache
# only when complete, so a killed build never leaves a half cache.
#
# Prints the cache folder (lib/libtorrent-rasterbar.a, LICENSE, recipe) as
# the last line of stdout. Usage: ci/build-libtorrent-static.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/common.sh

srcver=$(dpkg-query -W -f='${source:Version}' libtorrent-rasterbar-dev 2>/dev/null) || {
  echo "build-libtorrent-static: libtorrent-rasterbar-dev is not installed (ci/install-deps.sh)" >&2
  exit 1
}
upstream=${srcver#*:}
upstream=${upstream%-*}
headers=$(pkg-config --modversion libtorrent-rasterbar)
[ "$headers" = "$upstream" ] || {
  echo "build-libtorrent-static: headers say $headers, the package source is $upstream" >&2
  exit 1
}

# Debian's build (debian/rules: plain `dh_auto_configure` + python bindings)
# keeps every feature option at its default; naming them here pins the ABI
# they decide (TORRENT_ABI_VERSION 1 with deprecated functions, I2P, logging,
# DHT, ...). Not ours: python bindings, tests, tools. Our additions change no
# ABI: -fPIC, section-per-function (so the final link can drop what is
# unused), and Debian's hardening flags without debug info.
cxxflags="-ffunction-sections -fdata-sections -fstack-protector-strong -D_FORTIFY_SOURCE=2"
cmake_opts=(
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
  -DCMAKE_CXX_FLAGS="$cxxflags"
  -DCMAKE_CXX_STANDARD=17
  -DBUILD_SHARED_LIBS=OFF
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -Ddeprecated-functions=ON -Ddht=ON -Dencryption=ON -Dgnutls=OFF -Dexceptions=ON
  -Dextensions=ON -Di2p=ON -Dlogging=ON -Dmutable-torrents=ON -Dstreaming=ON
  -Dbuild_tests=OFF -Dbuild_examples=OFF -Dbuild_tools=OFF -Dpython-bindings=OFF
  -DCMAKE_INSTALL_LIBDIR=lib
)
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo none; }
# Everything that changes the bytes of the archive goes into the key.
recipe=$(
  echo "recipe 1"
  echo "libtorrent-rasterbar $srcver"
  echo "cmake ${cmake_opts[*]}"
  echo "g++ $(g++ -dumpfullversion) $(g++ -dumpmachine)"
  echo "libssl-dev $(ver libssl-dev)"
  echo "boost $(ver libboost-dev) $(ver libboost1.74-dev)"
)
key=$(printf '%s\n' "$recipe" | sha256sum | cut -c1-12)
root=$(btx_cache_dir)
cache="$root/libtorrent-$srcver-$key"
if [ -f "$cache/lib/libtorrent-rasterbar.a" ]; then
  echo "build-libtorrent-static: cached $cache" >&2
  echo "$cache"
  exit 0
fi

mkdir -p "$root"
# one build at a time per cache; a second caller waits and then finds it done
exec 9>"$root/.libtorrent.lock"
flock 9
if [ -f "$cache/lib/libtorrent-rasterbar.a" ]; then echo "$cache"; exit 0; fi

for tool in dpkg-source cmake g++; do
  command -v "$tool" >/dev/null || { echo "build-libtorrent-static: $tool missing (ci/install-deps.sh --test)" >&2; exit 1; }
done
work=$(mktemp -d "$root/.build-libtorrent-XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "build-libtorrent-static: building libtorrent $srcver (key $key) in $work" >&2
start=$(date +%s)

# The source: a private apt configuration whose only entries are deb-src
# twins of this machine's own entries, so the system's apt state is untouched
# and no mirror is written into the repository. apt checks the download
# against the signed Sources index.
apt="$work/apt"
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
: > "$apt/sources.list"
python3 ci/apt_sources.py deb-src > "$apt/sources.list.d/deb-src.sources"
aptopts=(
  -o Dir::Etc::SourceList="$apt/sources.list"
  -o Dir::Etc::SourceParts="$apt/sources.list.d"
  -o Dir::State::Lists="$apt/lists"
  -o Dir::Cache="$apt/cache"
  -o APT::Sandbox::User=root
)
apt-get "${aptopts[@]}" -qq update >&2
mkdir -p "$work/src"
(cd "$work/src" && apt-get "${aptopts[@]}" -qq source --only-source "libtorrent-rasterbar=$srcver" >&2)
src=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'libtorrent-rasterbar-*' | head -1)
[ -f "$src/CMakeLists.txt" ] || { echo "build-libtorrent-static: no source tree in $work/src" >&2; exit 1; }

gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$src" -B "$work/build" "${gen[@]}" "${cmake_opts[@]}" -DCMAKE_INSTALL_PREFIX="$work/out" \
  > "$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; exit 1; }
nice -n 10 cmake --build "$work/build" -j"$(nproc)" > "$work/build.log" 2>&1 \
  || { grep -m20 -B2 -A8 -E 'error|Error' "$work/build.log" >&2 || tail -40 "$work/build.log" >&2; exit 1; }
cmake --install "$work/build" > /dev/null

# ABI guard: the public defines of our build must be Debian's, apart from
# TORRENT_LINKING_SHARED (which only marks symbols for a DLL import; on ELF
# it changes no layout).
defs() { tr ' ' '\n' | grep '^-D' | grep -v '^-DTORRENT_LINKING_SHARED$' | sort -u; }
ours=$(PKG_CONFIG_PATH="$work/out/lib/pkgconfig" pkg-config --cflags libtorrent-rasterbar | defs)
debian=$(pkg-config --cflags libtorrent-rasterbar | defs)
if [ "$ours" != "$debian" ]; then
  echo "build-libtorrent-static: the static build's public defines differ from Debian's:" >&2
  diff <(echo "$debian") <(echo "$ours") >&2 || true
  exit 1
fi
# Boost: 1.74's Boost.System is header-only, so the archive needs no boost
# library; the final `-z defs` link proves it.
cp "$src/LICENSE" "$work/out/LICENSE"
printf '%s\n' "$recipe" > "$work/out/recipe"
echo "$ours" > "$work/out/public-defines"
echo "$(( $(date +%s) - start ))" > "$work/out/build-seconds"
rm -rf "$work/out/include"  # the bridge compiles against /usr/include/libtorrent
mv -T "$work/out" "$cache"
echo "build-libtorrent-static: built in $(( $(date +%s) - start )) s -> $cache" >&2
echo "$cache"
