package dev.winback.benchmarks.bounty;

import dev.winback.api.Actor;
import dev.winback.bounty.ledger.Accruals;
import dev.winback.bounty.ledger.JdbcLedger;
import dev.winback.bounty.ledger.PlanRecalculations;
import dev.winback.bounty.ledger.Recalculation;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.BountyPlans;
import dev.winback.bounty.plan.JdbcPlanStore;
import dev.winback.bounty.plan.PlanRule;
import dev.winback.bounty.rule.doublecommission.DoubleCommissionRule;
import dev.winback.bounty.rule.finderclosersplit.FinderCloserSplitRule;
import dev.winback.bounty.rule.fixedbounty.FixedBountyRule;
import dev.winback.bounty.rules.RuleRegistry;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.store.jdbc.JdbcAuditTrail;
import dev.winback.store.jdbc.WinbackDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 9, point 9: previewing a plan change over a ledger of {@code entries} entries on PostgreSQL. A plan of
 * double-commission, fixed-bounty and a 40/60 finder/closer split has paid {@code entries / 4} win-backs (four
 * lines each: two rules, two reps), loaded with set-based SQL; the draft raises the base rate from 5 % to 6 %. One
 * preview streams every accrual's frozen facts and line sums, runs the three real rules on each and totals the
 * difference per rep. Runs on a throwaway database created on {@code winback.bench.pg.url} and dropped afterwards.
 *
 * <pre>java -jar benchmarks/jmh/target/winback-benchmarks.jar RecalculationPreview</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RecalculationPreviewBenchmark {
    private static final String PG_URL = System.getProperty("winback.bench.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));

    @Param("1000000")
    public int entries;

    private String database;
    private PGSimpleDataSource server;
    private PlanRecalculations recalculations;
    private Accruals accruals;
    private UUID planId;

    @Setup(Level.Trial)
    public void load() throws Exception {
        server = dataSource(PG_URL);
        database = "winback_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        PGSimpleDataSource ds = dataSource(PG_URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + database + "$1"));
        WinbackDatabase core = new WinbackDatabase(ds, Clock.systemUTC());
        core.migrate();
        migrateBountySchema(core);

        RuleRegistry rules = new RuleRegistry();
        rules.addRule(new DoubleCommissionRule());
        rules.addRule(new FixedBountyRule());
        rules.addRule(new FinderCloserSplitRule());
        JdbcAuditTrail audit = new JdbcAuditTrail(core);
        JdbcPlanStore store = new JdbcPlanStore(new ModuleDatabase(ds, Clock.systemUTC()), audit);
        JdbcLedger ledger = new JdbcLedger(new ModuleDatabase(ds, Clock.systemUTC()), audit);
        BountyPlans plans = new BountyPlans(store, rules);
        // The preview reads no customer or case: the win-backs' facts are frozen in the accruals.
        accruals = new Accruals(ledger, store, rules, null, null, ZoneOffset.UTC, Clock.systemUTC());
        recalculations = new PlanRecalculations(ledger, store, plans, rules, accruals);

        BountyPlan plan = plans.create(plan("0.05"), MANAGER);
        planId = plans.publish(plan.id, MANAGER).id;
        int winBacks = entries / 4;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, "INSERT INTO bounty_accruals (id, case_id, customer_id, plan_id, plan_version, status,"
                    + " closed_at, closed_on, clawback_until, facts, event_id, created_at, processed_at, released_at)"
                    + " SELECT md5('a' || i)::uuid, md5('c' || i)::uuid, md5('u' || i)::uuid, ?, 1, 'DONE',"
                    + " TIMESTAMPTZ '2026-03-15 10:00:00+00', DATE '2026-03-15', DATE '2026-06-13',"
                    + " json_build_object('caseId', md5('c' || i)::uuid, 'customerId', md5('u' || i)::uuid,"
                    + " 'lossKind', 'LOST_DEAL', 'lossReason', 'price', 'strategy', 'surprise24',"
                    + " 'openedAt', '2026-03-01T09:00:00Z', 'closedAt', '2026-03-15T10:00:00Z',"
                    + " 'closedOn', '2026-03-15', 'ownerRep', 'rep' || (i % 50), 'closer', 'rep' || (i % 50),"
                    + " 'finder', 'rep' || ((i + 7) % 50), 'revenue', 500.99 + i % 4500, 'revenueCurrency', 'EUR',"
                    + " 'evidence', 'PURCHASE', 'purchases', json_build_array(json_build_object('id',"
                    + " md5('p' || i)::uuid, 'date', '2026-03-10', 'amount', 99.90, 'currency', 'EUR')),"
                    + " 'tallies', json_build_object())::text, i, now(), now(), now()"
                    + " FROM generate_series(1, ?) i", plan.id, winBacks);
            // Lines as version 1 paid them: 10 % of the revenue and 250 for a lost deal, 40 % of each to the finder.
            insert(c, "INSERT INTO bounty_entries (id, accrual_id, kind, rep, case_id, plan_id, plan_version,"
                    + " rule_name, rule_version, rule_index, amount, currency, state, period, closed_on,"
                    + " explanation, line_key, created_by, created_at, updated_at, version)"
                    + " SELECT gen_random_uuid(), md5('a' || i)::uuid, 'ACCRUAL',"
                    + " CASE WHEN k % 2 = 0 THEN 'rep' || (i % 50) ELSE 'rep' || ((i + 7) % 50) END,"
                    + " md5('c' || i)::uuid, ?, 1, CASE WHEN k < 2 THEN 'double-commission' ELSE 'fixed-bounty' END,"
                    + " '1.0', k / 2, CASE k WHEN 0 THEN round((500.99 + i % 4500) * 0.1, 2)"
                    + " - round((500.99 + i % 4500) * 0.04, 2) WHEN 1 THEN round((500.99 + i % 4500) * 0.04, 2)"
                    + " WHEN 2 THEN 150 ELSE 100 END, 'EUR', 'PAYABLE', '2026-03', DATE '2026-03-15',"
                    + " 'loaded by the benchmark', 'accrual:' || i || ':' || k, 'system:bounty', now(), now(), 1"
                    + " FROM generate_series(1, ?) i CROSS JOIN generate_series(0, 3) k", plan.id, winBacks);
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("VACUUM ANALYZE bounty_accruals");
                s.execute("VACUUM ANALYZE bounty_entries");
            }
        }
        BountyPlan draft = plan("0.06");
        plans.update(planId, draft, null, MANAGER);
    }

    @Benchmark
    public Recalculation preview() {
        Recalculation r = recalculations.preview(planId, MANAGER);
        if (r.accruals != entries / 4) {
            throw new IllegalStateException("previewed " + r.accruals + " win-backs, not " + entries / 4);
        }
        return r;
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        if (accruals != null) {
            accruals.close();
        }
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static BountyPlan plan(String baseRate) {
        BountyPlan p = new BountyPlan();
        p.name = "Benchmark plan";
        p.currency = "EUR";
        p.validFrom = LocalDate.of(2026, 1, 1);
        p.rules = new ArrayList<>(List.of(
                new PlanRule("double-commission", new java.util.LinkedHashMap<>(Map.of("multiplier", 2,
                        "baseRate", new BigDecimal(baseRate)))),
                new PlanRule("fixed-bounty", new java.util.LinkedHashMap<>()),
                new PlanRule("finder-closer-split", new java.util.LinkedHashMap<>(Map.of("finderShare",
                        new BigDecimal("0.4"), "closerShare", new BigDecimal("0.6"))))));
        return p;
    }

    private static void insert(Connection c, String sql, UUID planId, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, planId);
            ps.setInt(2, rows);
            ps.executeUpdate();
        }
    }

    /** The bounty module's scripts, from its jar inside the benchmarks jar (or from the classes folder). */
    private static void migrateBountySchema(WinbackDatabase core) throws Exception {
        URI uri = RecalculationPreviewBenchmark.class.getClassLoader().getResource("db/bounty").toURI();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                core.migrateModule("bounty", jar.getPath("db/bounty"));
            }
        } else {
            core.migrateModule("bounty", Paths.get(uri));
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (ds.getUser() == null) {
            ds.setUser(System.getProperty("winback.bench.pg.user", "postgres"));
        }
        return ds;
    }
}
