#!/usr/bin/env bash
# Cairn side by side with DVC, git-lfs and the hardware baseline (md5sum, stat, cp, rclone):
# the same datasets, the same S3-compatible server on loopback, whole processes, medians.
# See docs/performance.md, section "Against DVC and git-lfs".
#
#   bash bench/compare.sh [--quick] [--runs N] [--tools "cairn dvc lfs base"]
#                         [--datasets "D1 D2 D3"] [--d3-runs N] [--d3-tools "..."] [--budget MINUTES]
#                         [--keep-trash] [--no-install]
#
#   --quick      small sizes (D1 10,000 files, D2 4 x 25 MiB, D3 20,000 files), 1 run
#   --runs N     rounds over D1 and D2 (default 3); every round runs every tool once
#   --d3-runs N  runs on D3 (default 1: one million files cost DVC and git-lfs many minutes);
#                D3 measures add, status and checkout (copy) only, without push and pull
#   --d3-tools T tools run on D3 (default: all of --tools)
#   --budget M   start no new D1/D2 round once M minutes have passed (default 100; 0: no limit)
#
# Environment:
#   BENCH_WORK       where datasets, tools and run trees live (default bench/work, git-ignored);
#                    the pristine datasets of bench/run.sh under $BENCH_WORK/pristine are reused
#   LOAD_MAX         before each timed command, wait until the 1-minute load average is below
#                    this (default 2.5), polling every 15 s, for at most LOAD_WAIT s (default 600)
#                    and LOAD_BUDGET s over the whole run (default 1200); the load is recorded
#   LFS_XFER_RUNS    rounds in which git-lfs pushes and pulls D1/D2 (default 1: one D1 push and pull
#                    through the giftless server take about 25 minutes); DVC_XFER_RUNS,
#                    CAIRN_XFER_RUNS, BASE_XFER_RUNS the same for the others (default: every round)
#   EXTRAS=0         skips the pipeline and start-up measurements (to add rounds to an earlier run)
#   D3_TIMEOUT       seconds after which a D3 command is stopped and counted as failed (default 900)
#   CAIRN_JAVA_OPTS  extra JVM options for Cairn (D3 adds -Xmx2g, as docs/performance.md advises
#                    for a million files)
#   JAVA_HOME        JDK for Cairn (default /usr/lib/jvm/temurin-25-jdk-amd64)
#
# Installs what is missing: GNU time, git-lfs and rclone (Debian packages), gofakes3 (Go module),
# DVC with dvc-s3 in bench/work/dvc-venv, and the giftless Git LFS server in bench/work/lfs-venv
# (git-lfs needs an LFS server; giftless keeps its objects in the same gofakes3 server).
# Results: bench/results/compare.md, bench/results/compare.tsv and docs/compare.svg.
set -euo pipefail
export LC_ALL=C

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=${BENCH_WORK:-$BENCH/work}
TRASH=$WORK/trash
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LOAD_MAX=${LOAD_MAX:-2.5}; LOAD_WAIT=${LOAD_WAIT:-600}; LOAD_BUDGET=${LOAD_BUDGET:-1200}
LFS_XFER_RUNS=${LFS_XFER_RUNS:-1}; DVC_XFER_RUNS=${DVC_XFER_RUNS:-999}
CAIRN_XFER_RUNS=${CAIRN_XFER_RUNS:-999}; BASE_XFER_RUNS=${BASE_XFER_RUNS:-999}; EXTRAS=${EXTRAS:-1}

QUICK=0; RUNS=; D3_RUNS=; TOOLS="cairn dvc lfs base"; D3_TOOLS=; DATASETS="D1 D2 D3"; BUDGET=100
KEEP_TRASH=0; INSTALL=1
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1 ;;
        --runs) RUNS=${2:?}; shift ;;
        --d3-runs) D3_RUNS=${2:?}; shift ;;
        --tools) TOOLS=${2:?}; shift ;;
        --d3-tools) D3_TOOLS=${2:?}; shift ;;
        --datasets) DATASETS=${2:?}; shift ;;
        --budget) BUDGET=${2:?}; shift ;;
        --keep-trash) KEEP_TRASH=1 ;;
        --no-install) INSTALL=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
if [ $QUICK = 1 ]; then
    D1_FILES=10000; D2_FILES=4; D2_BYTES=$((25 * 1024 * 1024)); D3_FILES=20000; RUNS=${RUNS:-1}
else
    D1_FILES=100000; D2_FILES=20; D2_BYTES=$((100 * 1024 * 1024)); D3_FILES=1000000; RUNS=${RUNS:-3}
