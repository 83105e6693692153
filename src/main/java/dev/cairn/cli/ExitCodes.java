package dev.cairn.cli;

import dev.cairn.util.CairnException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one table of exit codes. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int STATE = 3;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** What each code means, for the help and the reference docs. */
    static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(String.valueOf(OK), "Success.");
        m.put(String.valueOf(FAILED), "The operation failed.");
        m.put(String.valueOf(BAD_INPUT), "Bad usage or bad input.");
        m.put(String.valueOf(STATE), "Repository state: not a Cairn repository, or its lock is held.");
        m.put(String.valueOf(INTERRUPTED), "Interrupted.");
        return m;
    }

    public static int of(CairnException.Kind kind) {
        return switch (kind) {
            case FAILED -> FAILED;
            case BAD_INPUT -> BAD_INPUT;
            case STATE -> STATE;
            case INTERRUPTED -> INTERRUPTED;
        };
    }
}
