package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.fail;

import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDNOW sample of Fader, Hardie and Lee (2005), read from the shared data folder next to the project; it is
 * not copied into the repository.
 */
public final class CdnowSample {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

    private CdnowSample() {
    }

    /** How the shell imports the file: no header, whitespace-separated, the sample id is the customer. */
    public static ImportRequest importRequest() {
        ImportRequest request = new ImportRequest();
        request.format = ImportFormat.WHITESPACE;
        request.columnNames = List.of("masterId", "sampleId", "date", "cds", "dollars");
        request.externalIdColumn = "sampleId";
        request.amountColumn = "dollars";
        request.datePattern = "yyyyMMdd";
        request.source = "cdnow";
        return request;
    }

    public static Path location() {
        // Surefire runs in the module directory and says so in "basedir"; the project root is two levels up.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return module.getParent().getParent().resolve("../shared/data/cdnow/CDNOW_sample.txt").normalize();
    }

    static List<Purchase> purchases() {
        Path file = location();
        if (!Files.isRegularFile(file)) {
            fail("The CDNOW sample is missing: expected it at " + file
                    + " (shared/data/cdnow/CDNOW_sample.txt beside the project root);"
                    + " the model's acceptance test needs the real data.");
        }
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
            fail("cannot read the CDNOW sample at " + file, e);
        }
        return purchases;
    }
}
