package dev.winback.benchmarks.detect;

import dev.winback.detect.model.Purchase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Reads the CDNOW sample the way the model's acceptance test does (CdnowSample in winback-detect's tests). */
final class CdnowPurchases {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static final String SHARED = "shared/data/cdnow/CDNOW_sample.txt";

    private CdnowPurchases() {
    }

    /**
     * The given file, or if blank the first {@code shared/data/cdnow/CDNOW_sample.txt} found from the working
     * directory upwards (from the project root, that is {@code ../shared/data/cdnow/CDNOW_sample.txt}).
     */
    static Path locate(String given) {
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHARED);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The CDNOW sample is missing: no " + SHARED + " in " + start
                + " or above it; pass its location with -p cdnowFile=/path/to/CDNOW_sample.txt");
    }

    static List<Purchase> read(Path file) {
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        List<Purchase> purchases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                // master id, sample id, yyyymmdd, CDs, dollars
                String[] f = trimmed.split("\\s+");
                purchases.add(new Purchase(f[1], LocalDate.parse(f[2], yyyymmdd), Double.parseDouble(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CDNOW sample at " + file, e);
        }
        return purchases;
    }
}
