package dev.winback.core;

import static dev.winback.core.CoreFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Overdue steps are flagged once and announced with the manager they escalate to. */
class OverdueSweepTest {
    private static final Instant OPENED = Instant.parse("2026-11-23T10:00:00Z");
    private final MovableClock clock = new MovableClock(OPENED);
    private final CoreFixture core = new CoreFixture(clock);
    private final List<Event> posted = new ArrayList<>();

    OverdueSweepTest() {
        core.strategies.addStrategy(new TestStrategy("calls", LossKind.LOST_DEAL), TestStrategy.properties("calls"));
        core.cases.configure(CaseEngineStrategyTest.config(new String[] {"LOST_DEAL=calls"}, ""));
        core.team("sales", "boss", "rep1");
    }

    private OverdueSweep sweep() {
        OverdueSweep sweep = new OverdueSweep(core.caseStore, core.cases, clock, 2);
        sweep.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
        return sweep;
    }

    private RecoveryCase open() {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = core.customer("C-" + UUID.randomUUID(), "rep1").id;
        draft.lossKind = LossKind.LOST_DEAL;
        draft.lossReason = "competitor";
        return core.cases.open(draft, MANAGER);
    }

    @Test
    void aStepPastItsDueTimeIsFlaggedOnceAndEscalatedToTheOwnersManager() {
        RecoveryCase c = open();
        for (int i = 0; i < 4; i++) {
            open();
        }
        OverdueSweep sweep = sweep();
        assertEquals(0, sweep.sweep(), "the 24 h call is not due yet");

        clock.set(OPENED.plus(Duration.ofHours(25)));
        assertEquals(5, sweep.sweep(), "batches of 2 until none is left");
        assertEquals(0, sweep.sweep(), "flagged steps are not announced again");
        assertEquals(5, posted.size());
        Event event = posted.stream().filter(e -> e.getProperty("caseId").equals(c.id.toString())).findFirst()
                .orElseThrow();
        assertEquals(OverdueSweep.TOPIC, event.getTopic());
        assertEquals("rep1", event.getProperty("assignee"));
        assertEquals("boss", event.getProperty("escalateTo"));
        assertNotNull(core.cases.get(c.id, MANAGER).get().steps.get(0).overdueSince);

        CaseQuery overdue = new CaseQuery();
        overdue.overdue = true;
        assertEquals(5, core.cases.find(overdue, MANAGER).total);
    }

    @Test
    void aRepInNoTeamEscalatesToTheDefaultManager() {
        core.cases.configure(CaseEngineStrategyTest.config(new String[] {"LOST_DEAL=calls"}, "head-of-sales"));
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = core.customer("C-" + UUID.randomUUID(), "rep2").id;
        draft.lossKind = LossKind.LOST_DEAL;
        draft.lossReason = "competitor";
        RecoveryCase c = core.cases.open(draft, MANAGER);
        clock.set(OPENED.plus(Duration.ofHours(25)));
        assertEquals(1, sweep().sweep());
        assertEquals("head-of-sales", posted.get(0).getProperty("escalateTo"));
        assertEquals("head-of-sales", core.cases.get(c.id, MANAGER).get().steps.get(0).escalatedTo);
    }

    @Test
    void withoutEventAdminStepsAreStillFlagged() {
        RecoveryCase c = open();
        OverdueSweep sweep = new OverdueSweep(core.caseStore, core.cases, clock, 10);
        clock.set(OPENED.plus(Duration.ofDays(2)));
        assertEquals(1, sweep.sweep());
        assertNotNull(core.cases.get(c.id, MANAGER).get().steps.get(0).overdueSince);
        assertNull(sweep.events);
    }
}