fi
D3_RUNS=${D3_RUNS:-1}; D3_TOOLS=${D3_TOOLS:-$TOOLS}
has() { case " $2 " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
mkdir -p "$WORK" "$TRASH"
apt_install() {  # apt_install COMMAND PACKAGE
    command -v "$1" >/dev/null && return 0
    [ $INSTALL = 1 ] || die "$1 is missing (apt-get install $2)"
    log "installing $2 (Debian)"
    apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q "$2" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install /usr/bin/time time
apt_install rclone rclone
has lfs "$TOOLS" && { apt_install git-lfs git-lfs; }
FAKES3=${CAIRN_GOFAKES3:-$HOME/go/bin/gofakes3}
if [ ! -x "$FAKES3" ]; then
    [ $INSTALL = 1 ] || die "gofakes3 missing"
    log "installing gofakes3 (Go module)"
    GOFLAGS=-mod=mod go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0
fi
DVC_VENV=$WORK/dvc-venv
if has dvc "$TOOLS" && [ ! -x "$DVC_VENV/bin/dvc" ]; then
    [ $INSTALL = 1 ] || die "DVC missing"
    log "installing DVC into $DVC_VENV (PyPI: dvc dvc-s3)"
    python3 -m venv "$DVC_VENV"
    "$DVC_VENV/bin/pip" install -q ${DVC_PIP_SPEC:-dvc dvc-s3}
fi
LFS_VENV=$WORK/lfs-venv
if has lfs "$TOOLS" && [ ! -x "$LFS_VENV/bin/waitress-serve" ]; then
    [ $INSTALL = 1 ] || die "giftless missing"
    log "installing the giftless LFS server into $LFS_VENV (PyPI)"
    python3 -m venv "$LFS_VENV"
    # giftless 0.6.2 declares no dependencies in its wheel: they are listed here. PyJWT 2.10 rejects
    # the null subject of giftless' anonymous verify tokens, hence < 2.10.
    "$LFS_VENV/bin/pip" install -q giftless==0.6.2 boto3 waitress flask flask-classful flask-marshmallow \
        marshmallow-enum webargs pyyaml "pyjwt<2.10" figcan cachetools python-dotenv typing-extensions \
        python-dateutil requests
fi
export DVC_NO_ANALYTICS=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
export GIT_CONFIG_GLOBAL=$WORK/gitconfig
[ -f "$GIT_CONFIG_GLOBAL" ] || { git config --file "$GIT_CONFIG_GLOBAL" init.defaultBranch main
    git config --file "$GIT_CONFIG_GLOBAL" advice.detachedHead false; }
if has lfs "$TOOLS"; then
    git lfs install --skip-repo >/dev/null   # the filter.lfs settings, into $GIT_CONFIG_GLOBAL
fi

# ---------------------------------------------------------------- run directory, Cairn
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/compare/$STAMP
RUNDIR=$WORK/runs/compare-$STAMP
mkdir -p "$OUT/logs" "$RUNDIR"
JAR=$REPO/target/cairn.jar
[ -f "$JAR" ] || (cd "$REPO" && mvn -q -B -o package -DskipTests) || die "build failed"
# a frozen copy of the shipped launcher and jar, with the AOT cache dist/train-aot.sh builds for it
mkdir -p "$OUT/dist/lib"
cp "$REPO/dist/cairn" "$REPO/dist/find-java.sh" "$REPO/dist/train-aot.sh" "$OUT/dist/"
cp "$JAR" "$OUT/dist/lib/cairn.jar"
# and the daemon's client, where a C compiler built it (dist/cairn finds it as lib/cairn-client)
[ -x "$REPO/target/cairn-client" ] && cp "$REPO/target/cairn-client" "$OUT/dist/lib/cairn-client"
bash "$OUT/dist/train-aot.sh" "$OUT/dist/lib/cairn.jar" > "$OUT/logs/train-aot.log" 2>&1 \
    || log "AOT training failed (see $OUT/logs/train-aot.log)"
CAIRN=$OUT/dist/cairn
DVC=$DVC_VENV/bin/dvc
"$CAIRN" --version >/dev/null || die "cairn does not run"

# ---------------------------------------------------------------- datasets
P=$WORK/pristine
P1=$P/D1-${D1_FILES}x1024-8192-d100-s1
P2=$P/D2-${D2_FILES}x${D2_BYTES}-s2
P3=$P/D3-${D3_FILES}x0-512-flat-s3
mkdir -p "$P"
gen() {  # gen DIR ARGS... : a dataset is generated once, then reused
    local dir=$1; shift
    [ -d "$dir/data" ] && return 0
    log "generating $dir"
    mkdir -p "$dir"
    /usr/bin/time -f "generated in %e s" python3 "$BENCH/gen.py" "$@"
}
has D1 "$DATASETS" && gen "$P1" many "$P1/data" "$D1_FILES" 100 1024 8192 1
has D2 "$DATASETS" && gen "$P2" large "$P2/data" "$D2_FILES" "$D2_BYTES" 2

# ten files to modify for "status after modifying 10 files", spread over the sorted file list
modlist() {  # modlist PRISTINE -> $OUT/mod-<name>.txt
    local f=$OUT/mod-$(basename "$1").txt
    [ -f "$f" ] || (cd "$1" && find data -type f | sort | awk -v n="$(find data -type f | wc -l)" \
        'BEGIN {s = int(n / 10); if (s < 1) s = 1} (NR - 1) % s == 0 && c < 10 {print; c++}') > "$f"
    echo "$f"
}
modify10() {  # modify10 WORKSPACE PRISTINE : appends a line to ten tracked files
    local f
    while read -r f; do echo "modified by bench/compare.sh" >> "$1/$f"; done < "$(modlist "$2")"
}

# ---------------------------------------------------------------- measuring
TSV=$OUT/measurements.tsv
printf 'tool\tworkflow\tdataset\titer\trc\twall_s\tmaxrss_kb\tuser_s\tsys_s\tload1\twaited_s\n' > "$TSV"
FAILURES=0; WAITED_TOTAL=0; T0=$SECONDS

wait_load() {  # sets LOAD and WAITED
    local start=$SECONDS l
    while :; do
        read -r l _ < /proc/loadavg
        awk -v l="$l" -v m="$LOAD_MAX" 'BEGIN {exit !(l >= m)}' || break
        if [ $((SECONDS - start)) -ge "$LOAD_WAIT" ] || [ $((WAITED_TOTAL + SECONDS - start)) -ge "$LOAD_BUDGET" ]; then
            echo "$(date +%T) gave up waiting for load < $LOAD_MAX after $((SECONDS - start)) s (load $l, $((WAITED_TOTAL + SECONDS - start)) s waited in all)" >> "$OUT/load-waits.txt"
            break
        fi
        sleep 15
    done
    WAITED=$((SECONDS - start)); WAITED_TOTAL=$((WAITED_TOTAL + WAITED))
    read -r LOAD _ < /proc/loadavg
}

# measure TOOL WORKFLOW DATASET ITER DIR CMD... : one timed whole-process run, one row of $TSV
measure() {
    local tool=$1 wf=$2 ds=$3 iter=$4 dir=$5; shift 5
    local label=$tool.$wf.$ds tf=$OUT/time.out logf=$OUT/logs/$tool.$wf.$ds.$iter.log rc=0 wall rss user sys
    sync; sleep 1
    wait_load
    : > "$tf"
    (cd "$dir" && exec /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout "${TIMEOUT:-3600}" "$@") >"$logf" 2>&1 || rc=$?
    read -r wall rss user sys < <(tail -n 1 "$tf") || true
    if ! [[ ${wall:-x} =~ ^[0-9.]+$ ]]; then wall=0; rss=0; user=0; sys=0; [ "$rc" != 0 ] || rc=99; fi
    LAST_RC=$rc
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$wf" "$ds" "$iter" "$rc" "$wall" "$rss" "$user" "$sys" "$LOAD" "$WAITED" >> "$TSV"
    log "[$iter] $label: $wall s, $((rss / 1024)) MB, load $LOAD$([ "$WAITED" = 0 ] || echo " (waited $WAITED s)")$([ "$rc" = 0 ] || echo ", EXIT STATUS $rc")"
    if [ "$rc" != 0 ]; then
        FAILURES=$((FAILURES + 1))
        { echo "---- $label run $iter exited with $rc ($logf):"; tail -n 20 "$logf"; } >> "$OUT/failures.txt"
        tail -n 10 "$logf" | sed 's/^/    | /' >&2
    fi
    return 0
}

step() {  # untimed step that must succeed: step DIR CMD...
    local dir=$1; shift
    (cd "$dir" && "$@") >>"$OUT/logs/setup.log" 2>&1 || { tail -n 20 "$OUT/logs/setup.log" >&2; die "setup failed in $dir: $*"; }
}
to_trash() {  # big trees are moved aside, deleted after the last measurement (see bench/run.sh);
    local src   # D2 trees hold a few files: deleting them is cheap and saves gigabytes per run
    for src in "$@"; do
        [ -e "$src" ] || continue
        if [ "${CUR_DS:-}" = D2 ]; then rm -rf "$src"; else mv "$src" "$TRASH/$(date +%s%N)-$RANDOM-$(basename "$src")"; fi
    done
    return 0
}
verify() {  # verify WHAT TREE PRISTINE : identical trees (first run only)
    if diff -rq "$3" "$2" > "$OUT/diff.out" 2>&1; then echo "$1: identical to pristine" >> "$OUT/verify.txt"
    else echo "$1: DIFFERS from pristine: $(head -3 "$OUT/diff.out")" >> "$OUT/verify.txt"; log "WARNING: $1 differs"; fi
}
expect_quiet() {  # expect_quiet WHAT LOGFILE GREP_OK : a clean status prints nothing (or GREP_OK)
    local f=$OUT/logs/$2
    if [ -s "$f" ] && ! grep -q "${3:-^\$}" "$f"; then echo "$1: not clean: $(head -3 "$f")" >> "$OUT/verify.txt"
    else echo "$1: clean" >> "$OUT/verify.txt"; fi
}

# ---------------------------------------------------------------- S3 server (and LFS server)
S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LFS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
S3_PID=; LFS_PID=
wait_port() { for _ in $(seq 150); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.2; done; die "nothing listens on port $1"; }
s3_start() {  # a fresh in-memory server per tool and dataset: memory is freed between them
    "$FAKES3" -backend memory -autobucket -host 127.0.0.1:$S3_PORT >> "$OUT/logs/gofakes3.log" 2>&1 &
    S3_PID=$!
    wait_port "$S3_PORT"
}
s3_stop() { [ -n "$S3_PID" ] && { kill "$S3_PID" 2>/dev/null; wait "$S3_PID" 2>/dev/null || true; S3_PID=; }; return 0; }
lfs_start() {
    cat > "$OUT/giftless.yaml" <<EOF
AUTH_PROVIDERS:
  - giftless.auth.allow_anon:read_write
LEGACY_ENDPOINTS: true
PRE_AUTHORIZED_ACTION_PROVIDER:
  factory: giftless.auth.jwt:factory
  options:
    algorithm: HS256
    private_key: loopback-benchmark-only-$(date +%s%N)
    default_lifetime: 7200
TRANSFER_ADAPTERS:
  basic:
    factory: giftless.transfer.basic_external:factory
    options:
      storage_class: giftless.storage.amazon_s3:AmazonS3Storage
      storage_options:
        bucket_name: lfs
        endpoint: http://127.0.0.1:$S3_PORT
EOF
    GIFTLESS_CONFIG_FILE=$OUT/giftless.yaml AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 \
        "$LFS_VENV/bin/waitress-serve" --listen=127.0.0.1:$LFS_PORT --threads=8 --call giftless.app:init_app \
        >> "$OUT/logs/giftless.log" 2>&1 &
    LFS_PID=$!
    wait_port "$LFS_PORT"
}
lfs_stop() { [ -n "$LFS_PID" ] && { kill "$LFS_PID" 2>/dev/null; wait "$LFS_PID" 2>/dev/null || true; LFS_PID=; }; return 0; }
# Cairn's daemon (dev.cairn.cli.Daemon) lives in a runtime directory of this run's own, so the
# benchmark neither uses nor stops anyone else's; cold start-up is measured after stopping it.
export XDG_RUNTIME_DIR=$OUT/run
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
daemon_stop() {
    local f
    for f in "$XDG_RUNTIME_DIR"/cairn/cairn-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    for _ in $(seq 100); do compgen -G "$XDG_RUNTIME_DIR/cairn/cairn-*.sock" >/dev/null || return 0; sleep 0.1; done
}
daemon_peak() {  # the daemon's peak resident set (VmHWM), MB: the client's RSS is all /usr/bin/time sees
    local f
    for f in "$XDG_RUNTIME_DIR"/cairn/cairn-*.pid; do
        [ -f "$f" ] && awk '/^VmHWM/ {printf "%d\n", $2 / 1024}' "/proc/$(cat "$f")/status" 2>/dev/null
    done | sort -n | tail -1
}
cleanup() { s3_stop; lfs_stop; daemon_stop; }
trap cleanup EXIT
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENV_AUTH=false \
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench \
    RCLONE_CONFIG_BENCH_ENDPOINT=http://127.0.0.1:$S3_PORT RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
RCLONE=(env -u AWS_CA_BUNDLE rclone)
# rclone gets Cairn's default parallelism for S3 (RemoteService: 4 per core, at least 8); DVC and
# git-lfs keep their own defaults
JOBS=$(( 4 * $(nproc) > 8 ? 4 * $(nproc) : 8 ))
bucket() { rclone_mkdir "$1"; }
rclone_mkdir() { "${RCLONE[@]}" mkdir "bench:$1" >>"$OUT/logs/setup.log" 2>&1; }

# ---------------------------------------------------------------- one tool, one dataset, one run
# Each does: add + git commit (cold); status clean; status after modifying 10 files; checkout into
# an empty workspace (copy, then link where the tool has it); push; pull into a fresh clone.
# XFER=0 skips push and pull, SKIP="status10 checkout-link" those workflows (D3).
want() { case " ${SKIP:-} " in *" $1 "*) return 1 ;; *) return 0 ;; esac; }
run_cairn() {  # DS PRISTINE ITER
    local ds=$1 src=$2 i=$3 W=$RUNDIR/$i/cairn-$1 b
    b=cairn-$i-${ds,,}
    mkdir -p "$W"
    step "$W" git init -q
    step "$W" "$CAIRN" init
    step "$W" "$CAIRN" config cache.type copy
    step "$W" "$CAIRN" remote add -d s3 "s3://$b/store"
    step "$W" "$CAIRN" remote modify s3 endpointurl "http://127.0.0.1:$S3_PORT"
    step "$W" git add -A
    step "$W" git commit -qm init
    step "$W" "$CAIRN" remote modify --local s3 access_key_id bench
    step "$W" "$CAIRN" remote modify --local s3 secret_access_key bench
    step "$W" cp -r "$src/data" "$W/data"
    measure cairn add "$ds" "$i" "$W" bash -c "'$CAIRN' add data && git add data.cairn .gitignore && git commit -qm data"
    [ "$LAST_RC" = 0 ] || { to_trash "$W"; return 0; }
    measure cairn status "$ds" "$i" "$W" "$CAIRN" status
    [ "$i" = 1 ] && expect_quiet "cairn status $ds" "cairn.status.$ds.$i.log"
    measure cairn status-jvm "$ds" "$i" "$W" env CAIRN_DAEMON=0 "$CAIRN" status
    if want status10; then modify10 "$W" "$src"
    measure cairn status10 "$ds" "$i" "$W" "$CAIRN" status
    measure cairn status10-jvm "$ds" "$i" "$W" env CAIRN_DAEMON=0 "$CAIRN" status; fi
    to_trash "$W/data"
    measure cairn checkout "$ds" "$i" "$W" "$CAIRN" checkout
    [ "$i" = 1 ] && verify "cairn checkout $ds" "$W/data" "$src/data"
    if want checkout-link; then step "$W" "$CAIRN" config --local cache.type hardlink
    to_trash "$W/data"
    measure cairn checkout-link "$ds" "$i" "$W" "$CAIRN" checkout
    [ "$i" = 1 ] && verify "cairn checkout (hardlink) $ds" "$W/data" "$src/data"; fi
    if [ "${XFER:-1}" = 1 ] && [ "$i" -le "$CAIRN_XFER_RUNS" ]; then
        s3_start; bucket "$b"
        measure cairn push "$ds" "$i" "$W" "$CAIRN" push
        step "$RUNDIR/$i" git clone -q "$W" "$W-pull"
        step "$W-pull" "$CAIRN" remote modify --local s3 access_key_id bench
        step "$W-pull" "$CAIRN" remote modify --local s3 secret_access_key bench
        measure cairn pull "$ds" "$i" "$W-pull" "$CAIRN" pull
        [ "$i" = 1 ] && verify "cairn pull $ds" "$W-pull/data" "$src/data"
        s3_stop
        to_trash "$W-pull"
    fi
    to_trash "$W"
}

