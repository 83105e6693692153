package dev.cairn.cli;

import dev.cairn.util.CairnException;

/** The one table of exit codes. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int STATE = 3;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
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
