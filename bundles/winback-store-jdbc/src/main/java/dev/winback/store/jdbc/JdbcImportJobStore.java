package dev.winback.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.winback.api.NotFoundException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.ModuleSchema;
import dev.winback.api.store.PublishedImport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Import jobs in {@code import_jobs}, their first bad rows in {@code import_errors}. Not audited: a job is itself
 * the record of who imported what and when, and the purchases it publishes are audited as the publish.
 */
@Component(service = ImportJobStore.class)
public final class JdbcImportJobStore implements ImportJobStore {
    /** Widths of the text columns that are cut to fit (see {@link Sql#clip}). */
    static final int FAILURE_LENGTH = 10_000;
    static final int MESSAGE_LENGTH = 2_000;

    /** What {@link #update} overwrites, in binding order. */
    private static final String PROGRESS = "status, started_at, finished_at, bytes_total, bytes_read, rows_read,"
            + " purchases_read, purchases_added, duplicates, customers_created, error_count, failure";
    private static final String COLUMNS = "id, file_name, format, request_json, submitted_by, submitted_at, node,"
            + " attempts, server_file, " + PROGRESS;
    /** What a retry clears: every column {@link #update} writes but the status and the size of the input. */
    private static final String CLEARED = "started_at = NULL, finished_at = NULL, bytes_read = 0, rows_read = 0,"
            + " purchases_read = 0, purchases_added = 0, duplicates = 0, customers_created = 0, error_count = 0,"
            + " failure = NULL";

    private static final JsonColumn<ImportRequest> REQUEST =
            new JsonColumn<>("import_jobs.request_json", new TypeReference<>() { });

    private final WinbackDatabase db;

