package dev.winback.reputation.survey;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.CustomerService;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.reputation.Band;
import dev.winback.reputation.Paging;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.Roles;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Survey answers and invitations: recording answers (API, import, the customer's link), corrections, the automatic
 * invitations that follow a case's closing, and the links customers answer through.
 */
@Component(service = Surveys.class, configurationPid = ReputationSettings.PID)
@Designate(ocd = ReputationSettings.class)
public class Surveys {
    /** Who Winback's own survey work is done as, in the audit trail and the event log. */
    public static final String SYSTEM_ACTOR = "system:reputation";
    /** Reads the core's customers and cases whatever their owner. */
    static final Actor READER = new Actor(SYSTEM_ACTOR, Set.of(Actor.ROLE_ADMIN));
    static final int COMMENT_MAX = 4000;
    static final int REASON_MAX = 2000;
    /** Answers dated this far ahead of our clock are refused; a little skew between systems is not. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

    private final JdbcSurveys store;
    private final CustomerService customers;
    private final RecoveryCaseService cases;
    private final ReputationSettings settings;
    private final SurveyLinks links;
    /** When the module first started on this database; cases closed before get no invitations. */
    private final Instant trackingSince;

    @Activate
    public Surveys(@Reference JdbcSurveys store, @Reference CustomerService customers,
            @Reference RecoveryCaseService cases, ReputationSettings settings) {
        this.store = store;
        this.customers = customers;
        this.cases = cases;
        this.settings = checked(settings);
        this.links = new SurveyLinks(store.linkSecret());
        this.trackingSince = store.trackingSince();
    }

    /** Settings that cannot work stop the module with a message in the log, rather than skew every figure. */
    private static ReputationSettings checked(ReputationSettings s) {
        List<String> wrong = new ArrayList<>();
        if (s.npsDetractorMax() < 0 || s.npsDetractorMax() >= s.npsPromoterMin() || s.npsPromoterMin() > 10) {
            wrong.add("npsDetractorMax must be below npsPromoterMin, both from 0 to 10");
        }
        if (s.csatDetractorMax() < 1 || s.csatDetractorMax() >= s.csatPromoterMin() || s.csatPromoterMin() > 5) {
            wrong.add("csatDetractorMax must be below csatPromoterMin, both from 1 to 5");
        }
        if (s.linkValidDays() < 1 || s.afterWinBackDays() < 0 || s.firstContactSlaHours() < 1
                || s.complaintMaxAgeDays() < 1 || s.reEngagementDays() < 1) {
            wrong.add("linkValidDays, firstContactSlaHours, complaintMaxAgeDays and reEngagementDays must be 1 or "
                    + "more, afterWinBackDays 0 or more");
        }
        if (s.unhappyTells() < 0 || s.happyTells() < 0) {
            wrong.add("unhappyTells and happyTells must not be negative");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("etc/" + ReputationSettings.PID + ".cfg: " + String.join("; ", wrong));
        }
        return s;
    }

    public ReputationSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Answers

    /**
     * Records an answer given to a user or the host (channel API).
     *
     * @throws InvalidInputException a field is missing or out of range
     * @throws UnknownReferenceException the customer or case does not exist
     * @throws UnprocessableException the case belongs to another customer
     */
    public SurveyResponse record(SurveyResponse in, Actor actor) {
        Roles.user(actor);
        if (in == null) {
            throw new InvalidInputException("body", "is required: customerId, kind, score, and optionally comment, "
                    + "caseId, respondedAt");
        }
        SurveyResponse r = checked(in, actor, "");
        r.channel = SurveyResponse.Channel.API;
        r.recordedBy = actor.name();
        r.recordedAt = store.now();
        store.db().transaction("recording a survey answer", c -> {
            store.insertResponse(c, r);
            return null;
        });
        return withBand(r);
    }

    /**
     * A correction of an answer staff recorded wrongly (through the API or an import): a new answer that replaces
     * the old one in the figures; both stay on record. A customer's own answer through their link is never
     * corrected, and nothing is ever deleted.
     */
    public SurveyResponse correct(UUID id, Correction body, Actor actor) {
        Roles.manager(actor, "Correcting a survey answer");
        SurveyResponse original = store.response(id)
                .orElseThrow(() -> new NotFoundException("No survey answer has id '" + id + "'"));
        if (body == null) {
            throw new InvalidInputException("body", "is required: score, comment and reason");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (body.reason == null || body.reason.isBlank()) {
            problems.add(new FieldProblem("reason", "is required: say why the recorded answer was wrong"));
        }
        scoreProblem(original.kind, body.score, "score").ifPresent(problems::add);
        Texts.check("comment", body.comment, COMMENT_MAX, problems);
        Texts.check("reason", body.reason, REASON_MAX, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (original.channel != SurveyResponse.Channel.API) {
            // What a customer gave through their link, or a survey tool's file, is the customer's: only a slip of
            // someone who typed an answer in can be corrected.
            throw new UnprocessableException("id", "This answer came " + (original.channel
                    == SurveyResponse.Channel.LINK ? "from the customer through their survey link" : "from an "
                    + "import of the customer's answers") + ": it stands as they gave it and cannot be corrected");
        }
        if (original.correctedBy != null) {
            throw new ConflictException("This answer was corrected already by " + original.correctedBy
                    + "; correct that one instead");
        }
        SurveyResponse r = new SurveyResponse();
        r.id = UUID.randomUUID();
        r.customerId = original.customerId;
        r.caseId = original.caseId;
        r.kind = original.kind;
        r.score = body.score;
        r.comment = blankToNull(body.comment);
        // The correction stands for the same answer, so it keeps its date.
        r.respondedAt = original.respondedAt;
        r.channel = SurveyResponse.Channel.API;
        r.correctsId = original.id;
        r.correctionReason = body.reason.strip();
        r.recordedBy = actor.name();
        r.recordedAt = store.now();
        store.db().transaction("correcting a survey answer", c -> {
            // Marked first: of two corrections at once, the second finds it marked and is a 409, not a 500.
            if (!store.markCorrected(c, original.id, r.id)) {
                throw new ConflictException("This answer was corrected by someone else just now; reload it");
            }
            store.insertResponse(c, r);
            SurveyResponse after = copyCorrected(original, r.id);
            store.audit(c, actor.name(), JdbcSurveys.RESPONSE, original.id.toString(), "update", original, after);
            return null;
        });
        return withBand(r);
    }

    /** The body of a correction. */
    public static class Correction {
        public Integer score;
        public String comment;
        public String reason;
    }

    /** @throws NotFoundException no such answer, or (for a rep) one of someone else's customer and case */
    public SurveyResponse response(UUID id, Actor actor) {
        Roles.user(actor);
        return withBand(store.response(id).filter(r -> sees(actor, r.customerId, r.caseId)).orElseThrow(
                () -> new NotFoundException("No survey answer has id '" + id + "'")));
    }

    /**
     * Whether the actor may see what concerns this customer (and case): managers and admins everything, a rep what
     * concerns the customers they own or the cases they run, as with cases.
     */
    public boolean sees(Actor actor, UUID customerId, UUID caseId) {
        if (actor.seesAllCases()) {
            return true;
        }
        Optional<Customer> customer = customers.get(customerId, READER);
        if (customer.isPresent() && actor.name().equals(customer.get().ownerRep)) {
            return true;
        }
        if (caseId != null) {
            return cases.get(caseId, READER).map(c -> actor.name().equals(c.ownerRep)).orElse(false);
        }
        dev.winback.api.dto.CaseQuery mine = new dev.winback.api.dto.CaseQuery();
        mine.customerId = customerId;
        mine.ownerRep = actor.name();
        mine.size = 1;
        return !cases.find(mine, READER).items.isEmpty();
    }

    private static String repOf(Actor actor) {
        return actor.seesAllCases() ? null : actor.name();
    }

    /** A customer's answers, oldest first, corrected ones and their corrections included. */
    public List<SurveyResponse> answersOf(UUID customerId) {
        List<SurveyResponse> answers = store.responsesOf(customerId);
        answers.forEach(this::withBand);
        return answers;
    }

    public Page<SurveyResponse> responses(UUID customerId, UUID caseId, int page, int size, Actor actor) {
        Roles.user(actor);
        Paging.check(page, size);
        List<SurveyResponse> items = store.responses(customerId, caseId, repOf(actor), page, size);
        items.forEach(this::withBand);
        return new Page<>(items, page, size, store.countResponses(customerId, caseId, repOf(actor)));
    }

    /**
     * Checks one answer as given (by the API or a line of an import) and resolves its customer: the result has an
     * id, the customer's id and every field it will be stored with but channel and who recorded it.
     *
     * @param prefix what names the answer's fields in messages ("" or "line 12: ")
     */
    SurveyResponse checked(SurveyResponse in, Actor actor, String prefix) {
        return checked(in, actor, prefix, new java.util.HashMap<>());
    }

    /** As above, with the customers found so far by the key they were named with (an import names many twice). */
    SurveyResponse checked(SurveyResponse in, Actor actor, String prefix, java.util.Map<String, Customer> known) {
        List<FieldProblem> problems = new ArrayList<>();
        if (in.kind == null) {
            problems.add(new FieldProblem(prefix + "kind", "is required: NPS (score 0-10) or CSAT (score 1-5)"));
        } else {
            scoreProblem(in.kind, in.score, prefix + "score").ifPresent(problems::add);
        }
        Texts.check(prefix + "comment", in.comment, COMMENT_MAX, problems);
        Instant now = store.now();
        if (in.respondedAt != null && in.respondedAt.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add(new FieldProblem(prefix + "respondedAt", "lies in the future (" + in.respondedAt + ")"));
        } else if (in.respondedAt != null && in.respondedAt.isBefore(EARLIEST)) {
            problems.add(new FieldProblem(prefix + "respondedAt", "lies before 1990 (" + in.respondedAt + ")"));
        }
        boolean byId = in.customerId != null;
        boolean byKey = in.externalId != null || in.source != null;
        if (byId == byKey) {
            problems.add(new FieldProblem(prefix + "customerId", "name the customer by customerId, or by source and "
                    + "externalId (the host's key), not both"));
        } else if (byKey && (blank(in.externalId) || blank(in.source))) {
            problems.add(new FieldProblem(prefix + "externalId", "needs source as well: the host's key is unique "
                    + "within its source"));
        }
        for (String field : unsettable(in)) {
            problems.add(new FieldProblem(prefix + field, "is set by Winback, not by the caller"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String key = byId ? in.customerId.toString() : in.source.strip() + "\u0000" + in.externalId.strip();
        Customer found = known.get(key);
        if (found == null) {
            found = (byId ? customers.get(in.customerId, READER)
                    : customers.findByExternalId(in.source.strip(), in.externalId.strip(), READER)).orElse(null);
            if (found != null) {
                known.put(key, found);
            }
        }
        Customer customer = java.util.Optional.ofNullable(found)
                .orElseThrow(() -> new UnknownReferenceException(prefix + (byId ? "customerId" : "externalId"),
                        byId ? "No customer has id '" + in.customerId + "'"
                                : "No customer of source '" + in.source + "' has externalId '" + in.externalId + "'"));
        if (in.caseId != null) {
            RecoveryCase c = cases.get(in.caseId, READER).orElseThrow(() -> new UnknownReferenceException(prefix
                    + "caseId", "No case has id '" + in.caseId + "'"));
            if (!c.customerId.equals(customer.id)) {
                throw new UnprocessableException(prefix + "caseId", "Case " + c.id + " is another customer's case");
            }
        }
        // A rep's answer moves their own figures: they record answers for the customers and cases they own only.
        if (!actor.seesAllCases() && !actor.name().equals(customer.ownerRep)
                && (in.caseId == null || !sees(actor, customer.id, in.caseId))) {
            throw new AccessDeniedException("A rep records survey answers for their own customers and cases only; "
                    + "customer " + customer.id + " is " + (customer.ownerRep == null ? "nobody's"
                    : customer.ownerRep + "'s"));
        }
        SurveyResponse r = new SurveyResponse();
        r.id = UUID.randomUUID();
        r.customerId = customer.id;
        r.caseId = in.caseId;
        r.kind = in.kind;
        r.score = in.score;
        r.comment = blankToNull(in.comment);
        r.respondedAt = in.respondedAt == null ? now : in.respondedAt;
        return r;
    }

    private static List<String> unsettable(SurveyResponse in) {
        List<String> fields = new ArrayList<>();
        if (in.id != null) {
            fields.add("id");
        }
        if (in.channel != null) {
            fields.add("channel");
        }
        if (in.invitationId != null) {
            fields.add("invitationId");
        }
        if (in.correctsId != null || in.correctionReason != null || in.correctedBy != null) {
            fields.add("correctsId");
        }
        if (in.band != null) {
            fields.add("band");
        }
        if (in.recordedBy != null || in.recordedAt != null) {
            fields.add("recordedBy");
        }
        return fields;
    }

    static Optional<FieldProblem> scoreProblem(SurveyKind kind, Integer score, String field) {
        if (score == null) {
            return Optional.of(new FieldProblem(field, "is required: a whole number from " + kind.min + " to "
                    + kind.max + " for " + kind));
        }
        if (score < kind.min || score > kind.max) {
            return Optional.of(new FieldProblem(field, "must be from " + kind.min + " to " + kind.max + " for " + kind
                    + " (got " + score + ")"));
        }
        return Optional.empty();
    }

    SurveyResponse withBand(SurveyResponse r) {
        r.band = Band.of(r.kind, r.score, settings);
        return r;
    }

    private static SurveyResponse copyCorrected(SurveyResponse o, UUID correctedBy) {
        SurveyResponse c = new SurveyResponse();
        c.id = o.id;
        c.customerId = o.customerId;
        c.caseId = o.caseId;
        c.kind = o.kind;
        c.score = o.score;
        c.comment = o.comment;
        c.respondedAt = o.respondedAt;
        c.channel = o.channel;
        c.invitationId = o.invitationId;
        c.correctsId = o.correctsId;
        c.correctionReason = o.correctionReason;
        c.correctedBy = correctedBy;
        c.recordedBy = o.recordedBy;
        c.recordedAt = o.recordedAt;
        return c;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Invitations

    /**
     * The invitations that follow a case's closing, once per case: one now, whatever the outcome, and for a win-back
     * a second one {@code afterWinBackDays} later. A customer with a contact block gets none (the record says why).
     */
    public void onCaseClosed(RecoveryCase closed) {
        if (closed == null || closed.id == null || closed.customerId == null || closed.status == null
                || closed.status == CaseStatus.OPEN || closed.status == CaseStatus.PAUSED) {
            return;
        }
        if (closed.closedAt != null && closed.closedAt.isBefore(trackingSince)) {
            // Closed before reputation tracking began on this database: its customer was never promised a survey.
            return;
        }
        store.db().transaction("inviting a customer to a survey", c -> {
            Instant now = store.now();
            if (!store.hasInvitation(c, closed.id, SurveyInvitation.Reason.CASE_CLOSED)) {
                SurveyInvitation i = draft(closed.customerId, closed.id, SurveyInvitation.Reason.CASE_CLOSED,
                        kind(), now, SYSTEM_ACTOR);
                sendOrCancel(c, i, now);
                store.insertInvitation(c, i);
                if (i.status == SurveyInvitation.Status.SENT) {
                    store.published(c, linked(i), SYSTEM_ACTOR);
                }
            }
            if (closed.status == CaseStatus.WON_BACK && settings.afterWinBackDays() > 0
                    && !store.hasInvitation(c, closed.id, SurveyInvitation.Reason.AFTER_WIN_BACK)) {
                Instant closedAt = closed.closedAt == null ? now : closed.closedAt;
                SurveyInvitation later = draft(closed.customerId, closed.id, SurveyInvitation.Reason.AFTER_WIN_BACK,
                        kind(), closedAt.plus(Duration.ofDays(settings.afterWinBackDays())), SYSTEM_ACTOR);
                later.status = SurveyInvitation.Status.SCHEDULED;
                store.insertInvitation(c, later);
            }
            return null;
        });
    }

    /** Sends the scheduled invitations that have come due; returns how many it handled (sent or cancelled). */
    public int sendDue() {
        int handled = 0;
        while (true) {
            int batch = store.db().transaction("sending due survey invitations", c -> {
                Instant now = store.now();
                List<SurveyInvitation> due = store.lockDue(c, now, 100);
                for (SurveyInvitation i : due) {
                    SurveyInvitation before = JdbcSurveys.withoutLink(i);
                    sendOrCancel(c, i, now);
                    if (i.status == SurveyInvitation.Status.SENT) {
                        store.markSent(c, before, linked(i), SYSTEM_ACTOR);
                    } else {
                        store.markCancelled(c, before, i, SYSTEM_ACTOR);
                    }
                }
                return due.size();
            });
            handled += batch;
            if (batch < 100) {
                return handled;
            }
        }
    }

    /**
     * A manager's invitation for one customer (and, optionally, one of their cases), sent at once.
     *
     * @throws UnprocessableException the customer carries a contact block
     */
    public SurveyInvitation invite(Invite body, Actor actor) {
        Roles.manager(actor, "Sending a survey invitation by hand");
        if (body == null || body.customerId == null) {
            throw new InvalidInputException("customerId", "is required");
        }
        Customer customer = customers.get(body.customerId, READER).orElseThrow(() -> new UnknownReferenceException(
                "customerId", "No customer has id '" + body.customerId + "'"));
        if (body.caseId != null) {
            RecoveryCase c = cases.get(body.caseId, actor).orElseThrow(() -> new UnknownReferenceException("caseId",
                    "No case has id '" + body.caseId + "'"));
            if (!c.customerId.equals(customer.id)) {
                throw new UnprocessableException("caseId", "Case " + c.id + " is another customer's case");
            }
        }
        return store.db().transaction("inviting a customer to a survey", c -> {
            Instant now = store.now();
            SurveyInvitation i = draft(customer.id, body.caseId, SurveyInvitation.Reason.MANUAL,
                    body.kind == null ? kind() : body.kind, now, actor.name());
            sendOrCancel(c, i, now);
            if (i.status != SurveyInvitation.Status.SENT) {
                throw new UnprocessableException("customerId", "The customer asked not to be contacted ("
                        + i.cancelReason + "): no survey goes to them");
            }
            store.insertInvitation(c, i);
            SurveyInvitation sent = linked(i);
            store.published(c, sent, actor.name());
            return sent;
        });
    }

    /** The body of a manager's invitation. */
    public static class Invite {
        public UUID customerId;
        public UUID caseId;
        public SurveyKind kind;
    }

    public Page<SurveyInvitation> invitations(UUID customerId, UUID caseId, int page, int size, Actor actor) {
        Roles.user(actor);
        Paging.check(page, size);
        List<SurveyInvitation> items = store.invitations(customerId, caseId, repOf(actor), page, size);
        // A link lets whoever holds it answer as the customer: it goes to the host (the survey.invited event) and
        // to managers and admins, never to reps, whose figures the answers move.
        items.replaceAll(i -> actor.seesAllCases() ? linked(i) : i);
        return new Page<>(items, page, size, store.countInvitations(customerId, caseId, repOf(actor)));
    }

    private SurveyInvitation draft(UUID customerId, UUID caseId, SurveyInvitation.Reason reason, SurveyKind kind,
            Instant due, String by) {
        SurveyInvitation i = new SurveyInvitation();
        i.id = UUID.randomUUID();
        i.customerId = customerId;
        i.caseId = caseId;
        i.reason = reason;
        i.kind = kind;
        i.dueAt = due;
        i.createdBy = by;
        i.createdAt = store.now();
        return i;
    }

    /** SENT with its expiry, or CANCELLED when the customer carries a contact block now. */
    private void sendOrCancel(java.sql.Connection c, SurveyInvitation i, Instant now) throws java.sql.SQLException {
        Optional<String> block = JdbcSurveys.contactBlock(c, i.customerId);
        if (block.isPresent()) {
            i.status = SurveyInvitation.Status.CANCELLED;
            i.cancelReason = "contact block: " + block.get();
            return;
        }
        i.status = SurveyInvitation.Status.SENT;
        i.sentAt = now;
        i.expiresAt = now.plus(Duration.ofDays(settings.linkValidDays())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The invitation with its link while it can be answered. */
    SurveyInvitation linked(SurveyInvitation i) {
        i.link = i.status == SurveyInvitation.Status.SENT && i.expiresAt != null && i.expiresAt.isAfter(store.now())
                ? link(i) : null;
        return i;
    }

    String link(SurveyInvitation i) {
        String base = settings.publicBaseUrl().strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + SurveyPage.PATH_PREFIX + links.sign(i.id, i.expiresAt);
    }

    private SurveyKind kind() {
        try {
            return SurveyKind.valueOf(settings.invitationKind().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SurveyKind.NPS;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The customer's link

    /** What a survey link leads to. */
    public enum LinkState {
        /** Open: the form may be answered. */
        OPEN,
        /** Not a token we signed (or for an invitation that does not exist): 404. */
        UNKNOWN,
        /** Past its expiry, or withdrawn: 410. */
        EXPIRED,
        /** Answered already: 409. */
        USED,
        /** Just answered. */
        ANSWERED
    }

    /** The state of a link and, when it is genuine, its invitation. */
    public record Link(LinkState state, SurveyInvitation invitation) {
    }

    public Link open(String token) {
        return open(links.verify(token));
    }

    private Link open(Optional<SurveyLinks.Token> t) {
        if (t.isEmpty()) {
            return new Link(LinkState.UNKNOWN, null);
        }
        Optional<SurveyInvitation> found = store.invitation(t.get().invitationId());
        if (found.isEmpty()) {
            return new Link(LinkState.UNKNOWN, null);
        }
        return new Link(state(found.get(), t.get(), store.now()), found.get());
    }

    /**
     * The customer answers through their link, once.
     *
     * @param score the form field as sent
     * @throws InvalidInputException the score is missing or out of range, the comment too long (the link stays open)
     */
    public Link answer(String token, String score, String comment) {
        Optional<SurveyLinks.Token> signed = links.verify(token);
        Link link = open(signed);
        if (link.state() != LinkState.OPEN) {
            return link;
        }
        SurveyInvitation invitation = link.invitation();
        Integer value;
        try {
            value = score == null || score.isBlank() ? null : Integer.valueOf(score.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("score", "Please choose a score from " + invitation.kind.min + " to "
                    + invitation.kind.max + ".");
        }
        if (scoreProblem(invitation.kind, value, "score").isPresent()) {
            throw new InvalidInputException("score", "Please choose a score from " + invitation.kind.min + " to "
                    + invitation.kind.max + ".");
        }
        if (comment != null && comment.length() > COMMENT_MAX) {
            throw new InvalidInputException("comment", "Please keep your comment under " + COMMENT_MAX
                    + " characters.");
        }
        // Characters no keyboard types (a NUL, which PostgreSQL would refuse) are dropped, not held against them.
        String said = comment == null ? null : Texts.CONTROL.matcher(comment).replaceAll("");
        return store.db().transaction("recording a survey answer from its link", c -> {
            // Locked, so two submissions of one form cannot both be recorded.
            SurveyInvitation locked = store.lockInvitation(c, invitation.id).orElseThrow();
            Instant now = store.now();
            LinkState state = state(locked, signed.orElseThrow(), now);
            if (state != LinkState.OPEN) {
                return new Link(state, locked);
            }
            SurveyResponse r = new SurveyResponse();
            r.id = UUID.randomUUID();
            r.customerId = locked.customerId;
            r.caseId = locked.caseId;
            r.kind = locked.kind;
            r.score = value;
            r.comment = blankToNull(said);
            r.respondedAt = now;
            r.channel = SurveyResponse.Channel.LINK;
            r.invitationId = locked.id;
            r.recordedBy = "customer";
            r.recordedAt = now;
            store.insertResponse(c, r);
            SurveyInvitation before = JdbcSurveys.withoutLink(locked);
            locked.status = SurveyInvitation.Status.ANSWERED;
            locked.answeredAt = now;
            locked.responseId = r.id;
            store.markAnswered(c, before, locked);
            return new Link(LinkState.ANSWERED, locked);
        });
    }

    /** The link's state: the earlier of the token's and the invitation's expiry counts. */
    private static LinkState state(SurveyInvitation i, SurveyLinks.Token token, Instant now) {
        switch (i.status) {
            case ANSWERED:
                return LinkState.USED;
            case SENT:
                boolean open = i.expiresAt != null && now.isBefore(i.expiresAt) && now.isBefore(token.expiresAt());
                return open ? LinkState.OPEN : LinkState.EXPIRED;
            default:
                // A link is only ever signed for a sent invitation.
                return LinkState.EXPIRED;
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
