package dev.winback.reputation.shell;

import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.Customer;
import dev.winback.reputation.complaint.Complaint;
import dev.winback.reputation.survey.SurveyInvitation;
import dev.winback.reputation.survey.SurveyResponse;
import dev.winback.reputation.timeline.AdvocacyEvent;
import dev.winback.reputation.timeline.ReputationTimeline;
import java.util.Optional;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:reputation <customer>}: a customer's reputation timeline in the console. */
@Command(scope = "winback", name = "reputation", description = "Shows a customer's reputation: band, survey answers, "
        + "invitations, complaints and advocacy")
@Service
public class ReputationCommand implements Action {

    @Reference
    ReputationTimeline timeline;

    @Reference
    CustomerService customers;

    @Argument(index = 0, name = "customer", required = true, description = "The customer's id, or source:externalId "
            + "(e.g. crm:C-1001)")
    String customer;

    @Override
    public Object execute() {
        Actor actor = Actor.consoleManager();
        ReputationTimeline.View v;
        try {
            v = timeline.of(resolve(actor), actor);
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        System.out.println(v.customerName + " (" + v.customerId + ")" + (v.segment == null ? "" : ", " + v.segment)
                + ": " + (v.currentBand == null ? "no survey answer yet" : v.currentBand.name().toLowerCase())
                + (v.contactBlocked ? ", contact blocked" : ""));
        ShellTable answers = new ShellTable();
        for (String column : new String[] {"Answered", "Kind", "Score", "Band", "Channel", "Comment", "Note"}) {
            answers.column(column);
        }
        for (SurveyResponse r : v.answers) {
            String note = r.correctedBy != null ? "corrected by " + r.correctedBy
                    : r.correctsId != null ? "corrects " + r.correctsId + ": " + r.correctionReason : "";
            answers.addRow().addContent(r.respondedAt, r.kind, r.score, r.band, r.channel,
                    r.comment == null ? "" : r.comment, note);
        }
        System.out.println("Survey answers:");
        answers.print(System.out);
        ShellTable invitations = new ShellTable();
        for (String column : new String[] {"Created", "Reason", "Kind", "Status", "Due", "Expires"}) {
            invitations.column(column);
        }
        for (SurveyInvitation i : v.invitations) {
            invitations.addRow().addContent(i.createdAt, i.reason, i.kind, i.status, i.dueAt,
                    i.expiresAt == null ? "" : i.expiresAt);
        }
        System.out.println("Invitations:");
        invitations.print(System.out);
        ShellTable complaints = new ShellTable();
        for (String column : new String[] {"Answered", "Status", "Case", "First contact due", "First contact"}) {
            complaints.column(column);
        }
        for (Complaint c : v.complaints) {
            complaints.addRow().addContent(c.answeredAt, c.status, c.caseId == null ? "" : c.caseId,
                    c.firstContactDueAt, c.firstContactAt == null ? "" : c.firstContactAt
                            + (Boolean.TRUE.equals(c.contactedInTime) ? " (in time)" : " (late)"));
        }
        System.out.println("Complaints:");
        complaints.print(System.out);
        ShellTable advocacy = new ShellTable();
        for (String column : new String[] {"Day", "Kind", "Detail"}) {
            advocacy.column(column);
        }
        for (AdvocacyEvent a : v.advocacy) {
            String detail = a.kind == AdvocacyEvent.Kind.PUBLIC_REVIEW ? a.site + " " + a.rating.toPlainString() + "/"
                    + a.ratingScale : a.kind == AdvocacyEvent.Kind.REFERRAL ? "referred "
                    + (a.referredCustomerId != null ? a.referredCustomerId + ", revenue since "
                    + a.referralRevenue.toPlainString() : a.referredName) : (a.note == null ? "" : a.note);
            advocacy.addRow().addContent(a.occurredOn, a.kind, detail);
        }
        System.out.println("Advocacy:");
        advocacy.print(System.out);
        return null;
    }

    private UUID resolve(Actor actor) {
        try {
            return UUID.fromString(customer.strip());
        } catch (IllegalArgumentException notAnId) {
            int colon = customer.indexOf(':');
            if (colon < 1 || colon == customer.length() - 1) {
                throw new IllegalArgumentException("Name the customer by id or as source:externalId, e.g. crm:C-1001");
            }
            Optional<Customer> found = customers.findByExternalId(customer.substring(0, colon),
                    customer.substring(colon + 1), actor);
            return found.map(c -> c.id).orElseThrow(() -> new IllegalArgumentException("No customer is known as "
                    + customer));
        }
    }
}