    /**
     * Starts once the winback-detect module's schema is in place: its tables come with that module (see
     * {@link ModuleSchema}), and without it this store has nothing to work on.
     */
    @Activate
    public JdbcImportJobStore(@Reference WinbackDatabase db,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=detect)") ModuleSchema detectSchema) {
        this(db);
    }

    /** Outside OSGi (tests, tools), once the detect module's schema is applied (WinbackDatabase.migrateModule). */
    public JdbcImportJobStore(WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public void insert(ImportJob job) {
        Objects.requireNonNull(job.id, "job.id");
        Object[] params = Sql.concat(new Object[] {job.id, job.fileName, job.format, REQUEST.write(job.request),
            job.submittedBy, Sql.micros(job.submittedAt), job.node, Math.max(1, job.attempts), job.serverFile},
                progress(job));
        db.inTransaction("storing an import job", c -> {
            Sql.execute(c, Sql.insertInto("import_jobs", COLUMNS), params);
            if (job.errors != null) {
                insertErrors(c, job.id, job.errors);
            }
            return null;
        });
    }

    @Override
    public void update(ImportJob job) {
        Objects.requireNonNull(job.id, "job.id");
        Object[] params = Sql.concat(progress(job), job.id);
        db.inTransaction("updating an import job", c -> {
            if (Sql.execute(c, Sql.updateById("import_jobs", PROGRESS), params) == 0) {
                throw new NotFoundException("Import job " + job.id + " does not exist");
            }
            replaceErrors(c, job);
            return null;
        });
    }

    @Override
    public void updateAttempt(ImportJob job, ImportStatus seen) {
        Object[] values = progress(Objects.requireNonNull(job, "job"));
        db.inTransaction("updating an import job", c -> {
            AttemptWrites.update(c, "import_jobs", PROGRESS, values, "Import", job.id, seen, job.attempts);
            replaceErrors(c, job);
            if (job.status == ImportStatus.FAILED || job.status == ImportStatus.ABORTED) {
                // Ended unpublished, with the verdict: nothing it staged may outlive it, whoever ended it.
                Sql.execute(c, "DELETE FROM purchase_staging WHERE import_id = ?", job.id);
            }
            return null;
        });
    }

    /**
     * The job's row is locked first, so that a node giving this one up waits for the publish and then finds the job
     * no longer RUNNING; the purchases and the job's outcome commit together.
     */
    @Override
    public PublishedImport publish(ImportJob job) {
        Objects.requireNonNull(job.id, "job.id");
        return db.publishing(() -> db.inTransaction("publishing an import", c -> {
            if (Sql.queryOne(c, "SELECT id FROM import_jobs WHERE id = ? AND status = ? AND attempts = ? FOR UPDATE",
                    rs -> Sql.uuid(rs, "id"), job.id, ImportStatus.RUNNING, job.attempts).isEmpty()) {
                throw AttemptWrites.lost(c, "import_jobs", "Import", job.id, ImportStatus.RUNNING, job.attempts);
            }
            PublishedImport published = JdbcPurchaseStore.publishStaged(db, c, job.id, job.submittedBy);
            job.purchasesAdded = published.purchasesAdded();
            job.duplicates = published.duplicates();
            job.customersCreated = published.customersCreated();
            Sql.execute(c, Sql.updateById("import_jobs", PROGRESS), Sql.concat(progress(job), job.id));
            replaceErrors(c, job);
            return published;
        }));
    }

    @Override
    public List<ImportJob> unfinished(String node) {
        return db.read("listing a node's unfinished import jobs", c -> AttemptWrites.unfinished(c, "import_jobs",
                COLUMNS, "submitted_at", JdbcImportJobStore::toJob, node, ImportStatus.QUEUED, ImportStatus.RUNNING));
    }

    @Override
    public Optional<ImportJob> find(UUID id) {
        return db.read("reading an import job", c -> {
            Optional<ImportJob> found = Sql.queryOne(c, "SELECT " + COLUMNS + " FROM import_jobs WHERE id = ?",
                    JdbcImportJobStore::toJob, id);
            if (found.isPresent()) {
                found.get().errors = Sql.queryList(c, "SELECT line, message FROM import_errors WHERE job_id = ?"
                        + " ORDER BY seq", rs -> new ImportRowError(rs.getLong("line"), rs.getString("message")), id);
            }
            return found;
        });
    }

    @Override
    public Page<ImportJob> list(int page, int size, String submittedBy) {
        Filters filters = submittedBy == null ? new Filters() : new Filters().equal("submitted_by", submittedBy);
        return db.read("listing import jobs", c -> PagedQuery.run(c, COLUMNS, "import_jobs", filters,
                "submitted_at DESC, id", page, size, JdbcImportJobStore::toJob));
    }

    @Override
    public int failUnfinished(String reason, Instant now) {
        return db.inTransaction("failing unfinished import jobs", c -> Sql.execute(c, "UPDATE import_jobs"
                        + " SET status = ?, failure = ?, finished_at = ? WHERE status IN (?, ?)", ImportStatus.FAILED,
                Sql.clip(reason, FAILURE_LENGTH), Sql.micros(now), ImportStatus.QUEUED, ImportStatus.RUNNING));
    }

    @Override
    public int failUnfinished(String node, String reason, Instant now) {
        Objects.requireNonNull(node, "node");
        return db.inTransaction("failing this node's unfinished import jobs", c -> Sql.execute(c, "UPDATE import_jobs"
                + " SET status = ?, failure = ?, finished_at = ? WHERE status IN (?, ?) AND (node = ? OR node IS NULL)",
                ImportStatus.FAILED, Sql.clip(reason, FAILURE_LENGTH), Sql.micros(now), ImportStatus.QUEUED,
                ImportStatus.RUNNING, node));
    }

    @Override
    public Optional<ImportJob> retry(UUID id, String node) {
        Objects.requireNonNull(node, "node");
        return db.inTransaction("queueing an import job again", c -> {
            if (Sql.execute(c, "UPDATE import_jobs SET status = ?, node = ?, attempts = attempts + 1, " + CLEARED
                    + " WHERE id = ? AND status = ?", ImportStatus.QUEUED, node, id, ImportStatus.FAILED) == 0) {
                return Optional.<ImportJob>empty();
            }
            Sql.execute(c, "DELETE FROM import_errors WHERE job_id = ?", id);
            // What an earlier attempt staged is garbage: left there, the retry's publish would count it twice.
            Sql.execute(c, "DELETE FROM purchase_staging WHERE import_id = ?", id);
            Optional<ImportJob> job = Sql.queryOne(c, "SELECT " + COLUMNS + " FROM import_jobs WHERE id = ?",
                    JdbcImportJobStore::toJob, id);
            job.ifPresent(j -> j.errors = List.of());
            return job;
        });
    }

    @Override
    public long discardAbandonedStaging() {
        return db.inTransaction("discarding staged purchases of finished imports", c -> (long) Sql.execute(c,
                "DELETE FROM purchase_staging WHERE NOT EXISTS (SELECT 1 FROM import_jobs j"
                        + " WHERE j.id = purchase_staging.import_id AND j.status IN (?, ?))",
                ImportStatus.QUEUED, ImportStatus.RUNNING));
    }

    /** The values of the {@link #PROGRESS} columns. */
    private static Object[] progress(ImportJob job) {
        return new Object[] {job.status, Sql.micros(job.startedAt), Sql.micros(job.finishedAt), job.bytesTotal,
            job.bytesRead, job.rowsRead, job.purchasesRead, job.purchasesAdded, job.duplicates, job.customersCreated,
            job.errorCount, Sql.clip(job.failure, FAILURE_LENGTH)};
    }

    /** With {@code job.errors} not null, the stored bad rows become those; with null they stay. */
    private static void replaceErrors(Connection c, ImportJob job) throws SQLException {
        if (job.errors != null) {
            Sql.execute(c, "DELETE FROM import_errors WHERE job_id = ?", job.id);
            insertErrors(c, job.id, job.errors);
        }
    }

    /** Numbered in list order, which is how they read back. */
    private static void insertErrors(Connection c, UUID jobId, List<ImportRowError> errors) throws SQLException {
        List<Object[]> rows = new ArrayList<>(errors.size());
        for (ImportRowError error : errors) {
            rows.add(new Object[] {jobId, rows.size(), error.line, Sql.clip(error.message, MESSAGE_LENGTH)});
        }
        Sql.executeBatch(c, Sql.insertInto("import_errors", "job_id, seq, line, message"), rows);
    }

    /** Without its bad rows; {@link #find} adds them. */
    private static ImportJob toJob(ResultSet rs) throws SQLException {
        ImportJob job = new ImportJob();
        job.id = Sql.uuid(rs, "id");
        job.status = Sql.enumValue(rs, "status", ImportStatus.class);
        job.fileName = rs.getString("file_name");
        job.format = Sql.enumValue(rs, "format", ImportFormat.class);
        job.request = REQUEST.read(rs.getString("request_json"));
        job.submittedBy = rs.getString("submitted_by");
        job.submittedAt = Sql.instant(rs, "submitted_at");
        job.node = rs.getString("node");
        job.attempts = rs.getInt("attempts");
        job.serverFile = rs.getString("server_file");
        job.startedAt = Sql.instant(rs, "started_at");
        job.finishedAt = Sql.instant(rs, "finished_at");
        job.bytesTotal = rs.getLong("bytes_total");
        job.bytesRead = rs.getLong("bytes_read");
        job.rowsRead = rs.getLong("rows_read");
        job.purchasesRead = rs.getLong("purchases_read");
        job.purchasesAdded = rs.getLong("purchases_added");
        job.duplicates = rs.getLong("duplicates");
        job.customersCreated = rs.getLong("customers_created");
        job.errorCount = rs.getLong("error_count");
        job.failure = rs.getString("failure");
        return job;
    }
}
