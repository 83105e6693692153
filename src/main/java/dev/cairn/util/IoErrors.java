package dev.cairn.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns I/O exceptions into short messages a user can act on. */
public final class IoErrors {

    private IoErrors() {
    }

    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        if (reason.contains("No space left")) {
            return "no space left on device";
        }
        return reason;
    }

    /** Wraps an I/O failure on {@code what} as a user-facing failure. */
    public static CairnException failure(String action, Object what, IOException e) {
        return CairnException.failed("cannot " + action + " " + what + ": " + describe(e), e);
    }
}
