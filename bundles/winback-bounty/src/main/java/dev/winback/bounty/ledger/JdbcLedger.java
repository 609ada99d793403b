package dev.winback.bounty.ledger;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import dev.winback.api.bounty.RepTally;
import dev.winback.api.dto.Page;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The accruals and the ledger in the module's tables. Entry amounts are inserted and never updated; what moves
 * (state, dispute, payout) is written with a history row and an audit entry in the same transaction.
 * Methods that take a {@link Connection} run inside a caller's transaction ({@link #transaction}).
 */
@Component(service = JdbcLedger.class)
public final class JdbcLedger {
    static final String ENTRY_TYPE = "bounty-entry";
    static final String ACCRUAL_TYPE = "bounty-accrual";
    static final String ENTRY_COLUMNS = "id, kind, rep, case_id, plan_id, plan_version, rule_name, rule_version,"
            + " rule_index, amount, currency, state, period, closed_on, explanation, refers_to, accrual_id,"
            + " recalculation_id, dispute_status, dispute_reason, disputed_by, disputed_at, resolution, resolved_by,"
            + " resolved_at, payout_id, paid_period, created_by, created_at, updated_at, version";
    private static final String ACCRUAL_COLUMNS = "id, case_id, customer_id, plan_id, plan_version, status,"
            + " waiting_for, reason, closed_at, closed_on, clawback_until, released_at, released_by, clawed_back_at,"
            + " clawback_reason, created_at, processed_at, steps";

    private final ModuleDatabase db;
    private final AuditTrail audit;

