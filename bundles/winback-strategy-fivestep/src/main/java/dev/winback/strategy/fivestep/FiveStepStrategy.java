package dev.winback.strategy.fivestep;

import static dev.winback.api.strategy.StepPlan.Assignee.CASE_OWNER;
import static dev.winback.api.strategy.StepPlan.Assignee.OWNER_MANAGER;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Five-step service and reputation recovery for a customer who drifted away (or complained and is about to):
 * find out why without selling, show them we listened and changed, prove it patiently, ask what it would take,
 * and feed what they taught us back into the business ("You Said, We Did").
 *
 * <p>It applies to COMPLAINT cases too: a complaint that puts the relationship at risk is the same repair done
 * earlier, and every step (fact-find, explain the change, evidence, "what would it take to keep you?") fits it
 * unchanged.
 */
@Component(service = RecoveryStrategy.class, configurationPid = FiveStepStrategy.PID,
        property = RecoveryStrategy.NAME_PROPERTY + "=" + FiveStepStrategy.NAME)
@Designate(ocd = FiveStepStrategy.Config.class)
public class FiveStepStrategy implements RecoveryStrategy {
    static final String NAME = "fivestep";
    static final String PID = "dev.winback.strategy.fivestep";

    @ObjectClassDefinition(name = "Winback five-step recovery",
            description = "How patiently the evidence stage (step 3) runs before we ask what it would take")
    public @interface Config {
        @AttributeDefinition(name = "Evidence touches",
                description = "Pieces of evidence (testimonials, improvements) sent one at a time before asking "
                        + "what it would take", min = "1")
        int evidenceTouches() default 3;

        @AttributeDefinition(name = "Days between evidence touches",
                description = "Spacing of the evidence touches, and of the ask after the last one", min = "1")
        int evidenceSpacingDays() default 14;
    }

    static final String FACTS_FOUND = "FACTS_FOUND";
    static final String UNREACHABLE = "UNREACHABLE";
    static final String EXPLAINED = "EXPLAINED";
    static final String SENT = "SENT";
    static final String RESPONDED = "RESPONDED";
    static final String NEVER = "NEVER";
    static final String CAN_DO = "CAN_DO";
    static final String CANNOT_PROVIDE = "CANNOT_PROVIDE";
    static final String DELIVERED = "DELIVERED";
    static final String DELAYED = "DELAYED";
    static final String RECORDED = "RECORDED";

    /** Lapsed customers are slow to answer: one more try a fortnight later before we call it no response. */
    static final Duration FACT_FIND_RETRY = Duration.ofDays(14);
    static final int FACT_FIND_ATTEMPTS = 2;
    /** They answered the evidence: do not make an interested customer wait for the next touch. */
    static final Duration ASK_AFTER_RESPONSE = Duration.ofDays(3);
    /** A late promise re-planned: the customer hears the new date and we check again in two weeks. */
    static final Duration COMMITMENT_RECHECK = Duration.ofDays(14);
    /**
     * A promise may slip twice; a third delay is no longer a date but a pattern, and the owner decides what becomes
     * of the case rather than re-planning it for ever.
     */
    static final int MAX_DELAYS = 2;
    /** A spaced step (the second evidence touch on, the ask after the last) may be done from its date, due a week on. */
    static final Duration SPACED_STEP_WINDOW = Duration.ofDays(7);
    /** Time for the owner to see whether the customer buys again after You Said, We Did. */
    static final Duration DECIDE_WITHIN = Duration.ofDays(30);
    static final String DECIDE_AFTER_YOU_SAID_WE_DID = "decide-after-you-said-we-did";
    static final String DECIDE_AFTER_DELAYS = "decide-after-delays";
    /** Room for the customer's own words in a step's instructions (the column holds 2,000 characters). */
    static final int MAX_QUOTED = 1200;

