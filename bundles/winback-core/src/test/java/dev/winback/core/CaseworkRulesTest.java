package dev.winback.core;

import static dev.winback.core.CoreFixture.ADMIN;
import static dev.winback.core.CoreFixture.MANAGER;
import static dev.winback.core.CoreFixture.REP1;
import static dev.winback.core.CoreFixture.REP2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseCorrection;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.dto.WinBackEvidence;
import dev.winback.api.dto.WorkItem;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.core.rules.PlanRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The guard rails of issue 7 on the real engine and the real store (embedded H2). */
class CaseworkRulesTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-02T09:00:00Z"));
    private final CoreFixture core = new CoreFixture(clock);

    /** A playbook with every feature the rules know: a contact step needing notes, a spaced one, a dead end. */
    static class Playbook implements RecoveryStrategy {
        final boolean contacts;

        Playbook(boolean contacts) {
            this.contacts = contacts;
        }

        @Override
        public String name() {
            return contacts ? "playbook" : "review";
        }

        @Override
        public StrategyDescription describe() {
            StrategyDescription d = new StrategyDescription();
            d.title = name();
            d.contactsCustomer = contacts;
            return d;
        }

        @Override
        public boolean appliesTo(RecoveryCase c) {
            return c.lossKind == LossKind.LAPSED;
        }

        @Override
        public List<StepPlan> plan(RecoveryCase c) {
            StepPlan call = new StepPlan("call", StepType.CALL, Duration.ofDays(2), List.of("TALKED", "SILENT"),
                    "Call them").requiringFor("TALKED", StepRequirement.NOTES);
            if (!contacts) {
                call.internal();
            }
            return List.of(call);
        }

        @Override
        public Reaction onOutcome(RecoveryCase c, RecoveryStep done, dev.winback.api.dto.Outcome outcome) {
            if (done.name.equals("call") && outcome.code.equals("TALKED")) {
                StepPlan later = new StepPlan("write", StepType.LETTER, Duration.ofDays(3), List.of("SENT"),
                        "Write to them").requiring(StepRequirement.WHY);
                later.notBeforeIn = Duration.ofDays(2);
                return Reaction.then(later);
            }
            // SILENT and SENT: a dead end on purpose; the engine must not leave the case with nothing to do.
            return Reaction.nothing();
        }
    }

    CaseworkRulesTest() {
        core.strategies.addStrategy(new Playbook(true), TestStrategy.properties("playbook"));
        core.strategies.addStrategy(new Playbook(false), TestStrategy.properties("review"));
        core.cases.configure(CaseEngineStrategyTest.config(new String[] {"LAPSED=playbook"}, ""));
        core.team("sales", "boss", "rep1");
    }

    private Customer customer() {
        Customer c = new Customer();
        c.externalId = "C-" + UUID.randomUUID();
        c.source = "crm";
        c.name = "Acme";
        c.ownerRep = "rep1";
        c.lifetimeValue = new BigDecimal("1000");
        c.currency = "EUR";
        return core.customers.create(c, MANAGER);
    }

    private RecoveryCase open(UUID customerId, String strategy, dev.winback.api.Actor actor) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customerId;
        draft.lossKind = LossKind.LAPSED;
        draft.lossReason = "price";
        draft.strategy = strategy;
        return core.cases.open(draft, actor);
    }

    private static RecoveryStep planned(RecoveryCase c, String name) {
        return c.steps.stream().filter(s -> s.name.equals(name) && s.status == StepStatus.PLANNED).findFirst()
                .orElseThrow(() -> new AssertionError("no planned " + name + " in " + c.steps));
    }

    @Test
    void aContactBlockStopsContactingStrategiesAndContactStepsOnEveryCase() {
        Customer customer = customer();
        RecoveryCase running = open(customer.id, "playbook", MANAGER);
        Customer blocked = core.customers.blockContact(customer.id, "Asked us by letter to stop", MANAGER);
        assertEquals("manager", blocked.contactBlocked.setBy);
        assertTrue(blocked.version > customer.version);

        ConflictException contact = assertThrows(ConflictException.class, () -> core.cases.completeStep(running.id,
                planned(running, "call").id, "SILENT", null, REP1));
        assertTrue(contact.getMessage().contains("contact block"), contact.getMessage());
        UnprocessableException refused = assertThrows(UnprocessableException.class,
                () -> open(customer.id, "playbook", MANAGER));
        assertTrue(refused.getMessage().contains("Asked us by letter"), refused.getMessage());
        // A review contacts nobody: it may run (as a parallel case, the customer has one running).
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer.id;
        draft.lossKind = LossKind.LAPSED;
        draft.lossReason = "price";
        draft.strategy = "review";
        draft.parallel = true;
        assertEquals("review", core.cases.open(draft, MANAGER).strategy);

        assertThrows(AccessDeniedException.class, () -> core.customers.unblockContact(customer.id, "ok", MANAGER));
        assertThrows(InvalidInputException.class, () -> core.customers.unblockContact(customer.id, " ", ADMIN));
        assertNull(core.customers.unblockContact(customer.id, "They called to buy again", ADMIN).contactBlocked);
        assertThrows(ConflictException.class, () -> core.customers.unblockContact(customer.id, "again", ADMIN));
        RecoveryCase after = core.cases.completeStep(running.id, planned(running, "call").id, "SILENT", null, REP1);
        assertEquals(StepStatus.DONE, after.steps.get(0).status);
    }

    @Test
    void closingAsCannotProvideBlocksTheCustomer() {
        Customer customer = customer();
        RecoveryCase c = open(customer.id, "playbook", MANAGER);
        CaseClosure closure = new CaseClosure();
        closure.status = CaseStatus.CLOSED_CANNOT_PROVIDE;
        assertThrows(AccessDeniedException.class, () -> core.cases.close(c.id, closure, null, REP1),
                "a rep does not give up before the plan's end");
        assertEquals("notes", assertThrows(InvalidInputException.class,
                () -> core.cases.close(c.id, closure, null, MANAGER)).problems().get(0).field());
        closure.notes = "We do not ship to their new country";
        RecoveryCase closed = core.cases.close(c.id, closure, null, MANAGER);
        assertTrue(closed.noFurtherContact);
        assertEquals("manager", closed.closedBy);
        assertEquals("We do not ship to their new country", closed.closeNotes);
        Customer blocked = core.customerStore.find(customer.id).orElseThrow();
        assertNotNull(blocked.contactBlocked);
        assertEquals(c.id, blocked.contactBlocked.caseId);
    }

    @Test
    void requirementsTimingAndTheDeadEndSafetyNet() {
        RecoveryCase c = open(customer().id, "playbook", MANAGER);
        UnprocessableException noNotes = assertThrows(UnprocessableException.class,
                () -> core.cases.completeStep(c.id, planned(c, "call").id, "TALKED", null, REP1));
        assertEquals("notes", noNotes.problems().get(0).field());
        RecoveryCase talked = core.cases.completeStep(c.id, planned(c, "call").id, "TALKED", "Price was it", REP1);
        RecoveryStep write = planned(talked, "write");
        assertEquals(clock.instant().plus(Duration.ofDays(2)), write.notBefore);

        TooEarlyException early = assertThrows(TooEarlyException.class,
                () -> core.cases.completeStep(c.id, write.id, "SENT", null, REP1));
        assertEquals(write.notBefore, early.earliest());
        clock.advance(Duration.ofDays(2));
        assertEquals("whys", assertThrows(UnprocessableException.class,
                () -> core.cases.completeStep(c.id, write.id, "SENT", null, REP1)).problems().get(0).field());
        CaseWhy why = new CaseWhy();
        why.statement = "Too expensive";
        why.lossReason = "price";
        why.fixable = true;
        core.cases.recordWhy(c.id, why, REP1);
        RecoveryCase sent = core.cases.completeStep(c.id, write.id, "SENT", null, REP1);
        RecoveryStep decide = planned(sent, PlanRules.ENGINE_DECISION);
        assertEquals("rep1", decide.assignee);
        assertEquals(CaseStatus.WON_BACK, decide.closes.get(StepPlan.DECIDE_WON_BACK));

        // At the plan's end the rep may give up without a manager.
        CaseClosure never = new CaseClosure();
        never.status = CaseStatus.CLOSED_NEVER;
        never.notes = "Went to a competitor for good";
        RecoveryCase closed = core.cases.close(c.id, never, null, REP1);
        assertEquals(CaseStatus.CLOSED_NEVER, closed.status);
    }

    @Test
    void aDecisionStepClosesAsWonBackOnlyWithEvidence() {
        RecoveryCase c = open(customer().id, "playbook", MANAGER);
        RecoveryCase silent = core.cases.completeStep(c.id, planned(c, "call").id, "SILENT", null, REP1);
        RecoveryStep decide = planned(silent, PlanRules.ENGINE_DECISION);
        CaseClosure revenue = new CaseClosure();
        revenue.revenue = new BigDecimal("5000");
        assertEquals("evidence", assertThrows(UnprocessableException.class, () -> core.cases.completeStep(c.id,
                decide.id, "WON_BACK", null, revenue, REP1)).problems().get(0).field());
        revenue.managerConfirmed = true;
        assertThrows(AccessDeniedException.class,
                () -> core.cases.completeStep(c.id, decide.id, "WON_BACK", "They signed", revenue, REP1));
        assertEquals("notes", assertThrows(UnprocessableException.class, () -> core.cases.completeStep(c.id,
                decide.id, "WON_BACK", null, revenue, MANAGER)).problems().get(0).field());
        RecoveryCase won = core.cases.completeStep(c.id, decide.id, "WON_BACK", "Signed a new contract", revenue,
                MANAGER);
        assertEquals(CaseStatus.WON_BACK, won.status);
        assertEquals(WinBackEvidence.Kind.MANAGER_CONFIRMATION, won.evidence.kind);
        assertEquals("EUR", won.revenueCurrency);
        assertEquals(StepStatus.DONE, won.steps.stream().filter(s -> s.id.equals(decide.id)).findFirst()
                .orElseThrow().status);
    }

    @Test
    void oneRunningCasePerCustomerUnlessAManagerSaysParallel() {
        Customer customer = customer();
        RecoveryCase first = open(customer.id, "playbook", MANAGER);
        ExistingCaseException twice = assertThrows(ExistingCaseException.class,
                () -> open(customer.id, "playbook", MANAGER));
        assertEquals(first.id, twice.existingCaseId());
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer.id;
        draft.lossKind = LossKind.LAPSED;
        draft.lossReason = "price";
        draft.parallel = true;
        assertThrows(AccessDeniedException.class, () -> core.cases.open(draft, REP1));
        assertNotNull(core.cases.open(draft, MANAGER).id);
    }

    @Test
    void aStrategyForAnotherLossKindNeedsAManagersForce() {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer().id;
        draft.lossKind = LossKind.HOSTILE;
        draft.lossReason = "price";
        draft.strategy = "playbook";
        assertEquals("strategy", assertThrows(UnprocessableException.class,
                () -> core.cases.open(draft, MANAGER)).problems().get(0).field());
        draft.force = true;
        assertThrows(AccessDeniedException.class, () -> core.cases.open(draft, REP1));
        assertEquals("playbook", core.cases.open(draft, MANAGER).strategy);
    }

    @Test
    void aStrategyNeverChosenAutomaticallyOpensWhenNamedForAKindItLists() {
        // Like pitstop: appliesTo() is false so nobody gets it by default, but it lists every loss kind.
        Playbook onRequest = new Playbook(false) {
            @Override
            public String name() {
                return "on-request";
            }

            @Override
            public boolean appliesTo(RecoveryCase c) {
                return false;
            }

            @Override
            public StrategyDescription describe() {
                StrategyDescription d = super.describe();
                d.lossKinds = List.of(LossKind.values());
                return d;
            }
        };
        core.strategies.addStrategy(onRequest, TestStrategy.properties("on-request"));
        assertEquals("on-request", open(customer().id, "on-request", REP1).strategy);
    }

        @Test
    void ownersMustBeRealmUsersAndCorrectionsMoveTheirSteps() {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer().id;
        draft.lossKind = LossKind.LAPSED;
        draft.lossReason = "price";
        draft.ownerRep = "ghost";
        assertEquals("ownerRep", assertThrows(InvalidInputException.class,
                () -> core.cases.open(draft, MANAGER)).problems().get(0).field());
        draft.ownerRep = "rep1";
        RecoveryCase c = core.cases.open(draft, MANAGER);

        CaseCorrection move = new CaseCorrection();
        move.ownerRep = "rep2";
        assertThrows(AccessDeniedException.class, () -> core.cases.correct(c.id, move, c.version, REP1));
        assertThrows(VersionMismatchException.class, () -> core.cases.correct(c.id, move, c.version + 1, MANAGER));
        RecoveryCase moved = core.cases.correct(c.id, move, c.version, MANAGER);
        assertEquals("rep2", moved.ownerRep);
        assertEquals("rep2", planned(moved, "call").assignee);

        CaseCorrection reason = new CaseCorrection();
        reason.lossReason = "aliens";
        assertThrows(InvalidInputException.class, () -> core.cases.correct(c.id, reason, moved.version, REP2));
        reason.lossReason = "service-failure";
        reason.notes = "It was the service after all";
        RecoveryCase corrected = core.cases.correct(c.id, reason, moved.version, REP2);
        assertEquals("service-failure", corrected.lossReason);
        assertEquals("It was the service after all", corrected.notes);
    }

    @Test
    void managerStepsAndWorklistsFollowTheTeam() {
        RecoveryCase c = open(customer().id, "playbook", MANAGER);
        StepQuery mine = new StepQuery();
        mine.assignee = "rep1";
        List<WorkItem> items = core.cases.worklist(mine, REP1).items;
        assertTrue(items.stream().anyMatch(i -> i.caseId.equals(c.id) && i.step.name.equals("call")
                && "Acme".equals(i.customerName) && "playbook".equals(i.strategy)), items.toString());
        StepQuery theirs = new StepQuery();
        theirs.assignee = "rep2";
        assertThrows(AccessDeniedException.class, () -> core.cases.worklist(theirs, REP1));
        assertEquals("boss", core.cases.managerOf("rep1"));
        assertEquals("rep2", core.cases.managerOf("rep2"), "no team, no default: the rep keeps it");
    }

    @Test
    void aCloseLosingARaceWithoutIfMatchIsAConflict() {
        RecoveryCase c = open(customer().id, "playbook", MANAGER);
        CaseClosure never = new CaseClosure();
        never.status = CaseStatus.CLOSED_NEVER;
        never.notes = "Closed twice";
        assertThrows(VersionMismatchException.class, () -> core.cases.close(c.id, never, c.version + 3, MANAGER));
        core.cases.close(c.id, never, null, MANAGER);
        assertThrows(ConflictException.class, () -> core.cases.close(c.id, never, null, MANAGER));
    }

}
