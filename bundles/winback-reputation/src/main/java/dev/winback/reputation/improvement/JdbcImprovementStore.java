package dev.winback.reputation.improvement;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Page;
import dev.winback.api.event.EventTypes;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.improvement.ImprovementNotification.NotificationStatus;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Improvements, their loss reasons and whys, and the customers told about them. A draft is rewritten in place; a
 * published improvement is never written again, and publishing it (status, notifications, events, audit) is one
 * transaction, so a customer is told once or not at all.
 */
@Component(service = JdbcImprovementStore.class)
public final class JdbcImprovementStore {
    static final String ENTITY_TYPE = "improvement";
    static final String NOTIFICATION_ENTITY_TYPE = "improvement-notification";
    /** Notification rows sent to the database per round trip while publishing. */
    static final int BATCH = 500;
    private static final String COLUMNS = "i.id, i.title, i.customers_said, i.we_did, i.evidence, i.improved_on,"
            + " i.status, i.published_at, i.published_by, i.corrects_id, i.recorded_case_id, i.recorded_step_id,"
            + " i.created_by, i.created_at, i.updated_at, i.row_version";

    private final ModuleDatabase db;
    private final AuditTrail audit;

    @Activate
    public JdbcImprovementStore(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    public JdbcImprovementStore(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Now, as the rows are stamped. */
    Instant now() {
        return db.now();
    }

    Improvement create(Improvement draft, String actor) {
        return db.transaction("recording an improvement", c -> {
            checkReferences(c, draft);
            Instant now = db.now();
            UUID id = UUID.randomUUID();
            update(c, "INSERT INTO improvements (id, title, customers_said, we_did, evidence, improved_on, status,"
                    + " corrects_id, recorded_case_id, recorded_step_id, created_by, created_at, updated_at,"
                    + " row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", id, draft.title,
                    draft.customersSaid, draft.weDid, draft.evidence, Date.valueOf(draft.improvedOn),
                    ImprovementStatus.DRAFT, draft.corrects, caseOf(draft), stepOf(draft), actor, now, now);
            insertLinks(c, id, draft);
            Improvement stored = read(c, id, false).orElseThrow();
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.CREATE, null, stored);
            return stored;
        });
    }

    /** Rewrites a draft; {@code expectedVersion} is the row version the caller saw. */
    Improvement change(UUID id, Improvement draft, long expectedVersion, String actor) {
        return db.transaction("changing an improvement", c -> {
            Improvement before = read(c, id, true).orElseThrow(() -> notFound(id));
            if (before.status != ImprovementStatus.DRAFT) {
                throw new ConflictException("Improvement " + id + " was published " + before.publishedAt + " and "
                        + "never changes again; record a new improvement to correct it");
            }
            if (before.rowVersion != expectedVersion) {
                throw new VersionMismatchException("Improvement " + id + " is at version " + before.rowVersion
                        + ", not " + expectedVersion, before.rowVersion);
            }
            // Correcting itself is refused with the other drafts: only a published improvement is corrected.
            checkReferences(c, draft);
            update(c, "UPDATE improvements SET title = ?, customers_said = ?, we_did = ?, evidence = ?,"
                    + " improved_on = ?, corrects_id = ?, recorded_case_id = ?, recorded_step_id = ?, updated_at = ?,"
                    + " row_version = row_version + 1 WHERE id = ?", draft.title, draft.customersSaid, draft.weDid,
                    draft.evidence, Date.valueOf(draft.improvedOn), draft.corrects, caseOf(draft), stepOf(draft),
                    db.now(), id);
            update(c, "DELETE FROM improvement_reasons WHERE improvement_id = ?", id);
            update(c, "DELETE FROM improvement_whys WHERE improvement_id = ?", id);
            insertLinks(c, id, draft);
            Improvement after = read(c, id, false).orElseThrow();
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, before, after);
            return after;
        });
    }

