package dev.winback.core;

import static dev.winback.core.CoreFixture.MANAGER;
import static dev.winback.core.CoreFixture.REP1;
import static dev.winback.core.CoreFixture.REP2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CaseEngineTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final CoreFixture core = new CoreFixture(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Customer acme = core.customer("C-1", "rep1");

    private RecoveryCase draft() {
        RecoveryCase c = new RecoveryCase();
        c.customerId = acme.id;
        c.lossKind = LossKind.LOST_DEAL;
        c.lossReason = "competitor";
        c.lostAt = NOW.minus(Duration.ofDays(2));
        c.notes = "Lost the renewal to a cheaper bid";
        return c;
    }

    @Test
    void opensAnOpenCaseOwnedByTheCustomersRep() {
        RecoveryCase opened = core.cases.open(draft(), MANAGER);
        assertEquals(CaseStatus.OPEN, opened.status);
        assertEquals("rep1", opened.ownerRep);
        assertEquals("manager", opened.openedBy);
        assertEquals(opened.id, core.cases.get(opened.id, REP1).get().id);
    }

    @Test
    void aRepOpensCasesOnlyForThemselves() {
        RecoveryCase own = core.cases.open(draft(), REP2);
        assertEquals("rep2", own.ownerRep);
        RecoveryCase forOther = draft();
        forOther.ownerRep = "rep1";
        assertThrows(AccessDeniedException.class, () -> core.cases.open(forOther, REP2));
    }

    @Test
    void unknownCustomerAndReasonAreUnknownReferences() {
        RecoveryCase ghost = draft();
        ghost.customerId = UUID.randomUUID();
        assertEquals("customerId", assertThrows(UnknownReferenceException.class,
                () -> core.cases.open(ghost, MANAGER)).problems().get(0).field());
        RecoveryCase badReason = draft();
        badReason.lossReason = "aliens";
        assertEquals("lossReason", assertThrows(UnknownReferenceException.class,
                () -> core.cases.open(badReason, MANAGER)).problems().get(0).field());
        assertEquals(0, core.cases.find(new CaseQuery(), MANAGER).total);
    }

    @Test
    void missingFieldsAndAFutureLossAreReportedTogether() {
        RecoveryCase c = new RecoveryCase();
        c.lostAt = NOW.plus(Duration.ofDays(1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> core.cases.open(c, MANAGER));
        assertEquals(List.of("customerId", "lossKind", "lossReason", "lostAt"),
                e.problems().stream().map(p -> p.field()).collect(Collectors.toList()));
    }

    @Test
    void aRepSeesOnlyTheirOwnCases() {
        RecoveryCase ofRep1 = core.cases.open(draft(), REP1);
        RecoveryCase other = draft();
        other.customerId = core.customer("C-other", "rep2").id;
        core.cases.open(other, REP2);
        assertEquals(Optional.empty(), core.cases.get(ofRep1.id, REP2), "hidden like a case that does not exist");
        CaseQuery all = new CaseQuery();
        assertEquals(2, core.cases.find(all, MANAGER).total);
        List<String> seen = core.cases.find(new CaseQuery(), REP2).items.stream().map(c -> c.ownerRep)
                .collect(Collectors.toList());
        assertEquals(List.of("rep2"), seen);
        CaseQuery snooping = new CaseQuery();
        snooping.ownerRep = "rep1";
        assertThrows(AccessDeniedException.class, () -> core.cases.find(snooping, REP2));
    }

    @Test
    void filtersCombine() {
        core.cases.open(draft(), REP1);
        RecoveryCase complaint = draft();
        complaint.customerId = core.customer("C-complaint", "rep1").id;
        complaint.lossKind = LossKind.COMPLAINT;
        complaint.lossReason = "wrong-billing";
        core.cases.open(complaint, REP1);
        CaseQuery q = new CaseQuery();
        q.lossKind = LossKind.COMPLAINT;
        q.status = CaseStatus.OPEN;
        List<RecoveryCase> found = core.cases.find(q, MANAGER).items;
        assertEquals(1, found.size());
        assertEquals("wrong-billing", found.get(0).lossReason);
        q.lossReason = "competitor";
        assertTrue(core.cases.find(q, MANAGER).items.isEmpty());
    }

    private static DetectionFinding finding(String reason) {
        DetectionFinding f = new DetectionFinding();
        f.runId = UUID.randomUUID();
        f.probabilityAlive = 0.08;
        f.secondLifetimeValue = new BigDecimal("412.50");
        f.reason = reason;
        return f;
    }

    @Test
    void detectionOpensOneCaseWithItsFindingAndNeverASecondWhileOneIsOpen() {
        RecoveryCase lapsed = draft();
        lapsed.lossKind = LossKind.LAPSED;
        RecoveryCase opened = core.cases.openDetected(lapsed, finding("P(alive) 0.080 below 0.300"), MANAGER)
                .orElseThrow();
        RecoveryCase read = core.cases.get(opened.id, MANAGER).orElseThrow();
        assertEquals("P(alive) 0.080 below 0.300", read.detection.reason);
        assertEquals(0.08, read.detection.probabilityAlive);
        assertEquals(0, new BigDecimal("412.50").compareTo(read.detection.secondLifetimeValue));

        assertTrue(core.cases.openDetected(lapsed, finding("again"), MANAGER).isEmpty());
        assertEquals(1, core.cases.find(new CaseQuery(), MANAGER).total);

        // Once that case is closed, a later run may open a new one.
        core.cases.close(opened.id, CaseStatus.CLOSED_NO_RESPONSE, null, "no answer", MANAGER);
        assertTrue(core.cases.openDetected(lapsed, finding("lapsed again"), MANAGER).isPresent());
    }

    @Test
    void detectionIsNotARepsToolAndNeedsAFinding() {
        assertThrows(AccessDeniedException.class, () -> core.cases.openDetected(draft(), finding("x"), REP1));
        assertEquals("detection", assertThrows(InvalidInputException.class,
                () -> core.cases.openDetected(draft(), null, MANAGER)).problems().get(0).field());
        DetectionFinding noReason = finding(" ");
        assertEquals("detection.reason", assertThrows(InvalidInputException.class,
                () -> core.cases.openDetected(draft(), noReason, MANAGER)).problems().get(0).field());
        assertEquals(0, core.cases.find(new CaseQuery(), MANAGER).total);
    }
}
