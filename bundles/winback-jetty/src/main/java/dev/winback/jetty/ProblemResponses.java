package dev.winback.jetty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/** Writes a {@link JettyProblem} the two ways Jetty asks for an error body. */
final class ProblemResponses {
    static final String CONTENT_TYPE = JettyProblem.MEDIA_TYPE + ";charset=utf-8";

    private ProblemResponses() {
    }

    /** An error of a parsed request: response.sendError(..) or an exception in a handler. */
    static void write(Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code,
            String message) throws IOException {
        baseRequest.setHandled(true);
        if (HttpStatus.hasNoBody(code)) {
            return;
        }
        byte[] body = JettyProblem.body(code, message, request.getRequestURI());
        response.setContentType(CONTENT_TYPE);
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        try {
            OutputStream out = response.getOutputStream();
            out.write(body);
        } catch (IllegalStateException writerTaken) {
            // a servlet took the writer before failing; the body is ASCII-safe JSON in UTF-8 either way
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** A request Jetty could not parse (400, 414, 431, ...): there is no request object, only the status. */
    static ByteBuffer badMessage(int status, String reason, HttpFields fields) {
        if (HttpStatus.hasNoBody(status)) {
            return ByteBuffer.allocate(0);
        }
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put("X-Content-Type-Options", "nosniff");
        return ByteBuffer.wrap(JettyProblem.body(status, reason, null));
    }
}
