package dev.winback.reputation;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The module's configuration, PID {@value #PID} ({@code etc/dev.winback.reputation.cfg}). */
@ObjectClassDefinition(name = "Winback reputation", description = "Surveys, closing the loop on detractors, "
        + "word-of-mouth estimates and \"You Said, We Did\"")
public @interface ReputationSettings {
    String PID = "dev.winback.reputation";

    @AttributeDefinition(name = "Public address", description = "Where customers reach this server, without a "
            + "trailing slash: survey links are built on it, e.g. https://winback.example.com")
    String publicBaseUrl() default "http://localhost:8181";

    @AttributeDefinition(name = "Survey of invitations", description = "What the automatic invitations ask",
            options = {@Option(label = "NPS (0-10)", value = "NPS"), @Option(label = "CSAT (1-5)", value = "CSAT")})
    String invitationKind() default "NPS";

    @AttributeDefinition(name = "Link lifetime (days)", description = "How long a survey link may be answered",
            min = "1")
    int linkValidDays() default 30;

    @AttributeDefinition(name = "Second survey after a win-back (days)", description = "A second invitation goes "
            + "out this long after a case closes as won back, so the score after recovery can be compared with the "
            + "one before; 0 sends none", min = "0")
    int afterWinBackDays() default 90;

    @AttributeDefinition(name = "NPS detractor up to", description = "NPS scores up to this one are detractors",
            min = "0", max = "9")
    int npsDetractorMax() default 6;

    @AttributeDefinition(name = "NPS promoter from", description = "NPS scores from this one are promoters",
            min = "1", max = "10")
    int npsPromoterMin() default 9;

    @AttributeDefinition(name = "CSAT detractor up to", description = "CSAT scores up to this one are detractors "
            + "(unsatisfied)", min = "1", max = "4")
    int csatDetractorMax() default 2;

    @AttributeDefinition(name = "CSAT promoter from", description = "CSAT scores from this one are promoters "
            + "(satisfied)", min = "2", max = "5")
    int csatPromoterMin() default 4;

    @AttributeDefinition(name = "Complaint loss reason", description = "The loss reason of the COMPLAINT cases "
            + "opened for detractor answers (a code of the loss-reason list)")
    String complaintLossReason() default "service-failure";

    @AttributeDefinition(name = "Complaints for answers up to (days old)", description = "A detractor answer "
            + "opens a complaint only when it was given within this many days of reaching Winback: importing last "
            + "year's answers opens no cases", min = "1")
    int complaintMaxAgeDays() default 14;

    @AttributeDefinition(name = "Time to first contact (hours)", description = "The SLA of a complaint: the "
            + "customer is contacted within this long of their detractor answer", min = "1")
    int firstContactSlaHours() default 48;

    @AttributeDefinition(name = "An unhappy customer tells", description = "People a detractor tells, for the "
            + "word-of-mouth estimate (7 by default; 10 in the alternative setting)", min = "0")
    double unhappyTells() default 7;

    @AttributeDefinition(name = "A happy customer tells", description = "People a promoter tells (3 by default; 5 "
            + "in the alternative setting)", min = "0")
    double happyTells() default 3;

    @AttributeDefinition(name = "Re-engagement window (days)", description = "How long after being told about an "
            + "improvement a purchase, a better answer or a new case counts as the customer re-engaging", min = "1")
    int reEngagementDays() default 90;

    @AttributeDefinition(name = "Sweep interval (minutes)", description = "How often invitations that have come "
            + "due (the second survey after a win-back) are sent", min = "1")
    long sweepMinutes() default 5;
}
