package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.reason;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.LossReason;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class LossReasonStoreContract extends DatabaseTestBase {
    private JdbcLossReasonStore reasons;

    LossReasonStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        reasons = new JdbcLossReasonStore(db);
    }

    @Test
    void listIsOrderedByCode() {
        reasons.insert(reason("aaa-first", "First", LossCategory.OTHER, false), "admin");

        List<String> codes = reasons.list().stream().map(r -> r.code).collect(Collectors.toList());

        assertEquals("aaa-first", codes.get(0));
        assertEquals(codes.stream().sorted().collect(Collectors.toList()), codes);
        assertEquals(8, codes.size());
    }

    @Test
    void insertThenFind() {
        LossReason created = reasons.insert(reason("slow-support", "Slow support", LossCategory.SERVICE, true),
                "admin");

        LossReason found = reasons.find("slow-support").orElseThrow();
        assertEquals(Json.tree(created), Json.tree(found));
        assertEquals("Slow support", found.label);
        assertEquals(LossCategory.SERVICE, found.category);
        assertTrue(found.controllable);
        assertTrue(reasons.find("no-such-reason").isEmpty());
    }

    @Test
    void anExistingCodeIsAConflictAndChangesNothing() throws SQLException {
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> reasons.insert(reason("price", "Too expensive", LossCategory.PRICE, true), "admin"));

        assertEquals("Loss reason 'price' already exists", conflict.getMessage());
        assertEquals("Price", reasons.find("price").orElseThrow().label);
        assertEquals(0, auditRows(JdbcLossReasonStore.ENTITY_TYPE));
    }

    @Test
    void updateChangesLabelCategoryAndControllable() {
        reasons.insert(reason("slow-support", "Slow support", LossCategory.SERVICE, true), "admin");

        LossReason updated = reasons.update(reason("slow-support", "Support too slow", LossCategory.OTHER, false),
                1L, "admin");

        assertEquals(2L, updated.version);
        assertEquals("Support too slow", updated.label);
        assertEquals(LossCategory.OTHER, updated.category);
        assertEquals(false, updated.controllable);
        assertEquals(Json.tree(updated), Json.tree(reasons.find("slow-support").orElseThrow()));
    }

    @Test
    void anUpdateOfAVersionSomeoneChangedSinceChangesNothing() {
        assertEquals(1L, reasons.insert(reason("slow-support", "Slow support", LossCategory.SERVICE, true), "admin")
                .version);
        reasons.update(reason("slow-support", "Support too slow", LossCategory.SERVICE, true), 1L, "alice");

        VersionMismatchException stale = assertThrows(VersionMismatchException.class, () -> reasons.update(
                reason("slow-support", "Sluggish support", LossCategory.OTHER, false), 1L, "bob"));
        assertEquals(2L, stale.currentVersion());
        assertEquals("Support too slow", reasons.find("slow-support").orElseThrow().label);
        // no expected version: whatever is current is replaced
        assertEquals(3L, reasons.update(reason("slow-support", "Sluggish support", LossCategory.OTHER, false), null,
                "carol").version);
    }

    @Test
    void seededReasonsStartAtVersionOne() {
        assertEquals(1L, reasons.find("price").orElseThrow().version);
    }

    @Test
    void updateOrDeleteOfAnUnknownCodeIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> reasons.update(reason("no-such-reason", "X", LossCategory.OTHER, false), null, "admin"));
        assertThrows(NotFoundException.class, () -> reasons.delete("no-such-reason", "admin"));
    }

    @Test
    void deleteRemovesAnUnusedReason() {
        reasons.insert(reason("slow-support", "Slow support", LossCategory.SERVICE, true), "admin");

        reasons.delete("slow-support", "admin");

        assertTrue(reasons.find("slow-support").isEmpty());
    }

    @Test
    void deleteOfAReasonInUseIsAConflictAndChangesNothing() throws SQLException {
        Customer customer = new JdbcCustomerStore(db).insert(customer("crm", "C-1", "Acme"), "alice");
        JdbcCaseStore cases = new JdbcCaseStore(db);
        cases.insert(recoveryCase(customer.id, "price"), "alice");
        cases.insert(recoveryCase(customer.id, "price"), "alice");

        ConflictException conflict = assertThrows(ConflictException.class, () -> reasons.delete("price", "admin"));

        assertTrue(conflict.getMessage().startsWith("Loss reason 'price' is used by 2 recovery case(s)"),
                conflict.getMessage());
        assertTrue(reasons.find("price").isPresent());
        assertEquals(0, auditRows(JdbcLossReasonStore.ENTITY_TYPE));
    }
}
