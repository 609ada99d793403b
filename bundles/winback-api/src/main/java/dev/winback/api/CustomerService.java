package dev.winback.api;

import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Customers as the host CRM knows them. */
@ProviderType
public interface CustomerService {

    /**
     * Creates a customer.
     *
     * @throws InvalidInputException a required field is missing or a value is malformed
     * @throws ConflictException another customer of the same source has the same external id
     */
    Customer create(Customer customer, Actor actor);

    Optional<Customer> get(UUID id, Actor actor);

    /**
     * Replaces the customer's fields with those given (a full update).
     *
     * @param expectedVersion the version the caller last saw, or null to overwrite unconditionally
     * @throws NotFoundException no such customer
     * @throws VersionMismatchException the stored version is not {@code expectedVersion}
     * @throws ConflictException the new (source, externalId) belongs to another customer
     */
    Customer update(UUID id, Customer customer, Long expectedVersion, Actor actor);

    Page<Customer> find(CustomerQuery query, Actor actor);

    /** The customer the host system {@code source} knows as {@code externalId}. */
    Optional<Customer> findByExternalId(String source, String externalId, Actor actor);

    /**
     * Creates the customer the host knows by ({@code source}, {@code externalId}), or brings the one that exists up
     * to date: name always; segment, owner rep, lifetime value and currency where the host gives them (a host that
     * does not know the owner does not take the customer from them). Safe to repeat and to race: two callers for
     * the same key end with one customer. Adapters (webhooks, host connectors) use this rather than the store.
     *
     * @throws InvalidInputException a required field is missing or a value is malformed
     */
    Customer upsert(Customer customer, Actor actor);

    /**
     * Puts a contact block on the customer (managers and admins; a block a case's outcome sets comes from the
     * engine). Setting it again keeps the first one.
     *
     * @throws InvalidInputException no reason
     */
    Customer blockContact(UUID id, String reason, Actor actor);

    /**
     * Lifts the customer's contact block: admins only, with a reason, which the audit trail keeps.
     *
     * @throws AccessDeniedException the actor is not an admin
     * @throws ConflictException the customer carries no block
     */
    Customer unblockContact(UUID id, String reason, Actor actor);

    /**
     * Records one purchase of the customer (evidence that a lost customer came back). Recording the same
     * transaction id again for the customer returns the purchase stored the first time; the id is the host's and
     * names a purchase of this customer only (another host system may use the same numbers).
     *
     * @throws NotFoundException no such customer
     */
    Purchase recordPurchase(UUID customerId, Purchase purchase, Actor actor);

    /**
     * Runs the checks {@link #recordPurchase} makes of the purchase's own fields, without writing anything: for an
     * adapter that must refuse a message whole before it creates the customer the purchase belongs to.
     *
     * @throws InvalidInputException a field is missing or malformed
     */
    void checkPurchase(Purchase purchase, Actor actor);

    /** The customer's purchases, newest first. */
    Page<Purchase> purchases(UUID customerId, int page, int size, Actor actor);
}
