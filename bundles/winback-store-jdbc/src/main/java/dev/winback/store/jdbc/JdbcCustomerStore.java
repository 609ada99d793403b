package dev.winback.store.jdbc;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import dev.winback.api.store.CustomerStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Customers in the {@code customers} table. */
@Component(service = CustomerStore.class)
public final class JdbcCustomerStore implements CustomerStore {
    static final String ENTITY_TYPE = "customer";

    /** What insert writes; update writes the same but the id and creation time. */
    static final String COLUMNS = "id, external_id, source, name, segment, owner_rep, lifetime_value,"
            + " currency, created_at, updated_at, version";
    /** Read with the customer, written only by {@link #changeContactBlock}: neither insert nor update touches it. */
    static final String BLOCK_COLUMNS = "contact_block_since, contact_block_reason, contact_block_set_by,"
            + " contact_block_case_id";
    private static final String SELECT = "SELECT " + COLUMNS + ", " + BLOCK_COLUMNS + " FROM customers";

    private final WinbackDatabase db;
    private final AuditWriter audit = new AuditWriter();

    @Activate
    public JdbcCustomerStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public Customer insert(Customer customer, String actor) {
        return db.inTransaction("creating a customer", c -> {
            UUID id = UUID.randomUUID();
            Instant now = db.now();
            try {
                Sql.execute(c, Sql.insertInto("customers", COLUMNS),
                        id, customer.externalId, customer.source, customer.name, customer.segment, customer.ownerRep,
                        customer.lifetimeValue, customer.currency, now, now, 1L);
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw externalIdTaken(customer);
                }
                throw e;
            }
            // Re-read so the result (and the audit entry) is what the database holds, e.g. amounts at scale 4.
            Customer created = load(c, id, false).orElseThrow();
            audit.record(c, now, actor, ENTITY_TYPE, id.toString(), AuditWriter.CREATE, null, created);
            return created;
        });
    }

    @Override
    public Optional<Customer> find(UUID id) {
        return db.read("reading a customer", c -> load(c, id, false));
    }

    @Override
    public Optional<Customer> findByExternalId(String source, String externalId) {
        return db.read("reading a customer", c -> Sql.queryOne(c,
                SELECT + " WHERE source = ? AND external_id = ?",
                JdbcCustomerStore::toCustomer, source, externalId));
    }

    @Override
    public Customer update(Customer customer, Long expectedVersion, String actor) {
        UUID id = Objects.requireNonNull(customer.id, "customer.id");
        return db.inTransaction("updating a customer", c -> {
            // Locked, so the version check and the update see the same row.
            Customer before = load(c, id, true).orElseThrow(() -> notFound(id));
            if (expectedVersion != null && expectedVersion != before.version) {
                throw new VersionMismatchException("Customer " + id + " was changed by someone else (version "
                        + before.version + ", you had " + expectedVersion + "); reload it and try again",
                        before.version);
            }
            Instant now = db.now();
            try {
                Sql.execute(c, "UPDATE customers SET external_id = ?, source = ?, name = ?, segment = ?,"
                                + " owner_rep = ?, lifetime_value = ?, currency = ?, updated_at = ?,"
                                + " version = version + 1 WHERE id = ?",
                        customer.externalId, customer.source, customer.name, customer.segment, customer.ownerRep,
                        customer.lifetimeValue, customer.currency, now, id);
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw externalIdTaken(customer);
                }
                throw e;
            }
            Customer after = load(c, id, false).orElseThrow();
            audit.record(c, now, actor, ENTITY_TYPE, id.toString(), AuditWriter.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public Customer setContactBlock(UUID id, ContactBlock block, String reason, String actor) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(block != null ? "blocking contact with a customer" : "lifting a contact block",
                c -> changeContactBlock(c, audit, id, block, reason, actor, db.now()));
    }

    /**
     * Sets or lifts the customer's contact block on the caller's connection, so that a case store can block contact
     * in the transaction of the case's own change. The first block stays: a second one (another case ending the same
     * way) changes nothing, nor does lifting a block that is not there, so neither raises the version or writes an
     * audit entry. The block's fields default to what the call says: the reason given, the actor, now.
     *
     * @return the customer as it is now, changed or not
     * @throws NotFoundException no such customer
     */
    static Customer changeContactBlock(Connection c, AuditWriter audit, UUID id, ContactBlock block, String reason,
                                       String actor, Instant now) throws SQLException {
        Customer before = load(c, id, true).orElseThrow(() -> notFound(id));
        boolean blocked = before.contactBlocked != null;
        if (block != null ? blocked : !blocked) {
            return before;
        }
        if (block != null) {
            Sql.execute(c, "UPDATE customers SET contact_block_since = ?, contact_block_reason = ?,"
                            + " contact_block_set_by = ?, contact_block_case_id = ?, updated_at = ?,"
                            + " version = version + 1 WHERE id = ?",
                    block.since != null ? Sql.micros(block.since) : now, block.reason != null ? block.reason : reason,
                    block.setBy != null ? block.setBy : actor, block.caseId, now, id);
        } else {
            Sql.execute(c, "UPDATE customers SET contact_block_since = NULL, contact_block_reason = NULL,"
                    + " contact_block_set_by = NULL, contact_block_case_id = NULL, updated_at = ?,"
                    + " version = version + 1 WHERE id = ?", now, id);
        }
        Customer after = load(c, id, false).orElseThrow();
        // Lifting leaves nothing of the block on the customer, so the reason goes with the audit entry.
        audit.record(c, now, actor, ENTITY_TYPE, id.toString(), AuditWriter.UPDATE, before, after, reason);
        return after;
    }

    @Override
    public Page<Customer> search(CustomerQuery query) {
        Filters filters = new Filters()
                .containsIgnoringCase(query.q, "name", "external_id", "segment")
                .equal("source", query.source)
                .equal("owner_rep", query.ownerRep);
        return db.read("listing customers", c -> PagedQuery.run(c, COLUMNS + ", " + BLOCK_COLUMNS, "customers",
                filters, "name, id", query.page, query.size, JdbcCustomerStore::toCustomer));
    }

    private static Optional<Customer> load(Connection c, UUID id, boolean forUpdate) throws SQLException {
        String lock = forUpdate ? " FOR UPDATE" : "";
        return Sql.queryOne(c, SELECT + " WHERE id = ?" + lock, JdbcCustomerStore::toCustomer, id);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("Customer " + id + " does not exist");
    }

    /** The only unique key besides the random id; the SQL error says nothing more a caller could use. */
    private static ConflictException externalIdTaken(Customer customer) {
        return new ConflictException("A customer with externalId '" + customer.externalId
                + "' already exists in source '" + customer.source + "'");
    }

    static Customer toCustomer(ResultSet rs) throws SQLException {
        Customer customer = new Customer();
        customer.id = Sql.uuid(rs, "id");
        customer.externalId = rs.getString("external_id");
        customer.source = rs.getString("source");
        customer.name = rs.getString("name");
        customer.segment = rs.getString("segment");
        customer.ownerRep = rs.getString("owner_rep");
        customer.lifetimeValue = rs.getBigDecimal("lifetime_value");
        customer.currency = rs.getString("currency");
        customer.createdAt = Sql.instant(rs, "created_at");
        customer.updatedAt = Sql.instant(rs, "updated_at");
        customer.version = rs.getLong("version");
        customer.contactBlocked = toContactBlock(rs);
        return customer;
    }

    /** Null without a block; a block always has its time. */
    private static ContactBlock toContactBlock(ResultSet rs) throws SQLException {
        Instant since = Sql.instant(rs, "contact_block_since");
        if (since == null) {
            return null;
        }
        ContactBlock block = new ContactBlock();
        block.since = since;
        block.reason = rs.getString("contact_block_reason");
        block.setBy = rs.getString("contact_block_set_by");
        block.caseId = Sql.uuid(rs, "contact_block_case_id");
        return block;
    }
}
