package dev.winback.reputation.survey;

import dev.winback.api.event.EventTypes;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.SurveyKind;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The survey tables: answers (inserted, never changed but for the correction that replaces one) and invitations,
 * and the secret that signs survey links. Every answer writes a {@code survey.answered} event and every invitation
 * that goes out a {@code survey.invited}, in the transaction that records it.
 */
@Component(service = JdbcSurveys.class)
public class JdbcSurveys {
    static final String RESPONSE = "survey-response";
    static final String INVITATION = "survey-invitation";
    private static final String LINK_SECRET = "survey-links";
    private static final String TRACKING_SINCE = "tracking-since";
    private static final String RESPONSE_COLUMNS = "id, customer_id, case_id, kind, score, comment, responded_at,"
            + " channel, invitation_id, corrects_id, correction_reason, corrected_by, recorded_by, recorded_at";
    private static final String INVITATION_COLUMNS = "id, customer_id, case_id, reason, kind, status, due_at,"
            + " sent_at, expires_at, answered_at, response_id, cancel_reason, created_by, created_at";
    static final String INVITATION_ENTITY = INVITATION;

    private final ModuleDatabase db;
    private final AuditTrail audit;

    @Activate
    public JdbcSurveys(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    public JdbcSurveys(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    public ModuleDatabase db() {
        return db;
    }

    public Instant now() {
        return db.now();
    }

    /**
     * The key that signs survey links, made on first use. Two nodes starting at once both try to insert one; the
     * loser reads the winner's, so every node signs with the same key.
     */
    public byte[] linkSecret() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return Base64.getDecoder().decode(state(LINK_SECRET, Base64.getEncoder().encodeToString(fresh)));
    }

    /**
     * When the module first started on this database: cases closed before it get no invitations, so installing it on
     * a system with years of history does not survey every customer ever lost.
     */
    public Instant trackingSince() {
        return Instant.parse(state(TRACKING_SINCE, db.now().toString()));
    }

    /** The value of {@code name}, stored as {@code initial} when it has none yet (whichever node writes first). */
    private String state(String name, String initial) {
        Optional<String> stored = db.transaction("reading the module's state", c -> readState(c, name));
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            db.transaction("storing the module's state", c -> ModuleDatabase.update(c,
                    "INSERT INTO reputation_state (name, state, created_at) VALUES (?, ?, ?)", name, initial,
                    db.now()));
        } catch (IllegalStateException raced) {
            // Another node stored it first: use theirs.
        }
        return db.transaction("reading the module's state", c -> readState(c, name))
                .orElseThrow(() -> new IllegalStateException("The module's " + name + " could not be stored"));
    }

