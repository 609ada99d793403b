package dev.winback.api.store;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of customers. Input is already validated by the caller. */
@ProviderType
public interface CustomerStore {

    /**
     * Stores a new customer; the store assigns id, timestamps and version 1.
     *
     * @throws ConflictException (source, externalId) is taken
     */
    Customer insert(Customer customer, String actor);

    Optional<Customer> find(UUID id);

    Optional<Customer> findByExternalId(String source, String externalId);

    /**
     * Overwrites the mutable fields of {@code customer.id} and increments the version.
     *
     * @param expectedVersion null to skip the optimistic check
     * @throws NotFoundException no such customer
     * @throws VersionMismatchException the stored version differs from {@code expectedVersion}
     * @throws ConflictException (source, externalId) belongs to another customer
     */
    Customer update(Customer customer, Long expectedVersion, String actor);

    /**
     * Sets ({@code block} not null) or lifts ({@code block} null) the customer's contact block, raising the version
     * and auditing the change with {@code reason}. Setting a block on a customer who has one keeps the first.
     *
     * @throws NotFoundException no such customer
     */
    Customer setContactBlock(UUID id, ContactBlock block, String reason, String actor);

    /** Ordered by name, then id, so pages are stable. */
    Page<Customer> search(CustomerQuery query);
}