run_dvc() {  # DS PRISTINE ITER
    local ds=$1 src=$2 i=$3 W=$RUNDIR/$i/dvc-$1 b
    b=dvc-$i-${ds,,}
    mkdir -p "$W"
    step "$W" git init -q
    step "$W" "$DVC" init -q
    step "$W" "$DVC" config core.check_update false
    step "$W" "$DVC" config cache.type copy
    step "$W" "$DVC" remote add -d s3 "s3://$b/store"
    step "$W" "$DVC" remote modify s3 endpointurl "http://127.0.0.1:$S3_PORT"
    step "$W" git add -A
    step "$W" git commit -qm init
    step "$W" "$DVC" remote modify --local s3 access_key_id bench
    step "$W" "$DVC" remote modify --local s3 secret_access_key bench
    step "$W" cp -r "$src/data" "$W/data"
    measure dvc add "$ds" "$i" "$W" bash -c "'$DVC' add -q data && git add data.dvc .gitignore && git commit -qm data"
    [ "$LAST_RC" = 0 ] || { to_trash "$W"; return 0; }
    measure dvc status "$ds" "$i" "$W" "$DVC" status
    [ "$i" = 1 ] && expect_quiet "dvc status $ds" "dvc.status.$ds.$i.log" "up to date"
    if want status10; then modify10 "$W" "$src"
    measure dvc status10 "$ds" "$i" "$W" "$DVC" status; fi
    to_trash "$W/data"
    measure dvc checkout "$ds" "$i" "$W" "$DVC" checkout -q
    [ "$i" = 1 ] && verify "dvc checkout $ds" "$W/data" "$src/data"
    if want checkout-link; then step "$W" "$DVC" config --local cache.type hardlink
    to_trash "$W/data"
    measure dvc checkout-link "$ds" "$i" "$W" "$DVC" checkout -q
    [ "$i" = 1 ] && verify "dvc checkout (hardlink) $ds" "$W/data" "$src/data"; fi
    if [ "${XFER:-1}" = 1 ] && [ "$i" -le "$DVC_XFER_RUNS" ]; then
        s3_start; bucket "$b"
        measure dvc push "$ds" "$i" "$W" "$DVC" push -q
        step "$RUNDIR/$i" git clone -q "$W" "$W-pull"
        step "$W-pull" "$DVC" remote modify --local s3 access_key_id bench
        step "$W-pull" "$DVC" remote modify --local s3 secret_access_key bench
        measure dvc pull "$ds" "$i" "$W-pull" "$DVC" pull -q
        [ "$i" = 1 ] && verify "dvc pull $ds" "$W-pull/data" "$src/data"
        s3_stop
        to_trash "$W-pull"
    fi
    to_trash "$W"
}

