package dev.winback.detect.imports;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.TooManyRequestsException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.detect.TransactionImportService;
import dev.winback.api.dto.Page;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.PurchaseStore;
import dev.winback.detect.Access;
import dev.winback.detect.FairJobRunner;
import dev.winback.detect.FieldProblems;
import dev.winback.detect.NodeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports purchase history as background jobs: an upload is copied to the work directory (its data counted on the
 * way, so an upload that inflates past the limit is refused before it is queued) and the request returns with the
 * job QUEUED; the job reads the file into the store's staging area and publishes it in one transaction, so an
 * aborted or failed job leaves no purchase behind and a repeated import adds nothing.
 *
 * <p>Jobs run on a small pool of this node's threads, shared fairly between users ({@link FairJobRunner}): a user
 * has at most {@code maxRunningImportsPerUser} imports running and {@code maxQueuedImportsPerUser} waiting, and a
 * submission past that is refused with 429, so one user's large imports never hold back another's.
 *
 * <p>Jobs carry the node that runs them ({@link NodeIdentity}). A restart ends the running jobs, so on activation
 * this node's jobs still QUEUED or RUNNING (and those of no node, from before nodes were recorded) are marked
 * FAILED; other nodes' jobs go on. The staging rows of every job that is no longer QUEUED or RUNNING are emptied.
 * A FAILED job may be retried: its upload stays in the work directory for {@code keepFailedUploadsHours}.
 */
@Component(service = TransactionImportService.class, immediate = true,
        configurationPid = "dev.winback.detect.imports")
