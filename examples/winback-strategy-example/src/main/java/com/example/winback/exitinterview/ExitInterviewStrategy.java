package com.example.winback.exitinterview;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Exit interview: call the customer who complained within two days and only listen; if they talked, write to them
 * within a week with what we took from it, and the owner then decides what became of the customer. A deliberately
 * small strategy showing everything an integrator needs: one DS component, the name as a service property, and
 * plain-data answers in which every path ends, in a terminal status or in a decision step.
 */
@Component(service = RecoveryStrategy.class, property = RecoveryStrategy.NAME_PROPERTY + "="
        + ExitInterviewStrategy.NAME)
public class ExitInterviewStrategy implements RecoveryStrategy {
    static final String NAME = "exit-interview";
    static final String LISTEN = "listen";
    static final String WRITE_BACK = "write-back";
    static final String DECIDE = "decide-after-exit-interview";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.name = NAME;
        d.title = "Exit interview";
        d.summary = "Call within two days and only listen; if they talked, write back within a week with what we "
                + "took from it.";
        d.lossKinds = List.of(LossKind.COMPLAINT);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == LossKind.COMPLAINT;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        return List.of(new StepPlan(LISTEN, StepType.CALL, Duration.ofDays(2), List.of("TALKED", "NO_ANSWER"),
                "Call and listen. Do not defend, do not sell; write down what they say."));
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        if (LISTEN.equals(completed.name)) {
            if ("TALKED".equals(outcome.code)) {
                return Reaction.then(new StepPlan(WRITE_BACK, StepType.LETTER, Duration.ofDays(7), List.of("SENT"),
                        "Write what we heard and what we will change."));
            }
            return Reaction.closeWith(CaseStatus.CLOSED_NO_RESPONSE);
        }
        if (WRITE_BACK.equals(completed.name)) {
            // The plan ends with the owner's decision; the engine closes the case on its outcome.
            return Reaction.then(StepPlan.decision(DECIDE, Duration.ofDays(30), "We listened and wrote back. "
                    + "Decide: WON_BACK when they buy again (with the revenue and the evidence), HAND_OVER to the "
                    + "sales pipeline, NEVER when they will not come back. Say why in the notes."));
        }
        // The engine's own check-condition steps: this strategy makes no agreements, so nothing follows.
        return Reaction.nothing();
    }
}