    /** The plan table: every step this strategy can schedule. Names are stored on cases, so they never change. */
    enum Step {
        FACT_FIND("fact-find", StepType.MEETING, Duration.ofDays(7), CASE_OWNER, false,
                List.of(FACTS_FOUND, UNREACHABLE),
                "Step 1. Find out why they stopped buying from us, or what went wrong behind the complaint: ask, "
                        + "listen, write the facts down in their words. No selling of any kind."),
        EXPLAIN_CHANGES("explain-changes", StepType.CALL, Duration.ofDays(7), CASE_OWNER, false,
                List.of(EXPLAINED),
                "Step 2. Go back to them with their feedback: tell them what you heard, and what we have changed "
                        + "since (or are changing, and by when). Still no selling."),
        SEND_EVIDENCE("send-evidence", StepType.EVIDENCE, null, CASE_OWNER, false, List.of(SENT, RESPONDED),
                null),
        WHAT_WOULD_IT_TAKE("what-would-it-take", StepType.MEETING, Duration.ofDays(7), CASE_OWNER, false,
                List.of(NEVER, CAN_DO, CANNOT_PROVIDE),
                "Step 4. Ask: \"What would it take to win you back?\" NEVER: write what caused it in the notes "
                        + "(required). CAN_DO: write exactly what we will do and by when (required); it becomes a "
                        + "tracked commitment. CANNOT_PROVIDE: explain honestly why we cannot; we will not contact "
                        + "them again."),
        DELIVER_COMMITMENT("deliver-commitment", StepType.FOLLOW_UP, Duration.ofDays(30), CASE_OWNER, true,
                List.of(DELIVERED, DELAYED), null),
        YOU_SAID_WE_DID("you-said-we-did", StepType.FOLLOW_UP, Duration.ofDays(14), OWNER_MANAGER, false,
                List.of(RECORDED),
                "Step 5. Feed what this customer taught us into improvements: record each \"You said, we did\" "
                        + "(what they raised, what we changed) against the loss reason, so others hear it too. "
                        + "Internal work: it contacts nobody. Then the owner decides what became of the case.");

        final String stepName;
        final StepType type;
        final Duration dueIn;
        final StepPlan.Assignee assignee;
        final boolean escalate;
        final List<String> outcomes;
        final String instructions;

        Step(String stepName, StepType type, Duration dueIn, StepPlan.Assignee assignee, boolean escalate,
                List<String> outcomes, String instructions) {
            this.stepName = stepName;
            this.type = type;
            this.dueIn = dueIn;
            this.assignee = assignee;
            this.escalate = escalate;
            this.outcomes = outcomes;
            this.instructions = instructions;
        }

        StepPlan plan() {
            return plan(dueIn, instructions);
        }

        StepPlan plan(Duration due, String text) {
            StepPlan p = new StepPlan(stepName, type, due, outcomes, text);
            p.assignee = assignee;
            p.escalateWhenOverdue = escalate;
            if (this == WHAT_WOULD_IT_TAKE) {
                // The commitment and the case's closing rely on what the customer said.
                p.requiringFor(CAN_DO, StepRequirement.NOTES).requiringFor(NEVER, StepRequirement.NOTES);
            }
            if (this == YOU_SAID_WE_DID) {
                p.internal();
            }
            return p;
        }

