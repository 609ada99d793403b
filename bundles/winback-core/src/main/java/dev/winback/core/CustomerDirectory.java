package dev.winback.core;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Purchase;
import dev.winback.api.store.PurchaseStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Page;
import dev.winback.api.store.CustomerStore;
import java.util.Objects;
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
    /** Lost races an upsert tolerates before it gives up (each one means another writer succeeded). */
    static final int MAX_UPSERT_TRIES = 100;

    private final CustomerStore store;
    private final PurchaseStore purchases;
    private final Clock clock;

    @Activate
    public CustomerDirectory(@Reference CustomerStore store, @Reference PurchaseStore purchases) {
        this(store, purchases, Clock.systemUTC());
    }

    CustomerDirectory(CustomerStore store, PurchaseStore purchases, Clock clock) {
        this.store = store;
        this.purchases = purchases;
        this.clock = clock;
    }

    @Override
    public Customer create(Customer customer, Actor actor) {
        requireUser(actor);
        Customer valid = validated(customer);
        if (!actor.seesAllCases()) {
            requireOwnedByTheRep(valid, actor);
            valid.ownerRep = actor.name();
        }
        return store.insert(valid, actor.name());
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
        if (!actor.seesAllCases()) {
            mayEditAsRep(existing(id), valid.ownerRep, actor);
        }
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

    @Override
    public Optional<Customer> findByExternalId(String source, String externalId, Actor actor) {
        requireUser(actor);
        FieldRules rules = new FieldRules();
        String s = rules.text("source", source, true, MAX_SOURCE);
        String id = rules.text("externalId", externalId, true, MAX_EXTERNAL_ID);
        rules.throwIfAny();
        return store.findByExternalId(s, id);
    }

    @Override
    public Customer upsert(Customer customer, Actor actor) {
        requireUser(actor);
        Customer valid = validated(customer);
        // A racing caller may create or change the customer between our look and our write. Each lost race means
        // another caller's write went through, so with fewer than MAX_UPSERT_TRIES callers at once every one ends.
        if (!actor.seesAllCases()) {
            requireOwnedByTheRep(valid, actor);
        }
        String sentOwner = valid.ownerRep;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == MAX_UPSERT_TRIES;
            Optional<Customer> existing = store.findByExternalId(valid.source, valid.externalId);
            if (existing.isEmpty()) {
                if (!actor.seesAllCases()) {
                    valid.ownerRep = actor.name();
                }
                try {
                    return store.insert(valid, actor.name());
                } catch (ConflictException raced) {
                    if (last) {
                        throw raced;
                    }
                    // the customer someone else created is checked against what the rep sent, not our insert
                    valid.ownerRep = sentOwner;
                    continue;
                }
            }
            if (!actor.seesAllCases()) {
                // upserts keep the owner when the host sends none
                mayEditAsRep(existing.get(), valid.ownerRep != null ? valid.ownerRep : existing.get().ownerRep,
                        actor);
            }
            Customer merged = merged(existing.get(), valid);
            if (merged == null) {
                // Nothing new from the host: no version bump, no audit row, no event.
                return existing.get();
            }
            try {
                return store.update(merged, existing.get().version, actor.name());
            } catch (VersionMismatchException raced) {
                if (last) {
                    throw raced;
                }
            }
        }
    }

    /** A rep's new customer is theirs; one created for someone else would send that rep's cases to them. */
    private static void requireOwnedByTheRep(Customer valid, Actor actor) {
        if (valid.ownerRep != null && !valid.ownerRep.equals(actor.name())) {
            throw new AccessDeniedException("A rep creates customers only for themselves (ownerRep '"
                    + valid.ownerRep + "'); ask a manager to create one for another rep");
        }
    }

    /**
     * A rep edits only their own customers and those nobody owns, and never moves a customer to another owner:
     * the owner decides whose worklist the customer's next case lands on.
     */
    private static void mayEditAsRep(Customer stored, String newOwner, Actor actor) {
        if (stored.ownerRep != null && !stored.ownerRep.equals(actor.name())) {
            throw new AccessDeniedException("Customer " + stored.id + " belongs to " + stored.ownerRep + "; a rep "
                    + "edits only their own customers");
        }
        if (!Objects.equals(stored.ownerRep, newOwner)) {
            throw new AccessDeniedException("Only a manager or an admin changes a customer's ownerRep (it is "
                    + (stored.ownerRep == null ? "empty" : "'" + stored.ownerRep + "'") + "); send it unchanged");
        }
    }

    /** The stored customer with what the host gave, or null when that changes nothing. */
    private static Customer merged(Customer stored, Customer given) {
        Customer m = new Customer();
        m.id = stored.id;
        m.source = stored.source;
        m.externalId = stored.externalId;
        m.name = given.name;
        m.segment = given.segment != null ? given.segment : stored.segment;
        m.ownerRep = given.ownerRep != null ? given.ownerRep : stored.ownerRep;
        boolean newValue = given.lifetimeValue != null;
        m.lifetimeValue = newValue ? given.lifetimeValue : stored.lifetimeValue;
        m.currency = newValue ? given.currency : stored.currency;
        boolean same = Objects.equals(m.name, stored.name) && Objects.equals(m.segment, stored.segment)
                && Objects.equals(m.ownerRep, stored.ownerRep) && Objects.equals(m.currency, stored.currency)
                && (m.lifetimeValue == null ? stored.lifetimeValue == null
                        : stored.lifetimeValue != null && m.lifetimeValue.compareTo(stored.lifetimeValue) == 0);
        return same ? null : m;
    }

    @Override
    public Customer blockContact(UUID id, String reason, Actor actor) {
        requireUser(actor);
        if (!actor.seesAllCases()) {
            throw new AccessDeniedException("Managers and admins set contact blocks; tell your manager the customer "
                    + "asked not to be contacted");
        }
        FieldRules rules = new FieldRules();
        String why = rules.text("reason", reason, true, 2000);
        rules.throwIfAny();
        ContactBlock block = new ContactBlock();
        block.since = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        block.reason = why;
        block.setBy = actor.name();
        return store.setContactBlock(existing(id).id, block, why, actor.name());
    }

    @Override
    public Customer unblockContact(UUID id, String reason, Actor actor) {
        requireAdmin(actor, "Only an admin lifts a contact block (role winback-admin)");
        FieldRules rules = new FieldRules();
        String why = rules.text("reason", reason, true, 2000);
        rules.throwIfAny();
        Customer customer = existing(id);
        if (customer.contactBlocked == null) {
            throw new ConflictException("Customer " + id + " carries no contact block");
        }
        return store.setContactBlock(id, null, why, actor.name());
    }

    @Override
    public Purchase recordPurchase(UUID customerId, Purchase purchase, Actor actor) {
        requireUser(actor);
        Purchase p = checked(purchase);
        Customer customer = existing(customerId);
        p.customerId = customer.id;
        if (p.currency == null) {
            p.currency = customer.currency;
        }
        // The host's transaction id identifies a purchase across retries; without one, its content does. Scoped to
        // the customer, as imports scope theirs: two host systems may both number their transactions from 1001.
        String fingerprint = p.transactionId != null ? "api:tx:" + customer.id + ":" + p.transactionId
                : "api:" + customer.id + ":" + p.date + ":" + p.amount.stripTrailingZeros().toPlainString() + ":"
                        + p.currency;
        return purchases.record(p, fingerprint, actor.name());
    }

    @Override
    public void checkPurchase(Purchase purchase, Actor actor) {
        requireUser(actor);
        checked(purchase);
    }

    /** A copy of the purchase's fields, trimmed and checked. */
    private Purchase checked(Purchase purchase) {
        FieldRules rules = new FieldRules();
        if (purchase == null) {
            rules.problem("body", "a purchase object is required");
            rules.throwIfAny();
        }
        Purchase p = new Purchase();
        p.date = rules.present("date", purchase.date);
        if (p.date != null && p.date.isAfter(LocalDate.now(clock).plusDays(1))) {
            rules.problem("date", "must not be in the future (got " + p.date + ")");
        }
        p.amount = rules.present("amount", purchase.amount);
        if (p.amount != null && (p.amount.stripTrailingZeros().scale() > 4
                || p.amount.abs().precision() - p.amount.abs().scale() > 15)) {
            rules.problem("amount", "must have at most 4 decimal places and be less than 10^15 in size");
        }
        p.currency = rules.currency("currency", purchase.currency, false);
        p.transactionId = rules.text("transactionId", purchase.transactionId, false, 200);
        rules.throwIfAny();
        return p;
    }

    @Override
    public Page<Purchase> purchases(UUID customerId, int page, int size, Actor actor) {
        requireUser(actor);
        FieldRules rules = new FieldRules();
        Paging.check(rules, page, size);
        rules.throwIfAny();
        return purchases.purchases(existing(customerId).id, page, size);
    }

    private Customer existing(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("No customer has id '" + id + "'"));
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

    /** Refuses anyone but an admin, saying {@code refusal} (which names what is the admins'). */
    static void requireAdmin(Actor actor, String refusal) {
        requireUser(actor);
        if (!actor.isAdmin()) {
            throw new AccessDeniedException(refusal);
        }
    }

    static void requireUser(Actor actor) {
        if (actor == null || !actor.isWinbackUser()) {
            throw new AccessDeniedException("This needs one of the roles winback-admin, winback-manager or winback-rep");
        }
    }
}
