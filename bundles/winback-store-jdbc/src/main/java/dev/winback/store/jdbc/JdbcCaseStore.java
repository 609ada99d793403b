package dev.winback.store.jdbc;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.WinBackEvidence;
import dev.winback.api.dto.WorkItem;
import dev.winback.api.store.CaseStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Recovery cases in {@code recovery_cases}, with their steps in {@code recovery_steps}. A case and its steps change
 * together: every change locks the case row first, which is what keeps two nodes from deciding on the same case at
 * once, and keeps each case's steps in the order they were added.
 */
@Component(service = CaseStore.class)
public final class JdbcCaseStore implements CaseStore {
    static final String ENTITY_TYPE = "case";
    static final String STEP_ENTITY_TYPE = "step";

    /** The win-back evidence, in the order of {@link #evidenceValues}. */
    private static final String EVIDENCE_COLUMNS = "evidence_kind, evidence_purchase_id, evidence_purchase_date,"
            + " evidence_purchase_amount, evidence_confirmed_by, evidence_note, evidence_recorded_at";
    private static final String COLUMNS = "id, customer_id, loss_kind, loss_reason, lost_at, owner_rep, strategy,"
            + " status, notes, opened_by, created_at, updated_at, version, recovered_revenue, closed_at,"
            + " no_further_contact, detection_run_id, detection_p_alive, detection_slv, detection_reason,"
            + " revenue_currency, closed_by, close_notes, " + EVIDENCE_COLUMNS;

    /**
     * The statuses of a case that is still running, as SQL literals. Derived from {@link CaseStatus#isTerminal}, so
     * that a status added later counts as the API says; enum names only, so nothing of a caller's reaches the SQL.
     */
    private static final String OPEN_STATUSES = Arrays.stream(CaseStatus.values()).filter(s -> !s.isTerminal())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    /**
     * A case and its steps in one statement, hence from one snapshot: read separately, a change committed in
     * between could pair version n of the case with the steps of version n + 1.
     */
    private static final String LOAD_WITH_STEPS = "SELECT " + qualified("c", COLUMNS) + ", " + StepRows.SELECT
            + " FROM recovery_cases c LEFT JOIN recovery_steps s ON s.case_id = c.id WHERE c.id = ? ORDER BY s.seq";

    /**
     * Who an overdue step of the case in {@code s.case_id} escalates to: the manager of the team the case's owner
     * is a member of, else the owner. A scalar subquery of the claim, so the claim still locks step rows only.
     */
    private static final String ESCALATION_TARGET = "(SELECT COALESCE(t.manager, CAST(? AS VARCHAR(255)),"
            + " c.owner_rep) FROM recovery_cases c"
            + " LEFT JOIN team_members m ON m.member = c.owner_rep LEFT JOIN teams t ON t.name = m.team_name"
            + " WHERE c.id = s.case_id) AS escalation_target";

    /**
     * SKIP LOCKED lets nodes sweep side by side, each taking steps the others have not locked, instead of queueing
     * behind one another. H2 2.2 has it too (checked on 2.2.224), so the statement is the same on both. Whoever
     * gets a row after another transaction flagged it sees the flag (both databases re-check the WHERE on the
     * newest row version before locking), so no step is claimed twice. EXISTS rather than a join, so that only
     * step rows are locked and the case stays free for its owner to work on. Since the sweep never waits for a
     * lock, it cannot deadlock with {@link #apply}, which locks the case and then that case's steps.
     */
    private static final String CLAIM_OVERDUE = "SELECT " + StepRows.SELECT + ", " + ESCALATION_TARGET
            + " FROM recovery_steps s"
            + " WHERE s.status = ? AND s.due_at < ? AND s.overdue_since IS NULL"
            + " AND EXISTS (SELECT 1 FROM recovery_cases c WHERE c.id = s.case_id AND c.status = ?)"
            + " ORDER BY s.due_at, s.id LIMIT ? FOR UPDATE SKIP LOCKED";

