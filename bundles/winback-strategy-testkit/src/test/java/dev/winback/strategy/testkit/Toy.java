package dev.winback.strategy.testkit;

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
import java.util.function.Function;

/** A strategy made of two lambdas, for testing the kit itself. */
final class Toy implements RecoveryStrategy {
    interface OnOutcome {
        Reaction react(RecoveryCase c, RecoveryStep done, Outcome outcome);
    }

    private final Function<RecoveryCase, List<StepPlan>> plan;
    private final OnOutcome onOutcome;

    Toy(Function<RecoveryCase, List<StepPlan>> plan, OnOutcome onOutcome) {
        this.plan = plan;
        this.onOutcome = onOutcome;
    }

    static StepPlan step(String name, String... outcomes) {
        return new StepPlan(name, StepType.FOLLOW_UP, Duration.ofDays(7), List.of(outcomes), "Do " + name + ".");
    }

    SimulatedCase open() {
        return new SimulatedCase(this, LossKind.COMPLAINT);
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public StrategyDescription describe() {
        StrategyDescription d = new StrategyDescription();
        d.name = "toy";
        d.title = "Toy";
        d.summary = "For the kit's tests";
        d.lossKinds = List.of(LossKind.COMPLAINT);
        return d;
    }

    @Override
    public boolean appliesTo(RecoveryCase recoveryCase) {
        return true;
    }

    @Override
    public List<StepPlan> plan(RecoveryCase recoveryCase) {
        return plan.apply(recoveryCase);
    }

    @Override
    public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
        return onOutcome.react(recoveryCase, completed, outcome);
    }
}
