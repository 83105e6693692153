# Sourced by dist/cairn, dist/quickstart.sh and .ci/run: sets CAIRN_JAVA (and CAIRN_JAVA_HOME) to
# a Java 21 or newer. Order: $CAIRN_JAVA_HOME, $JAVA_HOME, java on PATH, then JDKs under
# /usr/lib/jvm and /opt/java, newest first. Reads each JDK's 'release' file, so no JVM starts.
cairn_java_major() {
    local home=$1 version
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null | head -n 1)
    echo "${version:-0}"
}

cairn_find_java() {
    local home
    local path_java
    path_java=$(command -v java 2>/dev/null) && path_java=$(readlink -f "$path_java")
    for home in "${CAIRN_JAVA_HOME:-}" "${JAVA_HOME:-}" "${path_java:+$(dirname "$(dirname "$path_java")")}" \
        $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
        home=${home%/}
        [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
        if [ "$(cairn_java_major "$home")" -ge 21 ]; then
            CAIRN_JAVA_HOME=$home
            CAIRN_JAVA=$home/bin/java
            return 0
        fi
    done
    echo "cairn: needs Java 21 or newer; set JAVA_HOME (or CAIRN_JAVA_HOME) to such a JDK" >&2
    return 1
}