@Designate(ocd = TransactionImports.Config.class)
public class TransactionImports implements TransactionImportService {
    static final String INTERRUPTED = "interrupted: node restarted: Winback (or its winback-detect feature) stopped "
            + "on the node that ran this; nothing of it was stored: retry it";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionImports.class);
    private static final int MAX_FILE_NAME = 255;
    /** The longest server path a job records (the column's width). */
    private static final int MAX_SERVER_FILE = 4000;
    /** What a user told to wait is told: imports take seconds to minutes. */
    static final long RETRY_AFTER_SECONDS = 30;

    @ObjectClassDefinition(name = "Winback transaction imports",
            description = "Where uploaded purchase files wait, how many bad rows an import tolerates when the "
                    + "request does not say, what one upload may cost to read, and how many imports a user may "
                    + "have running and waiting")
    public @interface Config {
        @AttributeDefinition(name = "Work directory", required = false,
                description = "Where uploads are kept until their import is done; empty for "
                        + "${karaf.data}/winback/imports")
        String workDirectory() default "";

        @AttributeDefinition(name = "Most bad rows", description = "Bad rows tolerated; one more aborts the import")
        long maxErrors() default 100;

        @AttributeDefinition(name = "Most bad rows (%)",
                description = "Share of bad rows tolerated, 0 to 100, once enough rows have been read")
        double maxErrorPercent() default 10;

        @AttributeDefinition(name = "Rows before the share applies",
                description = "Rows read before the share of bad rows is checked, so a bad first row does not "
                        + "abort a large file")
        long minRowsForRatio() default 100;

        @AttributeDefinition(name = "Bad rows kept", description = "Bad rows listed on the job; the rest are counted")
        int keptErrors() default 1000;

        @AttributeDefinition(name = "Default source",
                description = "Host system of the customers when neither the file nor the request names one")
        String defaultSource() default "import";

        @AttributeDefinition(name = "Batch size", description = "Purchases staged per database round trip")
        int batchSize() default 5000;

        @AttributeDefinition(name = "Most data per upload (MiB)",
                description = "Data an upload may hold once gzip is inflated; counted while it is copied, and an "
                        + "upload over it is refused with 413 (files named on the server with winback:import are "
                        + "not limited)")
        long maxDecompressedMegabytes() default ImportSettings.DEFAULT_MAX_DECOMPRESSED_MEGABYTES;

        @AttributeDefinition(name = "Longest line (characters)",
                description = "Characters of one line (or CSV record with quoted line breaks), counted as they are "
                        + "read; a longer one aborts the import, naming its line")
        int maxLineCharacters() default ReadLimits.DEFAULT_MAX_LINE_CHARACTERS;

        @AttributeDefinition(name = "Running imports per user",
                description = "Imports of one user that run at once on this node; more wait their turn")
        int maxRunningImportsPerUser() default 1;

        @AttributeDefinition(name = "Waiting imports per user",
                description = "Imports of one user that may wait besides the running ones; more are refused with "
                        + "429 and Retry-After")
        int maxQueuedImportsPerUser() default 3;

        @AttributeDefinition(name = "Import threads",
                description = "Imports running at once on this node, all users together (applies at the next "
                        + "start of the feature)")
        int importThreads() default ImportSettings.DEFAULT_THREADS;

        @AttributeDefinition(name = "Keep failed uploads (hours)",
                description = "How long the upload of a FAILED import stays in the work directory for a retry")
        long keepFailedUploadsHours() default 24;
    }

    private final ImportJobStore jobs;
    private final PurchaseStore purchases;
    private final Clock clock;
    private final String node;
    private final FairJobRunner<ImportTask> runner;
    private volatile ImportSettings settings;

    @Activate
    public TransactionImports(@Reference ImportJobStore jobs, @Reference PurchaseStore purchases, Config config) {
        this(jobs, purchases, configured(config), Clock.systemUTC(), NodeIdentity.resolve());
    }

    TransactionImports(ImportJobStore jobs, PurchaseStore purchases, ImportSettings settings, Clock clock,
            String node) {
        this.jobs = jobs;
        this.purchases = purchases;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.runner = new FairJobRunner<>("winback-import", settings.threads(), settings.perUser());
        recoverFromRestart();
    }

    /** Reads the configuration; a bad entry stops activation with a message that says what to fix. */
    private static ImportSettings configured(Config config) {
        try {
            return ImportSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration dev.winback.detect.imports is invalid: {}", e.getMessage());
            throw new IllegalArgumentException("Configuration dev.winback.detect.imports is invalid: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Ends what this node left unfinished when it stopped: its jobs cannot resume (they may be retried), and the
     * staging rows of jobs that no longer run are garbage.
     */
    private void recoverFromRestart() {
        int failed = jobs.failUnfinished(node, INTERRUPTED, clock.instant());
        long discarded = jobs.discardAbandonedStaging();
        int files = sweep();
        if (failed > 0 || discarded > 0 || files > 0) {
            LOG.info("Node {}: ended {} unfinished import(s), discarded {} staged purchase(s) of imports that no "
                    + "longer run and removed {} upload(s) no import needs", node, failed, discarded, files);
        }
    }

    /** Removes the uploads no job needs any more; returns how many. */
    private int sweep() {
        ImportSettings current = settings;
        return new UploadSpool(current.workDirectory()).sweep(jobs::find, current.keepFailedUploads(),
                clock.instant());
    }

    @Modified
    void configure(Config config) {
        // No restart on a new setting: a running import keeps going with the settings it started with.
        ImportSettings changed = configured(config);
        settings = changed;
        runner.limits(changed.perUser());
    }

    /**
     * Stops the runner: queued jobs are failed now (their uploads stay for a retry); the running ones are
     * interrupted and record that they failed (or, if they cannot, are failed on the next start).
     */
    @Deactivate
    public void stop() {
        for (ImportTask queued : runner.stop()) {
            queued.abandon();
        }
    }

    @Override
    public ImportJob submit(ImportRequest request, InputStream body, Actor actor) throws IOException {
        Access.requireAdminOrManager(actor, "import purchases");
        if (body == null) {
            throw new InvalidInputException("body", "the file to import is required");
        }
        ImportSettings current = settings;
        ImportRequest given = request == null ? new ImportRequest() : request;
        ImportPlan plan = ImportPlan.of(given, current);
        String fileName = fileName(given.fileName, "upload");
        // The place is held before the upload is copied, so a refused user's file is not read at all.
        FairJobRunner<ImportTask>.Reservation place = reserve(actor.name());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Path file;
        long size;
        try {
            file = new UploadSpool(current.workDirectory()).write(id, body, current.uploadLimits().maxDataBytes());
            size = sizeOf(file);
        } catch (CountingInputStream.TooMuchData e) {
            place.cancel();
            throw new PayloadTooLargeException(e.limit(), "The upload holds more than "
                    + ReadLimits.size(e.limit()) + " of data once decompressed (maxDecompressedMegabytes in "
                    + "etc/dev.winback.detect.imports.cfg); reading stopped there. Split the file, or import it "
                    + "with winback:import on the server");
        } catch (IOException | RuntimeException e) {
            place.cancel();
            throw e;
        }
        ImportJob job = queued(id, given, fileName, size, actor, now, null);
        return queue(job, plan, file, true, current.uploadLimits(), current, place);
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            UploadSpool.delete(file);
            throw e;
        }
    }

    @Override
    public ImportJob submitFile(ImportRequest request, Path file, Actor actor) {
        Access.requireAdminOrManager(actor, "import purchases");
        ImportSettings current = settings;
        ImportRequest given = request == null ? new ImportRequest() : request;
        ImportPlan plan = ImportPlan.of(given, current);
        if (file == null) {
            throw new InvalidInputException("file", "is required");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("file", "'" + file + "' is not a file Winback can read");
        }
        String path = file.toAbsolutePath().toString();
        if (path.length() > MAX_SERVER_FILE) {
            throw new InvalidInputException("file", "the path must be at most " + MAX_SERVER_FILE + " characters");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot read the size of '" + file + "': " + e.getMessage());
        }
        String fileName = fileName(given.fileName, file.toString());
        FairJobRunner<ImportTask>.Reservation place = reserve(actor.name());
        ImportJob job = queued(UUID.randomUUID(), given, fileName, size, actor, clock.instant(), path);
        return queue(job, plan, file, false, current.uploadLimits().withoutDataLimit(), current, place);
    }

    @Override
    public ImportJob retry(UUID id, Actor actor) {
        Access.requireAdminOrManager(actor, "retry imports");
        ImportJob failed = jobs.find(id).orElseThrow(() -> new NotFoundException("No import has id '" + id + "'"));
        if (!actor.isAdmin() && !actor.name().equals(failed.submittedBy)) {
            throw new AccessDeniedException("Only " + failed.submittedBy + ", who submitted import " + id
                    + ", or an admin may retry it");
        }
        if (failed.status != ImportStatus.FAILED) {
            throw new ConflictException("Import " + id + " is " + failed.status + "; only a FAILED import can be "
                    + "retried" + (failed.status == ImportStatus.ABORTED ? " (an ABORTED one was refused for its "
                    + "content: correct the file and upload it again)" : ""));
        }
        ImportSettings current = settings;
        boolean spooled = failed.serverFile == null;
        Path file = spooled ? new UploadSpool(current.workDirectory()).fileOf(id) : Path.of(failed.serverFile);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConflictException(spooled ? uploadGone(failed, current) : "Import " + id + " read "
                    + failed.serverFile + " on the server, which is no longer there; import the file again");
        }
        ImportPlan plan = ImportPlan.of(failed.request == null ? new ImportRequest() : failed.request, current);
        FairJobRunner<ImportTask>.Reservation place = reserve(failed.submittedBy);
        Optional<ImportJob> requeued;
        try {
            requeued = jobs.retry(id, node);
        } catch (RuntimeException e) {
            place.cancel();
            throw e;
        }
        if (requeued.isEmpty()) {
            place.cancel();
            throw new ConflictException("Import " + id + " is no longer FAILED: someone retried it just now");
        }
        LOG.info("Import {} of {} retried by {} (attempt {})", id, failed.fileName, actor.name(),
                requeued.get().attempts);
        ReadLimits limits = spooled ? current.uploadLimits() : current.uploadLimits().withoutDataLimit();
        return start(requeued.get(), plan, file, spooled, limits, current, place);
    }

    /** Why a FAILED upload cannot be retried here. */
    private String uploadGone(ImportJob failed, ImportSettings current) {
        if (failed.node != null && !failed.node.equals(node)) {
            return "The upload of import " + failed.id + " is kept on the node that ran it, " + failed.node
                    + ", not on this one (" + node + "): retry it there, or upload the file again";
        }
        return "The upload of import " + failed.id + " is no longer kept (uploads of failed imports are kept "
                + current.keepFailedUploads().toHours() + " hours): upload the file again";
    }

    /**
     * Holds a place in the owner's share of the runner.
     *
     * @throws TooManyRequestsException the owner has as many imports running and waiting as allowed
     */
    private FairJobRunner<ImportTask>.Reservation reserve(String owner) {
        try {
            return runner.reserve(owner);
        } catch (FairJobRunner.LimitReached e) {
            throw new TooManyRequestsException(owner + " has " + e.running() + " import(s) running and "
                    + e.waiting() + " waiting, as many as allowed (maxRunningImportsPerUser " + e.limits().running()
                    + ", maxQueuedImportsPerUser " + e.limits().waiting() + "); submit this one when one of them "
                    + "has finished", RETRY_AFTER_SECONDS);
        } catch (RejectedExecutionException stopping) {
            throw new ConflictException("Winback is stopping; submit the import again once it is back");
        }
    }

    /**
     * Stores the new job and hands it to the runner in the place held for it; an upload's file is removed if the
     * job cannot be stored.
     */
    private ImportJob queue(ImportJob submitted, ImportPlan plan, Path file, boolean spooled, ReadLimits limits,
            ImportSettings current, FairJobRunner<ImportTask>.Reservation place) {
        try {
            jobs.insert(submitted);
        } catch (RuntimeException e) {
            place.cancel();
            if (spooled) {
                UploadSpool.delete(file);
            }
            throw e;
        }
        return start(submitted, plan, file, spooled, limits, current, place);
    }

    /**
     * Gives the stored job to the runner. The runner gets its own copy of the job, read back from the store, so the
     * caller's copy is not changed under it while it is sent back to the client.
     */
    private ImportJob start(ImportJob stored, ImportPlan plan, Path file, boolean spooled, ReadLimits limits,
            ImportSettings current, FairJobRunner<ImportTask>.Reservation place) {
        ImportJob own;
        try {
            own = jobs.find(stored.id).orElseThrow(() -> new IllegalStateException("import " + stored.id
                    + " vanished as it was queued"));
        } catch (RuntimeException e) {
            place.cancel();
            throw e;
        }
        ImportTask task = new ImportTask(own, plan, file, spooled, limits, current.batchSize(), jobs, purchases,
                clock, this::sweepQuietly);
        try {
            place.submit(task);
        } catch (RejectedExecutionException stopping) {
            task.abandon();
            return jobs.find(stored.id).orElse(stored);
        }
        return stored;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Cannot sweep the import work directory: {}", e.getMessage());
        }
    }

    private ImportJob queued(UUID id, ImportRequest request, String fileName, long size, Actor actor,
            Instant submittedAt, String serverFile) {
        ImportJob job = new ImportJob();
        job.id = id;
        job.status = ImportStatus.QUEUED;
        job.fileName = fileName;
        job.format = request.format == null ? ImportFormat.CSV : request.format;
        job.request = request;
        job.submittedBy = actor.name();
        job.submittedAt = submittedAt;
        job.node = node;
        job.attempts = 1;
        job.serverFile = serverFile;
        job.bytesTotal = size;
        job.errors = List.of();
        return job;
    }

    /**
     * The name shown on the job: the client's, or else {@code otherwise} (a long path keeps its end, where the
     * file's own name is).
     */
    private static String fileName(String given, String otherwise) {
        if (given == null || given.isBlank()) {
            return otherwise.length() <= MAX_FILE_NAME ? otherwise
                    : "..." + otherwise.substring(otherwise.length() - MAX_FILE_NAME + 3);
        }
        if (given.strip().length() > MAX_FILE_NAME) {
            throw new InvalidInputException("fileName", "must be at most " + MAX_FILE_NAME + " characters");
        }
        return given.strip();
    }

    @Override
    public Optional<ImportJob> get(UUID id, Actor actor) {
        Access.requireAdminOrManager(actor, "see imports");
        // another user's import is someone else's data: like a job that does not exist, unless you are an admin
        return jobs.find(id).filter(job -> actor.isAdmin() || actor.name().equals(job.submittedBy));
    }

    @Override
    public Page<ImportJob> list(int page, int size, Actor actor) {
        Access.requireAdminOrManager(actor, "see imports");
        FieldProblems.checkPage(page, size);
        return jobs.list(page, size, actor.isAdmin() ? null : actor.name());
    }
}
