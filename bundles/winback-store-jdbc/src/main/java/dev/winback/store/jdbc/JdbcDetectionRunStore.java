package dev.winback.store.jdbc;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.detect.RfmRule;
import dev.winback.api.detect.RfmRuleType;
import dev.winback.api.dto.Page;
import dev.winback.api.store.DetectionRunStore;
import dev.winback.api.store.ModuleSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Detection runs in {@code detection_runs}, the fitted model as columns of the run, the rules it applied in
 * {@code detection_run_rules}. Not audited, like import jobs: a run is the record of itself, and the cases it
 * opens are audited by the case store.
 */
@Component(service = DetectionRunStore.class)
public final class JdbcDetectionRunStore implements DetectionRunStore {
    /** Width of the failure column, which {@link Sql#clip} cuts to. */
    static final int FAILURE_LENGTH = 10_000;

    /** What {@link #update} overwrites, in binding order. */
    private static final String OUTCOME = "status, finished_at, model_r, model_alpha, model_a, model_b,"
            + " model_log_likelihood, model_customers, customers_scored, flagged, already_open, cases_opened, contact_blocked,"
            + " failure";
    private static final String COLUMNS = "id, requested_by, node, attempts, started_at, calibration_end,"
            + " p_alive_threshold, max_cases, loss_reason, dry_run, " + OUTCOME;

    private static final String RULE_COLUMNS = "run_id, seq, type, days, multiple, min_total_spend";

    private final WinbackDatabase db;

