package dev.winback.reputation.improvement;

import dev.winback.reputation.ReputationJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The public "You Said, We Did" page and its feeds, rendered from published improvements: a small accessible HTML
 * page (no script, no external resource), an Atom 1.0 feed and a JSON Feed 1.1. Every text is escaped; nothing
 * names a customer, a case or a user.
 */
final class Views {
    static final String TITLE = "You said, we did";
    static final String SUBTITLE = "What our customers told us, and what we changed because of it.";
    /** The page's only style, inline; the Content-Security-Policy allows exactly this text by its hash. */
    static final String STYLE = "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:44rem;margin:0 auto;"
            + "padding:1rem;color:#1a1a1a;background:#fff}ol{list-style:none;padding:0}li{border-top:1px solid #ccc;"
            + "padding:1rem 0}h3{font-size:1rem;margin:.75rem 0 .25rem}p{margin:.25rem 0;white-space:pre-line}"
            + "a{color:#0645ad}.meta{color:#444}";
    static final String STYLE_HASH = "'sha256-" + Base64.getEncoder().encodeToString(sha256(STYLE)) + "'";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private Views() {
    }

    /** The fragment id of an improvement on the page. */
    static String anchor(UUID id) {
        return "improvement-" + id;
    }

    static String html(List<Improvement> published, Map<String, String> labels) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(TITLE).append("</title>\n")
                .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"").append(TITLE)
                .append(" (Atom)\" href=\"").append(YouSaidWeDidServlet.ATOM).append("\">\n")
                .append("<link rel=\"alternate\" type=\"application/feed+json\" title=\"").append(TITLE)
                .append(" (JSON Feed)\" href=\"").append(YouSaidWeDidServlet.JSON).append("\">\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n<h1>").append(TITLE)
                .append("</h1>\n<p>").append(SUBTITLE).append("</p>\n<p>Follow the changes: <a href=\"")
                .append(YouSaidWeDidServlet.ATOM).append("\">Atom feed</a> or <a href=\"")
                .append(YouSaidWeDidServlet.JSON).append("\">JSON feed</a>.</p>\n</header>\n<main>\n");
        if (published.isEmpty()) {
            out.append("<p>Nothing has been published yet.</p>\n");
        } else {
            out.append("<ol>\n");
            for (Improvement i : published) {
                out.append("<li>\n<article id=\"").append(anchor(i.id)).append("\" aria-labelledby=\"")
                        .append(anchor(i.id)).append("-title\">\n<h2 id=\"").append(anchor(i.id)).append("-title\">")
                        .append(escape(i.title)).append("</h2>\n");
                article(out, i, labels, "");
                out.append("</article>\n</li>\n");
            }
            out.append("</ol>\n");
        }
        return out.append("</main>\n</body>\n</html>\n").toString();
    }

    /**
     * The body of one improvement, as the page and the Atom entries show it; {@code page} is where links to other
     * improvements point ("" on the page itself).
     */
    private static void article(StringBuilder out, Improvement i, Map<String, String> labels, String page) {
        out.append("<p class=\"meta\">Improved on <time datetime=\"").append(i.improvedOn).append("\">")
                .append(DAY.format(i.improvedOn)).append("</time>");
        if (!i.lossReasons.isEmpty()) {
            out.append(" &#183; About: ").append(escape(String.join(", ", reasonLabels(i, labels))));
        }
        out.append("</p>\n");
        if (i.corrects != null) {
            out.append("<p class=\"meta\">This corrects <a href=\"").append(escape(page + "#" + anchor(i.corrects)))
                    .append("\">an earlier entry</a>.</p>\n");
        }
        for (UUID correction : i.correctedBy) {
            out.append("<p class=\"meta\"><strong>Corrected:</strong> see <a href=\"")
                    .append(escape(page + "#" + anchor(correction))).append("\">the correction</a>.</p>\n");
        }
        out.append("<h3>You said</h3>\n<p>").append(escape(i.customersSaid)).append("</p>\n")
                .append("<h3>We did</h3>\n<p>").append(escape(i.weDid)).append("</p>\n")
                .append("<h3>How you can tell</h3>\n<p>").append(escape(i.evidence)).append("</p>\n");
    }

    static String atom(List<Improvement> published, Map<String, String> labels, String base) {
        String page = base + YouSaidWeDidServlet.PAGE;
        StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" ")
                .append("xml:lang=\"en\">\n<title>").append(TITLE).append("</title>\n<subtitle>").append(SUBTITLE)
                .append("</subtitle>\n<id>urn:uuid:").append(UUID.nameUUIDFromBytes(page.getBytes(
                        StandardCharsets.UTF_8))).append("</id>\n<updated>").append(time(updated(published)))
                .append("</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"")
                .append(escape(base + YouSaidWeDidServlet.ATOM)).append("\"/>\n")
                .append("<link rel=\"alternate\" type=\"text/html\" href=\"").append(escape(page)).append("\"/>\n")
                .append("<author><name>").append(escape(base)).append("</name></author>\n");
        for (Improvement i : published) {
            out.append("<entry>\n<id>urn:uuid:").append(i.id).append("</id>\n<title>").append(escape(i.title))
                    .append("</title>\n<published>").append(time(i.publishedAt)).append("</published>\n<updated>")
                    .append(time(i.publishedAt)).append("</updated>\n<link rel=\"alternate\" type=\"text/html\" ")
                    .append("href=\"").append(escape(page + "#" + anchor(i.id))).append("\"/>\n");
            for (String code : i.lossReasons) {
                out.append("<category term=\"").append(escape(code)).append("\" label=\"")
                        .append(escape(labels.getOrDefault(code, code))).append("\"/>\n");
            }
            if (i.corrects != null) {
                out.append("<link rel=\"related\" type=\"text/html\" title=\"The entry this corrects\" href=\"")
                        .append(escape(page + "#" + anchor(i.corrects))).append("\"/>\n");
            }
            StringBuilder content = new StringBuilder();
            article(content, i, labels, page);
            out.append("<summary type=\"text\">").append(escape(i.weDid)).append("</summary>\n")
                    .append("<content type=\"html\">").append(escape(content.toString())).append("</content>\n")
                    .append("</entry>\n");
        }
        return out.append("</feed>\n").toString();
    }

    static String jsonFeed(List<Improvement> published, Map<String, String> labels, String base) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", TITLE);
        feed.put("description", SUBTITLE);
        feed.put("home_page_url", base + YouSaidWeDidServlet.PAGE);
        feed.put("feed_url", base + YouSaidWeDidServlet.JSON);
        feed.put("language", "en");
        List<Map<String, Object>> items = new ArrayList<>();
        for (Improvement i : published) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i.id.toString());
            item.put("url", base + YouSaidWeDidServlet.PAGE + "#" + anchor(i.id));
            item.put("title", i.title);
            item.put("content_text", "You said: " + i.customersSaid + "\n\nWe did: " + i.weDid
                    + "\n\nHow you can tell: " + i.evidence);
            item.put("summary", i.weDid);
            item.put("date_published", time(i.publishedAt));
            item.put("tags", reasonLabels(i, labels));
            // JSON Feed's extension members start with an underscore.
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("customersSaid", i.customersSaid);
            own.put("weDid", i.weDid);
            own.put("evidence", i.evidence);
            own.put("improvedOn", i.improvedOn.toString());
            own.put("lossReasons", i.lossReasons);
            own.put("corrects", i.corrects == null ? null : i.corrects.toString());
            own.put("correctedBy", i.correctedBy.stream().map(UUID::toString).toList());
            item.put("_winback", own);
            items.add(item);
        }
        feed.put("items", items);
        return ReputationJson.write(feed);
    }

    /** The newest publication, or the epoch while nothing is published (Atom needs an updated). */
    static Instant updated(List<Improvement> published) {
        return published.stream().map(i -> i.publishedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static List<String> reasonLabels(Improvement i, Map<String, String> labels) {
        return i.lossReasons.stream().map(code -> labels.getOrDefault(code, code)).toList();
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Text safe in HTML and XML content and attribute values; control characters XML 1.0 cannot carry are dropped
     * (the API refuses them, this is the last line).
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\r' || ch == '\t') {
                        if (ch != 0xFFFE && ch != 0xFFFF) {
                            out.append(ch);
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