    private static Optional<String> readState(Connection c, String name) throws SQLException {
        return ModuleDatabase.first(c, "SELECT state FROM reputation_state WHERE name = ?", rs -> rs.getString(1),
                name);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Answers

    /** Inserts an answer with its audit entry and its event on {@code c}; its id and recordedAt must be set. */
    void insertResponse(Connection c, SurveyResponse r) throws SQLException {
        ModuleDatabase.update(c, "INSERT INTO survey_responses (" + RESPONSE_COLUMNS + ") VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id, r.customerId, r.caseId, r.kind, r.score,
                r.comment, r.respondedAt, r.channel, r.invitationId, r.correctsId, r.correctionReason, null,
                r.recordedBy, r.recordedAt);
        audit.record(c, r.recordedBy, RESPONSE, r.id.toString(), AuditTrail.CREATE, null, r);
        audit.publish(c, r.recordedBy, EventTypes.SURVEY_ANSWERED, RESPONSE, r.id.toString(), r);
    }

    /** Inserts the answers of import {@code importId} with their events, in batches. */
    void insertResponses(Connection c, UUID importId, List<SurveyResponse> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO survey_responses (id, customer_id, case_id, kind,"
                + " score, comment, responded_at, channel, import_id, recorded_by, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (SurveyResponse r : rows) {
                ps.setObject(1, r.id);
                ps.setObject(2, r.customerId);
                ps.setObject(3, r.caseId);
                ps.setString(4, r.kind.name());
                ps.setInt(5, r.score);
                ps.setString(6, r.comment);
                ps.setObject(7, OffsetDateTime.ofInstant(r.respondedAt, ZoneOffset.UTC));
                ps.setString(8, r.channel.name());
                ps.setObject(9, importId);
                ps.setString(10, r.recordedBy);
                ps.setObject(11, OffsetDateTime.ofInstant(r.recordedAt, ZoneOffset.UTC));
                ps.addBatch();
                if (++pending == 500) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        for (SurveyResponse r : rows) {
            audit.publish(c, r.recordedBy, EventTypes.SURVEY_ANSWERED, RESPONSE, r.id.toString(), r);
        }
    }

    /** Marks {@code corrected} as replaced by {@code correction}; false when another correction came first. */
    boolean markCorrected(Connection c, UUID corrected, UUID correction) throws SQLException {
        return ModuleDatabase.update(c, "UPDATE survey_responses SET corrected_by = ? WHERE id = ?"
                + " AND corrected_by IS NULL", correction, corrected) == 1;
    }

    public Optional<SurveyResponse> response(UUID id) {
        return db.transaction("reading a survey answer", c -> ModuleDatabase.first(c, "SELECT " + RESPONSE_COLUMNS
                + " FROM survey_responses WHERE id = ?", JdbcSurveys::toResponse, id));
    }

    /** A customer's answers, oldest first (corrected ones too). */
    public List<SurveyResponse> responsesOf(UUID customerId) {
        return db.transaction("reading a customer's survey answers", c -> ModuleDatabase.list(c, "SELECT "
                + RESPONSE_COLUMNS + " FROM survey_responses WHERE customer_id = ? ORDER BY responded_at, recorded_at,"
                + " id", JdbcSurveys::toResponse, customerId));
    }

    /** Answers by filter, newest first. */
    public List<SurveyResponse> responses(UUID customerId, UUID caseId, String rep, int page, int size) {
        return page("listing survey answers", "SELECT " + RESPONSE_COLUMNS + " FROM survey_responses",
                "responded_at DESC, id", JdbcSurveys::toResponse, customerId, caseId, rep, page, size);
    }

    public long countResponses(UUID customerId, UUID caseId, String rep) {
        return count("counting survey answers", "survey_responses", customerId, caseId, rep);
    }

    private static SurveyResponse toResponse(ResultSet rs) throws SQLException {
        SurveyResponse r = new SurveyResponse();
        r.id = rs.getObject("id", UUID.class);
        r.customerId = rs.getObject("customer_id", UUID.class);
        r.caseId = rs.getObject("case_id", UUID.class);
        r.kind = SurveyKind.valueOf(rs.getString("kind"));
        r.score = rs.getInt("score");
        r.comment = rs.getString("comment");
        r.respondedAt = ModuleDatabase.instant(rs, "responded_at");
        r.channel = SurveyResponse.Channel.valueOf(rs.getString("channel"));
        r.invitationId = rs.getObject("invitation_id", UUID.class);
        r.correctsId = rs.getObject("corrects_id", UUID.class);
        r.correctionReason = rs.getString("correction_reason");
        r.correctedBy = rs.getObject("corrected_by", UUID.class);
        r.recordedBy = rs.getString("recorded_by");
        r.recordedAt = ModuleDatabase.instant(rs, "recorded_at");
        return r;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Invitations

    /** Inserts the invitation and its audit entry; an automatic one is unique per case and reason. */
    void insertInvitation(Connection c, SurveyInvitation i) throws SQLException {
        UUID autoCase = i.reason == SurveyInvitation.Reason.MANUAL ? null : i.caseId;
        ModuleDatabase.update(c, "INSERT INTO survey_invitations (" + INVITATION_COLUMNS + ", auto_case_id,"
                        + " row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", i.id, i.customerId,
                i.caseId, i.reason, i.kind, i.status, i.dueAt, i.sentAt, i.expiresAt, i.answeredAt, i.responseId,
                i.cancelReason, i.createdBy, i.createdAt, autoCase);
        audit.record(c, i.createdBy, INVITATION, i.id.toString(), AuditTrail.CREATE, null, withoutLink(i));
    }

    /** Whether the case has its automatic invitation for {@code reason} already (a redelivered event). */
    boolean hasInvitation(Connection c, UUID caseId, SurveyInvitation.Reason reason) throws SQLException {
        return ModuleDatabase.first(c, "SELECT 1 FROM survey_invitations WHERE auto_case_id = ? AND reason = ?",
                rs -> Boolean.TRUE, caseId, reason).isPresent();
    }

    /**
     * A copy without the link, for the audit trail (a link is a credential, and the trail is read by more people
     * than the host), and so the state before a change stays as it was.
     */
    static SurveyInvitation withoutLink(SurveyInvitation i) {
        SurveyInvitation copy = new SurveyInvitation();
        copy.id = i.id;
        copy.customerId = i.customerId;
        copy.caseId = i.caseId;
        copy.reason = i.reason;
        copy.kind = i.kind;
        copy.status = i.status;
        copy.dueAt = i.dueAt;
        copy.sentAt = i.sentAt;
        copy.expiresAt = i.expiresAt;
        copy.answeredAt = i.answeredAt;
        copy.responseId = i.responseId;
        copy.cancelReason = i.cancelReason;
        copy.createdBy = i.createdBy;
        copy.createdAt = i.createdAt;
        return copy;
    }

    /** The invitation, locked for the change the caller makes. */
    Optional<SurveyInvitation> lockInvitation(Connection c, UUID id) throws SQLException {
        return ModuleDatabase.first(c, "SELECT " + INVITATION_COLUMNS + " FROM survey_invitations WHERE id = ?"
                + " FOR UPDATE", JdbcSurveys::toInvitation, id);
    }

    /** Up to {@code limit} scheduled invitations due by {@code now}, locked; rows other nodes hold are skipped. */
    List<SurveyInvitation> lockDue(Connection c, Instant now, int limit) throws SQLException {
        return ModuleDatabase.list(c, "SELECT " + INVITATION_COLUMNS + " FROM survey_invitations WHERE status = ?"
                + " AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED", JdbcSurveys::toInvitation,
                SurveyInvitation.Status.SCHEDULED, now, limit);
    }

    /** Sends a locked, scheduled invitation: SENT with its expiry, and the event that carries its link. */
    /** @param before the invitation as it was, without its link ({@link #withoutLink}) */
    void markSent(Connection c, SurveyInvitation before, SurveyInvitation i, String actor) throws SQLException {
        ModuleDatabase.update(c, "UPDATE survey_invitations SET status = ?, sent_at = ?, expires_at = ?,"
                + " row_version = row_version + 1 WHERE id = ?", i.status, i.sentAt, i.expiresAt, i.id);
        audit.record(c, actor, INVITATION, i.id.toString(), AuditTrail.UPDATE, before, withoutLink(i));
        published(c, i, actor);
    }

    void markCancelled(Connection c, SurveyInvitation before, SurveyInvitation i, String actor) throws SQLException {
        ModuleDatabase.update(c, "UPDATE survey_invitations SET status = ?, cancel_reason = ?,"
                + " row_version = row_version + 1 WHERE id = ?", i.status, i.cancelReason, i.id);
        audit.record(c, actor, INVITATION, i.id.toString(), AuditTrail.UPDATE, before, withoutLink(i));
    }

    void markAnswered(Connection c, SurveyInvitation before, SurveyInvitation after) throws SQLException {
        ModuleDatabase.update(c, "UPDATE survey_invitations SET status = ?, answered_at = ?, response_id = ?,"
                + " row_version = row_version + 1 WHERE id = ?", after.status, after.answeredAt, after.responseId,
                after.id);
        audit.record(c, "customer", INVITATION, after.id.toString(), AuditTrail.UPDATE, before,
                withoutLink(after));
    }

    /** The {@code survey.invited} event of an invitation that just went out; its payload carries the link. */
    void published(Connection c, SurveyInvitation sent, String actor) throws SQLException {
        audit.publish(c, actor, EventTypes.SURVEY_INVITED, INVITATION, sent.id.toString(), sent);
    }

    public Optional<SurveyInvitation> invitation(UUID id) {
        return db.transaction("reading a survey invitation", c -> ModuleDatabase.first(c, "SELECT "
                + INVITATION_COLUMNS + " FROM survey_invitations WHERE id = ?", JdbcSurveys::toInvitation, id));
    }

    /** Invitations by filter, newest first. */
    public List<SurveyInvitation> invitations(UUID customerId, UUID caseId, String rep, int page, int size) {
        return page("listing survey invitations", "SELECT " + INVITATION_COLUMNS + " FROM survey_invitations",
                "created_at DESC, id", JdbcSurveys::toInvitation, customerId, caseId, rep, page, size);
    }

    public long countInvitations(UUID customerId, UUID caseId, String rep) {
        return count("counting survey invitations", "survey_invitations", customerId, caseId, rep);
    }

    /** One page of a table's rows for a customer and/or a case (both optional). */
    private <T> List<T> page(String what, String select, String order, ModuleDatabase.Row<T> row, UUID customerId,
            UUID caseId, String rep, int page, int size) {
        List<Object> params = new ArrayList<>();
        String sql = select + where(customerId, caseId, rep, params) + " ORDER BY " + order + " LIMIT ? OFFSET ?";
        params.add(size);
        params.add((long) page * size);
        return db.transaction(what, c -> ModuleDatabase.list(c, sql, row, params.toArray()));
    }

    private long count(String what, String table, UUID customerId, UUID caseId, String rep) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM " + table + where(customerId, caseId, rep, params);
        return db.transaction(what, c -> ModuleDatabase.first(c, sql, rs -> rs.getLong(1), params.toArray())
                .orElse(0L));
    }

    /** @param rep for a rep, only what concerns their own customers and cases; null for everything */
    private static String where(UUID customerId, UUID caseId, String rep, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (rep != null) {
            sql.append(" AND (customer_id IN (SELECT id FROM customers WHERE owner_rep = ?)"
                    + " OR case_id IN (SELECT id FROM recovery_cases WHERE owner_rep = ?))");
            params.add(rep);
            params.add(rep);
        }
        if (customerId != null) {
            sql.append(" AND customer_id = ?");
            params.add(customerId);
        }
        if (caseId != null) {
            sql.append(" AND case_id = ?");
            params.add(caseId);
        }
        return sql.toString();
    }

    private static SurveyInvitation toInvitation(ResultSet rs) throws SQLException {
        SurveyInvitation i = new SurveyInvitation();
        i.id = rs.getObject("id", UUID.class);
        i.customerId = rs.getObject("customer_id", UUID.class);
        i.caseId = rs.getObject("case_id", UUID.class);
        i.reason = SurveyInvitation.Reason.valueOf(rs.getString("reason"));
        i.kind = SurveyKind.valueOf(rs.getString("kind"));
        i.status = SurveyInvitation.Status.valueOf(rs.getString("status"));
        i.dueAt = ModuleDatabase.instant(rs, "due_at");
        i.sentAt = ModuleDatabase.instant(rs, "sent_at");
        i.expiresAt = ModuleDatabase.instant(rs, "expires_at");
        i.answeredAt = ModuleDatabase.instant(rs, "answered_at");
        i.responseId = rs.getObject("response_id", UUID.class);
        i.cancelReason = rs.getString("cancel_reason");
        i.createdBy = rs.getString("created_by");
        i.createdAt = ModuleDatabase.instant(rs, "created_at");
        return i;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The core's customers, read in the module's own transaction

    /** The reason of the customer's contact block, read in the module's transaction. */
    static Optional<String> contactBlock(Connection c, UUID customerId) throws SQLException {
        return ModuleDatabase.first(c, "SELECT contact_block_reason, contact_block_since FROM customers WHERE id = ?",
                rs -> rs.getObject("contact_block_since") == null ? ""
                        : java.util.Objects.requireNonNullElse(rs.getString("contact_block_reason"),
                                "the customer asked not to be contacted"),
                customerId).filter(reason -> !reason.isEmpty());
    }

    /** Records an audit entry of the module's own entity on {@code c}. */
    void audit(Connection c, String actor, String entityType, String id, String action, Object before, Object after)
            throws SQLException {
        audit.record(c, actor, entityType, id, action, before, after);
    }
}
