# Sourced by dist/cairn, dist/quickstart.sh and .ci/run: sets CAIRN_JAVA (and CAIRN_JAVA_HOME) to
# a Java 21 or newer. Order: $CAIRN_JAVA_HOME, $JAVA_HOME, java on PATH, then JDKs under
# /usr/lib/jvm and /opt/java, newest first. Reads each JDK's 'release' file, so no JVM starts,
# and with bash's own builtins, since the launcher runs this for every command.
cairn_java_major() {
    local line version=0
    if [ -r "$1/release" ]; then
        while IFS= read -r line; do
            case $line in JAVA_VERSION=*)
                version=${line#JAVA_VERSION=\"}
                version=${version%%[!0-9]*}
                break ;;
            esac
        done < "$1/release"
    fi
    echo "${version:-0}"
}

cairn_java_ok() {  # HOME: whether it holds a Java 21 or newer; if so it is the one
    local home=${1%/}
    [ -n "$home" ] && [ -x "$home/bin/java" ] && [ "$(cairn_java_major "$home")" -ge 21 ] || return 1
    CAIRN_JAVA_HOME=$home
    CAIRN_JAVA=$home/bin/java
}

cairn_find_java() {
    local home path_java
    cairn_java_ok "${CAIRN_JAVA_HOME:-}" && return 0
    cairn_java_ok "${JAVA_HOME:-}" && return 0
    if path_java=$(command -v java 2>/dev/null) && path_java=$(readlink -f "$path_java"); then
        cairn_java_ok "${path_java%/bin/java}" && return 0
    fi
    for home in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
        cairn_java_ok "$home" && return 0
    done
    echo "cairn: needs Java 21 or newer; set JAVA_HOME (or CAIRN_JAVA_HOME) to such a JDK" >&2
    return 1
}
