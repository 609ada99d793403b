package dev.winback.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** A job's failure text: one line a person can act on, never a stack trace. */
class FailuresTest {
    @Test
    void namesWhatWasBeingDoneAndTheCauseOnOneLine() {
        assertEquals("storing the purchases failed: Connection refused", Failures.describe("storing the purchases",
                new IllegalStateException("Connection refused\n\tat x.y(Z)")));
        assertEquals("reading a.csv failed: the file /tmp/a.csv does not exist",
                Failures.describe("reading a.csv", new NoSuchFileException("/tmp/a.csv")));
        assertEquals("fitting failed: disk gone",
                Failures.describe("fitting", new RuntimeException(null, new IOException("disk gone"))));
        assertEquals("fitting failed: ArithmeticException", Failures.describe("fitting", new ArithmeticException()));
        String longMessage = "x".repeat(1000);
        assertEquals(300, Failures.describe("", new RuntimeException(longMessage)).length() - " failed: ".length());
    }

    @Test
    void tellsAStopFromAFault() {
        assertEquals("reading a.csv was interrupted because Winback stopped",
                Failures.describe("reading a.csv", new ClosedByInterruptException()));
        assertTrue(Failures.wasInterrupted(new IllegalStateException(new InterruptedException())));
        assertFalse(Failures.wasInterrupted(new SocketTimeoutException("read timed out")),
                "a database that does not answer is a fault");
    }
}