    /**
     * The id of the earliest-due PLANNED step of the case {@code c}, for a join that adds it to each case of a list.
     * A correlated subquery because H2 has no LATERAL join; it reads the case's few steps through their index. The
     * status is a literal, as the join must not take parameters (see {@link PagedQuery}).
     */
    private static final String NEXT_STEP_ID = "SELECT ns.id FROM recovery_steps ns WHERE ns.case_id = c.id"
            + " AND ns.status = '" + StepStatus.PLANNED.name() + "' ORDER BY ns.due_at, ns.seq LIMIT 1";

    private final WinbackDatabase db;
    private final AuditWriter audit = new AuditWriter();

    @Activate
    public JdbcCaseStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    /** A case given without status or opener (say, by an import) is stored as OPEN, opened by the actor. */
    @Override
    public RecoveryCase insert(RecoveryCase recoveryCase, String actor) {
        List<RecoveryStep> firstSteps = firstSteps(recoveryCase);
        return db.inTransaction("opening a recovery case", c -> insert(c, recoveryCase, firstSteps, actor));
    }

    /**
     * The customer's row lock is what makes the check and the insert one decision: a second caller for the same
     * customer waits at the lock and then sees the case the first one committed. On PostgreSQL a plain
     * {@link #insert} for the customer waits too, as its foreign key check takes a KEY SHARE lock on the row.
     */
    @Override
    public Optional<RecoveryCase> insertUnlessOpen(RecoveryCase recoveryCase, String actor) {
        List<RecoveryStep> firstSteps = firstSteps(recoveryCase);
        UUID customerId = recoveryCase.customerId;
        return db.inTransaction("opening a recovery case", c -> {
            if (!exists(c, "SELECT 1 FROM customers WHERE id = ? FOR UPDATE", customerId)) {
                throw unknownCustomer(customerId);
            }
            if (exists(c, "SELECT 1 FROM customers cu WHERE cu.id = ? AND " + hasOpenCase("cu.id"), customerId)) {
                return Optional.empty();
            }
            return Optional.of(insert(c, recoveryCase, firstSteps, actor));
        });
    }

    /** A condition that holds when the customer in {@code customerIdColumn} has an OPEN or PAUSED case. */
    private static String hasOpenCase(String customerIdColumn) {
        return "EXISTS (SELECT 1 FROM recovery_cases oc WHERE oc.customer_id = " + customerIdColumn
                + " AND oc.status IN (" + OPEN_STATUSES + "))";
    }

    /**
     * The customers with an OPEN or PAUSED case, for the purchase histories (a condition may follow), so that what
     * counts as open is said in this class only.
     */
    static final String CUSTOMERS_WITH_OPEN_CASES = "SELECT DISTINCT customer_id FROM recovery_cases WHERE status IN ("
            + OPEN_STATUSES + ")";

    @Override
    public Optional<RecoveryCase> find(UUID id) {
        return db.read("reading a recovery case", c -> load(c, id));
    }

