#!/usr/bin/env bash
# Git-integration benchmark (issue 5): `cairn diff HEAD~1 HEAD` on the D1 dataset (100,000 files)
# with 100 files changed between the commits, and `cairn gc -A --dry` in a repository of 200
# commits that each change a tracked file.
#
#   bash bench/git.sh [--quick] [--runs N]
#
# Needs the pristine D1 of bench/run.sh (generated when missing). Results: bench/results/git.md.
set -euo pipefail
export LC_ALL=C
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=$BENCH/work
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
RUNS=5; QUICK=0
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --quick) QUICK=1 ;;
        *) echo "git.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
. "$BENCH/lib.sh"
[ -x /usr/bin/time ] || { log "/usr/bin/time (GNU time) is required"; exit 1; }
if [ $QUICK = 1 ]; then D1=$WORK/pristine/D1-10000x1024-8192-d100-s1; COMMITS=50; else D1=$WORK/pristine/D1-100000x1024-8192-d100-s1; COMMITS=200; fi
[ -d "$D1/data" ] || { log "generating datasets with bench/run.sh"; bash "$BENCH/run.sh" $([ $QUICK = 1 ] && echo --quick) --runs 1 --keep-trash >/dev/null; }

OUT=$WORK/git/$(date +%Y%m%d-%H%M%S)
freeze_cairn "$OUT"
git_q() { git -c user.email=bench@cairn.invalid -c user.name=bench "$@" >/dev/null; }

# ---- diff: D1 committed, then 100 files changed and committed again
W=$OUT/diff
mkdir -p "$W" && cd "$W"
git init -q && "$CAIRN" init >/dev/null && "$CAIRN" config cache.type hardlink,copy
log "diff: copying and adding D1 (untimed)"
cp -r "$D1/data" data
"$CAIRN" add data >/dev/null && git_q add -A && git_q commit -m v1
"$CAIRN" unprotect data >/dev/null
for f in $(find data -type f | sort | awk 'NR % 997 == 1' | head -n 100); do echo changed >> "$f"; done
"$CAIRN" add data >/dev/null && git_q add -A && git_q commit -m v2
time_runs diff "$RUNS" "$W" "$CAIRN" diff HEAD~1 HEAD
CHANGED=$(grep -c "^ *data/" "$OUT/diff.log" || true)
log "diff listed $CHANGED paths"

# ---- gc -A: a tracked file changed in each of many commits
G=$OUT/gc
mkdir -p "$G" && cd "$G"
git init -q && "$CAIRN" init >/dev/null
log "gc: making $COMMITS commits (untimed)"
for i in $(seq "$COMMITS"); do
    echo "version $i" > model.bin
    "$CAIRN" add model.bin >/dev/null && git_q add -A && git_q commit -m "v$i"
done
time_runs gc "$RUNS" "$G" "$CAIRN" gc -A --dry
grep -q "in use" "$OUT/gc.log" || { log "gc -A --dry would delete something: $(tail -n 2 "$OUT/gc.log")"; exit 1; }

cd "$BENCH"
{
    echo "# Git-integration benchmark ($(date +%F), $(nproc) cores)"
    echo
    echo "Medians of $RUNS whole-process runs; \`bash bench/git.sh\` reproduces it."
    echo
    echo "| workflow | median s | peak MB | target |"
    echo "|---|---:|---:|---|"
    echo "| \`diff HEAD~1 HEAD\`, $(find "$D1/data" -type f | wc -l) files, 100 changed ($CHANGED listed) | $(med diff) | $(peak_mb diff) | ≤ 2 s |"
    echo "| \`gc -A --dry\`, $COMMITS commits each changing a tracked file | $(med gc) | $(peak_mb gc) | ≤ 2 s |"
} | tee "$BENCH/results/git$([ $QUICK = 1 ] && echo -quick).md"
mkdir -p "$WORK/trash" && mv "$W" "$G" "$WORK/trash/"
