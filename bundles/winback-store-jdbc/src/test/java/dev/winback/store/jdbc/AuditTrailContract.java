package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.copy;
import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.reason;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.AuditQuery;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.AuditTrail;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AuditTrailContract extends DatabaseTestBase {
    private JdbcAuditTrail trail;
    private JdbcCustomerStore customers;

    AuditTrailContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStores() {
        trail = new JdbcAuditTrail(db);
        customers = new JdbcCustomerStore(db);
    }

    @Test
    void aCustomersCreateAndUpdateAreRecordedOldestFirst() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer change = copy(created);
        change.name = "Acme Corp";
        Customer updated = customers.update(change, 1L, "bob");

        List<AuditEntry> entries = trail.forEntity("customer", created.id.toString());

        assertEquals(2, entries.size());
        AuditEntry create = entries.get(0);
        assertEquals("create", create.action);
        assertEquals("alice", create.actor);
        assertEquals("customer", create.entityType);
        assertEquals(created.id.toString(), create.entityId);
        assertEquals(created.createdAt, create.at);
        assertNull(create.before);
        assertEquals(Json.tree(created), Json.parse(create.after));

        AuditEntry update = entries.get(1);
        assertEquals("update", update.action);
        assertEquals("bob", update.actor);
        assertEquals(updated.updatedAt, update.at);
        assertTrue(update.id > create.id);
        JsonNode before = Json.parse(update.before);
        JsonNode after = Json.parse(update.after);
        assertEquals("Acme", before.get("name").asText());
        assertEquals(1, before.get("version").asLong());
        assertEquals("Acme Corp", after.get("name").asText());
        assertEquals(2, after.get("version").asLong());
    }

    @Test
    void theTrailIsReadNewestFirstByEntityAndTimeInKeysetPages() {
        Customer first = customers.insert(customer("crm", "R-1", "First"), "alice");
        clock.step(Duration.ofSeconds(10));
        Instant second = clock.instant();
        customers.insert(customer("crm", "R-2", "Second"), "alice");
        clock.step(Duration.ofSeconds(10));
        customers.insert(customer("crm", "R-3", "Third"), "alice");
        clock.step(Duration.ofSeconds(10));
        Instant fourth = clock.instant();
        Customer change = copy(first);
        change.name = "First, renamed";
        customers.update(change, 1L, "bob");

        AuditQuery all = new AuditQuery();
        all.entityType = "customer";
        List<AuditEntry> newestFirst = trail.read(all);
        assertEquals(List.of("update R-1", "create R-3", "create R-2", "create R-1"), newestFirst.stream()
                .map(e -> e.action + " " + Json.parse(e.after).get("externalId").asText()).toList());

        all.limit = 3;
        List<AuditEntry> page1 = trail.read(all);
        all.before = page1.get(2).id;
        List<AuditEntry> page2 = trail.read(all);
        assertEquals(newestFirst.subList(3, 4).stream().map(e -> e.id).toList(), page2.stream().map(e -> e.id)
                .toList());

        AuditQuery one = new AuditQuery();
        one.entityType = "customer";
        one.entityId = first.id.toString();
        assertEquals(List.of("update", "create"), trail.read(one).stream().map(e -> e.action).toList());

        AuditQuery window = new AuditQuery();
        window.from = second;
        window.to = fourth;
        assertEquals(List.of("R-3", "R-2"), trail.read(window).stream()
                .map(e -> Json.parse(e.after).get("externalId").asText()).toList());
    }

    @Test
    void datesAreIsoTextAndAmountsPlainNumbers() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");

        String json = trail.forEntity("customer", created.id.toString()).get(0).after;
        JsonNode after = Json.parse(json);

        assertTrue(after.get("createdAt").isTextual(), json);
        assertEquals(created.createdAt.toString(), after.get("createdAt").asText());
        assertTrue(json.contains("\"lifetimeValue\":1200.5000"), json);
    }

    @Test
    void aLossReasonsWholeLifeIsRecorded() {
        JdbcLossReasonStore reasons = new JdbcLossReasonStore(db);
        reasons.insert(reason("slow-support", "Slow support", LossCategory.SERVICE, true), "admin");
        reasons.update(reason("slow-support", "Support too slow", LossCategory.SERVICE, true), "admin");
        reasons.delete("slow-support", "root");

        List<AuditEntry> entries = trail.forEntity("loss-reason", "slow-support");

        assertEquals(List.of("create", "update", "delete"), entries.stream().map(e -> e.action).toList());
        assertEquals("Slow support", Json.parse(entries.get(1).before).get("label").asText());
        assertEquals("Support too slow", Json.parse(entries.get(1).after).get("label").asText());
        AuditEntry delete = entries.get(2);
        assertEquals("root", delete.actor);
        assertEquals("Support too slow", Json.parse(delete.before).get("label").asText());
        assertNull(delete.after);
    }

    @Test
    void aNewCaseIsRecorded() {
        Customer customer = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        RecoveryCase created = new JdbcCaseStore(db).insert(recoveryCase(customer.id, "price"), "alice");

        List<AuditEntry> entries = trail.forEntity("case", created.id.toString());

        assertEquals(1, entries.size());
        assertEquals("create", entries.get(0).action);
        assertEquals(Json.tree(created), Json.parse(entries.get(0).after));
        assertEquals("OPEN", Json.parse(entries.get(0).after).get("status").asText());
    }

    @Test
    void entriesBelongToOneEntityOfOneType() {
        Customer customer = customers.insert(customer("crm", "C-1", "Acme"), "alice");

        assertTrue(trail.forEntity("case", customer.id.toString()).isEmpty());
        assertTrue(trail.forEntity("customer", "someone-else").isEmpty());
    }

    /** A module's change and its entry share the module's transaction: both commit, or neither does. */
    @Test
    void aModulesEntryCommitsAndRollsBackWithItsChange() throws Exception {
        Map<String, Object> endpoint = Map.of("url", "https://crm.example/hooks", "active", true);
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            trail.record(c, "admin", "webhook-endpoint", "e-1", AuditTrail.CREATE, null, endpoint);
            c.commit();
            trail.record(c, "admin", "webhook-endpoint", "e-1", AuditTrail.DELETE, endpoint, null);
            c.rollback();
        }

        List<AuditEntry> entries = trail.forEntity("webhook-endpoint", "e-1");

        assertEquals(1, entries.size(), "the rolled-back delete left no entry");
        assertEquals("create", entries.get(0).action);
        assertEquals("https://crm.example/hooks", Json.parse(entries.get(0).after).get("url").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM event_log WHERE entity_type = 'webhook-endpoint'"),
                "a module's entry writes no event of the core's");
    }

    @Test
    void aModuleCannotWriteTheCoresEntriesOrMakeUpActions() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            for (String core : JdbcAuditTrail.CORE_ENTITY_TYPES) {
                assertThrows(IllegalArgumentException.class,
                        () -> trail.record(c, "admin", core, "x", AuditTrail.CREATE, null, Map.of()), core);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> trail.record(c, "admin", "webhook-endpoint", "x", "upsert", null, Map.of()));
            assertThrows(IllegalArgumentException.class,
                    () -> trail.record(c, "admin", "webhook-endpoint", " ", AuditTrail.CREATE, null, Map.of()));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log"));
    }

    /** A module's own event commits and rolls back with its change, and reads back as any event does. */
    @Test
    void aModulesEventCommitsAndRollsBackWithItsChange() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            trail.publish(c, "system:reputation", EventTypes.SURVEY_INVITED, "survey-invitation", "i-1",
                    Map.of("customerId", "c-1", "link", "https://winback.example/winback/survey/t"));
            c.commit();
            trail.publish(c, "system:reputation", EventTypes.SURVEY_INVITED, "survey-invitation", "i-2", Map.of());
            c.rollback();
        }

        List<WinbackEvent> events = new JdbcEventStore(db).after(0, List.of(), 10);

        assertEquals(1, events.size(), "the rolled-back event is gone");
        assertEquals(EventTypes.SURVEY_INVITED, events.get(0).type);
        assertEquals("i-1", events.get(0).entityId);
        assertEquals("system:reputation", events.get(0).actor);
        assertEquals("https://winback.example/winback/survey/t", Json.parse(events.get(0).payload).get("link").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log"), "an event is not an audit entry");
    }

    /** The core's events come only from the core's changes: a module cannot forge a case.closed. */
    @Test
    void aModuleCannotWriteTheCoresEvents() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            for (String type : EventTypes.ALL) {
                if (!EventTypes.MODULE_WRITTEN.contains(type)) {
                    assertThrows(IllegalArgumentException.class, () -> trail.publish(c, "admin", type,
                            "survey-invitation", "x", Map.of()), type);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> trail.publish(c, "admin", "survey.made-up",
                    "survey-invitation", "x", Map.of()));
            assertThrows(IllegalArgumentException.class, () -> trail.publish(c, "admin", EventTypes.SURVEY_INVITED,
                    "case", "x", Map.of()));
            assertThrows(IllegalArgumentException.class, () -> trail.publish(c, "admin", EventTypes.SURVEY_INVITED,
                    "survey-invitation", "x", null));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM event_log"));
    }
}
