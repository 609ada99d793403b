package dev.winback.store.jdbc;

import dev.winback.api.NotFoundException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.api.store.PurchaseStore;
import dev.winback.api.store.StagedPurchase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Purchases in {@code purchases}, and the staging area ({@code purchase_staging}) imports fill before they publish.
 * Publishing and the per-customer summaries are set-based SQL, so an import of a million rows and a detection run
 * over every customer work inside the database instead of passing each row through the JVM.
 */
@Component(service = PurchaseStore.class)
public final class JdbcPurchaseStore implements PurchaseStore {
    /** A published import in the audit trail; its entry says what the publish added and created. */
    static final String ENTITY_TYPE = "import";
    static final String PUBLISH = "publish";
    /** A purchase recorded on its own (a webhook, the API); imported purchases are audited with their import. */
    static final String PURCHASE_ENTITY_TYPE = "purchase";

    /**
     * The high half of every purchase's UUID. Purchases keep the number V5 gave them (set-based publishing needs an
     * identity both databases generate), and the API names them by UUID: the number in the low half makes one of the
     * other, for rows old and new, without a second key to generate and keep unique. The high half spells
     * "purchase" in ASCII, so that such an id is recognisable where it turns up.
     */
    private static final long PURCHASE_ID_HIGH = 0x7075726368617365L;

    /** A purchase with its currency; imported ones have none of their own and are in the customer's. */
    private static final String PURCHASE_COLUMNS = "p.id, p.customer_id, p.purchased_on, p.amount,"
            + " COALESCE(p.currency, cu.currency) AS currency, p.transaction_id";
    private static final String PURCHASE_TABLE = "purchases p";
    private static final String CUSTOMER_JOIN = " JOIN customers cu ON cu.id = p.customer_id";
    private static final String SELECT_PURCHASE = "SELECT " + PURCHASE_COLUMNS + " FROM " + PURCHASE_TABLE
            + CUSTOMER_JOIN;

    /** Rows per round trip while histories stream: a few hundred kB, whatever the size of the customer base. */
    private static final int FETCH_SIZE = 1000;

    private static final String STAGE_COLUMNS =
            "import_id, line, source, external_id, purchased_on, amount, fingerprint";
    private static final String STAGE = Sql.insertInto("purchase_staging", STAGE_COLUMNS);
    /** Empties one import's staging area: when it is published, and when it is thrown away. */
    private static final String DISCARD = "DELETE FROM purchase_staging WHERE import_id = ?";

    /** Shared with the import job store, which publishes an import together with its job's outcome. */
    private static final AuditWriter AUDIT = new AuditWriter();

    private final WinbackDatabase db;

    @Activate
    public JdbcPurchaseStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public void stage(UUID importId, List<StagedPurchase> batch) {
        Objects.requireNonNull(importId, "importId");
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (StagedPurchase purchase : batch) {
            requireComplete(purchase);
            rows.add(new Object[] {importId, purchase.line(), purchase.source(), purchase.externalId(),
                purchase.purchasedOn(), purchase.amount(), purchase.fingerprint()});
        }
        db.inTransaction("staging purchases", c -> {
            if (db.dialect() == Dialect.POSTGRESQL && PostgresCopy.available(c)) {
                PostgresCopy.copyIn(c, "purchase_staging", STAGE_COLUMNS, rows);
            } else {
                Sql.executeBatch(c, STAGE, rows);
            }
            return null;
        });
    }

    @Override
    public PublishedImport publish(UUID importId, String actor) {
        Objects.requireNonNull(importId, "importId");
        return db.publishing(() -> db.inTransaction("publishing an import",
                c -> publishStaged(db, c, importId, actor)));
    }

    /**
     * Customers first, so that every staged row has one to join; then the purchases; then the staging rows go. The
     * staging rows all leave, so duplicates are what left without being added. One audit entry for the import
     * rather than one per created customer: an import may create a hundred thousand.
     */
    static PublishedImport publishStaged(WinbackDatabase db, Connection c, UUID importId, String actor)
            throws SQLException {
        Dialect dialect = db.dialect();
        for (String statement : dialect.beforeBulkInsert("purchase_staging")) {
            Sql.execute(c, statement);
        }
        Instant now = db.now();
        long customersCreated = Sql.execute(c, createCustomers(dialect), now, now, importId);
        long added = Sql.execute(c, addPurchases(dialect), now, importId);
        if (customersCreated > 0) {
            // Each new customer is news to the modules (a host connector, reputation): one event each.
            List<Customer> created = Sql.queryList(c, CREATED_BY_IMPORT, JdbcCustomerStore::toCustomer, now,
                    importId);
            AUDIT.createdInBulk(c, now, actor, JdbcCustomerStore.ENTITY_TYPE, created, cu -> cu.id.toString());
        }
        long staged = Sql.execute(c, DISCARD, importId);
        PublishedImport published = new PublishedImport(added, staged - added, customersCreated);
        AUDIT.record(c, now, actor, ENTITY_TYPE, importId.toString(), PUBLISH, null, published);
        return published;
    }

