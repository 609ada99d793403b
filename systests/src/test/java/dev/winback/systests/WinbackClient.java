package dev.winback.systests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The REST API of one running copy as a client sees it, as one user: JSON in and out, Basic authentication. A
 * request that gets no answer (the server died under it) throws {@link IOException}: the caller cannot know whether
 * it was applied, which is exactly what the crash test needs to tell apart from an answer.
 */
final class WinbackClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and body (JSON when it parses, else null). */
    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    WinbackClient(int port, String user, String password) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body == null ? null : JSON.writeValueAsBytes(body), "application/json");
    }

    /** PUTs {@code body} with {@code If-Match: ifMatch}. */
    Answer put(String path, Object body, String ifMatch) throws IOException, InterruptedException {
        return send("PUT", path, JSON.writeValueAsBytes(body), "application/json", ifMatch);
    }

    /** POSTs raw bytes (an import's file) with their content type. */
    Answer upload(String path, byte[] body, String contentType) throws IOException, InterruptedException {
        return send("POST", path, body, contentType);
    }

    /** GETs {@code path} and fails unless it answers 200. */
    JsonNode read(String path) throws IOException, InterruptedException {
        Answer answer = get(path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " -> " + answer);
        }
        return answer.json();
    }

    private Answer send(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        return send(method, path, body, contentType, null);
    }

    private Answer send(String method, String path, byte[] body, String contentType, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }

    /** The {@code status} of the job or run at {@code path}. */
    String status(String path) {
        try {
            return read(path).path("status").asText();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(path, e);
        }
    }

    /** Polls a job or run until it leaves QUEUED and RUNNING (bounded); returns its path. */
    String awaitFinished(String path) throws InterruptedException {
        // Generous: a 400,000-row import on H2 takes minutes when other builds share the machine; a passing run
        // never waits this long.
        await(path + " to finish", Duration.ofMinutes(10), () -> {
            String status = status(path);
            return !status.equals("QUEUED") && !status.equals("RUNNING");
        });
        return path;
    }

    /** A path of each module that brings REST resources. */
    private static final List<String> MODULE_PATHS = List.of("/api/v1/imports?size=1", "/api/v1/webhooks",
            "/api/v1/surveys/responses?size=1", "/api/v1/bounty-plans", "/api/v1/events?limit=1");

    /**
     * Waits until every module's resources are served: each module that comes up rebuilds the application, which
     * answers "No service was found" meanwhile. The user must be allowed on every one of them (an admin is).
     */
    void awaitServed() throws InterruptedException {
        await("every module to be served", Duration.ofSeconds(120), () -> {
            for (String path : MODULE_PATHS) {
                try {
                    if (get(path).status() != 200) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        });
    }

    /** Polls {@code done} every 200 ms; fails the test when it is not true within {@code within}. */
    static void await(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within.toSeconds() + " s for " + what);
            }
            Thread.sleep(200);
        }
    }
}
