package dev.winback.rest;

import java.lang.reflect.Method;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;

/**
 * Fails the rest of a request body that was cut off, so that nobody waits for it any more. After an answer is
 * chosen, CXF reads what is left of the request body (up to 16 MB) before it writes the answer; for a body that
 * drips a byte every few seconds that would hold the thread and the answer as long as the client likes. Jetty's
 * {@code HttpInput.failed(Throwable)} makes every further read fail at once. Jetty is reached by reflection (the
 * request comes behind CXF's thread-local proxy and may be wrapped by pax-web), so this bundle imports no Jetty
 * package; on another server it does nothing.
 */
final class StalledInput {
    private static final int MAX_WRAPPERS = 16;

    private StalledInput() {
    }

    /** True when the request's input now fails every read. */
    static boolean fail(ServletRequest request, Throwable reason) {
        ServletRequest current = request;
        for (int i = 0; current != null && i < MAX_WRAPPERS; i++) {
            Object input = httpInput(current);
            if (input != null) {
                try {
                    Method failed = input.getClass().getMethod("failed", Throwable.class);
                    failed.invoke(input, reason);
                    return true;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return false;
                }
            }
            current = unwrap(current);
        }
        return false;
    }

    /** The request behind a servlet wrapper or behind CXF's thread-local proxy ({@code get()}), else null. */
    private static ServletRequest unwrap(ServletRequest request) {
        try {
            Object inner = request.getClass().getMethod("get").invoke(request);
            if (inner instanceof ServletRequest && inner != request) {
                return (ServletRequest) inner;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no thread-local proxy
        }
        return request instanceof ServletRequestWrapper ? ((ServletRequestWrapper) request).getRequest() : null;
    }

    private static Object httpInput(ServletRequest request) {
        try {
            Method getHttpInput = request.getClass().getMethod("getHttpInput");
            return getHttpInput.invoke(request);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
