#!/usr/bin/env bash
# Builds the JDK's ahead-of-time cache for the Cairn jar (JDK 25+): one training run of the
# everyday commands (dev.cairn.cli.AotTraining) records the classes they load and the profiles of
# their hot code into <jar>.aot, which dist/cairn then maps at every start. Rerun after each
# build; dist/cairn ignores a cache older than the jar.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../target/cairn.jar}
. "$here/find-java.sh"
cairn_find_java
if [ "$(cairn_java_major "$CAIRN_JAVA_HOME")" -lt 25 ]; then
    echo "train-aot: $CAIRN_JAVA_HOME is older than JDK 25; dist/cairn uses class-data sharing instead" >&2
    exit 0
fi
# two caches (see dist/cairn): everyday commands, and those that talk to a remote
for kind in "" "-remote"; do
    aot="${jar%.jar}$kind.aot"
    rm -f "$aot"
    set +e
    "$CAIRN_JAVA" -XX:+UseSerialGC -XX:AOTCacheOutput="$aot" -Xlog:aot=error -Xlog:cds=error \
        -cp "$jar" dev.cairn.cli.AotTraining ${kind:+--remotes} 2>&1 | grep -v "^Picked up JAVA_TOOL_OPTIONS"
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ] || [ ! -f "$aot" ]; then
        echo "train-aot: training failed; dist/cairn will use class-data sharing" >&2
        rm -f "${jar%.jar}.aot" "${jar%.jar}-remote.aot"
        exit 1
    fi
    echo "train-aot: wrote $aot"
done
