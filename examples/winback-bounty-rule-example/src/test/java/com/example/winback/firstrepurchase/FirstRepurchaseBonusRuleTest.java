package com.example.winback.firstrepurchase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.InvalidInputException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.bounty.WinBackFacts.PurchaseFact;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How to test a rule: build the facts by hand (their fields are public), run the rule over a calculation as the
 * bounty module would (startRule, then apply), and assert on the lines, amounts and explanations a rep would see.
 */
class FirstRepurchaseBonusRuleTest {
    private final FirstRepurchaseBonusRule rule = new FirstRepurchaseBonusRule();
    private final WinBackFacts facts = new WinBackFacts();

    FirstRepurchaseBonusRuleTest() {
        facts.closer = "rep1";
        facts.evidence = "PURCHASE";
    }

    private void purchased(String day, String amount, String currency) {
        facts.purchases.add(new PurchaseFact(UUID.randomUUID(), LocalDate.parse(day), new BigDecimal(amount),
                currency));
    }

    private BountyCalculation apply(String planCurrency, Map<String, ?> params) {
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
    void theCloserEarnsAPercentageOfTheFirstPurchaseOnly() {
        purchased("2026-03-02", "300.00", "EUR");
        purchased("2026-03-10", "900.00", "EUR");

        // 10% of 300.00 = 30.00; the later 900.00 does not count
        BountyCalculation calc = apply("EUR", Map.of("percent", 10));

        BountyLine line = calc.lines().get(0);
        assertEquals("rep1", line.rep());
        assertEquals(new BigDecimal("30.00"), line.amount());
        assertEquals(List.of("10% of the first purchase (300.00 EUR on 2026-03-02) = 30.00 EUR"), line.steps());
    }

    @ParameterizedTest
    @CsvSource({
        // 12.5% of 1.00 = 0.125: a tie, half-even goes to the even 0.12
        "EUR, 1.00, 0.12",
        // 12.5% of 1.08 = 0.135: a tie, half-even goes to the even 0.14
        "EUR, 1.08, 0.14",
        // 12.5% of 4 yen = 0.5: a tie, half-even goes to the even 0
        "JPY, 4, 0",
        // 12.5% of 0.012 dinars = 0.0015: a tie at the fils, half-even goes to the even 0.002
        "KWD, 0.012, 0.002",
    })
    void roundsHalfEvenToThePlansMinorUnit(String currency, String amount, String bonus) {
        purchased("2026-03-02", amount, currency);

        assertEquals(new BigDecimal(bonus), apply(currency, Map.of("percent", 12.5)).total());
    }

    @Test
    void aRefundIsNoFirstPurchase() {
        purchased("2026-03-01", "-50.00", "EUR");
        purchased("2026-03-04", "200.00", "EUR");

        // the refund is skipped: 10% of 200.00 = 20.00
        BountyCalculation calc = apply("EUR", Map.of("percent", 10));

        assertEquals(1, calc.lines().size());
        assertEquals(new BigDecimal("20.00"), calc.lines().get(0).amount());
    }

    @Test
    void aWinBackWithoutPurchaseEarnsNothingAndSaysWhy() {
        facts.evidence = "MANAGER_CONFIRMATION";

        BountyCalculation calc = apply("EUR", Map.of("percent", 10));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("first-repurchase-bonus: no purchase between opening and closing the case: no "
                + "first-repurchase bonus"), calc.steps());
    }

    @Test
    void aPurchaseInAnotherCurrencyEarnsNothingAndSaysWhy() {
        purchased("2026-03-02", "300.00", "USD");

        BountyCalculation calc = apply("EUR", Map.of("percent", 10));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("first-repurchase-bonus: the first purchase (300.00 USD on 2026-03-02) is not in the "
                + "plan's currency EUR: no bonus"), calc.steps());
    }

    @Test
    void aTokenOrderBelowMinPurchaseEarnsNothing() {
        purchased("2026-03-02", "49.99", "EUR");

        BountyCalculation calc = apply("EUR", Map.of("percent", 10, "minPurchase", 50));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("first-repurchase-bonus: the first purchase (49.99 EUR on 2026-03-02) is below "
                + "minPurchase 50.00 EUR: a token order does not earn the bonus"), calc.steps());
        // At the minimum it pays: 10% of 50.00 = 5.00
        facts.purchases.clear();
        purchased("2026-03-02", "50.00", "EUR");
        assertEquals(new BigDecimal("5.00"), apply("EUR", Map.of("percent", 10, "minPurchase", 50)).total());
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[0].params.percent: is required", problem(Map.of()));
        assertEquals("rules[0].params.percent: must be a number, was \"10%\"", problem(Map.of("percent", "10%")));
        assertEquals("rules[0].params.percent: must be a percentage more than 0 and at most 100, was 0",
                problem(Map.of("percent", 0)));
        assertEquals("rules[0].params.percent: must be a percentage more than 0 and at most 100, was 150",
                problem(Map.of("percent", 150)));
        assertEquals("rules[0].params.minPurchase: must be at least 0, was -1",
                problem(Map.of("percent", 10, "minPurchase", -1)));
        assertEquals("rules[0].params: unknown parameter(s) [percentage]; this rule takes percent, minPurchase",
                problem(Map.of("percentage", 10)));
    }
}