run_lfs() {  # DS PRISTINE ITER
    local ds=$1 src=$2 i=$3 W=$RUNDIR/$i/lfs-$1 url
    url=http://127.0.0.1:$LFS_PORT/bench/lfs-$i-${ds,,}
    mkdir -p "$W"
    step "$W" git init -q
    step "$W" git config lfs.url "$url"
    step "$W" git config lfs.locksverify false
    step "$W" git lfs track "data/**"
    step "$W" git add -A
    step "$W" git commit -qm init
    step "$W" cp -r "$src/data" "$W/data"
    measure lfs add "$ds" "$i" "$W" bash -c "git add data && git commit -qm data"
    [ "$LAST_RC" = 0 ] || { to_trash "$W"; return 0; }
    measure lfs status "$ds" "$i" "$W" git status --porcelain
    [ "$i" = 1 ] && expect_quiet "git-lfs status $ds" "lfs.status.$ds.$i.log"
    if want status10; then modify10 "$W" "$src"
    measure lfs status10 "$ds" "$i" "$W" git status --porcelain; fi
    to_trash "$W/data"
    measure lfs checkout "$ds" "$i" "$W" git checkout -- data
    [ "$i" = 1 ] && verify "git-lfs checkout $ds" "$W/data" "$src/data"
    if [ "${XFER:-1}" = 1 ] && [ "$i" -le "$LFS_XFER_RUNS" ]; then
        s3_start; rclone_mkdir lfs; lfs_start
        step "$RUNDIR/$i" git init -q --bare "$W-remote.git"
        step "$W" git remote add origin "$W-remote.git"
        measure lfs push "$ds" "$i" "$W" git lfs push origin main
        GIT_LFS_SKIP_PUSH=1 step "$W" git push -q origin main
        GIT_LFS_SKIP_SMUDGE=1 step "$RUNDIR/$i" git clone -q "$W-remote.git" "$W-pull"
        step "$W-pull" git config lfs.url "$url"
        measure lfs pull "$ds" "$i" "$W-pull" git lfs pull
        [ "$i" = 1 ] && verify "git-lfs pull $ds" "$W-pull/data" "$src/data"
        lfs_stop; s3_stop
        to_trash "$W-pull" "$W-remote.git"
    fi
    to_trash "$W"
}

