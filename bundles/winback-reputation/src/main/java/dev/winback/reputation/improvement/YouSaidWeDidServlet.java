package dev.winback.reputation.improvement;

import dev.winback.reputation.ReputationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public "You Said, We Did" page and its feeds on the HTTP whiteboard, without login: {@value #PAGE} (HTML),
 * {@value #ATOM} (Atom 1.0) and {@value #JSON} (JSON Feed 1.1). Exact-match patterns, so nothing below them is served.
 * GET and HEAD only; answers carry an ETag and Last-Modified and a matching conditional GET gets a 304. Errors are
 * plain text without detail; the log has it under the reference they quote.
 */
@Component(service = Servlet.class, configurationPid = ReputationSettings.PID, property = {
    "osgi.http.whiteboard.servlet.name=winback-you-said-we-did",
    "osgi.http.whiteboard.servlet.pattern=" + YouSaidWeDidServlet.PAGE,
    "osgi.http.whiteboard.servlet.pattern=" + YouSaidWeDidServlet.ATOM,
    "osgi.http.whiteboard.servlet.pattern=" + YouSaidWeDidServlet.JSON})
public class YouSaidWeDidServlet extends HttpServlet {
    public static final String PAGE = "/winback/you-said-we-did";
    public static final String ATOM = PAGE + ".atom";
    public static final String JSON = PAGE + ".json";
    /** The newest improvements shown; older ones stay in the API. */
    static final int SHOWN = 100;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(YouSaidWeDidServlet.class);

    private final transient JdbcImprovementStore store;
    private final String base;

    @Activate
    public YouSaidWeDidServlet(@Reference JdbcImprovementStore store, ReputationSettings settings) {
        this.store = store;
        this.base = settings.publicBaseUrl().replaceAll("/+$", "");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            plain(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed here: the page "
                    + "and its feeds are read with GET or HEAD");
            return;
        }
        try {
            answer(request, response, "HEAD".equals(method));
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString();
            LOG.error("Cannot answer {} {} (reference {})", method, request.getRequestURI(), reference, e);
            if (!response.isCommitted()) {
                response.reset();
                plain(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Something went wrong on our side; "
                        + "quote reference " + reference + " to the site's administrator");
            }
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean head) throws IOException {
        String path = request.getServletPath() == null || request.getServletPath().isEmpty()
                ? request.getRequestURI() : request.getServletPath();
        List<Improvement> published = store.published(SHOWN);
        Map<String, String> labels = store.reasonLabels();
        String body;
        String type;
        if (path.endsWith(".atom")) {
            body = Views.atom(published, labels, base);
            type = "application/atom+xml; charset=utf-8";
        } else if (path.endsWith(".json")) {
            body = Views.jsonFeed(published, labels, base);
            type = "application/feed+json; charset=utf-8";
        } else {
            body = Views.html(published, labels);
            type = "text/html; charset=utf-8";
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src " + Views.STYLE_HASH
                    + "; base-uri 'none'; form-action 'none'");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + HexFormat.of().formatHex(Views.sha256(body), 0, 16) + "\"";
        response.setHeader("ETag", etag);
        Instant modified = published.isEmpty() ? null : Views.updated(published).truncatedTo(ChronoUnit.SECONDS);
        if (modified != null) {
            response.setDateHeader("Last-Modified", modified.toEpochMilli());
        }
        response.setHeader("Cache-Control", "public, max-age=60");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (notModified(request, etag, modified)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        if (!head) {
            response.getOutputStream().write(bytes);
        }
    }

    /** If-None-Match decides when sent (RFC 9110 13.2.2); otherwise If-Modified-Since, to the second. */
    static boolean notModified(HttpServletRequest request, String etag, Instant modified) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        if (modified == null) {
            return false;
        }
        try {
            long since = request.getDateHeader("If-Modified-Since");
            return since >= 0 && modified.toEpochMilli() <= since;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
