package dev.winback.systests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A client that sends a request byte by byte as slowly as it likes and sees what the server answers, and when. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final long opened = System.nanoTime();
    private boolean closedByServer;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** The request line and headers of a POST with a body of {@code length} bytes, Basic authentication. */
    static String postHead(String path, String credentials, String contentType, int length) {
        return "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "\r\n";
    }

    /** Sends bytes; false when the server has closed the connection already. */
    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads whatever the server sent within {@code wait}; true when something came or the connection closed. */
    boolean poll(Duration wait) throws IOException {
        if (closedByServer) {
            return true;
        }
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        byte[] buffer = new byte[8192];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                closedByServer = true;
                return true;
            }
            received.write(buffer, 0, n);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset by the server
            closedByServer = true;
            return true;
        }
    }

    /** Reads until the server closes the connection or {@code limit} has passed; true when it closed. */
    boolean awaitClose(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!closedByServer && System.nanoTime() < deadline) {
            poll(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        }
        return closedByServer;
    }

    String answer() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status of the answer, 0 when none came. */
    int status() {
        String text = answer();
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return 0;
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    boolean closedByServer() {
        return closedByServer;
    }

    Duration sinceOpened() {
        return Duration.ofNanos(System.nanoTime() - opened);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
