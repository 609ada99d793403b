package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * SECURITY.md's table of endpoints and roles, checked against the running server: every operation of the served
 * OpenAPI document is in the table and nothing else is, and each one is called by each kind of caller (nobody, a
 * signed-in user without a Winback role, a rep, a manager, an admin). A caller the table names must get past
 * authorization (any answer but 401 and 403; a 400 or 404 for the made-up ids and empty bodies is fine); a caller it
 * does not name must get 401 (nobody) or 403, before anything else is looked at. An endpoint for "signed" calls
 * (inbound webhooks) answers 401 to every unsigned call, credentials or not. No answer may be a 5xx.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoleTableIT extends WinbackTestSupport {
    private static final String SECURITY_DOC = "winback.itest.securityDoc";
    private static final User OUTSIDER = new User("outsider", "outsider");
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*(GET|POST|PUT|PATCH|DELETE)\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]+?)\\s*\\|.*$");
    private static final Set<String> ROLES = Set.of("public", "signed", "rep", "manager", "admin");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            // a user of the realm with no Winback role: signed in, but nobody to Winback
            editConfigurationFilePut("etc/users.properties", "outsider", "outsider,viewer"),
            // the table is read inside the container: tell it where the checkout's SECURITY.md is
            editConfigurationFilePut("etc/system.properties", SECURITY_DOC, new File(
                    System.getProperty("winback.itest.target", "target")).getAbsoluteFile().getParentFile()
                    .getParentFile().toPath().resolve("SECURITY.md").toString()),
        };
    }

    @Test
    public void theTableListsExactlyTheServedEndpointsAndEachAnswersOnlyTheRolesItNames() throws Exception {
        Map<String, Set<String>> table = readTable();
        Set<String> served = new TreeSet<>();
        for (String operation : OpenApiOperations.documented(openApiOnce(WinbackTestSupport::everyModuleIn))) {
            int space = operation.indexOf(' ');
            served.add(operation.substring(0, space) + " /api/v1" + operation.substring(space + 1));
        }
        Set<String> apiRows = new TreeSet<>();
        table.keySet().stream().filter(k -> k.contains(" /api/v1/")).forEach(apiRows::add);
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(apiRows);
        Set<String> stale = new TreeSet<>(apiRows);
        stale.removeAll(served);
        assertEquals("served but not in SECURITY.md", Set.of(), missing);
        assertEquals("in SECURITY.md but not served", Set.of(), stale);

        Map<String, User> callers = new LinkedHashMap<>();
        callers.put("nobody", null);
        callers.put("outsider", OUTSIDER);
        callers.put("rep", REP1);
        callers.put("manager", MANAGER);
        callers.put("admin", ADMIN);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Set<String>> row : table.entrySet()) {
            String method = row.getKey().substring(0, row.getKey().indexOf(' '));
            String path = OpenApiOperations.concrete(row.getKey().substring(row.getKey().indexOf(' ') + 1));
            Set<String> allowed = row.getValue();
            for (Map.Entry<String, User> caller : callers.entrySet()) {
                if (allowed.contains("signed")) {
                    // authenticated by the sender's signature alone: without one, every caller is a stranger
                    ApiResponse unsigned = call(method, path, caller.getValue());
                    calls++;
                    if (unsigned.status() != 401) {
                        wrong.add(row.getKey() + " as " + caller.getKey() + " unsigned should be 401: " + unsigned);
                    }
                    continue;
                }
                boolean mayCall = allowed.contains("public")
                        || (!caller.getKey().equals("nobody") && !caller.getKey().equals("outsider")
                                && allowed.contains(caller.getKey()));
                ApiResponse answer = call(method, path, caller.getValue());
                calls++;
                int status = answer.status();
                if (status >= 500) {
                    wrong.add(row.getKey() + " as " + caller.getKey() + ": " + answer);
                } else if (mayCall && (status == 401 || status == 403)) {
                    wrong.add(row.getKey() + " as " + caller.getKey() + " should pass: " + answer);
                } else if (!mayCall && status != (caller.getValue() == null ? 401 : 403)) {
                    wrong.add(row.getKey() + " as " + caller.getKey() + " should be refused: " + answer);
                }
            }
        }
        assertTrue(wrong.size() + " of " + calls + " calls disagree with SECURITY.md:\n" + String.join("\n", wrong),
                wrong.isEmpty());
        assertTrue("calls made: " + calls, calls > 400);
    }

    private ApiResponse call(String method, String path, User user) {
        Map<String, String> headers = new LinkedHashMap<>();
        Object body = null;
        switch (method) {
            case "PUT":
                headers.put("If-Match", "\"1\"");
                body = json();
                break;
            case "PATCH":
                headers.put("Content-Type", "application/merge-patch+json");
                headers.put("If-Match", "\"1\"");
                body = json();
                break;
            case "POST":
                if (path.contains("/imports")) {
                    headers.put("Content-Type", "text/csv");
                    body = "";
                } else {
                    body = json();
                }
                break;
            default:
                break;
        }
        if (path.endsWith(".csv")) {
            headers.put("Accept", "text/csv, application/problem+json");
        }
        ApiResponse answer = request(method, path, user, body, headers);
        // while the JAX-RS runtime rebuilds the application it answers "No service was found" for a moment
        for (int i = 0; i < 50 && answer.status() == 404 && answer.body().contains("No service was found"); i++) {
            sleep(200);
            answer = request(method, path, user, body, headers);
        }
        return answer;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "METHOD /path" to the roles of each row of SECURITY.md's endpoint tables. */
    static Map<String, Set<String>> readTable() throws IOException {
        Path file = Paths.get(System.getProperty(SECURITY_DOC));
        Map<String, Set<String>> rows = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Set<String> roles = new TreeSet<>();
            for (String role : m.group(3).toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                String r = role.replaceAll("[^a-z]", "");
                if (ROLES.contains(r)) {
                    roles.add(r);
                }
            }
            String key = m.group(1) + " " + OpenApiOperations.normalised(m.group(2));
            assertTrue("SECURITY.md names no role for " + key + ": " + line, !roles.isEmpty());
            assertTrue("SECURITY.md lists " + key + " twice", rows.put(key, roles) == null);
        }
        assertTrue("SECURITY.md has an endpoint table", rows.size() > 50);
        return rows;
    }
}
