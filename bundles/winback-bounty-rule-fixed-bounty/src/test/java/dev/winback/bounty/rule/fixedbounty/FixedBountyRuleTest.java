package dev.winback.bounty.rule.fixedbounty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.InvalidInputException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.dto.LossKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixedBountyRuleTest {
    private final FixedBountyRule rule = new FixedBountyRule();

    private BountyCalculation apply(LossKind lossKind, String planCurrency, Map<String, ?> params) {
        WinBackFacts facts = new WinBackFacts();
        facts.lossKind = lossKind;
        facts.closer = "rep1";
        BountyCalculation calc = BountyCalculation.of(facts, planCurrency);
        calc.startRule(rule.name(), 0);
        rule.apply(calc, new RuleParams("rules[0].params", params));
        return calc;
    }

    private BountyCalculation apply(LossKind lossKind, Map<String, ?> amounts) {
        return apply(lossKind, "EUR", Map.of("amounts", amounts));
    }

    private String problem(Map<String, ?> params) {
        return assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[0].params", params))).getMessage();
    }

    @ParameterizedTest
    @CsvSource({"HOSTILE, 500.00", "LOST_DEAL, 250.00", "COMPLAINT, 150.00", "LAPSED, 100.00"})
    void defaultsPayTheCloserByLossKind(LossKind lossKind, String expected) {
        BountyCalculation calc = apply(lossKind, "EUR", Map.of());

        BountyLine line = calc.lines().get(0);
        assertEquals("rep1", line.rep());
        assertEquals(new BigDecimal(expected), line.amount());
        assertEquals(List.of("fixed bounty for winning back a " + lossKind + " customer = " + expected + " EUR"),
                line.steps());
    }

    @Test
    void givenAmountsOverrideTheDefaultsKindByKind() {
        Map<String, Object> amounts = Map.of("LAPSED", 120);

        assertEquals(new BigDecimal("120.00"), apply(LossKind.LAPSED, amounts).total());
        assertEquals(new BigDecimal("250.00"), apply(LossKind.LOST_DEAL, amounts).total());
        assertEquals(new BigDecimal("500.00"), apply(LossKind.HOSTILE, amounts).total());
    }

    @Test
    void paysWhateverTheRevenue() {
        // The bounty is for the customer coming back; a manager-confirmed win-back with no revenue yet still pays.
        BountyCalculation calc = apply(LossKind.LOST_DEAL, "EUR", Map.of());

        assertEquals(BigDecimal.ZERO, calc.facts().revenue);
        assertEquals(new BigDecimal("250.00"), calc.total());
    }

    @ParameterizedTest
    @CsvSource({
        // 100.125: a tie at the cent, half-even goes to the even 100.12
        "LAPSED, 100.125, EUR, 100.12",
        // 150.135: a tie at the cent, half-even goes to the even 150.14
        "COMPLAINT, 150.135, EUR, 150.14",
        // 100.5 yen: a tie, half-even goes to the even 100
        "LAPSED, 100.5, JPY, 100",
        // 99.9995 dinars: a tie at the fils, half-even goes to the even 100.000
        "LAPSED, 99.9995, KWD, 100.000",
    })
    void amountsAreRoundedHalfEvenToThePlansMinorUnit(LossKind lossKind, String amount, String currency,
            String expected) {
        BountyCalculation calc = apply(lossKind, currency, Map.of("amounts", Map.of(lossKind.name(),
                new BigDecimal(amount))));

        assertEquals(new BigDecimal(expected), calc.total());
    }

    @Test
    void amountsAreInThePlansCurrency() {
        BountyCalculation calc = apply(LossKind.HOSTILE, "JPY", Map.of("amounts", Map.of("HOSTILE", 50000)));

        assertEquals(new BigDecimal("50000"), calc.total());
        assertEquals("fixed bounty for winning back a HOSTILE customer = 50000 JPY",
                calc.lines().get(0).steps().get(0));
    }

    @Test
    void aZeroAmountWritesNoLineButSaysSo() {
        BountyCalculation calc = apply(LossKind.COMPLAINT, Map.of("COMPLAINT", 0));

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("fixed-bounty: the plan pays no fixed bounty for a COMPLAINT win-back"), calc.steps());
    }

    @Test
    void aCaseWithoutLossKindEarnsNothingAndSaysWhy() {
        BountyCalculation calc = apply(null, "EUR", Map.of());

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("fixed-bounty: the case has no loss kind: no fixed bounty"), calc.steps());
    }

    @Test
    void hostileMustPayTheMost() {
        assertEquals("rules[0].params.amounts: HOSTILE must pay the most, as a hostile Code 99 customer is the "
                + "hardest to win back; HOSTILE pays 200 but LOST_DEAL 250: raise HOSTILE or lower the others",
                problem(Map.of("amounts", Map.of("HOSTILE", 200))));
        assertEquals("rules[0].params.amounts: HOSTILE must pay the most, as a hostile Code 99 customer is the "
                + "hardest to win back; HOSTILE pays 500 (the default) but LAPSED 600, COMPLAINT 501: raise HOSTILE "
                + "or lower the others", problem(Map.of("amounts", Map.of("LAPSED", 600, "COMPLAINT", 501))));
        // As much as the most is enough: a flat bounty for every kind is a plan, not a mistake.
        rule.checkParams(new RuleParams("rules[0].params", Map.of("amounts", Map.of("HOSTILE", 100,
                "LOST_DEAL", 100, "COMPLAINT", 100, "LAPSED", 100))));
    }

    @Test
    void checkParamsNamesTheBadAmount() {
        assertEquals("rules[0].params.amounts.hostile: is not a loss kind; amounts are given for [LAPSED, "
                + "LOST_DEAL, HOSTILE, COMPLAINT]", problem(Map.of("amounts", Map.of("hostile", 900))));
        assertEquals("rules[0].params.amounts.CODE99: is not a loss kind; amounts are given for [LAPSED, "
                + "LOST_DEAL, HOSTILE, COMPLAINT]", problem(Map.of("amounts", Map.of("CODE99", 900))));
        assertEquals("rules[0].params.amounts.LAPSED: must not be negative, was -1",
                problem(Map.of("amounts", Map.of("LAPSED", -1))));
        assertEquals("rules[0].params.amounts.HOSTILE: must be a number, was \"lots\"",
                problem(Map.of("amounts", Map.of("HOSTILE", "lots"))));
        assertEquals("rules[0].params.amounts: must be an object of numbers, was 500",
                problem(Map.of("amounts", 500)));
        assertEquals("rules[0].params: unknown parameter(s) [amount]; this rule takes amounts",
                problem(Map.of("amount", Map.of("HOSTILE", 900))));
    }

    @Test
    void describesItself() {
        assertEquals("fixed-bounty", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Pays the closer a fixed amount by loss kind, in the plan's currency: amounts, an object by "
                + "loss kind (defaults HOSTILE 500, LOST_DEAL 250, COMPLAINT 150, LAPSED 100), where HOSTILE pays "
                + "most.", rule.description());
    }
}
