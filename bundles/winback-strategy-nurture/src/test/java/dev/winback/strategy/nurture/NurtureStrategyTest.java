package dev.winback.strategy.nurture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.TooEarlyException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.strategy.Reaction;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NurtureStrategyTest {
    private static final Duration DAY = Duration.ofDays(1);

    private final NurtureStrategy strategy = configured(2, 30, 14, 3, 12);

    static NurtureStrategy configured(int maxTouches, int periodDays, int spacingDays, int inviteEvery,
            int maxUnanswered) {
        NurtureStrategy s = new NurtureStrategy();
        s.configure(config(maxTouches, periodDays, spacingDays, inviteEvery, maxUnanswered));
        return s;
    }

    static NurtureStrategy.Config config(int maxTouches, int periodDays, int spacingDays, int inviteEvery,
            int maxUnanswered) {
        return new NurtureStrategy.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NurtureStrategy.Config.class;
            }

            @Override
            public int maxTouchesPerPeriod() {
                return maxTouches;
            }

            @Override
            public int periodDays() {
                return periodDays;
            }

            @Override
            public int touchSpacingDays() {
                return spacingDays;
            }

            @Override
            public int eventInvitationEvery() {
                return inviteEvery;
            }

            @Override
            public int maxUnansweredTouches() {
                return maxUnanswered;
            }
        };
    }

    /** What DS passes without a configuration: every attribute at its declared default. */
    static NurtureStrategy.Config defaults() {
        return (NurtureStrategy.Config) Proxy.newProxyInstance(NurtureStrategy.Config.class.getClassLoader(),
                new Class<?>[] {NurtureStrategy.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    private SimulatedCase lapsed(NurtureStrategy s) {
        return new SimulatedCase(s, LossKind.LAPSED);
    }

    /** The one planned touch, whichever kind it is. */
    private static RecoveryStep nextTouch(SimulatedCase c) {
        List<RecoveryStep> planned = c.planned();
        assertEquals(1, planned.size(), "one touch planned: " + c.plannedNames());
        return planned.get(0);
    }

    /**
     * Completes the planned touch as soon as it may be sent (its notBefore; the first touch, which has none, when it
     * falls due), or {@code late} after that, with {@code code}.
     */
    private static Reaction touchAtDue(SimulatedCase c, Duration late, String code) {
        RecoveryStep t = nextTouch(c);
        c.at((t.notBefore != null ? t.notBefore : t.dueAt).plus(late));
        return c.complete(t.name, code);
    }

    /**
     * What the strategy decides from, for the path walk: the planned steps, the touch number modulo the invitation
     * rhythm, and the unanswered touches in a row. Times only move due dates, never which step comes next.
     */
    private static Object nurtureState(SimulatedCase state) {
        int touches = 0;
        int unanswered = 0;
        for (RecoveryStep s : state.recoveryCase.steps) {
            if (s.status == StepStatus.DONE && (s.name.equals("share-useful-info") || s.name.equals("invite-to-event"))) {
                touches++;
                unanswered = s.outcome.code.equals("RESPONDED") ? 0 : unanswered + 1;
            }
        }
        return List.of(state.recoveryCase.status, state.recoveryCase.noFurtherContact, state.plannedNames(),
                touches % 3, unanswered);
    }

    /** Asserts that no window of {@code period} holds more than {@code max} of the recorded touches. */
    private static void assertFatigueLimit(RecoveryCase c, int max, Duration period) {
        List<Instant> times = c.steps.stream()
                .filter(s -> s.status == StepStatus.DONE && (s.name.equals("share-useful-info")
                        || s.name.equals("invite-to-event")))
                .map(s -> s.outcome.recordedAt).sorted().collect(Collectors.toList());
        for (int i = 0; i < times.size(); i++) {
            Instant windowEnd = times.get(i).plus(period);
            long inWindow = times.stream().filter(t -> !t.isBefore(windowEnd.minus(period)) && t.isBefore(windowEnd))
                    .count();
            assertTrue(inWindow <= max, inWindow + " touches in the " + period.toDays() + " days from "
                    + times.get(i) + ": " + times);
        }
    }

    @Test
    void defaultsAreTwoTouchesPerThirtyDaysEveryTwoWeeks() {
        NurtureStrategy.Config d = defaults();
        assertEquals(2, d.maxTouchesPerPeriod());
        assertEquals(30, d.periodDays());
        assertEquals(14, d.touchSpacingDays());
        assertEquals(3, d.eventInvitationEvery());
        assertEquals(12, d.maxUnansweredTouches());
        NurtureStrategy s = new NurtureStrategy();
        s.configure(d);
        assertEquals("share-useful-info", s.plan(new RecoveryCase()).get(0).name);
    }

    @Test
    void planOpensWithUsefulInformationAndNoPitch() {
        List<StepPlan> plan = strategy.plan(new RecoveryCase());

        assertEquals(1, plan.size());
        StepPlan first = plan.get(0);
        assertEquals("share-useful-info", first.name);
        assertEquals(StepType.LETTER, first.type);
        assertEquals(Duration.ofDays(7), first.dueIn);
        assertEquals(List.of("SENT", "RESPONDED", "STOP_REQUESTED"), first.outcomes);
        assertEquals(StepPlan.Assignee.CASE_OWNER, first.assignee);
        assertFalse(first.escalateWhenOverdue, "a late gift is no emergency");
        assertTrue(first.instructions.contains("Never a pitch"), first.instructions);
        assertTrue(first.instructions.contains("2 touches in 30 days"), first.instructions);
    }

    @Test
    void touchesFollowTheRhythmUntilTheLimitPushesThemBack() {
        SimulatedCase c = lapsed(strategy);
        Instant first = nextTouch(c).dueAt;
        assertNull(nextTouch(c).notBefore, "no touch made yet: no limit on the first");
        touchAtDue(c, Duration.ZERO, "SENT");
        RecoveryStep second = nextTouch(c);
        assertEquals(first.plus(Duration.ofDays(14)), second.notBefore, "the usual two weeks");
        assertEquals(second.notBefore.plus(Duration.ofDays(7)), second.dueAt, "a week to send it from then");
        touchAtDue(c, Duration.ZERO, "SENT");

        assertEquals(first.plus(Duration.ofDays(30)), nextTouch(c).notBefore,
                "two touches in the last 30 days: the third waits until the first leaves the window, not 14 days");
    }

    @Test
    void givenTouchesInTheWindowTheNextMayNotBeSentBeforeTheWindowAllows() {
        // Two touches ten days apart, the second just completed: at most two per 30 days.
        Instant now = Instant.parse("2026-06-15T10:00:00Z");
        RecoveryCase c = caseWith(touchDone("share-useful-info", now.minus(Duration.ofDays(10)), "SENT"));
        RecoveryStep justDone = touchDone("share-useful-info", now, "SENT");
        c.steps.add(justDone);

        Reaction r = strategy.onOutcome(c, justDone, justDone.outcome);

        assertEquals(1, r.next.size());
        StepPlan next = r.next.get(0);
        assertEquals(now.plus(Duration.ofDays(20)), next.notBeforeAt, "not before 30 days after the touch of June 5");
        assertEquals(next.notBeforeAt.plus(Duration.ofDays(7)), next.dueAt);
    }

    @Test
    void aTouchOutsideTheWindowNoLongerHoldsTheNextOneBack() {
        Instant now = Instant.parse("2026-06-15T10:00:00Z");
        RecoveryCase c = caseWith(touchDone("share-useful-info", now.minus(Duration.ofDays(40)), "SENT"));
        RecoveryStep justDone = touchDone("share-useful-info", now, "SENT");
        c.steps.add(justDone);

        assertEquals(now.plus(Duration.ofDays(14)),
                strategy.onOutcome(c, justDone, justDone.outcome).next.get(0).notBeforeAt);
    }

    @Test
    void theJustCompletedTouchCountsEvenIfTheCaseDoesNotListItYet() {
        Instant now = Instant.parse("2026-06-15T10:00:00Z");
        RecoveryCase c = caseWith(touchDone("share-useful-info", now.minus(Duration.ofDays(10)), "SENT"));
        RecoveryStep justDone = touchDone("share-useful-info", now, "SENT");

        assertEquals(now.plus(Duration.ofDays(20)),
                strategy.onOutcome(c, justDone, justDone.outcome).next.get(0).notBeforeAt);
    }

    @Test
    void aTouchSentBeforeTheLimitAllowsIsRefused() {
        SimulatedCase c = lapsed(strategy);
        touchAtDue(c, Duration.ZERO, "SENT");
        touchAtDue(c, Duration.ZERO, "SENT");
        RecoveryStep third = nextTouch(c);
        c.at(third.notBefore.minus(Duration.ofMinutes(1)));

        TooEarlyException e = assertThrows(TooEarlyException.class, () -> c.complete(third.name, "SENT"));
        assertEquals(third.notBefore, e.earliest());
        // What the customer does is never too early to record: a request to stop ends the case at once.
        SimulatedCase stopped = c.fork();
        stopped.complete(third.name, "STOP_REQUESTED");
        assertEquals(CaseStatus.CLOSED_NEVER, stopped.recoveryCase.status);
        assertTrue(stopped.recoveryCase.noFurtherContact);
        c.at(third.notBefore).complete(third.name, "SENT");
    }

    @ParameterizedTest(name = "{0} per {1} days, every {2} days")
    @CsvSource({"2, 30, 14", "1, 7, 1", "3, 30, 1", "2, 30, 5", "4, 90, 20"})
    void neverMoreThanTheLimitInAnyWindowEvenWhenEveryTouchGoesAsEarlyAsAllowed(int max, int periodDays,
            int spacingDays) {
        Random random = new Random(7L * max + periodDays + spacingDays);
        SimulatedCase c = lapsed(configured(max, periodDays, spacingDays, 3, 0));
        for (int i = 0; i < 60; i++) {
            RecoveryStep t = nextTouch(c);
            if (random.nextInt(4) == 0) {
                c.completeEarliest(t.name, "RESPONDED");
                // Answered at once, so the next touch is planned as early as it can be.
                c.complete("answer-response", "ANSWERED");
            } else {
                c.completeEarliest(t.name, "SENT");
            }
        }
        assertFatigueLimit(c.recoveryCase, max, Duration.ofDays(periodDays));
        long touches = c.recoveryCase.steps.stream().filter(s -> s.status == StepStatus.DONE
                && !s.name.equals("answer-response")).count();
        assertEquals(60, touches);
    }

    @ParameterizedTest(name = "{0} per {1} days, every {2} days")
    @CsvSource({"1, 7, 1", "2, 30, 14", "2, 30, 5", "3, 30, 1", "4, 90, 20", "1, 30, 60"})
    void theLimitHoldsOverAYearOfTouchesCompletedOnTimeOrLate(int max, int periodDays, int spacingDays) {
        Random random = new Random(max * 1000L + periodDays * 10L + spacingDays);
        NurtureStrategy s = configured(max, periodDays, spacingDays, 3, 0);
        SimulatedCase c = lapsed(s);
        for (int i = 0; i < 40; i++) {
            Duration late = Duration.ofHours(random.nextInt(4) == 0 ? random.nextInt(24 * 10) : 0);
            RecoveryStep t = nextTouch(c);
            Instant at = (t.notBefore != null ? t.notBefore : t.dueAt).plus(late);
            if (random.nextInt(5) == 0) {
                c.at(at).complete(t.name, "RESPONDED");
                c.after(Duration.ofHours(random.nextInt(48))).complete("answer-response", "ANSWERED");
            } else {
                c.at(at).complete(t.name, "SENT");
            }
            RecoveryStep next = nextTouch(c);
            assertFalse(next.notBefore.isBefore(c.now.plus(DAY)), "never two touches on one day");
        }
        assertFatigueLimit(c.recoveryCase, max, Duration.ofDays(periodDays));
    }

    @ParameterizedTest
    @ValueSource(strings = {"share-useful-info", "invite-to-event"})
    void stopRequestedClosesAsNeverWithNoFurtherContact(String kind) {
        SimulatedCase c = lapsed(strategy);
        while (!nextTouch(c).name.equals(kind)) {
            touchAtDue(c, Duration.ZERO, "SENT");
        }
        touchAtDue(c, Duration.ZERO, "STOP_REQUESTED");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertTrue(c.lastReaction.noFurtherContact);
        assertTrue(c.lastReaction.next.isEmpty());
        assertTrue(c.planned().isEmpty());
    }

    @Test
    void aResponseIsAnsweredWithinTwoDays() {
        SimulatedCase c = lapsed(strategy);
        touchAtDue(c, Duration.ZERO, "RESPONDED");

        RecoveryStep answer = c.only("answer-response");
        assertEquals(StepType.FOLLOW_UP, answer.type);
        assertEquals(List.of("ANSWERED", "WANTS_TO_BUY", "STOP_REQUESTED"), answer.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(2)), answer.dueAt);
        assertTrue(answer.instructions.contains("no pitch"), answer.instructions);
    }

    @Test
    void afterTheAnswerTheNextTouchStillRespectsTheLimit() {
        SimulatedCase c = lapsed(strategy);
        Instant first = nextTouch(c).dueAt;
        touchAtDue(c, Duration.ZERO, "SENT");
        touchAtDue(c, Duration.ZERO, "RESPONDED");
        c.after(Duration.ofDays(1)).complete("answer-response", "ANSWERED");

        RecoveryStep next = nextTouch(c);
        assertEquals(first.plus(Duration.ofDays(30)), next.notBefore, "the answered touch counts as a touch");
    }

    @Test
    void anAnswerGivenLateStillSchedulesTheNextTouchInTheFuture() {
        SimulatedCase c = lapsed(strategy);
        touchAtDue(c, Duration.ZERO, "RESPONDED");
        c.after(Duration.ofDays(40)).complete("answer-response", "ANSWERED");

        assertEquals(c.now.plus(DAY), nextTouch(c).notBefore);
    }

    @Test
    void wantingToBuyEndsTheNurtureWithTheOwnersDecision() {
        SimulatedCase c = lapsed(strategy);
        touchAtDue(c, Duration.ZERO, "RESPONDED");
        c.complete("answer-response", "WANTS_TO_BUY", "Asked for a quote for the autumn");

        assertTrue(c.planEnded());
        RecoveryStep decide = c.only("decide-after-interest");
        assertEquals(List.of("WON_BACK", "HAND_OVER", "NEVER"), decide.allowedOutcomes);
        assertEquals(c.now.plus(Duration.ofDays(30)), decide.dueAt);
        assertFalse(decide.contactsCustomer);
        assertFalse(c.recoveryCase.noFurtherContact);

        dev.winback.api.dto.CaseClosure revenue = new dev.winback.api.dto.CaseClosure();
        revenue.revenue = new java.math.BigDecimal("1200");
        c.complete("decide-after-interest", "WON_BACK", "They ordered", revenue);
        assertEquals(CaseStatus.WON_BACK, c.recoveryCase.status);
    }

    @Test
    void stopRequestedInReplyToOurAnswerAlsoEndsAllContact() {
        SimulatedCase c = lapsed(strategy);
        touchAtDue(c, Duration.ZERO, "RESPONDED");
        c.complete("answer-response", "STOP_REQUESTED");

        assertEquals(CaseStatus.CLOSED_NEVER, c.recoveryCase.status);
        assertTrue(c.recoveryCase.noFurtherContact);
    }

    @Test
    void everyThirdTouchIsAnEventInvitation() {
        SimulatedCase c = lapsed(strategy);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            RecoveryStep t = nextTouch(c);
            kinds.add(t.name + ":" + t.type);
            touchAtDue(c, Duration.ZERO, "SENT");
        }
        assertEquals(List.of("share-useful-info:LETTER", "share-useful-info:LETTER", "invite-to-event:EVENT",
                "share-useful-info:LETTER", "share-useful-info:LETTER", "invite-to-event:EVENT",
                "share-useful-info:LETTER"), kinds);
        assertTrue(c.recoveryCase.steps.stream().filter(s -> s.name.equals("invite-to-event"))
                .allMatch(s -> s.instructions.contains("Never a pitch")));
    }

    @Test
    void invitationsCanBeSwitchedOff() {
        SimulatedCase c = lapsed(configured(2, 30, 14, 0, 0));
        for (int i = 0; i < 7; i++) {
            assertEquals("share-useful-info", nextTouch(c).name);
            touchAtDue(c, Duration.ZERO, "SENT");
        }
    }

    @Test
    void unansweredTouchesInARowCloseAsNoResponse() {
        SimulatedCase c = lapsed(configured(2, 30, 14, 3, 3));
        touchAtDue(c, Duration.ZERO, "SENT");
        touchAtDue(c, Duration.ZERO, "RESPONDED");
        c.complete("answer-response", "ANSWERED");
        touchAtDue(c, Duration.ZERO, "SENT");
        touchAtDue(c, Duration.ZERO, "SENT");
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status, "the response reset the count");
        touchAtDue(c, Duration.ZERO, "SENT");

        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, c.recoveryCase.status);
        assertFalse(c.recoveryCase.noFurtherContact, "silence is not a request to stop");
    }

    @Test
    void withoutAnUnansweredLimitTheLongGameGoesOn() {
        SimulatedCase c = lapsed(configured(2, 30, 14, 3, 0));
        for (int i = 0; i < 60; i++) {
            touchAtDue(c, Duration.ZERO, "SENT");
        }
        assertEquals(CaseStatus.OPEN, c.recoveryCase.status);
        assertEquals("Nurture touch 61.", nextTouch(c).instructions.substring(0, 17));
    }

    @ParameterizedTest(name = "up to {0} unanswered touches")
    @ValueSource(ints = {3, 12, 0})
    void everyStateHasAWayOutAndEveryEndIsThePlaybooks(int maxUnanswered) {
        // The long game loops by design (a customer who keeps answering is nurtured for ever), so the contract
        // cannot ask every path to end; it asks that from every state one completion can close the case.
        PlanContract.Report report = PlanContract.assertEveryPathEnds(
                () -> lapsed(configured(2, 30, 14, 3, maxUnanswered)), PlanContract.walk()
                        .signature(NurtureStrategyTest::nurtureState)
                        .openEnded(1)
                        .timing(SimulatedCase.Timing.AS_EARLY_AS_ALLOWED)
                        .eachState((state, path) -> {
                            assertFatigueLimit(state.recoveryCase, 2, Duration.ofDays(30));
                            if (state.recoveryCase.status.isTerminal()) {
                                assertEquals(path.get(path.size() - 1).code().equals("STOP_REQUESTED"),
                                        state.recoveryCase.noFurtherContact);
                            }
                        }));

        Map<String, Set<CaseStatus>> expected = new TreeMap<>(Map.of(
                "share-useful-info/STOP_REQUESTED", Set.of(CaseStatus.CLOSED_NEVER),
                "invite-to-event/STOP_REQUESTED", Set.of(CaseStatus.CLOSED_NEVER),
                "answer-response/STOP_REQUESTED", Set.of(CaseStatus.CLOSED_NEVER),
                "decide-after-interest/WON_BACK", Set.of(CaseStatus.WON_BACK),
                "decide-after-interest/HAND_OVER", Set.of(CaseStatus.HANDED_OVER),
                "decide-after-interest/NEVER", Set.of(CaseStatus.CLOSED_NEVER)));
        if (maxUnanswered > 0) {
            expected.put("share-useful-info/SENT", Set.of(CaseStatus.CLOSED_NO_RESPONSE));
            expected.put("invite-to-event/SENT", Set.of(CaseStatus.CLOSED_NO_RESPONSE));
        }
        assertEquals(expected, report.closingChoices);
        assertEquals(Set.of("decide-after-interest"), report.decisionSteps);
    }

    @Test
    void theLongGameDoesNotEndOnEveryPathAndTheStrictContractSaysSo() {
        AssertionError e = assertThrows(AssertionError.class, () -> PlanContract.assertEveryPathEnds(
                () -> lapsed(configured(2, 30, 14, 3, 3)),
                PlanContract.walk().signature(NurtureStrategyTest::nurtureState)));
        assertTrue(e.getMessage().startsWith("Endless loop"), e.getMessage());
        assertTrue(e.getMessage().contains("RESPONDED -> answer-response/ANSWERED"), e.getMessage());
    }

    @Test
    void nonsensicalConfigurationIsRefused() {
        NurtureStrategy s = new NurtureStrategy();
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(0, 30, 14, 3, 12)));
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(2, 0, 14, 3, 12)));
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(2, 30, 0, 3, 12)));
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(2, 30, 14, -1, 12)));
        assertThrows(IllegalArgumentException.class, () -> s.configure(config(2, 30, 14, 3, -1)));
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void appliesToLapsedCustomersAndLostDealsAsAFallback(LossKind kind) {
        RecoveryCase c = new RecoveryCase();
        c.lossKind = kind;
        assertEquals(kind == LossKind.LAPSED || kind == LossKind.LOST_DEAL, strategy.appliesTo(c));
    }

    @Test
    void describesItselfAsTheFallback() {
        StrategyDescription d = strategy.describe();
        assertEquals("nurture", strategy.name());
        assertEquals("nurture", d.name);
        assertEquals(List.of(LossKind.LAPSED, LossKind.LOST_DEAL), d.lossKinds);
        assertTrue(d.summary.contains("never a pitch"), d.summary);
        assertTrue(d.summary.contains("at most 2 touches in any 30 days"), d.summary);
        assertTrue(d.summary.contains("prefer fivestep or surprise24"), d.summary);
    }

    @Test
    void aStepOrOutcomeItDoesNotKnowIsRefusedLoudly() {
        SimulatedCase c = lapsed(strategy);
        RecoveryStep step = c.planned("share-useful-info");
        Outcome o = new Outcome();
        o.code = "ANSWERED";
        o.recordedAt = c.now;
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
        step.name = "apologise";
        o.code = "SENT";
        assertThrows(IllegalArgumentException.class, () -> strategy.onOutcome(c.recoveryCase, step, o));
    }

    @Test
    void registersConfigurableWithALowRanking() throws IOException {
        String xml = resource("/OSGI-INF/dev.winback.strategy.nurture.NurtureStrategy.xml");
        assertTrue(xml.contains("interface=\"dev.winback.api.strategy.RecoveryStrategy\""), xml);
        assertTrue(xml.contains("name=\"winback.strategy.name\"") && xml.contains("value=\"nurture\""), xml);
        assertTrue(xml.contains("<property name=\"service.ranking\" type=\"Integer\" value=\"-100\"/>"), xml);
        assertTrue(xml.contains("configuration-pid=\"dev.winback.strategy.nurture\""), xml);
        assertTrue(xml.contains("modified=\"configure\""), xml);

        String metatype = resource("/OSGI-INF/metatype/dev.winback.strategy.nurture.NurtureStrategy$Config.xml");
        assertTrue(metatype.contains("<Designate pid=\"dev.winback.strategy.nurture\">"), metatype);
        assertTrue(metatype.contains("id=\"maxTouchesPerPeriod\""), metatype);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = NurtureStrategyTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "bnd generated " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RecoveryCase caseWith(RecoveryStep... steps) {
        RecoveryCase c = new RecoveryCase();
        c.id = UUID.randomUUID();
        c.lossKind = LossKind.LAPSED;
        c.status = CaseStatus.OPEN;
        c.strategy = "nurture";
        c.steps = new ArrayList<>(List.of(steps));
        return c;
    }

    private static RecoveryStep touchDone(String name, Instant at, String code) {
        RecoveryStep s = new RecoveryStep();
        s.id = UUID.randomUUID();
        s.name = name;
        s.status = StepStatus.DONE;
        s.outcome = new Outcome();
        s.outcome.code = code;
        s.outcome.recordedAt = at;
        return s;
    }
}
