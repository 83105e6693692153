#!/usr/bin/env bash
# Cairn performance benchmark: see docs/performance.md.
#
#   bash bench/run.sh [--quick] [--runs N] [--keep-trash] [--build]
#   bash bench/run.sh --empty-trash
#
# Environment:
#   CAIRN            command that runs cairn (default: a snapshot of dist/cairn with target/cairn.jar
#                    and its AOT cache)
#   CAIRN_JAVA_OPTS  extra JVM options, read by dist/cairn (e.g. "-Xmx512m")
#   JAVA_HOME        JDK used to build and run (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   SETTLE           seconds to sleep after `sync` between timed runs (default 1)
#
# Everything heavy lives in bench/work/ (git-ignored): pristine datasets (generated once, reused),
# per-run workspaces, and trash/. Big trees are never `rm -rf`ed between timed runs: on this kind of
# disk the next bulk file creation after deleting a 100,000-file tree pays 15-35 s of system time.
# They are moved into bench/work/trash/ and deleted after the last measurement (--keep-trash: never).
set -euo pipefail
export LC_ALL=C

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=$BENCH/work
TRASH=$WORK/trash
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
SETTLE=${SETTLE:-1}

QUICK=0; RUNS=; KEEP_TRASH=0; BUILD=0; EMPTY_ONLY=0
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --runs=*) RUNS=${1#--runs=} ;;
        --keep-trash) KEEP_TRASH=1 ;;
        --empty-trash) EMPTY_ONLY=1 ;;
        --build) BUILD=1 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

empty_trash() {
    [ -d "$TRASH" ] || return 0
    log "deleting $TRASH ($(find "$TRASH" -mindepth 1 -maxdepth 1 | wc -l) trees)"
    local t0=$SECONDS
    rm -rf "$TRASH"
    log "trash deleted in $((SECONDS - t0)) s"
}
if [ $EMPTY_ONLY = 1 ]; then empty_trash; exit 0; fi

# ---------------------------------------------------------------- sizes
if [ $QUICK = 1 ]; then
    D1_FILES=10000; D2_FILES=4; D2_BYTES=$((25 * 1024 * 1024)); RUNS=${RUNS:-3}
else
    D1_FILES=100000; D2_FILES=20; D2_BYTES=$((100 * 1024 * 1024)); RUNS=${RUNS:-5}
fi
D1_DIRS=100; D1_MIN=1024; D1_MAX=8192; D1_SEED=1; D2_SEED=2
VERSION_RUNS=$(( RUNS * 3 > 15 ? RUNS * 3 : 15 ))
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required: apt-get install time"
command -v python3 >/dev/null || die "python3 is required"

# ---------------------------------------------------------------- cairn
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/results/$STAMP
mkdir -p "$OUT/logs" "$TRASH" "$WORK/pristine"
if [ -z "${CAIRN:-}" ]; then
    JAR=$REPO/target/cairn.jar
    if [ $BUILD = 1 ] || [ ! -f "$JAR" ]; then
        log "building $JAR"
        (cd "$REPO" && mvn -q -B package -DskipTests) || die "build failed"
    fi
    # Run a frozen copy of the shipped launcher and jar (the jar in target/ may be rebuilt while
    # the benchmark runs), with the ahead-of-time cache that dist/train-aot.sh builds for it.
    mkdir -p "$OUT/dist/lib"
    cp "$REPO/dist/cairn" "$REPO/dist/find-java.sh" "$REPO/dist/train-aot.sh" "$OUT/dist/"
    cp "$JAR" "$OUT/dist/lib/cairn.jar"
    bash "$OUT/dist/train-aot.sh" "$OUT/dist/lib/cairn.jar" > "$OUT/logs/train-aot.log" 2>&1 \
        || log "AOT training failed (see $OUT/logs/train-aot.log); measuring with class-data sharing"
    CAIRN="$OUT/dist/cairn"
    JAR_SHA=$(sha256sum "$OUT/dist/lib/cairn.jar" | cut -c1-12)
    JAR_DATE=$(date -r "$JAR" '+%F %T')
else
    JAR_SHA=n/a; JAR_DATE=n/a
fi
read -r -a CAIRN_CMD <<< "$CAIRN"
C=("${CAIRN_CMD[@]}")            # for measure: GNU time needs a program, not a shell function
cairn() { "${C[@]}" "$@"; }
"${CAIRN_CMD[@]}" --version >/dev/null 2>&1 || die "'$CAIRN --version' does not run"

