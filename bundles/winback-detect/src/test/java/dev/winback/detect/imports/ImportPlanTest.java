package dev.winback.detect.imports;

import static dev.winback.detect.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportRequest;
import dev.winback.detect.Configs;
import dev.winback.detect.model.CdnowSample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImportPlanTest {
    private static final ImportSettings SETTINGS =
            ImportSettings.from(Configs.defaults(TransactionImports.Config.class));

    private static ImportPlan plan(Consumer<ImportRequest> options) {
        ImportRequest request = new ImportRequest();
        options.accept(request);
        return ImportPlan.of(request, SETTINGS);
    }

    private static void refused(String field, Consumer<ImportRequest> options) {
        assertProblem(field, () -> plan(options));
    }

    @Test
    void anEmptyRequestReadsTheDefaultCsvWithTheAdminsBudget() {
        ImportPlan plan = ImportPlan.of(null, SETTINGS);
        TransactionFormat f = plan.format();
        assertEquals(TransactionFormat.Layout.CSV, f.layout());
        assertEquals(',', f.delimiter());
        assertNull(f.columnNames());
        assertEquals("externalId", f.externalIdColumn());
        assertEquals("date", f.dateColumn());
        assertEquals("amount", f.amountColumn());
        assertEquals(TransactionFormat.ISO, f.datePattern());
        assertEquals('.', f.decimalSeparator());
        assertFalse(f.negativeAmounts(), "refunds only when the request asks for them");
        assertEquals("import", f.fixedSource(), "the admin's default source");
        assertEquals(new ErrorBudget(100, 10, 100, 1000), plan.budget());
    }

    @Test
    void theCdnowRequestReadsAsTheCdnowFormat() {
        ImportPlan plan = ImportPlan.of(CdnowSample.importRequest(), SETTINGS);
        assertEquals(TransactionFormat.cdnow().withNegativeAmounts(false).toString(), plan.format().toString());
    }

    @Test
    void takesEveryOptionGiven() {
        ImportPlan plan = plan(r -> {
            r.delimiter = ";";
            r.decimalSeparator = ",";
            r.externalIdColumn = " kunde ";
            r.sourceColumn = "system";
            r.transactionIdColumn = "beleg";
            r.datePattern = "dd.MM.yyyy";
            r.negativeAmounts = true;
            r.maxErrors = 0L;
            r.maxErrorPercent = 0.5;
        });
        TransactionFormat f = plan.format();
        assertEquals(';', f.delimiter());
        assertEquals(',', f.decimalSeparator());
        assertEquals("kunde", f.externalIdColumn());
        assertEquals("system", f.sourceColumn());
        assertEquals("beleg", f.transactionIdColumn());
        assertEquals("dd.MM.yyyy", f.datePattern());
        assertTrue(f.negativeAmounts());
        assertEquals(new ErrorBudget(0, 0.5, 100, 1000), plan.budget());
    }

    @Test
    void acceptsDateTimePatternsOfWhichTheDateIsTaken() {
        assertEquals("yyyy-MM-dd HH:mm:ss", plan(r -> r.datePattern = "yyyy-MM-dd HH:mm:ss").format().datePattern());
        assertEquals(TransactionFormat.ISO, plan(r -> r.datePattern = "ISO").format().datePattern());
    }

    @Test
    void theDelimiterIsExactlyOneCharacterOfACsvFile() {
        refused("delimiter", r -> r.delimiter = "");
        refused("delimiter", r -> r.delimiter = ";;");
        // Refused by TransactionFormat itself: its IllegalArgumentException names no field.
        refused("delimiter", r -> r.delimiter = "\"");
        refused("delimiter", r -> r.delimiter = "\n");
        refused("delimiter", r -> {
            r.format = ImportFormat.WHITESPACE;
            r.delimiter = ";";
        });
        assertEquals('\t', plan(r -> r.delimiter = "\t").format().delimiter());
    }

    @Test
    void theDecimalSeparatorIsADotOrACommaThatIsNotTheDelimiter() {
        refused("decimalSeparator", r -> r.decimalSeparator = ";");
        refused("decimalSeparator", r -> r.decimalSeparator = "..");
        refused("decimalSeparator", r -> r.decimalSeparator = ",");
        assertEquals(',', plan(r -> {
            r.format = ImportFormat.WHITESPACE;
            r.decimalSeparator = ",";
        }).format().decimalSeparator());
    }

    @Test
    void theDatePatternMustBeValidAndGiveAWholeDate() {
        refused("datePattern", r -> r.datePattern = "yyyy-MM-dd{");
        refused("datePattern", r -> r.datePattern = "bogus pattern");
        refused("datePattern", r -> r.datePattern = "MM/dd");
        refused("datePattern", r -> r.datePattern = "HH:mm");
        InvalidInputException weekYear = assertProblem("datePattern", () -> plan(r -> r.datePattern = "YYYY-MM-dd"));
        assertTrue(weekYear.getMessage().contains("'yyyy' is the year"), weekYear.getMessage());
        refused("datePattern", r -> r.datePattern = " ");
    }

    @Test
    void theErrorBudgetMustBeInRange() {
        refused("maxErrors", r -> r.maxErrors = -1L);
        refused("maxErrorPercent", r -> r.maxErrorPercent = -0.1);
        refused("maxErrorPercent", r -> r.maxErrorPercent = 100.1);
        refused("maxErrorPercent", r -> r.maxErrorPercent = Double.NaN);
        assertEquals(100.0, plan(r -> r.maxErrorPercent = 100.0).budget().maxErrorPercent());
    }

    @Test
    void columnNamesAreForFilesWithoutHeaderAndMustHoldTheMappedColumns() {
        refused("columnNames", r -> {
            r.format = ImportFormat.JSON_LINES;
            r.columnNames = List.of("externalId", "date", "amount");
        });
        refused("columnNames", r -> r.columnNames = List.of());
        refused("columnNames[1]", r -> r.columnNames = Arrays.asList("externalId", " ", "date", "amount"));
        refused("columnNames[1]", r -> r.columnNames = Arrays.asList("externalId", null, "date", "amount"));
        refused("columnNames[3]", r -> r.columnNames = List.of("externalId", "date", "amount", "Amount"));
        refused("amountColumn", r -> r.columnNames = List.of("externalId", "date", "value"));
        refused("sourceColumn", r -> {
            r.columnNames = List.of("externalId", "date", "amount");
            r.sourceColumn = "system";
        });
        assertEquals(List.of("externalId", "date", "amount"),
                plan(r -> r.columnNames = List.of(" externalId", "date ", "amount")).format().columnNames());
    }

    @Test
    void mappedColumnsMustBeNamedAndDistinct() {
        refused("externalIdColumn", r -> r.externalIdColumn = " ");
        refused("dateColumn", r -> r.dateColumn = "");
        refused("amountColumn", r -> r.amountColumn = "x".repeat(ImportPlan.MAX_COLUMN_NAME + 1));
        refused("sourceColumn", r -> r.sourceColumn = "");
        refused("amountColumn", r -> r.amountColumn = "DATE");
        refused("transactionIdColumn", r -> r.transactionIdColumn = "externalId");
    }

    @Test
    void theSourceFitsTheCustomersSourceColumn() {
        refused("source", r -> r.source = "s".repeat(TransactionReader.MAX_SOURCE + 1));
        refused("source", r -> r.source = "  ");
        assertEquals("shop", plan(r -> r.source = " shop ").format().fixedSource());
    }

    @Test
    void reportsEveryBadOptionAtOnce() {
        InvalidInputException e = assertProblem("delimiter", () -> plan(r -> {
            r.delimiter = "ab";
            r.decimalSeparator = "x";
            r.datePattern = "MM";
            r.maxErrors = -5L;
        }));
        assertEquals(List.of("delimiter", "decimalSeparator", "datePattern", "maxErrors"),
                e.problems().stream().map(FieldProblem::field).collect(Collectors.toList()));
    }

    @Test
    void theAdminsSettingsAreChecked() {
        ImportSettings settings = ImportSettings.from(Configs.of(TransactionImports.Config.class,
                Map.of("maxErrors", 5L, "defaultSource", " erp ", "batchSize", 10)));
        assertEquals(5, settings.budget().maxErrors());
        assertEquals("erp", settings.defaultSource());
        assertEquals(10, settings.batchSize());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("maxErrors", -1L),
                Map.of("maxErrorPercent", 120.0), Map.of("keptErrors", -1), Map.of("batchSize", 0),
                Map.of("defaultSource", ""))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> ImportSettings.from(Configs.of(TransactionImports.Config.class, bad)), bad.toString());
            String setting = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(setting), e.getMessage());
        }
    }

    @Test
    void theWorkDirectoryDefaultsToKarafsDataDirectory() {
        assertEquals(java.nio.file.Path.of("/srv/imports"), ImportSettings.workDirectory(" /srv/imports "));
        String before = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(java.nio.file.Path.of("/opt/karaf/data/winback/imports"), ImportSettings.workDirectory(""));
            System.clearProperty("karaf.data");
            assertEquals(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "winback-imports"),
                    ImportSettings.workDirectory(null));
        } finally {
            if (before != null) {
                System.setProperty("karaf.data", before);
            }
        }
    }
}
