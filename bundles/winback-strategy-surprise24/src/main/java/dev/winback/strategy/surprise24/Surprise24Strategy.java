package dev.winback.strategy.surprise24;

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
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The 24-hour SURPRISE, for a deal lost to a competitor. The customer expects the loser to sulk or to haggle; the
 * surprise is an apology within a day and real help getting their need met, even by someone else. The goodwill
 * is what earns the next invitation to bid.
 */
@Component(service = RecoveryStrategy.class,
        property = RecoveryStrategy.NAME_PROPERTY + "=" + Surprise24Strategy.NAME)
public class Surprise24Strategy implements RecoveryStrategy {
    static final String NAME = "surprise24";

    /** The SLA that gives the strategy its name; overdue apologies go to the owner's manager. */
    static final Duration WITHIN_A_DAY = Duration.ofHours(24);
    /** A referral needs time to be taken up before we ask whether it worked. */
    static final Duration CONFIRM_AFTER_REFERRAL = Duration.ofDays(14);
    /** The supplier who won needs time to deliver before we ask how it went. */
    static final Duration CONFIRM_AFTER_WINNER_DELIVERS = Duration.ofDays(30);
    /** Their need is met: give it a month before asking to be considered, or the help looks like a tactic. */
    static final Duration ASK_AFTER_NEED_MET = Duration.ofDays(30);
    /** Their need is still open after two referrals: they may need us now. */
    static final Duration ASK_WHILE_NEED_OPEN = Duration.ofDays(2);
    /** Help twice; a third referral is no longer help. */
    static final int MAX_REFERRALS = 2;
    /** An invitation to bid is an opportunity: the owner works it and decides within a month what came of it. */
    static final Duration DECIDE_AFTER_INVITATION = Duration.ofDays(30);
    static final String DECIDE_AFTER_INVITATION_STEP = "decide-after-invitation";

    static final String APOLOGISED = "APOLOGISED";
    static final String UNREACHABLE = "UNREACHABLE";
    static final String SENT = "SENT";
    static final String REFERRED = "REFERRED";
    static final String NOT_NEEDED = "NOT_NEEDED";
    static final String NEED_MET = "NEED_MET";
    static final String NEED_NOT_MET = "NEED_NOT_MET";
    static final String INVITED = "INVITED";
    static final String DECLINED = "DECLINED";

    /** The plan table: every step this strategy can schedule. Names are stored on cases, so they never change. */
    enum Step {
        APOLOGISE("apologise", StepType.CALL, WITHIN_A_DAY, true, List.of(APOLOGISED, UNREACHABLE),
                "Within 24 hours of losing the deal, call the decision maker: thank them for considering us and "
                        + "apologise that we did not meet their needs. No pitch, no asking them to reconsider. Ask "
                        + "what they still need that the winner does not cover."),
        APOLOGY_NOTE("apology-note", StepType.LETTER, WITHIN_A_DAY, true, List.of(SENT),
                "You could not reach them by phone: send a short personal apology note today. Thanks for "
                        + "considering us, sorry we did not fit, and an offer to help them get what they need."),
        REFER_ELSEWHERE("refer-elsewhere", StepType.REFERRAL, Duration.ofDays(2), false,
                List.of(REFERRED, NOT_NEEDED),
                "Help them get their need met, even by another supplier: introduce someone who can deliver what "
                        + "we could not. Write who you referred them to and when in the outcome notes. NOT_NEEDED: "
                        + "the supplier who won covers everything."),
        CONFIRM_NEED_MET("confirm-need-met", StepType.FOLLOW_UP, CONFIRM_AFTER_REFERRAL, false,
                List.of(NEED_MET, NEED_NOT_MET, UNREACHABLE),
                "Call to ask whether their need was met, by the referral or by the supplier who won. Listen; no "
                        + "pitch. UNREACHABLE if they do not answer calls or mail: the case closes as no response."),
        ASK_TO_BE_CONSIDERED("ask-to-be-considered", StepType.CALL, ASK_AFTER_NEED_MET, false,
                List.of(INVITED, DECLINED),
                "Ask to be considered next time: the next tender, the renewal, or now if their need is still "
                        + "open. INVITED: record when and for what in the notes, then work it as an opportunity.");

        final String stepName;
        final StepType type;
        final Duration dueIn;
        final boolean escalate;
        final List<String> outcomes;
        final String instructions;

        Step(String stepName, StepType type, Duration dueIn, boolean escalate, List<String> outcomes,
                String instructions) {
            this.stepName = stepName;
            this.type = type;
            this.dueIn = dueIn;
            this.escalate = escalate;
            this.outcomes = outcomes;
            this.instructions = instructions;
        }

        StepPlan plan() {
            return plan(dueIn);
        }

