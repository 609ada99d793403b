package dev.winback.api.bounty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RuleParamsTest {

    private static RuleParams params(Map<String, ?> values) {
        return new RuleParams("rules[0].params", values);
    }

    /** The one problem the call reports, as {@code field: message}. */
    private static String problem(Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals(1, e.problems().size());
        return e.problems().get(0).toString();
    }

    @Test
    void numbersComeAsTheDecimalsAPlanAuthorWrote() {
        RuleParams p = params(Map.of("int", 2, "long", 3L, "double", 0.05, "decimal", new BigDecimal("0.125")));

        assertEquals(new BigDecimal("2"), p.decimal("int"));
        assertEquals(new BigDecimal("3"), p.decimal("long"));
        // 0.05, not the double's 0.05000000000000000277...
        assertEquals(new BigDecimal("0.05"), p.decimal("double"));
        assertEquals(new BigDecimal("0.125"), p.decimal("decimal"));
    }

    @Test
    void aRequiredNumberThatIsMissingOrNullIsNamed() {
        Map<String, Object> values = new HashMap<>();
        values.put("baseRate", null);
        RuleParams p = params(values);

        assertFalse(p.has("baseRate"));
        assertEquals("rules[0].params.baseRate: is required", problem(() -> p.decimal("baseRate")));
        assertNull(p.decimal("baseRate", null));
        assertEquals(BigDecimal.TEN, p.decimal("baseRate", BigDecimal.TEN));
    }

    @Test
    void aNumberOfTheWrongTypeIsNamedWithWhatWasGiven() {
        RuleParams p = params(Map.of("baseRate", "five", "multiplier", true, "share", Double.NaN));

        assertEquals("rules[0].params.baseRate: must be a number, was \"five\"", problem(() -> p.decimal("baseRate")));
        assertEquals("rules[0].params.multiplier: must be a number, was true", problem(() -> p.decimal("multiplier")));
        assertEquals("rules[0].params.share: must be a finite number", problem(() -> p.decimal("share")));
    }

    @Test
    void aNumberOutOfRangeSaysTheRange() {
        RuleParams p = params(Map.of("baseRate", 1.5, "maxAmount", -1, "multiplier", 11));

        assertEquals("rules[0].params.baseRate: must be from 0 to 1, was 1.5",
                problem(() -> p.decimal("baseRate", null, BigDecimal.ZERO, BigDecimal.ONE)));
        assertEquals("rules[0].params.maxAmount: must be at least 0, was -1",
                problem(() -> p.decimal("maxAmount", null, BigDecimal.ZERO, null)));
        assertEquals("rules[0].params.multiplier: must be at most 10, was 11",
                problem(() -> p.decimal("multiplier", null, null, BigDecimal.TEN)));
        // The bounds themselves are in range, and so is a fallback
        assertEquals(BigDecimal.ONE, params(Map.of("baseRate", 1)).decimal("baseRate", null, BigDecimal.ZERO,
                BigDecimal.ONE));
        assertEquals(BigDecimal.ONE, p.decimal("absent", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE));
    }

    @Test
    void integersAreWholeAndInRange() {
        RuleParams p = params(Map.of("after", 3, "half", 2.5, "zero", 0, "text", "3", "wholeDouble", 4.0));

        assertEquals(3, p.integer("after", 1, 1, 100));
        assertEquals(4, p.integer("wholeDouble", 1, 1, 100));
        assertEquals(7, p.integer("absent", 7, 1, 100));
        assertEquals("rules[0].params.half: must be a whole number, was 2.5", problem(() -> p.integer("half", 1, 1,
                100)));
        assertEquals("rules[0].params.zero: must be from 1 to 100, was 0", problem(() -> p.integer("zero", 1, 1,
                100)));
        assertEquals("rules[0].params.text: must be a number, was \"3\"", problem(() -> p.integer("text", 1, 1,
                100)));
    }

    @Test
    void textAndChoice() {
        RuleParams p = params(Map.of("period", " quarter ", "bad", "WEEK", "number", 3));

        assertEquals(BountyPeriod.QUARTER, p.choice("period", BountyPeriod.class, BountyPeriod.MONTH));
        assertEquals(BountyPeriod.MONTH, p.choice("absent", BountyPeriod.class, BountyPeriod.MONTH));
        assertEquals("rules[0].params.bad: must be one of [MONTH, QUARTER, YEAR], was \"WEEK\"",
                problem(() -> p.choice("bad", BountyPeriod.class, BountyPeriod.MONTH)));
        assertEquals("rules[0].params.number: must be a text, was 3", problem(() -> p.text("number", null)));
        assertEquals("fallback", p.text("absent", "fallback"));
    }

    @Test
    void anObjectOfNumbersKeepsItsKeysAndNamesTheBadEntry() {
        Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("HOSTILE", 500);
        amounts.put("LAPSED", 99.5);
        RuleParams p = params(Map.of("amounts", amounts));

        assertEquals(Map.of("HOSTILE", new BigDecimal("500"), "LAPSED", new BigDecimal("99.5")), p.decimals("amounts"));
        assertEquals(Map.of(), p.decimals("absent"));

        Map<String, Object> withNull = new HashMap<>();
        withNull.put("HOSTILE", null);
        assertEquals("rules[0].params.amounts.HOSTILE: must be a number",
                problem(() -> params(Map.of("amounts", withNull)).decimals("amounts")));
        assertEquals("rules[0].params.amounts.LAPSED: must be a number, was \"a lot\"",
                problem(() -> params(Map.of("amounts", Map.of("LAPSED", "a lot"))).decimals("amounts")));
        assertEquals("rules[0].params.amounts: must be an object of numbers, was 500",
                problem(() -> params(Map.of("amounts", 500)).decimals("amounts")));
    }

    @Test
    void allowOnlyRefusesAMisspeltParameterAndListsTheKnownOnes() {
        RuleParams p = params(Map.of("baseRtae", 0.05, "multiplier", 2, "zeta", 1));

        p.allowOnly("multiplier", "baseRtae", "zeta");
        assertEquals("rules[0].params: unknown parameter(s) [baseRtae, zeta]; this rule takes multiplier, baseRate",
                problem(() -> p.allowOnly("multiplier", "baseRate")));
        params(null).allowOnly();
    }

    @Test
    void problemNamesTheParameterUnderThePath() {
        RuleParams p = params(Map.of());

        InvalidInputException e = p.problem("amounts", "HOSTILE must pay most");

        assertEquals("rules[0].params.amounts", e.problems().get(0).field());
        assertEquals("HOSTILE must pay most", e.problems().get(0).message());
        assertEquals("rules[0].params", p.path());
        assertTrue(p.values().isEmpty());
    }

    @Test
    void aNumberNoPlanCanMeanIsRefusedBeforeItIsPrintedOrComputedWith() {
        // 1e999999999 would take a billion characters to print and gigabytes to round
        RuleParams huge = params(Map.of("multiplier", new BigDecimal("1e999999999")));
        assertEquals("rules[0].params.multiplier: must be below 1,000,000,000,000,000",
                problem(() -> huge.decimal("multiplier")));
        RuleParams tiny = params(Map.of("baseRate", new BigDecimal("1e-999999999")));
        assertEquals("rules[0].params.baseRate: must have at most 10 decimal places",
                problem(() -> tiny.decimal("baseRate")));
        assertEquals(new BigDecimal("999999999999999"), params(Map.of("x", new BigDecimal("999999999999999")))
                .decimal("x"));
        // JSON integers arrive as Long: the same bound
        RuleParams whole = params(Map.of("HOSTILE", 100000000000000000L));
        assertEquals("rules[0].params.HOSTILE: must be below 1,000,000,000,000,000",
                problem(() -> whole.decimal("HOSTILE")));
    }
}
