package dev.winback.webhooks.inbound;

import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.CustomerService;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.LossReasonService;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnauthenticatedException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.webhooks.Admins;
import dev.winback.webhooks.signing.WebhookSecret;
import dev.winback.webhooks.signing.WebhookSignature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound webhooks: the sources admins register, and the signed messages those sources post. A message is checked
 * whole before anything is written (source, signature, timestamp, body, type, the customer and loss reason it
 * names); then its id is claimed, so a replay is refused, and its effects are applied through the customer and
 * case services as the system actor {@code system:webhook:<source>}.
 *
 * <p>The effects are several service calls (upsert the customer, then open the case or record the purchase), each
 * its own transaction, so they cannot be one transaction with the claim. Instead the claim comes first and is
 * released when an effect fails: the sender's retry, same id, is then applied again, and since every effect is
 * idempotent (customers by source and external id, purchases by transaction id, a case only when none is running)
 * the retry completes what the first try began without doing anything twice. A message that succeeded keeps its
 * claim, so sending it again is a 409.
 */
@Component(service = InboundWebhooks.class)
public class InboundWebhooks {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWebhooks.class);
    static final String WHAT = "Webhook sources";
    /** How far a message's timestamp may be from our clock, either way (Standard Webhooks' usual tolerance). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** Ids are kept at least this long; a message older than the tolerance is refused anyway. */
    static final Duration REMEMBER = Duration.ofDays(1);
    /** As Customer.source: what the customer service accepts, without surrounding blanks. */
    static final int MAX_SOURCE = 64;
    private static final Pattern MESSAGE_ID = Pattern.compile("[^.\\s]{1,255}");
    static final String DEFAULT_DEAL_LOSS = "competitor";
    static final String DEFAULT_CUSTOMER_LOSS = "other";

    private final JdbcHookStore store;
    private final CustomerService customers;
    private final RecoveryCaseService cases;
    private final LossReasonService lossReasons;
    private final Clock clock;

    @Activate
    public InboundWebhooks(@Reference JdbcHookStore store, @Reference CustomerService customers,
            @Reference RecoveryCaseService cases, @Reference LossReasonService lossReasons) {
        this(store, customers, cases, lossReasons, Clock.systemUTC());
    }

    InboundWebhooks(JdbcHookStore store, CustomerService customers, RecoveryCaseService cases,
            LossReasonService lossReasons, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.cases = cases;
        this.lossReasons = lossReasons;
        this.clock = clock;
    }

    // --------------------------------------------------------------------------------------------------------
    // Sources (admins)

    /**
     * Registers a source or replaces its secret. Without a secret Winback generates one, and the answer shows it
     * this once; a given secret is not echoed.
     */
    public Registration put(String source, HookSource body, Actor actor) {
        Admins.require(actor, WHAT);
        String s = validSource(source);
        String given = body == null ? null : body.secret;
        String secret = given == null ? WebhookSecret.generate().text() : given;
        String problem = WebhookSecret.problem(secret);
        if (problem != null) {
            throw new InvalidInputException("secret", problem);
        }
        boolean created = store.put(s, secret, actor.name());
        HookSource stored = withUrl(store.find(s).orElseThrow());
        stored.secret = given == null ? secret : null;
        return new Registration(stored, created);
    }

    /** A source as a PUT left it, and whether the PUT created it. */
    public record Registration(HookSource source, boolean created) {
    }

    public List<HookSource> list(Actor actor) {
        Admins.require(actor, WHAT);
        List<HookSource> all = store.sources();
        all.forEach(InboundWebhooks::withUrl);
        return all;
    }

    /** The source, or empty when it is not registered (or its name is not one a source could have). */
    public Optional<HookSource> find(String source, Actor actor) {
        Admins.require(actor, WHAT);
        return store.find(source).map(InboundWebhooks::withUrl);
    }

    public HookSource get(String source, Actor actor) {
        Admins.require(actor, WHAT);
        return withUrl(store.find(source).orElseThrow(() -> notFound(source)));
    }

    public void delete(String source, Actor actor) {
        Admins.require(actor, WHAT);
        if (!store.delete(source, actor.name())) {
            throw notFound(source);
        }
    }

    private static HookSource withUrl(HookSource s) {
        s.url = "/api/v1/hooks/" + s.source;
        return s;
    }

    private static NotFoundException notFound(String source) {
        return new NotFoundException("No webhook source is named '" + source + "'");
    }

    /** The source if it is one a customer can have. */
    static String validSource(String source) {
        if (source == null || source.isBlank() || !source.equals(source.strip()) || source.length() > MAX_SOURCE) {
            throw new InvalidInputException("source", "must be the customers' source: 1 to " + MAX_SOURCE
                    + " characters without surrounding spaces (got '" + source + "')");
        }
        return source;
    }

    // --------------------------------------------------------------------------------------------------------
    // Messages (public, signed)

    /**
     * Verifies and applies one message.
     *
     * @throws UnauthenticatedException (401) unknown source, missing headers, a signature that does not verify
     * @throws ConflictException (409) a timestamp more than five minutes off, an id the source sent before
     * @throws InvalidInputException (400) a body that is not the expected JSON
     * @throws UnprocessableException (422) an unknown type, loss reason or customer
     */
    public HookReceipt receive(String source, String id, String timestamp, String signature, byte[] body) {
        String secret = store.secret(source).orElseThrow(() -> new UnauthenticatedException("No webhook source '"
                + source + "' is registered; an admin registers it with PUT /api/v1/hooks/" + source));
        if (id == null || timestamp == null || signature == null) {
            throw new UnauthenticatedException("Sign the webhook: the headers webhook-id, webhook-timestamp and "
                    + "webhook-signature are required (Standard Webhooks)");
        }
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw new UnauthenticatedException("webhook-id must be 1 to 255 characters without '.' or spaces");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new UnauthenticatedException("webhook-timestamp must be whole seconds since 1970 (Unix time), "
                    + "such as " + clock.instant().getEpochSecond());
        }
        if (!WebhookSignature.verify(WebhookSecret.of(secret), id, seconds, body, signature)) {
            throw new UnauthenticatedException("The webhook-signature does not match: sign "
                    + "\"{webhook-id}.{webhook-timestamp}.{body}\" with HMAC-SHA256, keyed with the base64-decoded "
                    + "part of source '" + source + "''s secret after whsec_, and send v1,<base64 of it>");
        }
        Instant now = clock.instant();
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > TOLERANCE.toSeconds()) {
            throw new ConflictException("webhook-timestamp " + seconds + " is " + skew + " s from Winback's clock "
                    + "(now " + now.getEpochSecond() + "); at most " + TOLERANCE.toSeconds() + " s are accepted. Send"
                    + " a fresh timestamp (and signature) with each attempt, and check the sender's clock");
        }
        HookMessage message = HookMessage.parse(body);
        Actor actor = new Actor("system:webhook:" + source, Set.of(Actor.ROLE_ADMIN));
        Optional<Customer> known = customers.findByExternalId(source, message.externalId, actor);
        checkReferences(message, known, source);
        checkEffects(message, known, actor);
        if (!store.claim(source, id, message.type, now.minus(REMEMBER))) {
            throw new ConflictException("Webhook " + id + " of source '" + source + "' was received already; each "
                    + "message needs its own webhook-id (a retry of a failed one may reuse it)");
        }
        try {
            return apply(message, id, source, known, actor);
        } catch (RuntimeException failure) {
            try {
                store.release(source, id);
            } catch (RuntimeException releaseFailure) {
                failure.addSuppressed(releaseFailure);
                LOG.error("Webhook {} of source {} failed and its id could not be released: a retry with the same "
                        + "id will be refused as a replay", id, source, releaseFailure);
            }
            throw failure;
        }
    }

    /** What must exist for the message to be applied whole: checked before anything is written. */
    private void checkReferences(HookMessage m, Optional<Customer> known, String source) {
        if (known.isEmpty() && m.name == null) {
            throw new UnprocessableException("data.name", "is required for a customer Winback does not know yet "
                    + "(externalId '" + m.externalId + "' of source '" + source + "'); send it, or send "
                    + "customer.upserted first");
        }
        String reason = lossReason(m);
        if (reason != null && lossReasons.get(reason).isEmpty()) {
            throw new UnknownReferenceException("data.lossReason", "'" + reason + "' is not a loss reason; GET "
                    + "/api/v1/loss-reasons lists them, and an admin can add one");
        }
    }

    /**
     * Everything the case or purchase will be checked for when it is applied, checked now, so that a message refused
     * for one of them has not upserted its customer first.
     */
    private void checkEffects(HookMessage m, Optional<Customer> known, Actor actor) {
        switch (m.type) {
            case HookMessage.DEAL_LOST, HookMessage.CUSTOMER_LOST ->
                    cases.check(caseDraft(m, known.map(c -> c.id).orElse(null)), actor);
            case HookMessage.PURCHASE_RECORDED -> customers.checkPurchase(purchase(m), actor);
            default -> {
                // customer.upserted: the upsert checks the customer itself, before it writes
            }
        }
    }

    private static RecoveryCase caseDraft(HookMessage m, UUID customerId) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customerId;
        draft.lossKind = m.type.equals(HookMessage.DEAL_LOST) ? LossKind.LOST_DEAL : LossKind.LAPSED;
        draft.lossReason = lossReason(m);
        draft.lostAt = m.lostAt != null ? m.lostAt : m.timestamp;
        draft.notes = m.notes;
        return draft;
    }

    private static Purchase purchase(HookMessage m) {
        Purchase p = new Purchase();
        p.date = m.date;
        p.amount = m.amount;
        p.currency = m.currency;
        p.transactionId = m.transactionId;
        return p;
    }

    private HookReceipt apply(HookMessage m, String id, String source, Optional<Customer> known, Actor actor) {
        HookReceipt receipt = new HookReceipt();
        receipt.webhookId = id;
        receipt.type = m.type;
        Customer customer = customer(m, source, known, actor);
        receipt.customerId = customer.id;
        switch (m.type) {
            case HookMessage.DEAL_LOST, HookMessage.CUSTOMER_LOST -> {
                try {
                    receipt.caseId = cases.open(caseDraft(m, customer.id), actor).id;
                    receipt.caseOpened = true;
                } catch (ExistingCaseException running) {
                    // "Unless one is open": the host told us what we know already.
                    receipt.caseId = running.existingCaseId();
                    receipt.caseOpened = false;
                }
            }
            case HookMessage.PURCHASE_RECORDED ->
                    receipt.purchaseId = customers.recordPurchase(customer.id, purchase(m), actor).id;
            default -> {
                // customer.upserted: the customer is all there is to it
            }
        }
        return receipt;
    }

    /** The customer the message names, created or brought up to date by (source, externalId). */
    private Customer customer(HookMessage m, String source, Optional<Customer> known, Actor actor) {
        if (m.name == null && m.segment == null && m.ownerRep == null) {
            return known.orElseThrow(); // checked before: known, and nothing to change
        }
        Customer c = new Customer();
        c.source = source;
        c.externalId = m.externalId;
        c.name = m.name != null ? m.name : known.orElseThrow().name;
        c.segment = m.segment;
        c.ownerRep = m.ownerRep;
        return customers.upsert(c, actor);
    }

    private static String lossReason(HookMessage m) {
        return switch (m.type) {
            case HookMessage.DEAL_LOST -> m.lossReason != null ? m.lossReason : DEFAULT_DEAL_LOSS;
            case HookMessage.CUSTOMER_LOST -> m.lossReason != null ? m.lossReason : DEFAULT_CUSTOMER_LOSS;
            default -> null;
        };
    }
}