run_base() {  # DS PRISTINE ITER : the least any tool must do on the same files
    local ds=$1 src=$2 i=$3 W=$RUNDIR/$i/base-$1 md5
    mkdir -p "$W"
    md5='find data -type f -print0 | xargs -0 -P2 md5sum >/dev/null'
    [ "$ds" = D2 ] && md5='find data -type f -print0 | xargs -0 -n1 -P2 md5sum >/dev/null'
    measure base md5 "$ds" "$i" "$src" bash -c "$md5"
    measure base cp "$ds" "$i" "$W" cp -r "$src/data" "$W/cp"
    want checkout-link && measure base cp-link "$ds" "$i" "$W" cp -al "$src/data" "$W/cpal"
    measure base stat "$ds" "$i" "$src" bash -c "find data -type f -printf '%s %T@\n' >/dev/null"
    if [ "${XFER:-1}" = 1 ] && [ "$i" -le "$BASE_XFER_RUNS" ]; then
        s3_start; bucket "base-$i"
        measure base push "$ds" "$i" "$src" "${RCLONE[@]}" copy --transfers $JOBS --checkers $JOBS data "bench:base-$i/data"
        measure base pull "$ds" "$i" "$W" "${RCLONE[@]}" copy --transfers $JOBS --checkers $JOBS "bench:base-$i/data" "$W/pull"
        s3_stop
    fi
    to_trash "$W"
}

