package dev.winback.detect.imports;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.detect.TransactionImportService;
import dev.winback.api.dto.Page;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.PurchaseStore;
import dev.winback.detect.Access;
import dev.winback.detect.FieldProblems;
import dev.winback.detect.JobRunner;
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
import java.util.function.Supplier;
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
 * Imports purchase history as background jobs, one at a time: an upload is copied to the work directory and the
 * request returns with the job QUEUED; the job reads the file into the store's staging area and publishes it in
 * one transaction, so an aborted or failed job leaves no purchase behind and a repeated import adds nothing.
 *
 * <p>Jobs run in this JVM only. A restart ends the running job, so on activation every job still QUEUED or
 * RUNNING is marked FAILED and every staging area is emptied. With several Karaf nodes on one database that would
 * also end another node's job: imports belong on one node (the one the admin's REST calls or shell reach).
 */
@Component(service = TransactionImportService.class, immediate = true,
        configurationPid = "dev.winback.detect.imports")
@Designate(ocd = TransactionImports.Config.class)
public class TransactionImports implements TransactionImportService {
    static final String INTERRUPTED = "interrupted: Winback (or its winback-detect feature) stopped while this ran; "
            + "nothing of it was stored: import the file again";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionImports.class);
    private static final int MAX_FILE_NAME = 255;

    @ObjectClassDefinition(name = "Winback transaction imports",
            description = "Where uploaded purchase files wait, and how many bad rows an import tolerates when the "
                    + "request does not say")
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
    }

    private final ImportJobStore jobs;
    private final PurchaseStore purchases;
    private final Clock clock;
    private final JobRunner runner;
    private volatile ImportSettings settings;

    @Activate
    public TransactionImports(@Reference ImportJobStore jobs, @Reference PurchaseStore purchases, Config config) {
        this(jobs, purchases, ImportSettings.from(config), Clock.systemUTC());
    }

    TransactionImports(ImportJobStore jobs, PurchaseStore purchases, ImportSettings settings, Clock clock) {
        this.jobs = jobs;
        this.purchases = purchases;
        this.settings = settings;
        this.clock = clock;
        this.runner = new JobRunner("winback-import");
        recoverFromRestart();
    }

    /** Ends what a previous run of Winback left unfinished: its jobs cannot resume, their staging is garbage. */
    private void recoverFromRestart() {
        int failed = jobs.failUnfinished(INTERRUPTED, clock.instant());
        long discarded = purchases.discardAllExcept(List.of());
        int files = new UploadSpool(settings.workDirectory()).clearLeftovers();
        if (failed > 0 || discarded > 0 || files > 0) {
            LOG.info("Ended {} unfinished import(s), discarded {} staged purchase(s) and {} upload(s) left by a "
                    + "restart", failed, discarded, files);
        }
    }

    @Modified
    void configure(Config config) {
        // No restart on a new setting: a running import keeps going with the settings it started with.
        settings = ImportSettings.from(config);
    }

    /**
     * Stops the runner: queued jobs are failed now; the running one is interrupted and records that it failed (or,
     * if it cannot, is failed on the next start).
     */
    @Deactivate
    public void stop() {
        for (Runnable queued : runner.stop()) {
            ((ImportTask) queued).abandon();
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
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Path file = new UploadSpool(current.workDirectory()).write(id, body);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            UploadSpool.delete(file);
            throw e;
        }
        return queue(() -> queued(id, given, fileName, size, actor, now), plan, file, true, current);
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
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot read the size of '" + file + "': " + e.getMessage());
        }
        String fileName = fileName(given.fileName, file.toString());
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return queue(() -> queued(id, given, fileName, size, actor, now), plan, file, false, current);
    }

    /**
     * Stores the job and hands it to the runner. The runner gets its own copy of the job, so the caller's copy is
     * not changed under it while it is sent back to the client.
     */
    private ImportJob queue(Supplier<ImportJob> job, ImportPlan plan, Path file, boolean spooled,
            ImportSettings current) {
        ImportJob submitted = job.get();
        try {
            jobs.insert(submitted);
        } catch (RuntimeException e) {
            if (spooled) {
                UploadSpool.delete(file);
            }
            throw e;
        }
        ImportTask task = new ImportTask(job.get(), plan, file, spooled, current.batchSize(), jobs, purchases,
                clock);
        try {
            runner.execute(task);
        } catch (RejectedExecutionException stopping) {
            task.abandon();
            return jobs.find(submitted.id).orElse(submitted);
        }
        return submitted;
    }

    private static ImportJob queued(UUID id, ImportRequest request, String fileName, long size, Actor actor,
            Instant submittedAt) {
        ImportJob job = new ImportJob();
        job.id = id;
        job.status = ImportStatus.QUEUED;
        job.fileName = fileName;
        job.format = request.format == null ? ImportFormat.CSV : request.format;
        job.request = request;
        job.submittedBy = actor.name();
        job.submittedAt = submittedAt;
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
        return jobs.find(id);
    }

    @Override
    public Page<ImportJob> list(int page, int size, Actor actor) {
        Access.requireAdminOrManager(actor, "see imports");
        FieldProblems.checkPage(page, size);
        return jobs.list(page, size);
    }
}
