package dev.winback.detect.imports;

import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.PublishedImport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Test helper: the real job store, remembering the state of the job at every write. */
class RecordingJobs implements ImportJobStore {
    private final ImportJobStore store;
    private final List<ImportJob> writes;

    RecordingJobs(ImportJobStore store, List<ImportJob> writes) {
        this.store = store;
        this.writes = writes;
    }

    private void record(ImportJob job) {
        ImportJob copy = new ImportJob();
        copy.id = job.id;
        copy.status = job.status;
        copy.rowsRead = job.rowsRead;
        copy.bytesRead = job.bytesRead;
        copy.errorCount = job.errorCount;
        synchronized (writes) {
            writes.add(copy);
        }
    }

    @Override
    public void insert(ImportJob job) {
        record(job);
        store.insert(job);
    }

    @Override
    public void update(ImportJob job) {
        record(job);
        store.update(job);
    }

    @Override
    public void updateAttempt(ImportJob job, ImportStatus seen) {
        record(job);
        store.updateAttempt(job, seen);
    }

    @Override
    public PublishedImport publish(ImportJob job) {
        record(job);
        return store.publish(job);
    }

    @Override
    public List<ImportJob> unfinished(String node) {
        return store.unfinished(node);
    }

    @Override
    public Optional<ImportJob> find(UUID id) {
        return store.find(id);
    }

    @Override
    public Page<ImportJob> list(int page, int size, String submittedBy) {
        return store.list(page, size, submittedBy);
    }

    @Override
    public int failUnfinished(String reason, Instant now) {
        return store.failUnfinished(reason, now);
    }

    @Override
    public int failUnfinished(String node, String reason, Instant now) {
        return store.failUnfinished(node, reason, now);
    }

    @Override
    public Optional<ImportJob> retry(UUID id, String node) {
        return store.retry(id, node);
    }

    @Override
    public long discardAbandonedStaging() {
        return store.discardAbandonedStaging();
    }
}
