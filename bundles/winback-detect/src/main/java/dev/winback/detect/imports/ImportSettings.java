package dev.winback.detect.imports;

import dev.winback.detect.FairJobRunner;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The admin's settings for imports ({@code dev.winback.detect.imports}), checked: where uploads wait for their
 * job, the error budget a request gets when it names none, the source of customers when neither the file nor the
 * request names one, how many purchases go to the staging area per database round trip, what one upload may cost
 * to read, how many imports a user may have running and waiting, how many run at once on this node, and how long
 * the upload of a failed import is kept for a retry.
 *
 * @param uploadLimits      the data and record limits of uploads; a file named on the server has the record limit
 *                          only
 * @param perUser           imports one user may have running, and waiting besides
 * @param threads           imports running at once on this node, whoever submitted them
 * @param keepFailedUploads how long the upload of a FAILED import is kept for a retry
 */
public record ImportSettings(Path workDirectory, ErrorBudget budget, String defaultSource, int batchSize,
        ReadLimits uploadLimits, FairJobRunner.Limits perUser, int threads, Duration keepFailedUploads) {
    static final long DEFAULT_MAX_DECOMPRESSED_MEGABYTES = 1024;
    static final ReadLimits DEFAULT_UPLOAD_LIMITS =
            new ReadLimits(DEFAULT_MAX_DECOMPRESSED_MEGABYTES << 20, ReadLimits.DEFAULT_MAX_LINE_CHARACTERS);
    static final FairJobRunner.Limits DEFAULT_PER_USER = new FairJobRunner.Limits(1, 3);
    static final int DEFAULT_THREADS = 2;
    static final Duration DEFAULT_KEEP_FAILED_UPLOADS = Duration.ofHours(24);
    /** A larger pool would only make the imports wait for the database and each other. */
    static final int MAX_THREADS = 16;

    public ImportSettings {
        int max = TransactionReader.MAX_SOURCE;
        if (defaultSource == null || defaultSource.isBlank() || defaultSource.strip().length() > max) {
            throw new IllegalArgumentException("defaultSource must be 1 to " + max + " characters, was '"
                    + defaultSource + "'");
        }
        defaultSource = defaultSource.strip();
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("importThreads must be 1 to " + MAX_THREADS + ", was " + threads);
        }
        if (keepFailedUploads.isNegative()) {
            throw new IllegalArgumentException("keepFailedUploadsHours must be 0 or more, was "
                    + keepFailedUploads.toHours());
        }
    }

    /** The defaults for everything but the four settings every import needs (tests, tools). */
    public ImportSettings(Path workDirectory, ErrorBudget budget, String defaultSource, int batchSize) {
        this(workDirectory, budget, defaultSource, batchSize, DEFAULT_UPLOAD_LIMITS, DEFAULT_PER_USER,
                DEFAULT_THREADS, DEFAULT_KEEP_FAILED_UPLOADS);
    }

    /** These settings with other limits and pool (tests). */
    ImportSettings with(ReadLimits limits, FairJobRunner.Limits users, int poolThreads) {
        return new ImportSettings(workDirectory, budget, defaultSource, batchSize, limits, users, poolThreads,
                keepFailedUploads);
    }

    /** @throws IllegalArgumentException naming the setting that is out of range */
    static ImportSettings from(TransactionImports.Config config) {
        ErrorBudget budget;
        try {
            budget = new ErrorBudget(config.maxErrors(), config.maxErrorPercent(), config.minRowsForRatio(),
                    config.keptErrors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maxErrors, minRowsForRatio and keptErrors must be 0 or more, "
                    + "maxErrorPercent 0 to 100: " + e.getMessage(), e);
        }
        long megabytes = config.maxDecompressedMegabytes();
        if (megabytes < 1 || megabytes > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("maxDecompressedMegabytes must be at least 1, was " + megabytes);
        }
        if (config.maxLineCharacters() < 1) {
            throw new IllegalArgumentException("maxLineCharacters must be at least 1, was "
                    + config.maxLineCharacters());
        }
        FairJobRunner.Limits perUser;
        try {
            perUser = new FairJobRunner.Limits(config.maxRunningImportsPerUser(), config.maxQueuedImportsPerUser());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maxRunningImportsPerUser must be at least 1 and "
                    + "maxQueuedImportsPerUser 0 or more, were " + config.maxRunningImportsPerUser() + " and "
                    + config.maxQueuedImportsPerUser(), e);
        }
        if (config.keepFailedUploadsHours() < 0 || config.keepFailedUploadsHours() > 100 * 365 * 24) {
            throw new IllegalArgumentException("keepFailedUploadsHours must be 0 or more, was "
                    + config.keepFailedUploadsHours());
        }
        return new ImportSettings(workDirectory(config.workDirectory()), budget, config.defaultSource(),
                config.batchSize(), new ReadLimits(megabytes << 20, config.maxLineCharacters()), perUser,
                config.importThreads(), Duration.ofHours(config.keepFailedUploadsHours()));
    }

    /**
     * The configured directory, or by default {@code ${karaf.data}/winback/imports}: the data directory survives
     * restarts and is where Karaf keeps what it writes. Outside Karaf (tests, tools) the temporary directory.
     */
    static Path workDirectory(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "winback", "imports");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "winback-imports");
    }
}