    /**
     * In this order: the version check, completing the step, cancelling what is still PLANNED, moving the planned
     * steps of a reassigned owner, adding the new steps (so a change may close a plan and start another, and the new
     * steps survive the cancelling and keep the assignee the change gave them), the customer's contact block, then
     * the case's own columns. Any refusal rolls everything back, audit rows included.
     */
    @Override
    public RecoveryCase apply(CaseChange change, String actor) {
        UUID id = Objects.requireNonNull(change.caseId, "change.caseId");
        if ((change.completeStep == null) != (change.outcome == null)) {
            throw new IllegalArgumentException("A change completes a step with an outcome, or neither"
                    + " (step " + change.completeStep + ", outcome " + (change.outcome == null ? "none" : "given")
                    + ")");
        }
        List<RecoveryStep> newSteps = change.newSteps != null ? change.newSteps : List.of();
        for (int i = 0; i < newSteps.size(); i++) {
            StepRows.requireComplete(newSteps.get(i), "New step " + (i + 1) + " of the change");
        }
        return db.inTransaction("changing a recovery case", c -> {
            long version = lockVersion(c, id);
            if (version != change.expectedVersion) {
                throw new VersionMismatchException("Recovery case " + id + " was changed by someone else (version "
                        + version + ", you had " + change.expectedVersion + "); reload it and try again", version);
            }
            RecoveryCase before = load(c, id).orElseThrow();
            Instant now = db.now();
            if (change.completeStep != null) {
                completeStep(c, before, change.completeStep, change.outcome, actor, now);
            }
            if (change.cancelPlannedSteps) {
                Sql.execute(c, "UPDATE recovery_steps SET status = ? WHERE case_id = ? AND status = ?",
                        StepStatus.CANCELLED, id, StepStatus.PLANNED);
            }
            if (change.ownerRep != null && change.reassignFrom != null) {
                // Only that person's: a step planned for a manager or a colleague stays with them.
                Sql.execute(c, "UPDATE recovery_steps SET assignee = ? WHERE case_id = ? AND status = ?"
                        + " AND assignee = ?", change.ownerRep, id, StepStatus.PLANNED, change.reassignFrom);
            }
            if (change.agreement != null) {
                if (before.agreement != null) {
                    throw new ConflictException("Recovery case " + id + " has a second-chance agreement already");
                }
                CaseRecords.insertAgreement(c, id, change.agreement, actor, now);
            }
            for (RecoveryStep step : newSteps) {
                StepRows.insert(c, id, step, now);
            }
            for (CaseWhy why : change.newWhys != null ? change.newWhys : List.<CaseWhy>of()) {
                try {
                    CaseRecords.insertWhy(c, id, why, actor, now);
                } catch (SQLException e) {
                    if (SqlStates.isForeignKeyViolation(e)) {
                        throw new UnknownReferenceException("lossReason", "'" + why.lossReason
                                + "' is not a loss reason");
                    }
                    throw e;
                }
            }
            if (change.conditionId != null && change.conditionStatus != null
                    && CaseRecords.setConditionStatus(c, id, change.conditionId, change.conditionStatus) != 1) {
                throw new NotFoundException("Recovery case " + id + " has no agreement condition "
                        + change.conditionId);
            }
            if (change.contactBlock != null) {
                // The customer's row is locked after the case's. Nothing locks a customer and then one of their
                // cases (opening a case inserts one), so the two orders cannot meet in a deadlock.
                JdbcCustomerStore.changeContactBlock(c, audit, before.customerId, setByCase(change.contactBlock, id),
                        null, actor, now);
            }
            updateCaseColumns(c, id, change, now);
            RecoveryCase after = load(c, id).orElseThrow();
            audit.record(c, now, actor, ENTITY_TYPE, id.toString(), AuditWriter.UPDATE, before, after);
            return after;
        });
    }

