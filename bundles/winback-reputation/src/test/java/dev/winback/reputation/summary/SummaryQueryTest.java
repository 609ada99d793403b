package dev.winback.reputation.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's parameters: defaults, and a 400 naming each parameter that is wrong. */
class SummaryQueryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T23:30:00Z"), ZoneOffset.UTC);

    private static SummaryQuery parse(String from, String to, String unhappy, String happy) {
        return SummaryQuery.parse(from, to, null, null, unhappy, happy, CLOCK);
    }

    private static InvalidInputException refused(String from, String to, String unhappy, String happy) {
        return assertThrows(InvalidInputException.class, () -> parse(from, to, unhappy, happy));
    }

    private static void assertNames(InvalidInputException e, String... fields) {
        assertEquals(List.of(fields), e.problems().stream().map(InvalidInputException.FieldProblem::field).toList(),
                e.getMessage());
    }

    @Test
    void theDefaultWindowIsTheYearUpToTodayInUtc() {
        SummaryQuery q = parse(null, null, null, null);
        assertEquals(LocalDate.of(2026, 4, 1), q.to);
        // 2026-04-01 − 364 days: 365 days with both ends.
        assertEquals(LocalDate.of(2025, 4, 2), q.from);
        assertNull(q.unhappyTells);
        assertEquals(LocalDate.of(2026, 2, 28), parse(null, "2027-02-27", null, null).from);
    }

    @Test
    void filtersAreCaseInsensitiveAndMultipliersMayHaveFractions() {
        SummaryQuery q = SummaryQuery.parse("2026-01-01", "2026-01-31", " Enterprise ", "SURPRISE24", "7.5", "0",
                CLOCK);
        assertEquals("enterprise", q.segment);
        assertEquals("surprise24", q.strategy);
        assertEquals(7.5, q.unhappyTells);
        assertEquals(0.0, q.happyTells);
    }

    @Test
    void badDatesNameTheirParameter() {
        InvalidInputException e = refused("2026-13-01", "tomorrow", null, null);
        assertNames(e, "to", "from");
        assertTrue(e.getMessage().contains("must be an ISO date"), e.getMessage());
    }

    @Test
    void fromAfterToIsRefused() {
        InvalidInputException e = refused("2026-03-02", "2026-03-01", null, null);
        assertNames(e, "from");
        assertTrue(e.getMessage().contains("must not be after to"), e.getMessage());
        // Only from, after today's default to.
        assertNames(refused("2026-05-01", null, null, null), "from");
    }

    @Test
    void aWindowLongerThanTenYearsIsRefused() {
        assertEquals(LocalDate.of(2016, 3, 31), parse("2016-03-31", "2026-03-31", null, null).from);
        InvalidInputException e = refused("2016-03-30", "2026-03-31", null, null);
        assertNames(e, "from");
        assertTrue(e.getMessage().contains("at most 10 years"), e.getMessage());
    }

    @Test
    void multipliersMustBeNumbersFromZeroToAThousand() {
        assertNames(refused(null, null, "-1", null), "unhappyTells");
        assertNames(refused(null, null, null, "lots"), "happyTells");
        assertNames(refused(null, null, "1000.5", "NaN"), "unhappyTells", "happyTells");
        assertNames(refused(null, null, "Infinity", null), "unhappyTells");
        assertEquals(1000.0, parse(null, null, "1000", null).unhappyTells);
    }
}
