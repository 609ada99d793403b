package dev.winback.reputation.survey;

import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.reputation.ReputationJson;
import dev.winback.reputation.complaint.Complaints;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The module's durable subscriber: a closed case gets its survey invitations, a detractor answer its complaint, and
 * a completed step may be a complaint's first contact. While the feature is uninstalled its position in the log
 * stays put; when it is back it catches up, and the invitations' unique key (case and reason) keeps each one single.
 */
@Component(service = EventSubscriber.class, property = EventSubscriber.NAME_PROPERTY + "="
        + ReputationSubscriber.NAME)
public class ReputationSubscriber implements EventSubscriber {
    public static final String NAME = "reputation";
    private static final Set<String> TYPES = Set.of(EventTypes.CASE_CLOSED, EventTypes.CASE_STEP_COMPLETED,
            EventTypes.SURVEY_ANSWERED);

    private final Surveys surveys;
    private final Complaints complaints;

    @Activate
    public ReputationSubscriber(@Reference Surveys surveys, @Reference Complaints complaints) {
        this.surveys = surveys;
        this.complaints = complaints;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public void onEvent(WinbackEvent event) {
        switch (event.type) {
            case EventTypes.CASE_CLOSED:
                surveys.onCaseClosed(ReputationJson.read(event.payload, RecoveryCase.class));
                break;
            case EventTypes.CASE_STEP_COMPLETED:
                complaints.onStepCompleted(ReputationJson.read(event.payload, RecoveryCase.class));
                break;
            case EventTypes.SURVEY_ANSWERED:
                complaints.onAnswered(ReputationJson.read(event.payload, SurveyResponse.class));
                break;
            default:
                break;
        }
    }
}
