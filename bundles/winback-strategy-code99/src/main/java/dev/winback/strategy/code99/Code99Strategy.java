package dev.winback.strategy.code99;

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
import org.osgi.service.component.annotations.Component;

/**
 * "Code 99": a customer who sued us, left our machines on the curb or bad-mouthed us. Nobody sells to an angry
 * customer, so the plan earns the right to ask before it asks: listen, write the whys down, make peace, and only
 * then ask for another chance on conditions both sides sign.
 *
 * <p>The records are the plan's backbone: document-whys cannot be completed before the case holds at least one why,
 * nor AGREED before the written agreement is recorded. Recording it makes the engine plan a
 * {@value RecoveryStrategy#CHECK_CONDITION} step per condition on its date; a BROKEN check is repaired like a broken
 * monitor. Monitoring ends with the owner's decision after {@value #CONDITION_CHECKS} kept checks, and so does a
 * breach after {@value #MAX_REPAIRS} repairs: a second chance is not repaired for ever.
 */
@Component(service = RecoveryStrategy.class, property = RecoveryStrategy.NAME_PROPERTY + "=" + Code99Strategy.NAME)
public class Code99Strategy implements RecoveryStrategy {
    static final String NAME = "code99";

    // Meetings with the decision maker
    static final String MET = "MET";
    static final String NO_MEETING = "NO_MEETING";
    static final String NO_CONTACT_DEMANDED = "NO_CONTACT_DEMANDED";
    // Paperwork and gestures
    static final String DOCUMENTED = "DOCUMENTED";
    static final String SENT = "SENT";
    static final String DELIVERED = "DELIVERED";
    static final String ATTENDED = "ATTENDED";
    static final String DID_NOT_ATTEND = "DID_NOT_ATTEND";
    // The approach, chosen per case
    static final String FUN_EVENT = "FUN_EVENT";
    static final String FUN_GIFT = "FUN_GIFT";
    static final String PROFESSIONAL_LETTER = "PROFESSIONAL_LETTER";
    static final String PROFESSIONAL_CARD = "PROFESSIONAL_CARD";
    // The ask and what follows it
    static final String AGREED = "AGREED";
    static final String DECLINED = "DECLINED";
    static final String KEPT = "KEPT";
    static final String BROKEN = "BROKEN";
    static final String REPAIRED = "REPAIRED";
    static final String LOST = "LOST";

    /** Three kept checks a month apart: long enough to see the agreement hold, short enough to end the plan. */
    static final int CONDITION_CHECKS = 3;
    /** Two repairs of a broken condition; a further breach goes to the owner's decision. */
    static final int MAX_REPAIRS = 2;
    /** How long the owner has for a decision that ends the plan. */
    static final Duration DECIDE_WITHIN = Duration.ofDays(14);
    static final String DECIDE_AFTER_MONITORING = "decide-after-monitoring";
    static final String DECIDE_AFTER_BREACHES = "decide-after-breaches";