    @Activate
    public JdbcLedger(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=bounty)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    public JdbcLedger(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    public Instant now() {
        return db.now();
    }

    public <T> T transaction(String what, ModuleDatabase.Work<T> work) {
        return db.transaction(what, work);
    }

    // --------------------------------------------------------------------------------------------------------
    // Accruals

    /**
     * Inserts the accrual unless the case has one under the plan already (under any version: a recalculation may
     * have moved it); true when it was inserted.
     */
    boolean insertAccrual(Connection c, Accrual a, String facts, long eventId) throws SQLException {
        if (first(c, "SELECT id FROM bounty_accruals WHERE case_id = ? AND plan_id = ?", rs -> rs.getObject(1),
                a.caseId, a.planId).isPresent()) {
            return false;
        }
        update(c, "INSERT INTO bounty_accruals (id, case_id, customer_id, plan_id, plan_version, status, waiting_for,"
                + " reason, closed_at, closed_on, clawback_until, facts, event_id, created_at) VALUES (?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?)", a.id, a.caseId, a.customerId, a.planId, a.planVersion, a.status,
                join(a.waitingFor), a.reason, a.closedAt, Date.valueOf(a.closedOn), Date.valueOf(a.clawbackUntil),
                facts, eventId, a.createdAt);
        audit.record(c, "system:bounty", ACCRUAL_TYPE, a.id.toString(), AuditTrail.CREATE, null, a);
        return true;
    }

    /** The accrual under its row lock, so one node calculates, releases or claws it back at a time. */
    Optional<Accrual> lockAccrual(Connection c, UUID id) throws SQLException {
        return first(c, "SELECT " + ACCRUAL_COLUMNS + " FROM bounty_accruals WHERE id = ? FOR UPDATE",
                JdbcLedger::accrual, id);
    }

    Optional<Accrual> accrual(UUID id) {
        return db.transaction("reading a bounty accrual", c -> first(c, "SELECT " + ACCRUAL_COLUMNS
                + " FROM bounty_accruals WHERE id = ?", JdbcLedger::accrual, id));
    }

    String facts(Connection c, UUID accrualId) throws SQLException {
        return first(c, "SELECT facts FROM bounty_accruals WHERE id = ?", rs -> rs.getString(1), accrualId)
                .orElseThrow();
    }

    List<Accrual> accruals(Accrual.Status status, UUID caseId, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (caseId != null) {
            where.append(" AND case_id = ?");
            params.add(caseId);
        }
        params.add(size);
        params.add((long) page * size);
        return db.transaction("listing bounty accruals", c -> list(c, "SELECT " + ACCRUAL_COLUMNS
                + " FROM bounty_accruals" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                JdbcLedger::accrual, params.toArray()));
    }

    List<UUID> waitingAccruals() {
        return db.transaction("finding waiting bounty accruals", c -> list(c, "SELECT id FROM bounty_accruals"
                + " WHERE status = ? ORDER BY created_at, id", rs -> rs.getObject(1, UUID.class),
                Accrual.Status.WAITING));
    }

    /** The customer's accruals that a loss on {@code day} takes back: not yet taken back, window still open. */
    List<UUID> clawbackCandidates(UUID customerId, LocalDate day, UUID exceptCase) {
        return db.transaction("finding bounties to claw back", c -> list(c, "SELECT id FROM bounty_accruals"
                + " WHERE customer_id = ? AND status <> ? AND clawed_back_at IS NULL AND closed_on <= ?"
                + " AND clawback_until >= ? AND case_id <> ? ORDER BY created_at, id",
                rs -> rs.getObject(1, UUID.class), customerId, Accrual.Status.NOT_ELIGIBLE, Date.valueOf(day),
                Date.valueOf(day), exceptCase));
    }

    /** The accruals still waiting for the customer's first purchase after the win-back (of one customer, or all). */
    List<Accrual> awaitingPurchase(UUID customerId) {
        return db.transaction("finding held bounties", c -> list(c, "SELECT " + ACCRUAL_COLUMNS
                + " FROM bounty_accruals WHERE status <> ? AND released_at IS NULL AND clawed_back_at IS NULL"
                + (customerId == null ? " AND customer_id IS NOT NULL" : " AND customer_id = ?")
                + " ORDER BY created_at, id", JdbcLedger::accrual, customerId == null
                ? new Object[] {Accrual.Status.NOT_ELIGIBLE} : new Object[] {Accrual.Status.NOT_ELIGIBLE, customerId}));
    }

    void markWaiting(Connection c, Accrual a, List<String> waitingFor, String reason) throws SQLException {
        update(c, "UPDATE bounty_accruals SET status = ?, waiting_for = ?, reason = ? WHERE id = ?",
                Accrual.Status.WAITING, join(waitingFor), reason, a.id);
        audited(c, a);
    }

    void markDone(Connection c, Accrual a, String facts, List<String> steps, String reason) throws SQLException {
        update(c, "UPDATE bounty_accruals SET status = ?, waiting_for = NULL, reason = ?, facts = ?, steps = ?,"
                + " processed_at = ? WHERE id = ?", Accrual.Status.DONE, reason, facts, String.join("\n", steps),
                db.now(), a.id);
        audited(c, a);
    }

    void markReleased(Connection c, Accrual a, UUID purchaseId) throws SQLException {
        update(c, "UPDATE bounty_accruals SET released_at = ?, released_by = ? WHERE id = ?", db.now(), purchaseId,
                a.id);
        audited(c, a);
    }

    void markClawedBack(Connection c, Accrual a, String reason) throws SQLException {
        update(c, "UPDATE bounty_accruals SET clawed_back_at = ?, clawback_reason = ? WHERE id = ?", db.now(),
                reason, a.id);
        audited(c, a);
    }

    /** The audit entry of a change the module made to an accrual on its own (calculated, released, clawed back). */
    private void audited(Connection c, Accrual before) throws SQLException {
        Accrual after = first(c, "SELECT " + ACCRUAL_COLUMNS + " FROM bounty_accruals WHERE id = ?",
                JdbcLedger::accrual, before.id).orElseThrow();
        audit.record(c, "system:bounty", ACCRUAL_TYPE, before.id.toString(), AuditTrail.UPDATE, before, after);
    }

    /**
     * What each rep had earned under the plan (any version) from win-backs dated in {@code [from, to)} that happened
     * before {@code closedAt}, the case being calculated left out. Recoveries count the cases that earned the rep
     * something and were not taken back. Only earlier win-backs count, so a case handled late (a replayed event) is
     * not counted after the ones it preceded.
     */
    Map<String, RepTally> tallies(Connection c, UUID planId, Collection<String> reps, LocalDate from, LocalDate to,
            java.time.Instant closedAt, UUID exceptCase) throws SQLException {
        Map<String, RepTally> tallies = new LinkedHashMap<>();
        if (reps.isEmpty()) {
            return tallies;
        }
        List<Object> params = new ArrayList<>(List.of(planId, Date.valueOf(from), Date.valueOf(to), closedAt,
                exceptCase));
        params.addAll(reps);
        list(c, "SELECT e.rep, COUNT(DISTINCT CASE WHEN e.kind = 'ACCRUAL' AND e.amount > 0 AND a.clawed_back_at IS"
                + " NULL THEN e.case_id END) AS recoveries, SUM(e.amount) AS earned FROM bounty_entries e"
                + " JOIN bounty_accruals a ON a.id = e.accrual_id WHERE e.plan_id = ? AND e.closed_on >= ?"
                + " AND e.closed_on < ? AND a.closed_at < ? AND e.case_id <> ? AND e.rep IN ("
                + "?, ".repeat(reps.size() - 1) + "?) GROUP BY e.rep", rs -> tallies.put(rs.getString("rep"),
                new RepTally(rs.getInt("recoveries"), rs.getBigDecimal("earned").stripTrailingZeros())),
                params.toArray());
        return tallies;
    }

    /**
     * Moves the win-backs of plan version {@code from} (calculated or still waiting for a rule) to version {@code to}:
     * a confirmed recalculation put them under its terms, and a later one starts from there.
     *
     * @return how many moved
     */
    int moveAccruals(Connection c, UUID planId, int from, int to) throws SQLException {
        return update(c, "UPDATE bounty_accruals SET plan_version = ? WHERE plan_id = ? AND plan_version = ?"
                + " AND status IN ('DONE', 'WAITING')", to, planId, from);
    }

    /** Locks the plan's row: the accruals of one plan are calculated one at a time, so caps see each other. */
    void lockPlan(Connection c, UUID planId) throws SQLException {
        first(c, "SELECT id FROM bounty_plans WHERE id = ? FOR UPDATE", rs -> rs.getObject(1), planId);
    }

    /** One calculated accrual of a plan, with what its lines add up to now. */
    public record CalculatedAccrual(UUID id, UUID caseId, LocalDate closedOn, String facts,
            Map<LineKey, BigDecimal> current, Map<LineKey, String> ruleNames) {
    }

    /** A rep's line of one rule position. */
    public record LineKey(String rep, int ruleIndex) {
    }

    /**
     * Streams every calculated accrual of the plan (any version) that was not clawed back, with the sum of its rule
     * lines per rep and rule position (accruals and earlier recalculations; adjustments are managers' decisions that
     * a recalculation leaves alone): the input of a recalculation. One query, its entries gathered per accrual in
     * the database (no sort of a million rows), read with a cursor, so no million entries are held in memory.
     */
    void calculatedAccruals(Connection c, UUID planId, int version,
            java.util.function.Consumer<CalculatedAccrual> sink) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT a.id, a.case_id, a.closed_on, a.facts,"
                + " e.reps, e.rule_indexes, e.rule_names, e.amounts FROM bounty_accruals a LEFT JOIN ("
                + "SELECT accrual_id, ARRAY_AGG(rep ORDER BY seq) AS reps, ARRAY_AGG(rule_index ORDER BY seq)"
                + " AS rule_indexes, ARRAY_AGG(rule_name ORDER BY seq) AS rule_names, ARRAY_AGG(amount ORDER BY seq)"
                + " AS amounts FROM bounty_entries WHERE plan_id = ? AND kind IN ('ACCRUAL', 'RECALCULATION')"
                + " GROUP BY accrual_id) e"
                + " ON e.accrual_id = a.id WHERE a.plan_id = ? AND a.plan_version = ? AND a.status = 'DONE'"
                + " AND a.clawed_back_at IS NULL")) {
            ps.setObject(1, planId);
            ps.setObject(2, planId);
            ps.setInt(3, version);
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<LineKey, BigDecimal> current = new LinkedHashMap<>();
                    Map<LineKey, String> names = new LinkedHashMap<>();
                    Object[] reps = array(rs, "reps");
                    Object[] indexes = array(rs, "rule_indexes");
                    Object[] ruleNames = array(rs, "rule_names");
                    Object[] amounts = array(rs, "amounts");
                    for (int i = 0; i < reps.length; i++) {
                        LineKey line = new LineKey((String) reps[i], ((Number) indexes[i]).intValue());
                        current.merge(line, (BigDecimal) amounts[i], BigDecimal::add);
                        names.putIfAbsent(line, (String) ruleNames[i]);
                    }
                    sink.accept(new CalculatedAccrual(rs.getObject("id", UUID.class), rs.getObject("case_id",
                            UUID.class), rs.getObject("closed_on", LocalDate.class), rs.getString("facts"), current,
                            names));
                }
            }
        }
    }

    /**
     * The facts of every calculated accrual of the plan that was not clawed back, streamed with a cursor: what a
     * preview runs the draft over. The lines' current sums are not needed for it, only their totals per rep.
     */
    void calculatedFacts(Connection c, UUID planId, int version, java.util.function.Consumer<String> sink)
            throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT facts FROM bounty_accruals WHERE plan_id = ?"
                + " AND plan_version = ? AND status = 'DONE' AND clawed_back_at IS NULL")) {
            ps.setObject(1, planId);
            ps.setInt(2, version);
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1));
                }
            }
        }
    }

    /**
     * What the rules of the plan have given each rep for its calculated, not clawed-back win-backs (adjustments left
     * out, as a recalculation leaves them alone), and the newest entry of the plan: together they say whether the
     * ledger moved since a preview.
     */
    PlanTotals planTotals(Connection c, UUID planId, int version) throws SQLException {
        Map<String, BigDecimal> byRep = new java.util.TreeMap<>();
        list(c, "SELECT e.rep, SUM(e.amount) AS amount FROM bounty_entries e JOIN bounty_accruals a ON a.id ="
                + " e.accrual_id WHERE e.plan_id = ? AND e.kind IN ('ACCRUAL', 'RECALCULATION') AND a.status = 'DONE'"
                + " AND a.plan_version = ? AND a.clawed_back_at IS NULL GROUP BY e.rep", rs -> byRep.put(
                rs.getString("rep"), rs.getBigDecimal("amount")), planId, version);
        long newest = first(c, "SELECT COALESCE(MAX(seq), 0) FROM bounty_entries WHERE plan_id = ?",
                rs -> rs.getLong(1), planId).orElse(0L);
        return new PlanTotals(byRep, newest);
    }

    /** Per rep, what a plan has paid; and the sequence number of its newest entry. */
    public record PlanTotals(Map<String, BigDecimal> byRep, long newestEntry) {
    }

    private static Object[] array(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? new Object[0] : (Object[]) array.getArray();
    }

    // --------------------------------------------------------------------------------------------------------
    // Entries

    /** Writes an entry (its line key makes it once-only) and the first row of its history. */
    BountyEntry insertEntry(Connection c, BountyEntry e, String lineKey, ZoneId zone) throws SQLException {
        Instant now = db.now();
        e.id = UUID.randomUUID();
        e.createdAt = now;
        e.updatedAt = now;
        e.version = 1;
        e.period = period(now, zone);
        update(c, "INSERT INTO bounty_entries (id, accrual_id, kind, rep, case_id, plan_id, plan_version, rule_name,"
                + " rule_version, rule_index, amount, currency, state, period, closed_on, explanation, refers_to,"
                + " recalculation_id, line_key, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", e.id, e.accrualId, e.kind, e.rep,
                e.caseId, e.planId, e.planVersion, e.rule, e.ruleVersion, e.ruleIndex, e.amount, e.currency, e.state,
                e.period, Date.valueOf(e.closedOn), e.explanation, e.refersTo, e.recalculationId, lineKey,
                e.createdBy, now, now);
        history(c, e.id, e.createdBy, null, e.state, e.kind.name().toLowerCase(java.util.Locale.ROOT));
        BountyEntry stored = entry(c, e.id, false).orElseThrow();
        audit.record(c, e.createdBy, ENTRY_TYPE, e.id.toString(), AuditTrail.CREATE, null, stored);
        return stored;
    }

    /**
     * What the rule lines of the same accrual, rep and rule position written before {@code entry} add up to
     * (adjustments and clawbacks left out): what a recalculation entry was the difference from.
     */
    BigDecimal sumBefore(BountyEntry entry) {
        return db.transaction("reading a bounty line", c -> first(c, "SELECT COALESCE(SUM(amount), 0) FROM"
                + " bounty_entries WHERE accrual_id = ? AND rep = ? AND rule_index = ?"
                + " AND kind IN ('ACCRUAL', 'RECALCULATION') AND seq < (SELECT seq FROM bounty_entries WHERE id = ?)",
                rs -> rs.getBigDecimal(1),
                entry.accrualId, entry.rep, entry.ruleIndex, entry.id).orElse(BigDecimal.ZERO));
    }

    boolean lineKeyTaken(Connection c, String lineKey) throws SQLException {
        return first(c, "SELECT id FROM bounty_entries WHERE line_key = ?", rs -> rs.getObject(1), lineKey)
                .isPresent();
    }

    Optional<BountyEntry> entry(UUID id) {
        return db.transaction("reading a bounty entry", c -> entry(c, id, false));
    }

    Optional<BountyEntry> entry(Connection c, UUID id, boolean lock) throws SQLException {
        return first(c, "SELECT " + ENTRY_COLUMNS + " FROM bounty_entries WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                JdbcLedger::entry, id);
    }

    /** The accrual's entries, locked, oldest first. */
    List<BountyEntry> entriesOf(Connection c, UUID accrualId) throws SQLException {
        return list(c, "SELECT " + ENTRY_COLUMNS + " FROM bounty_entries WHERE accrual_id = ? ORDER BY seq FOR UPDATE",
                JdbcLedger::entry, accrualId);
    }

    /** Moves an entry to {@code to}, with its history row and audit entry. */
    BountyEntry changeState(Connection c, BountyEntry before, EntryState to, String actor, String note)
            throws SQLException {
        update(c, "UPDATE bounty_entries SET state = ?, updated_at = ?, version = version + 1 WHERE id = ?", to,
                db.now(), before.id);
        history(c, before.id, actor, before.state, to, note);
        BountyEntry after = entry(c, before.id, false).orElseThrow();
        audit.record(c, actor, ENTRY_TYPE, before.id.toString(), AuditTrail.UPDATE, before, after);
        return after;
    }

    BountyEntry openDispute(Connection c, BountyEntry before, String reason, String actor) throws SQLException {
        update(c, "UPDATE bounty_entries SET dispute_status = 'OPEN', dispute_reason = ?, disputed_by = ?,"
                + " disputed_at = ?, resolution = NULL, resolved_by = NULL, resolved_at = NULL, updated_at = ?,"
                + " version = version + 1 WHERE id = ?", reason, actor, db.now(), db.now(), before.id);
        history(c, before.id, actor, before.state, before.state, "disputed: " + reason);
        BountyEntry after = entry(c, before.id, false).orElseThrow();
        audit.record(c, actor, ENTRY_TYPE, before.id.toString(), AuditTrail.UPDATE, before, after);
        return after;
    }

    BountyEntry closeDispute(Connection c, BountyEntry before, String status, String resolution, String actor)
            throws SQLException {
        update(c, "UPDATE bounty_entries SET dispute_status = ?, resolution = ?, resolved_by = ?, resolved_at = ?,"
                + " updated_at = ?, version = version + 1 WHERE id = ?", status, resolution, actor, db.now(),
                db.now(), before.id);
        history(c, before.id, actor, before.state, before.state, "dispute " + status.toLowerCase(java.util.Locale.ROOT)
                + ": " + resolution);
        BountyEntry after = entry(c, before.id, false).orElseThrow();
        audit.record(c, actor, ENTRY_TYPE, before.id.toString(), AuditTrail.UPDATE, before, after);
        return after;
    }

    /** Entries by rep, period, state and case (each optional), newest first. */
    Page<BountyEntry> find(String rep, String period, EntryState state, UUID caseId, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (rep != null) {
            where.append(" AND rep = ?");
            params.add(rep);
        }
        if (period != null) {
            where.append(" AND period = ?");
            params.add(period);
        }
        if (state != null) {
            where.append(" AND state = ?");
            params.add(state);
        }
        if (caseId != null) {
            where.append(" AND case_id = ?");
            params.add(caseId);
        }
        return db.transaction("listing bounty entries", c -> {
            long total = first(c, "SELECT COUNT(*) FROM bounty_entries" + where, rs -> rs.getLong(1),
                    params.toArray()).orElse(0L);
            List<Object> paged = new ArrayList<>(params);
            paged.add(size);
            paged.add((long) page * size);
            List<BountyEntry> items = list(c, "SELECT " + ENTRY_COLUMNS + " FROM bounty_entries" + where
                    + " ORDER BY seq DESC LIMIT ? OFFSET ?", JdbcLedger::entry, paged.toArray());
            Page<BountyEntry> result = new Page<>();
            result.items = items;
            result.page = page;
            result.size = size;
            result.total = total;
            return result;
        });
    }

    /** A rep's statement of a period: the entries written in it and those paid in it, oldest first. */
    List<BountyEntry> statement(String rep, String period) {
        return db.transaction("reading a bounty statement", c -> list(c, "SELECT " + ENTRY_COLUMNS
                + " FROM bounty_entries WHERE rep = ? AND (period = ? OR paid_period = ?) ORDER BY seq",
                JdbcLedger::entry, rep, period, period));
    }

    /**
     * Per rep and currency, what payroll pays for the period: the approved entries of the period and before, which
     * its payout will pay, and the entries its payout paid.
     */
    List<PayrollLine> payroll(String period) {
        return db.transaction("totalling a bounty period", c -> list(c, "SELECT rep, currency,"
                + " SUM(CASE WHEN state = 'APPROVED' THEN amount ELSE 0 END) AS approved,"
                + " SUM(CASE WHEN state = 'PAID' THEN amount ELSE 0 END) AS paid, COUNT(*) AS entries"
                + " FROM bounty_entries WHERE (state = 'APPROVED' AND period <= ?) OR (state = 'PAID' AND"
                + " paid_period = ?) GROUP BY rep, currency ORDER BY rep, currency", rs -> new PayrollLine(period,
                rs.getString("rep"), rs.getString("currency"), rs.getBigDecimal("approved"),
                rs.getBigDecimal("paid"), rs.getInt("entries")), period, period));
    }

    /**
     * Pays every entry approved by now that was written in the period or before it (an entry held for months is
     * paid by the payout after its approval), under one payout; empty when none was approved.
     */
    Optional<Payout> payout(String period, String actor) {
        return db.transaction("paying out bounties", c -> {
            // Payroll periods close in order: an export handed over for a later period must not change.
            Optional<String> latest = first(c, "SELECT COALESCE(MAX(period), '') FROM bounty_payouts",
                    rs -> rs.getString(1).trim()).filter(p -> !p.isEmpty());
            if (latest.isPresent() && latest.get().compareTo(period) > 0) {
                throw new dev.winback.api.UnprocessableException("period", "bounties were paid out for "
                        + latest.get() + " already; pay what was approved since in " + latest.get() + " or later");
            }
            List<BountyEntry> approved = list(c, "SELECT " + ENTRY_COLUMNS + " FROM bounty_entries WHERE period <= ?"
                    + " AND state = ? ORDER BY seq FOR UPDATE", JdbcLedger::entry, period, EntryState.APPROVED);
            if (approved.isEmpty()) {
                return Optional.<Payout>empty();
            }
            Payout p = new Payout();
            p.id = UUID.randomUUID();
            p.period = period;
            p.paidBy = actor;
            p.paidAt = db.now();
            p.entries = approved.size();
            update(c, "INSERT INTO bounty_payouts (id, period, paid_by, paid_at, entries) VALUES (?, ?, ?, ?, ?)",
                    p.id, period, actor, p.paidAt, p.entries);
            Map<String, PayrollLine> totals = new LinkedHashMap<>();
            for (BountyEntry e : approved) {
                update(c, "UPDATE bounty_entries SET payout_id = ?, paid_period = ? WHERE id = ?", p.id, period,
                        e.id);
                changeState(c, e, EntryState.PAID, actor, "payout " + p.id);
                totals.computeIfAbsent(e.rep + " " + e.currency, k -> new PayrollLine(period, e.rep, e.currency,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0)).add(e.amount);
            }
            p.totals = new ArrayList<>(totals.values());
            return Optional.of(p);
        });
    }

    List<String[]> history(UUID entryId) {
        return db.transaction("reading a bounty entry's history", c -> list(c, "SELECT at, actor, from_state,"
                + " to_state, note FROM bounty_entry_history WHERE entry_id = ? ORDER BY at", rs -> new String[] {
                    instant(rs, "at").toString(), rs.getString("actor"), rs.getString("from_state"),
                    rs.getString("to_state"), rs.getString("note")}, entryId));
    }

    private void history(Connection c, UUID entryId, String actor, EntryState from, EntryState to, String note)
            throws SQLException {
        update(c, "INSERT INTO bounty_entry_history (entry_id, at, actor, from_state, to_state, note) VALUES (?, ?, ?,"
                + " ?, ?, ?)", entryId, db.now(), actor, from, to, ModuleDatabase.clip(note, 2000));
    }

    static String period(Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        return String.format("%04d-%02d", day.getYear(), day.getMonthValue());
    }

    private static String join(List<String> names) {
        return names == null || names.isEmpty() ? null : String.join(" ", names);
    }

    private static Accrual accrual(ResultSet rs) throws SQLException {
        Accrual a = new Accrual();
        a.id = rs.getObject("id", UUID.class);
        a.caseId = rs.getObject("case_id", UUID.class);
        a.customerId = rs.getObject("customer_id", UUID.class);
        a.planId = rs.getObject("plan_id", UUID.class);
        a.planVersion = rs.getInt("plan_version");
        a.status = Accrual.Status.valueOf(rs.getString("status"));
        String waiting = rs.getString("waiting_for");
        a.waitingFor = waiting == null ? List.of() : Arrays.asList(waiting.split(" "));
        a.reason = rs.getString("reason");
        a.closedAt = instant(rs, "closed_at");
        a.closedOn = rs.getObject("closed_on", LocalDate.class);
        a.clawbackUntil = rs.getObject("clawback_until", LocalDate.class);
        a.releasedAt = instant(rs, "released_at");
        a.releasedBy = rs.getObject("released_by", UUID.class);
        a.clawedBackAt = instant(rs, "clawed_back_at");
        a.clawbackReason = rs.getString("clawback_reason");
        a.createdAt = instant(rs, "created_at");
        a.processedAt = instant(rs, "processed_at");
        String steps = rs.getString("steps");
        a.steps = steps == null ? null : Arrays.asList(steps.split("\n"));
        return a;
    }

    static BountyEntry entry(ResultSet rs) throws SQLException {
        BountyEntry e = new BountyEntry();
        e.id = rs.getObject("id", UUID.class);
        e.kind = EntryKind.valueOf(rs.getString("kind"));
        e.rep = rs.getString("rep");
        e.caseId = rs.getObject("case_id", UUID.class);
        e.planId = rs.getObject("plan_id", UUID.class);
        e.planVersion = rs.getInt("plan_version");
        e.rule = rs.getString("rule_name");
        e.ruleVersion = rs.getString("rule_version");
        e.ruleIndex = rs.getInt("rule_index");
        e.currency = rs.getString("currency").trim();
        // Kept with 4 decimals; shown with the currency's minor unit (100.50 EUR, 1200 JPY), or more digits when a
        // plan rounds finer.
        BigDecimal amount = rs.getBigDecimal("amount");
        int unit = dev.winback.api.bounty.BountyCalculation.minorUnit(e.currency);
        e.amount = amount.setScale(Math.max(unit, Math.min(4, amount.stripTrailingZeros().scale())),
                java.math.RoundingMode.UNNECESSARY);
        e.state = EntryState.valueOf(rs.getString("state"));
        e.period = rs.getString("period");
        e.closedOn = rs.getObject("closed_on", LocalDate.class);
        e.explanation = rs.getString("explanation");
        e.refersTo = rs.getObject("refers_to", UUID.class);
        e.accrualId = rs.getObject("accrual_id", UUID.class);
        e.recalculationId = rs.getObject("recalculation_id", UUID.class);
        String dispute = rs.getString("dispute_status");
        if (dispute != null) {
            e.dispute = new BountyEntry.Dispute();
            e.dispute.status = dispute;
            e.dispute.reason = rs.getString("dispute_reason");
            e.dispute.disputedBy = rs.getString("disputed_by");
            e.dispute.disputedAt = instant(rs, "disputed_at");
            e.dispute.resolution = rs.getString("resolution");
            e.dispute.resolvedBy = rs.getString("resolved_by");
            e.dispute.resolvedAt = instant(rs, "resolved_at");
        }
        e.payoutId = rs.getObject("payout_id", UUID.class);
        e.paidPeriod = rs.getString("paid_period");
        e.createdBy = rs.getString("created_by");
        e.createdAt = instant(rs, "created_at");
        e.updatedAt = instant(rs, "updated_at");
        e.version = rs.getLong("version");
        return e;
    }
}
