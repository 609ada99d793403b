package dev.winback.reputation.survey;

import dev.winback.api.InvalidInputException;
import dev.winback.reputation.SurveyKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * The page a survey link opens, without login: the question, and the customer's answer posted back to the same
 * link. The link is the credential, so every answer is a plain page with a status that says what happened: 404
 * for a link we did not make, 410 for one past its date, 409 for one answered already, 400 for a form to correct.
 * Nothing on it comes from anywhere but Winback, and no error shows more than a sentence.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + SurveyPage.PATH_PREFIX + "*",
    "osgi.http.whiteboard.servlet.name=winback-survey-page"})
public class SurveyPage extends HttpServlet {
    /** Where survey links live; the token follows. */
    public static final String PATH_PREFIX = "/winback/survey/";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SurveyPage.class);
    /** A form holds a score and a comment of at most 4000 characters: no honest answer is bigger. */
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final transient Surveys surveys;

    @Activate
    public SurveyPage(@Reference Surveys surveys) {
        this.surveys = surveys;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Surveys.Link link = surveys.open(token(request));
            if (link.state() == Surveys.LinkState.OPEN) {
                page(response, HttpServletResponse.SC_OK, "Your feedback", form(link.invitation().kind, null, null,
                        null));
            } else {
                closed(response, link.state());
            }
        } catch (RuntimeException e) {
            failed(response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT)
                    .startsWith("application/x-www-form-urlencoded")) {
                page(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Please use the form",
                        "<p>Please answer with the form on this page.</p>");
                return;
            }
            if (request.getContentLengthLong() > MAX_FORM_BYTES) {
                page(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Too long",
                        "<p>Your answer is too long to send. Please shorten your comment and try again.</p>");
                return;
            }
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String score;
            String comment;
            try {
                score = request.getParameter("score");
                comment = request.getParameter("comment");
            } catch (IllegalStateException | IllegalArgumentException tooLargeOrMalformed) {
                // Jetty's limit on a form without a Content-Length, or a body that is not a form after all.
                page(response, HttpServletResponse.SC_BAD_REQUEST, "Please use the form",
                        "<p>Your answer could not be read. Please answer with the form on this page, with a shorter "
                                + "comment if it was long.</p>");
                return;
            }
            Surveys.Link link;
            try {
                link = surveys.answer(token(request), score, comment);
            } catch (InvalidInputException e) {
                Surveys.Link open = surveys.open(token(request));
                SurveyKind kind = open.invitation() == null ? SurveyKind.NPS : open.invitation().kind;
                String message = e.problems().isEmpty() ? e.getMessage() : e.problems().get(0).message();
                page(response, HttpServletResponse.SC_BAD_REQUEST, "Your feedback", form(kind, score, comment,
                        message));
                return;
            }
            if (link.state() == Surveys.LinkState.ANSWERED) {
                page(response, HttpServletResponse.SC_OK, "Thank you",
                        "<p>Thank you. Your answer has been recorded, and it will be read.</p>");
            } else {
                closed(response, link.state());
            }
        } catch (RuntimeException e) {
            failed(response, e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "POST".equals(method)) {
            try {
                super.service(request, response);
            } catch (javax.servlet.ServletException e) {
                failed(response, e);
            }
            return;
        }
        response.setHeader("Allow", "GET, HEAD, POST");
        page(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Not allowed",
                "<p>This page can only be read and answered.</p>");
    }

    private static String token(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.length() < 2 ? "" : path.substring(1);
    }

    private static void closed(HttpServletResponse response, Surveys.LinkState state) throws IOException {
        switch (state) {
            case USED:
                page(response, HttpServletResponse.SC_CONFLICT, "Already answered",
                        "<p>This survey has already been answered, so it cannot be answered again. Thank you for "
                                + "your time.</p>");
                break;
            case EXPIRED:
                page(response, HttpServletResponse.SC_GONE, "This survey has closed",
                        "<p>This survey link is no longer open. If you would still like to tell us something, "
                                + "please reply to the message that brought you here.</p>");
                break;
            default:
                page(response, HttpServletResponse.SC_NOT_FOUND, "Survey not found",
                        "<p>We could not find this survey. Please check that the whole link was copied from the "
                                + "message you received.</p>");
                break;
        }
    }

    private static void failed(HttpServletResponse response, Exception e) throws IOException {
        LOG.error("The survey page failed", e);
        if (!response.isCommitted()) {
            response.reset();
            page(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Something went wrong",
                    "<p>Something went wrong on our side and your answer was not recorded. Please try again in a "
                            + "few minutes.</p>");
        }
    }

    /** The form; {@code score}, {@code comment} and {@code error} refill it after a mistake. */
    static String form(SurveyKind kind, String score, String comment, String error) {
        StringBuilder html = new StringBuilder();
        String question = kind == SurveyKind.NPS
                ? "How likely are you to recommend us to a friend or colleague?"
                : "How satisfied are you with how we handled things for you?";
        html.append("<form method=\"post\" accept-charset=\"UTF-8\">\n");
        if (error != null) {
            html.append("<p id=\"error\" class=\"error\" role=\"alert\">").append(Html.escape(error)).append("</p>\n");
        }
        html.append("<fieldset").append(error != null ? " aria-describedby=\"error\"" : "").append(">\n<legend>")
                .append(Html.escape(question)).append("</legend>\n<p class=\"scale\">");
        html.append(kind == SurveyKind.NPS ? "0 means not at all likely, 10 extremely likely."
                : "1 means very dissatisfied, 5 very satisfied.").append("</p>\n<div class=\"scores\">\n");
        for (int s = kind.min; s <= kind.max; s++) {
            String id = "score-" + s;
            html.append("<input type=\"radio\" name=\"score\" required id=\"").append(id).append("\" value=\"")
                    .append(s).append('"').append(String.valueOf(s).equals(score) ? " checked" : "")
                    .append("><label for=\"").append(id).append("\">").append(s).append("</label>\n");
        }
        html.append("</div>\n</fieldset>\n<p><label for=\"comment\">Anything you would like to tell us? "
                + "(optional)</label><br>\n<textarea id=\"comment\" name=\"comment\" rows=\"5\" maxlength=\"")
                .append(Surveys.COMMENT_MAX).append("\">").append(Html.escape(comment == null ? "" : comment))
                .append("</textarea></p>\n<p><button type=\"submit\">Send my answer</button></p>\n</form>\n");
        return html.toString();
    }

    private static void page(HttpServletResponse response, int status, String title, String body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        // The link is the customer's credential: keep it out of caches and out of Referer headers.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        PrintWriter out = response.getWriter();
        out.write(Html.page(title, body));
        out.flush();
    }
}
