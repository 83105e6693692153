#!/usr/bin/env bash
# Builds Cairn and walks through its core workflow on generated sample data, in a throwaway Git
# repository under ${QUICKSTART_DIR:-/tmp/cairn-quickstart}. No credentials, no servers.
set -euo pipefail
repo_dir=$(cd "$(dirname "$0")/.." && pwd)
. "$repo_dir/dist/find-java.sh"
if [ -z "${CAIRN_JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    CAIRN_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
cairn_find_java
export JAVA_HOME=$CAIRN_JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "Build Cairn (mvn package)"
(cd "$repo_dir" && mvn -B -q -ntp package -DskipTests)
step "Train the JVM's ahead-of-time cache for fast start-up (JDK 25+)"
bash "$repo_dir/dist/train-aot.sh" | tail -n 1 || true
cairn() { "$repo_dir/dist/cairn" "$@"; }
export -f cairn 2>/dev/null || true
export repo_dir

base=${QUICKSTART_DIR:-/tmp/cairn-quickstart}
rm -rf "$base"
work=$base/project
mkdir -p "$work"
cd "$work"

step "A Git repository with Cairn in it"
run git init -q -b main
git config user.email >/dev/null 2>&1 || git config user.email "quickstart@cairn.invalid"
git config user.name >/dev/null 2>&1 || git config user.name "Cairn Quickstart"
run cairn init
run git add .cairn .cairnignore
run git commit -q -m "Initialize Cairn"

step "Generate sample data: 3 classes x 200 images, and a model"
python3 - <<'PY'
import os, random
rnd = random.Random(42)
for c in ("cats", "dogs", "birds"):
    os.makedirs(f"data/images/{c}", exist_ok=True)
    for i in range(200):
        with open(f"data/images/{c}/{i:04d}.bin", "wb") as f:
            f.write(rnd.randbytes(rnd.randint(512, 4096)))
with open("model.pt", "wb") as f:
    f.write(rnd.randbytes(1 << 20))
PY
run du -sh data model.pt

step "Track the data and the model"
run cairn add data model.pt
run cat data.cairn
run git add data.cairn model.pt.cairn .gitignore
run git commit -q -m "Dataset v1 and model"
run git tag v1

step "Share it: a local-directory remote (S3, GCS and SSH work the same way, see docs/remotes.md)"
run cairn remote add -d storage "$base/remote"
run git commit -q -am "Add a remote"
run cairn push
run cairn status -c

step "Nothing changed: status is silent"
run cairn status

step "Change the dataset: add a class, edit one image, remove one"
mkdir -p data/images/fish
for i in 1 2 3; do head -c 2048 /dev/urandom > "data/images/fish/$i.bin"; done
head -c 100 /dev/urandom >> data/images/cats/0001.bin
rm data/images/dogs/0002.bin
run cairn status
run cairn add data
run git commit -q -am "Dataset v2"
run cairn push

step "Travel back in time: git checkout v1 && cairn checkout"
run git checkout -q v1
run cairn checkout
run ls data/images
run cairn status

step "And forward again"
run git checkout -q main
run cairn checkout
run ls data/images

step "A teammate clones the Git repository and pulls the data"
run git clone -q "$work" "$base/teammate"
cd "$base/teammate"
run cairn pull
run ls data/images
run cairn status
cd "$work"

step "A pipeline: count the images per class, then summarise (two stages, run in parallel where they can)"
printf 'min_images: 150\n' > params.yaml
cat > count.sh <<'SH'
for d in data/images/*/; do echo "$(basename "$d") $(ls "$d" | wc -l)"; done > counts.txt
SH
cat > summary.sh <<'SH'
awk -v min="$1" '{n++; if ($2 >= min) big++} END {printf "{\"classes\": %d, \"large\": %d}\n", n, big}' counts.txt > summary.json
SH
run cairn stage add -n count -d count.sh -d data -o counts.txt sh count.sh
run cairn stage add -n summary -d summary.sh -d counts.txt -p min_images -M summary.json 'sh summary.sh ${min_images}'
run cat pipeline.yaml
run cairn dag
run cairn repro -j 2
run cairn metrics show
run git add pipeline.yaml pipeline.lock params.yaml count.sh summary.sh summary.json .gitignore
run git commit -q -m "Pipeline"
step "Nothing changed: repro runs nothing; a parameter change reruns only its stage"
run cairn repro
printf 'min_images: 250\n' > params.yaml
run cairn status
run cairn repro
run cairn params diff
run cairn metrics diff

step "Clean the cache of objects that no branch or tag uses"
run cairn gc -w -a -T --dry
printf '\nDone. The repositories are in %s\n' "$base"
