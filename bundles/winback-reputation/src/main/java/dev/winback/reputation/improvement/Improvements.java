package dev.winback.reputation.improvement;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.StepStatus;
import dev.winback.reputation.Paging;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.Roles;
import dev.winback.reputation.Texts;
import dev.winback.reputation.improvement.ImprovementNotification.NotificationStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "You Said, We Did" as users work with it: managers and admins record, change and publish improvements and see
 * whom they reached; every Winback user reads the published ones (the public page shows them to everyone). An
 * improvement is checked as a whole, every problem of its own named at once (400); references to loss reasons,
 * whys, cases and steps that do not exist are refused next (422).
 */
@Component(service = Improvements.class, configurationPid = ReputationSettings.PID)
public class Improvements {
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 4000;
    static final int MAX_REASONS = 50;
    static final int MAX_WHYS = 500;
    /** A loss-reason code, as the core's list allows them. */
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Fivestep's step 5, which recording its improvement completes. */
    static final String RECORDING_STEP = "you-said-we-did";
    static final String RECORDED = "RECORDED";
    private static final Logger LOG = LoggerFactory.getLogger(Improvements.class);

    private final JdbcImprovementStore store;
    private final ReputationSettings settings;
    private final ReEngagements reEngagements;
    private final RecoveryCaseService cases;

    @Activate
    public Improvements(@Reference JdbcImprovementStore store, ReputationSettings settings,
            @Reference RecoveryCaseService cases) {
        this.store = store;
        this.settings = settings;
        this.reEngagements = new ReEngagements(settings);
        this.cases = cases;
    }

    /** Without the case engine: improvements recorded from a step leave the step as it is. */
    public Improvements(JdbcImprovementStore store, ReputationSettings settings) {
        this(store, settings, null);
    }

    /**
     * Records a draft. One recorded from fivestep's You-Said-We-Did step that is still planned also completes that
     * step (RECORDED) with a note naming the improvement, so the step links what it recorded as the improvement
     * links its step.
     */
    public Improvement create(Improvement body, Actor actor) {
        Roles.manager(actor, "Recording improvements");
        Improvement created = store.create(checked(body, true), actor.name());
        if (created.recordedFrom != null && cases != null) {
            completeRecordingStep(created, actor);
        }
        return created;
    }

    private void completeRecordingStep(Improvement created, Actor actor) {
        UUID caseId = created.recordedFrom.caseId;
        UUID stepId = created.recordedFrom.stepId;
        boolean planned = cases.get(caseId, actor).map(c -> c.steps == null ? false : c.steps.stream().anyMatch(
                s -> s.id.equals(stepId) && s.status == StepStatus.PLANNED && RECORDING_STEP.equals(s.name)
                        && s.allowedOutcomes != null && s.allowedOutcomes.contains(RECORDED))).orElse(false);
        if (!planned) {
            return;
        }
        try {
            cases.completeStep(caseId, stepId, RECORDED, "You Said, We Did: improvement \"" + created.title + "\" ("
                    + created.id + ") recorded", actor);
        } catch (WinbackException e) {
            // The improvement stands; the step stays for its owner to complete (paused case, changed plan).
            LOG.info("Improvement {} was recorded, but step {} of case {} could not be completed: {}", created.id,
                    stepId, caseId, e.getMessage());
        }
    }

    /**
     * Newest first. Reps see published improvements only; managers and admins drafts too.
     *
     * @throws AccessDeniedException a rep asks for drafts
     */
    public Page<Improvement> list(ImprovementStatus status, String lossReason, UUID caseId, int page, int size,
            Actor actor) {
        Roles.user(actor);
        if (!actor.seesAllCases()) {
            if (status == ImprovementStatus.DRAFT) {
                throw new AccessDeniedException("Draft improvements are for managers and admins");
            }
            status = ImprovementStatus.PUBLISHED;
        }
        Paging.check(page, size);
        return store.find(status, lossReason, caseId, page, size);
    }

    /** A draft is visible to managers and admins only: to anyone else it does not exist. */
    public Improvement get(UUID id, Actor actor) {
        Roles.user(actor);
        Improvement found = store.get(id).orElseThrow(() -> notFound(id));
        if (found.status == ImprovementStatus.DRAFT && !actor.seesAllCases()) {
            throw notFound(id);
        }
        return found;
    }

    /**
     * Rewrites a draft under If-Match. A published improvement never changes (409): a correction is a new
     * improvement, and both stay on record.
     */
    public Improvement update(UUID id, Improvement body, long expectedVersion, Actor actor) {
        Roles.manager(actor, "Changing improvements");
        return store.change(id, checked(body, false), expectedVersion, actor.name());
    }

