package dev.winback.bounty.plan;

import static dev.winback.bounty.BountyFixture.MANAGER;
import static dev.winback.bounty.BountyFixture.REP1;
import static dev.winback.bounty.BountyFixture.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import dev.winback.bounty.BountyFixture;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans: checked as a whole, drafts edited under If-Match, published versions never changed again. */
abstract class BountyPlansContract {
    BountyFixture f;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new BountyFixture(newDatabase());
        f.rules.addRule(BountyFixture.percentOfRevenue());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static BountyPlan plan() {
        BountyPlan p = new BountyPlan();
        p.name = "Q1 win-back";
        p.currency = "eur";
        p.validFrom = LocalDate.of(2026, 1, 1);
        p.rules = new ArrayList<>(List.of(use("percent", Map.of("rate", 0.05))));
        return p;
    }

    @Test
    void aNewPlanIsADraftWithItsDefaultsFilledIn() {
        BountyPlan p = f.plans.create(plan(), MANAGER);
        assertEquals(PlanStatus.DRAFT, p.status);
        assertEquals(1, p.version);
        assertEquals("EUR", p.currency);
        assertEquals(90, p.clawbackDays);
        assertEquals(Boolean.FALSE, p.requireLost);
        assertEquals(Boolean.TRUE, p.holdback);
        assertEquals(0, new BigDecimal("0.5").compareTo(p.lostBelowProbabilityAlive));
        assertTrue(p.scope.lossKinds.isEmpty());
        assertEquals("manager", p.createdBy);
    }

    @Test
    void everyProblemOfAPlanIsNamedAtOnceAndNothingIsWritten() {
        BountyPlan p = new BountyPlan();
        p.currency = "XAU";
        p.validFrom = LocalDate.of(2026, 3, 1);
        p.validTo = LocalDate.of(2026, 2, 1);
        p.clawbackDays = -1;
        p.roundingMode = "UNNECESSARY";
        p.roundingScale = 7;
        p.rules = List.of(use("percent", Map.of("rate", "five")), use("Not A Rule", Map.of()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> f.plans.create(p, MANAGER));
        List<String> fields = e.problems().stream().map(InvalidInputException.FieldProblem::field).toList();
        assertEquals(List.of("name", "currency", "validTo", "clawbackDays", "roundingMode", "roundingScale",
                "rules[0].params.rate", "rules[1].rule"), fields, e.getMessage());
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM bounty_plans"));
    }

    @Test
    void repsReadPlansButOnlyManagersWriteThem() {
        assertThrows(AccessDeniedException.class, () -> f.plans.create(plan(), REP1));
        BountyPlan p = f.plans.create(plan(), MANAGER);
        assertEquals(p.id, f.plans.get(p.id, REP1).id);
        assertThrows(AccessDeniedException.class, () -> f.plans.publish(p.id, REP1));
    }

    @Test
    void aPublishedVersionIsNeverChangedAChangeStartsTheNextVersion() {
        BountyPlan draft = f.plans.create(plan(), MANAGER);
        long etag = f.plans.etag(draft);
        BountyPlan edited = plan();
        edited.name = "Q1 win-back (revised)";
        f.plans.update(draft.id, edited, etag, MANAGER);
        assertThrows(VersionMismatchException.class, () -> f.plans.update(draft.id, plan(), etag, MANAGER));

        BountyPlan published = f.plans.publish(draft.id, MANAGER);
        assertEquals(PlanStatus.PUBLISHED, published.status);
        assertThrows(ConflictException.class, () -> f.plans.publish(draft.id, MANAGER), "no draft left");

        BountyPlan v2 = plan();
        v2.rules = new ArrayList<>(List.of(use("percent", Map.of("rate", 0.07))));
        BountyPlan next = f.plans.update(draft.id, v2, null, MANAGER);
        assertEquals(2, next.version);
        assertEquals(PlanStatus.DRAFT, next.status);
        assertEquals(new BigDecimal("0.05"), new BigDecimal(f.plans.version(draft.id, 1, MANAGER).rules.get(0)
                .params.get("rate").toString()), "version 1 is as it was published");

        f.plans.publish(draft.id, MANAGER);
        assertEquals(PlanStatus.RETIRED, f.plans.version(draft.id, 1, MANAGER).status);
        assertEquals(List.of(2, 1), f.plans.get(draft.id, MANAGER).versions.stream().map(v -> v.version).toList());
    }

    @Test
    void aPlanIsPublishedOnlyWhenEveryRuleItNamesIsInstalled() {
        BountyPlan p = plan();
        p.rules = new ArrayList<>(List.of(use("percent", Map.of("rate", 0.05)), use("not-installed", Map.of("x",
                1))));
        BountyPlan draft = f.plans.create(p, MANAGER);
        UnprocessableException e = assertThrows(UnprocessableException.class, () -> f.plans.publish(draft.id,
                MANAGER));
        assertTrue(e.getMessage().contains("winback-bounty-rule-not-installed"), e.getMessage());
        assertEquals(PlanStatus.DRAFT, f.plans.get(draft.id, MANAGER).status);
    }
}