run_tool() {  # TOOL DS PRISTINE ITER
    CUR_DS=$2
    case $1 in
        cairn) run_cairn "$2" "$3" "$4" ;;
        dvc) run_dvc "$2" "$3" "$4" ;;
        lfs) run_lfs "$2" "$3" "$4" ;;
        base) run_base "$2" "$3" "$4" ;;
    esac
    CUR_DS=
}

# ---------------------------------------------------------------- metadata
versions() {
    echo "cairn: $("$CAIRN" --version 2>&1 | head -1) (commit $(git -C "$REPO" rev-parse --short HEAD), launcher dist/cairn with its AOT cache, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
    has dvc "$TOOLS" && echo "dvc: $("$DVC" --version 2>&1 | tail -1) (dvc-s3 $("$DVC_VENV/bin/pip" show dvc-s3 2>/dev/null | awk '/^Version/ {print $2}'), $("$DVC_VENV/bin/python" --version 2>&1))"
    has lfs "$TOOLS" && echo "git-lfs: $(git lfs version 2>&1 | head -1); $(git --version); LFS server giftless $("$LFS_VENV/bin/pip" show giftless 2>/dev/null | awk '/^Version/ {print $2}') (waitress, 8 threads, objects in the same S3 server)"
    echo "baseline: $(md5sum --version | head -1), $(cp --version | head -1), $(find --version | head -1), $(rclone version 2>/dev/null | head -1)"
    echo "S3 server: gofakes3 v1.2.0, in-memory backend, restarted for each tool and dataset, loopback"
}
{
    echo "date: $(date '+%F %T %Z')"
    echo "mode: $([ $QUICK = 1 ] && echo quick || echo full); $RUNS runs of D1/D2 (budget ${BUDGET} min), $D3_RUNS of D3"
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(df -PT "$WORK" | awk 'NR==2 {print $2}') ($(findmnt -no OPTIONS -T "$WORK" 2>/dev/null || echo '?'))"
    versions
    echo "D1: $D1_FILES files of 1-8 KiB in 100 dirs; D2: $D2_FILES files of $((D2_BYTES / 1048576)) MiB; D3: $D3_FILES files of 0-512 bytes in one directory"
    echo "load: wait before each timed command until the 1-min load average < $LOAD_MAX (at most $LOAD_WAIT s each, $LOAD_BUDGET s in all)"
} > "$OUT/meta.txt"
sed 's/^/  /' "$OUT/meta.txt" >&2

