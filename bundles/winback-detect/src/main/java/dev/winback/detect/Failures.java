package dev.winback.detect;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Words a background job's fault for the admin who reads it on the job: what was being done and what went wrong, in
 * one line. Stack traces go to the log, never onto the job.
 */
public final class Failures {
    /** Long driver messages (a whole SQL statement, say) are cut here; the log has them in full. */
    private static final int MAX_DETAIL = 300;

    private Failures() {
    }

    /**
     * {@code "<doing> failed: <cause>"}, e.g. {@code reading sales.csv failed: No space left on device}, or that it
     * was interrupted when the fault is Winback stopping.
     */
    public static String describe(String doing, Throwable fault) {
        if (wasInterrupted(fault)) {
            return doing + " was interrupted because Winback stopped";
        }
        return doing + " failed: " + detail(fault);
    }

    /** Whether the fault comes from the job's thread being stopped rather than from something going wrong. */
    public static boolean wasInterrupted(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            // A socket timeout is an InterruptedIOException too, but a fault of the database, not a stop.
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }

    /** The fault's own message, first line only and cut to a readable length; its class name if it has none. */
    static String detail(Throwable fault) {
        // These two carry only the path as their message.
        if (fault instanceof NoSuchFileException) {
            return "the file " + fault.getMessage() + " does not exist";
        }
        if (fault instanceof AccessDeniedException) {
            return "Winback may not read " + fault.getMessage();
        }
        String message = fault.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = fault.getCause();
            return cause != null && cause != fault ? detail(cause) : fault.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL - 3) + "..." : line;
    }
}