    /** The plan table: every step this strategy can schedule. Names are stored on cases, so they never change. */
    enum Step {
        MEET_DECISION_MAKER("meet-decision-maker", StepType.MEETING, Duration.ofDays(7), CASE_OWNER, true, true,
                List.of(MET, NO_MEETING, NO_CONTACT_DEMANDED),
                "Meet the decision maker to find out what happened, in their words. Listen and ask why; NO sales "
                        + "pitch, no offer, no defending what we did. Take your manager along if the relationship "
                        + "broke at your level. NO_MEETING: they refused or did not answer."),
        MEETING_REQUEST_LETTER("meeting-request-letter", StepType.LETTER, Duration.ofDays(3), CASE_OWNER, false, true,
                List.of(SENT),
                "They would not meet. Write to the decision maker, signed by a senior manager: acknowledge that "
                        + "we got it wrong and ask for one meeting, only to listen. Promise no sales pitch."),
        MEET_DECISION_MAKER_AGAIN("meet-decision-maker-again", StepType.MEETING, Duration.ofDays(21), CASE_OWNER,
                true, true, List.of(MET, NO_MEETING, NO_CONTACT_DEMANDED),
                "Second and last request to meet the decision maker after our letter. Listen and ask why; NO sales "
                        + "pitch. NO_MEETING closes the case: we do not push an angry customer further."),
        DOCUMENT_WHYS("document-whys", StepType.FOLLOW_UP, Duration.ofDays(2), CASE_OWNER, false, false,
                List.of(DOCUMENTED),
                "While it is fresh, record every 'why' the decision maker gave in the case's whys, one entry each "
                        + "and in their words, and correct the loss reason if it was wrong. The step cannot be "
                        + "completed before the case holds at least one why."),
        CHOOSE_APPROACH("choose-approach", StepType.FOLLOW_UP, Duration.ofDays(3), OWNER_MANAGER, false, false,
                List.of(FUN_EVENT, FUN_GIFT, PROFESSIONAL_LETTER, PROFESSIONAL_CARD),
                "From the whys, choose how we make peace. Fun: invite them to our lost-customer appreciation day "
                        + "(FUN_EVENT) or send a gift (FUN_GIFT). Professional: a peace-offering letter "
                        + "(PROFESSIONAL_LETTER) or card (PROFESSIONAL_CARD). After a lawsuit, go professional."),
        APPRECIATION_DAY("appreciation-day", StepType.EVENT, Duration.ofDays(30), CASE_OWNER, false, true,
                List.of(ATTENDED, DID_NOT_ATTEND),
                "Invite the decision maker to our lost-customer appreciation day and host them yourself. It is a "
                        + "thank-you, not a sales event: no pitch, no price list."),
        SEND_GIFT("send-gift", StepType.GIFT, Duration.ofDays(7), CASE_OWNER, false, true, List.of(DELIVERED),
                "Send the decision maker a personal gift that fits what you learned about them, with a "
                        + "handwritten note. Nothing with our prices in the box."),
        PEACE_OFFERING_LETTER("peace-offering-letter", StepType.LETTER, Duration.ofDays(5), CASE_OWNER, false, true,
                List.of(SENT),
                "Write a peace-offering letter: own what went wrong, say what we have changed because of it, and "
                        + "ask for nothing yet."),
        PEACE_OFFERING_CARD("peace-offering-card", StepType.LETTER, Duration.ofDays(5), CASE_OWNER, false, true,
                List.of(SENT),
                "Send a handwritten peace-offering card: a few honest lines that we are sorry and have learned "
                        + "from it. Ask for nothing yet."),
        ASK_FOR_ANOTHER_CHANCE("ask-for-another-chance", StepType.MEETING, Duration.ofDays(14), CASE_OWNER, true,
                true, List.of(AGREED, DECLINED),
                "Meet the decision maker and ask for another chance. Set the conditions together, theirs and "
                        + "ours, and agree them in writing, signed by both sides; record them on the case (its "
                        + "agreement) before completing this step as AGREED: each condition is then checked on its "
                        + "date."),
        MONITOR_CONDITIONS("monitor-conditions", StepType.FOLLOW_UP, Duration.ofDays(30), CASE_OWNER, true, true,
                List.of(KEPT, BROKEN),
                "Go through every agreed condition with the decision maker: are we keeping ours, are they keeping "
                        + "theirs? Note each one. BROKEN if any is not kept, by either side."),
        REPAIR_CONDITIONS("repair-conditions", StepType.MEETING, Duration.ofDays(3), OWNER_MANAGER, true, true,
                List.of(REPAIRED, LOST),
                "An agreed condition was broken. Meet the decision maker within three days: own our part, agree "
                        + "in writing how it is put right. LOST if they end the second chance.");

        final String stepName;
        final StepType type;
        final Duration dueIn;
        final StepPlan.Assignee assignee;
        final boolean escalate;
        /** Whether doing it means contacting the customer; the whys and the manager's choice are internal work. */
        final boolean contacts;
        final List<String> outcomes;
        final String instructions;

        Step(String stepName, StepType type, Duration dueIn, StepPlan.Assignee assignee, boolean escalate,
                boolean contacts, List<String> outcomes, String instructions) {
            this.stepName = stepName;
            this.type = type;
            this.dueIn = dueIn;
            this.assignee = assignee;
            this.escalate = escalate;
            this.contacts = contacts;
            this.outcomes = outcomes;
            this.instructions = instructions;
        }