        static Step named(String name) {
            for (Step s : values()) {
                if (s.stepName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(NAME + " has no step '" + name + "'");
        }
    }

    /** The evidence stage as configured. */
    private record Evidence(int touches, Duration spacing) {
    }

    private volatile Evidence evidence;

    @Activate
    @Modified
    void configure(Config config) {
        if (config.evidenceTouches() < 1) {
            throw new IllegalArgumentException("evidenceTouches must be at least 1, got " + config.evidenceTouches());
        }
        if (config.evidenceSpacingDays() < 1) {
            throw new IllegalArgumentException(
                    "evidenceSpacingDays must be at least 1, got " + config.evidenceSpacingDays());
        }
        // @Modified keeps the service registered: re-registering would pause and resume every open case.
        evidence = new Evidence(config.evidenceTouches(), Duration.ofDays(config.evidenceSpacingDays()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.name = NAME;
        d.title = "Five-step recovery";
        d.summary = "Service and reputation recovery for lapsed customers and at-risk complaints: (1) find out why "
                + "they stopped, no selling; (2) take the feedback back and explain what we changed; (3) send "
                + "evidence over " + evidence.touches() + " patient touches, " + evidence.spacing().toDays()
                + " days apart at the least; (4) ask what it would take to win them back: NEVER closes, CAN_DO "
                + "becomes a tracked commitment (a promise that slips a third time goes to the owner's decision), "
                + "CANNOT_PROVIDE closes with no further contact; (5) feed the lessons into You Said, We Did, then "
                + "the owner decides: won back, handed over to sales, or never.";
        d.lossKinds = List.of(LossKind.LAPSED, LossKind.COMPLAINT);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == LossKind.LAPSED || recoveryCase.lossKind == LossKind.COMPLAINT;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        return List.of(Step.FACT_FIND.plan());
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        Step step = Step.named(completed.name);
        String code = outcome.code;
        Evidence ev = evidence;
        switch (step) {
            case FACT_FIND:
                if (FACTS_FOUND.equals(code)) {
                    return Reaction.then(Step.EXPLAIN_CHANGES.plan());
                }
                if (UNREACHABLE.equals(code)) {
                    return done(recoveryCase, completed, Step.FACT_FIND) < FACT_FIND_ATTEMPTS
                            ? Reaction.then(Step.FACT_FIND.plan(FACT_FIND_RETRY, Step.FACT_FIND.instructions))
                            : Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
                }
                break;
            case EXPLAIN_CHANGES:
                return Reaction.then(evidenceTouch(1, ev, ev.spacing()));
            case SEND_EVIDENCE:
                if (RESPONDED.equals(code)) {
                    return Reaction.then(Step.WHAT_WOULD_IT_TAKE.plan(ASK_AFTER_RESPONSE,
                            Step.WHAT_WOULD_IT_TAKE.instructions));
                }
                if (SENT.equals(code)) {
                    // Patience is the point of step 3: the next touch (or the ask) cannot be done before the
                    // spacing has passed since this touch was actually sent, however early a rep gets to it.
                    int sent = done(recoveryCase, completed, Step.SEND_EVIDENCE);
                    StepPlan next = sent < ev.touches()
                            ? evidenceTouch(sent + 1, ev, SPACED_STEP_WINDOW)
                            : Step.WHAT_WOULD_IT_TAKE.plan(SPACED_STEP_WINDOW, Step.WHAT_WOULD_IT_TAKE.instructions);
                    return Reaction.then(spaced(next, outcome, ev.spacing()));
                }
                break;
            case WHAT_WOULD_IT_TAKE:
                switch (code) {
                    case NEVER:
                        return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                    case CAN_DO:
                        return Reaction.then(commitment(outcome.notes, Step.DELIVER_COMMITMENT.dueIn));
                    case CANNOT_PROVIDE:
                        // They were told honestly; coming back with offers after that would undo it.
                        Reaction r = Reaction.closeWith(CaseStatus.CLOSED_CANNOT_PROVIDE);
                        r.noFurtherContact = true;
                        return r;
                    default:
                        break;
                }
                break;
            case DELIVER_COMMITMENT:
                if (DELIVERED.equals(code)) {
                    return Reaction.then(Step.YOU_SAID_WE_DID.plan());
                }
                if (DELAYED.equals(code)) {
                    return done(recoveryCase, completed, Step.DELIVER_COMMITMENT) <= MAX_DELAYS
                            ? Reaction.then(commitment(promised(recoveryCase), COMMITMENT_RECHECK))
                            : Reaction.then(decideAfterDelays(promised(recoveryCase)));
                }
                break;
            case YOU_SAID_WE_DID:
                // The plan ends with the owner's decision: back, handed over to sales, or never.
                return Reaction.then(StepPlan.decision(DECIDE_AFTER_YOU_SAID_WE_DID, DECIDE_WITHIN,
                        "The five steps are done: we listened, explained, proved it, delivered what we promised and "
                                + "fed it back. Decide: WON_BACK when they buy from us again (close with the revenue "
                                + "and the evidence), HAND_OVER when they are ready for the sales pipeline, NEVER "
                                + "when they will not come back. Say why in the notes."));
            default:
                break;
        }
        throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code + "'");
    }

    private static StepPlan evidenceTouch(int number, Evidence ev, Duration due) {
        return Step.SEND_EVIDENCE.plan(due, "Step 3, evidence " + number + " of " + ev.touches()
                + ". Send one piece of proof that things changed: a testimonial from a customer like them, an "
                + "improvement we made, the figures since. No offer, no pitch. RESPONDED if they answer: we then "
                + "ask what it would take without waiting for the remaining touches."
                + (number > 1 ? " It cannot be sent before its date: " + ev.spacing().toDays() + " days after the "
                        + "previous touch; RESPONDED may be recorded at any time." : ""))
                // An interested customer does not wait for our spacing.
                .anytime(RESPONDED);
    }

    /**
     * {@code p} not to be done before {@code spacing} after the previous touch was recorded, and due
     * {@link #SPACED_STEP_WINDOW} after that.
     */
    private static StepPlan spaced(StepPlan p, Outcome previous, Duration spacing) {
        if (previous.recordedAt != null) {
            p.notBeforeAt = previous.recordedAt.plus(spacing);
            p.dueAt = p.notBeforeAt.plus(SPACED_STEP_WINDOW);
        } else {
            // Recorded now, as the engine does: the same limit, counted from the step's creation.
            p.notBeforeIn = spacing;
            p.dueIn = spacing.plus(SPACED_STEP_WINDOW);
        }
        return p;
    }

    private static StepPlan decideAfterDelays(String promise) {
        String what = promise == null || promise.isBlank()
                ? "What we promised (see the notes of what-would-it-take)"
                : "What we promised, \"" + quote(promise) + "\",";
        return StepPlan.decision(DECIDE_AFTER_DELAYS, COMMITMENT_RECHECK, what + " has slipped " + (MAX_DELAYS + 1)
                + " times. Do not re-plan it again; decide from what the customer last told you. WON_BACK if they buy from us "
                + "anyway (close with the revenue and the evidence), HAND_OVER to the sales pipeline, NEVER if "
                + "the broken promise lost them. Say why in the notes.");
    }

    private static StepPlan commitment(String promise, Duration due) {
        String what = promise == null || promise.isBlank()
                ? "what we promised (see the notes of what-would-it-take)"
                : "what we promised: \"" + quote(promise) + "\"";
        return Step.DELIVER_COMMITMENT.plan(due, "Step 4, commitment. Deliver " + what + ". Confirm with the "
                + "customer that it is done. DELAYED: tell them the new date yourself before they have to ask.");
    }

    /** The notes of the latest CAN_DO answer: the commitment stays in the instructions until it is delivered. */
    private static String promised(RecoveryCase recoveryCase) {
        String promise = null;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                if (Step.WHAT_WOULD_IT_TAKE.stepName.equals(s.name) && s.status == StepStatus.DONE
                        && s.outcome != null && CAN_DO.equals(s.outcome.code)) {
                    promise = s.outcome.notes;
                }
            }
        }
        return promise;
    }

    private static String quote(String text) {
        String t = text.strip();
        return t.length() <= MAX_QUOTED ? t : t.substring(0, MAX_QUOTED) + "…";
    }

    /** Done steps of one kind, counting the one just completed whether or not the case lists it yet. */
    private static int done(RecoveryCase recoveryCase, RecoveryStep completed, Step step) {
        int n = completed.name.equals(step.stepName) ? 1 : 0;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                if (s != completed && (s.id == null || !s.id.equals(completed.id)) && step.stepName.equals(s.name)
                        && s.status == StepStatus.DONE) {
                    n++;
                }
            }
        }
        return n;
    }
}