has D1 "$DATASETS" || has D2 "$DATASETS" || RUNS=0   # extras only: no trees, no space needed
NEED_KB=$(( 6 * 1024 * 1024 * RUNS + 8 * 1024 * 1024 ))
FREE_KB=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
[ "$FREE_KB" -gt "$NEED_KB" ] || die "need about $((NEED_KB / 1048576)) GiB free under $WORK, have $((FREE_KB / 1048576)) GiB"

# ---------------------------------------------------------------- warm-up (untimed)
log "warming the page cache and the tools"
for d in "$P1" "$P2"; do [ -d "$d/data" ] && (cd "$d" && find data -type f -print0 | xargs -0 -P2 cat >/dev/null); done
for _ in 1 2; do "$CAIRN" --version >/dev/null; has dvc "$TOOLS" && "$DVC" --version >/dev/null; done

# ---------------------------------------------------------------- D1 and D2, in rounds
ROUND_T=0
for i in $(seq 1 "$RUNS"); do
    if [ "$i" -gt 1 ] && [ "$BUDGET" -gt 0 ] && [ $(( (SECONDS - T0) + ROUND_T )) -gt $(( BUDGET * 60 )) ]; then
        log "budget of $BUDGET min reached after $((i - 1)) rounds: no round $i"
        echo "D1/D2: $((i - 1)) rounds (a round takes $((ROUND_T / 60)) min; the budget was $BUDGET min)" >> "$OUT/notes.txt"
        break
    fi
    t=$SECONDS
    for ds in D1 D2; do
        has "$ds" "$DATASETS" || continue
        src=$([ $ds = D1 ] && echo "$P1" || echo "$P2")
        for tool in $TOOLS; do run_tool "$tool" "$ds" "$src" "$i"; done
    done
    ROUND_T=$((SECONDS - t))
    log "round $i of $RUNS done in $((ROUND_T / 60)) min ($(( (SECONDS - T0) / 60 )) min so far)"
done

# ---------------------------------------------------------------- pipelines: no-op repro, 50 stages
if [ "$EXTRAS" = 1 ] && { has cairn "$TOOLS" || has dvc "$TOOLS"; }; then
    PL=$RUNDIR/pipeline
    mkdir -p "$PL/in"
    {
        echo "stages:"
        for s in $(seq 0 49); do
            n=$(printf 's%02d' "$s"); prev=$(printf 's%02d' $((s - 1)))
            echo "data $s" > "$PL/in/$n.txt"
            echo "  $n:"
            if [ $((s % 10)) = 0 ]; then
                echo "    cmd: cat in/$n.txt > out/$n.txt"; echo "    deps: [in/$n.txt]"
            else
                echo "    cmd: cat in/$n.txt out/$prev.txt > out/$n.txt"; echo "    deps: [in/$n.txt, out/$prev.txt]"
            fi
            echo "    params: [seed]"
            echo "    outs: [out/$n.txt]"
        done
    } > "$OUT/pipeline-50.yaml"
    echo "seed: 7" > "$PL/in/params.yaml"
    for tool in cairn dvc; do
        has $tool "$TOOLS" || continue
        W=$PL/$tool; mkdir -p "$W/out"; cp -r "$PL/in" "$W/in"; mv "$W/in/params.yaml" "$W/"
        step "$W" git init -q
        if [ $tool = cairn ]; then
            step "$W" "$CAIRN" init; cp "$OUT/pipeline-50.yaml" "$W/pipeline.yaml"; R=("$CAIRN" repro)
        else
            step "$W" "$DVC" init -q; step "$W" "$DVC" config core.check_update false
            cp "$OUT/pipeline-50.yaml" "$W/dvc.yaml"; R=("$DVC" repro)
        fi
        step "$W" "${R[@]}"
        step "$W" git add -A
        step "$W" git commit -qm pipeline
        for j in $(seq 1 $(( RUNS * 2 > 5 ? RUNS * 2 : 5 ))); do measure $tool repro pipeline50 "$j" "$W" "${R[@]}"; done
    done
fi