        StepPlan plan() {
            StepPlan p = new StepPlan(stepName, type, dueIn, outcomes, instructions);
            p.assignee = assignee;
            p.escalateWhenOverdue = escalate;
            p.contactsCustomer = contacts;
            if (this == DOCUMENT_WHYS) {
                p.requiring(StepRequirement.WHY);
            }
            if (this == ASK_FOR_ANOTHER_CHANCE) {
                p.requiringFor(AGREED, StepRequirement.AGREEMENT);
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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.name = NAME;
        d.title = "Code 99";
        d.summary = "For hostile customers (sued us, left our machines on the curb, bad-mouthed us). Meet the "
                + "decision maker to hear what happened, with no sales pitch; document every why; make peace the "
                + "fun way (appreciation day, gift) or the professional way (letter, card); then ask for another "
                + "chance on conditions both sides agree in writing, and check they are kept (a broken condition is "
                + "repaired twice at most). Three kept checks, or a third breach, end in the owner's decision. A "
                + "refusal to meet gets one letter, then the case closes as no response.";
        d.lossKinds = List.of(LossKind.HOSTILE);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == LossKind.HOSTILE;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        return List.of(Step.MEET_DECISION_MAKER.plan());
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        String code = outcome.code;
        if (CHECK_CONDITION.equals(completed.name)) {
            // The engine's check of one agreed condition on its date: a kept one needs nothing (the plan's other
            // steps are still planned), a broken one is repaired like a broken monitor.
            if (KEPT.equals(code)) {
                return Reaction.nothing();
            }
            if (BROKEN.equals(code)) {
                return breach(recoveryCase, completed);
            }
            throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code
                    + "'");
        }
        Step step = Step.named(completed.name);
        switch (step) {
            case MEET_DECISION_MAKER:
            case MEET_DECISION_MAKER_AGAIN:
                if (MET.equals(code)) {
                    return Reaction.then(Step.DOCUMENT_WHYS.plan());
                }
                if (NO_CONTACT_DEMANDED.equals(code)) {
                    // Often a lawyer's letter: going on would make things worse and may be unlawful.
                    Reaction r = Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                    r.noFurtherContact = true;
                    return r;
                }
                if (NO_MEETING.equals(code)) {
                    return step == Step.MEET_DECISION_MAKER
                            ? Reaction.then(Step.MEETING_REQUEST_LETTER.plan())
                            : Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
                }
                break;
            case MEETING_REQUEST_LETTER:
                return Reaction.then(Step.MEET_DECISION_MAKER_AGAIN.plan());
            case DOCUMENT_WHYS:
                return Reaction.then(Step.CHOOSE_APPROACH.plan());
            case CHOOSE_APPROACH:
                switch (code) {
                    case FUN_EVENT:
                        return Reaction.then(Step.APPRECIATION_DAY.plan());
                    case FUN_GIFT:
                        return Reaction.then(Step.SEND_GIFT.plan());
                    case PROFESSIONAL_LETTER:
                        return Reaction.then(Step.PEACE_OFFERING_LETTER.plan());
                    case PROFESSIONAL_CARD:
                        return Reaction.then(Step.PEACE_OFFERING_CARD.plan());
                    default:
                        break;
                }
                break;
            case APPRECIATION_DAY:
            case SEND_GIFT:
            case PEACE_OFFERING_LETTER:
            case PEACE_OFFERING_CARD:
                // A no-show at the appreciation day still received the invitation: the gesture was made.
                return Reaction.then(Step.ASK_FOR_ANOTHER_CHANCE.plan());
            case ASK_FOR_ANOTHER_CHANCE:
                if (AGREED.equals(code)) {
                    return Reaction.then(Step.MONITOR_CONDITIONS.plan());
                }
                if (DECLINED.equals(code)) {
                    return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                }
                break;
            case MONITOR_CONDITIONS:
                if (KEPT.equals(code)) {
                    // Enough kept checks end the plan with the owner's decision (WON_BACK needs the revenue).
                    if (keptChecks(recoveryCase, completed) < CONDITION_CHECKS) {
                        return unlessPlanned(recoveryCase, completed, Step.MONITOR_CONDITIONS.plan());
                    }
                    // One decision at a time: one already waiting (after breaches) sees these checks on the case.
                    return planned(recoveryCase, completed, DECIDE_AFTER_BREACHES)
                            ? Reaction.nothing()
                            : unlessPlanned(recoveryCase, completed, decideAfterMonitoring());
                }
                if (BROKEN.equals(code)) {
                    return breach(recoveryCase, completed);
                }
                break;
            case REPAIR_CONDITIONS:
                if (REPAIRED.equals(code)) {
                    // Back to monitoring, unless monitoring goes on already or has ended in a decision.
                    return planned(recoveryCase, completed, Step.MONITOR_CONDITIONS.stepName)
                            || planned(recoveryCase, completed, DECIDE_AFTER_MONITORING)
                            || planned(recoveryCase, completed, DECIDE_AFTER_BREACHES)
                            ? Reaction.nothing()
                            : Reaction.then(Step.MONITOR_CONDITIONS.plan());
                }
                if (LOST.equals(code)) {
                    return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code + "'");
    }

    /**
     * A condition was broken (by a monitor or by the engine's check): the manager repairs it, one repair at a time,
     * at most {@link #MAX_REPAIRS} times; after that the owner decides.
     */
    private static Reaction breach(RecoveryCase recoveryCase, RecoveryStep completed) {
        if (repairs(recoveryCase) >= MAX_REPAIRS) {
            // One decision at a time: one already waiting sees this breach on the case.
            return planned(recoveryCase, completed, DECIDE_AFTER_MONITORING)
                    ? Reaction.nothing()
                    : unlessPlanned(recoveryCase, completed, decideAfterBreaches());
        }
        return unlessPlanned(recoveryCase, completed, Step.REPAIR_CONDITIONS.plan());
    }

    private static StepPlan decideAfterMonitoring() {
        return StepPlan.decision(DECIDE_AFTER_MONITORING, DECIDE_WITHIN, "The second-chance agreement has held for "
                + CONDITION_CHECKS + " checks. Decide: WON_BACK when they are buying from us again (close with the "
                + "revenue and the evidence), HAND_OVER when the account goes back to the sales pipeline, NEVER if "
                + "they will not come back after all. Say why in the notes.");
    }

    private static StepPlan decideAfterBreaches() {
        return StepPlan.decision(DECIDE_AFTER_BREACHES, DECIDE_WITHIN, "An agreed condition was broken again after "
                + MAX_REPAIRS + " repairs: the second chance is not repaired a third time. Decide with the manager: "
                + "WON_BACK if they are buying from us all the same (close with the revenue and the evidence), "
                + "HAND_OVER to the sales pipeline, NEVER if the second chance is over. Say why in the notes.");
    }

    /** {@code p} next, unless a step of that name is planned already: one repair, one monitor at a time. */
    private static Reaction unlessPlanned(RecoveryCase recoveryCase, RecoveryStep completed, StepPlan p) {
        return planned(recoveryCase, completed, p.name) ? Reaction.nothing() : Reaction.then(p);
    }

    /** Whether a step of this name is planned on the case, other than the one just completed. */
    private static boolean planned(RecoveryCase recoveryCase, RecoveryStep completed, String name) {
        if (recoveryCase.steps == null) {
            return false;
        }
        for (RecoveryStep s : recoveryCase.steps) {
            if (s != completed && (s.id == null || !s.id.equals(completed.id)) && name.equals(s.name)
                    && s.status == StepStatus.PLANNED) {
                return true;
            }
        }
        return false;
    }

    /** Repairs done so far (REPAIRED); the step just completed is a monitor or a check, so it never counts. */
    private static int repairs(RecoveryCase recoveryCase) {
        int n = 0;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                if (Step.REPAIR_CONDITIONS.stepName.equals(s.name) && s.status == StepStatus.DONE
                        && s.outcome != null && REPAIRED.equals(s.outcome.code)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Kept checks so far, counting the one just completed whether or not the case lists it yet. */
    private static int keptChecks(RecoveryCase recoveryCase, RecoveryStep completed) {
        int kept = 1;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                if (s != completed && (s.id == null || !s.id.equals(completed.id))
                        && Step.MONITOR_CONDITIONS.stepName.equals(s.name) && s.status == StepStatus.DONE
                        && s.outcome != null && KEPT.equals(s.outcome.code)) {
                    kept++;
                }
            }
        }
        return kept;
    }
}
