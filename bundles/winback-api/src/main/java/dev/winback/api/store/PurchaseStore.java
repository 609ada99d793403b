package dev.winback.api.store;

import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Purchase history. Imports write into a staging area keyed by the import's id, a batch at a time, and
 * {@link #publish} moves a whole import into the purchases in one transaction; until then nothing of it is
 * visible, and {@link #discard} throws it away. Purchases are unique by fingerprint, which makes re-imports
 * idempotent.
 */
@ProviderType
public interface PurchaseStore {

    /** Adds a batch to the import's staging area (committed on its own, invisible to everything else). */
    void stage(UUID importId, List<StagedPurchase> batch);

    /**
     * In one transaction: creates the customers of the staged purchases that are unknown in their source (named
     * after their external id, owned by no rep), stores every staged purchase whose fingerprint is not stored yet,
     * and empties the staging area. Nothing of it is visible before the commit.
     */
    PublishedImport publish(UUID importId, String actor);

    /** Empties the import's staging area; returns the rows removed. */
    long discard(UUID importId);

    /** Empties the staging areas of every import not in {@code keep} (left behind by a crash or a restart). */
    long discardAllExcept(List<UUID> keep);

    /**
     * Streams one {@link PurchaseHistory} per customer with a purchase day on or before {@code until}, computed by
     * one {@code GROUP BY} in the database, ordered by customer id. The sink must not call back into the store.
     */
    void histories(LocalDate until, Consumer<PurchaseHistory> sink);

    /** The customer's history up to {@code until}, or empty if they have no purchase day by then. */
    Optional<PurchaseHistory> history(UUID customerId, LocalDate until);

    /**
     * Stores one purchase of a customer who exists; its fingerprint is the transaction id when given, else its
     * content. A purchase with a fingerprint stored already is not stored again: the stored one is returned.
     */
    Purchase record(Purchase purchase, String fingerprint, String actor);

    /** The customer's earliest non-refund purchase dated on or after {@code from}. */
    Optional<Purchase> firstOnOrAfter(UUID customerId, LocalDate from);

    /** The customer's purchases, newest first (date, then id). */
    Page<Purchase> purchases(UUID customerId, int page, int size);

    /** How many purchases of the customer are stored (refunds included). */
    long count(UUID customerId);
}
