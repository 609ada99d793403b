package dev.winback.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;

/**
 * A web context's error handler. It stays an {@link ErrorPageErrorHandler} because pax-web adds the error pages a
 * bundle registers to it (and casts to that type): a registered error page still wins, and only where there is none
 * the answer is problem+json instead of Jetty's HTML page.
 */
class ContextProblemErrorHandler extends ErrorPageErrorHandler {

    ContextProblemErrorHandler(ErrorPageErrorHandler replaced) {
        setShowStacks(false);
        setShowServlet(false);
        if (replaced != null) {
            for (Map.Entry<String, String> page : replaced.getErrorPages().entrySet()) {
                addErrorPage(page.getKey(), page.getValue());
            }
        }
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
