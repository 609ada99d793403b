package dev.winback.benchmarks.reputation;

import dev.winback.api.Actor;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.summary.ReputationSummaries;
import dev.winback.reputation.summary.ReputationSummary;
import dev.winback.reputation.summary.SummaryQuery;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue point 9: the reputation summary over {@code answers} survey answers of {@code customers} customers on
 * PostgreSQL, for the year 2025-07-01 to 2026-06-30 of answers spread over two years, for everyone and for one
 * segment (a quarter of the customers). The data is loaded with set-based SQL into a throwaway database created on
 * {@code winback.bench.pg.url} and dropped afterwards: recovery cases for a fifth of the customers (half of the closed
 * ones won back), each with a completed step that contacted the customer and one that did not; answers 60 % through
 * links, 30 % through the API and 10 % imported, 0.5 % of them corrected (only API and imported ones); a complaint
 * for a quarter of the detractor answers (about 50,000 over the two years), 300,000 purchases and 20,000 advocacy
 * events.
 *
 * <pre>java -jar benchmarks/jmh/target/winback-benchmarks.jar ReputationSummary</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class ReputationSummaryBenchmark {
    private static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    /** Answers from 2024-07-01 for 730 days; the window is the second year. */
    private static final String START = "TIMESTAMPTZ '2024-07-01 00:00:00+00'";

    @Param("1000000")
    public int answers;

    @Param("100000")
    public int customers;

    private ThrowawayPostgres database;
    private ReputationSummaries summaries;
    private SummaryQuery year;
    private SummaryQuery segmentYear;

    @Setup(Level.Trial)
    public void load() throws Exception {
        database = ThrowawayPostgres.create("reputation");
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : data(answers, customers)) {
                s.execute(sql);
            }
            c.commit();
            c.setAutoCommit(true);
            for (String table : new String[] {"customers", "recovery_cases", "recovery_steps", "survey_responses",
                "complaints", "purchases", "advocacy_events"}) {
                s.execute("VACUUM ANALYZE " + table);
            }
        }
        Clock clock = Clock.fixed(Instant.parse("2026-07-01T12:00:00Z"), ZoneOffset.UTC);
        summaries = new ReputationSummaries(new ModuleDatabase(database.dataSource(), clock), defaults(), clock);
        year = summaries.query("2025-07-01", "2026-06-30", null, null, null, null);
        segmentYear = summaries.query("2025-07-01", "2026-06-30", "enterprise", null, null, null);
    }

    @Benchmark
    public ReputationSummary summaryOfAYear() {
        ReputationSummary s = summaries.summarize(year, MANAGER);
        if (s.answers < answers / 3) {
            throw new IllegalStateException("only " + s.answers + " answers in the year");
        }
        return s;
    }

    @Benchmark
    public ReputationSummary summaryOfAYearForOneSegment() {
        return summaries.summarize(segmentYear, MANAGER);
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        database.close();
    }

    /** The data set, as set-based statements (public: to load it by hand and EXPLAIN the summary's queries). */
    public static String[] data(int answers, int customers) {
        int cases = customers / 5;
        String customer = "md5('c' || (1 + %s %% " + customers + "))::uuid";
        return new String[] {
            "SELECT setseed(0.42)",
            "INSERT INTO customers (id, external_id, source, name, segment, owner_rep, currency, created_at,"
                + " updated_at, version) SELECT md5('c' || i)::uuid, 'bench-' || i, 'bench', 'Customer ' || i,"
                + " (ARRAY['enterprise', 'smb', 'mid-market', 'consumer'])[1 + i % 4], 'rep' || (i % 50), 'EUR',"
                + " now(), now(), 1 FROM generate_series(1, " + customers + ") i",
            // Every fifth customer has a case: opened over the two years, a month long unless still open; half
            // of the closed ones won back.
            "INSERT INTO recovery_cases (id, customer_id, loss_kind, loss_reason, owner_rep, strategy, status,"
                + " opened_by, created_at, updated_at, closed_at, version) SELECT md5('k' || i)::uuid,"
                + " md5('c' || (i * 5))::uuid, 'LAPSED', 'price', 'rep1',"
                + " (ARRAY['surprise24', 'code99', 'nurture'])[1 + i % 3],"
                + " (ARRAY['OPEN', 'WON_BACK', 'CLOSED_NEVER', 'WON_BACK'])[1 + i % 4], 'manager',"
                + " " + START + " + (i % 700) * INTERVAL '1 day', now(),"
                + " CASE WHEN i % 4 = 0 THEN NULL ELSE " + START + " + (i % 700 + 30) * INTERVAL '1 day' END, 1"
                + " FROM generate_series(1, " + cases + ") i",
            // Each case has a call that contacted the customer, done 1 to 28 days after the case opened, and a
            // review of the notes done the day before it, which contacts nobody.
            "INSERT INTO recovery_steps (id, case_id, name, type, due_at, status, escalate_when_overdue,"
                + " contacts_customer, outcome_code, outcome_recorded_by, outcome_recorded_at, created_at)"
                + " SELECT md5('s' || k.i || '-' || t.contacts)::uuid, md5('k' || k.i)::uuid,"
                + " CASE WHEN t.contacts THEN 'call' ELSE 'review notes' END,"
                + " CASE WHEN t.contacts THEN 'CALL' ELSE 'EVIDENCE' END, k.done, 'DONE', FALSE, t.contacts, 'DONE',"
                + " 'rep1', k.done - CASE WHEN t.contacts THEN INTERVAL '0 days' ELSE INTERVAL '1 day' END,"
                + " " + START + " FROM (SELECT i, " + START + " + (i % 700 + 1 + i % 28) * INTERVAL '1 day' AS done"
                + " FROM generate_series(1, " + cases + ") i) k CROSS JOIN (VALUES (TRUE), (FALSE)) t(contacts)",
            // 80 % NPS (25 % detractors, 30 % passives, 45 % promoters), 20 % CSAT, at any second of two years.
            "INSERT INTO survey_responses (id, customer_id, kind, score, responded_at, channel, recorded_by,"
                + " recorded_at) SELECT md5('r' || i)::uuid, " + String.format(customer, "(i::bigint * 7919)") + ","
                + " CASE WHEN p < 0.8 THEN 'NPS' ELSE 'CSAT' END,"
                + " CASE WHEN p < 0.8 THEN CASE WHEN q < 0.25 THEN floor(q * 28)::int"
                + " WHEN q < 0.55 THEN 7 + floor((q - 0.25) * 6.66)::int ELSE 9 + floor((q - 0.55) * 4.4)::int END"
                + " ELSE CASE WHEN q < 0.2 THEN 1 + floor(q * 10)::int WHEN q < 0.4 THEN 3"
                + " ELSE 4 + floor((q - 0.4) * 3.33)::int END END,"
                + " " + START + " + floor(random() * 730 * 86400) * INTERVAL '1 second',"
                // By the id, not by random(), so the scores and times stay those of earlier runs.
                + " CASE WHEN i % 10 < 6 THEN 'LINK' WHEN i % 10 < 9 THEN 'API' ELSE 'IMPORT' END, 'bench', now()"
                + " FROM (SELECT i, random() AS p, random() AS q FROM generate_series(1, " + answers + ") i) g",
            // 0.5 % of the answers corrected by a new one of the same time: 1.25 % of the answers recorded through
            // the API or imported (a customer's own answer through a link is never corrected).
            "INSERT INTO survey_responses (id, customer_id, kind, score, responded_at, channel, corrects_id,"
                + " correction_reason, recorded_by, recorded_at) SELECT md5('x' || r.id)::uuid, r.customer_id,"
                + " r.kind, CASE WHEN r.kind = 'NPS' THEN 10 - r.score ELSE 6 - r.score END, r.responded_at, 'API',"
                + " r.id, 'typo', 'bench', now() FROM survey_responses r WHERE r.channel <> 'LINK'"
                + " AND random() < 0.0125",
            "UPDATE survey_responses r SET corrected_by = x.id FROM survey_responses x WHERE x.corrects_id = r.id",
            // A complaint for a quarter of the detractor NPS answers (about 50,000): 70 % contacted (1 to 96
            // hours), 10 % not opened, the rest waiting.
            "INSERT INTO complaints (id, response_id, customer_id, status, answered_at, received_at,"
                + " first_contact_due_at, first_contact_at, created_at) SELECT md5('m' || r.id)::uuid, r.id,"
                + " r.customer_id, CASE WHEN g < 0.1 THEN 'NOT_OPENED' ELSE 'OPENED' END, r.responded_at,"
                + " r.responded_at,"
                + " r.responded_at + INTERVAL '48 hours', CASE WHEN g >= 0.1 AND g < 0.8"
                + " THEN r.responded_at + (1 + floor(random() * 96)) * INTERVAL '1 hour' END, r.responded_at"
                + " FROM (SELECT r.*, random() AS g FROM survey_responses r WHERE r.kind = 'NPS' AND r.score <= 6"
                + " AND r.corrected_by IS NULL) r WHERE random() < 0.25",
            "INSERT INTO purchases (customer_id, purchased_on, amount, fingerprint, created_at)"
                + " SELECT " + String.format(customer, "floor(random() * " + customers + ")::int") + ","
                + " DATE '2024-07-01' + floor(random() * 730)::int,"
                + " CASE WHEN random() < 0.05 THEN -20 ELSE round((10 + random() * 490)::numeric, 2) END,"
                + " md5('p' || i), now() FROM generate_series(1, " + (customers * 3) + ") i",
            "INSERT INTO advocacy_events (id, customer_id, kind, occurred_on, referred_customer_id, recorded_by,"
                + " recorded_at) SELECT md5('a' || i)::uuid, " + String.format(customer, "(i * 31)") + ","
                + " (ARRAY['TESTIMONIAL', 'REFERRAL', 'PUBLIC_REVIEW'])[1 + i % 3],"
                + " DATE '2024-07-01' + (i % 730), CASE WHEN i % 3 = 1 THEN "
                + String.format(customer, "(i * 17)") + " END, 'bench', now()"
                + " FROM generate_series(1, " + (customers / 5) + ") i",
        };
    }

    /** The settings' defaults, as Configurations Admin gives them without a configuration. */
    private static ReputationSettings defaults() {
        return (ReputationSettings) Proxy.newProxyInstance(ReputationSettings.class.getClassLoader(),
                new Class<?>[] {ReputationSettings.class}, (self, method, args) -> method.getDefaultValue());
    }
}
