#!/usr/bin/env bash
# Transfer benchmark: Cairn's push and pull against rclone copy, to and from the same
# S3-compatible server (gofakes3, in memory) on loopback, on the datasets of bench/run.sh.
#
#   bash bench/transfer.sh [--quick] [--runs N] [--datasets "D1 D2"]
#
# Needs: the pristine datasets of bench/run.sh (generated when missing), gofakes3
# ($CAIRN_GOFAKES3 or ~/go/bin, as .ci/run installs it), rclone (Debian package), GNU time.
# Figures are medians of whole-process wall times; results go to bench/results/transfer.md.
set -euo pipefail
export LC_ALL=C
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=$BENCH/work
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
QUICK=0; RUNS=; DATASETS="D1 D2"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --datasets) DATASETS=$2; shift ;;
        *) echo "transfer.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
if [ $QUICK = 1 ]; then
    D1=$WORK/pristine/D1-10000x1024-8192-d100-s1; D2=$WORK/pristine/D2-4x26214400-s2; RUNS=${RUNS:-3}
else
    D1=$WORK/pristine/D1-100000x1024-8192-d100-s1; D2=$WORK/pristine/D2-20x104857600-s2; RUNS=${RUNS:-3}
fi
. "$BENCH/lib.sh"
[ -d "$D1/data" ] && [ -d "$D2/data" ] || { log "generating datasets with bench/run.sh"; bash "$BENCH/run.sh" ${QUICK:+$([ $QUICK = 1 ] && echo --quick)} --runs 1 --keep-trash >/dev/null; }
FAKES3=${CAIRN_GOFAKES3:-$HOME/go/bin/gofakes3}
[ -x "$FAKES3" ] || { log "gofakes3 not found (run .ci/run or go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0)"; exit 1; }
command -v rclone >/dev/null || { log "rclone not found: apt-get install rclone"; exit 1; }

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/transfer/$STAMP
mkdir -p "$OUT"
freeze_cairn "$OUT"
JOBS=$(( 2 * $(nproc) ))

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_server() {
    "$FAKES3" -backend memory -host 127.0.0.1:$PORT > "$OUT/gofakes3.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0; sleep 0.1; done
    log "gofakes3 did not start"; exit 1
}
stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
trap stop_server EXIT
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENV_AUTH=false \
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench \
    RCLONE_CONFIG_BENCH_ENDPOINT=http://127.0.0.1:$PORT RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
# rclone's S3 backend cannot use a custom CA bundle with its own transport; loopback needs none
rclone() { env -u AWS_CA_BUNDLE "$(command -v rclone)" "$@"; }
RCLONE=(env -u AWS_CA_BUNDLE rclone)
TSV=$OUT/measurements.tsv
measure() { # label dir command...
    local label=$1 dir=$2; shift 2
    sync; sleep 1
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$OUT/time.out" "$@") > "$OUT/$label.log" 2>&1 || { log "$label failed: $(tail -3 "$OUT/$label.log")"; exit 1; }
    read -r wall rss < "$OUT/time.out"
    printf '%s\t%s\t%s\n' "$label" "$wall" "$rss" >> "$TSV"
    log "$label: $wall s, $((rss / 1024)) MB"
}

for i in $(seq 1 "$RUNS"); do
    start_server
    for ds in $DATASETS; do
        src=$([ $ds = D1 ] && echo "$D1" || echo "$D2")
        R=$OUT/$i/$ds; mkdir -p "$R/a" "$R/b"
        (cd "$R/a" && git init -q && "$CAIRN" init >/dev/null && "$CAIRN" config cache.type copy \
            && cp -r "$src/data" data && "$CAIRN" add data >/dev/null)
        (cd "$R/b" && git init -q && "$CAIRN" init >/dev/null)
        bucket=cairn-$i-$(echo $ds | tr 'A-Z' 'a-z')
        rclone mkdir "bench:$bucket" && rclone mkdir "bench:rclone-$i-$(echo $ds | tr 'A-Z' 'a-z')"
        for r in a b; do
            (cd "$R/$r" && "$CAIRN" remote add -d s3 "s3://$bucket/store" && "$CAIRN" remote modify s3 endpointurl "http://127.0.0.1:$PORT" \
                && "$CAIRN" remote modify --local s3 access_key_id bench && "$CAIRN" remote modify --local s3 secret_access_key bench)
        done
        cp "$R/a/data.cairn" "$R/b/"
        measure "cairn.push.$ds" "$R/a" "$CAIRN" push
        measure "cairn.statusc.$ds" "$R/a" "$CAIRN" status -c
        measure "cairn.pull.$ds" "$R/b" "$CAIRN" pull
        # rclone moves the same objects: the cache's files/ tree up, then down into an empty directory
        measure "rclone.push.$ds" "$R/a" "${RCLONE[@]}" copy --transfers $JOBS --checkers $JOBS .cairn/cache/files "bench:rclone-$i-$(echo $ds | tr 'A-Z' 'a-z')/files"
        measure "rclone.pull.$ds" "$R" "${RCLONE[@]}" copy --transfers $JOBS --checkers $JOBS "bench:rclone-$i-$(echo $ds | tr 'A-Z' 'a-z')/files" "$R/rclone-down"
        cmp -s "$R/a/data/$(cd "$src/data" && find . -type f | head -n 1)" "$R/b/data/$(cd "$src/data" && find . -type f | head -n 1)" \
            || { log "pulled data differs"; exit 1; }
    done
    stop_server
done

RESULT=$BENCH/results/transfer$([ "$DATASETS" = "D1 D2" ] || echo "-${DATASETS// /-}").md
python3 - "$TSV" "$RUNS" "$JOBS" > "$RESULT" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list); rss = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, kb = line.split("\t")
    rows[label].append(float(wall)); rss[label].append(int(kb) // 1024)
med = {k: statistics.median(v) for k, v in rows.items()}
print(f"# Transfer benchmark (S3-compatible server on loopback)\n")
print(f"Medians of {sys.argv[2]} runs; Cairn and rclone both with {sys.argv[3]} parallel transfers; gofakes3 in memory.\n")
print("| Workflow | Dataset | Cairn (s) | rclone copy (s) | Ratio | Target | Peak MB (Cairn) |")
print("|---|---|---:|---:|---:|---|---:|")
for ds in ("D1", "D2"):
    for op in ("push", "pull"):
        c, r = med.get(f"cairn.{op}.{ds}"), med.get(f"rclone.{op}.{ds}")
        if c is None or r is None:
            continue
        target = "≤ 1.0" if ds == "D1" else "≤ 1.25"
        print(f"| {op} | {ds} | {c:.2f} | {r:.2f} | {c / r:.2f} | {target} | {max(rss[f'cairn.{op}.{ds}'])} |")
    if f"cairn.statusc.{ds}" in med:
        print(f"| status -c (remote complete) | {ds} | {med[f'cairn.statusc.{ds}']:.2f} | — | — | report | {max(rss[f'cairn.statusc.{ds}'])} |")
PY
# each run leaves several copies of the datasets (tens of GB): delete them now that timing is over
log "deleting the run trees (logs kept in $OUT)"
for i in $(seq 1 "$RUNS"); do rm -rf "${OUT:?}/$i"; done
log "results: $RESULT"
cat "$RESULT"
