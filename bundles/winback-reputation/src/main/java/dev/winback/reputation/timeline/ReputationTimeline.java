package dev.winback.reputation.timeline;

import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.Customer;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.reputation.Band;
import dev.winback.reputation.Paging;
import dev.winback.reputation.Roles;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.complaint.Complaint;
import dev.winback.reputation.complaint.Complaints;
import dev.winback.reputation.survey.SurveyInvitation;
import dev.winback.reputation.survey.SurveyResponse;
import dev.winback.reputation.survey.Surveys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** One customer's reputation over time: bands, answers, invitations, complaints, advocacy, improvements told. */
@Component(service = ReputationTimeline.class)
public class ReputationTimeline {
    private final Surveys surveys;
    private final Complaints complaints;
    private final Advocacy advocacy;
    private final CustomerService customers;
    private final ModuleDatabase db;

    /** The timeline as the API shows it. */
    public static class View {
        public UUID customerId;
        public String customerName;
        public String segment;
        public boolean contactBlocked;
        /** The band of the customer's newest answer, or null without one. */
        public Band currentBand;
        /** The band each answer put the customer in, oldest first (answers replaced by a correction left out). */
        public List<BandAt> bands = new ArrayList<>();
        /** Every answer, oldest first, corrected ones and their corrections included. */
        public List<SurveyResponse> answers = new ArrayList<>();
        public List<SurveyInvitation> invitations = new ArrayList<>();
        public List<Complaint> complaints = new ArrayList<>();
        public List<AdvocacyEvent> advocacy = new ArrayList<>();
        /** "You Said, We Did" improvements the customer was told about (or, under a contact block, not). */
        public List<ImprovementTold> improvements = new ArrayList<>();
    }

    /** One point of the band line. */
    public static class BandAt {
        public Instant at;
        public Band band;
        public SurveyKind kind;
        public int score;
        public UUID responseId;
    }

    /** An improvement published to the customer. */
    public static class ImprovementTold {
        public UUID improvementId;
        public String title;
        public String status;
        public Instant at;
    }

    @Activate
    public ReputationTimeline(@Reference Surveys surveys, @Reference Complaints complaints,
            @Reference Advocacy advocacy, @Reference CustomerService customers,
            @Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=reputation)") ModuleSchema schema) {
        this(surveys, complaints, advocacy, customers, new ModuleDatabase(dataSource, Clock.systemUTC()));
    }

    public ReputationTimeline(Surveys surveys, Complaints complaints, Advocacy advocacy, CustomerService customers,
            ModuleDatabase db) {
        this.surveys = surveys;
        this.complaints = complaints;
        this.advocacy = advocacy;
        this.customers = customers;
        this.db = db;
    }

    /** @throws NotFoundException no such customer */
    public View of(UUID customerId, Actor actor) {
        Roles.user(actor);
        // A rep sees the reputation of the customers they own or run a case for, as they see cases: others are 404.
        Customer customer = customers.get(customerId, actor).filter(c -> surveys.sees(actor, c.id, null))
                .orElseThrow(() -> new NotFoundException("No customer has id '" + customerId + "'"));
        View v = new View();
        v.customerId = customer.id;
        v.customerName = customer.name;
        v.segment = customer.segment;
        v.contactBlocked = customer.contactBlocked != null;
        v.answers = surveys.answersOf(customerId);
        for (SurveyResponse r : v.answers) {
            if (r.correctedBy == null) {
                BandAt point = new BandAt();
                point.at = r.respondedAt;
                point.band = r.band;
                point.kind = r.kind;
                point.score = r.score;
                point.responseId = r.id;
                v.bands.add(point);
            }
        }
        v.currentBand = v.bands.isEmpty() ? null : v.bands.get(v.bands.size() - 1).band;
        v.invitations = surveys.invitations(customerId, null, 0, Paging.MAX_SIZE, actor).items;
        v.complaints = complaints.of(customerId);
        v.advocacy = advocacy.of(customerId);
        v.improvements = db.transaction("reading the improvements told to a customer", c -> ModuleDatabase.list(c,
                "SELECT n.improvement_id, i.title, n.status, n.notified_at FROM improvement_notifications n"
                        + " JOIN improvements i ON i.id = n.improvement_id WHERE n.customer_id = ?"
                        + " ORDER BY n.notified_at", rs -> {
                            ImprovementTold t = new ImprovementTold();
                            t.improvementId = rs.getObject("improvement_id", UUID.class);
                            t.title = rs.getString("title");
                            t.status = rs.getString("status");
                            t.at = ModuleDatabase.instant(rs, "notified_at");
                            return t;
                        }, customerId));
        return v;
    }
}
