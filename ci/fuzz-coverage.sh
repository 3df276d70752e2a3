#!/usr/bin/env bash
# Which of our functions (src/*.rs, cpp/*.cpp) the fuzz corpora reach, from
# libFuzzer's own sancov PC tables (-print_coverage=1): no extra build, and it
# works for rustc's and clang's code alike (llvm-cov would need rustc's LLVM
# 22 profile tools for the Rust half). Usage: ci/fuzz-coverage.sh [target]
# Reads $FUZZ_HOME/corpus/<target> (see ci/fuzz.sh) plus the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/fuzz-common.sh
home=${FUZZ_HOME:-$HOME/.cache/torrentxt-fuzz}
[ -x "$FUZZ_BIN/make_seeds" ] || ci/fuzz-build.sh >/dev/null
out=$FUZZ_OUT/coverage
mkdir -p "$out"
for t in $(fuzz_targets "${1:-}"); do
  dirs=("$FUZZ_SEEDS/$t")
  [ -d "$home/corpus/$t" ] && dirs+=("$home/corpus/$t")
  fuzz_netns "$FUZZ_BIN/$t" -runs=0 -print_coverage=1 "${dirs[@]}" > "$out/$t.txt" 2>&1 || true
done
python3 - "$PWD" "$out" <<'PY'
import glob, re, sys, collections
root, out = sys.argv[1], sys.argv[2]
line = re.compile(r'^(UN)?COVERED_FUNC: hits: (\d+) edges: (\d+)/(\d+) (.+) (\S+):(\d+)$')
funcs = {}  # (file, name) -> [covered edges (max over targets), total edges]
per_target = collections.defaultdict(set)
for path in sorted(glob.glob(out + '/*.txt')):
    t = path.rsplit('/', 1)[1][:-4]
    for l in open(path, errors='replace'):
        m = line.match(l)
        if not m: continue
        f = m.group(6)
        if not (f.startswith(root + '/src/') or f.startswith(root + '/cpp/')): continue
        f = f[len(root) + 1:]
        key = (f, m.group(5))
        cur = funcs.setdefault(key, [0, int(m.group(4))])
        cur[0] = max(cur[0], int(m.group(3)))
        if int(m.group(3)) > 0: per_target[t].add(key)
files = collections.defaultdict(lambda: [0, 0, 0, 0])
for (f, _), (c, n) in funcs.items():
    s = files[f]; s[0] += c > 0; s[1] += 1; s[2] += c; s[3] += n
print(f"{'file':28} {'functions':>12} {'edges (best target)':>22}")
for f in sorted(files):
    fc, fn, ec, en = files[f]
    print(f"{f:28} {fc:5}/{fn:<6} {ec:8}/{en:<6} {100*ec/max(en,1):5.1f}%")
print()
for t in sorted(per_target):
    print(f"{t}: reaches {len(per_target[t])} of our functions")
PY
