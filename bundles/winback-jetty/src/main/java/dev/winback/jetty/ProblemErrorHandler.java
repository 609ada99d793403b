package dev.winback.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The server's error handler: answers what Jetty refuses before any context sees it (a malformed request line or
 * header, 414, 431, an ambiguous path) and errors outside every context, as problem+json.
 */
class ProblemErrorHandler extends ErrorHandler {

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        ProblemResponses.write(baseRequest, request, response, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        return ProblemResponses.badMessage(status, reason, fields);
    }
}
