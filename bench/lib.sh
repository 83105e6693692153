# Shared by the benchmark scripts (sourced): a frozen copy of the launcher and timing helpers.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# freeze_cairn DIR: copies dist/cairn and target/cairn.jar (built if missing) into DIR/dist, trains
# the AOT cache for that copy, and sets CAIRN to its launcher. The jar in target/ may be rebuilt
# while a benchmark runs; the frozen copy is what gets measured.
freeze_cairn() {
    local dir=$1
    mkdir -p "$dir/dist/lib"
    [ -f "$REPO/target/cairn.jar" ] || (cd "$REPO" && mvn -q -B package -DskipTests)
    cp "$REPO/dist/cairn" "$REPO/dist/find-java.sh" "$REPO/dist/train-aot.sh" "$dir/dist/"
    cp "$REPO/target/cairn.jar" "$dir/dist/lib/cairn.jar"
    bash "$dir/dist/train-aot.sh" "$dir/dist/lib/cairn.jar" > "$dir/train-aot.log" 2>&1 \
        || log "AOT training failed (see $dir/train-aot.log); measuring with class-data sharing"
    CAIRN=$dir/dist/cairn
}

# time_runs LABEL N DIR CMD... : N whole-process runs of CMD in DIR under GNU time; one line
# "<wall s> <max RSS KiB>" per run in $OUT/LABEL.times; the last run's output in $OUT/LABEL.log.
time_runs() {
    local label=$1 n=$2 dir=$3 i; shift 3
    : > "$OUT/$label.times"
    for i in $(seq "$n"); do
        (cd "$dir" && /usr/bin/time -f '%e %M' -o "$OUT/time.out" "$@" > "$OUT/$label.log" 2>&1) \
            || { log "$label failed:"; tail -n 20 "$OUT/$label.log" >&2; exit 1; }
        cat "$OUT/time.out" >> "$OUT/$label.times"
    done
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
med() { cut -d' ' -f1 "$OUT/$1.times" | median; }
peak_mb() { cut -d' ' -f2 "$OUT/$1.times" | sort -n | tail -n 1 | awk '{printf "%d", $1 / 1024}'; }