    /**
     * The staged customers not known in their source, named after their external id. NOT EXISTS leaves out the
     * ones stored before; on PostgreSQL, ON CONFLICT also skips one a concurrent publish is creating (after waiting
     * for it to commit). Rows go in key order, so two publishes lock shared keys in the same order and cannot
     * deadlock.
     */
    /**
     * The customers {@link #createCustomers} just made for an import: its staged keys, created at the publish's time
     * and never changed since (the transaction is still open).
     */
    private static final String CREATED_BY_IMPORT = "SELECT " + qualifiedCustomerColumns() + " FROM customers cu"
            + " WHERE cu.created_at = ? AND cu.version = 1 AND EXISTS (SELECT 1 FROM purchase_staging s"
            + " WHERE s.import_id = ? AND s.source = cu.source AND s.external_id = cu.external_id)"
            + " ORDER BY cu.source, cu.external_id";

    private static String qualifiedCustomerColumns() {
        return java.util.Arrays.stream((JdbcCustomerStore.COLUMNS + ", " + JdbcCustomerStore.BLOCK_COLUMNS)
                .split(",\\s*")).map(col -> "cu." + col.strip()).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String createCustomers(Dialect dialect) {
        return "INSERT INTO customers (id, external_id, source, name, created_at, updated_at, version)"
                + " SELECT " + dialect.newUuid() + ", s.external_id, s.source, s.external_id, ?, ?, 1"
                + " FROM (SELECT DISTINCT source, external_id FROM purchase_staging WHERE import_id = ?) s"
                + " WHERE NOT EXISTS (SELECT 1 FROM customers cu"
                + " WHERE cu.source = s.source AND cu.external_id = s.external_id)"
                + " ORDER BY s.source, s.external_id"
                + dialect.onConflictDoNothing("source, external_id");
    }

    /**
     * Each fingerprint once (the lowest line of the import wins), and only if it is not stored yet; concurrent
     * publishes as with {@link #createCustomers}. Every customer exists by now, so the join drops no row.
     */
    private static String addPurchases(Dialect dialect) {
        return "INSERT INTO purchases (customer_id, purchased_on, amount, fingerprint, import_id, created_at)"
                + " SELECT cu.id, s.purchased_on, s.amount, s.fingerprint, s.import_id, ?"
                + " FROM (SELECT import_id, source, external_id, purchased_on, amount, fingerprint,"
                + " ROW_NUMBER() OVER (PARTITION BY fingerprint ORDER BY line) AS occurrence"
                + " FROM purchase_staging WHERE import_id = ?) s"
                + " JOIN customers cu ON cu.source = s.source AND cu.external_id = s.external_id"
                + " WHERE s.occurrence = 1"
                + " AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.fingerprint = s.fingerprint)"
                + " ORDER BY s.fingerprint"
                + dialect.onConflictDoNothing("fingerprint");
    }

    @Override
    public long discard(UUID importId) {
        return db.inTransaction("discarding staged purchases",
                c -> (long) Sql.execute(c, DISCARD, importId));
    }

    @Override
    public long discardAllExcept(List<UUID> keep) {
        String unless = keep.isEmpty() ? "" : " WHERE import_id NOT IN (" + Sql.placeholders(keep.size()) + ")";
        return db.inTransaction("discarding staged purchases",
                c -> (long) Sql.execute(c, "DELETE FROM purchase_staging" + unless, keep.toArray()));
    }

    /**
     * PostgreSQL's driver streams a result only inside a transaction and with a fetch size; without them it reads
     * every row into memory before the first reaches the sink. Hence a transaction for a read.
     *
     * <p>Which customers have an open case is read first, as a set, not checked per customer inside the history
     * query: with the check inside, a database whose statistics say customer ids of cases repeat a lot (one customer
     * with thousands of parallel cases is enough) scans the cases once per customer, and a run over 23,570 customers
     * took over a minute right after such traffic instead of a second. The set holds one id per customer with an
     * open case, a few MB at worst.
     *
     * <p>The histories are summed up here from the purchases in customer and date order, which both databases read
     * straight off the (customer, day) index, rather than grouped by the database: H2 took seconds to group 300,000
     * purchases. {@link #history} sums up one customer the same way.
     */
    @Override
    public void histories(LocalDate until, Consumer<PurchaseHistory> sink) {
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(sink, "sink");
        db.inTransaction("reading purchase histories", c -> {
            sumUp(c, customersWithOpenCases(c, ""), "", sink, until);
            return null;
        });
    }

    @Override
    public Optional<PurchaseHistory> history(UUID customerId, LocalDate until) {
        Objects.requireNonNull(until, "until");
        return db.read("reading a purchase history", c -> {
            List<PurchaseHistory> found = new ArrayList<>(1);
            sumUp(c, customersWithOpenCases(c, " AND customer_id = ?", customerId), " AND p.customer_id = ?",
                    found::add, until, customerId);
            return found.stream().findFirst();
        });
    }

    /** @param condition more of the WHERE clause, starting with AND, or empty */
    private static Set<UUID> customersWithOpenCases(Connection c, String condition, Object... params)
            throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(JdbcCaseStore.CUSTOMERS_WITH_OPEN_CASES + condition)) {
            ps.setFetchSize(FETCH_SIZE);
            Sql.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(Sql.uuid(rs, "customer_id"));
                }
            }
        }
        return ids;
    }

    /**
     * Streams the purchases up to the cut-off (the first of {@code params}) in customer and day order and hands each customer's history to the sink, ordered by customer id, which both databases compare as
     * unsigned bytes.
     *
     * @param condition more of the WHERE clause, starting with AND, or empty; its parameters follow the cut-off
     */
    private static void sumUp(Connection c, Set<UUID> withOpenCase, String condition, Consumer<PurchaseHistory> sink,
            Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.customer_id, p.purchased_on, p.amount"
                + " FROM purchases p WHERE p.purchased_on <= ?" + condition
                + " ORDER BY p.customer_id, p.purchased_on")) {
            ps.setFetchSize(FETCH_SIZE);
            Sql.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                HistoryTally tally = new HistoryTally();
                while (rs.next()) {
                    UUID customer = Sql.uuid(rs, "customer_id");
                    if (!customer.equals(tally.customer)) {
                        tally.emit(withOpenCase, sink);
                        tally.start(customer);
                    }
                    tally.add(Sql.date(rs, "purchased_on"), rs.getBigDecimal("amount"));
                }
                tally.emit(withOpenCase, sink);
            }
        }
    }

    /**
     * The customer's row lock orders calls for the same customer: the second waits, then finds the first one's
     * purchase. A publish (which takes no customer lock) or a call for another customer storing the same
     * fingerprint at once makes the insert fail on the unique key once the other commits; the stored purchase is
     * then the answer, as if it had been there first. A currency not given is the customer's at the time.
     */
    @Override
    public Purchase record(Purchase purchase, String fingerprint, String actor) {
        if (purchase.customerId == null || purchase.date == null || purchase.amount == null || fingerprint == null) {
            throw new IllegalArgumentException("A purchase needs a customer, a date, an amount and a fingerprint"
                    + " (customer " + purchase.customerId + ", date " + purchase.date + ", amount " + purchase.amount
                    + ", fingerprint " + fingerprint + ")");
        }
        return db.inTransaction("recording a purchase", c -> {
            Optional<String> customerCurrency = Sql.queryOne(c,
                    "SELECT currency FROM customers WHERE id = ? FOR UPDATE",
                    rs -> Optional.ofNullable(rs.getString("currency")), purchase.customerId)
                    .orElseThrow(() -> new NotFoundException("Customer " + purchase.customerId + " does not exist"));
            Optional<Purchase> stored = findByFingerprint(c, fingerprint);
            if (stored.isPresent()) {
                return stored.get();
            }
            Instant now = db.now();
            try {
                Sql.execute(c, "INSERT INTO purchases (customer_id, purchased_on, amount, fingerprint, currency,"
                                + " transaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", purchase.customerId,
                        purchase.date, purchase.amount, fingerprint,
                        purchase.currency != null ? purchase.currency : customerCurrency.orElse(null),
                        purchase.transactionId, now);
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    // PostgreSQL takes no more statements in a failed transaction; the other one's row is committed.
                    c.rollback();
                    return findByFingerprint(c, fingerprint).orElseThrow(() -> e);
                }
                throw e;
            }
            Purchase created = findByFingerprint(c, fingerprint).orElseThrow();
            AUDIT.record(c, now, actor, PURCHASE_ENTITY_TYPE, created.id.toString(), AuditWriter.CREATE, null,
                    created);
            return created;
        });
    }

    /** A zero amount is a purchase, as for purchase days (see {@link HistoryTally#add}); a refund is not. */
    @Override
    public Optional<Purchase> firstOnOrAfter(UUID customerId, LocalDate from) {
        Objects.requireNonNull(from, "from");
        return db.read("finding a purchase", c -> Sql.queryOne(c, SELECT_PURCHASE
                + " WHERE p.customer_id = ? AND p.amount >= 0 AND p.purchased_on >= ?"
                + " ORDER BY p.purchased_on, p.id LIMIT 1", JdbcPurchaseStore::toPurchase, customerId, from));
    }

    @Override
    public Page<Purchase> purchases(UUID customerId, int page, int size) {
        Filters filters = new Filters().equal("p.customer_id", Objects.requireNonNull(customerId, "customerId"));
        return db.read("listing purchases", c -> PagedQuery.run(c, PURCHASE_COLUMNS, PURCHASE_TABLE, CUSTOMER_JOIN,
                filters, "p.purchased_on DESC, p.id DESC", page, size, JdbcPurchaseStore::toPurchase));
    }

    @Override
    public long count(UUID customerId) {
        return db.read("counting purchases",
                c -> Sql.queryLong(c, "SELECT COUNT(*) FROM purchases WHERE customer_id = ?", customerId));
    }

    private static Optional<Purchase> findByFingerprint(Connection c, String fingerprint) throws SQLException {
        return Sql.queryOne(c, SELECT_PURCHASE + " WHERE p.fingerprint = ?", JdbcPurchaseStore::toPurchase,
                fingerprint);
    }

    private static Purchase toPurchase(ResultSet rs) throws SQLException {
        Purchase purchase = new Purchase();
        purchase.id = new UUID(PURCHASE_ID_HIGH, rs.getLong("id"));
        purchase.customerId = Sql.uuid(rs, "customer_id");
        purchase.date = Sql.date(rs, "purchased_on");
        purchase.amount = rs.getBigDecimal("amount");
        purchase.currency = rs.getString("currency");
        purchase.transactionId = rs.getString("transaction_id");
        return purchase;
    }

    /** One customer's history being summed up from their purchases in date order. */
    private static final class HistoryTally {
        UUID customer;
        LocalDate first;
        LocalDate last;
        int days;
        BigDecimal total = BigDecimal.ZERO;

        void start(UUID id) {
            customer = id;
            first = null;
            last = null;
            days = 0;
            total = BigDecimal.ZERO;
        }

        /**
         * Purchase days are the days with a row that is not a refund; a refund lowers the spend only. A zero amount
         * is a purchase (a free item, a fully discounted order: the customer still came), as in the CDNOW data.
         */
        void add(LocalDate day, BigDecimal amount) {
            total = total.add(amount);
            if (amount.signum() >= 0) {
                if (first == null) {
                    first = day;
                }
                if (!day.equals(last)) {
                    days++;
                    last = day;
                }
            }
        }

        /** Customers with refunds only have no purchase day, and no history (the HAVING of the query). */
        void emit(Set<UUID> withOpenCase, Consumer<PurchaseHistory> sink) {
            if (customer != null && first != null) {
                sink.accept(new PurchaseHistory(customer, first, last, days, total,
                        withOpenCase.contains(customer)));
            }
        }
    }

    /** Checked before the batch goes out, so that a reader's bug shows as what it is, not as a storage failure. */
    private static void requireComplete(StagedPurchase purchase) {
        if (purchase.source() == null || purchase.externalId() == null || purchase.purchasedOn() == null
                || purchase.amount() == null || purchase.fingerprint() == null) {
            throw new IllegalArgumentException("The purchase of line " + purchase.line() + " needs a source,"
                    + " an external id, a day, an amount and a fingerprint: " + purchase);
        }
    }
}
