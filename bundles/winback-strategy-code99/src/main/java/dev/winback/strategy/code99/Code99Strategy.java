package dev.winback.strategy.code99;

import static dev.winback.api.strategy.StepPlan.Assignee.CASE_OWNER;
import static dev.winback.api.strategy.StepPlan.Assignee.OWNER_MANAGER;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
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

    /** The plan table: every step this strategy can schedule. Names are stored on cases, so they never change. */
    enum Step {
        MEET_DECISION_MAKER("meet-decision-maker", StepType.MEETING, Duration.ofDays(7), CASE_OWNER, true,
                List.of(MET, NO_MEETING, NO_CONTACT_DEMANDED),
                "Meet the decision maker to find out what happened, in their words. Listen and ask why; NO sales "
                        + "pitch, no offer, no defending what we did. Take your manager along if the relationship "
                        + "broke at your level. NO_MEETING: they refused or did not answer."),
        MEETING_REQUEST_LETTER("meeting-request-letter", StepType.LETTER, Duration.ofDays(3), CASE_OWNER, false,
                List.of(SENT),
                "They would not meet. Write to the decision maker, signed by a senior manager: acknowledge that "
                        + "we got it wrong and ask for one meeting, only to listen. Promise no sales pitch."),
        MEET_DECISION_MAKER_AGAIN("meet-decision-maker-again", StepType.MEETING, Duration.ofDays(21), CASE_OWNER,
                true, List.of(MET, NO_MEETING, NO_CONTACT_DEMANDED),
                "Second and last request to meet the decision maker after our letter. Listen and ask why; NO sales "
                        + "pitch. NO_MEETING closes the case: we do not push an angry customer further."),
        DOCUMENT_WHYS("document-whys", StepType.FOLLOW_UP, Duration.ofDays(2), CASE_OWNER, false,
                List.of(DOCUMENTED),
                "While it is fresh, record every 'why' the decision maker gave in the case's whys, one entry each "
                        + "and in their words, and correct the loss reason if it was wrong."),
        CHOOSE_APPROACH("choose-approach", StepType.FOLLOW_UP, Duration.ofDays(3), OWNER_MANAGER, false,
                List.of(FUN_EVENT, FUN_GIFT, PROFESSIONAL_LETTER, PROFESSIONAL_CARD),
                "From the whys, choose how we make peace. Fun: invite them to our lost-customer appreciation day "
                        + "(FUN_EVENT) or send a gift (FUN_GIFT). Professional: a peace-offering letter "
                        + "(PROFESSIONAL_LETTER) or card (PROFESSIONAL_CARD). After a lawsuit, go professional."),
        APPRECIATION_DAY("appreciation-day", StepType.EVENT, Duration.ofDays(30), CASE_OWNER, false,
                List.of(ATTENDED, DID_NOT_ATTEND),
                "Invite the decision maker to our lost-customer appreciation day and host them yourself. It is a "
                        + "thank-you, not a sales event: no pitch, no price list."),
        SEND_GIFT("send-gift", StepType.GIFT, Duration.ofDays(7), CASE_OWNER, false, List.of(DELIVERED),
                "Send the decision maker a personal gift that fits what you learned about them, with a "
                        + "handwritten note. Nothing with our prices in the box."),
        PEACE_OFFERING_LETTER("peace-offering-letter", StepType.LETTER, Duration.ofDays(5), CASE_OWNER, false,
                List.of(SENT),
                "Write a peace-offering letter: own what went wrong, say what we have changed because of it, and "
                        + "ask for nothing yet."),
        PEACE_OFFERING_CARD("peace-offering-card", StepType.LETTER, Duration.ofDays(5), CASE_OWNER, false,
                List.of(SENT),
                "Send a handwritten peace-offering card: a few honest lines that we are sorry and have learned "
                        + "from it. Ask for nothing yet."),
        ASK_FOR_ANOTHER_CHANCE("ask-for-another-chance", StepType.MEETING, Duration.ofDays(14), CASE_OWNER, true,
                List.of(AGREED, DECLINED),
                "Meet the decision maker and ask for another chance. Set the conditions together, theirs and "
                        + "ours, and agree them in writing, signed by both sides; record them on the case."),
        MONITOR_CONDITIONS("monitor-conditions", StepType.FOLLOW_UP, Duration.ofDays(30), CASE_OWNER, true,
                List.of(KEPT, BROKEN),
                "Go through every agreed condition with the decision maker: are we keeping ours, are they keeping "
                        + "theirs? Note each one. BROKEN if any is not kept, by either side."),
        REPAIR_CONDITIONS("repair-conditions", StepType.MEETING, Duration.ofDays(3), OWNER_MANAGER, true,
                List.of(REPAIRED, LOST),
                "An agreed condition was broken. Meet the decision maker within three days: own our part, agree "
                        + "in writing how it is put right. LOST if they end the second chance.");

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
            StepPlan p = new StepPlan(stepName, type, dueIn, outcomes, instructions);
            p.assignee = assignee;
            p.escalateWhenOverdue = escalate;
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
                + "chance on conditions both sides agree in writing, and check they are kept. A refusal to meet "
                + "gets one letter, then the case closes as no response.";
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
        Step step = Step.named(completed.name);
        String code = outcome.code;
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
                    // The plan ends here; the owner closes the case as WON_BACK with the revenue, which a
                    // Reaction cannot carry.
                    return keptChecks(recoveryCase, completed) >= CONDITION_CHECKS
                            ? Reaction.nothing()
                            : Reaction.then(Step.MONITOR_CONDITIONS.plan());
                }
                if (BROKEN.equals(code)) {
                    return Reaction.then(Step.REPAIR_CONDITIONS.plan());
                }
                break;
            case REPAIR_CONDITIONS:
                if (REPAIRED.equals(code)) {
                    return Reaction.then(Step.MONITOR_CONDITIONS.plan());
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
