package dev.winback.reputation.improvement;

import static dev.winback.reputation.ReputationFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.dto.LossKind;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.reputation.ReputationFixture;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The public page and feeds, through the servlet with a minimal request and response: escaped, published only. */
class YouSaidWeDidServletTest {
    static final String HOSTILE = "<script>alert('x')</script> & \"co\"";
    ReputationFixture f;
    JdbcImprovementStore store;
    YouSaidWeDidServlet servlet;
    Improvement published;

    @BeforeEach
    void start() {
        f = new ReputationFixture(ScratchDatabase.h2("reputation"));
        store = new JdbcImprovementStore(f.db, f.audit);
        Improvements improvements = new Improvements(store, ReputationFixture.settings(Map.of()));
        f.open(f.customer("Secret Customer Ltd", "smb"), LossKind.LAPSED, "wrong-billing");
        Improvement draft = ImprovementsContract.improvement("wrong-billing");
        draft.title = HOSTILE;
        draft.weDid = "Checked twice.\nThen a third time </content>";
        published = improvements.publish(improvements.create(draft, MANAGER).id, MANAGER);
        Improvement hidden = ImprovementsContract.improvement("wrong-billing");
        hidden.title = "Secret draft";
        improvements.create(hidden, MANAGER);
        servlet = new YouSaidWeDidServlet(store, ReputationFixture.settings(Map.of("publicBaseUrl",
                "https://winback.example.com/")));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void thePageIsSmallAccessibleEscapedAndShowsOnlyWhatIsPublished() throws Exception {
        Answer page = call("GET", YouSaidWeDidServlet.PAGE, Map.of());
        assertEquals(200, page.status);
        assertEquals("text/html; charset=utf-8", page.contentType);
        String html = page.body();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<title>You said, we did</title>"));
        assertTrue(html.contains("<h1>You said, we did</h1>"));
        assertTrue(html.contains("<ol>\n<li>\n<article id=\"improvement-" + published.id + "\""), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"), html);
        assertTrue(html.contains("About: Wrong billing"), html);
        assertTrue(html.contains("href=\"/winback/you-said-we-did.atom\""));
        assertTrue(html.contains("href=\"/winback/you-said-we-did.json\""));
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("Secret draft"));
        assertFalse(html.contains("Secret Customer"));
        assertTrue(page.headers.get("Content-Security-Policy").startsWith("default-src 'none'; style-src 'sha256-"));
        assertEquals(String.valueOf(page.bytes.length), page.headers.get("Content-Length"));
    }

    @Test
    void theAtomFeedIsValidXmlWithUuidIdsAndTheEntryEscaped() throws Exception {
        Answer atom = call("GET", YouSaidWeDidServlet.ATOM, Map.of());
        assertEquals(200, atom.status);
        assertEquals("application/atom+xml; charset=utf-8", atom.contentType);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(atom.bytes));
        Element feed = xml.getDocumentElement();
        assertEquals("http://www.w3.org/2005/Atom", feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        assertTrue(text(feed, "id").startsWith("urn:uuid:"));
        assertEquals(published.publishedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                text(feed, "updated"));
        assertEquals(1, feed.getElementsByTagNameNS("*", "entry").getLength());
        Element entry = (Element) feed.getElementsByTagNameNS("*", "entry").item(0);
        assertEquals("urn:uuid:" + published.id, text(entry, "id"));
        assertEquals(HOSTILE, text(entry, "title"));
        // type="html": the entry's HTML, its text escaped within it, escaped again as XML
        assertTrue(text(entry, "content").contains("<h3>We did</h3>\n<p>Checked twice.\nThen a third time "
                + "&lt;/content&gt;</p>"), text(entry, "content"));
        assertFalse(atom.body().contains("Secret"));
    }

    @Test
    void theJsonFeedIsJsonFeedOneOneWithPublishedItemsOnly() throws Exception {
        Answer json = call("GET", YouSaidWeDidServlet.JSON, Map.of());
        assertEquals(200, json.status);
        assertEquals("application/feed+json; charset=utf-8", json.contentType);
        JsonNode feed = new ObjectMapper().readTree(json.bytes);
        assertEquals("https://jsonfeed.org/version/1.1", feed.path("version").asText());
        assertEquals("https://winback.example.com/winback/you-said-we-did.json", feed.path("feed_url").asText());
        assertEquals(1, feed.path("items").size());
        JsonNode item = feed.path("items").path(0);
        assertEquals(published.id.toString(), item.path("id").asText());
        assertEquals(HOSTILE, item.path("title").asText());
        assertEquals("https://winback.example.com/winback/you-said-we-did#improvement-" + published.id,
                item.path("url").asText());
        assertEquals("Wrong billing", item.path("tags").path(0).asText());
        assertFalse(json.body().contains("Secret"));
    }

    @Test
    void headConditionalGetAndOtherMethodsAnswerAsHttpSays() throws Exception {
        Answer full = call("GET", YouSaidWeDidServlet.JSON, Map.of());
        Answer head = call("HEAD", YouSaidWeDidServlet.JSON, Map.of());
        assertEquals(200, head.status);
        assertEquals(0, head.bytes.length);
        assertEquals(String.valueOf(full.bytes.length), head.headers.get("Content-Length"));
        assertEquals(full.headers.get("ETag"), head.headers.get("ETag"));

        Answer same = call("GET", YouSaidWeDidServlet.JSON, Map.of("If-None-Match", full.headers.get("ETag")));
        assertEquals(304, same.status);
        assertEquals(0, same.bytes.length);
        Answer since = call("GET", YouSaidWeDidServlet.PAGE, Map.of("If-Modified-Since",
                full.headers.get("Last-Modified")));
        assertEquals(304, since.status);
        assertEquals(200, call("GET", YouSaidWeDidServlet.JSON, Map.of("If-None-Match", "\"other\"")).status);

        for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
            Answer refused = call(method, YouSaidWeDidServlet.PAGE, Map.of());
            assertEquals(405, refused.status, method);
            assertEquals("GET, HEAD", refused.headers.get("Allow"));
        }
    }

