#!/usr/bin/env bash
# Validates jreleaser.yml offline, as .ci/run does after the build: in a scratch Git repository
# holding this work tree's pom.xml, jreleaser.yml and build outputs, `mvn jreleaser:assemble`
# builds the jar distribution's archives (the jlink archives need -Pjlink and are left out), then
# `mvn jreleaser:config` validates the whole configuration: release, changelog, checksums,
# signing, distributions and packagers. JReleaser reads the commit and the URL of the remote
# 'origin' with JGit; a CI clone's origin is a local path it cannot parse, and JGit cannot open a
# linked work tree (git worktree add), hence the scratch repository. Needs no network beyond the
# Maven registry and no secrets (the tokens are dummies: neither goal contacts GitHub or SDKMAN).
# Needs target/cairn.jar and target/man (mvn package). Exits non-zero when anything is invalid.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
[ -f "$here/target/cairn.jar" ] && [ -d "$here/target/man/man1" ] \
    || { echo "check-release-config: build first (mvn package): target/cairn.jar and target/man are needed" >&2; exit 2; }
cp "$here/pom.xml" "$here/jreleaser.yml" "$here/LICENSE" "$here/README.md" "$scratch/"
cp -r "$here/dist" "$scratch/dist"
mkdir -p "$scratch/target"
ln -s "$here/target/cairn.jar" "$scratch/target/cairn.jar"
cp -r "$here/target/man" "$scratch/target/man"
cd "$scratch"
# validate as a release (x.y.z, not x.y.z-SNAPSHOT): packagers are only active for releases
sed -i '0,/-SNAPSHOT<\/version>/s//<\/version>/' pom.xml
git init -q -b main .
git -c user.email=ci@cairn.invalid -c user.name=ci commit -q --allow-empty -m "chore: validate the release configuration"
git remote add origin https://github.com/cairn-dev/cairn.git
out=$scratch/jreleaser.log
# the secrets a release needs, as dummies: validation only checks that they are set
export JRELEASER_GITHUB_TOKEN=${JRELEASER_GITHUB_TOKEN:-dummy}
export JRELEASER_SDKMAN_CONSUMER_KEY=${JRELEASER_SDKMAN_CONSUMER_KEY:-dummy}
export JRELEASER_SDKMAN_CONSUMER_TOKEN=${JRELEASER_SDKMAN_CONSUMER_TOKEN:-dummy}
if ! mvn -B -ntp -q \
        jreleaser:assemble -Djreleaser.assemblers=archive -Djreleaser.distributions=cairn \
        jreleaser:config >"$out" 2>&1; then
    cat "$out" >&2
    echo "check-release-config: jreleaser.yml is invalid (see above)" >&2
    exit 1
fi
if grep -q "^🚨\|^\[WARNING\]" "$out"; then
    grep "^🚨\|^\[WARNING\]" "$out" >&2
fi
echo "check-release-config: jreleaser.yml is valid"
