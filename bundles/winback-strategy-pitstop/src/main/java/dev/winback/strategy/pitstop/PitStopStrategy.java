package dev.winback.strategy.pitstop;

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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The pit stop: a root-cause review of a loss, one question per step, answered YES, NO or PARTLY with the detail
 * in the notes. It contacts nobody; it finds out what in our own system let the customer go.
 *
 * <p>When every question is answered YES the review is complete and the case closes as {@code REVIEWED}: a status
 * that says the review is done and nothing about whether the customer came back, so the case counts in no win-back
 * or loss figures. If any answer is NO or PARTLY, the owner's manager gets one more step to turn those findings
 * into improvements and loss reasons; recording them closes the case as {@code REVIEWED} too. Every step is
 * internal work: the review contacts nobody, so it can run for a customer who asked not to be contacted.
 *
 * <p>It is never chosen automatically ({@link #appliesTo} is false): a review is something a manager asks for by
 * naming the strategy, and a recovery strategy should run a lost customer's case by default.
 */
@Component(service = RecoveryStrategy.class,
        property = RecoveryStrategy.NAME_PROPERTY + "=" + PitStopStrategy.NAME)
public class PitStopStrategy implements RecoveryStrategy {
    static final String NAME = "pitstop";

    static final String YES = "YES";
    static final String NO = "NO";
    static final String PARTLY = "PARTLY";
    static final String RECORDED = "RECORDED";

    static final Duration ANSWER_WITHIN = Duration.ofDays(7);
    static final Duration ACT_WITHIN = Duration.ofDays(14);

    /**
     * The review, one step per question. The first three are about how this customer was served, so the rep who
     * owns the case answers them; the last four are about our system, which is management's to answer.
     */
    enum Question {
        CLEAR_EXPECTATIONS("clear-expectations", CASE_OWNER,
                "Did we have a clear statement of expectations with this customer (what they would get, when, to "
                        + "what standard), agreed before things went wrong?"),
        FOLLOWED_REQUEST("followed-request", CASE_OWNER,
                "Did we follow their request properly: what they asked for, as they asked, when they asked?"),
        RESPONDED_TO_COMPLAINTS("responded-to-complaints", CASE_OWNER,
                "Did we respond on time to every complaint they made?"),
        FEEDBACK_SYSTEM("feedback-system", OWNER_MANAGER,
                "Do we have a feedback system that would have told us they were unhappy before they left?"),
        STRENGTHS_KNOWN("strengths-known", OWNER_MANAGER,
                "Does management know our strengths, and do we use them with customers like this one?"),
        INTERNAL_FEEDBACK("internal-feedback", OWNER_MANAGER,
                "Is there internal feedback: do the people who serve customers tell sales and management what "
                        + "they see, and are they heard?"),
        RESCUE_SYSTEM("rescue-system", OWNER_MANAGER,
                "Do we have a rescue system: a way to spot a customer at risk and step in before they go?");

        final String stepName;
        final StepPlan.Assignee assignee;
        final String question;

        Question(String stepName, StepPlan.Assignee assignee, String question) {
            this.stepName = stepName;
            this.assignee = assignee;
            this.question = question;
        }

        StepPlan plan() {
            StepPlan p = new StepPlan(stepName, StepType.SURVEY, ANSWER_WITHIN, List.of(YES, NO, PARTLY),
                    "Pit stop review: " + question + " Answer YES, NO or PARTLY, and put the detail in the notes: "
                            + "what happened, the evidence, who knows more.");
            p.assignee = assignee;
            return p.internal();
        }

        static Question named(String name) {
            for (Question q : values()) {
                if (q.stepName.equals(name)) {
                    return q;
                }
            }
            return null;
        }
    }

    static final String ACT_ON_FINDINGS = "act-on-findings";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.name = NAME;
        d.title = "Pit stop review";
        d.summary = "A root-cause review of any loss, one question per step: clear expectations, following their "
                + "request, responding to every complaint on time, a feedback system, management knowing and using "
                + "our strengths, internal feedback, a rescue system. Each is answered YES, NO or PARTLY. NO and "
                + "PARTLY answers go to the manager to turn into improvements. It contacts nobody and is never "
                + "chosen automatically: name it when opening a case to review a loss. The finished review closes the "
                + "case as REVIEWED.";
        d.lossKinds = List.of(LossKind.values());
        d.contactsCustomer = false;
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return false;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        // All at once: different people answer different questions, and none depends on another.
        List<StepPlan> plan = new ArrayList<>();
        for (Question q : Question.values()) {
            plan.add(q.plan());
        }
        return plan;
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        String code = outcome.code;
        if (ACT_ON_FINDINGS.equals(completed.name) && RECORDED.equals(code)) {
            return Reaction.closeWith(CaseStatus.REVIEWED);
        }
        if (Question.named(completed.name) == null || !(YES.equals(code) || NO.equals(code) || PARTLY.equals(code))) {
            throw new IllegalArgumentException(NAME + ": step '" + completed.name + "' has no outcome '" + code
                    + "'");
        }
        Map<Question, String> answers = answers(recoveryCase, completed, code);
        if (answers.size() < Question.values().length) {
            // The other questions are still planned: the review waits for them.
            return Reaction.nothing();
        }
        List<String> findings = new ArrayList<>();
        answers.forEach((q, a) -> {
            if (!YES.equals(a)) {
                findings.add(q.stepName + ": " + a);
            }
        });
        return findings.isEmpty() ? Reaction.closeWith(CaseStatus.REVIEWED) : Reaction.then(actOnFindings(findings));
    }

    private static StepPlan actOnFindings(List<String> findings) {
        StepPlan p = new StepPlan(ACT_ON_FINDINGS, StepType.FOLLOW_UP, ACT_WITHIN, List.of(RECORDED),
                "The pit stop review is complete. Turn each answer that was not YES (" + String.join(", ", findings)
                        + ") into an improvement or a corrected loss reason; the detail is in each step's notes. "
                        + "RECORDED closes the case as REVIEWED.");
        p.assignee = OWNER_MANAGER;
        return p.internal();
    }

    /** Each question's answer, in review order, with the one just given whether or not the case lists it yet. */
    private static Map<Question, String> answers(RecoveryCase recoveryCase, RecoveryStep completed, String code) {
        Map<Question, String> answers = new EnumMap<>(Question.class);
        if (recoveryCase.steps != null) {
            for (RecoveryStep s : recoveryCase.steps) {
                Question q = Question.named(s.name);
                if (q != null && s.status == StepStatus.DONE && s.outcome != null) {
                    answers.put(q, s.outcome.code);
                }
            }
        }
        answers.put(Question.named(completed.name), code);
        return answers;
    }
}
