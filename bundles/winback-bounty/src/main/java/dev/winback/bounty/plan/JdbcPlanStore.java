package dev.winback.bounty.plan;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.bounty.BountyJson;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Plans and their versions. A version's document is written while it is a draft and never again once published:
 * the ledger names plan versions, and an entry must always be explained by the version it was calculated with.
 */
@Component(service = JdbcPlanStore.class)
public final class JdbcPlanStore {
    static final String ENTITY_TYPE = "bounty-plan";
    private static final String COLUMNS = "v.plan_id, v.version, v.status, v.document, v.created_by, v.created_at,"
            + " v.updated_at, v.published_by, v.published_at, v.retired_by, v.retired_at, v.row_version";

    private final ModuleDatabase db;
    private final AuditTrail audit;

    @Activate
    public JdbcPlanStore(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=bounty)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    public JdbcPlanStore(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    /** A new plan with its first version, a draft. */
    BountyPlan create(BountyPlan plan, String actor) {
        return db.transaction("creating a bounty plan", c -> {
            Instant now = db.now();
            UUID id = UUID.randomUUID();
            update(c, "INSERT INTO bounty_plans (id, name, created_by, created_at) VALUES (?, ?, ?, ?)", id,
                    plan.name, actor, now);
            insertVersion(c, id, 1, plan, actor, now);
            BountyPlan stored = version(c, id, 1, false).orElseThrow();
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.CREATE, null, stored);
            return stored;
        });
    }

    /** The plan's newest version, with the list of all its versions. */
    public Optional<BountyPlan> latest(UUID id) {
        return db.transaction("reading a bounty plan", c -> latest(c, id, false));
    }

    /** One version of a plan. */
    public Optional<BountyPlan> version(UUID id, int version) {
        return db.transaction("reading a bounty plan version", c -> version(c, id, version, false));
    }

    /** Every plan's newest version, by name. */
    List<BountyPlan> all() {
        return db.transaction("listing bounty plans", c -> {
            Map<UUID, BountyPlan> newest = new LinkedHashMap<>();
            for (BountyPlan p : list(c, "SELECT " + COLUMNS + " FROM bounty_plan_versions v JOIN bounty_plans p"
                    + " ON p.id = v.plan_id ORDER BY p.name, p.id, v.version DESC", JdbcPlanStore::plan)) {
                newest.putIfAbsent(p.id, p);
            }
            return new ArrayList<>(newest.values());
        });
    }

    /**
     * The plan versions that were in force when the win-back happened ({@code closedAt}: published by then and not
     * yet retired) in {@code currency}, whose dates cover {@code day}. A win-back handled late (the module was away,
     * its event was replayed) is paid by the terms of its time, not those of the day it is handled.
     */
    public List<BountyPlan> inForce(java.time.Instant closedAt, LocalDate day, String currency) {
        return db.transaction("finding the bounty plans of a win-back", c -> list(c, "SELECT " + COLUMNS
                + " FROM bounty_plan_versions v WHERE v.status IN (?, ?) AND v.published_at <= ?"
                + " AND (v.retired_at IS NULL OR v.retired_at > ?) AND v.currency = ? AND v.valid_from <= ?"
                + " AND (v.valid_to IS NULL OR v.valid_to >= ?) ORDER BY v.plan_id", JdbcPlanStore::plan,
                PlanStatus.PUBLISHED, PlanStatus.RETIRED, closedAt, closedAt, currency, Date.valueOf(day),
                Date.valueOf(day)));
    }

