package dev.winback.jetty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The problem+json body (RFC 9457) for an error Jetty raises itself, in the same shape as the API's own problems, so
 * a client has one way to read every error. The detail says what to change; it never carries a stack trace or the
 * text of an exception, since a 5xx message may name internals.
 */
final class JettyProblem {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonFactory JSON = new JsonFactory();
    /** Jetty's reasons are short; anything longer came from the request and is cut. */
    private static final int MAX_REASON = 160;

    private JettyProblem() {
    }

    static byte[] body(int status, String reason, String instance) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "urn:winback:problem:http-" + status);
            json.writeStringField("title", title(status));
            json.writeNumberField("status", status);
            json.writeStringField("detail", detail(status, reason));
            if (instance != null) {
                json.writeStringField("instance", printable(instance, 300));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String title(int status) {
        String title = HttpStatus.getMessage(status);
        return title == null || title.isBlank() ? "HTTP " + status : title;
    }

    static String detail(int status, String reason) {
        String why = reason == null ? "" : printable(reason, MAX_REASON);
        switch (status) {
            case 400:
                if (why.toLowerCase(Locale.ROOT).contains("ambiguous")) {
                    return "The request's path is ambiguous (" + why + "): encoded slashes or dots, '.' or '..' "
                            + "segments, empty segments and ';' parameters are not accepted; send the plain path";
                }
                return "The request is malformed" + (why.isEmpty() ? "" : " (" + why + ")")
                        + "; check its request line, its headers (no control characters, valid UTF-8) and its "
                        + "body framing";
            case 404:
                return "Nothing is served at this path; the API is under /api/v1 (GET /api/v1/openapi.json lists "
                        + "every endpoint)";
            case 405:
                return "This path does not take that method" + (why.isEmpty() ? "" : " (" + why + ")");
            case 408:
                return "The request took too long to arrive and was cut off; send it again, without pauses";
            case 411:
                return "A body needs a Content-Length or chunked Transfer-Encoding";
            case 413:
                return "The request is larger than this server accepts";
            case 414:
                return "The request's URI is longer than this server accepts; send the filter values in fewer or "
                        + "shorter query parameters";
            case 415:
                return "This Content-Type is not accepted here" + (why.isEmpty() ? "" : " (" + why + ")");
            case 431:
                return "The request's headers are larger than this server accepts; send fewer or shorter headers "
                        + "(large cookies are the usual cause)";
            case 501:
                return "This server does not implement that method";
            case 505:
                return "This server speaks HTTP/1.0 and HTTP/1.1";
            default:
                if (status >= 500) {
                    return "The server could not answer this request; the failure is in its log. Try again later";
                }
                return why.isEmpty() ? title(status) : why;
        }
    }

    /** Visible ASCII only: Jetty's reasons may quote bytes of the request, which must not reach a log or a page raw. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