# ---------------------------------------------------------------- start-up
# `--version`, and `status` in an initialised repository that tracks nothing (start-up plus
# opening the repository: what every command pays)
if [ "$EXTRAS" = 1 ]; then
E=$RUNDIR/empty; mkdir -p "$E"
step "$E" git init -q
has cairn "$TOOLS" && step "$E" "$CAIRN" init
has dvc "$TOOLS" && { step "$E" "$DVC" init -q; step "$E" "$DVC" config core.check_update false; }
has lfs "$TOOLS" && step "$E" git lfs install --local
step "$E" git add -A
step "$E" git commit -qm init
N=$(( RUNS * 5 > 10 ? RUNS * 5 : 10 ))
for j in $(seq 1 "$N"); do
    has cairn "$TOOLS" && measure cairn version - "$j" "$WORK" "$CAIRN" --version
    has cairn "$TOOLS" && measure cairn version-jvm - "$j" "$WORK" env CAIRN_DAEMON=0 "$CAIRN" --version
    has dvc "$TOOLS" && measure dvc version - "$j" "$WORK" "$DVC" --version
    has lfs "$TOOLS" && measure lfs version - "$j" "$WORK" git lfs version
    has cairn "$TOOLS" && measure cairn noop - "$j" "$E" "$CAIRN" status
    has cairn "$TOOLS" && measure cairn noop-jvm - "$j" "$E" env CAIRN_DAEMON=0 "$CAIRN" status
    has dvc "$TOOLS" && measure dvc noop - "$j" "$E" "$DVC" status
    has lfs "$TOOLS" && measure lfs noop - "$j" "$E" git lfs status
done
# the first call, when no daemon runs: its own JVM, with a daemon starting beside it
if has cairn "$TOOLS"; then
    DAEMON_PEAK=$(daemon_peak)
    for j in $(seq 1 "$RUNS"); do
        daemon_stop
        measure cairn noop-cold - "$j" "$E" "$CAIRN" status
    done
fi
fi
has cairn "$TOOLS" && echo "Cairn's daemon: peak resident set ${DAEMON_PEAK:-$(daemon_peak)} MB after the D1/D2 rounds and the start-up runs (VmHWM of the resident JVM; the Cairn rows that it serves — status, --version — show the RSS of the client only)" >> "$OUT/notes.txt"

# ---------------------------------------------------------------- D3: one directory of many tiny files
if has D3 "$DATASETS"; then
    # D3 needs 4 GB and a million inodes per tree: the earlier trees go first (untimed; the first bulk
    # creation after this deletion, slowed by it, is D3's own generation or copy, also untimed)
    [ $KEEP_TRASH = 1 ] || { log "emptying the trash before D3"; rm -rf "$TRASH"; mkdir -p "$TRASH"; }
    gen "$P3" flat "$P3/data" "$D3_FILES" 0 512 3
    (cd "$P3" && find data -type f -print0 | xargs -0 -P2 cat >/dev/null)
    FREE_KB=$(df -Pk "$WORK" | awk 'NR==2 {print $4}'); FREE_I=$(df -Pi "$WORK" | awk 'NR==2 {print $4}')
    log "D3: $((FREE_KB / 1048576)) GiB and $FREE_I inodes free"
    for i in $(seq 1 "$D3_RUNS"); do
        for tool in $D3_TOOLS; do
            FREE_I=$(df -Pi "$WORK" | awk 'NR==2 {print $4}'); FREE_KB=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
            if [ "$FREE_I" -lt $(( 4 * D3_FILES )) ] || [ "$FREE_KB" -lt $(( 4 * 5 * D3_FILES )) ]; then
                echo "D3 run $i: $tool skipped, only $FREE_I inodes and $((FREE_KB / 1048576)) GiB left" >> "$OUT/notes.txt"; continue
            fi
            XFER=0 SKIP="status10 checkout-link" TIMEOUT=${D3_TIMEOUT:-900} CAIRN_JAVA_OPTS="${CAIRN_JAVA_OPTS:-} -Xmx2g" run_tool "$tool" D3 "$P3" "$i"
        done
    done
fi
log "measurements done in $(( (SECONDS - T0) / 60 )) min, $WAITED_TOTAL s of it waiting for a lower load"

# ---------------------------------------------------------------- report
mkdir -p "$BENCH/results" "$REPO/docs"
cp "$TSV" "$BENCH/results/compare$([ $QUICK = 1 ] && echo -quick).tsv"
python3 "$BENCH/compare_report.py" "$TSV" "$OUT/meta.txt" --svg "$REPO/docs/compare$([ $QUICK = 1 ] && echo -quick).svg" \
    --extra "$OUT/verify.txt" "$OUT/notes.txt" "$OUT/load-waits.txt" "$OUT/failures.txt" > "$OUT/results.md"
cp "$OUT/results.md" "$BENCH/results/compare$([ $QUICK = 1 ] && echo -quick).md"
cat "$OUT/results.md"
log "results: bench/results/compare$([ $QUICK = 1 ] && echo -quick).md (raw data and logs: $OUT)"

rmdir "$RUNDIR"/* "$RUNDIR" 2>/dev/null || true
if [ $KEEP_TRASH = 1 ]; then log "trash kept: $TRASH"; else log "emptying the trash"; rm -rf "$TRASH"; fi
[ "$FAILURES" = 0 ] || { log "$FAILURES timed command(s) failed, see $OUT/failures.txt"; exit 1; }
