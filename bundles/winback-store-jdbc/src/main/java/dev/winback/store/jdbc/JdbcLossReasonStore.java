package dev.winback.store.jdbc;

import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.LossReason;
import dev.winback.api.store.LossReasonStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The admin-editable loss-reason list in the {@code loss_reasons} table, seeded by the first migration. */
@Component(service = LossReasonStore.class)
public final class JdbcLossReasonStore implements LossReasonStore {
    static final String ENTITY_TYPE = "loss-reason";

    private static final String COLUMNS = "code, label, category, controllable";
    private static final String READ_COLUMNS = COLUMNS + ", version";

    private final WinbackDatabase db;
    private final AuditWriter audit = new AuditWriter();

    @Activate
    public JdbcLossReasonStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public List<LossReason> list() {
        return db.read("listing loss reasons", c -> Sql.queryList(c,
                "SELECT " + READ_COLUMNS + " FROM loss_reasons ORDER BY code", JdbcLossReasonStore::toReason));
    }

    @Override
    public Optional<LossReason> find(String code) {
        return db.read("reading a loss reason", c -> load(c, code, false));
    }

    @Override
    public LossReason insert(LossReason reason, String actor) {
        return db.inTransaction("creating a loss reason", c -> {
            try {
                Sql.execute(c, "INSERT INTO loss_reasons (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
                        reason.code, reason.label, reason.category, reason.controllable);
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw new ConflictException("Loss reason '" + reason.code + "' already exists");
                }
                throw e;
            }
            LossReason created = load(c, reason.code, false).orElseThrow();
            audit.record(c, db.now(), actor, ENTITY_TYPE, reason.code, AuditWriter.CREATE, null, created);
            return created;
        });
    }

    @Override
    public LossReason update(LossReason reason, Long expectedVersion, String actor) {
        return db.inTransaction("updating a loss reason", c -> {
            LossReason before = load(c, reason.code, true).orElseThrow(() -> notFound(reason.code));
            if (expectedVersion != null && expectedVersion.longValue() != before.version) {
                throw new VersionMismatchException("Loss reason '" + reason.code + "' was changed by someone else "
                        + "(version " + before.version + ", you had " + expectedVersion + ")", before.version);
            }
            Sql.execute(c, "UPDATE loss_reasons SET label = ?, category = ?, controllable = ?, version = version + 1"
                    + " WHERE code = ?", reason.label, reason.category, reason.controllable, reason.code);
            LossReason after = load(c, reason.code, false).orElseThrow();
            audit.record(c, db.now(), actor, ENTITY_TYPE, reason.code, AuditWriter.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void delete(String code, String actor) {
        db.inTransaction("deleting a loss reason", c -> {
            // Counted first to say how many cases are in the way. On PostgreSQL the row lock also makes a case
            // insert naming this reason wait until we are done; the foreign key catches whatever slips through.
            LossReason before = load(c, code, true).orElseThrow(() -> notFound(code));
            long uses = Sql.queryLong(c, "SELECT COUNT(*) FROM recovery_cases WHERE loss_reason = ?", code);
            if (uses > 0) {
                throw inUse(code, uses);
            }
            try {
                Sql.execute(c, "DELETE FROM loss_reasons WHERE code = ?", code);
            } catch (SQLException e) {
                if (SqlStates.isForeignKeyViolation(e)) {
                    // A case added in between, or a table added later that the count above does not know.
                    throw new ConflictException("Loss reason '" + code + "' is still in use and cannot be deleted");
                }
                throw e;
            }
            audit.record(c, db.now(), actor, ENTITY_TYPE, code, AuditWriter.DELETE, before, null);
            return null;
        });
    }

    private static Optional<LossReason> load(Connection c, String code, boolean forUpdate) throws SQLException {
        String lock = forUpdate ? " FOR UPDATE" : "";
        return Sql.queryOne(c, "SELECT " + READ_COLUMNS + " FROM loss_reasons WHERE code = ?" + lock,
                JdbcLossReasonStore::toReason, code);
    }

    private static NotFoundException notFound(String code) {
        return new NotFoundException("Loss reason '" + code + "' does not exist");
    }

    private static ConflictException inUse(String code, long uses) {
        return new ConflictException("Loss reason '" + code + "' is used by " + uses + " recovery case(s);"
                + " give them another reason before deleting it");
    }

    private static LossReason toReason(ResultSet rs) throws SQLException {
        LossReason reason = new LossReason();
        reason.code = rs.getString("code");
        reason.label = rs.getString("label");
        reason.category = Sql.enumValue(rs, "category", LossCategory.class);
        reason.controllable = rs.getBoolean("controllable");
        reason.version = rs.getLong("version");
        return reason;
    }
}
