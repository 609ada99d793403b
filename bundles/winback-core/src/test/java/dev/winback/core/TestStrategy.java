package dev.winback.core;

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
import java.util.Map;

/**
 * A small real strategy for engine tests: call within a day; REACHED leads to a meeting, GONE closes the case,
 * STOP forbids further contact; the meeting's WON closes nothing (the rep closes with revenue).
 */
final class TestStrategy implements RecoveryStrategy {
    private final String name;
    private final LossKind kind;

    TestStrategy(String name, LossKind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** The bundle the test strategies pretend to come from. */
    static final long BUNDLE_ID = 42L;

    static Map<String, Object> properties(String name) {
        return Map.of(RecoveryStrategy.NAME_PROPERTY, name, org.osgi.framework.Constants.SERVICE_BUNDLEID, BUNDLE_ID);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.title = "Test " + name;
        d.summary = "Call, then meet";
        d.lossKinds = List.of(kind);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return recoveryCase.lossKind == kind;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        StepPlan call = new StepPlan("call", StepType.CALL, Duration.ofHours(24), List.of("REACHED", "GONE", "STOP"),
                "Call the decision maker");
        call.escalateWhenOverdue = true;
        return List.of(call);
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        if (completed.name.equals("call")) {
            switch (outcome.code) {
                case "REACHED":
                    StepPlan meet = new StepPlan("meet", StepType.MEETING, Duration.ofDays(7), List.of("WON", "LOST"),
                            "Meet them");
                    meet.assignee = StepPlan.Assignee.OWNER_MANAGER;
                    return Reaction.then(meet);
                case "GONE":
                    return Reaction.closeWith(CaseStatus.CLOSED_NEVER);
                default:
                    Reaction stop = new Reaction();
                    stop.noFurtherContact = true;
                    stop.close = CaseStatus.CLOSED_NO_RESPONSE;
                    return stop;
            }
        }
        return Reaction.nothing();
    }
}
