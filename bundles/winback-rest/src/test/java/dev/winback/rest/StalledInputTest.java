package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeoutException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import org.junit.jupiter.api.Test;

class StalledInputTest {

    @Test
    void theInputOfAJettyRequestBehindWrappersIsFailed() {
        JettyLikeRequest jetty = new JettyLikeRequest();
        ServletRequest wrapped = new ServletRequestWrapper(new ServletRequestWrapper(jetty));
        TimeoutException reason = new TimeoutException("cut off");
        assertTrue(StalledInput.fail(wrapped, reason));
        assertSame(reason, jetty.input.failure);
    }

    @Test
    void theInputBehindAThreadLocalProxyIsFailed() {
        JettyLikeRequest jetty = new JettyLikeRequest();
        assertTrue(StalledInput.fail(new ThreadLocalLike(jetty), new TimeoutException()));
        assertTrue(jetty.input.failure != null);
    }

    @Test
    void anotherServerIsLeftAlone() {
        assertFalse(StalledInput.fail(new ServletRequestWrapper(plainRequest()), new TimeoutException()));
        assertFalse(StalledInput.fail(null, new TimeoutException()));
    }

    private static ServletRequest plainRequest() {
        return (ServletRequest) Proxy.newProxyInstance(StalledInputTest.class.getClassLoader(),
                new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> null);
    }

    /** The two methods of Jetty's Request and HttpInput that StalledInput calls. */
    public static final class JettyLikeRequest extends ServletRequestWrapper {
        final Input input = new Input();

        JettyLikeRequest() {
            super(plainRequest());
        }

        public Input getHttpInput() {
            return input;
        }
    }

    /** Like CXF's ThreadLocalHttpServletRequest: the request of the current thread through get(). */
    public static final class ThreadLocalLike extends ServletRequestWrapper {
        private final ServletRequest current;

        ThreadLocalLike(ServletRequest current) {
            super(plainRequest());
            this.current = current;
        }

        public ServletRequest get() {
            return current;
        }
    }

    public static final class Input {
        Throwable failure;

        public boolean failed(Throwable x) {
            failure = x;
            return true;
        }
    }
}
