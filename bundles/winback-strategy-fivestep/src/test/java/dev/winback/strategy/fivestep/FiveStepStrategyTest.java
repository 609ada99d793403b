package dev.winback.strategy.fivestep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.strategy.testkit.SimulatedCase;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FiveStepStrategyTest {
    private final FiveStepStrategy strategy = configured(3, 14);

    static FiveStepStrategy configured(int touches, int spacingDays) {
        FiveStepStrategy s = new FiveStepStrategy();
        s.configure(config(touches, spacingDays));
        return s;
    }

    static FiveStepStrategy.Config config(int touches, int spacingDays) {
        return new FiveStepStrategy.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FiveStepStrategy.Config.class;
            }

            @Override
            public int evidenceTouches() {
                return touches;
            }

            @Override
            public int evidenceSpacingDays() {
                return spacingDays;
            }
        };
    }

    /** The configuration DS passes when there is no configuration: every attribute at its declared default. */
    static FiveStepStrategy.Config defaults() {
        return (FiveStepStrategy.Config) Proxy.newProxyInstance(FiveStepStrategy.Config.class.getClassLoader(),
                new Class<?>[] {FiveStepStrategy.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    private SimulatedCase lapsed() {
        return new SimulatedCase(strategy, LossKind.LAPSED);
    }

    /** Facts found, changes explained, all evidence sent: the ask is planned. */
    private SimulatedCase atTheAsk() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        for (int i = 0; i < 3; i++) {
            c.complete("send-evidence", "SENT");
        }
        c.only("what-would-it-take");
        return c;
    }

    @Test
    void defaultsAreThreeEvidenceTouchesTwoWeeksApart() {
        FiveStepStrategy.Config d = defaults();
        assertEquals(3, d.evidenceTouches());
        assertEquals(14, d.evidenceSpacingDays());
    }

    @Test
    void planOpensWithAFactFindThatSellsNothing() {
        List<StepPlan> plan = strategy.plan(new RecoveryCase());

        assertEquals(1, plan.size());
        StepPlan factFind = plan.get(0);
        assertEquals("fact-find", factFind.name);
        assertEquals(StepType.MEETING, factFind.type);
        assertEquals(Duration.ofDays(7), factFind.dueIn);
        assertEquals(List.of("FACTS_FOUND", "UNREACHABLE"), factFind.outcomes);
        assertEquals(StepPlan.Assignee.CASE_OWNER, factFind.assignee);
        assertFalse(factFind.escalateWhenOverdue);
        assertTrue(factFind.instructions.contains("No selling"), factFind.instructions);
    }

    @Test
    void factsLeadToExplainingWhatChanged() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND", "Three late deliveries in a row; nobody apologised");

        RecoveryStep explain = c.only("explain-changes");
        assertEquals(StepType.CALL, explain.type);
        assertEquals(List.of("EXPLAINED"), explain.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(7)), explain.dueAt);
        assertTrue(explain.instructions.contains("what we have changed"), explain.instructions);
    }

    @Test
    void anUnreachableCustomerGetsOneMoreTryThenClosesAsNoResponse() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "UNREACHABLE");

        assertEquals(c.now.plus(Duration.ofDays(14)), c.only("fact-find").dueAt);
        c.complete("fact-find", "UNREACHABLE");

        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, c.recoveryCase.status);
        assertFalse(c.recoveryCase.noFurtherContact);
    }

    @Test
    void theSecondFactFindCanStillSucceed() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "UNREACHABLE");
        c.complete("fact-find", "FACTS_FOUND");
        c.only("explain-changes");
    }

    @Test
    void evidenceGoesOutInThreeTouchesTwoWeeksApartThenTheAsk() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");

        for (int n = 1; n <= 3; n++) {
            RecoveryStep touch = c.only("send-evidence");
            assertEquals(StepType.EVIDENCE, touch.type);
            assertEquals(List.of("SENT", "RESPONDED"), touch.allowedOutcomes);
            assertEquals(c.now.plus(Duration.ofDays(14)), touch.dueAt);
            assertTrue(touch.instructions.contains("evidence " + n + " of 3"), touch.instructions);
            c.at(touch.dueAt).complete("send-evidence", "SENT");
        }

        RecoveryStep ask = c.only("what-would-it-take");
        assertEquals(c.now.plus(Duration.ofDays(14)), ask.dueAt, "the ask is as patient as the evidence");
    }

    @Test
    void evidenceCountAndSpacingAreConfigurable() {
        SimulatedCase c = new SimulatedCase(configured(5, 10), LossKind.LAPSED);
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        for (int n = 1; n <= 5; n++) {
            RecoveryStep touch = c.only("send-evidence");
            assertEquals(c.now.plus(Duration.ofDays(10)), touch.dueAt);
            assertTrue(touch.instructions.contains("evidence " + n + " of 5"), touch.instructions);
            c.complete("send-evidence", "SENT");
        }
        c.only("what-would-it-take");
    }

    @Test
    void aCustomerWhoAnswersTheEvidenceIsAskedWithinThreeDays() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        c.complete("send-evidence", "RESPONDED", "Liked the new delivery figures");

        assertEquals(c.now.plus(Duration.ofDays(3)), c.only("what-would-it-take").dueAt);
    }

    @Test
    void theAskHasExactlyThreeOutcomes() {
        RecoveryStep ask = atTheAsk().only("what-would-it-take");
        assertEquals(List.of("NEVER", "CAN_DO", "CANNOT_PROVIDE"), ask.allowedOutcomes);
        assertEquals(StepType.MEETING, ask.type);
        assertTrue(ask.instructions.contains("What would it take to win you back?"), ask.instructions);
    }

    @Test
    void neverClosesTheCaseAsNever() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "NEVER", "The MD was personally embarrassed by our error");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertFalse(c.lastReaction.noFurtherContact);
        assertTrue(c.lastReaction.next.isEmpty());
    }

    @Test
    void canDoBecomesATrackedCommitmentThatEscalates() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "Weekly delivery slot on Tuesdays, confirmed the day before");

        RecoveryStep commitment = c.only("deliver-commitment");
        assertEquals(StepType.FOLLOW_UP, commitment.type);
        assertEquals(List.of("DELIVERED", "DELAYED"), commitment.allowedOutcomes);
        assertTrue(commitment.escalateWhenOverdue, "a broken promise to a lost customer is the manager's business");
        assertEquals(c.now.plus(Duration.ofDays(30)), commitment.dueAt);
        assertTrue(commitment.instructions.contains("\"Weekly delivery slot on Tuesdays, confirmed the day before\""),
                commitment.instructions);
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
    }

    @Test
    void cannotProvideClosesWithNoFurtherContact() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CANNOT_PROVIDE", "They need 24/7 on-site service; we have no night shift");

        assertEquals(CaseStatus.CLOSED_CANNOT_PROVIDE, c.recoveryCase.status);
        assertTrue(c.lastReaction.noFurtherContact);
        assertTrue(c.recoveryCase.noFurtherContact);
        assertTrue(c.lastReaction.next.isEmpty());
    }

    @Test
    void aDelayedCommitmentIsReplannedWithTheSamePromise() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "Named account manager");
        c.complete("deliver-commitment", "DELAYED", "Hiring takes until May");

        RecoveryStep again = c.only("deliver-commitment");
        assertEquals(c.now.plus(Duration.ofDays(14)), again.dueAt);
        assertTrue(again.escalateWhenOverdue);
        assertTrue(again.instructions.contains("\"Named account manager\""), again.instructions);
    }

    @Test
    void aCommitmentWithoutNotesPointsToTheAsk() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO");
        assertTrue(c.only("deliver-commitment").instructions.contains("see the notes of what-would-it-take"));
    }

    @Test
    void aLongPromiseIsQuotedWithinTheInstructionsColumn() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "x".repeat(5000));
        // Contract.check has verified the 2,000-character limit when the step was planned.
        assertTrue(c.only("deliver-commitment").instructions.contains("…"));
    }

    @Test
    void deliveringTheCommitmentLeadsToYouSaidWeDidWhichEndsThePlan() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "Named account manager");
        c.complete("deliver-commitment", "DELIVERED");

        RecoveryStep yswd = c.only("you-said-we-did");
        assertEquals(StepType.FOLLOW_UP, yswd.type);
        assertEquals("manager", yswd.assignee);
        assertEquals(List.of("RECORDED"), yswd.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(14)), yswd.dueAt);

        c.complete("you-said-we-did", "RECORDED");
        assertTrue(c.planEnded());
    }

    @Test
    void everyPathEndsWhereThePlaybookSays() {
        Map<String, CaseStatus> closes = new TreeMap<>();
        Set<String> planEnds = new TreeSet<>();
        SimulatedCase.explore(this::lapsed, 10, (state, last) -> {
            if (last == null) {
                return;
            }
            if (state.recoveryCase.status.isTerminal()) {
                closes.put(last.toString(), state.recoveryCase.status);
                assertEquals(last.code().equals("CANNOT_PROVIDE"), state.recoveryCase.noFurtherContact);
            } else if (state.planEnded()) {
                planEnds.add(last.toString());
            }
        });

        assertEquals(Map.of(
                "fact-find/UNREACHABLE", CaseStatus.CLOSED_NO_RESPONSE,
                "what-would-it-take/NEVER", CaseStatus.CLOSED_NEVER,
                "what-would-it-take/CANNOT_PROVIDE", CaseStatus.CLOSED_CANNOT_PROVIDE), closes);
        assertEquals(Set.of("you-said-we-did/RECORDED"), planEnds);
    }

    @Test
    void fewerTouchesConfiguredMidCaseMoveStraightToTheAsk() {
        FiveStepStrategy s = configured(3, 14);
        SimulatedCase c = new SimulatedCase(s, LossKind.LAPSED);
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        c.complete("send-evidence", "SENT");
        c.complete("send-evidence", "SENT");
        s.configure(config(1, 14));
        c.complete("send-evidence", "SENT");
        c.only("what-would-it-take");
    }

    @Test
    void nonsensicalConfigurationIsRefused() {
        FiveStepStrategy s = new FiveStepStrategy();
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(0, 14)));
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(3, 0)));
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void appliesToLapsedCustomersAndComplaints(LossKind kind) {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = kind;
        assertEquals(kind == LossKind.LAPSED || kind == LossKind.COMPLAINT, strategy.appliesTo(c));
    }

    @Test
    void describesItselfForReps() {
        StrategyDescription d = strategy.describe();
        assertEquals("fivestep", strategy.name());
        assertEquals("fivestep", d.name);
        assertEquals("Five-step recovery", d.title);
        assertEquals(List.of(LossKind.LAPSED, LossKind.COMPLAINT), d.lossKinds);
        assertTrue(d.summary.contains("3 patient touches"), d.summary);
    }

    @Test
    void aStepItDoesNotKnowIsRefusedLoudly() {
        SimulatedCase c = lapsed();
        RecoveryStep step = c.planned("fact-find");
        Outcome o = new Outcome();
        o.code = "CAN_DO";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
        step.name = "apologise";
        o.code = "FACTS_FOUND";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
    }

    @Test
    void registersAsConfigurableRecoveryStrategyNamedFivestep() throws IOException {
        String xml = resource("/OSGI-INF/dev.winback.strategy.fivestep.FiveStepStrategy.xml");
        assertTrue(xml.contains("interface=\"dev.winback.api.strategy.RecoveryStrategy\""), xml);
        assertTrue(xml.contains("name=\"winback.strategy.name\"") && xml.contains("value=\"fivestep\""), xml);
        assertTrue(xml.contains("configuration-pid=\"dev.winback.strategy.fivestep\""), xml);
        assertTrue(xml.contains("modified=\"configure\""), xml);

        String metatype = resource("/OSGI-INF/metatype/dev.winback.strategy.fivestep.FiveStepStrategy$Config.xml");
        assertTrue(metatype.contains("pid=\"dev.winback.strategy.fivestep\""), metatype);
        assertTrue(metatype.contains("id=\"evidenceTouches\"") && metatype.contains("default=\"3\""), metatype);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = FiveStepStrategyTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "bnd generated " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
