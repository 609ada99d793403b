package dev.winback.api;

import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
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
}
