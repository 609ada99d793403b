package dev.winback.bounty.rule.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.InvalidInputException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.RepTally;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceleratorRuleTest {
    private final AcceleratorRule rule = new AcceleratorRule();
    private final WinBackFacts facts = new WinBackFacts();

    AcceleratorRuleTest() {
        facts.closedOn = LocalDate.of(2026, 3, 17);
    }

    /** The rep's recoveries under the plan in the period before this case. */
    private void recoveriesBefore(String period, String rep, int recoveries) {
        facts.tallies.computeIfAbsent(period, p -> new HashMap<>()).put(rep, new RepTally(recoveries,
                BigDecimal.ZERO));
    }

    /** Rule 0 pays rep1 {@code earned}; the accelerator runs as rule 1. */
    private BountyCalculation accelerate(String currency, String earned, Map<String, ?> params) {
        BountyCalculation calc = BountyCalculation.of(facts, currency);
        calc.startRule("double-commission", 0);
        calc.add("rep1", new BigDecimal(earned), "earned");
        calc.startRule(rule.name(), 1);
        rule.apply(calc, new RuleParams("rules[1].params", params));
        return calc;
    }

    private String problem(Map<String, ?> params) {
        return assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[1].params", params))).getMessage();
    }

    @Test
    void beforeTheThresholdNothingIsAccelerated() {
        recoveriesBefore("MONTH", "rep1", 2);

        // 2 before this one: this is the 3rd, and acceleration starts with the 4th
        BountyCalculation calc = accelerate("EUR", "200.00", Map.of("after", 3, "multiplier", 1.5));

        assertEquals(1, calc.lines().size());
        assertEquals(new BigDecimal("200.00"), calc.total());
        assertEquals("accelerator: rep1 has 2 recoveries in 2026-03; acceleration starts after 3",
                calc.steps().get(1));
    }

    @Test
    void atTheThresholdTheNextRecoveryIsAccelerated() {
        recoveriesBefore("MONTH", "rep1", 3);

        // 3 before this one: this is the 4th. (1.5 - 1) × 200.00 = 100.00 extra
        BountyCalculation calc = accelerate("EUR", "200.00", Map.of("after", 3, "multiplier", 1.5));

        BountyLine extra = calc.lines().get(1);
        assertEquals("rep1", extra.rep());
        assertEquals("accelerator", extra.rule());
        assertEquals(new BigDecimal("100.00"), extra.amount());
        assertEquals(List.of("rep1 has 3 recoveries in 2026-03, so this is recovery 4 and accelerated after 3: "
                + "(1.5 − 1) × 200.00 EUR = 100.00 EUR"), extra.steps());
        assertEquals(new BigDecimal("300.00"), calc.total());
    }

    @Test
    void pastTheThresholdEveryRecoveryIsAccelerated() {
        recoveriesBefore("MONTH", "rep1", 7);

        // (2 - 1) × 200.00 = 200.00 extra
        BountyCalculation calc = accelerate("EUR", "200.00", Map.of("after", 3, "multiplier", 2));

        assertEquals(new BigDecimal("200.00"), calc.lines().get(1).amount());
        assertEquals(new BigDecimal("400.00"), calc.total());
    }

    @Test
    void aRepWithoutTallyHasNoRecoveriesYet() {
        BountyCalculation calc = accelerate("EUR", "200.00", Map.of("after", 1, "multiplier", 2));

        assertEquals(1, calc.lines().size());
        assertEquals("accelerator: rep1 has 0 recoveries in 2026-03; acceleration starts after 1",
                calc.steps().get(1));
    }

    @Test
    void eachRepIsCountedOnItsOwnAndOnlyRepsWhoEarnedAreAccelerated() {
        recoveriesBefore("MONTH", "rep1", 1);
        recoveriesBefore("MONTH", "rep2", 0);
        recoveriesBefore("MONTH", "rep3", 5);
        BountyCalculation calc = BountyCalculation.of(facts, "EUR");
        calc.startRule("double-commission", 0);
        calc.add("rep1", new BigDecimal("80.00"), "earned");
        calc.add("rep2", new BigDecimal("20.00"), "earned");
        calc.add("rep3", new BigDecimal("-5.00"), "a reversal");
        calc.startRule(rule.name(), 1);

        // rep1: 1 before, after 1: (3 - 1) × 80.00 = 160.00. rep2: 0 before: nothing. rep3 earned nothing here.
        rule.apply(calc, new RuleParams("rules[1].params", Map.of("after", 1, "multiplier", 3)));

        assertEquals(new BigDecimal("240.00"), calc.total("rep1"));
        assertEquals(new BigDecimal("20.00"), calc.total("rep2"));
        assertEquals(new BigDecimal("-5.00"), calc.total("rep3"));
        assertEquals(List.of("double-commission: rep1: earned", "double-commission: rep2: earned",
                "double-commission: rep3: a reversal",
                "accelerator: rep1: rep1 has 1 recovery in 2026-03, so this is recovery 2 and accelerated after 1: "
                        + "(3 − 1) × 80.00 EUR = 160.00 EUR",
                "accelerator: rep2 has 0 recoveries in 2026-03; acceleration starts after 1"), calc.steps());
    }

    @Test
    void thePeriodChoosesTheTally() {
        recoveriesBefore("MONTH", "rep1", 0);
        recoveriesBefore("YEAR", "rep1", 12);

        // 12 in 2026 before this one: (1.25 - 1) × 200.00 = 50.00
        BountyCalculation calc = accelerate("EUR", "200.00", Map.of("after", 10, "multiplier", 1.25, "period",
                "YEAR"));

        assertEquals(new BigDecimal("50.00"), calc.lines().get(1).amount());
        assertEquals("rep1 has 12 recoveries in 2026, so this is recovery 13 and accelerated after 10: (1.25 − 1) × "
                + "200.00 EUR = 50.00 EUR", calc.lines().get(1).steps().get(0));
    }

    @ParameterizedTest
    @CsvSource({
        // (1.5 - 1) × 0.25 = 0.125: a tie, half-even goes to the even 0.12
        "EUR, 0.25, 0.12",
        // (1.5 - 1) × 0.27 = 0.135: a tie, half-even goes to the even 0.14
        "EUR, 0.27, 0.14",
        // (1.5 - 1) × 1001 = 500.5 yen: a tie, half-even goes to the even 500
        "JPY, 1001, 500",
        // (1.5 - 1) × 2.003 = 1.0015 dinars: a tie at the fils, half-even goes to the even 1.002
        "BHD, 2.003, 1.002",
    })
    void theExtraIsRoundedHalfEvenToThePlansMinorUnit(String currency, String earned, String extra) {
        recoveriesBefore("MONTH", "rep1", 3);

        BountyCalculation calc = accelerate(currency, earned, Map.of("after", 3, "multiplier", 1.5));

        assertEquals(new BigDecimal(extra), calc.lines().get(1).amount());
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[1].params.after: is required: how many recoveries in the period come before "
                + "acceleration", problem(Map.of("multiplier", 2)));
        assertEquals("rules[1].params.after: must be from 1 to 10000, was 0", problem(Map.of("after", 0,
                "multiplier", 2)));
        assertEquals("rules[1].params.after: must be a whole number, was 2.5", problem(Map.of("after", 2.5,
                "multiplier", 2)));
        assertEquals("rules[1].params.after: must be a number, was \"three\"", problem(Map.of("after", "three",
                "multiplier", 2)));
        assertEquals("rules[1].params.multiplier: is required", problem(Map.of("after", 3)));
        assertEquals("rules[1].params.multiplier: must be more than 1 and at most 10, was 1",
                problem(Map.of("after", 3, "multiplier", 1)));
        assertEquals("rules[1].params.multiplier: must be more than 1 and at most 10, was 11",
                problem(Map.of("after", 3, "multiplier", 11)));
        assertEquals("rules[1].params.period: must be one of [MONTH, QUARTER, YEAR], was \"WEEK\"",
                problem(Map.of("after", 3, "multiplier", 2, "period", "WEEK")));
        assertEquals("rules[1].params: unknown parameter(s) [threshold]; this rule takes after, multiplier, period",
                problem(Map.of("threshold", 3, "multiplier", 2)));
        rule.checkParams(new RuleParams("rules[1].params", Map.of("after", 1, "multiplier", 10)));
    }

    @Test
    void describesItself() {
        assertEquals("accelerator", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Once a rep has won back after customers in the period (MONTH, QUARTER or YEAR; default MONTH), "
                + "pays each further win-back multiplier (more than 1, at most 10) times what the rules before it "
                + "gave them.", rule.description());
    }
}
