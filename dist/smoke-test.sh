#!/usr/bin/env bash
# Smoke test of a built Cairn: runs the everyday workflow with the given launcher in a temporary
# directory, then push and pull through every remote kind it can reach: a local directory always,
# S3 with gofakes3 and GCS with fake-gcs-server when their binaries are found (CAIRN_GOFAKES3,
# CAIRN_FAKE_GCS_SERVER, or in $(go env GOPATH)/bin, as .ci/run installs them), SSH when
# CAIRN_SMOKE_SSH_URL names a reachable ssh:// remote (keys from ~/.ssh).
# Usage: dist/smoke-test.sh [LAUNCHER]   (default: target/image/bin/cairn, the -Pjlink image)
# Its point is the image: a module that jlink left out shows up here as a NoClassDefFoundError.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cairn_bin=$(readlink -f "${1:-$here/../target/image/bin/cairn}")
[ -x "$cairn_bin" ] || { echo "smoke: no launcher at $cairn_bin (build it: mvn -Pjlink package)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
cairn() { "$cairn_bin" "$@"; }
step() { echo "smoke: $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

step "$(cairn --version)"
cd "$work"
git init -q -b main repo && cd repo
git config user.email smoke@cairn.invalid && git config user.name smoke
cairn init >/dev/null
mkdir -p data && for i in $(seq 20); do echo "row $i" > "data/f$i.csv"; done
echo weights > model.bin
cairn add data model.bin >/dev/null
test -z "$(cairn status)" || { echo "smoke: status not clean after add" >&2; exit 1; }
echo changed > data/f1.csv
cairn status | grep -q modified
cairn checkout -f >/dev/null
test "$(cat data/f1.csv)" = "row 1"
cat > pipeline.yaml <<'EOF'
stages:
  count:
    cmd: ls data | wc -l > count.txt
    deps: [data]
    outs: [count.txt]
EOF
cairn repro >/dev/null
test "$(tr -d ' ' < count.txt)" = 20
git add -A >/dev/null && git commit -qm data
step "init, add, status, checkout, repro: ok"

# push everything to the default remote, pull it into a fresh clone and compare
round_trip() {
    cairn push >/dev/null
    rm -rf "../clone-$1" && git clone -q . "../clone-$1"
    (cd "../clone-$1" && { cp ../repo/.cairn/config.local .cairn/ 2>/dev/null || true; } \
        && cairn pull >/dev/null && diff -r ../repo/data data && diff ../repo/model.bin model.bin)
    step "push and pull through $1 ($(cairn config "remote.$1.url")): ok"
}
remote() { cairn remote add -f -d "$1" "$2" >/dev/null; git commit -qam "remote $1"; }

remote local "$work/store"
round_trip local

gobin=$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin
s3=${CAIRN_GOFAKES3:-$gobin/gofakes3}
if [ -x "$s3" ]; then
    port=$(free_port)
    "$s3" -backend memory -host "127.0.0.1:$port" -initialbucket smoke >/dev/null 2>&1 & pids+=($!)
    wait_port "$port"
    remote s3 s3://smoke/cairn
    cairn remote modify s3 endpointurl "http://127.0.0.1:$port"
    cairn remote modify s3 region us-east-1
    cairn remote modify --local s3 access_key_id smoke
    cairn remote modify --local s3 secret_access_key smoke
    git commit -qam "s3 options"
    round_trip s3
else
    step "S3 skipped (no gofakes3)"
fi

gcs=${CAIRN_FAKE_GCS_SERVER:-$gobin/fake-gcs-server}
if [ -x "$gcs" ]; then
    port=$(free_port)
    mkdir -p "$work/gcs-data/smoke"
    "$gcs" -backend memory -scheme http -host 127.0.0.1 -port "$port" -public-host "127.0.0.1:$port" \
        -log-level error -data "$work/gcs-data" >/dev/null 2>&1 & pids+=($!)
    wait_port "$port"
    remote gcs gs://smoke/cairn
    cairn remote modify gcs endpointurl "http://127.0.0.1:$port"
    git commit -qam "gcs options"
    round_trip gcs
else
    step "GCS skipped (no fake-gcs-server)"
fi

if [ -n "${CAIRN_SMOKE_SSH_URL:-}" ]; then
    remote ssh "$CAIRN_SMOKE_SSH_URL"
    round_trip ssh
else
    step "SSH skipped (set CAIRN_SMOKE_SSH_URL=ssh://user@host:port/path)"
fi
step "all passed"
