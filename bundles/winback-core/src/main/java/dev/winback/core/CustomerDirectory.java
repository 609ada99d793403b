package dev.winback.core;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import dev.winback.api.store.CustomerStore;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Customers: validation and who may do what; the store does the rest. */
@Component(service = CustomerService.class)
public class CustomerDirectory implements CustomerService {
    static final int MAX_EXTERNAL_ID = 200;
    static final int MAX_SOURCE = 64;
    static final int MAX_NAME = 255;
    static final int MAX_SEGMENT = 64;
    static final int MAX_USER = 100;

    private final CustomerStore store;

    @Activate
    public CustomerDirectory(@Reference CustomerStore store) {
        this.store = store;
    }

    @Override
    public Customer create(Customer customer, Actor actor) {
        requireUser(actor);
        return store.insert(validated(customer), actor.name());
    }

    @Override
    public Optional<Customer> get(UUID id, Actor actor) {
        requireUser(actor);
        return store.find(id);
    }

    @Override
    public Customer update(UUID id, Customer customer, Long expectedVersion, Actor actor) {
        requireUser(actor);
        Customer valid = validated(customer);
        valid.id = id;
        return store.update(valid, expectedVersion, actor.name());
    }

    @Override
    public Page<Customer> find(CustomerQuery query, Actor actor) {
        requireUser(actor);
        FieldRules rules = new FieldRules();
        Paging.check(rules, query.page, query.size);
        query.q = rules.text("q", query.q, false, 200);
        rules.throwIfAny();
        return store.search(query);
    }

    /** A copy holding only the writable fields, trimmed and checked. */
    private static Customer validated(Customer in) {
        FieldRules rules = new FieldRules();
        if (in == null) {
            rules.problem("body", "a customer object is required");
            rules.throwIfAny();
        }
        Customer out = new Customer();
        out.externalId = rules.text("externalId", in.externalId, true, MAX_EXTERNAL_ID);
        out.source = rules.text("source", in.source, true, MAX_SOURCE);
        out.name = rules.text("name", in.name, true, MAX_NAME);
        out.segment = rules.text("segment", in.segment, false, MAX_SEGMENT);
        out.ownerRep = rules.text("ownerRep", in.ownerRep, false, MAX_USER);
        out.lifetimeValue = rules.amount("lifetimeValue", in.lifetimeValue);
        // An amount without a currency cannot be compared or summed, so one requires the other.
        out.currency = rules.currency("currency", in.currency, out.lifetimeValue != null);
        rules.throwIfAny();
        return out;
    }

    static void requireUser(Actor actor) {
        if (actor == null || !actor.isWinbackUser()) {
            throw new AccessDeniedException("This needs one of the roles winback-admin, winback-manager or winback-rep");
        }
    }
}
