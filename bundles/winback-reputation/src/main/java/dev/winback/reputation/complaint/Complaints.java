package dev.winback.reputation.complaint;

import dev.winback.api.Actor;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.Band;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.survey.SurveyResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop on detractors: a detractor answer opens a COMPLAINT case (unless the customer has a running case,
 * which then takes it) with a time-to-first-contact SLA, and the first step that contacts the customer on that case
 * afterwards stops the clock.
 */
@Component(service = Complaints.class, configurationPid = ReputationSettings.PID)
public class Complaints {
    private static final Logger LOG = LoggerFactory.getLogger(Complaints.class);
    static final String ACTOR_NAME = "system:reputation";
    /** Opens cases as Winback itself; the case's owner is the customer's owner rep. */
    private static final Actor OPENER = new Actor(ACTOR_NAME, Set.of(Actor.ROLE_ADMIN));
    static final String ENTITY = "complaint";
    private static final String COLUMNS = "id, response_id, customer_id, status, case_id, note, answered_at,"
            + " received_at, first_contact_due_at, first_contact_at, created_at";

    private final ModuleDatabase db;
    private final AuditTrail audit;
    private final RecoveryCaseService cases;
    private final ReputationSettings settings;

    @Activate
    public Complaints(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema,
            @Reference AuditTrail audit, @Reference RecoveryCaseService cases, ReputationSettings settings) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit, cases, settings);
    }

    public Complaints(ModuleDatabase db, AuditTrail audit, RecoveryCaseService cases, ReputationSettings settings) {
        this.db = db;
        this.audit = audit;
        this.cases = cases;
        this.settings = settings;
    }

    /**
     * Follows up one answer (from the event log, so at least once): nothing unless it is a detractor answer, recent
     * enough, not a correction of an answer that had its complaint, and not handled before.
     */
    public void onAnswered(SurveyResponse answer) {
        if (answer.kind == null || answer.score == null
                || Band.of(answer.kind, answer.score, settings) != Band.DETRACTOR) {
            return;
        }
        Instant received = answer.recordedAt == null ? db.now() : answer.recordedAt;
        if (answer.respondedAt.isBefore(received.minus(Duration.ofDays(settings.complaintMaxAgeDays())))) {
            return;
        }
        boolean handled = db.transaction("reading complaints", c -> exists(c, answer.id)
                || answer.correctsId != null && exists(c, answer.correctsId));
        if (handled) {
            return;
        }
        Complaint complaint = new Complaint();
        complaint.id = UUID.randomUUID();
        complaint.responseId = answer.id;
        complaint.customerId = answer.customerId;
        complaint.answeredAt = answer.respondedAt;
        complaint.receivedAt = received;
        complaint.firstContactDueAt = received.plus(Duration.ofHours(settings.firstContactSlaHours()));
        Optional<RecoveryCase> open = running(answer.customerId, CaseStatus.OPEN);
        if (open.isPresent()) {
            attach(complaint, open.get());
        } else {
            // A paused case contacts nobody until its strategy is back: the complaint gets a case of its own.
            boolean paused = running(answer.customerId, CaseStatus.PAUSED).isPresent();
            try {
                RecoveryCase opened = cases.open(draft(answer, paused), OPENER);
                complaint.status = Complaint.Status.OPENED;
                complaint.caseId = opened.id;
            } catch (ExistingCaseException e) {
                // A case was opened for the customer since we looked: it takes the complaint.
                complaint.status = Complaint.Status.ATTACHED;
                complaint.caseId = e.existingCaseId();
                complaint.note = "taken by the customer's running case";
            } catch (UnprocessableException | UnknownReferenceException e) {
                complaint.status = Complaint.Status.NOT_OPENED;
                complaint.note = ModuleDatabase.clip(e.getMessage(), 2000);
                LOG.info("No complaint case for detractor answer {}: {}", answer.id, e.getMessage());
            }
        }
        // A contact made on the running case since the answer reached Winback counts, even one made before this
        // ran; a case opened just now has none yet, and its steps' events come after this one.
        if (complaint.status == Complaint.Status.ATTACHED) {
            cases.get(complaint.caseId, OPENER).ifPresent(c -> complaint.firstContactAt = firstContact(c,
                    complaint.receivedAt));
        }
        db.transaction("recording a complaint", c -> {
            if (exists(c, answer.id)) {
                return null;
            }
            complaint.createdAt = db.now();
            ModuleDatabase.update(c, "INSERT INTO complaints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?)", complaint.id, complaint.responseId, complaint.customerId, complaint.status,
                    complaint.caseId, complaint.note, complaint.answeredAt, complaint.receivedAt,
                    complaint.firstContactDueAt, complaint.firstContactAt, complaint.createdAt);
            audit.record(c, ACTOR_NAME, ENTITY, complaint.id.toString(), AuditTrail.CREATE, null, complaint);
            return null;
        });
    }

    /** The first step completed on the case that contacted the customer at or after {@code from}, if any. */
    private static Instant firstContact(RecoveryCase c, Instant from) {
        Instant first = null;
        for (RecoveryStep step : c.steps == null ? List.<RecoveryStep>of() : c.steps) {
            Instant at = step.outcome == null ? null : step.outcome.recordedAt;
            if (step.contactsCustomer && at != null && !at.isBefore(from) && (first == null || at.isBefore(first))) {
                first = at;
            }
        }
        return first;
    }

    private static void attach(Complaint complaint, RecoveryCase running) {
        complaint.status = Complaint.Status.ATTACHED;
        complaint.caseId = running.id;
        complaint.note = "taken by the customer's running " + running.lossKind + " case";
    }

    /**
     * A step was completed: the first one after a complaint that contacted the customer on its case stops that
     * complaint's clock.
     */
    public void onStepCompleted(RecoveryCase changed) {
        if (changed.steps == null || changed.steps.isEmpty()) {
            return;
        }
        db.transaction("recording a complaint's first contact", c -> {
            List<Complaint> waiting = ModuleDatabase.list(c, "SELECT " + COLUMNS + " FROM complaints WHERE case_id = ?"
                    + " AND first_contact_at IS NULL FOR UPDATE", Complaints::toComplaint, changed.id);
            for (Complaint complaint : waiting) {
                Instant first = firstContact(changed, complaint.receivedAt);
                if (first != null) {
                    ModuleDatabase.update(c, "UPDATE complaints SET first_contact_at = ? WHERE id = ?", first,
                            complaint.id);
                    Complaint before = toComplaintCopy(complaint);
                    complaint.firstContactAt = first;
                    complaint.contactedInTime = !first.isAfter(complaint.firstContactDueAt);
                    audit.record(c, ACTOR_NAME, ENTITY, complaint.id.toString(), AuditTrail.UPDATE, before,
                            complaint);
                }
            }
            return null;
        });
    }

    /** A customer's complaints, oldest first. */
    public List<Complaint> of(UUID customerId) {
        return db.transaction("reading a customer's complaints", c -> ModuleDatabase.list(c, "SELECT " + COLUMNS
                + " FROM complaints WHERE customer_id = ? ORDER BY answered_at, created_at", Complaints::toComplaint,
                customerId));
    }

    private Optional<RecoveryCase> running(UUID customerId, CaseStatus status) {
        dev.winback.api.dto.CaseQuery query = new dev.winback.api.dto.CaseQuery();
        query.customerId = customerId;
        query.status = status;
        query.size = 1;
        return cases.find(query, OPENER).items.stream().findFirst();
    }

    private static Complaint toComplaintCopy(Complaint c) {
        Complaint copy = new Complaint();
        copy.id = c.id;
        copy.responseId = c.responseId;
        copy.customerId = c.customerId;
        copy.status = c.status;
        copy.caseId = c.caseId;
        copy.note = c.note;
        copy.answeredAt = c.answeredAt;
        copy.receivedAt = c.receivedAt;
        copy.firstContactDueAt = c.firstContactDueAt;
        copy.firstContactAt = c.firstContactAt;
        copy.contactedInTime = c.contactedInTime;
        copy.createdAt = c.createdAt;
        return copy;
    }

    private RecoveryCase draft(SurveyResponse answer, boolean parallel) {
        RecoveryCase draft = new RecoveryCase();
        draft.parallel = parallel ? Boolean.TRUE : null;
        draft.customerId = answer.customerId;
        draft.lossKind = LossKind.COMPLAINT;
        draft.lossReason = settings.complaintLossReason();
        draft.lostAt = answer.respondedAt;
        String said = answer.comment == null ? "" : ": \"" + ModuleDatabase.clip(answer.comment, 2000) + "\"";
        draft.notes = "Opened for a detractor answer (" + answer.kind + " " + answer.score + ") given on "
                + answer.respondedAt + said + ". Contact the customer within " + settings.firstContactSlaHours()
                + " hours.";
        return draft;
    }

    private static boolean exists(Connection c, UUID responseId) throws SQLException {
        return ModuleDatabase.first(c, "SELECT 1 FROM complaints WHERE response_id = ?", rs -> Boolean.TRUE,
                responseId).isPresent();
    }

    static Complaint toComplaint(ResultSet rs) throws SQLException {
        Complaint complaint = new Complaint();
        complaint.id = rs.getObject("id", UUID.class);
        complaint.responseId = rs.getObject("response_id", UUID.class);
        complaint.customerId = rs.getObject("customer_id", UUID.class);
        complaint.status = Complaint.Status.valueOf(rs.getString("status"));
        complaint.caseId = rs.getObject("case_id", UUID.class);
        complaint.note = rs.getString("note");
        complaint.answeredAt = ModuleDatabase.instant(rs, "answered_at");
        complaint.receivedAt = ModuleDatabase.instant(rs, "received_at");
        complaint.firstContactDueAt = ModuleDatabase.instant(rs, "first_contact_due_at");
        complaint.firstContactAt = ModuleDatabase.instant(rs, "first_contact_at");
        complaint.contactedInTime = complaint.firstContactAt == null ? null
                : !complaint.firstContactAt.isAfter(complaint.firstContactDueAt);
        complaint.createdAt = ModuleDatabase.instant(rs, "created_at");
        return complaint;
    }
}
