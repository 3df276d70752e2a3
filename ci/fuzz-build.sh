#!/usr/bin/env bash
# Builds the libFuzzer targets on stable Rust: an instrumented staticlib of
# the crate (Rust via rustc's own sancov pass, the C++ bridge via clang with
# ASan/UBSan), every fuzz/targets/*.c linked against it, and the seed corpora
# made by the library itself. Everything goes under target/fuzz-build/.
#
# Usage: ci/fuzz-build.sh            prints the path of the built targets
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/fuzz-common.sh

clang_bin() {  # clang-14 is Debian 12's; take a newer one when that is all there is
  local v
  for v in "" -14 -15 -16 -17 -18 -19; do
    command -v "$1$v" >/dev/null 2>&1 && { echo "$1$v"; return; }
  done
  echo "fuzz-build: $1 not found (ci/install-deps.sh --test installs it)" >&2; exit 1
}
CC_FUZZ=$(clang_bin clang)
CXX_FUZZ=$(clang_bin clang++)
host=$(rustc -vV | sed -n 's/^host: //p')
out=$FUZZ_OUT
bin=$FUZZ_BIN
mkdir -p "$bin"

# -- Rust: the sancov pass with the same coverage kinds clang's -fsanitize=fuzzer
#    emits (inline 8-bit counters + PC table feed libFuzzer's cov/ft; trace-cmp
#    feeds its value profile / CMP dictionary). All are plain LLVM options, so
#    stable rustc accepts them; only -Zsanitizer (ASan inside Rust) is nightly.
#    overflow-checks/debug-assertions turn silent wrap-arounds into panics,
#    which the targets treat as crashes. --target makes RUSTFLAGS skip build
#    scripts and proc macros (they would not link without libFuzzer).
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=3 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Coverflow-checks=on -Cdebug-assertions=on -Cforce-frame-pointers=yes \
 --cfg fuzzing"
# -- C++ (the bridge and cxx's runtime, via the cc crate): clang with ASan,
#    UBSan and libFuzzer's coverage; -fno-sanitize-recover makes UB fatal.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export CC="$CC_FUZZ" CXX="$CXX_FUZZ"
export CFLAGS="$SAN -fsanitize=fuzzer-no-link -g -O1"
export CXXFLAGS="$CFLAGS"
export CARGO_TARGET_DIR=$out/cargo
cargo build --release --lib --target "$host" 2> "$out/cargo.log" || { cat "$out/cargo.log"; exit 1; }
lib=$CARGO_TARGET_DIR/$host/release/libtorrentxt.a

LIBS="$(pkg-config --libs libtorrent-rasterbar) -lstdc++ -lpthread -ldl -lm"
common=(-Iinclude -Ifuzz -g -O1 -Wall -Wextra -Werror $SAN)

# every fuzz/targets/NAME.c is a target: nothing to register
for src in fuzz/targets/*.c; do
  name=$(basename "$src" .c)
  if [ "$bin/$name" -nt "$src" ] && [ "$bin/$name" -nt "$lib" ] && [ "$bin/$name" -nt fuzz/common.h ]; then
    continue
  fi
  "$CXX_FUZZ" -x c -std=c11 "${common[@]}" -fsanitize=fuzzer -c "$src" -o "$out/$name.o"
  "$CXX_FUZZ" "${common[@]}" -fsanitize=fuzzer "$out/$name.o" "$lib" $LIBS -o "$bin/$name"
done

# the seed generator: the same instrumented library, libFuzzer's runtime
# without its main() (the sancov hooks need it)
rt=$("$CC_FUZZ" -print-file-name=libclang_rt.fuzzer_no_main-x86_64.a)
[ -f "$rt" ] || rt=$(find "$(dirname "$("$CC_FUZZ" -print-libgcc-file-name)")" /usr/lib/llvm-*/lib/clang -name 'libclang_rt.fuzzer_no_main-x86_64.a' 2>/dev/null | head -1)
"$CXX_FUZZ" -x c -std=c11 "${common[@]}" -fsanitize=fuzzer-no-link -c fuzz/tools/make_seeds.c -o "$out/make_seeds.o"
"$CXX_FUZZ" "${common[@]}" "$out/make_seeds.o" "$lib" "$rt" $LIBS -o "$bin/make_seeds"
rm -rf "$FUZZ_SEEDS"
fuzz_netns "$bin/make_seeds" "$FUZZ_SEEDS" > "$out/make_seeds.log" 2>&1 || { cat "$out/make_seeds.log"; exit 1; }
echo "$bin"
