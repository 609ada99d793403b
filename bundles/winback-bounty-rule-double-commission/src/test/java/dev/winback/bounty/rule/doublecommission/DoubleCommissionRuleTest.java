package dev.winback.bounty.rule.doublecommission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.InvalidInputException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoubleCommissionRuleTest {
    private final DoubleCommissionRule rule = new DoubleCommissionRule();

    /** A win-back closed by rep1 (found by rep2) with {@code revenue} won back. */
    private static WinBackFacts wonBack(String revenue, String currency) {
        WinBackFacts facts = new WinBackFacts();
        facts.closer = "rep1";
        facts.finder = "rep2";
        facts.revenue = revenue == null ? null : new BigDecimal(revenue);
        facts.revenueCurrency = currency;
        return facts;
    }

    private BountyCalculation apply(WinBackFacts facts, String planCurrency, Map<String, ?> params) {
        BountyCalculation calc = BountyCalculation.of(facts, planCurrency);
        calc.startRule(rule.name(), 0);
        rule.apply(calc, new RuleParams("rules[0].params", params));
        return calc;
    }

    private String problem(Map<String, ?> params) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[0].params", params)));
        return e.getMessage();
    }

    @Test
    void theCloserEarnsTheMultipliedCommission() {
        // 2 × 0.05 × 1000.00 = 100.00
        BountyCalculation calc = apply(wonBack("1000.00", "EUR"), "EUR", Map.of("multiplier", 2, "baseRate", 0.05));

        assertEquals(1, calc.lines().size());
        BountyLine line = calc.lines().get(0);
        assertEquals("rep1", line.rep());
        assertEquals("double-commission", line.rule());
        assertEquals(new BigDecimal("100.00"), line.amount());
        assertEquals(List.of("2 × 5% of 1000.00 EUR recovered revenue = 100.00 EUR"), line.steps());
        assertEquals(List.of("double-commission: rep1: 2 × 5% of 1000.00 EUR recovered revenue = 100.00 EUR"),
                calc.steps());
    }

    @Test
    void theMultiplierIsTwoUnlessThePlanSaysOtherwise() {
        // default 2 × 0.1 × 250.00 = 50.00; 1.5 × 0.1 × 250.00 = 37.50
        assertEquals(new BigDecimal("50.00"),
                apply(wonBack("250.00", "EUR"), "EUR", Map.of("baseRate", 0.1)).total());
        BountyCalculation calc = apply(wonBack("250.00", "EUR"), "EUR", Map.of("multiplier", 1.5, "baseRate", 0.1));
        assertEquals(new BigDecimal("37.50"), calc.total());
        assertEquals("1.5 × 10% of 250.00 EUR recovered revenue = 37.50 EUR", calc.lines().get(0).steps().get(0));
    }

    @ParameterizedTest
    @CsvSource({
        // 1 × 0.05 × 2.50 = 0.125: a tie, half-even goes to the even 0.12
        "2.50, 0.12",
        // 1 × 0.05 × 2.70 = 0.135: a tie, half-even goes to the even 0.14
        "2.70, 0.14",
        // 1 × 0.05 × 2.51 = 0.1255: above the tie, up to 0.13
        "2.51, 0.13",
    })
    void roundsHalfEvenToTheCent(String revenue, String expected) {
        BountyCalculation calc = apply(wonBack(revenue, "EUR"), "EUR", Map.of("multiplier", 1, "baseRate", 0.05));

        assertEquals(new BigDecimal(expected), calc.total());
    }

    @Test
    void yenHaveNoMinorUnit() {
        // 2 × 0.05 × 12345 = 1234.5: a tie, half-even goes to the even 1234
        BountyCalculation calc = apply(wonBack("12345", "JPY"), "JPY", Map.of("baseRate", 0.05));

        assertEquals(new BigDecimal("1234"), calc.total());
        assertEquals("2 × 5% of 12345 JPY recovered revenue = 1234 JPY", calc.lines().get(0).steps().get(0));
    }

    @Test
    void kuwaitiDinarsHaveThreeDecimals() {
        // 2 × 0.05 × 123.455 = 12.3455: a tie at the fils, half-even goes to the even 12.346
        BountyCalculation calc = apply(wonBack("123.455", "KWD"), "KWD", Map.of("baseRate", 0.05));

        assertEquals(new BigDecimal("12.346"), calc.total());
        assertEquals("2 × 5% of 123.455 KWD recovered revenue = 12.346 KWD", calc.lines().get(0).steps().get(0));
    }

    @Test
    void revenueInAnotherCurrencyEarnsNothingAndSaysWhy() {
        BountyCalculation calc = apply(wonBack("1000.00", "USD"), "EUR", Map.of("baseRate", 0.05));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("double-commission: the revenue won back is in USD and the plan pays in EUR: no "
                + "commission, as the rule does not convert currencies"), calc.steps());
    }

    @Test
    void noRevenueEarnsNothingAndSaysWhy() {
        for (WinBackFacts facts : List.of(wonBack("0.00", "EUR"), wonBack(null, null))) {
            BountyCalculation calc = apply(facts, "EUR", Map.of("baseRate", 0.05));

            assertEquals(List.of(), calc.lines());
            assertEquals(List.of("double-commission: no revenue was won back: no commission to multiply"),
                    calc.steps());
        }
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[0].params.baseRate: is required", problem(Map.of("multiplier", 2)));
        assertEquals("rules[0].params.baseRate: must be a number, was \"five percent\"",
                problem(Map.of("baseRate", "five percent")));
        assertEquals("rules[0].params.baseRate: must be a fraction more than 0 and at most 1 (write 5% as 0.05), "
                + "was 5", problem(Map.of("baseRate", 5)));
        assertEquals("rules[0].params.baseRate: must be a fraction more than 0 and at most 1 (write 5% as 0.05), "
                + "was 0", problem(Map.of("baseRate", 0)));
        assertEquals("rules[0].params.multiplier: must be more than 0 and at most 10, was 0",
                problem(Map.of("multiplier", 0, "baseRate", 0.05)));
        assertEquals("rules[0].params.multiplier: must be more than 0 and at most 10, was 10.5",
                problem(Map.of("multiplier", 10.5, "baseRate", 0.05)));
        assertEquals("rules[0].params: unknown parameter(s) [baseRtae]; this rule takes multiplier, baseRate",
                problem(Map.of("baseRtae", 0.05)));
    }

    @Test
    void theBoundsThemselvesAreAllowed() {
        rule.checkParams(new RuleParams("rules[0].params", Map.of("multiplier", 10, "baseRate", 1)));
    }

    @Test
    void applyRefusesParamsThatCheckParamsWouldRefuse() {
        assertThrows(InvalidInputException.class, () -> apply(wonBack("1000.00", "EUR"), "EUR", Map.of()));
    }

    @Test
    void describesItself() {
        assertEquals("double-commission", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Pays the closer multiplier (default 2, at most 10) times the commission rate baseRate (a "
                + "fraction: 0.05 is 5%) on the revenue won back, when it is in the plan's currency.",
                rule.description());
    }
}