        StepPlan plan(Duration due) {
            // A call, a note, a referral, a follow-up: every step contacts the customer (the default).
            StepPlan p = new StepPlan(stepName, type, due, outcomes, instructions);
            p.escalateWhenOverdue = escalate;
            if (this == ASK_TO_BE_CONSIDERED) {
                // The owner's decision after the invitation works from these notes.
                p.requiringFor(INVITED, StepRequirement.NOTES);
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
        d.title = "24-hour SURPRISE";
        d.summary = "For a deal lost to a competitor. Apologise within 24 hours (overdue apologies are escalated to "
                + "the owner's manager), help the customer get their need met even by another supplier, follow up "
                + "to confirm it was met, and ask to be considered next time. An invitation to bid is worked as an "
                + "opportunity and ends with the owner's decision: won back, handed over to sales, or never. A deal "
                + "lost more than 24 hours before the case opened gets its apology within a day all the same, "
                + "recorded as a missed SLA.";
        d.lossKinds = List.of(LossKind.LOST_DEAL);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == LossKind.LOST_DEAL;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        StepPlan apologise = Step.APOLOGISE.plan();
        // The 24 hours run from losing the deal, not from when someone got round to opening the case.
        if (recoveryCase.lostAt != null) {
            Instant window = recoveryCase.lostAt.plus(WITHIN_A_DAY);
            Instant opened = recoveryCase.createdAt;
            if (opened != null && window.isBefore(opened)) {
                // Too late to be on time: the apology still comes, within a day of opening, and the miss is recorded
                // against the SLA rather than hidden behind a due time that was over before the case existed.
                apologise.dueAt = opened.plus(WITHIN_A_DAY);
                apologise.slaMissed = "The deal was lost on " + recoveryCase.lostAt + ": the 24-hour window had "
                        + "passed when the case opened on " + opened + ".";
                apologise.instructions = apologise.instructions + " The 24 hours had already passed when this case "
                        + "opened: call today all the same, and apologise for the wait as well.";
            } else {
                apologise.dueAt = window;
            }
        }
        return List.of(apologise);
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        Step step = Step.named(completed.name);
        String code = outcome.code;
        switch (step) {
            case APOLOGISE:
                if (APOLOGISED.equals(code)) {
                    return Reaction.then(Step.REFER_ELSEWHERE.plan());
                }
                if (UNREACHABLE.equals(code)) {
                    return Reaction.then(Step.APOLOGY_NOTE.plan());
                }
                break;
            case APOLOGY_NOTE:
                return Reaction.then(Step.REFER_ELSEWHERE.plan());
            case REFER_ELSEWHERE:
                if (REFERRED.equals(code)) {
                    return Reaction.then(Step.CONFIRM_NEED_MET.plan(CONFIRM_AFTER_REFERRAL));
                }
                if (NOT_NEEDED.equals(code)) {
                    return Reaction.then(Step.CONFIRM_NEED_MET.plan(CONFIRM_AFTER_WINNER_DELIVERS));
                }
                break;
            case CONFIRM_NEED_MET:
                if (NEED_MET.equals(code)) {
                    return Reaction.then(Step.ASK_TO_BE_CONSIDERED.plan(ASK_AFTER_NEED_MET));
                }
                if (NEED_NOT_MET.equals(code)) {
                    return referrals(recoveryCase, completed) < MAX_REFERRALS
                            ? Reaction.then(Step.REFER_ELSEWHERE.plan())
                            : Reaction.then(Step.ASK_TO_BE_CONSIDERED.plan(ASK_WHILE_NEED_OPEN));
                }
                if (UNREACHABLE.equals(code)) {
                    return Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
                }
                break;
            case ASK_TO_BE_CONSIDERED:
                if (INVITED.equals(code)) {
                    // The plan ends with the owner's decision once the opportunity has been worked.
                    return Reaction.then(decideAfterInvitation());
                }
                if (DECLINED.equals(code)) {
                    return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code + "'");
    }

    private static StepPlan decideAfterInvitation() {
        return StepPlan.decision(DECIDE_AFTER_INVITATION_STEP, DECIDE_AFTER_INVITATION,
                "They invited us to be considered (when and for what is in the notes of ask-to-be-considered). Work "
                        + "it as an opportunity, then decide: WON_BACK when they buy from us again (close with the "
                        + "revenue and the evidence), HAND_OVER when the opportunity belongs in the sales pipeline "
                        + "from here, NEVER when it came to nothing. Say why in the notes.");
    }

    /** Referral steps done on the case; the step just completed is a follow-up, so it never counts. */
    private static int referrals(RecoveryCase recoveryCase, RecoveryStep completed) {
        int n = 0;
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                if (s != completed && Step.REFER_ELSEWHERE.stepName.equals(s.name) && s.status == StepStatus.DONE) {
                    n++;
                }
            }
        }
        return n;
    }
}