    /**
     * Saves {@code plan} as the plan's draft: the newest version when it is one, otherwise a new version after the
     * published or retired one.
     *
     * @param expectedVersion the row version of the draft the caller saw (If-Match), or null
     */
    BountyPlan saveDraft(UUID id, BountyPlan plan, Long expectedVersion, String actor) {
        return db.transaction("saving a bounty plan draft", c -> {
            BountyPlan current = latest(c, id, true).orElseThrow(() -> notFound(id));
            if ((current.version > 1 || current.status != PlanStatus.DRAFT) && !current.currency.equals(plan.currency)) {
                // Its entries are in its currency: the caps, the totals and the payroll lines of one plan add up
                // only in one.
                throw new dev.winback.api.UnprocessableException("currency", "bounty plan " + id + " pays in "
                        + current.currency + "; a plan's currency does not change once it was published: create a "
                        + "plan in " + plan.currency + " instead");
            }
            Instant now = db.now();
            BountyPlan after;
            if (current.status == PlanStatus.DRAFT) {
                if (expectedVersion != null && expectedVersion != current.rowVersion) {
                    throw new VersionMismatchException("The draft of bounty plan " + id + " is at version "
                            + current.rowVersion + ", not " + expectedVersion, current.rowVersion);
                }
                update(c, "UPDATE bounty_plan_versions SET currency = ?, valid_from = ?, valid_to = ?, document = ?,"
                        + " updated_at = ?, row_version = row_version + 1 WHERE plan_id = ? AND version = ?",
                        plan.currency, Date.valueOf(plan.validFrom), date(plan.validTo), document(plan), now, id,
                        current.version);
                after = version(c, id, current.version, false).orElseThrow();
            } else {
                insertVersion(c, id, current.version + 1, plan, actor, now);
                after = version(c, id, current.version + 1, false).orElseThrow();
            }
            update(c, "UPDATE bounty_plans SET name = ? WHERE id = ?", plan.name, id);
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, current, after);
            return after;
        });
    }

    /**
     * Publishes the plan's draft and retires the version it replaces, in one transaction; {@code check} sees the
     * draft first (its rules must be installed) and may refuse.
     */
    BountyPlan publish(UUID id, String actor, java.util.function.Consumer<BountyPlan> check) {
        return db.transaction("publishing a bounty plan", c -> publish(c, id, actor, check));
    }

    /** {@link #publish(UUID, String, java.util.function.Consumer)} inside the caller's transaction on {@code c}. */
    public BountyPlan publish(Connection c, UUID id, String actor, java.util.function.Consumer<BountyPlan> check)
            throws SQLException {
        BountyPlan draft = latest(c, id, true).orElseThrow(() -> notFound(id));
        if (draft.status != PlanStatus.DRAFT) {
            throw new ConflictException("Bounty plan " + id + " has no draft to publish: version " + draft.version
                    + " is " + draft.status + "; save a change to start a new draft");
        }
        check.accept(draft);
        Instant now = db.now();
        update(c, "UPDATE bounty_plan_versions SET status = ?, retired_by = ?, retired_at = ? WHERE plan_id = ?"
                + " AND status = ?", PlanStatus.RETIRED, actor, now, id, PlanStatus.PUBLISHED);
        update(c, "UPDATE bounty_plan_versions SET status = ?, published_by = ?, published_at = ?, updated_at = ?"
                + " WHERE plan_id = ? AND version = ?", PlanStatus.PUBLISHED, actor, now, now, id, draft.version);
        BountyPlan after = version(c, id, draft.version, false).orElseThrow();
        audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, draft, after);
        return after;
    }

    /** One version of a plan, inside the caller's transaction. */
    public Optional<BountyPlan> version(Connection c, UUID id, int version) throws SQLException {
        return version(c, id, version, false);
    }

    /** The plan's newest version, its row locked: a recalculation reads it under the lock it publishes under. */
    public Optional<BountyPlan> lockLatest(Connection c, UUID id) throws SQLException {
        return latest(c, id, true);
    }

    /** The version in force now, if any. */
    public Optional<BountyPlan> published(Connection c, UUID id) throws SQLException {
        return first(c, "SELECT " + COLUMNS + " FROM bounty_plan_versions v WHERE v.plan_id = ? AND v.status = ?",
                JdbcPlanStore::plan, id, PlanStatus.PUBLISHED);
    }

    /** Writes a plan-level change a module makes (a recalculation moving win-backs) to the audit trail. */
    public void audit(Connection c, UUID id, String actor, Object before, Object after) throws SQLException {
        audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, before, after);
    }

    /** Retires the published version: it pays for no further win-back. */
    BountyPlan retire(UUID id, String actor) {
        return db.transaction("retiring a bounty plan", c -> {
            latest(c, id, true).orElseThrow(() -> notFound(id));
            BountyPlan published = first(c, "SELECT " + COLUMNS + " FROM bounty_plan_versions v WHERE v.plan_id = ?"
                    + " AND v.status = ?", JdbcPlanStore::plan, id, PlanStatus.PUBLISHED).orElseThrow(() ->
                    new ConflictException("Bounty plan " + id + " has no published version to retire"));
            Instant now = db.now();
            update(c, "UPDATE bounty_plan_versions SET status = ?, retired_by = ?, retired_at = ? WHERE plan_id = ?"
                    + " AND version = ?", PlanStatus.RETIRED, actor, now, id, published.version);
            BountyPlan after = version(c, id, published.version, false).orElseThrow();
            audit.record(c, actor, ENTITY_TYPE, id.toString(), AuditTrail.UPDATE, published, after);
            return after;
        });
    }

    private void insertVersion(Connection c, UUID id, int version, BountyPlan plan, String actor, Instant now)
            throws SQLException {
        update(c, "INSERT INTO bounty_plan_versions (plan_id, version, status, currency, valid_from, valid_to, document,"
                + " created_by, created_at, updated_at, row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", id,
                version, PlanStatus.DRAFT, plan.currency, Date.valueOf(plan.validFrom), date(plan.validTo),
                document(plan), actor, now, now);
    }

    /** The newest version, locking the plan's row when {@code lock} so two publications do not interleave. */
    private static Optional<BountyPlan> latest(Connection c, UUID id, boolean lock) throws SQLException {
        if (lock && first(c, "SELECT id FROM bounty_plans WHERE id = ? FOR UPDATE", rs -> rs.getObject(1), id)
                .isEmpty()) {
            return Optional.empty();
        }
        List<BountyPlan> versions = list(c, "SELECT " + COLUMNS + " FROM bounty_plan_versions v WHERE v.plan_id = ?"
                + " ORDER BY v.version DESC", JdbcPlanStore::plan, id);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        BountyPlan newest = versions.get(0);
        newest.versions = new ArrayList<>();
        for (BountyPlan v : versions) {
            BountyPlan.VersionSummary s = new BountyPlan.VersionSummary();
            s.version = v.version;
            s.status = v.status;
            s.publishedAt = v.publishedAt;
            s.retiredAt = v.retiredAt;
            newest.versions.add(s);
        }
        return Optional.of(newest);
    }

    private static Optional<BountyPlan> version(Connection c, UUID id, int version, boolean lock)
            throws SQLException {
        return first(c, "SELECT " + COLUMNS + " FROM bounty_plan_versions v WHERE v.plan_id = ? AND v.version = ?"
                + (lock ? " FOR UPDATE" : ""), JdbcPlanStore::plan, id, version);
    }

    /** The plan's settings as kept in the document: everything but who, when and which version. */
    private static String document(BountyPlan plan) {
        BountyPlan d = new BountyPlan();
        d.name = plan.name;
        d.currency = plan.currency;
        d.validFrom = plan.validFrom;
        d.validTo = plan.validTo;
        d.scope = plan.scope;
        d.rules = plan.rules;
        d.clawbackDays = plan.clawbackDays;
        d.requireLost = plan.requireLost;
        d.lostBelowProbabilityAlive = plan.lostBelowProbabilityAlive;
        d.holdback = plan.holdback;
        d.roundingMode = plan.roundingMode;
        d.roundingScale = plan.roundingScale;
        return BountyJson.write(d);
    }

    private static BountyPlan plan(ResultSet rs) throws SQLException {
        BountyPlan p = BountyJson.read(rs.getString("document"), BountyPlan.class);
        p.id = rs.getObject("plan_id", UUID.class);
        p.version = rs.getInt("version");
        p.status = PlanStatus.valueOf(rs.getString("status"));
        p.createdBy = rs.getString("created_by");
        p.createdAt = instant(rs, "created_at");
        p.updatedAt = instant(rs, "updated_at");
        p.publishedBy = rs.getString("published_by");
        p.publishedAt = instant(rs, "published_at");
        p.retiredBy = rs.getString("retired_by");
        p.retiredAt = instant(rs, "retired_at");
        p.rowVersion = rs.getLong("row_version");
        return p;
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No bounty plan " + id);
    }
}
