package dev.winback.webhooks.outbound;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Page;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleSchema;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.webhooks.outbound.WebhookDelivery.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Endpoints, their delivery queue and the delivery log, in the module's own tables. Every method is one short
 * transaction; sending happens between {@link #claim} and {@link #record}, outside any transaction, so a slow
 * receiver holds no database lock.
 */
@Component(service = JdbcWebhookStore.class)
public final class JdbcWebhookStore {
    static final int ERROR_LENGTH = 2000;
    static final int RESPONSE_LENGTH = 1000;
    private static final String ENDPOINT_COLUMNS = "id, url, event_types, active, description, disabled_reason,"
            + " disabled_at, created_by, created_at, updated_at, version";
    private static final String DELIVERY_COLUMNS = "id, endpoint_id, event_id, event_type, status, attempts,"
            + " next_attempt_at, retry_until, last_status, last_error, created_at, delivered_at";

    /** The audit trail's kind of entity for an endpoint. */
    static final String ENTITY_TYPE = "webhook-endpoint";
    /** Who switches an endpoint off when its deliveries give up. */
    static final String SYSTEM_ACTOR = "system:webhooks";

    private final ModuleDatabase db;
    private final AuditTrail audit;

    /** The schema reference only orders activation: the tables exist once the store registered it. */
    @Activate
    public JdbcWebhookStore(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=webhooks)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    JdbcWebhookStore(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    Instant now() {
        return db.now();
    }

    // --------------------------------------------------------------------------------------------------------
    // Endpoints

    /** Stores a new endpoint (its fields checked by the caller); returned with its secret, this once. */
    WebhookEndpoint insert(WebhookEndpoint e, String actor) {
        return db.transaction("registering a webhook endpoint", c -> {
            Instant now = db.now();
            UUID id = UUID.randomUUID();
            update(c, "INSERT INTO webhook_endpoints (id, url, event_types, secret, active, description, created_by,"
                    + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", id, e.url,
                    String.join(" ", e.eventTypes), e.secret, e.active, e.description, actor, now, now);
            WebhookEndpoint stored = endpoint(c, id, false).orElseThrow();
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.CREATE, null, stored);
            stored.secret = e.secret;
            return stored;
        });
    }

    Optional<WebhookEndpoint> find(UUID id) {
        return db.transaction("reading a webhook endpoint", c -> endpoint(c, id, false));
    }

    List<WebhookEndpoint> endpoints() {
        return db.transaction("listing webhook endpoints", c -> list(c, "SELECT " + ENDPOINT_COLUMNS
                + " FROM webhook_endpoints ORDER BY created_at, id", JdbcWebhookStore::endpoint));
    }

    /**
     * Changes an endpoint under its row lock. {@code change} edits a copy (it may set url, eventTypes, secret, active
     * and description). Switching it on clears the reason it was switched off and gives the deliveries waiting for
     * it a fresh retry window from now, so they are tried again rather than given up at once.
     *
     * @param expectedVersion the version the caller saw (If-Match), or null for whatever is current
     * @throws NotFoundException no such endpoint
     * @throws VersionMismatchException the endpoint changed since {@code expectedVersion}
     */
    WebhookEndpoint change(UUID id, Long expectedVersion, Consumer<WebhookEndpoint> change, Duration retryWindow,
            String actor) {
        return db.transaction("changing a webhook endpoint", c -> {
            WebhookEndpoint current = endpoint(c, id, true).orElseThrow(() -> notFound(id));
            WebhookEndpoint before = endpoint(c, id, false).orElseThrow();
            if (expectedVersion != null && expectedVersion != current.version) {
                throw new VersionMismatchException("Webhook endpoint " + id + " is at version " + current.version
                        + ", not " + expectedVersion, current.version);
            }
            WebhookEndpoint next = endpoint(c, id, true).orElseThrow();
            change.accept(next);
            Instant now = db.now();
            boolean switchedOn = next.active && !current.active;
            boolean switchedOff = !next.active && current.active;
            update(c, "UPDATE webhook_endpoints SET url = ?, event_types = ?, secret = ?, active = ?, description = ?,"
                    + " disabled_reason = ?, disabled_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    next.url, String.join(" ", next.eventTypes), next.secret, next.active, next.description,
                    switchedOn || switchedOff ? null : current.disabledReason,
                    switchedOn || switchedOff ? null : current.disabledAt, now, id);
            if (switchedOn) {
                update(c, "UPDATE webhook_deliveries SET next_attempt_at = ?, retry_until = ?, claimed_by = NULL,"
                        + " claimed_until = NULL WHERE endpoint_id = ? AND status = ?", now, now.plus(retryWindow),
                        id, Status.PENDING);
            }
            WebhookEndpoint after = endpoint(c, id, false).orElseThrow();
            // The secret stays out of the trail; whether it changed is what a reader needs.
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, before,
                    new AuditedChange(after, !Objects.equals(current.secret, next.secret)));
            return after;
        });
    }

    /** An endpoint as the audit trail keeps it after a change: without its secret, saying whether it changed. */
    static final class AuditedChange {
        @JsonUnwrapped
        public final WebhookEndpoint endpoint;
        public final boolean secretChanged;

        AuditedChange(WebhookEndpoint endpoint, boolean secretChanged) {
            this.endpoint = endpoint;
            this.secretChanged = secretChanged;
        }
    }

    /** Deletes the endpoint with its queue and log; false when there was none. */
    boolean delete(UUID id, String actor) {
        return db.transaction("deleting a webhook endpoint", c -> {
            Optional<WebhookEndpoint> before = endpoint(c, id, false);
            if (update(c, "DELETE FROM webhook_endpoints WHERE id = ?", id) != 1) {
                return false;
            }
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.DELETE, before.orElseThrow(), null);
            return true;
        });
    }

    /** Switches an endpoint off with the reason (retries exhausted, 410 Gone), unless it is off already. */
    private void disable(Connection c, UUID id, String reason, Instant now) throws SQLException {
        Optional<WebhookEndpoint> before = endpoint(c, id, false);
        if (update(c, "UPDATE webhook_endpoints SET active = FALSE, disabled_reason = ?, disabled_at = ?,"
                + " updated_at = ?, version = version + 1 WHERE id = ? AND active",
                ModuleDatabase.clip(reason, ERROR_LENGTH), now, now, id) == 1) {
            audit.record(c, SYSTEM_ACTOR, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, before.orElseThrow(),
                    endpoint(c, id, false).orElseThrow());
        }
    }

    private Optional<WebhookEndpoint> endpoint(Connection c, UUID id, boolean withSecret) throws SQLException {
        return first(c, "SELECT " + ENDPOINT_COLUMNS + ", secret FROM webhook_endpoints WHERE id = ?"
                + (withSecret ? " FOR UPDATE" : ""), rs -> {
                    WebhookEndpoint e = endpoint(rs);
                    e.secret = withSecret ? rs.getString("secret") : null;
                    return e;
                }, id);
    }

    private static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        WebhookEndpoint e = new WebhookEndpoint();
        e.id = rs.getObject("id", UUID.class);
        e.url = rs.getString("url");
        String types = rs.getString("event_types");
        e.eventTypes = types.isBlank() ? List.of() : List.of(types.split(" "));
        e.active = rs.getBoolean("active");
        e.description = rs.getString("description");
        e.disabledReason = rs.getString("disabled_reason");
        e.disabledAt = instant(rs, "disabled_at");
        e.createdBy = rs.getString("created_by");
        e.createdAt = instant(rs, "created_at");
        e.updatedAt = instant(rs, "updated_at");
        e.version = rs.getLong("version");
        return e;
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No webhook endpoint has id '" + id + "'");
    }

    // --------------------------------------------------------------------------------------------------------
    // The queue

    /**
     * Queues {@code event} for every active endpoint that wants its type and existed when it happened (a new
     * endpoint does not get the history). Safe to repeat: an event already queued for an endpoint is skipped.
     *
     * @return how many deliveries were queued
     */
    int fanOut(WinbackEvent event, String body, Duration retryWindow) {
        return db.transaction("queueing webhook deliveries", c -> {
            Instant now = db.now();
            int queued = 0;
            for (WebhookEndpoint e : list(c, "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE active"
                    + " AND created_at <= ?", JdbcWebhookStore::endpoint, event.occurredAt)) {
                if (!e.eventTypes.isEmpty() && !e.eventTypes.contains(event.type)) {
                    continue;
                }
                // A repeated event finds its row; the unique key stops a racing second writer.
                if (first(c, "SELECT 1 FROM webhook_deliveries WHERE endpoint_id = ? AND event_id = ?", rs -> 1, e.id,
                        event.id).isPresent()) {
                    continue;
                }
                queued += update(c, "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, body,"
                        + " status, attempts, next_attempt_at, retry_until, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", UUID.randomUUID(), e.id, event.id, event.type,
                        body, Status.PENDING, now, now.plus(retryWindow), now);
            }
            return queued;
        });
    }

    /** A delivery taken for sending, with what sending it needs. */
    record Claim(UUID deliveryId, UUID endpointId, String url, String secret, long eventId, String body,
            int attempts, Instant retryUntil, String node) {
        String webhookId() {
            return WebhookDelivery.webhookId(deliveryId);
        }
    }

    /**
     * Takes up to {@code limit} due deliveries of active endpoints for {@code node}, until {@code claimUntil}, in
     * the order they fell due. Rows other nodes hold are skipped (SKIP LOCKED), and so are the endpoints in
     * {@code busy} (this node is sending to them already: one sender per endpoint, so a slow one ties up one
     * thread). A claim that runs out (the node died mid-send) makes the row due again.
     */
    List<Claim> claim(String node, Instant claimUntil, int limit, Collection<UUID> busy) {
        return db.transaction("claiming webhook deliveries", c -> {
            Instant now = db.now();
            List<Object> params = new ArrayList<>(List.of(Status.PENDING, now, now));
            StringBuilder sql = new StringBuilder("SELECT d.id, d.endpoint_id, d.event_id, d.body, d.attempts,"
                    + " d.retry_until FROM webhook_deliveries d WHERE d.status = ? AND d.next_attempt_at <= ?"
                    + " AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
                    + " AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.active)");
            if (!busy.isEmpty()) {
                sql.append(" AND d.endpoint_id NOT IN (").append(marks(busy.size())).append(')');
                params.addAll(busy);
            }
            sql.append(" ORDER BY d.next_attempt_at, d.event_id LIMIT ? FOR UPDATE SKIP LOCKED");
            params.add(limit);
            List<Claim> rows = list(c, sql.toString(), rs -> new Claim(rs.getObject("id", UUID.class),
                    rs.getObject("endpoint_id", UUID.class), null, null, rs.getLong("event_id"), rs.getString("body"),
                    rs.getInt("attempts"), instant(rs, "retry_until"), node), params.toArray());
            if (rows.isEmpty()) {
                return rows;
            }
            List<Object> ids = new ArrayList<>(List.of(node, claimUntil));
            rows.forEach(r -> ids.add(r.deliveryId()));
            update(c, "UPDATE webhook_deliveries SET claimed_by = ?, claimed_until = ? WHERE id IN ("
                    + marks(rows.size()) + ")", ids.toArray());
            Map<UUID, String[]> targets = new HashMap<>();
            Object[] endpointIds = rows.stream().map(Claim::endpointId).distinct().toArray();
            for (Object[] t : list(c, "SELECT id, url, secret FROM webhook_endpoints WHERE id IN ("
                    + marks(endpointIds.length) + ")", rs -> new Object[] {rs.getObject("id", UUID.class),
                        rs.getString("url"), rs.getString("secret")}, endpointIds)) {
                targets.put((UUID) t[0], new String[] {(String) t[1], (String) t[2]});
            }
            List<Claim> claims = new ArrayList<>();
            for (Claim r : rows) {
                String[] target = targets.get(r.endpointId());
                claims.add(new Claim(r.deliveryId(), r.endpointId(), target[0], target[1], r.eventId(), r.body(),
                        r.attempts(), r.retryUntil(), node));
            }
            return claims;
        });
    }

    /** What became of an attempt, for {@link #record}. */
    record Outcome(Status status, Instant nextAttemptAt, String disableReason) {
        static Outcome delivered() {
            return new Outcome(Status.DELIVERED, null, null);
        }

        static Outcome retryAt(Instant next) {
            return new Outcome(Status.PENDING, next, null);
        }

        /** Given up: the delivery fails and the endpoint is switched off with {@code reason}. */
        static Outcome givenUp(String reason) {
            return new Outcome(Status.FAILED, null, reason);
        }
    }

    /**
     * Writes the attempt to the log and moves the delivery on, in one transaction; an outcome that gives up also
     * switches the endpoint off with its reason. Only while the claim is still the sender's: one whose claim ran out
     * (another node has the delivery now) must not overwrite what that node records.
     *
     * @return false when nothing was recorded: the delivery is gone or claimed by another node
     */
    boolean record(Claim claim, DeliveryAttempt attempt, Outcome outcome) {
        return db.transaction("recording a webhook attempt", c -> {
            Optional<Integer> attempts = first(c, "SELECT attempts FROM webhook_deliveries WHERE id = ?"
                    + " AND claimed_by = ? FOR UPDATE", rs -> rs.getInt(1), claim.deliveryId(), claim.node());
            if (attempts.isEmpty()) {
                return false; // deleted with its endpoint meanwhile, or no longer ours
            }
            int n = attempts.get() + 1;
            Instant now = db.now();
            update(c, "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms,"
                    + " error, response) VALUES (?, ?, ?, ?, ?, ?, ?)", claim.deliveryId(), n, attempt.attemptedAt,
                    attempt.statusCode, attempt.durationMs, ModuleDatabase.clip(attempt.error, ERROR_LENGTH),
                    ModuleDatabase.clip(attempt.response, RESPONSE_LENGTH));
            update(c, "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?,"
                    + " last_error = ?, delivered_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                    outcome.status(), n, outcome.nextAttemptAt(), attempt.statusCode,
                    ModuleDatabase.clip(attempt.error, ERROR_LENGTH),
                    outcome.status() == Status.DELIVERED ? now : null, claim.deliveryId());
            if (outcome.disableReason() != null) {
                disable(c, claim.endpointId(), outcome.disableReason(), now);
            }
            return true;
        });
    }

    // --------------------------------------------------------------------------------------------------------
    // The log

    /** The endpoint's deliveries, newest first, each with its attempts. */
    Page<WebhookDelivery> deliveries(UUID endpointId, Status status, int page, int size) {
        return db.transaction("reading webhook deliveries", c -> {
            endpoint(c, endpointId, false).orElseThrow(() -> notFound(endpointId));
            String where = " FROM webhook_deliveries WHERE endpoint_id = ?" + (status == null ? "" : " AND status = ?");
            Object[] params = status == null ? new Object[] {endpointId} : new Object[] {endpointId, status};
            long total = first(c, "SELECT COUNT(*)" + where, rs -> rs.getLong(1), params).orElse(0L);
            Object[] paged = Arrays.copyOf(params, params.length + 2);
            paged[params.length] = size;
            paged[params.length + 1] = (long) page * size;
            List<WebhookDelivery> items = list(c, "SELECT " + DELIVERY_COLUMNS + where
                    + " ORDER BY event_id DESC, id LIMIT ? OFFSET ?", JdbcWebhookStore::delivery, paged);
            withAttempts(c, items);
            return new Page<>(items, page, size, total);
        });
    }

    Optional<WebhookDelivery> delivery(UUID endpointId, UUID deliveryId) {
        return db.transaction("reading a webhook delivery", c -> delivery(c, endpointId, deliveryId));
    }

    /**
     * Queues a delivery again, whatever became of it, due now and with a fresh retry window. Its webhook-id stays
     * the same, so a receiver that processed it already can tell.
     *
     * @throws NotFoundException no such endpoint or delivery
     */
    WebhookDelivery redeliver(UUID endpointId, UUID deliveryId, Duration retryWindow) {
        return db.transaction("redelivering a webhook", c -> {
            endpoint(c, endpointId, false).orElseThrow(() -> notFound(endpointId));
            Instant now = db.now();
            int changed = update(c, "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, retry_until = ?,"
                    + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND endpoint_id = ?", Status.PENDING,
                    now, now.plus(retryWindow), deliveryId, endpointId);
            if (changed == 0) {
                throw new NotFoundException("Webhook endpoint " + endpointId + " has no delivery with id '"
                        + deliveryId + "'");
            }
            return delivery(c, endpointId, deliveryId).orElseThrow();
        });
    }

    private Optional<WebhookDelivery> delivery(Connection c, UUID endpointId, UUID deliveryId) throws SQLException {
        Optional<WebhookDelivery> d = first(c, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = ?"
                + " AND endpoint_id = ?", JdbcWebhookStore::delivery, deliveryId, endpointId);
        d.ifPresent(one -> {
            try {
                withAttempts(c, List.of(one));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return d;
    }

    private static void withAttempts(Connection c, List<WebhookDelivery> deliveries) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        Map<UUID, WebhookDelivery> byId = new LinkedHashMap<>();
        deliveries.forEach(d -> {
            d.log = new ArrayList<>();
            byId.put(d.id, d);
        });
        for (Object[] row : list(c, "SELECT delivery_id, attempt, attempted_at, status_code, duration_ms, error,"
                + " response FROM webhook_attempts WHERE delivery_id IN (" + marks(byId.size()) + ")"
                + " ORDER BY delivery_id, attempt", rs -> {
                    DeliveryAttempt a = new DeliveryAttempt();
                    a.attempt = rs.getInt("attempt");
                    a.attemptedAt = instant(rs, "attempted_at");
                    a.statusCode = rs.getObject("status_code", Integer.class);
                    a.durationMs = rs.getLong("duration_ms");
                    a.error = rs.getString("error");
                    a.response = rs.getString("response");
                    return new Object[] {rs.getObject("delivery_id", UUID.class), a};
                }, byId.keySet().toArray())) {
            byId.get((UUID) row[0]).log.add((DeliveryAttempt) row[1]);
        }
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        WebhookDelivery d = new WebhookDelivery();
        d.id = rs.getObject("id", UUID.class);
        d.endpointId = rs.getObject("endpoint_id", UUID.class);
        d.webhookId = WebhookDelivery.webhookId(d.id);
        d.eventId = rs.getLong("event_id");
        d.eventType = rs.getString("event_type");
        d.status = Status.valueOf(rs.getString("status"));
        d.attempts = rs.getInt("attempts");
        d.nextAttemptAt = instant(rs, "next_attempt_at");
        d.retryUntil = instant(rs, "retry_until");
        d.lastStatus = rs.getObject("last_status", Integer.class);
        d.lastError = rs.getString("last_error");
        d.createdAt = instant(rs, "created_at");
        d.deliveredAt = instant(rs, "delivered_at");
        d.log = Collections.emptyList();
        return d;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
