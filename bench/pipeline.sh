#!/usr/bin/env bash
# Pipeline benchmark (issue 4): a no-op `repro` and `status` of a 200-stage pipeline that is up to
# date, and 8 independent `sleep 1` stages with `repro -j 1` against `repro -j 4`.
#
#   bash bench/pipeline.sh [--runs N]
#
# Uses a frozen copy of dist/cairn with target/cairn.jar and its AOT cache, like bench/run.sh.
# Figures are medians of whole-process wall times; results go to bench/results/pipeline.md.
set -euo pipefail
export LC_ALL=C
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=$BENCH/work
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
RUNS=5
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        *) echo "pipeline.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
. "$BENCH/lib.sh"
[ -x /usr/bin/time ] || { log "/usr/bin/time (GNU time) is required"; exit 1; }

OUT=$WORK/pipeline/$(date +%Y%m%d-%H%M%S)
freeze_cairn "$OUT"

# ---- 200 stages: 10 chains of 20; each stage reads its own input, the previous stage's output
# ---- and a parameter, and writes one output
P=$OUT/p200
mkdir -p "$P/in"
(cd "$P" && git init -q && "$CAIRN" init) > /dev/null
{
    echo "seed: 7"
    echo "stages:"
    for i in $(seq 0 199); do
        s=$(printf 's%03d' "$i"); prev=$(printf 's%03d' $((i - 1)))
        echo "data $i" > "$P/in/$s.txt"
        echo "  $s:"
        if [ $((i % 20)) = 0 ]; then
            echo "    cmd: cat in/$s.txt > out/$s.txt"
            echo "    deps: [in/$s.txt]"
        else
            echo "    cmd: cat in/$s.txt out/$prev.txt > out/$s.txt"
            echo "    deps: [in/$s.txt, out/$prev.txt]"
        fi
        echo "    params: [seed]"
        echo "    outs: [out/$s.txt]"
    done
} > "$OUT/gen.yaml"
sed -n '1p' "$OUT/gen.yaml" > "$P/params.yaml"
sed -n '2,$p' "$OUT/gen.yaml" > "$P/pipeline.yaml"
mkdir -p "$P/out"
log "200 stages: first repro (untimed)"
(cd "$P" && "$CAIRN" repro > "$OUT/first-repro.log" 2>&1)
[ -z "$(cd "$P" && "$CAIRN" status)" ] || { log "status not clean after repro"; exit 1; }
time_runs repro200 "$RUNS" "$P" "$CAIRN" repro
grep -q "up to date" "$OUT/repro200.log" || { log "no-op repro ran something"; exit 1; }
time_runs status200 "$RUNS" "$P" "$CAIRN" status

# ---- 8 independent stages of `sleep 1`
S=$OUT/sleep8
mkdir -p "$S"
(cd "$S" && git init -q && "$CAIRN" init) > /dev/null
{
    echo "stages:"
    for i in $(seq 1 8); do
        echo "  sleep$i:"
        echo "    cmd: sleep 1 && echo $i > out$i.txt"
        echo "    outs: [out$i.txt]"
    done
} > "$S/pipeline.yaml"
SLEEP_RUNS=$(( RUNS < 3 ? RUNS : 3 ))
time_runs sleep8-j1 "$SLEEP_RUNS" "$S" "$CAIRN" repro -f -j 1
time_runs sleep8-j4 "$SLEEP_RUNS" "$S" "$CAIRN" repro -f -j 4

J1=$(med sleep8-j1); J4=$(med sleep8-j4)
RATIO=$(awk -v a="$J4" -v b="$J1" 'BEGIN {printf "%.2f", a / b}')
{
    echo "# Pipeline benchmark ($(date +%F), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
    echo
    echo "Medians of $RUNS whole-process runs ($SLEEP_RUNS for the sleep stages); \`bash bench/pipeline.sh\` reproduces it."
    echo
    echo "| workflow | median s | peak MB | target |"
    echo "|---|---:|---:|---|"
    echo "| \`repro\`, 200 stages up to date | $(med repro200) | $(peak_mb repro200) | ≤ 1 s |"
    echo "| \`status\`, 200 stages up to date | $(med status200) | $(peak_mb status200) | ≤ 1 s |"
    echo "| \`repro -f -j 1\`, 8 × \`sleep 1\` | $J1 | $(peak_mb sleep8-j1) | |"
    echo "| \`repro -f -j 4\`, 8 × \`sleep 1\` | $J4 | $(peak_mb sleep8-j4) | ≤ 0.35 × -j 1 (measured: $RATIO) |"
} | tee "$BENCH/results/pipeline.md"
mv "$OUT/p200" "$OUT/sleep8" "$WORK/trash/" 2>/dev/null || true
