package dev.winback.core;

import static dev.winback.core.CoreFixture.ADMIN;
import static dev.winback.core.CoreFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.LossReason;
import dev.winback.api.dto.RecoveryCase;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LossReasonCatalogTest {
    private final CoreFixture core = new CoreFixture();

    private static LossReason reason(String code) {
        LossReason r = new LossReason();
        r.code = code;
        r.label = "Poor onboarding";
        r.category = LossCategory.SERVICE;
        r.controllable = true;
        return r;
    }

    @Test
    void startsWithTheDefaultReasons() {
        List<String> codes = core.reasons.list().stream().map(r -> r.code).collect(Collectors.toList());
        assertEquals(List.of("competitor", "late-delivery", "other", "price", "relationship", "service-failure",
                "wrong-billing"), codes);
        assertFalse(core.reasons.get("price").get().controllable);
        assertTrue(core.reasons.get("wrong-billing").get().controllable);
    }

    @Test
    void onlyAdminsChangeTheList() {
        assertThrows(AccessDeniedException.class, () -> core.reasons.create(reason("onboarding"), MANAGER));
        assertThrows(AccessDeniedException.class, () -> core.reasons.delete("price", MANAGER));
        assertTrue(core.reasons.get("price").isPresent());
    }

    @Test
    void codesAreSlugs() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> core.reasons.create(reason("Bad Code"), ADMIN));
        assertEquals("code", e.problems().get(0).field());
        LossReason noCategory = reason("ok-code");
        noCategory.category = null;
        noCategory.label = " ";
        e = assertThrows(InvalidInputException.class, () -> core.reasons.create(noCategory, ADMIN));
        assertEquals(2, e.problems().size());
    }

    @Test
    void updateKeepsTheCode() {
        core.reasons.create(reason("onboarding"), ADMIN);
        LossReason change = reason(null);
        change.label = "Botched onboarding";
        assertEquals("Botched onboarding", core.reasons.update("onboarding", change, ADMIN).label);
        assertThrows(InvalidInputException.class, () -> core.reasons.update("onboarding", reason("renamed"), ADMIN));
    }

    @Test
    void aReasonInUseCannotBeDeleted() {
        core.reasons.create(reason("onboarding"), ADMIN);
        RecoveryCase c = new RecoveryCase();
        c.customerId = core.customer("C-1", "rep1").id;
        c.lossKind = LossKind.COMPLAINT;
        c.lossReason = "onboarding";
        core.cases.open(c, MANAGER);
        assertThrows(ConflictException.class, () -> core.reasons.delete("onboarding", ADMIN));
        assertTrue(core.reasons.get("onboarding").isPresent());
        core.reasons.create(reason("unused"), ADMIN);
        core.reasons.delete("unused", ADMIN);
        assertTrue(core.reasons.get("unused").isEmpty());
    }
}
