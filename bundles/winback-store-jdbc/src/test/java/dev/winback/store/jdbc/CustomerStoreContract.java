package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.copy;
import static dev.winback.store.jdbc.Fixtures.customer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CustomerStoreContract extends DatabaseTestBase {
    private JdbcCustomerStore customers;

    CustomerStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        customers = new JdbcCustomerStore(db);
    }

    @Test
    void insertAssignsIdTimestampsAndTheFirstVersion() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");

        assertNotNull(created.id);
        assertEquals(1, created.version);
        assertNotNull(created.createdAt);
        assertEquals(created.createdAt, created.updatedAt);
        assertEquals("C-1", created.externalId);
        assertEquals("crm", created.source);
        assertEquals("Acme", created.name);
        assertEquals("smb", created.segment);
        assertEquals("alice", created.ownerRep);
        assertEquals(0, new BigDecimal("1200.50").compareTo(created.lifetimeValue));
        assertEquals("EUR", created.currency);
    }

    @Test
    void insertKeepsOptionalFieldsEmpty() {
        Customer bare = customer("crm", "C-1", "Acme");
        bare.segment = null;
        bare.ownerRep = null;
        bare.lifetimeValue = null;
        bare.currency = null;

        Customer created = customers.insert(bare, "alice");

        assertEquals(Json.tree(created), Json.tree(customers.find(created.id).orElseThrow()));
        assertNull(created.lifetimeValue);
        assertNull(created.segment);
    }

    @Test
    void findsByIdAndByExternalId() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");

        assertEquals(Json.tree(created), Json.tree(customers.find(created.id).orElseThrow()));
        assertEquals(Json.tree(created), Json.tree(customers.findByExternalId("crm", "C-1").orElseThrow()));
        assertTrue(customers.findByExternalId("erp", "C-1").isEmpty());
        assertTrue(customers.findByExternalId("crm", "C-2").isEmpty());
        assertTrue(customers.find(UUID.randomUUID()).isEmpty());
    }

    @Test
    void updateWithTheCurrentVersionChangesTheCustomerAndCountsUp() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer change = copy(created);
        change.name = "Acme Corp";
        change.segment = "enterprise";
        change.lifetimeValue = new BigDecimal("99.1234");

        Customer updated = customers.update(change, 1L, "bob");

        assertEquals(2, updated.version);
        assertEquals("Acme Corp", updated.name);
        assertEquals("enterprise", updated.segment);
        assertEquals(new BigDecimal("99.1234"), updated.lifetimeValue);
        assertEquals(created.createdAt, updated.createdAt);
        assertTrue(updated.updatedAt.isAfter(created.updatedAt));
        assertEquals(Json.tree(updated), Json.tree(customers.find(created.id).orElseThrow()));
    }

    @Test
    void updateWithoutExpectedVersionSkipsTheCheck() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        customers.update(copy(created), 1L, "bob");
        Customer change = copy(created);
        change.name = "Overwritten";

        Customer updated = customers.update(change, null, "carol");

        assertEquals(3, updated.version);
        assertEquals("Overwritten", updated.name);
    }

    @Test
    void updateFromAStaleVersionIsRefusedAndChangesNothing() throws SQLException {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer first = copy(created);
        first.name = "Acme Corp";
        Customer current = customers.update(first, 1L, "bob");
        Customer stale = copy(created);
        stale.name = "Stale";

        VersionMismatchException refused = assertThrows(VersionMismatchException.class,
                () -> customers.update(stale, 1L, "carol"));

        assertEquals(2, refused.currentVersion());
        assertEquals(Json.tree(current), Json.tree(customers.find(created.id).orElseThrow()));
        assertEquals(2, auditRows(JdbcCustomerStore.ENTITY_TYPE), "create and the first update only");
    }

    @Test
    void updateOfAnUnknownCustomerIsNotFound() {
        Customer ghost = customer("crm", "C-1", "Ghost");
        ghost.id = UUID.randomUUID();

        assertThrows(NotFoundException.class, () -> customers.update(ghost, null, "alice"));
    }

    @Test
    void aSecondCustomerWithTheSameExternalIdInTheSameSourceIsAConflictAndWritesNothing() throws SQLException {
        customers.insert(customer("crm", "C-1", "Acme"), "alice");

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> customers.insert(customer("crm", "C-1", "Other"), "bob"));

        assertEquals("A customer with externalId 'C-1' already exists in source 'crm'", conflict.getMessage());
        assertEquals(1, count("SELECT COUNT(*) FROM customers"));
        assertEquals(1, auditRows(JdbcCustomerStore.ENTITY_TYPE), "only the first insert is audited");
    }

    @Test
    void theSameExternalIdInAnotherSourceIsAnotherCustomer() {
        Customer crm = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer erp = customers.insert(customer("erp", "C-1", "Acme"), "alice");

        assertFalse(crm.id.equals(erp.id));
    }

    @Test
    void updateOntoAnotherCustomersExternalIdIsAConflictAndChangesNothing() {
        customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer other = customers.insert(customer("crm", "C-2", "Beta"), "alice");
        Customer change = copy(other);
        change.externalId = "C-1";

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> customers.update(change, other.version, "bob"));

        assertTrue(conflict.getMessage().contains("'C-1'"), conflict.getMessage());
        assertEquals(Json.tree(other), Json.tree(customers.find(other.id).orElseThrow()));
    }

    @Test
    void aFailingAuditEntryUndoesTheChange() throws SQLException {
        String tooLongForTheAuditLog = "x".repeat(300);

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> customers.insert(customer("crm", "C-1", "Acme"), tooLongForTheAuditLog));

        assertEquals("Storage failure while creating a customer", failure.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM customers"));
    }

    @Test
    void searchMatchesNameExternalIdAndSegmentIgnoringCase() {
        Customer byName = customers.insert(customer("crm", "X-1", "ACME Tools"), "alice");
        Customer byExternalId = customers.insert(customer("crm", "ACME-77", "Beta"), "alice");
        Customer bySegment = customers.insert(withSegment(customer("crm", "X-3", "Gamma"), "Acme partners"), "alice");
        customers.insert(customer("crm", "X-4", "Delta"), "alice");

        assertEquals(List.of(byName.id, byExternalId.id, bySegment.id), ids(search(query("aCmE"))));
    }

    @Test
    void searchTakesLikeWildcardsLiterally() {
        Customer percent = customers.insert(customer("crm", "P-1", "100% Juice"), "alice");
        customers.insert(customer("crm", "P-2", "1000 Juice"), "alice");
        Customer underscore = customers.insert(customer("crm", "U-1", "A_B Ltd"), "alice");
        customers.insert(customer("crm", "U-2", "AxB Ltd"), "alice");
        Customer backslash = customers.insert(customer("crm", "B-1", "Back\\Slash"), "alice");
        customers.insert(customer("crm", "B-2", "BackSlash"), "alice");

        assertEquals(List.of(percent.id), ids(search(query("100%"))));
        assertEquals(List.of(underscore.id), ids(search(query("a_b"))));
        assertEquals(List.of(backslash.id), ids(search(query("k\\s"))));
    }

    @Test
    void searchFiltersBySourceAndOwnerExactly() {
        Customer aliceCrm = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        customers.insert(withOwner(customer("crm", "C-2", "Acme Two"), "bob"), "alice");
        customers.insert(customer("erp", "C-1", "Acme Erp"), "alice");
        customers.insert(customer("crm2", "C-9", "Acme Nine"), "alice");

        CustomerQuery query = query("acme");
        query.source = "crm";
        query.ownerRep = "alice";
        Page<Customer> page = search(query);

        assertEquals(List.of(aliceCrm.id), ids(page));
        assertEquals(1, page.total);
    }

    @Test
    void pagesAreOrderedByNameThenIdAndCountAllMatches() {
        List<Customer> all = new ArrayList<>();
        for (String name : List.of("Delta", "Alpha", "Charlie", "Alpha", "Bravo")) {
            all.add(customers.insert(customer("crm", "C-" + all.size(), name), "alice"));
        }
        // UUIDs compare as unsigned bytes in both databases, which is how their lower-case text sorts.
        List<UUID> expected = all.stream()
                .sorted(Comparator.comparing((Customer c) -> c.name).thenComparing(c -> c.id.toString()))
                .map(c -> c.id)
                .collect(Collectors.toList());

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            CustomerQuery query = query(null);
            query.page = page;
            query.size = 2;
            Page<Customer> result = search(query);
            assertEquals(5, result.total);
            assertEquals(page, result.page);
            assertEquals(2, result.size);
            seen.addAll(ids(result));
        }

        assertEquals(expected, seen);
    }

    @Test
    void aPageAfterTheLastIsEmptyButStillCounts() {
        customers.insert(customer("crm", "C-1", "Acme"), "alice");
        CustomerQuery query = query(null);
        query.page = 5;

        Page<Customer> page = search(query);

        assertTrue(page.items.isEmpty());
        assertEquals(1, page.total);
    }

    @Test
    void aSizeOfZeroOrLessOnlyCounts() {
        customers.insert(customer("crm", "C-1", "Acme"), "alice");
        customers.insert(customer("crm", "C-2", "Beta"), "alice");
        CustomerQuery query = query(null);
        query.size = -3;
        query.page = -1;

        Page<Customer> page = search(query);

        assertTrue(page.items.isEmpty());
        assertEquals(2, page.total);
        assertEquals(0, page.size);
        assertEquals(0, page.page);
    }

    @Test
    void aContactBlockIsSetWithItsDefaultsRaisesTheVersionAndIsAudited() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        assertNull(created.contactBlocked);
        ContactBlock block = new ContactBlock();
        block.reason = "asked not to be called (GDPR Art. 21)";

        Customer blocked = customers.setContactBlock(created.id, block, null, "bob");

        assertEquals(2, blocked.version);
        assertTrue(blocked.updatedAt.isAfter(created.updatedAt));
        assertEquals(blocked.updatedAt, blocked.contactBlocked.since, "since now, when not given");
        assertEquals("asked not to be called (GDPR Art. 21)", blocked.contactBlocked.reason);
        assertEquals("bob", blocked.contactBlocked.setBy, "set by the actor, when not given");
        assertNull(blocked.contactBlocked.caseId);
        assertEquals(Json.tree(blocked), Json.tree(customers.find(created.id).orElseThrow()));
        assertEquals(Json.tree(blocked), Json.tree(customers.findByExternalId("crm", "C-1").orElseThrow()));
        assertEquals(Json.tree(blocked), Json.tree(search(query("acme")).items.get(0)));
        List<AuditEntry> entries = new JdbcAuditTrail(db).forEntity(JdbcCustomerStore.ENTITY_TYPE,
                created.id.toString());
        assertEquals(List.of("create", "update"), entries.stream().map(e -> e.action).toList());
        assertEquals("bob", entries.get(1).actor);
        assertEquals(Json.tree(created), Json.parse(entries.get(1).before));
        assertEquals(Json.tree(blocked), Json.parse(entries.get(1).after), "no reason given, none recorded");
    }

    @Test
    void aBlockKeepsWhatItIsGivenAndTheCallsReasonWhenItHasNone() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        ContactBlock block = new ContactBlock();
        block.since = Instant.parse("2025-12-24T08:30:00.123456Z");
        block.setBy = "system:code99";
        block.caseId = UUID.randomUUID();

        ContactBlock stored = customers.setContactBlock(created.id, block, "lawyer's letter", "bob").contactBlocked;

        assertEquals(block.since, stored.since);
        assertEquals("system:code99", stored.setBy);
        assertEquals(block.caseId, stored.caseId);
        assertEquals("lawyer's letter", stored.reason);
    }

    @Test
    void aSecondBlockKeepsTheFirstAndChangesNothing() throws SQLException {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer blocked = customers.setContactBlock(created.id, block("first"), null, "bob");
        long auditBefore = auditRows(JdbcCustomerStore.ENTITY_TYPE);

        Customer again = customers.setContactBlock(created.id, block("second"), "again", "carol");

        assertEquals(Json.tree(blocked), Json.tree(again));
        assertEquals(Json.tree(blocked), Json.tree(customers.find(created.id).orElseThrow()));
        assertEquals(auditBefore, auditRows(JdbcCustomerStore.ENTITY_TYPE));
    }

    @Test
    void liftingABlockRaisesTheVersionAndTheAuditKeepsTheReason() {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        Customer blocked = customers.setContactBlock(created.id, block("asked not to be called"), null, "bob");

        Customer lifted = customers.setContactBlock(created.id, null, "customer called us back, wants offers", "root");

        assertNull(lifted.contactBlocked);
        assertEquals(3, lifted.version);
        assertEquals(Json.tree(lifted), Json.tree(customers.find(created.id).orElseThrow()));
        AuditEntry lift = new JdbcAuditTrail(db).forEntity(JdbcCustomerStore.ENTITY_TYPE, created.id.toString())
                .get(2);
        assertEquals("root", lift.actor);
        assertEquals(lifted.updatedAt, lift.at);
        assertEquals(Json.tree(blocked), Json.parse(lift.before));
        JsonNode after = Json.parse(lift.after);
        assertEquals("customer called us back, wants offers", after.get(AuditWriter.REASON).asText());
        ((ObjectNode) after).remove(AuditWriter.REASON);
        assertEquals(Json.tree(lifted), after, "otherwise the customer as it is now");
        assertTrue(lift.after.contains("\"lifetimeValue\":1200.5000"), lift.after);
    }

    @Test
    void liftingWhereThereIsNoBlockChangesNothing() throws SQLException {
        Customer created = customers.insert(customer("crm", "C-1", "Acme"), "alice");

        Customer unchanged = customers.setContactBlock(created.id, null, "just in case", "root");

        assertEquals(Json.tree(created), Json.tree(unchanged));
        assertEquals(1, auditRows(JdbcCustomerStore.ENTITY_TYPE));
    }

    @Test
    void aBlockOnAnUnknownCustomerIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> customers.setContactBlock(UUID.randomUUID(), block("no"), null, "bob"));
        assertThrows(NotFoundException.class, () -> customers.setContactBlock(UUID.randomUUID(), null, "no", "bob"));
    }

    @Test
    void updateNeitherLiftsNorSetsABlock() {
        Customer blocked = customers.setContactBlock(customers.insert(customer("crm", "C-1", "Acme"), "alice").id,
                block("asked not to be called"), null, "bob");
        Customer free = customers.insert(customer("crm", "C-2", "Beta"), "alice");
        Customer change = copy(blocked);
        change.name = "Acme Corp";
        change.contactBlocked = null;
        Customer sneaky = copy(free);
        sneaky.contactBlocked = block("set through update");

        Customer updated = customers.update(change, blocked.version, "carol");
        Customer stillFree = customers.update(sneaky, free.version, "carol");

        assertEquals("Acme Corp", updated.name);
        assertEquals(Json.tree(blocked.contactBlocked), Json.tree(updated.contactBlocked));
        assertNull(stillFree.contactBlocked);
    }

    private static ContactBlock block(String reason) {
        ContactBlock block = new ContactBlock();
        block.reason = reason;
        return block;
    }

    private Page<Customer> search(CustomerQuery query) {
        return customers.search(query);
    }

    private static CustomerQuery query(String q) {
        CustomerQuery query = new CustomerQuery();
        query.q = q;
        query.size = 50;
        return query;
    }

    private static List<UUID> ids(Page<Customer> page) {
        return page.items.stream().map(c -> c.id).collect(Collectors.toList());
    }

    private static Customer withSegment(Customer customer, String segment) {
        customer.segment = segment;
        return customer;
    }

    private static Customer withOwner(Customer customer, String ownerRep) {
        customer.ownerRep = ownerRep;
        return customer;
    }
}