    /**
     * The cases are locked in id order, so two moves running at once (two nodes seeing the strategy go) take
     * their locks in the same order and one simply waits for the other instead of deadlocking. A case changed in
     * the meantime is re-checked when its lock is granted and skipped if it no longer matches.
     */
    @Override
    public int moveStrategyCases(String strategy, CaseStatus from, CaseStatus to, String actor) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from == to) {
            return 0;
        }
        return db.inTransaction("moving a strategy's recovery cases", c -> {
            // Each row is mapped twice: the second copy becomes the "after" of the audit entry.
            List<Map.Entry<RecoveryCase, RecoveryCase>> moving = Sql.queryList(c,
                    "SELECT " + COLUMNS + " FROM recovery_cases WHERE strategy = ? AND status = ? ORDER BY id"
                            + " FOR UPDATE",
                    rs -> Map.entry(toCase(rs), toCase(rs)), strategy, from);
            Instant now = db.now();
            for (Map.Entry<RecoveryCase, RecoveryCase> row : moving) {
                RecoveryCase before = row.getKey();
                RecoveryCase after = row.getValue();
                Sql.execute(c, "UPDATE recovery_cases SET status = ?, updated_at = ?, version = version + 1"
                        + " WHERE id = ?", to, now, before.id);
                after.status = to;
                after.updatedAt = now;
                after.version = before.version + 1;
                // Without steps, before and after: the move does not touch them, and a paused strategy may have
                // thousands of cases to write in this one transaction.
                before.steps = null;
                after.steps = null;
                audit.record(c, now, actor, ENTITY_TYPE, before.id.toString(), AuditWriter.UPDATE, before, after);
            }
            return moving.size();
        });
    }

    /**
     * The flag is audited per step (entity type {@value #STEP_ENTITY_TYPE}), as every change is. The case's version
     * is not raised: being overdue is the clock's doing, not a decision on the case, and a rep editing the case
     * at that moment should not be told that someone else changed it. Nor is the case locked, for the same
     * reason; a case paused while the sweep runs may still see its step flagged, which only means the escalation
     * waits until the case resumes.
     */
    @Override
    public List<RecoveryStep> claimNewlyOverdue(Instant now, int limit, String fallbackManager, String actor) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            return List.of();
        }
        // Cut to what both databases keep, so the returned steps equal the stored ones.
        Instant flaggedAt = now.truncatedTo(ChronoUnit.MICROS);
        record Claimed(RecoveryStep before, RecoveryStep after, String escalationTarget) {
        }
        return db.inTransaction("claiming overdue recovery steps", c -> {
            // Each row is mapped twice: the second copy becomes the "after" of the audit entry.
            List<Claimed> claimed = Sql.queryList(c, CLAIM_OVERDUE,
                    rs -> new Claimed(StepRows.toStep(rs), StepRows.toStep(rs), rs.getString("escalation_target")),
                    fallbackManager, StepStatus.PLANNED, flaggedAt, CaseStatus.OPEN, limit);
            Instant recordedAt = db.now();
            List<RecoveryStep> steps = new ArrayList<>(claimed.size());
            for (Claimed row : claimed) {
                RecoveryStep step = row.after();
                step.overdueSince = flaggedAt;
                if (step.escalateWhenOverdue) {
                    step.escalatedTo = row.escalationTarget();
                    step.escalatedAt = flaggedAt;
                }
                Sql.execute(c, "UPDATE recovery_steps SET overdue_since = ?, escalated_to = ?, escalated_at = ?"
                        + " WHERE id = ?", step.overdueSince, step.escalatedTo, step.escalatedAt, step.id);
                audit.record(c, recordedAt, actor, STEP_ENTITY_TYPE, step.id.toString(), AuditWriter.UPDATE,
                        row.before(), step);
                steps.add(step);
            }
            return steps;
        });
    }

    /**
     * "Now" for the overdue filter is the store's clock, the same one that stamps every change. The customer's name
     * and the next step come with each row from joins, so a page is one query however many cases it shows.
     */
    @Override
    public Page<RecoveryCase> search(CaseQuery query) {
        Filters filters = new Filters()
                .equal("c.status", query.status)
                .equal("c.owner_rep", query.ownerRep)
                .equal("c.loss_kind", query.lossKind)
                .equal("c.loss_reason", query.lossReason)
                .equal("c.customer_id", query.customerId)
                .equal("c.strategy", query.strategy)
                .when(query.overdue, "EXISTS (SELECT 1 FROM recovery_steps od WHERE od.case_id = c.id"
                        + " AND od.status = ? AND od.due_at < ?)", StepStatus.PLANNED, query.overdue ? db.now() : null);
        String columns = qualified("c", COLUMNS) + ", cu.name AS customer_name, " + StepRows.SELECT;
        String joins = " JOIN customers cu ON cu.id = c.customer_id"
                + " LEFT JOIN recovery_steps s ON s.id = (" + NEXT_STEP_ID + ")";
        return db.read("listing recovery cases", c -> PagedQuery.run(c, columns, "recovery_cases c", joins, filters,
                "c.created_at DESC, c.id", query.page, query.size, rs -> {
                    RecoveryCase listed = toCase(rs);
                    listed.customerName = rs.getString("customer_name");
                    listed.nextStep = rs.getObject("step_id") != null ? StepRows.toStep(rs) : null;
                    return listed;
                }));
    }

    @Override
    public Optional<UUID> runningCaseOf(UUID customerId) {
        Objects.requireNonNull(customerId, "customerId");
        return db.read("finding a customer's running case", c -> Sql.queryOne(c, "SELECT id FROM recovery_cases"
                + " WHERE customer_id = ? AND status IN (" + OPEN_STATUSES + ") ORDER BY created_at, id LIMIT 1",
                rs -> Sql.uuid(rs, "id"), customerId));
    }

    /**
     * A PLANNED step is work only while its case is OPEN: a paused case's steps wait, a closed case's are cancelled.
     * Steps of other statuses (what someone did) are listed whatever became of the case.
     */
    @Override
    public Page<WorkItem> worklist(StepQuery query, Instant dueBefore) {
        Filters filters = new Filters()
                .equal("s.status", query.status)
                .when(query.status == StepStatus.PLANNED, "c.status = ?", CaseStatus.OPEN)
                .equal("s.assignee", query.assignee)
                .when(dueBefore != null, "s.due_at < ?", dueBefore);
        String columns = StepRows.SELECT + ", c.customer_id, cu.name AS customer_name, c.strategy, c.owner_rep,"
                + " c.status AS case_status";
        // The case joins the count as well: the filters ask for its status.
        String table = "recovery_steps s JOIN recovery_cases c ON c.id = s.case_id";
        return db.read("listing a worklist", c -> PagedQuery.run(c, columns, table,
                " JOIN customers cu ON cu.id = c.customer_id", filters, "s.due_at, s.id", query.page, query.size,
                JdbcCaseStore::toWorkItem));
    }

    /** The first steps of a new case, checked before any transaction starts. */
    private static List<RecoveryStep> firstSteps(RecoveryCase recoveryCase) {
        List<RecoveryStep> firstSteps = recoveryCase.steps != null ? recoveryCase.steps : List.of();
        for (int i = 0; i < firstSteps.size(); i++) {
            StepRows.requireComplete(firstSteps.get(i), "Step " + (i + 1) + " of the new case");
        }
        return firstSteps;
    }

    private RecoveryCase insert(Connection c, RecoveryCase recoveryCase, List<RecoveryStep> firstSteps, String actor)
            throws SQLException {
        UUID id = UUID.randomUUID();
        Instant now = db.now();
        CaseStatus status = recoveryCase.status != null ? recoveryCase.status : CaseStatus.OPEN;
        String openedBy = recoveryCase.openedBy != null ? recoveryCase.openedBy : actor;
        DetectionFinding finding = recoveryCase.detection != null ? recoveryCase.detection : new DetectionFinding();
        try {
            Sql.execute(c, Sql.insertInto("recovery_cases", COLUMNS), Sql.concat(new Object[] {
                id, recoveryCase.customerId, recoveryCase.lossKind, recoveryCase.lossReason,
                recoveryCase.lostAt, recoveryCase.ownerRep, recoveryCase.strategy, status,
                recoveryCase.notes, openedBy, now, now, 1L, recoveryCase.recoveredRevenue,
                recoveryCase.closedAt, recoveryCase.noFurtherContact, finding.runId, finding.probabilityAlive,
                finding.secondLifetimeValue, finding.reason, recoveryCase.revenueCurrency, recoveryCase.closedBy,
                recoveryCase.closeNotes}, evidenceValues(recoveryCase.evidence, now)));
        } catch (SQLException e) {
            if (SqlStates.isForeignKeyViolation(e)) {
                throw unknownReference(c, recoveryCase, e);
            }
            throw e;
        }
        for (RecoveryStep step : firstSteps) {
            StepRows.insert(c, id, step, now);
        }
        RecoveryCase created = load(c, id).orElseThrow();
        audit.record(c, now, actor, ENTITY_TYPE, id.toString(), AuditWriter.CREATE, null, created);
        return created;
    }

    /** Locks the case row, so that everything after sees (and changes) the case as it is now; returns its version. */
    private static long lockVersion(Connection c, UUID id) throws SQLException {
        return Sql.queryOne(c, "SELECT version FROM recovery_cases WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), id)
                .orElseThrow(() -> new NotFoundException("Recovery case " + id + " does not exist"));
    }

    /**
     * Only a PLANNED step of this case can be completed. The status is checked again in the UPDATE itself: the
     * case lock already keeps other changes out, this keeps the rule true should a later writer not take it.
     */
    private static void completeStep(Connection c, RecoveryCase recoveryCase, UUID stepId, Outcome outcome,
                                     String actor, Instant now) throws SQLException {
        RecoveryStep step = recoveryCase.steps.stream().filter(s -> s.id.equals(stepId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Recovery case " + recoveryCase.id + " has no step "
                        + stepId));
        if (step.status != StepStatus.PLANNED) {
            throw notPlanned(step);
        }
        String recordedBy = outcome.recordedBy != null ? outcome.recordedBy : actor;
        Instant recordedAt = outcome.recordedAt != null ? outcome.recordedAt.truncatedTo(ChronoUnit.MICROS) : now;
        int updated = Sql.execute(c, "UPDATE recovery_steps SET status = ?, outcome_code = ?, outcome_notes = ?,"
                        + " outcome_recorded_by = ?, outcome_recorded_at = ? WHERE id = ? AND status = ?",
                StepStatus.DONE, outcome.code, outcome.notes, recordedBy, recordedAt, stepId, StepStatus.PLANNED);
        if (updated != 1) {
            throw notPlanned(step);
        }
    }

    private static ConflictException notPlanned(RecoveryStep step) {
        return new ConflictException("Step " + step.id + " ('" + step.name + "') is already " + step.status
                + "; only a PLANNED step can be completed");
    }

    /**
     * Sets only what the change sets: a null (or, for a flag, false) keeps the case's value. Notes are the one
     * column a change can empty, with {@code clearNotes}. The loss reason is the one reference a change can name.
     */
    private static void updateCaseColumns(Connection c, UUID id, CaseChange change, Instant now) throws SQLException {
        Map<String, Object> sets = new LinkedHashMap<>();
        setIfGiven(sets, "status", change.status);
        setIfGiven(sets, "strategy", change.strategy);
        setIfGiven(sets, "recovered_revenue", change.recoveredRevenue);
        setIfGiven(sets, "revenue_currency", change.revenueCurrency);
        setIfGiven(sets, "closed_at", change.closedAt);
        setIfGiven(sets, "closed_by", change.closedBy);
        setIfGiven(sets, "close_notes", change.closeNotes);
        setIfGiven(sets, "no_further_contact", change.noFurtherContact ? Boolean.TRUE : null);
        setIfGiven(sets, "owner_rep", change.ownerRep);
        setIfGiven(sets, "loss_reason", change.lossReason);
        if (change.clearNotes) {
            sets.put("notes", null);
        } else {
            setIfGiven(sets, "notes", change.notes);
        }
        if (change.evidence != null) {
            Object[] evidence = evidenceValues(change.evidence, now);
            String[] columns = EVIDENCE_COLUMNS.split(",\\s*");
            for (int i = 0; i < columns.length; i++) {
                sets.put(columns[i], evidence[i]);
            }
        }
        sets.put("updated_at", now);
        String assignments = sets.keySet().stream().map(column -> column + " = ?").collect(Collectors.joining(", "));
        Object[] params = Sql.concat(sets.values().toArray(), id);
        try {
            Sql.execute(c, "UPDATE recovery_cases SET " + assignments + ", version = version + 1 WHERE id = ?",
                    params);
        } catch (SQLException e) {
            if (SqlStates.isForeignKeyViolation(e)) {
                throw new UnknownReferenceException("lossReason", "No loss reason has code '" + change.lossReason
                        + "'");
            }
            throw e;
        }
    }

    private static void setIfGiven(Map<String, Object> sets, String column, Object value) {
        if (value != null) {
            sets.put(column, value);
        }
    }

    /**
     * The evidence as the values of {@link #EVIDENCE_COLUMNS}, recorded now unless it says when; all null for none.
     * Instants given by the caller are cut to what both databases keep, so what is read back equals what was given.
     */
    private static Object[] evidenceValues(WinBackEvidence evidence, Instant now) {
        if (evidence == null) {
            return new Object[7];
        }
        return new Object[] {evidence.kind, evidence.purchaseId, evidence.purchaseDate, evidence.purchaseAmount,
            evidence.confirmedBy, evidence.note, evidence.recordedAt != null ? Sql.micros(evidence.recordedAt) : now};
    }

    /** The block a case's outcome sets names the case, unless the engine named another. The caller's is kept. */
    private static ContactBlock setByCase(ContactBlock block, UUID caseId) {
        ContactBlock copy = new ContactBlock();
        copy.since = block.since;
        copy.reason = block.reason;
        copy.setBy = block.setBy;
        copy.caseId = block.caseId != null ? block.caseId : caseId;
        return copy;
    }

    /**
     * Finds out which reference the foreign key rejected. Vendors word (and name) the violated constraint
     * differently, so we look instead; the failed statement is rolled back first because PostgreSQL accepts
     * nothing more in a transaction after an error.
     */
    private static UnknownReferenceException unknownReference(Connection c, RecoveryCase recoveryCase,
                                                              SQLException violation) throws SQLException {
        c.rollback();
        if (!exists(c, "SELECT 1 FROM customers WHERE id = ?", recoveryCase.customerId)) {
            return unknownCustomer(recoveryCase.customerId);
        }
        if (!exists(c, "SELECT 1 FROM loss_reasons WHERE code = ?", recoveryCase.lossReason)) {
            return new UnknownReferenceException("lossReason",
                    "No loss reason has code '" + recoveryCase.lossReason + "'");
        }
        // Both exist by now: the missing one was created in the meantime. Nothing a caller did wrong.
        throw violation;
    }

    private static UnknownReferenceException unknownCustomer(UUID customerId) {
        return new UnknownReferenceException("customerId", "No customer has id " + customerId);
    }

    private static boolean exists(Connection c, String sql, Object key) throws SQLException {
        return Sql.queryOne(c, sql, rs -> Boolean.TRUE, key).isPresent();
    }

    /** The case with its steps in plan order; one row per step, or one row of NULL step columns when it has none. */
    private static Optional<RecoveryCase> load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOAD_WITH_STEPS)) {
            Sql.bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                RecoveryCase found = null;
                while (rs.next()) {
                    if (found == null) {
                        found = toCase(rs);
                    }
                    if (rs.getObject("step_id") != null) {
                        found.steps.add(StepRows.toStep(rs));
                    }
                }
                if (found != null) {
                    // Same connection (and, inside apply, the same locked transaction) as the case row.
                    CaseRecords.attach(c, found);
                }
                return Optional.ofNullable(found);
            }
        }
    }

    /** Without its steps: lists leave them out, {@link #load} adds them. */
    private static RecoveryCase toCase(ResultSet rs) throws SQLException {
        RecoveryCase recoveryCase = new RecoveryCase();
        recoveryCase.id = Sql.uuid(rs, "id");
        recoveryCase.customerId = Sql.uuid(rs, "customer_id");
        recoveryCase.lossKind = Sql.enumValue(rs, "loss_kind", LossKind.class);
        recoveryCase.lossReason = rs.getString("loss_reason");
        recoveryCase.lostAt = Sql.instant(rs, "lost_at");
        recoveryCase.ownerRep = rs.getString("owner_rep");
        recoveryCase.strategy = rs.getString("strategy");
        recoveryCase.status = Sql.enumValue(rs, "status", CaseStatus.class);
        recoveryCase.notes = rs.getString("notes");
        recoveryCase.openedBy = rs.getString("opened_by");
        recoveryCase.createdAt = Sql.instant(rs, "created_at");
        recoveryCase.updatedAt = Sql.instant(rs, "updated_at");
        recoveryCase.version = rs.getLong("version");
        recoveryCase.recoveredRevenue = rs.getBigDecimal("recovered_revenue");
        recoveryCase.closedAt = Sql.instant(rs, "closed_at");
        recoveryCase.noFurtherContact = rs.getBoolean("no_further_contact");
        recoveryCase.detection = toFinding(rs);
        recoveryCase.revenueCurrency = rs.getString("revenue_currency");
        recoveryCase.closedBy = rs.getString("closed_by");
        recoveryCase.closeNotes = rs.getString("close_notes");
        recoveryCase.evidence = toEvidence(rs);
        recoveryCase.steps = new ArrayList<>();
        return recoveryCase;
    }

    /** Null for a case without evidence: every piece of evidence has its kind. */
    private static WinBackEvidence toEvidence(ResultSet rs) throws SQLException {
        WinBackEvidence.Kind kind = Sql.enumValue(rs, "evidence_kind", WinBackEvidence.Kind.class);
        if (kind == null) {
            return null;
        }
        WinBackEvidence evidence = new WinBackEvidence();
        evidence.kind = kind;
        evidence.purchaseId = Sql.uuid(rs, "evidence_purchase_id");
        evidence.purchaseDate = Sql.date(rs, "evidence_purchase_date");
        evidence.purchaseAmount = rs.getBigDecimal("evidence_purchase_amount");
        evidence.confirmedBy = rs.getString("evidence_confirmed_by");
        evidence.note = rs.getString("evidence_note");
        evidence.recordedAt = Sql.instant(rs, "evidence_recorded_at");
        return evidence;
    }

    /** A worklist row: a step with the {@link StepRows#SELECT} columns, and its case's. */
    private static WorkItem toWorkItem(ResultSet rs) throws SQLException {
        WorkItem item = new WorkItem();
        item.step = StepRows.toStep(rs);
        item.caseId = item.step.caseId;
        item.customerId = Sql.uuid(rs, "customer_id");
        item.customerName = rs.getString("customer_name");
        item.strategy = rs.getString("strategy");
        item.ownerRep = rs.getString("owner_rep");
        item.caseStatus = Sql.enumValue(rs, "case_status", CaseStatus.class);
        item.escalated = item.step.escalatedAt != null;
        return item;
    }

    /** Null for a case no detection run opened: it has none of the finding's columns. */
    private static DetectionFinding toFinding(ResultSet rs) throws SQLException {
        DetectionFinding finding = new DetectionFinding();
        finding.runId = Sql.uuid(rs, "detection_run_id");
        finding.probabilityAlive = Sql.number(rs, "detection_p_alive", Double.class);
        finding.secondLifetimeValue = rs.getBigDecimal("detection_slv");
        finding.reason = rs.getString("detection_reason");
        boolean none = finding.runId == null && finding.probabilityAlive == null
                && finding.secondLifetimeValue == null && finding.reason == null;
        return none ? null : finding;
    }

    /** "a, b" as "t.a, t.b". */
    private static String qualified(String alias, String columns) {
        return alias + "." + String.join(", " + alias + ".", columns.split(",\\s*"));
    }
}
