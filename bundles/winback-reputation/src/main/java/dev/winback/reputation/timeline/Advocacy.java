package dev.winback.reputation.timeline;

import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.Roles;
import dev.winback.reputation.Texts;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Advocacy recorded through the API: testimonials, referrals (with the revenue they bring), public reviews. */
@Component(service = Advocacy.class)
public class Advocacy {
    static final String ENTITY = "advocacy";
    private static final Actor READER = new Actor("system:reputation", Set.of(Actor.ROLE_ADMIN));
    private static final int NOTE_MAX = 2000;
    private static final int NAME_MAX = 255;
    private static final String COLUMNS = "id, customer_id, kind, occurred_on, note, referred_customer_id,"
            + " referred_name, site, rating, rating_scale, recorded_by, recorded_at";

    private final ModuleDatabase db;
    private final AuditTrail audit;
    private final CustomerService customers;

    @Activate
    public Advocacy(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema,
            @Reference AuditTrail audit, @Reference CustomerService customers) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit, customers);
    }

    public Advocacy(ModuleDatabase db, AuditTrail audit, CustomerService customers) {
        this.db = db;
        this.audit = audit;
        this.customers = customers;
    }

    /**
     * Records one event for the customer.
     *
     * @throws NotFoundException no such customer
     * @throws InvalidInputException fields missing, out of range or not for the kind (a review's text is refused)
     * @throws UnknownReferenceException the referred customer does not exist
     */
    public AdvocacyEvent record(UUID customerId, AdvocacyEvent in, Actor actor) {
        Roles.user(actor);
        customers.get(customerId, READER).orElseThrow(() -> new NotFoundException("No customer has id '"
                + customerId + "'"));
        if (in == null) {
            throw new InvalidInputException("body", "is required: kind (TESTIMONIAL, REFERRAL or PUBLIC_REVIEW) and "
                    + "the fields of that kind");
        }
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate today = db.now().atZone(ZoneOffset.UTC).toLocalDate();
        if (in.id != null || in.customerId != null || in.recordedBy != null || in.recordedAt != null
                || in.referralRevenue != null) {
            problems.add(new FieldProblem("id", "id, customerId, referralRevenue, recordedBy and recordedAt are set "
                    + "by Winback"));
        }
        if (in.kind == null) {
            problems.add(new FieldProblem("kind", "is required: TESTIMONIAL, REFERRAL or PUBLIC_REVIEW"));
        }
        if (in.occurredOn != null && in.occurredOn.isAfter(today)) {
            problems.add(new FieldProblem("occurredOn", "lies in the future (" + in.occurredOn + ")"));
        }
        Texts.check("note", in.note, NOTE_MAX, problems);
        Texts.check("referredName", in.referredName, NAME_MAX, problems);
        Texts.check("site", in.site, NAME_MAX, problems);
        if (in.kind != null) {
            kindProblems(in, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (in.referredCustomerId != null) {
            if (in.referredCustomerId.equals(customerId)) {
                throw new UnprocessableException("referredCustomerId", "A customer cannot refer themselves");
            }
            customers.get(in.referredCustomerId, READER).orElseThrow(() -> new UnknownReferenceException(
                    "referredCustomerId", "No customer has id '" + in.referredCustomerId + "'"));
        }
        AdvocacyEvent e = new AdvocacyEvent();
        e.id = UUID.randomUUID();
        e.customerId = customerId;
        e.kind = in.kind;
        e.occurredOn = in.occurredOn == null ? today : in.occurredOn;
        e.note = blankToNull(in.note);
        e.referredCustomerId = in.referredCustomerId;
        e.referredName = blankToNull(in.referredName);
        e.site = in.site == null ? null : in.site.strip();
        e.rating = in.rating;
        e.ratingScale = in.kind == AdvocacyEvent.Kind.PUBLIC_REVIEW
                ? (in.ratingScale == null ? Integer.valueOf(5) : in.ratingScale) : null;
        e.recordedBy = actor.name();
        e.recordedAt = db.now();
        db.transaction("recording advocacy", c -> {
            ModuleDatabase.update(c, "INSERT INTO advocacy_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?)", e.id, e.customerId, e.kind, Date.valueOf(e.occurredOn), e.note,
                    e.referredCustomerId, e.referredName, e.site, e.rating, e.ratingScale, e.recordedBy,
                    e.recordedAt);
            audit.record(c, actor.name(), ENTITY, e.id.toString(), AuditTrail.CREATE, null, e);
            return null;
        });
        if (e.referredCustomerId != null) {
            e.referralRevenue = BigDecimal.ZERO;
        }
        return e;
    }

    private static void kindProblems(AdvocacyEvent in, List<FieldProblem> problems) {
        switch (in.kind) {
            case REFERRAL:
                if (in.referredCustomerId == null && (in.referredName == null || in.referredName.isBlank())) {
                    problems.add(new FieldProblem("referredCustomerId", "a referral names whom: referredCustomerId "
                            + "when they are a customer, else referredName"));
                }
                notFor(in.site != null || in.rating != null || in.ratingScale != null, "site", "site and rating are "
                        + "for public reviews", problems);
                break;
            case PUBLIC_REVIEW:
                if (in.site == null || in.site.isBlank()) {
                    problems.add(new FieldProblem("site", "is required: where the review was published"));
                }
                int scale = in.ratingScale == null ? 5 : in.ratingScale;
                if (scale < 1 || scale > 100) {
                    problems.add(new FieldProblem("ratingScale", "must be from 1 to 100 (5 when not given)"));
                } else if (in.rating == null) {
                    problems.add(new FieldProblem("rating", "is required: the review's rating, from 0 to " + scale));
                } else if (in.rating.signum() < 0 || in.rating.compareTo(BigDecimal.valueOf(scale)) > 0
                        || in.rating.stripTrailingZeros().scale() > 1) {
                    problems.add(new FieldProblem("rating", "must be from 0 to " + scale + " with at most one "
                            + "decimal (got " + in.rating.toPlainString() + ")"));
                }
                // What the review says is the reviewer's and the site's: only that it exists, where, and its rating.
                notFor(in.note != null, "note", "a public review is recorded by its site and rating only, never its "
                        + "text", problems);
                notFor(in.referredCustomerId != null || in.referredName != null, "referredCustomerId", "is for "
                        + "referrals", problems);
                break;
            default:
                notFor(in.site != null || in.rating != null || in.ratingScale != null, "site", "site and rating are "
                        + "for public reviews", problems);
                notFor(in.referredCustomerId != null || in.referredName != null, "referredCustomerId", "is for "
                        + "referrals", problems);
                break;
        }
    }

    private static void notFor(boolean set, String field, String message, List<FieldProblem> problems) {
        if (set) {
            problems.add(new FieldProblem(field, message));
        }
    }

    /** A customer's advocacy, oldest first, each referral with the revenue its referred customer brought since. */
    public List<AdvocacyEvent> of(UUID customerId) {
        return db.transaction("reading a customer's advocacy", c -> ModuleDatabase.list(c, "SELECT " + COLUMNS
                + ", (SELECT SUM(p.amount) FROM purchases p WHERE p.customer_id = a.referred_customer_id"
                + " AND p.amount > 0 AND p.purchased_on >= a.occurred_on) AS referral_revenue"
                + " FROM advocacy_events a WHERE customer_id = ? ORDER BY occurred_on, recorded_at",
                Advocacy::toEvent, customerId));
    }

    private static AdvocacyEvent toEvent(ResultSet rs) throws SQLException {
        AdvocacyEvent e = new AdvocacyEvent();
        e.id = rs.getObject("id", UUID.class);
        e.customerId = rs.getObject("customer_id", UUID.class);
        e.kind = AdvocacyEvent.Kind.valueOf(rs.getString("kind"));
        e.occurredOn = rs.getObject("occurred_on", LocalDate.class);
        e.note = rs.getString("note");
        e.referredCustomerId = rs.getObject("referred_customer_id", UUID.class);
        e.referredName = rs.getString("referred_name");
        e.site = rs.getString("site");
        e.rating = rs.getBigDecimal("rating");
        e.ratingScale = (Integer) rs.getObject("rating_scale");
        e.recordedBy = rs.getString("recorded_by");
        e.recordedAt = ModuleDatabase.instant(rs, "recorded_at");
        if (e.referredCustomerId != null) {
            BigDecimal revenue = rs.getBigDecimal("referral_revenue");
            e.referralRevenue = revenue == null ? BigDecimal.ZERO : revenue;
        }
        return e;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