    /**
     * Starts once the winback-detect module's schema is in place: its tables come with that module (see
     * {@link ModuleSchema}), and without it this store has nothing to work on.
     */
    @Activate
    public JdbcDetectionRunStore(@Reference WinbackDatabase db,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=detect)") ModuleSchema detectSchema) {
        this(db);
    }

    /** Outside OSGi (tests, tools), once the detect module's schema is applied (WinbackDatabase.migrateModule). */
    public JdbcDetectionRunStore(WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public void insert(DetectionRun run) {
        Objects.requireNonNull(run.id, "run.id");
        Object[] params = Sql.concat(new Object[] {run.id, run.requestedBy, run.node, Math.max(1, run.attempts),
            Sql.micros(run.startedAt),
            run.calibrationEnd, run.probabilityAliveThreshold, run.maxCases, run.lossReason, run.dryRun},
                outcome(run));
        db.inTransaction("storing a detection run", c -> {
            Sql.execute(c, Sql.insertInto("detection_runs", COLUMNS), params);
            insertRules(c, run.id, run.rules != null ? run.rules : List.of());
            return null;
        });
    }

    @Override
    public void update(DetectionRun run) {
        Objects.requireNonNull(run.id, "run.id");
        Object[] params = Sql.concat(outcome(run), run.id);
        db.inTransaction("updating a detection run", c -> {
            if (Sql.execute(c, Sql.updateById("detection_runs", OUTCOME), params) == 0) {
                throw new NotFoundException("Detection run " + run.id + " does not exist");
            }
            return null;
        });
    }

    @Override
    public void updateAttempt(DetectionRun run, DetectionStatus seen) {
        Object[] values = outcome(Objects.requireNonNull(run, "run"));
        db.inTransaction("updating a detection run", c -> {
            AttemptWrites.update(c, "detection_runs", OUTCOME, values, "Detection run", run.id, seen, run.attempts);
            return null;
        });
    }

    @Override
    public List<DetectionRun> unfinished(String node) {
        return db.read("listing a node's unfinished detection runs", c -> AttemptWrites.unfinished(c,
                "detection_runs", COLUMNS, "started_at", JdbcDetectionRunStore::toRun, node, DetectionStatus.RUNNING));
    }

    @Override
    public Optional<DetectionRun> find(UUID id) {
        return db.read("reading a detection run", c -> {
            Optional<DetectionRun> found = Sql.queryOne(c, "SELECT " + COLUMNS + " FROM detection_runs"
                    + " WHERE id = ?", JdbcDetectionRunStore::toRun, id);
            attachRules(c, found.stream().toList());
            return found;
        });
    }

    @Override
    public Page<DetectionRun> list(int page, int size) {
        return db.read("listing detection runs", c -> {
            Page<DetectionRun> runs = PagedQuery.run(c, COLUMNS, "detection_runs", new Filters(),
                    "started_at DESC, id", page, size, JdbcDetectionRunStore::toRun);
            attachRules(c, runs.items);
            return runs;
        });
    }

    /** NULLS LAST spelled out: PostgreSQL would put a run without a finish time first, H2 last. */
    @Override
    public Optional<DetectionRun> latestCompleted() {
        return db.read("reading the latest detection run", c -> {
            Optional<DetectionRun> found = Sql.queryOne(c, "SELECT " + COLUMNS + " FROM detection_runs"
                    + " WHERE status = ? ORDER BY finished_at DESC NULLS LAST, started_at DESC, id LIMIT 1",
                    JdbcDetectionRunStore::toRun, DetectionStatus.COMPLETED);
            attachRules(c, found.stream().toList());
            return found;
        });
    }

    @Override
    public int failUnfinished(String reason, Instant now) {
        return db.inTransaction("failing unfinished detection runs", c -> Sql.execute(c, "UPDATE detection_runs"
                        + " SET status = ?, failure = ?, finished_at = ? WHERE status = ?", DetectionStatus.FAILED,
                Sql.clip(reason, FAILURE_LENGTH), Sql.micros(now), DetectionStatus.RUNNING));
    }

    @Override
    public int failUnfinished(String node, String reason, Instant now) {
        Objects.requireNonNull(node, "node");
        return db.inTransaction("failing this node's unfinished detection runs", c -> Sql.execute(c,
                "UPDATE detection_runs SET status = ?, failure = ?, finished_at = ? WHERE status = ?"
                        + " AND (node = ? OR node IS NULL)", DetectionStatus.FAILED, Sql.clip(reason, FAILURE_LENGTH),
                Sql.micros(now), DetectionStatus.RUNNING, node));
    }

    @Override
    public Optional<DetectionRun> restart(UUID id, String node, Instant startedAt) {
        Objects.requireNonNull(node, "node");
        return db.inTransaction("starting a detection run again", c -> {
            if (Sql.execute(c, "UPDATE detection_runs SET status = ?, node = ?, attempts = attempts + 1,"
                    + " started_at = ?, finished_at = NULL, model_r = NULL, model_alpha = NULL, model_a = NULL,"
                    + " model_b = NULL, model_log_likelihood = NULL, model_customers = NULL, customers_scored = 0,"
                    + " flagged = 0, already_open = 0, cases_opened = 0, contact_blocked = 0, failure = NULL"
                    + " WHERE id = ? AND status = ?", DetectionStatus.RUNNING, node, Sql.micros(startedAt), id,
                    DetectionStatus.FAILED) == 0) {
                return Optional.<DetectionRun>empty();
            }
            Optional<DetectionRun> found = Sql.queryOne(c, "SELECT " + COLUMNS + " FROM detection_runs"
                    + " WHERE id = ?", JdbcDetectionRunStore::toRun, id);
            attachRules(c, found.stream().toList());
            return found;
        });
    }

    /** The values of the {@link #OUTCOME} columns; a run not yet fitted has NULL in every model column. */
    private static Object[] outcome(DetectionRun run) {
        FittedModel model = run.model;
        return new Object[] {run.status, Sql.micros(run.finishedAt),
            model == null ? null : model.r, model == null ? null : model.alpha,
            model == null ? null : model.a, model == null ? null : model.b,
            model == null ? null : model.logLikelihood, model == null ? null : model.customers,
            run.customers, run.flagged, run.alreadyOpen, run.casesOpened, run.contactBlocked,
            Sql.clip(run.failure, FAILURE_LENGTH)};
    }

    private static void insertRules(Connection c, UUID runId, List<RfmRule> rules) throws SQLException {
        List<Object[]> rows = new ArrayList<>(rules.size());
        for (RfmRule rule : rules) {
            rows.add(new Object[] {runId, rows.size(), rule.type, rule.days, rule.multiple, rule.minTotalSpend});
        }
        Sql.executeBatch(c, Sql.insertInto("detection_run_rules", RULE_COLUMNS), rows);
    }

    /**
     * Fills in the rules of the runs with one query for all of them. A run stored without rules reads back with an
     * empty list: a run's rules are the request's with the defaults filled in, so "none" is all there is to say.
     */
    private static void attachRules(Connection c, List<DetectionRun> runs) throws SQLException {
        if (runs.isEmpty()) {
            return;
        }
        Map<UUID, DetectionRun> byId = new HashMap<>();
        for (DetectionRun run : runs) {
            run.rules = new ArrayList<>();
            byId.put(run.id, run);
        }
        List<Map.Entry<UUID, RfmRule>> rules = Sql.queryList(c, "SELECT " + RULE_COLUMNS
                        + " FROM detection_run_rules WHERE run_id IN (" + Sql.placeholders(runs.size()) + ")"
                        + " ORDER BY run_id, seq", rs -> Map.entry(Sql.uuid(rs, "run_id"), toRule(rs)),
                byId.keySet().toArray());
        for (Map.Entry<UUID, RfmRule> rule : rules) {
            byId.get(rule.getKey()).rules.add(rule.getValue());
        }
    }

    private static RfmRule toRule(ResultSet rs) throws SQLException {
        RfmRule rule = new RfmRule();
        rule.type = Sql.enumValue(rs, "type", RfmRuleType.class);
        rule.days = Sql.number(rs, "days", Integer.class);
        rule.multiple = Sql.number(rs, "multiple", Double.class);
        rule.minTotalSpend = rs.getBigDecimal("min_total_spend");
        return rule;
    }

    /** Without its rules; {@link #attachRules} adds them. */
    private static DetectionRun toRun(ResultSet rs) throws SQLException {
        DetectionRun run = new DetectionRun();
        run.id = Sql.uuid(rs, "id");
        run.status = Sql.enumValue(rs, "status", DetectionStatus.class);
        run.requestedBy = rs.getString("requested_by");
        run.node = rs.getString("node");
        run.attempts = rs.getInt("attempts");
        run.startedAt = Sql.instant(rs, "started_at");
        run.finishedAt = Sql.instant(rs, "finished_at");
        run.calibrationEnd = Sql.date(rs, "calibration_end");
        run.probabilityAliveThreshold = rs.getDouble("p_alive_threshold");
        run.maxCases = Sql.number(rs, "max_cases", Integer.class);
        run.lossReason = rs.getString("loss_reason");
        run.dryRun = rs.getBoolean("dry_run");
        if (rs.getObject("model_customers") != null) {
            FittedModel model = new FittedModel();
            model.r = rs.getDouble("model_r");
            model.alpha = rs.getDouble("model_alpha");
            model.a = rs.getDouble("model_a");
            model.b = rs.getDouble("model_b");
            model.logLikelihood = rs.getDouble("model_log_likelihood");
            model.customers = rs.getLong("model_customers");
            run.model = model;
        }
        run.customers = rs.getLong("customers_scored");
        run.flagged = rs.getLong("flagged");
        run.alreadyOpen = rs.getLong("already_open");
        run.contactBlocked = rs.getLong("contact_blocked");
        run.casesOpened = rs.getLong("cases_opened");
        run.failure = rs.getString("failure");
        return run;
    }
}
