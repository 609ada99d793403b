package dev.winback.detect.imports;

import java.nio.file.Path;

/**
 * The admin's settings for imports ({@code dev.winback.detect.imports}), checked: where uploads wait for their
 * job, the error budget a request gets when it names none, the source of customers when neither the file nor the
 * request names one, and how many purchases go to the staging area per database round trip.
 */
public record ImportSettings(Path workDirectory, ErrorBudget budget, String defaultSource, int batchSize) {
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
        return new ImportSettings(workDirectory(config.workDirectory()), budget, config.defaultSource(),
                config.batchSize());
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
