package dev.winback.core;

import static dev.winback.core.CoreFixture.MANAGER;
import static dev.winback.core.CoreFixture.REP1;
import static dev.winback.core.CoreFixture.REP2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.NotFoundException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine running cases through a real (small) strategy on the real store. */
class CaseEngineStrategyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final CoreFixture core = new CoreFixture(Clock.fixed(NOW, ZoneOffset.UTC));
    private final TestStrategy calls = new TestStrategy("calls", LossKind.LOST_DEAL);
    private final String customer = core.customer("C-1", "rep1").id.toString();

    CaseEngineStrategyTest() {
        core.strategies.addStrategy(calls, TestStrategy.properties("calls"));
        // As a .cfg file delivers them: one comma-separated string per attribute.
        core.cases.configure(config(new String[] {"LOST_DEAL=calls, HOSTILE=nobody"}, ""));
        core.team("sales", "boss", "rep1", "rep2");
    }

    private RecoveryCase open(LossKind kind, String strategy) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = java.util.UUID.fromString(customer);
        draft.lossKind = kind;
        draft.lossReason = "competitor";
        draft.strategy = strategy;
        // Several cases of one customer side by side: these tests are about plans, not about duplicates.
        draft.parallel = true;
        return core.cases.open(draft, MANAGER);
    }

    private static RecoveryStep step(RecoveryCase c, String name) {
        return c.steps.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aNewCaseGetsTheStrategyOfItsLossKindAndItsFirstSteps() {
        RecoveryCase c = open(LossKind.LOST_DEAL, null);
        assertEquals("calls", c.strategy);
        assertEquals(1, c.steps.size());
        RecoveryStep call = c.steps.get(0);
        assertEquals("call", call.name);
        assertEquals(StepStatus.PLANNED, call.status);
        assertEquals(NOW.plus(Duration.ofHours(24)), call.dueAt);
        assertEquals("rep1", call.assignee);
        assertEquals(List.of("REACHED", "GONE", "STOP"), call.allowedOutcomes);
        assertTrue(call.escalateWhenOverdue);
    }

    @Test
    void aKindNoStrategyServesOpensWithoutAPlanAndAnUnknownNamedStrategyIs422() {
        RecoveryCase hostile = open(LossKind.HOSTILE, null);
        assertNull(hostile.strategy);
        assertTrue(hostile.steps.isEmpty());
        UnknownReferenceException e = assertThrows(UnknownReferenceException.class,
                () -> open(LossKind.LOST_DEAL, "code99"));
        assertEquals("strategy", e.problems().get(0).field());
    }

    @Test
    void anOutcomeSchedulesWhatTheStrategyDecides() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        RecoveryCase after = core.cases.completeStep(c.id, step(c, "call").id, "reached", "Spoke to the CFO", REP1);
        RecoveryStep call = step(after, "call");
        assertEquals(StepStatus.DONE, call.status);
        assertEquals("REACHED", call.outcome.code);
        assertEquals("Spoke to the CFO", call.outcome.notes);
        assertEquals("rep1", call.outcome.recordedBy);
        RecoveryStep meet = step(after, "meet");
        assertEquals(StepStatus.PLANNED, meet.status);
        assertEquals("boss", meet.assignee, "an OWNER_MANAGER step goes to the rep's configured manager");
        assertEquals(NOW.plus(Duration.ofDays(7)), meet.dueAt);
        assertEquals(CaseStatus.OPEN, after.status);
        assertEquals(c.version + 1, after.version);
    }

    @Test
    void invalidTransitionsAreRefusedAndChangeNothing() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        java.util.UUID callId = step(c, "call").id;
        InvalidInputException wrong = assertThrows(InvalidInputException.class,
                () -> core.cases.completeStep(c.id, callId, "MAYBE", null, REP1));
        assertTrue(wrong.getMessage().contains("REACHED, GONE, STOP"), wrong.getMessage());
        assertThrows(NotFoundException.class, () -> core.cases.completeStep(c.id, callId, "REACHED", null, REP2));

        core.cases.completeStep(c.id, callId, "REACHED", null, REP1);
        assertThrows(ConflictException.class, () -> core.cases.completeStep(c.id, callId, "REACHED", null, REP1));
        assertEquals(2, core.cases.get(c.id, MANAGER).get().steps.size());
    }

    @Test
    void aClosingOutcomeClosesAndCancelsTheRest() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        RecoveryCase closed = core.cases.completeStep(c.id, step(c, "call").id, "GONE", "Signed for 5 years", REP1);
        assertEquals(CaseStatus.CLOSED_NEVER, closed.status);
        assertEquals(NOW, closed.closedAt);
        assertThrows(ConflictException.class,
                () -> core.cases.close(c.id, CaseStatus.WON_BACK, BigDecimal.TEN, null, MANAGER));
    }

    @Test
    void noFurtherContactMeansNoFurtherSteps() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        RecoveryCase stopped = core.cases.completeStep(c.id, step(c, "call").id, "STOP", null, REP1);
        assertTrue(stopped.noFurtherContact);
        assertEquals(CaseStatus.CLOSED_NO_RESPONSE, stopped.status);
        assertEquals(List.of(StepStatus.DONE), stopped.steps.stream().map(s -> s.status).collect(Collectors.toList()));
    }

    @Test
    void closingAsWonBackNeedsTheRevenueAndCancelsPlannedSteps() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        InvalidInputException noRevenue = assertThrows(InvalidInputException.class,
                () -> core.cases.close(c.id, CaseStatus.WON_BACK, null, null, MANAGER));
        assertEquals("revenue", noRevenue.problems().get(0).field());
        assertThrows(InvalidInputException.class, () -> core.cases.close(c.id, CaseStatus.OPEN, null, null, MANAGER));

        dev.winback.api.UnprocessableException noEvidence = assertThrows(
                dev.winback.api.UnprocessableException.class,
                () -> core.cases.close(c.id, CaseStatus.WON_BACK, new BigDecimal("48000.00"), "Back!", REP1));
        assertEquals("evidence", noEvidence.problems().get(0).field());
        dev.winback.api.dto.Purchase purchase = new dev.winback.api.dto.Purchase();
        purchase.date = c.createdAt.atZone(ZoneOffset.UTC).toLocalDate();
        purchase.amount = new BigDecimal("1200.00");
        purchase.currency = "EUR";
        core.customers.recordPurchase(c.customerId, purchase, REP1);
        dev.winback.api.dto.CaseClosure closure = new dev.winback.api.dto.CaseClosure();
        closure.status = CaseStatus.WON_BACK;
        closure.revenue = new BigDecimal("48000.00");
        closure.currency = "EUR";
        closure.notes = "Back!";
        RecoveryCase won = core.cases.close(c.id, closure, null, REP1);
        assertEquals("EUR", won.revenueCurrency);
        assertEquals(dev.winback.api.dto.WinBackEvidence.Kind.PURCHASE, won.evidence.kind);
        assertEquals("rep1", won.closedBy);
        assertEquals(CaseStatus.WON_BACK, won.status);
        assertEquals(0, new BigDecimal("48000").compareTo(won.recoveredRevenue));
        assertNotNull(won.closedAt);
        assertEquals(StepStatus.CANCELLED, step(won, "call").status);
        assertThrows(ConflictException.class,
                () -> core.cases.close(c.id, CaseStatus.CLOSED_NEVER, null, null, MANAGER));
    }

    @Test
    void uninstallingAStrategyPausesItsCasesAndAddingItResumesThemWhereTheyWere() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        RecoveryCase progressed = core.cases.completeStep(c.id, step(c, "call").id, "REACHED", "ok", REP1);

        core.strategies.removeStrategy(calls);
        assertEquals(CaseStatus.OPEN, core.cases.get(c.id, MANAGER).get().status,
                "a strategy that is only away (its bundle restarting) pauses nothing");
        core.strategies.bundleUninstalled(TestStrategy.BUNDLE_ID);
        RecoveryCase paused = core.cases.get(c.id, MANAGER).get();
        assertEquals(CaseStatus.PAUSED, paused.status);
        assertEquals(progressed.steps.size(), paused.steps.size());
        assertEquals("REACHED", step(paused, "call").outcome.code);
        assertTrue(core.cases.strategies().isEmpty());
        assertThrows(ConflictException.class,
                () -> core.cases.completeStep(c.id, step(paused, "meet").id, "WON", null, MANAGER));
        assertThrows(UnknownReferenceException.class, () -> open(LossKind.LOST_DEAL, "calls"));

        core.strategies.addStrategy(calls, TestStrategy.properties("calls"));
        RecoveryCase resumed = core.cases.get(c.id, MANAGER).get();
        assertEquals(CaseStatus.OPEN, resumed.status);
        assertEquals(StepStatus.PLANNED, step(resumed, "meet").status);
        assertEquals(step(paused, "meet").dueAt, step(resumed, "meet").dueAt);
        AccessDeniedException notTheirs = assertThrows(AccessDeniedException.class,
                () -> core.cases.completeStep(c.id, step(resumed, "meet").id, "WON", null, REP1));
        assertTrue(notTheirs.getMessage().contains("assigned to boss"), notTheirs.getMessage());
        RecoveryCase finished = core.cases.completeStep(c.id, step(resumed, "meet").id, "WON", null, MANAGER);
        assertEquals(StepStatus.DONE, step(finished, "meet").status);
    }

    @Test
    void withoutARuleTheHighestRankedApplicableStrategyIsChosen() {
        core.cases.configure(config(new String[0], ""));
        TestStrategy fallback = new TestStrategy("a-fallback", LossKind.LOST_DEAL);
        core.strategies.addStrategy(fallback, java.util.Map.of(dev.winback.api.strategy.RecoveryStrategy.NAME_PROPERTY, "a-fallback",
                org.osgi.framework.Constants.SERVICE_RANKING, -100));
        assertEquals("calls", open(LossKind.LOST_DEAL, null).strategy, "ranking beats the alphabet");
        core.strategies.removeStrategy(calls);
        assertEquals("a-fallback", open(LossKind.LOST_DEAL, null).strategy);
    }

    @Test
    void whysAreDocumentedAndCheckedAgainstTheLossReasons() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        dev.winback.api.dto.CaseWhy why = new dev.winback.api.dto.CaseWhy();
        why.statement = "Nobody answered our complaint for three weeks";
        why.lossReason = "service-failure";
        why.fixable = true;
        RecoveryCase after = core.cases.recordWhy(c.id, why, REP1);
        assertEquals(1, after.whys.size());
        assertEquals("rep1", after.whys.get(0).recordedBy);
        assertEquals(Boolean.FALSE, after.whys.get(0).alreadyFixed);

        why.lossReason = "aliens";
        assertEquals("lossReason", assertThrows(UnknownReferenceException.class,
                () -> core.cases.recordWhy(c.id, why, REP1)).problems().get(0).field());
        dev.winback.api.dto.CaseWhy empty = new dev.winback.api.dto.CaseWhy();
        assertEquals(List.of("statement", "lossReason", "fixable"), assertThrows(InvalidInputException.class,
                () -> core.cases.recordWhy(c.id, empty, REP1)).problems().stream().map(p -> p.field())
                .collect(Collectors.toList()));
        why.lossReason = "price";
        assertThrows(NotFoundException.class, () -> core.cases.recordWhy(c.id, why, REP2));
        assertEquals(1, core.cases.get(c.id, MANAGER).get().whys.size());
    }

    @Test
    void anAgreementSchedulesACheckPerConditionAndTheChecksRecordKeptOrBroken() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        dev.winback.api.dto.SecondChanceAgreement agreement = new dev.winback.api.dto.SecondChanceAgreement();
        agreement.customerSignatory = "Jane Roe, CFO";
        dev.winback.api.dto.AgreementCondition ours = new dev.winback.api.dto.AgreementCondition();
        ours.party = dev.winback.api.dto.AgreementCondition.Party.US;
        ours.condition = "Invoices checked by a person before they go out";
        ours.dueAt = NOW.plus(Duration.ofDays(30));
        dev.winback.api.dto.AgreementCondition theirs = new dev.winback.api.dto.AgreementCondition();
        theirs.party = dev.winback.api.dto.AgreementCondition.Party.CUSTOMER;
        theirs.condition = "A trial order within 60 days";
        theirs.dueAt = NOW.plus(Duration.ofDays(60));
        agreement.conditions = List.of(ours, theirs);

        RecoveryCase agreed = core.cases.recordAgreement(c.id, agreement, REP1);
        assertEquals(2, agreed.agreement.conditions.size());
        List<RecoveryStep> checks = agreed.steps.stream().filter(st -> st.conditionId != null)
                .collect(Collectors.toList());
        assertEquals(2, checks.size());
        assertEquals(NOW.plus(Duration.ofDays(30)), checks.get(0).dueAt);
        assertEquals(List.of("KEPT", "BROKEN"), checks.get(0).allowedOutcomes);
        assertThrows(ConflictException.class, () -> core.cases.recordAgreement(c.id, agreement, REP1));

        RecoveryCase kept = core.cases.completeStep(c.id, checks.get(0).id, "KEPT", "Three clean invoices", REP1);
        assertEquals(dev.winback.api.dto.AgreementCondition.Status.KEPT, kept.agreement.conditions.get(0).status);
        assertEquals(dev.winback.api.dto.AgreementCondition.Status.PENDING, kept.agreement.conditions.get(1).status);
        assertEquals(agreed.steps.size(), kept.steps.size(), "the strategy did not react to the engine's own check");
    }

    @Test
    void anAgreementNeedsDatedConditions() {
        RecoveryCase c = open(LossKind.LOST_DEAL, "calls");
        dev.winback.api.dto.SecondChanceAgreement agreement = new dev.winback.api.dto.SecondChanceAgreement();
        assertEquals(List.of("customerSignatory", "conditions"), assertThrows(InvalidInputException.class,
                () -> core.cases.recordAgreement(c.id, agreement, REP1)).problems().stream().map(p -> p.field())
                .collect(Collectors.toList()));
        dev.winback.api.dto.AgreementCondition past = new dev.winback.api.dto.AgreementCondition();
        past.party = dev.winback.api.dto.AgreementCondition.Party.US;
        past.condition = "Something";
        past.dueAt = NOW.minus(Duration.ofDays(1));
        agreement.customerSignatory = "Jane";
        agreement.conditions = List.of(past);
        assertEquals("conditions[0].dueAt", assertThrows(InvalidInputException.class,
                () -> core.cases.recordAgreement(c.id, agreement, REP1)).problems().get(0).field());
    }

    @Test
    void strategiesAreListedWithTheirNames() {
        assertEquals(List.of("calls"), core.cases.strategies().stream().map(d -> d.name)
                .collect(Collectors.toList()));
    }

    static CaseEngine.Config config(String[] kinds, String defaultManager) {
        return new CaseEngine.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CaseEngine.Config.class;
            }

            @Override
            public String[] strategyForLossKind() {
                return kinds;
            }

            @Override
            public String defaultManager() {
                return defaultManager;
            }
        };
    }
}
