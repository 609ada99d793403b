package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.winback.api.rest.BoundedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import javax.ws.rs.core.Response;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

class RequestBodyFailureTest {

    @Test
    void aBodySlowerThanTheMinimumRateIsJettysStatus() {
        assertEquals(408, RequestBodyFailure.status(new BadMessageException(408, "Request content data rate < 1024 B/s")));
        assertEquals(400, RequestBodyFailure.status(new BadMessageException(400, "Early EOF")));
        assertEquals(400, RequestBodyFailure.status(new BadMessageException(500, "odd")));
        assertEquals(408, RequestBodyFailure.status(new IllegalStateException("wrapped",
                new BadMessageException(408, "Request content data rate < 1024 B/s"))));
    }

    @Test
    void aDrippingBodyIs408() {
        assertEquals(408, RequestBodyFailure.status(new BoundedInputStream.TooSlow(1024, 3, 4_000_000_000L)));
        assertEquals(408, RequestBodyFailure.status(
                new UncheckedIOException(new BoundedInputStream.TooSlow(1024, 3, 4_000_000_000L))));
    }

    @Test
    void aReadOfTheBodyThatTimedOutIs408() {
        IOException stalled = fromHttpInput(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms")));
        assertEquals(408, RequestBodyFailure.status(stalled));
        assertEquals(408, RequestBodyFailure.status(new UncheckedIOException(stalled)));
    }

    @Test
    void anotherFailureToReadTheBodyIs400() {
        assertEquals(400, RequestBodyFailure.status(fromHttpInput(new IOException("Early EOF"))));
    }

    @Test
    void failuresElsewhereAreNotTheClients() {
        assertEquals(0, RequestBodyFailure.status(new IOException(new TimeoutException("a pool wait"))));
        assertEquals(0, RequestBodyFailure.status(new IllegalStateException("a bug")));
        Exception selfCaused = new Exception() {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertEquals(0, RequestBodyFailure.status(selfCaused));
    }

    @Test
    void theAnswerIsAProblemThatClosesTheConnection() {
        Response timeout = ProblemMapper.bodyNotRead(408, "/api/v1/customers");
        assertEquals(408, timeout.getStatus());
        assertEquals("close", timeout.getHeaderString("Connection"));
        assertEquals("urn:winback:problem:request-timeout", ((Problem) timeout.getEntity()).type);
        assertEquals(400, ProblemMapper.bodyNotRead(400, "/api/v1/customers").getStatus());
    }

    private static IOException fromHttpInput(IOException e) {
        StackTraceElement[] frames = {
            new StackTraceElement(RequestBodyFailure.HTTP_INPUT, "read", "HttpInput.java", 307),
            new StackTraceElement("dev.winback.api.rest.BoundedInputStream", "read", "BoundedInputStream.java", 32)};
        e.setStackTrace(frames);
        return e;
    }
}
