package dev.winback.rest;

import dev.winback.api.rest.BoundedInputStream;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeoutException;

/**
 * Tells a request body that did not arrive from a failure of ours. {@link BoundedInputStream} cuts off a body that
 * drips ({@link BoundedInputStream.TooSlow}); Jetty fails a read that waited longer than its idle timeout with an
 * {@code IOException} about a {@link TimeoutException}, and a body it cannot read (or one under its own minimum
 * data rate, if that is configured) with its {@code BadMessageException}, thrown out of its {@code HttpInput} into
 * whatever reads the body (the JSON reader, an import's spool). All are the client's doing: they are answered with
 * 408 (or Jetty's own 4xx), never with a 500 and a stack trace in the log.
 *
 * <p>Jetty is not imported: the exceptions are recognised by class name and by the frames they passed through.
 */
final class RequestBodyFailure {
    static final String BAD_MESSAGE = "org.eclipse.jetty.http.BadMessageException";
    static final String HTTP_INPUT = "org.eclipse.jetty.server.HttpInput";
    private static final int MAX_CAUSES = 16;

    private RequestBodyFailure() {
    }

    /** The status to answer {@code e} with: 408 or another 4xx when reading the request body failed, else 0. */
    static int status(Throwable e) {
        boolean whileReading = false;
        boolean timedOut = false;
        Throwable t = e;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof BoundedInputStream.TooSlow) {
                return 408;
            }
            if (BAD_MESSAGE.equals(t.getClass().getName())) {
                int code = code(t);
                return code >= 400 && code < 500 ? code : 400;
            }
            if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
                timedOut = true;
            }
            whileReading |= passedThrough(t, HTTP_INPUT);
            if (t.getCause() == t) {
                break;
            }
        }
        if (!whileReading) {
            return 0;
        }
        return timedOut ? 408 : 400;
    }

    private static boolean passedThrough(Throwable t, String className) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (className.equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /** Jetty's status code ({@code getCode()}), or 400 when it cannot be had. */
    private static int code(Throwable badMessage) {
        try {
            Method getCode = badMessage.getClass().getMethod("getCode");
            Object code = getCode.invoke(badMessage);
            return code instanceof Integer ? (Integer) code : 400;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 400;
        }
    }
}
