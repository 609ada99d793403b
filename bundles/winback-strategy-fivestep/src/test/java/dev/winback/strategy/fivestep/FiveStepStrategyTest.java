package dev.winback.strategy.fivestep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.TooEarlyException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.strategy.testkit.PlanContract;
import dev.winback.strategy.testkit.SimulatedCase;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Facts found, changes explained, all evidence sent as early as the spacing allows: the ask may be made. */
    private SimulatedCase atTheAsk() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        for (int i = 0; i < 3; i++) {
            c.completeEarliest("send-evidence", "SENT");
        }
        c.at(c.only("what-would-it-take").notBefore);
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
    void evidenceGoesOutInThreeTouchesAtLeastTwoWeeksApartThenTheAsk() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");

        RecoveryStep first = c.only("send-evidence");
        assertEquals(StepType.EVIDENCE, first.type);
        assertEquals(List.of("SENT", "RESPONDED"), first.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(14)), first.dueAt);
        assertNull(first.notBefore, "the first piece of evidence may go whenever it is ready");
        assertTrue(first.instructions.contains("evidence 1 of 3"), first.instructions);
        c.complete("send-evidence", "SENT");

        for (int n = 2; n <= 3; n++) {
            RecoveryStep touch = c.only("send-evidence");
            assertEquals(c.now.plus(Duration.ofDays(14)), touch.notBefore, "two weeks after the touch just sent");
            assertEquals(touch.notBefore.plus(Duration.ofDays(7)), touch.dueAt, "a week to send it from then");
            assertTrue(touch.instructions.contains("evidence " + n + " of 3"), touch.instructions);
            assertTrue(touch.contactsCustomer);
            c.at(touch.dueAt).complete("send-evidence", "SENT");
        }

        RecoveryStep ask = c.only("what-would-it-take");
        assertEquals(c.now.plus(Duration.ofDays(14)), ask.notBefore, "the ask is as patient as the evidence");
        assertEquals(ask.notBefore.plus(Duration.ofDays(7)), ask.dueAt);
    }

    @Test
    void evidenceSentEarlierThanTheSpacingAllowsIsRefused() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        c.after(Duration.ofDays(3)).complete("send-evidence", "SENT");
        Instant sent = c.now;

        c.after(Duration.ofDays(13).plusHours(23));
        TooEarlyException early = assertThrows(TooEarlyException.class, () -> c.complete("send-evidence", "SENT"));
        assertEquals(sent.plus(Duration.ofDays(14)), early.earliest());
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
        c.only("send-evidence");

        c.after(Duration.ofHours(1)).complete("send-evidence", "SENT");
        Instant second = c.now;
        c.after(Duration.ofDays(5));
        SimulatedCase answered = c.fork();
        answered.complete("send-evidence", "RESPONDED");
        answered.only("what-would-it-take");
        assertEquals(answered.now.plus(FiveStepStrategy.ASK_AFTER_RESPONSE),
                answered.planned("what-would-it-take").dueAt, "a customer who answers does not wait for our spacing");
        c.completeEarliest("send-evidence", "SENT");
        assertEquals(second.plus(Duration.ofDays(14)), c.now);

        assertThrows(TooEarlyException.class, () -> c.complete("what-would-it-take", "CANNOT_PROVIDE", "No"),
                "nor is the ask made before the spacing after the last touch");
        assertEquals(c.now.plus(Duration.ofDays(14)), c.planned("what-would-it-take").notBefore);
    }

    @Test
    void aLateTouchPushesTheNextOneFromWhenItWasActuallySent() {
        SimulatedCase c = lapsed();
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        c.complete("send-evidence", "SENT");
        RecoveryStep second = c.only("send-evidence");
        c.at(second.dueAt.plus(Duration.ofDays(10))).complete("send-evidence", "SENT");

        assertEquals(c.now.plus(Duration.ofDays(14)), c.only("send-evidence").notBefore);
    }

    @Test
    void evidenceCountAndSpacingAreConfigurable() {
        SimulatedCase c = new SimulatedCase(configured(5, 10), LossKind.LAPSED);
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        assertEquals(c.now.plus(Duration.ofDays(10)), c.only("send-evidence").dueAt);
        for (int n = 1; n <= 5; n++) {
            RecoveryStep touch = c.only("send-evidence");
            if (n > 1) {
                assertEquals(c.now.plus(Duration.ofDays(10)), touch.notBefore);
            }
            assertTrue(touch.instructions.contains("evidence " + n + " of 5"), touch.instructions);
            c.completeEarliest("send-evidence", "SENT");
        }
        assertEquals(c.now.plus(Duration.ofDays(10)), c.only("what-would-it-take").notBefore);
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
        assertEquals(Map.of("CAN_DO", List.of(StepRequirement.NOTES), "NEVER", List.of(StepRequirement.NOTES)),
                ask.requiresFor);
        assertTrue(ask.requires.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAN_DO", "NEVER"})
    void canDoAndNeverNeedNotesBecauseWhatFollowsReliesOnThem(String outcome) {
        SimulatedCase c = atTheAsk();
        UnprocessableException e = assertThrows(UnprocessableException.class,
                () -> c.complete("what-would-it-take", outcome));
        assertTrue(e.getMessage().contains("notes"), e.getMessage());
        assertThrows(UnprocessableException.class, () -> c.complete("what-would-it-take", outcome, "  "));
        c.only("what-would-it-take");

        c.complete("what-would-it-take", outcome, "They need a named account manager");
        assertTrue(c.recoveryCase.steps.stream().anyMatch(s -> s.name.equals("what-would-it-take")
                && s.outcome != null && s.outcome.code.equals(outcome)));
    }

    @Test
    void cannotProvideNeedsNoNotes() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CANNOT_PROVIDE");
        assertEquals(CaseStatus.CLOSED_CANNOT_PROVIDE, c.recoveryCase.status);
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
        // The engine no longer lets CAN_DO through without notes; a case from before the rule still reads well.
        SimulatedCase c = atTheAsk();
        RecoveryStep ask = c.planned("what-would-it-take");
        Outcome canDo = new Outcome();
        canDo.code = "CAN_DO";
        canDo.recordedAt = c.now;
        StepPlan commitment = strategy.onOutcome(c.recoveryCase, ask, canDo).next.get(0);
        assertTrue(commitment.instructions.contains("see the notes of what-would-it-take"));
    }

    @Test
    void aLongPromiseIsQuotedWithinTheInstructionsColumn() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "x".repeat(5000));
        // The engine's rules (PlanRules.problems) have checked the 2,000-character limit as each step was planned.
        assertTrue(c.only("deliver-commitment").instructions.contains("…"));
        for (int i = 0; i < 3; i++) {
            c.complete("deliver-commitment", "DELAYED");
        }
        assertTrue(c.only("decide-after-delays").instructions.contains("…"));
    }

    @Test
    void deliveringTheCommitmentLeadsToYouSaidWeDidThenTheOwnersDecision() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "Named account manager");
        c.complete("deliver-commitment", "DELIVERED");

        RecoveryStep yswd = c.only("you-said-we-did");
        assertEquals(StepType.FOLLOW_UP, yswd.type);
        assertEquals("manager", yswd.assignee);
        assertEquals(List.of("RECORDED"), yswd.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(14)), yswd.dueAt);
        assertFalse(yswd.contactsCustomer, "You Said, We Did is internal work");

        c.complete("you-said-we-did", "RECORDED");
        assertTrue(c.planEnded());
        RecoveryStep decide = c.only("decide-after-you-said-we-did");
        assertEquals(List.of("WON_BACK", "HAND_OVER", "NEVER"), decide.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(30)), decide.dueAt);

        c.complete("decide-after-you-said-we-did", "HAND_OVER", "Sales takes the renewal from here");
        assertEquals(CaseStatus.HANDED_OVER, c.recoveryCase.status);
    }

    @Test
    void aPromiseThatSlipsAThirdTimeGoesToTheOwnersDecision() {
        SimulatedCase c = atTheAsk();
        c.complete("what-would-it-take", "CAN_DO", "Named account manager");
        c.complete("deliver-commitment", "DELAYED");
        c.complete("deliver-commitment", "DELAYED");
        c.only("deliver-commitment");
        c.complete("deliver-commitment", "DELAYED", "Still hiring");

        RecoveryStep decide = c.only("decide-after-delays");
        assertTrue(decide.instructions.contains("\"Named account manager\", has slipped 3 times"),
                decide.instructions);
        assertEquals(CaseStatus.WON_BACK, decide.closes.get("WON_BACK"));
        assertEquals(c.now.plus(Duration.ofDays(14)), decide.dueAt);
    }

    @Test
    void everyPathEndsWhereThePlaybookSays() {
        PlanContract.Report report = PlanContract.assertEveryPathEnds(this::lapsed, PlanContract.walk()
                .eachState((state, path) -> {
                    if (state.recoveryCase.status.isTerminal()) {
                        assertEquals(path.get(path.size() - 1).code().equals("CANNOT_PROVIDE"),
                                state.recoveryCase.noFurtherContact);
                    }
                }));

        Map<String, Set<CaseStatus>> expected = new TreeMap<>(Map.of(
                "fact-find/UNREACHABLE", Set.of(CaseStatus.CLOSED_NO_RESPONSE),
                "what-would-it-take/NEVER", Set.of(CaseStatus.CLOSED_NEVER),
                "what-would-it-take/CANNOT_PROVIDE", Set.of(CaseStatus.CLOSED_CANNOT_PROVIDE)));
        for (String decision : List.of("decide-after-you-said-we-did", "decide-after-delays")) {
            expected.put(decision + "/WON_BACK", Set.of(CaseStatus.WON_BACK));
            expected.put(decision + "/HAND_OVER", Set.of(CaseStatus.HANDED_OVER));
            expected.put(decision + "/NEVER", Set.of(CaseStatus.CLOSED_NEVER));
        }
        assertEquals(expected, report.closingChoices);
    }

    @Test
    void everyPathEndsWhenRepsWorkAsEarlyAsTheSpacingAllows() {
        PlanContract.assertEveryPathEnds(() -> new SimulatedCase(configured(5, 10), LossKind.COMPLAINT),
                PlanContract.walk().timing(SimulatedCase.Timing.AS_EARLY_AS_ALLOWED));
    }

    @Test
    void fewerTouchesConfiguredMidCaseMoveStraightToTheAsk() {
        FiveStepStrategy s = configured(3, 14);
        SimulatedCase c = new SimulatedCase(s, LossKind.LAPSED);
        c.complete("fact-find", "FACTS_FOUND");
        c.complete("explain-changes", "EXPLAINED");
        c.completeEarliest("send-evidence", "SENT");
        c.completeEarliest("send-evidence", "SENT");
        s.configure(config(1, 14));
        c.completeEarliest("send-evidence", "SENT");
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