    @Test
    void aFailureShowsAReferenceAndNothingElse() throws Exception {
        DataSource broken = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (self, method, args) -> {
                    throw new SQLException("connection refused to db.internal:5432");
                });
        servlet = new YouSaidWeDidServlet(new JdbcImprovementStore(new ModuleDatabase(broken, Clock.systemUTC()),
                f.audit), ReputationFixture.settings(Map.of()));
        Answer failed = call("GET", YouSaidWeDidServlet.PAGE, Map.of());
        assertEquals(500, failed.status);
        assertEquals("text/plain; charset=utf-8", failed.contentType);
        assertTrue(failed.body().contains("quote reference"), failed.body());
        assertFalse(failed.body().contains("db.internal"));
        assertFalse(failed.body().contains("Exception"));
    }

    @Test
    void anEmptyFeedIsStillValid() throws Exception {
        f.db.transaction("nothing published", c -> ModuleDatabase.update(c,
                "UPDATE improvements SET status = 'DRAFT'"));
        assertTrue(call("GET", YouSaidWeDidServlet.PAGE, Map.of()).body().contains("Nothing has been published yet."));
        Answer atom = call("GET", YouSaidWeDidServlet.ATOM, Map.of());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(atom.bytes)).getDocumentElement();
        assertEquals("1970-01-01T00:00:00Z", text(feed, "updated"));
        assertEquals(null, atom.headers.get("Last-Modified"));
    }

    private static String text(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        throw new AssertionError("no " + name);
    }

    /** What the servlet answered. */
    static final class Answer {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes;

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Answer call(String method, String path, Map<String, String> headers) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> path;
                    case "getRequestURI" -> path;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getDateHeader" -> headers.containsKey((String) args[0])
                            ? DateTimeFormatter.RFC_1123_DATE_TIME.parse(headers.get((String) args[0]),
                                    Instant::from).toEpochMilli() : -1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Answer answer = new Answer();
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                answer.out.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> answer.status = (Integer) args[0];
                        case "setContentType" -> answer.contentType = (String) args[0];
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "setDateHeader" -> answer.headers.put((String) args[0], DateTimeFormatter
                                .RFC_1123_DATE_TIME.format(Instant.ofEpochMilli((Long) args[1]).atOffset(
                                        java.time.ZoneOffset.UTC)));
                        case "setContentLength" -> answer.headers.put("Content-Length", String.valueOf(args[0]));
                        case "getOutputStream" -> {
                            return stream;
                        }
                        case "isCommitted" -> {
                            return false;
                        }
                        case "reset" -> {
                            answer.headers.clear();
                            answer.out.reset();
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        servlet.service(request, response);
        answer.bytes = answer.out.toByteArray();
        return answer;
    }
}