# ---------------------------------------------------------------- datasets
P1=$WORK/pristine/D1-${D1_FILES}x${D1_MIN}-${D1_MAX}-d${D1_DIRS}-s${D1_SEED}
P2=$WORK/pristine/D2-${D2_FILES}x${D2_BYTES}-s${D2_SEED}
if [ ! -d "$P1/data" ]; then
    log "generating D1 into $P1"
    mkdir -p "$P1"
    /usr/bin/time -f 'D1 generated in %e s' python3 "$BENCH/gen.py" many "$P1/data" $D1_FILES $D1_DIRS $D1_MIN $D1_MAX $D1_SEED
fi
if [ ! -d "$P2/data" ]; then
    log "generating D2 into $P2"
    mkdir -p "$P2"
    /usr/bin/time -f 'D2 generated in %e s' python3 "$BENCH/gen.py" large "$P2/data" $D2_FILES $D2_BYTES $D2_SEED
fi
D1_BYTES=$(du -sb --apparent-size "$P1/data" | cut -f1)
D2_TOTAL=$(du -sb --apparent-size "$P2/data" | cut -f1)
D1_DISK_KB=$(du -sk "$P1/data" | cut -f1)
D2_DISK_KB=$(du -sk "$P2/data" | cut -f1)

# Rough peak disk need: per run five D1 trees (cp -r, copy workspace + cache + checkout, hardlink
# workspace) stay in the trash; D2 trees (20 files) are deleted right away.
NEED_KB=$(( RUNS * 5 * D1_DISK_KB + 4 * D2_DISK_KB + 1048576 ))
FREE_KB=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
if [ "$FREE_KB" -lt "$NEED_KB" ]; then
    die "need about $((NEED_KB / 1048576)) GiB free under $WORK, have $((FREE_KB / 1048576)) GiB (empty it with --empty-trash, or use --runs/--quick)"
fi

# ---------------------------------------------------------------- measuring
TSV=$OUT/measurements.tsv
printf 'label\titer\trc\twall_s\tmaxrss_kb\tuser_s\tsys_s\tother_cpu_s\n' > "$TSV"
FAILURES=0

settle() { sync; sleep "$SETTLE"; }

# CPU time (s) spent by the whole machine so far: user + nice + system + irq + softirq (not steal).
HZ=$(getconf CLK_TCK)
cpu_busy() { awk -v hz="$HZ" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz}' /proc/stat; }