    /**
     * Publishes the draft: its status, one notification row per customer whose case cited a linked reason or holds
     * a linked why (told, or skipped under a contact block), the improvement.published event and one
     * improvement.customer-notified event per customer told, and the audit entry, all in one transaction.
     *
     * @param link where the public page shows the improvement, for the customers' messages
     */
    Improvement publish(UUID id, String actor, String link) {
        return db.transaction("publishing an improvement", c -> {
            Improvement draft = read(c, id, true).orElseThrow(() -> notFound(id));
            if (draft.status != ImprovementStatus.DRAFT) {
                throw new ConflictException("Improvement " + id + " was published already (" + draft.publishedAt
                        + " by " + draft.publishedBy + ")");
            }
            // A reason may have left the list since the draft was saved; the public text would name nothing.
            checkReasons(c, draft.lossReasons);
            Instant now = db.now();
            update(c, "UPDATE improvements SET status = ?, published_at = ?, published_by = ?, updated_at = ?,"
                    + " row_version = row_version + 1 WHERE id = ?", ImprovementStatus.PUBLISHED, now, actor, now, id);
            Improvement published = read(c, id, false).orElseThrow();
            audit.publish(c, actor, EventTypes.IMPROVEMENT_PUBLISHED, ENTITY_TYPE, id.toString(),
                    PublicImprovement.of(published));
            List<Recipient> recipients = recipients(c, id);
            insertNotifications(c, id, recipients, now);
            for (Recipient r : recipients) {
                if (!r.blocked) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("improvementId", id);
                    payload.put("customerId", r.customerId);
                    payload.put("caseId", r.caseId);
                    payload.put("title", published.title);
                    payload.put("weDid", published.weDid);
                    payload.put("link", link);
                    audit.publish(c, actor, EventTypes.IMPROVEMENT_NOTIFIED, NOTIFICATION_ENTITY_TYPE,
                            id + "/" + r.customerId, payload);
                }
            }
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, draft, published);
            return published;
        });
    }

    Optional<Improvement> get(UUID id) {
        return db.transaction("reading an improvement", c -> read(c, id, false));
    }

    /** Newest first; each filter is skipped when null. */
    Page<Improvement> find(ImprovementStatus status, String lossReason, UUID caseId, int page, int size) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (status != null) {
            where.add("i.status = ?");
            params.add(status);
        }
        if (lossReason != null) {
            where.add("i.id IN (SELECT r.improvement_id FROM improvement_reasons r WHERE r.loss_reason = ?)");
            params.add(lossReason);
        }
        if (caseId != null) {
            where.add("i.recorded_case_id = ?");
            params.add(caseId);
        }
        return db.transaction("listing improvements", c -> {
            Page<Improvement> found = page(c, "SELECT " + COLUMNS, " FROM improvements i", where, params,
                    " ORDER BY i.created_at DESC, i.id", JdbcImprovementStore::improvement, page, size);
            withLinks(c, found.items);
            return found;
        });
    }

    /**
     * One page of {@code select + from + where + order}, the conditions joined by AND, with the count of all rows
     * that match.
     */
    static <T> Page<T> page(Connection c, String select, String from, List<String> where, List<Object> params,
            String order, ModuleDatabase.Row<T> row, int page, int size) throws SQLException {
        String filtered = from + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        long total = first(c, "SELECT COUNT(*)" + filtered, rs -> rs.getLong(1), params.toArray()).orElse(0L);
        List<Object> paged = new ArrayList<>(params);
        paged.add(size);
        paged.add((long) page * size);
        return new Page<>(list(c, select + filtered + order + " LIMIT ? OFFSET ?", row, paged.toArray()), page, size,
                total);
    }

    /** The newest published improvements, newest first, at most {@code limit}. */
    List<Improvement> published(int limit) {
        return db.transaction("reading the published improvements", c -> withLinks(c, list(c, "SELECT " + COLUMNS
                + " FROM improvements i WHERE i.status = ? ORDER BY i.published_at DESC, i.id LIMIT ?",
                JdbcImprovementStore::improvement, ImprovementStatus.PUBLISHED, limit)));
    }

    /** The labels of the loss-reason list, by code: the public page names reasons by them. */
    Map<String, String> reasonLabels() {
        return db.transaction("reading the loss reasons", c -> {
            Map<String, String> labels = new LinkedHashMap<>();
            for (String[] row : list(c, "SELECT code, label FROM loss_reasons ORDER BY code",
                    rs -> new String[] {rs.getString(1), rs.getString(2)})) {
                labels.put(row[0], row[1]);
            }
            return labels;
        });
    }

    /**
     * A page of the improvement's notifications (by status, then customer name), with re-engagement read now and the
     * totals over all of them.
     */
    NotificationPage notifications(Improvement published, NotificationStatus status, int page, int size,
            ReEngagements reEngagements) {
        return db.transaction("reading an improvement's notifications", c -> {
            Map<UUID, ImprovementNotification.ReEngagement> engaged = published.publishedAt == null ? Map.of()
                    : reEngagements.of(c, published.id, published.publishedAt);
            long[] counts = counts(c, published.id);
            NotificationPage.Totals totals = ReEngagements.totals(counts[0], counts[1], engaged.size());
            String filter = status == null ? "" : " AND n.status = ?";
            List<Object> params = new ArrayList<>(List.of(published.id));
            if (status != null) {
                params.add(status);
            }
            params.add(size);
            params.add((long) page * size);
            List<ImprovementNotification> items = list(c, "SELECT n.improvement_id, n.customer_id, cu.name,"
                    + " n.case_id, n.status, n.notified_at FROM improvement_notifications n JOIN customers cu"
                    + " ON cu.id = n.customer_id WHERE n.improvement_id = ?" + filter
                    + " ORDER BY n.status, cu.name, n.customer_id LIMIT ? OFFSET ?", rs -> {
                        ImprovementNotification n = new ImprovementNotification();
                        n.improvementId = rs.getObject(1, UUID.class);
                        n.customerId = rs.getObject(2, UUID.class);
                        n.customerName = rs.getString(3);
                        n.caseId = rs.getObject(4, UUID.class);
                        n.status = NotificationStatus.valueOf(rs.getString(5));
                        n.notifiedAt = instant(rs, "notified_at");
                        return n;
                    }, params.toArray());
            for (ImprovementNotification n : items) {
                if (n.status == NotificationStatus.NOTIFIED) {
                    n.windowEndsAt = reEngagements.windowEnd(n.notifiedAt);
                    n.reEngaged = engaged.get(n.customerId);
                }
            }
            long total = status == null ? totals.notified + totals.skipped : counts[status.ordinal()];
            return new NotificationPage(items, page, size, total, totals);
        });
    }

    /** The totals of each published improvement's notifications, by improvement id. */
    Map<UUID, NotificationPage.Totals> totals(Collection<Improvement> improvements, ReEngagements reEngagements) {
        return db.transaction("counting improvement notifications", c -> {
            Map<UUID, NotificationPage.Totals> all = new LinkedHashMap<>();
            for (Improvement i : improvements) {
                if (i.publishedAt == null) {
                    continue;
                }
                long[] counts = counts(c, i.id);
                all.put(i.id, ReEngagements.totals(counts[0], counts[1], reEngagements.of(c, i.id, i.publishedAt)
                        .size()));
            }
            return all;
        });
    }

    // ------------------------------------------------------------------------------------------------------------

    /** How many notifications of the improvement have each status, by the status's ordinal. */
    private static long[] counts(Connection c, UUID id) throws SQLException {
        long[] counts = new long[NotificationStatus.values().length];
        for (Object[] row : list(c, "SELECT status, COUNT(*) FROM improvement_notifications WHERE improvement_id = ?"
                + " GROUP BY status", rs -> new Object[] {rs.getString(1), rs.getLong(2)}, id)) {
            counts[NotificationStatus.valueOf((String) row[0]).ordinal()] = (Long) row[1];
        }
        return counts;
    }

    /** A customer to tell, the newest case that makes them one, and whether they may be contacted. */
    private record Recipient(UUID customerId, UUID caseId, boolean blocked) {
    }

    /**
     * Every customer with a case that cited one of the reasons (as the case's loss reason or a why's) or holds one
     * of the whys, once, with their newest such case.
     */
    private static List<Recipient> recipients(Connection c, UUID id) throws SQLException {
        Map<UUID, Recipient> newest = new LinkedHashMap<>();
        // One UNION of three indexed look-ups (case reason, why reason, linked why) rather than an OR the planner
        // can only answer by reading every case.
        for (Recipient r : list(c, "SELECT rc.customer_id, rc.id, cu.contact_block_since FROM recovery_cases rc"
                + " JOIN customers cu ON cu.id = rc.customer_id WHERE rc.id IN ("
                + "SELECT k.id FROM recovery_cases k JOIN improvement_reasons r ON r.loss_reason = k.loss_reason"
                + " WHERE r.improvement_id = ?"
                + " UNION SELECT w.case_id FROM case_whys w JOIN improvement_reasons r ON r.loss_reason = w.loss_reason"
                + " WHERE r.improvement_id = ?"
                + " UNION SELECT w.case_id FROM case_whys w JOIN improvement_whys iw ON iw.why_id = w.id"
                + " WHERE iw.improvement_id = ?)"
                + " ORDER BY rc.customer_id, rc.created_at DESC, rc.id DESC",
                rs -> new Recipient(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3) != null), id, id, id)) {
            newest.putIfAbsent(r.customerId, r);
        }
        return new ArrayList<>(newest.values());
    }

    private static void insertNotifications(Connection c, UUID id, List<Recipient> recipients, Instant now)
            throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO improvement_notifications (improvement_id,"
                + " customer_id, case_id, status, notified_at) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Recipient r : recipients) {
                ps.setObject(1, id);
                ps.setObject(2, r.customerId);
                ps.setObject(3, r.caseId);
                ps.setString(4, (r.blocked ? NotificationStatus.SKIPPED_CONTACT_BLOCK : NotificationStatus.NOTIFIED)
                        .name());
                ps.setObject(5, at);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /**
     * Refuses references to nothing: loss reasons not on the list, whys not documented, a case or step that does not
     * exist or a step of another case. Links the recorded-from case's whys when none are named.
     */
    private static void checkReferences(Connection c, Improvement draft) throws SQLException {
        checkReasons(c, draft.lossReasons);
        if (draft.corrects != null) {
            Optional<String> status = first(c, "SELECT status FROM improvements WHERE id = ?", rs -> rs.getString(1),
                    draft.corrects);
            if (status.isEmpty()) {
                throw new UnknownReferenceException("corrects", "no improvement " + draft.corrects);
            }
            if (!ImprovementStatus.PUBLISHED.name().equals(status.get())) {
                throw new UnprocessableException("corrects", "improvement " + draft.corrects + " is a draft: change "
                        + "it rather than correct it; only a published improvement is corrected by a new one");
            }
        }
        if (!draft.whyIds.isEmpty()) {
            Set<UUID> known = new LinkedHashSet<>(list(c, "SELECT id FROM case_whys WHERE id IN ("
                    + marks(draft.whyIds.size()) + ")", rs -> rs.getObject(1, UUID.class), draft.whyIds.toArray()));
            List<String> unknown = draft.whyIds.stream().filter(w -> !known.contains(w)).map(UUID::toString)
                    .toList();
            if (!unknown.isEmpty()) {
                throw new UnknownReferenceException("whyIds", "no documented why has the id " + String.join(", ",
                        unknown) + " (search them with GET /api/v1/whys)");
            }
        }
        if (draft.recordedFrom != null) {
            UUID caseId = draft.recordedFrom.caseId;
            UUID stepId = draft.recordedFrom.stepId;
            if (first(c, "SELECT id FROM recovery_cases WHERE id = ?", rs -> rs.getObject(1), caseId).isEmpty()) {
                throw new UnknownReferenceException("recordedFrom.caseId", "no recovery case " + caseId);
            }
            Optional<UUID> stepCase = first(c, "SELECT case_id FROM recovery_steps WHERE id = ?",
                    rs -> rs.getObject(1, UUID.class), stepId);
            if (stepCase.isEmpty()) {
                throw new UnknownReferenceException("recordedFrom.stepId", "no recovery step " + stepId);
            }
            if (!stepCase.get().equals(caseId)) {
                throw new UnprocessableException("recordedFrom.stepId", "step " + stepId + " is a step of case "
                        + stepCase.get() + ", not of case " + caseId);
            }
            if (draft.whyIds.isEmpty()) {
                draft.whyIds = list(c, "SELECT id FROM case_whys WHERE case_id = ? ORDER BY seq",
                        rs -> rs.getObject(1, UUID.class), caseId);
            }
        }
    }

    private static void checkReasons(Connection c, List<String> reasons) throws SQLException {
        Set<String> known = new LinkedHashSet<>(list(c, "SELECT code FROM loss_reasons WHERE code IN ("
                + marks(reasons.size()) + ")", rs -> rs.getString(1), reasons.toArray()));
        List<String> unknown = reasons.stream().filter(r -> !known.contains(r)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownReferenceException("lossReasons", "not on the loss-reason list: " + String.join(", ",
                    unknown) + " (see GET /api/v1/loss-reasons)");
        }
    }

    private static void insertLinks(Connection c, UUID id, Improvement draft) throws SQLException {
        for (String reason : draft.lossReasons) {
            update(c, "INSERT INTO improvement_reasons (improvement_id, loss_reason) VALUES (?, ?)", id, reason);
        }
        for (UUID why : draft.whyIds) {
            update(c, "INSERT INTO improvement_whys (improvement_id, why_id) VALUES (?, ?)", id, why);
        }
    }

    /** One improvement with its links, its row locked when {@code lock}. */
    private static Optional<Improvement> read(Connection c, UUID id, boolean lock) throws SQLException {
        Optional<Improvement> found = first(c, "SELECT " + COLUMNS + " FROM improvements i WHERE i.id = ?"
                + (lock ? " FOR UPDATE" : ""), JdbcImprovementStore::improvement, id);
        if (found.isPresent()) {
            withLinks(c, List.of(found.get()));
        }
        return found;
    }

    /** Fills in the loss reasons (by code) and whys (in the order they were documented) of each. */
    private static List<Improvement> withLinks(Connection c, List<Improvement> items) throws SQLException {
        if (items.isEmpty()) {
            return items;
        }
        Map<UUID, Improvement> byId = items.stream().collect(Collectors.toMap(i -> i.id, i -> i, (a, b) -> a,
                LinkedHashMap::new));
        Object[] ids = byId.keySet().toArray();
        for (Object[] row : list(c, "SELECT improvement_id, loss_reason FROM improvement_reasons WHERE improvement_id"
                + " IN (" + marks(ids.length) + ") ORDER BY loss_reason", rs -> new Object[] {rs.getObject(1,
                    UUID.class), rs.getString(2)}, ids)) {
            byId.get((UUID) row[0]).lossReasons.add((String) row[1]);
        }
        for (UUID[] row : list(c, "SELECT iw.improvement_id, iw.why_id FROM improvement_whys iw LEFT JOIN case_whys w"
                + " ON w.id = iw.why_id WHERE iw.improvement_id IN (" + marks(ids.length) + ") ORDER BY w.seq,"
                + " iw.why_id", rs -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, ids)) {
            byId.get(row[0]).whyIds.add(row[1]);
        }
        for (UUID[] row : list(c, "SELECT corrects_id, id FROM improvements WHERE status = ? AND corrects_id IN ("
                + marks(ids.length) + ") ORDER BY published_at, id", rs -> new UUID[] {rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class)}, params(ImprovementStatus.PUBLISHED, ids))) {
            byId.get(row[0]).correctedBy.add(row[1]);
        }
        return items;
    }

    private static Improvement improvement(ResultSet rs) throws SQLException {
        Improvement i = new Improvement();
        i.id = rs.getObject("id", UUID.class);
        i.title = rs.getString("title");
        i.customersSaid = rs.getString("customers_said");
        i.weDid = rs.getString("we_did");
        i.evidence = rs.getString("evidence");
        i.improvedOn = rs.getObject("improved_on", LocalDate.class);
        i.status = ImprovementStatus.valueOf(rs.getString("status"));
        i.publishedAt = instant(rs, "published_at");
        i.publishedBy = rs.getString("published_by");
        i.corrects = rs.getObject("corrects_id", UUID.class);
        UUID caseId = rs.getObject("recorded_case_id", UUID.class);
        if (caseId != null) {
            i.recordedFrom = new Improvement.RecordedFrom(caseId, rs.getObject("recorded_step_id", UUID.class));
        }
        i.createdBy = rs.getString("created_by");
        i.createdAt = instant(rs, "created_at");
        i.updatedAt = instant(rs, "updated_at");
        i.rowVersion = rs.getLong("row_version");
        return i;
    }

    private static UUID caseOf(Improvement i) {
        return i.recordedFrom == null ? null : i.recordedFrom.caseId;
    }

    private static UUID stepOf(Improvement i) {
        return i.recordedFrom == null ? null : i.recordedFrom.stepId;
    }

    private static Object[] params(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No improvement " + id);
    }
}
