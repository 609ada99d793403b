package dev.winback.bounty.rule.lifetimevalueshare;

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

class LifetimeValueShareRuleTest {
    private final LifetimeValueShareRule rule = new LifetimeValueShareRule();

    /** A case detection opened, valued at {@code value} once won back, closed by rep1. */
    private static WinBackFacts detected(String value, String currency) {
        WinBackFacts facts = new WinBackFacts();
        facts.closer = "rep1";
        facts.probabilityAlive = 0.12;
        facts.secondLifetimeValue = value == null ? null : new BigDecimal(value);
        facts.secondLifetimeValueCurrency = currency;
        // The revenue is not what this rule pays on.
        facts.revenue = new BigDecimal("99999.00");
        facts.revenueCurrency = "EUR";
        return facts;
    }

    private BountyCalculation apply(WinBackFacts facts, String planCurrency, Map<String, ?> params) {
        BountyCalculation calc = BountyCalculation.of(facts, planCurrency);
        calc.startRule(rule.name(), 0);
        rule.apply(calc, new RuleParams("rules[0].params", params));
        return calc;
    }

    private String problem(Map<String, ?> params) {
        return assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[0].params", params))).getMessage();
    }

    @Test
    void theCloserEarnsAShareOfTheSecondLifetimeValue() {
        // 0.1 × 2400.00 = 240.00
        BountyCalculation calc = apply(detected("2400.00", "EUR"), "EUR", Map.of("share", 0.1));

        BountyLine line = calc.lines().get(0);
        assertEquals("rep1", line.rep());
        assertEquals(new BigDecimal("240.00"), line.amount());
        assertEquals(List.of("10% of 2400.00 EUR second lifetime value = 240.00 EUR"), line.steps());
    }

    @Test
    void maxAmountLimitsTheShare() {
        // 0.1 × 3000.00 = 300.00 > 250 -> 250.00
        BountyCalculation calc = apply(detected("3000.00", "EUR"), "EUR", Map.of("share", 0.1, "maxAmount", 250));

        assertEquals(new BigDecimal("250.00"), calc.total());
        assertEquals(List.of("10% of 3000.00 EUR second lifetime value = 300.00 EUR, more than maxAmount: "
                + "250.00 EUR"), calc.lines().get(0).steps());

        // 0.1 × 2000.00 = 200.00 <= 250: paid as it is
        assertEquals(new BigDecimal("200.00"),
                apply(detected("2000.00", "EUR"), "EUR", Map.of("share", 0.1, "maxAmount", 250)).total());
    }

    @ParameterizedTest
    @CsvSource({
        // 0.05 × 2.50 = 0.125: a tie, half-even goes to the even 0.12
        "0.05, 2.50, EUR, 0.12",
        // 0.05 × 2.70 = 0.135: a tie, half-even goes to the even 0.14
        "0.05, 2.70, EUR, 0.14",
        // 0.1 × 12345 = 1234.5 yen: a tie, half-even goes to the even 1234
        "0.1, 12345, JPY, 1234",
        // 0.5 × 2.001 = 1.0005 dinars: a tie at the fils, half-even goes to the even 1.000
        "0.5, 2.001, BHD, 1.000",
        // 0.5 × 2.003 = 1.0015 dinars: a tie at the fils, half-even goes to the even 1.002
        "0.5, 2.003, BHD, 1.002",
    })
    void roundsHalfEvenToThePlansMinorUnit(String share, String value, String currency, String expected) {
        BountyCalculation calc = apply(detected(value, currency), currency, Map.of("share", new BigDecimal(share)));

        assertEquals(new BigDecimal(expected), calc.total());
    }

    @Test
    void aCaseWithoutModelValueEarnsNothingAndSaysWhy() {
        BountyCalculation calc = apply(detected(null, null), "EUR", Map.of("share", 0.1));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("lifetime-value-share: the case has no second lifetime value (only a case opened by "
                + "detection has one): nothing to share"), calc.steps());
    }

    @Test
    void aValueInAnotherCurrencyEarnsNothingAndSaysWhy() {
        BountyCalculation calc = apply(detected("2400.00", "USD"), "EUR", Map.of("share", 0.1));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("lifetime-value-share: the second lifetime value is in USD and the plan pays in EUR: "
                + "nothing shared, as the rule does not convert currencies"), calc.steps());
    }

    @Test
    void aZeroValueEarnsNothingAndSaysWhy() {
        BountyCalculation calc = apply(detected("0", "EUR"), "EUR", Map.of("share", 0.1));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("lifetime-value-share: the second lifetime value is 0.00 EUR: nothing to share"),
                calc.steps());
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[0].params.share: is required", problem(Map.of("maxAmount", 100)));
        assertEquals("rules[0].params.share: must be a number, was \"10%\"", problem(Map.of("share", "10%")));
        assertEquals("rules[0].params.share: must be a fraction more than 0 and at most 1 (write 10% as 0.1), "
                + "was 10", problem(Map.of("share", 10)));
        assertEquals("rules[0].params.share: must be a fraction more than 0 and at most 1 (write 10% as 0.1), "
                + "was 0", problem(Map.of("share", 0)));
        assertEquals("rules[0].params.maxAmount: must be at least 0, was -1",
                problem(Map.of("share", 0.1, "maxAmount", -1)));
        assertEquals("rules[0].params: unknown parameter(s) [max]; this rule takes share, maxAmount",
                problem(Map.of("share", 0.1, "max", 100)));
        rule.checkParams(new RuleParams("rules[0].params", Map.of("share", 1, "maxAmount", 0)));
    }

    @Test
    void describesItself() {
        assertEquals("lifetime-value-share", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Pays the closer share (a fraction: 0.1 is 10%) of the customer's second lifetime value as the "
                + "detection model valued it, at most maxAmount when given; cases without a model value earn "
                + "nothing.", rule.description());
    }
}
