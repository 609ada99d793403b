package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code winback:*} console commands over SSH, as an admin runs them ({@code ssh -p 8101 admin@host}), on cases
 * made over HTTP: the installed strategies, the case list (all, and overdue only), one case with its steps, and a
 * clear message rather than a stack trace for an id that is not one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleCommandsIT extends CaseWorkflowSupport {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static void assertNoStackTrace(Shell shell) {
        String all = shell.all();
        assertFalse(shell.toString(), all.contains("Exception"));
        assertFalse(shell.toString(), all.contains("\tat "));
    }

    private static String line(String output, String start) {
        for (String l : output.split("\\R")) {
            if (l.startsWith(start)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + start + "' in:\n" + output);
    }

    @Test
    public void strategiesListsTheFive() throws IOException {
        Shell shell = run("winback:strategies");
        assertNoStackTrace(shell);
        for (String name : List.of("code99", "surprise24", "fivestep", "pitstop", "nurture")) {
            assertTrue(name + " in " + shell, shell.out().contains(name));
        }
        assertTrue(shell.toString(), shell.out().contains("24-hour SURPRISE"));
        assertTrue(shell.toString(), line(shell.out(), "code99").contains("HOSTILE"));
    }

    @Test
    public void casesAndCaseShowACaseMadeOverHttp() throws IOException {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Console Co"), "LOST_DEAL", "competitor", null);
        complete(c, "apologise", "APOLOGISED", "Called them", REP1);
        String caseId = id(c);

        Shell cases = run("winback:cases");
        assertNoStackTrace(cases);
        String row = line(cases.out(), caseId);
        for (String column : List.of("OPEN", "LOST_DEAL", "competitor", "surprise24", "rep1")) {
            assertTrue(column + " in " + row, row.contains(column));
        }
        assertTrue(cases.toString(), cases.out().matches("(?s).*\\d+ of \\d+ case\\(s\\).*"));

        Shell one = run("winback:case " + caseId);
        assertNoStackTrace(one);
        assertTrue(one.toString(), line(one.out(), "Case").contains(caseId));
        assertTrue(one.toString(), line(one.out(), "Status").contains("OPEN"));
        assertTrue(one.toString(), line(one.out(), "Strategy").contains("surprise24"));
        assertTrue(one.toString(), line(one.out(), "Owner").contains("rep1"));
        String apologise = line(one.out(), "apologise");
        assertTrue(apologise, apologise.contains("DONE") && apologise.contains("APOLOGISED"));
        String refer = line(one.out(), "refer-elsewhere");
        assertTrue(refer, refer.contains("PLANNED") && refer.contains("rep1") && refer.contains("REFERRAL"));

        Shell filtered = run("winback:cases --status PAUSED");
        assertNoStackTrace(filtered);
        assertFalse(filtered.toString(), filtered.out().contains(caseId));
    }

    /**
     * A deal lost almost 24 hours ago: its apology falls due seconds after the case opens, and then the case is
     * overdue (a deal lost longer ago gets 24 hours from the opening, so it is not).
     */
    @Test
    public void overdueListsOnlyCasesWithAStepPastItsDueTime() throws IOException, InterruptedException {
        String onTime = id(openCase(REP1, newCustomer(REP1, "On Time Ltd"), "LOST_DEAL", "competitor", null));
        String customer = newCustomer(REP1, "Overdue Ltd");
        Instant lostAt = Instant.now().minus(Duration.ofHours(24)).plus(Duration.ofSeconds(3))
                .truncatedTo(ChronoUnit.SECONDS);
        JsonNode lateCase = post("/api/v1/cases", REP1, caseBody(customer, "LOST_DEAL", "competitor", null)
                .put("lostAt", lostAt.toString())).assertStatus(201).json();
        String late = id(lateCase);
        Instant due = instant(planned(lateCase, "apologise").path("dueAt"));
        assertEquals(lostAt.plus(Duration.ofHours(24)), due);
        while (!Instant.now().isAfter(due.plusMillis(500))) {
            Thread.sleep(200);
        }

        List<String> overdueOverHttp = new ArrayList<>();
        get("/api/v1/cases?overdue=true&customerId=" + customer, MANAGER).assertStatus(200).json().path("items")
                .forEach(item -> overdueOverHttp.add(id(item)));
        assertEquals(List.of(late), overdueOverHttp);

        Shell overdue = run("winback:cases --overdue");
        assertNoStackTrace(overdue);
        assertTrue(overdue.toString(), overdue.out().contains(late));
        assertFalse(overdue.toString(), overdue.out().contains(onTime));
        assertTrue(run("winback:cases").out().contains(onTime));

        String step = line(run("winback:case " + late).out(), "apologise");
        assertTrue(step, step.contains("OVERDUE") && step.contains("PLANNED"));
        assertFalse(line(run("winback:case " + onTime).out(), "apologise").contains("OVERDUE"));
    }

    /** Purchases of 300 customers over the first half of 2026: some buy on, some stop, some buy once. */
    private static Path purchaseFile(String prefix) throws IOException {
        java.util.Random random = new java.util.Random(42);
        StringBuilder csv = new StringBuilder("customer;day;total\n");
        java.time.LocalDate start = java.time.LocalDate.of(2026, 1, 1);
        for (int c = 1; c <= 300; c++) {
            int day = random.nextInt(60);
            int stopAfter = 1 + random.nextInt(8);
            for (int n = 0; n < stopAfter && day < 181; n++) {
                csv.append(prefix).append(c).append(';').append(start.plusDays(day)).append(';')
                        .append(10 + random.nextInt(90)).append(",50\n");
                day += 3 + random.nextInt(30);
            }
        }
        Path file = Files.createTempFile("winback-console-", ".csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    public void importShowsProgressAndCountsThenDetectScoresTheBase() throws IOException {
        Path file = purchaseFile("console-");
        long rows = Files.readAllLines(file).size() - 1;
        Shell imported = run("winback:import --source console --delimiter ';' --external-id-column customer "
                + "--date-column day --amount-column total --decimal-separator , " + file);
        assertNoStackTrace(imported);
        assertEquals(imported.toString(), Integer.valueOf(0), imported.exit());
        assertTrue(imported.toString(), imported.out().contains("] 100%"));
        assertTrue(imported.toString(), line(imported.out(), "Import").endsWith("COMPLETED"));
        assertTrue(imported.toString(), imported.out().contains(String.format("%,d purchases added, 0 already stored, "
                + "300 customers created", rows)));

        Shell again = run("winback:import --source console --delimiter ';' --external-id-column customer "
                + "--date-column day --amount-column total --decimal-separator , " + file);
        assertTrue(again.toString(), again.out().contains(String.format("0 purchases added, %,d already stored", rows)));
        assertTrue(run("winback:imports").out().contains(file.toString()));

        Shell detect = run("winback:detect --calibration-end 2026-06-30 --threshold 0.5 --no-purchase-in-days 90 "
                + "--dry-run");
        assertNoStackTrace(detect);
        assertEquals(detect.toString(), Integer.valueOf(0), detect.exit());
        assertTrue(detect.toString(), detect.out().matches("(?s).*Detection run [0-9a-f-]{36}: COMPLETED.*"));
        assertTrue(detect.toString(), detect.out().contains("model: r="));
        assertTrue(detect.toString(), detect.out().contains("300 customers scored"));
        assertTrue(detect.toString(), detect.out().contains("0 cases opened"));
    }

    @Test
    public void anImportOverItsErrorBudgetSaysWhyAndStoresNothing() throws IOException {
        Path file = Files.createTempFile("winback-console-bad-", ".csv");
        Files.writeString(file, "externalId,date,amount\nbudget-a,2026-01-05,10\nbudget-a,05/01/2026,12\n");
        Shell shell = run("winback:import --source console --max-errors 0 " + file);
        assertNoStackTrace(shell);
        assertTrue(shell.toString(), shell.exit() != null && shell.exit() != 0);
        assertTrue(shell.toString(), shell.all().contains("line 3"));
        assertTrue(shell.toString(), shell.all().contains("ABORTED"));
        assertEquals(0, get("/api/v1/customers?q=budget-a", MANAGER).assertStatus(200).json().get("total").asLong());

        Shell missing = run("winback:import /no/such/file.csv");
        assertNoStackTrace(missing);
        assertTrue(missing.toString(), missing.all().contains("/no/such/file.csv"));
        assertTrue(missing.toString(), missing.exit() != null && missing.exit() != 0);
    }

    /**
     * A wrong id or option gets a one-line message and no stack trace, both in an interactive console and when a
     * script runs the command ({@code ssh -p 8101 admin@host COMMAND}, as the README recommends for scripts).
     */
    @Test
    public void aBadCaseIdGetsAClearMessage() throws IOException {
        UUID unknown = UUID.randomUUID();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("winback:case not-a-uuid", "'not-a-uuid' is not a case id (a UUID)");
        expected.put("winback:case " + unknown, "No recovery case has id " + unknown);
        expected.put("winback:cases --status LOST", "Unknown status 'LOST'");

        // typed at the console prompt, the messages are there
        String typed = runInteractive(String.join("\n", expected.keySet()));
        assertFalse(typed, typed.contains("Exception"));
        expected.values().forEach(message -> assertTrue(message + " in\n" + typed, typed.contains(message)));

        // run as a command over SSH, they must be there too
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Shell shell = run(e.getKey());
            assertNoStackTrace(shell);
            if (!shell.all().contains(e.getValue())) {
                problems.add("expected '" + e.getValue() + "' from " + shell);
            }
            if (shell.exit() == null || shell.exit() == 0) {
                problems.add("expected a non-zero exit status from " + shell);
            }
        }
        // Karaf 4.4.10 drops a command's System.err on an SSH exec channel (the scripted use), so the commands throw:
        // "Error executing command: ..." reaches the caller with a non-zero exit status and no stack trace.
        assertTrue(String.join("\n\n", problems), problems.isEmpty());
    }

    /** Types {@code lines} at an interactive console (a shell channel with a terminal) and returns what it showed. */
    private static String runInteractive(String lines) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect("admin", "127.0.0.1",
                Integer.getInteger("winback.itest.sshPort", 8101)).verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity("admin");
            session.auth().verify(TIMEOUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ChannelShell channel = session.createShellChannel()) {
                channel.setIn(new ByteArrayInputStream((lines + "\nlogout\n").getBytes(StandardCharsets.UTF_8)));
                channel.setOut(out);
                channel.setErr(out);
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            }
            // without the terminal's colours and cursor moves
            return out.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z=>]", "");
        } finally {
            client.stop();
        }
    }
}