# measure LABEL ITER DIR CMD... : runs CMD in DIR under GNU time, appends one row to $TSV.
# other_cpu_s = CPU time the machine spent during the run beyond the command's own user + sys:
# other processes, and kernel threads such as writeback. A large value marks a disturbed run.
measure() {
    local label=$1 iter=$2 dir=$3; shift 3
    local tf=$OUT/time.out logf=$OUT/logs/$label.$iter.log rc=0 wall rss user sys b0 b1 other
    b0=$(cpu_busy)
    (cd "$dir" && exec /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@") >"$logf" 2>&1 || rc=$?
    b1=$(cpu_busy)
    read -r wall rss user sys < <(tail -n 1 "$tf")
    other=$(awk -v a="$b0" -v b="$b1" -v u="$user" -v s="$sys" 'BEGIN {o = b - a - u - s; printf "%.2f", o < 0 ? 0 : o}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$iter" "$rc" "$wall" "$rss" "$user" "$sys" "$other" >> "$TSV"
    log "[$iter/$RUNS] $label: $wall s wall, $user s user, $sys s sys, $((rss / 1024)) MB max RSS, other CPU $other s$([ "$rc" = 0 ] || echo ", EXIT STATUS $rc")"
    if [ "$rc" != 0 ]; then
        FAILURES=$((FAILURES + 1))
        echo "---- $label run $iter exited with $rc; output ($logf):" >> "$OUT/failures.txt"
        tail -n 30 "$logf" >> "$OUT/failures.txt"
        tail -n 30 "$logf" | sed 's/^/    | /' >&2
    fi
    settle
}

# Untimed step that must succeed.
step() {
    local dir=$1; shift
    (cd "$dir" && "$@") >>"$OUT/logs/setup.log" 2>&1 || {
        tail -n 30 "$OUT/logs/setup.log" >&2
        die "setup step failed in $dir: $*"
    }
}

to_trash() {  # move a tree aside; it is deleted only after the last measurement
    local src
    for src in "$@"; do
        [ -e "$src" ] && mv "$src" "$TRASH/$(date +%s%N)-$RANDOM-$(basename "$src")"
    done
    return 0
}

# new_repo DIR CACHE_TYPE DATASET_DIR : fresh git + cairn repository with an untimed `cp -r` of the data
new_repo() {
    local w=$1 type=$2 src=$3
    mkdir -p "$w"
    step "$w" git init -q
    step "$w" cairn init
    step "$w" cairn config cache.type "$type"
    step "$w" cp -r "$src" "$w/data"
}

# verify LABEL WORKSPACE PRISTINE : checks a checkout against the pristine tree (first run only)
verify() {
    local label=$1 w=$2 p=$3 msg
    if msg=$(diff -rq "$p" "$w/data" 2>&1); then
        echo "$label: checkout identical to pristine ($(find "$w/data" -type f | wc -l) files)" >> "$OUT/verify.txt"
    else
        echo "$label: checkout DIFFERS from pristine: $(echo "$msg" | head -5)" >> "$OUT/verify.txt"
        log "WARNING: $label: checkout differs from pristine"
    fi
    msg=$(cd "$w" && cairn status 2>&1) || true
    if [ -n "$msg" ]; then
        echo "$label: status after checkout is not empty: $(echo "$msg" | head -5)" >> "$OUT/verify.txt"
    else
        echo "$label: status after checkout is clean" >> "$OUT/verify.txt"
    fi
}

check_clean_status() {  # the timed status run must report nothing for an unchanged workspace
    local label=$1 iter=$2 logf=$OUT/logs/$1.$2.log
    if [ -s "$logf" ]; then
        echo "$label run $iter: status output not empty: $(head -3 "$logf")" >> "$OUT/verify.txt"
    fi
}

# ---------------------------------------------------------------- metadata
{
    echo "date: $(date '+%F %T %Z')"
    echo "mode: $([ $QUICK = 1 ] && echo quick || echo full), $RUNS runs per figure (median), $VERSION_RUNS runs for --version"
    echo "cairn: \`$CAIRN\` (commit $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ', sources modified'); jar built $JAR_DATE, sha256 $JAR_SHA)"
    echo "java: $("$JAVA" -version 2>&1 | head -1)"
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, kernel $(uname -r)"
    echo "disk: $(df -PT "$WORK" | awk 'NR==2 {print $1 " " $2}') ($(findmnt -no OPTIONS -T "$WORK" 2>/dev/null || echo '?'))"
    echo "D1: $D1_FILES files of $D1_MIN-$D1_MAX bytes in $D1_DIRS dirs, $((D1_BYTES / 1000000)) MB"
    echo "D2: $D2_FILES files of $((D2_BYTES / 1048576)) MiB, $((D2_TOTAL / 1000000)) MB"
} > "$OUT/meta.txt"
sed 's/^/  /' "$OUT/meta.txt" >&2

# ---------------------------------------------------------------- warm-up (untimed)
read -r LOAD1 _ < /proc/loadavg
if awk -v l="$LOAD1" 'BEGIN {exit !(l > 0.5)}'; then
    log "WARNING: load average is $LOAD1 before the benchmark: other work on this machine will disturb the figures"
fi
log "warming page cache and JVM"
(cd "$P1" && find data -type f -print0 | xargs -0 -P2 md5sum >/dev/null)
(cd "$P2" && find data -type f -print0 | xargs -0 -P2 md5sum >/dev/null)
for _ in 1 2 3; do cairn --version >/dev/null; done
settle

MD5='find data -type f -print0 | xargs -0 -P2 md5sum >/dev/null'
# the issue's D2 baseline runs one md5sum per file, so both cores hash
MD5_D2='find data -type f -print0 | xargs -0 -n1 -P2 md5sum >/dev/null'
T0=$SECONDS
for i in $(seq 1 "$RUNS"); do
    R=$WORK/runs/$STAMP/$i
    mkdir -p "$R"

    # -- baselines
    measure base.md5.D1  "$i" "$P1" bash -c "$MD5"
    measure base.md5.D2  "$i" "$P2" bash -c "$MD5_D2"
    measure base.cpr.D1  "$i" "$R" cp -r "$P1/data" "$R/cpr-D1"
    to_trash "$R/cpr-D1"
    measure base.cpal.D1 "$i" "$R" cp -al "$P1/data" "$R/cpal-D1"
    to_trash "$R/cpal-D1"
    measure base.cpr.D2  "$i" "$R" cp -r "$P2/data" "$R/cpr-D2"
    rm -rf "$R/cpr-D2"; settle   # 20 files: cheap to delete, and saves 2 GB per run

    # -- D1, cache.type copy: add, status, re-add, checkout into an empty workspace
    W=$R/copy-D1
    new_repo "$W" copy "$P1/data"; settle
    measure cairn.add.copy.D1      "$i" "$W" "${C[@]}" add data
    measure cairn.status.copy.D1   "$i" "$W" "${C[@]}" status
    check_clean_status cairn.status.copy.D1 "$i"
    measure cairn.readd.copy.D1    "$i" "$W" "${C[@]}" add data
    to_trash "$W/data"; settle
    measure cairn.checkout.copy.D1 "$i" "$W" "${C[@]}" checkout
    [ "$i" = 1 ] && verify "D1 copy" "$W" "$P1/data"
    to_trash "$W"

    # -- D1, cache.type hardlink
    W=$R/hardlink-D1
    new_repo "$W" hardlink "$P1/data"; settle
    measure cairn.add.hardlink.D1      "$i" "$W" "${C[@]}" add data
    measure cairn.status.hardlink.D1   "$i" "$W" "${C[@]}" status
    check_clean_status cairn.status.hardlink.D1 "$i"
    measure cairn.readd.hardlink.D1    "$i" "$W" "${C[@]}" add data
    to_trash "$W/data"; settle
    measure cairn.checkout.hardlink.D1 "$i" "$W" "${C[@]}" checkout
    [ "$i" = 1 ] && verify "D1 hardlink" "$W" "$P1/data"
    to_trash "$W"

    # -- D2, cache.type copy
    W=$R/copy-D2
    new_repo "$W" copy "$P2/data"; settle
    measure cairn.add.copy.D2      "$i" "$W" "${C[@]}" add data
    measure cairn.status.copy.D2   "$i" "$W" "${C[@]}" status
    check_clean_status cairn.status.copy.D2 "$i"
    rm -rf "$W/data"; settle
    measure cairn.checkout.copy.D2 "$i" "$W" "${C[@]}" checkout
    [ "$i" = 1 ] && verify "D2 copy" "$W" "$P2/data"
    rm -rf "$W"; settle

    to_trash "$R"
    log "run $i of $RUNS done ($((SECONDS - T0)) s so far)"
done

for j in $(seq 1 "$VERSION_RUNS"); do
    b0=$(cpu_busy)
    (cd "$WORK" && /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.out" "${C[@]}" --version) >/dev/null 2>&1 && rc=0 || rc=$?
    b1=$(cpu_busy)
    read -r wall rss user sys < <(tail -n 1 "$OUT/time.out")
    other=$(awk -v a="$b0" -v b="$b1" -v u="$user" -v s="$sys" 'BEGIN {o = b - a - u - s; printf "%.2f", o < 0 ? 0 : o}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' cairn.version "$j" "$rc" "$wall" "$rss" "$user" "$sys" "$other" >> "$TSV"
    sleep 0.2
done
log "measurements done in $((SECONDS - T0)) s"

# ---------------------------------------------------------------- report
python3 "$BENCH/report.py" "$TSV" "$OUT/meta.txt" "$OUT/verify.txt" "$OUT/failures.txt" > "$OUT/results.md"
mkdir -p "$BENCH/results"
cp "$OUT/results.md" "$BENCH/results/latest.md"
cat "$OUT/results.md"
log "results: $BENCH/results/latest.md (raw data and logs: $OUT)"

rmdir "$WORK/runs/$STAMP" 2>/dev/null || true
if [ $KEEP_TRASH = 1 ]; then
    log "trash kept: $TRASH (delete with: bash bench/run.sh --empty-trash)"
else
    empty_trash
fi
[ "$FAILURES" = 0 ] || { log "$FAILURES timed command(s) failed, see $OUT/failures.txt"; exit 1; }