    /** Publishes the draft and tells every customer who raised one of its reasons (409 when published already). */
    public Improvement publish(UUID id, Actor actor) {
        Roles.manager(actor, "Publishing improvements");
        return store.publish(id, actor.name(), link(id));
    }

    /** Whom a published improvement reached and who re-engaged (managers and admins; a draft has nobody yet). */
    public NotificationPage notifications(UUID id, NotificationStatus status, int page, int size, Actor actor) {
        Roles.manager(actor, "Seeing whom an improvement reached");
        Paging.check(page, size);
        Improvement improvement = store.get(id).orElseThrow(() -> notFound(id));
        return store.notifications(improvement, status, page, size, reEngagements);
    }

    /** The notification totals of each published improvement among {@code improvements}, by id. */
    public Map<UUID, NotificationPage.Totals> totals(Collection<Improvement> improvements, Actor actor) {
        Roles.manager(actor, "Seeing whom improvements reached");
        return store.totals(improvements, reEngagements);
    }

    /** Where the public page shows the improvement. */
    String link(UUID id) {
        return settings.publicBaseUrl().replaceAll("/+$", "") + YouSaidWeDidServlet.PAGE + "#" + Views.anchor(id);
    }

    /**
     * The draft with its text stripped and its lists de-duplicated, or every problem of its own at once. A new
     * improvement may not claim to be published; a changed one may carry the status its GET showed (a published one
     * is refused by the store, 409).
     */
    Improvement checked(Improvement body, boolean creating) {
        if (body == null) {
            throw new InvalidInputException("body", "an improvement is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        body.title = text("title", body.title, MAX_TITLE, problems);
        body.customersSaid = text("customersSaid", body.customersSaid, MAX_TEXT, problems);
        body.weDid = text("weDid", body.weDid, MAX_TEXT, problems);
        body.evidence = text("evidence", body.evidence, MAX_TEXT, problems);
        LocalDate today = store.now().atOffset(ZoneOffset.UTC).toLocalDate();
        if (body.improvedOn == null) {
            problems.add(new FieldProblem("improvedOn", "is required (the day the change took effect, e.g. "
                    + today + ")"));
        } else if (body.improvedOn.isAfter(today)) {
            problems.add(new FieldProblem("improvedOn", "must not be in the future (today is " + today + " UTC): "
                    + "record an improvement once it is made"));
        } else if (body.improvedOn.getYear() < 2000) {
            problems.add(new FieldProblem("improvedOn", "must be a day from 2000 on"));
        }
        if (body.lossReasons == null || body.lossReasons.isEmpty()) {
            problems.add(new FieldProblem("lossReasons", "at least one loss-reason code is required, e.g. "
                    + "[\"wrong-billing\"]"));
            body.lossReasons = new ArrayList<>();
        } else if (body.lossReasons.size() > MAX_REASONS) {
            problems.add(new FieldProblem("lossReasons", "at most " + MAX_REASONS + " codes"));
        } else {
            for (int i = 0; i < body.lossReasons.size(); i++) {
                String code = body.lossReasons.get(i);
                if (code == null || !CODE.matcher(code).matches()) {
                    problems.add(new FieldProblem("lossReasons[" + i + "]", "must be a loss-reason code (lower-case "
                            + "letters, digits and dashes, up to 64), e.g. wrong-billing"));
                }
            }
            body.lossReasons = new ArrayList<>(new LinkedHashSet<>(body.lossReasons));
        }
        if (body.whyIds == null) {
            body.whyIds = new ArrayList<>();
        } else if (body.whyIds.size() > MAX_WHYS) {
            problems.add(new FieldProblem("whyIds", "at most " + MAX_WHYS + " whys"));
        } else if (body.whyIds.contains(null)) {
            problems.add(new FieldProblem("whyIds", "must not hold null"));
        } else {
            body.whyIds = new ArrayList<>(new LinkedHashSet<>(body.whyIds));
        }
        if (creating && body.status == ImprovementStatus.PUBLISHED) {
            problems.add(new FieldProblem("status", "is set by publishing (POST /api/v1/improvements/{id}/publish); "
                    + "leave it out or send DRAFT"));
        }
        if (body.recordedFrom != null) {
            if (body.recordedFrom.caseId == null) {
                problems.add(new FieldProblem("recordedFrom.caseId", "is required with recordedFrom (the case the "
                        + "improvement was recorded at)"));
            }
            if (body.recordedFrom.stepId == null) {
                problems.add(new FieldProblem("recordedFrom.stepId", "is required with recordedFrom (the case's "
                        + "you-said-we-did step)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return body;
    }

    private static String text(String field, String value, int max, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return value;
        }
        String stripped = value.strip();
        Texts.check(field, stripped, max, problems);
        return stripped;
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No improvement " + id);
    }
}
