package dev.winback.bounty.rule.cap;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapRuleTest {
    private final CapRule rule = new CapRule();
    private final WinBackFacts facts = new WinBackFacts();

    CapRuleTest() {
        facts.closedOn = LocalDate.of(2026, 3, 17);
        facts.closer = "rep1";
    }

    /** What a rep had earned before this case in the period. */
    private void earnedBefore(String period, String rep, String earned) {
        facts.tallies.computeIfAbsent(period, p -> new LinkedHashMap<>()).put(rep,
                new RepTally(1, new BigDecimal(earned)));
    }

    /** Rule 0 pays each rep as given (rep, amount, rep, amount...); the cap then runs as rule 1. */
    private BountyCalculation capAfter(String currency, Map<String, ?> params, String... earned) {
        BountyCalculation calc = BountyCalculation.of(facts, currency);
        calc.startRule("fixed-bounty", 0);
        for (int i = 0; i < earned.length; i += 2) {
            calc.add(earned[i], new BigDecimal(earned[i + 1]), "earned");
        }
        calc.startRule(rule.name(), 1);
        rule.apply(calc, new RuleParams("rules[1].params", params));
        return calc;
    }

    /** The cap's own lines, as {@code rep amount}. */
    private static List<String> capLines(BountyCalculation calc) {
        return calc.lines().stream().filter(l -> l.ruleIndex() == 1).map(l -> l.rep() + " " + l.amount())
                .toList();
    }

    private String problem(Map<String, ?> params) {
        return assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[1].params", params))).getMessage();
    }

    @Test
    void aCaseWithinItsCapKeepsEverything() {
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", 1000), "rep1", "600.00", "rep2", "400.00");

        assertEquals(List.of(), capLines(calc));
        assertEquals("cap: the case's 1000.00 EUR is within the per-case cap of 1000.00 EUR",
                calc.steps().get(2));
    }

    @Test
    void theCaseCapIsSharedInProportionToWhatEachRepEarned() {
        // 300.00 - 200.00 = 100.00 over. rep1: 100.00 × 100.00 / 300.00 = 33.333... -> 33.33;
        // rep2 takes the rest, 100.00 - 33.33 = 66.67
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", 200), "rep1", "100.00", "rep2", "200.00");

        assertEquals(List.of("rep1 -33.33", "rep2 -66.67"), capLines(calc));
        assertEquals(new BigDecimal("200.00"), calc.total());
        BountyLine rep1 = calc.lines().get(2);
        assertEquals(List.of("the case's 300.00 EUR is 100.00 EUR over the per-case cap of 200.00 EUR; rep1 earned "
                + "100.00 EUR of 300.00 EUR → −33.33 EUR"), rep1.steps());
        assertEquals(List.of("the case's 300.00 EUR is 100.00 EUR over the per-case cap of 200.00 EUR; rep2 earned "
                + "200.00 EUR of 300.00 EUR and takes the rest → −66.67 EUR"), calc.lines().get(3).steps());
    }

    @Test
    void theLastRepTakesTheCentThatRoundingLeft() {
        // 20.00 - 19.75 = 0.25 over, half each: 0.125. rep1: a tie, half-even -> 0.12;
        // rep2 takes the rest, 0.25 - 0.12 = 0.13, so the reductions add up to the excess
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", 19.75), "rep1", "10.00", "rep2", "10.00");

        assertEquals(List.of("rep1 -0.12", "rep2 -0.13"), capLines(calc));
        assertEquals(new BigDecimal("19.75"), calc.total());
    }

    @Test
    void threeRepsShareTheExcessToTheCent() {
        // 300.00 - 200.00 = 100.00 over, a third each: 33.333... -> 33.33, 33.33; rep3 takes 100.00 - 66.66 = 33.34
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", 200), "rep1", "100.00", "rep2", "100.00",
                "rep3", "100.00");

        assertEquals(List.of("rep1 -33.33", "rep2 -33.33", "rep3 -33.34"), capLines(calc));
        assertEquals(new BigDecimal("200.00"), calc.total());
    }

    @Test
    void onlyRepsWhoEarnedShareTheCaseCap() {
        BountyCalculation calc = BountyCalculation.of(facts, "EUR");
        calc.startRule("fixed-bounty", 0);
        calc.add("rep1", new BigDecimal("300.00"), "earned");
        calc.add("rep2", new BigDecimal("-50.00"), "a reversal");
        calc.startRule(rule.name(), 1);

        // 250.00 - 200.00 = 50.00 over, all of it from rep1, the only rep with something to give back
        rule.apply(calc, new RuleParams("rules[1].params", Map.of("perCase", 200)));

        assertEquals(List.of("rep1 -50.00"), capLines(calc));
        assertEquals(new BigDecimal("200.00"), calc.total());
    }

    @Test
    void theCaseCapInYenAndDinars() {
        // 3000 - 2000 = 1000 over. rep1: 1000 × 1000 / 3000 = 333.33... -> 333; rep2 takes 1000 - 333 = 667
        assertEquals(List.of("rep1 -333", "rep2 -667"),
                capLines(capAfter("JPY", Map.of("perCase", 2000), "rep1", "1000", "rep2", "2000")));
        // 3.000 - 2.000 = 1.000 over. rep1: 1.000 × 1.000 / 3.000 = 0.3333... -> 0.333; rep2 takes 0.667
        assertEquals(List.of("rep1 -0.333", "rep2 -0.667"),
                capLines(capAfter("KWD", Map.of("perCase", 2), "rep1", "1.000", "rep2", "2.000")));
    }

    @Test
    void aRepsPeriodCapCountsWhatTheyEarnedBefore() {
        earnedBefore("MONTH", "rep1", "900.00");

        // 1000.00 - 900.00 leaves 100.00; this case's 150.00 is 50.00 over
        BountyCalculation calc = capAfter("EUR", Map.of("perRepPerPeriod", 1000), "rep1", "150.00");

        assertEquals(List.of("rep1 -50.00"), capLines(calc));
        assertEquals(new BigDecimal("100.00"), calc.total("rep1"));
        assertEquals("cap: rep1: rep1 had earned 900.00 EUR in 2026-03; the cap of 1000.00 EUR leaves 100.00 EUR; "
                + "this case's 150.00 EUR is 50.00 EUR over → −50.00 EUR", calc.steps().get(1));
    }

    @Test
    void aRepAlreadyOverThePeriodCapEarnsNothingButLosesNothingFromEarlierCases() {
        earnedBefore("MONTH", "rep1", "1200.00");

        // 1000.00 - 1200.00 is below zero: nothing left, so the whole 150.00 goes and not a cent more
        BountyCalculation calc = capAfter("EUR", Map.of("perRepPerPeriod", 1000), "rep1", "150.00");

        assertEquals(List.of("rep1 -150.00"), capLines(calc));
        assertEquals(new BigDecimal("0.00"), calc.total("rep1"));
        assertEquals("cap: rep1: rep1 had earned 1200.00 EUR in 2026-03; the cap of 1000.00 EUR leaves 0.00 EUR; "
                + "this case's 150.00 EUR is 150.00 EUR over → −150.00 EUR", calc.steps().get(1));
    }

    @Test
    void aRepWithinThePeriodCapKeepsEverythingAndARepWithoutTallyHasEarnedNothing() {
        earnedBefore("MONTH", "rep1", "300.00");

        BountyCalculation calc = capAfter("EUR", Map.of("perRepPerPeriod", 1000), "rep1", "150.00", "rep2",
                "999.99");

        assertEquals(List.of(), capLines(calc));
        assertEquals(List.of("fixed-bounty: rep1: earned", "fixed-bounty: rep2: earned",
                "cap: rep1 had earned 300.00 EUR in 2026-03; the cap of 1000.00 EUR leaves 700.00 EUR; this case's "
                        + "150.00 EUR is within it",
                "cap: rep2 had earned 0.00 EUR in 2026-03; the cap of 1000.00 EUR leaves 1000.00 EUR; this case's "
                        + "999.99 EUR is within it"), calc.steps());
    }

    @Test
    void thePeriodChoosesTheTally() {
        earnedBefore("MONTH", "rep1", "0.00");
        earnedBefore("QUARTER", "rep1", "2950.00");

        // 3000.00 - 2950.00 leaves 50.00 in the quarter; 150.00 is 100.00 over
        BountyCalculation calc = capAfter("EUR", Map.of("perRepPerPeriod", 3000, "period", "quarter"), "rep1",
                "150.00");

        assertEquals(List.of("rep1 -100.00"), capLines(calc));
        assertEquals("cap: rep1: rep1 had earned 2950.00 EUR in 2026-Q1; the cap of 3000.00 EUR leaves 50.00 EUR; "
                + "this case's 150.00 EUR is 100.00 EUR over → −100.00 EUR", calc.steps().get(1));
    }

    @Test
    void theCaseCapComesBeforeThePeriodCap() {
        earnedBefore("MONTH", "rep1", "900.00");

        // per case: 400.00 - 200.00 = 200.00 over; rep1 300.00 × 200.00 / 400.00 = 150.00; rep2 takes 50.00.
        // per rep: rep1 now has 150.00, the month leaves 1000.00 - 900.00 = 100.00: 50.00 more, on the same line.
        // rep2 has 50.00, the month leaves 1000.00.
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", 200, "perRepPerPeriod", 1000), "rep1",
                "300.00", "rep2", "100.00");

        assertEquals(List.of("rep1 -200.00", "rep2 -50.00"), capLines(calc));
        assertEquals(new BigDecimal("100.00"), calc.total("rep1"));
        assertEquals(new BigDecimal("50.00"), calc.total("rep2"));
        assertEquals(2, calc.lines().get(2).steps().size());
    }

    @Test
    void capsInAmountsFinerThanTheMinorUnitAreRoundedFirst() {
        // 200.004 EUR is a cap of 200.00: 300.00 - 200.00 = 100.00 over, and the reductions add up to it
        BountyCalculation calc = capAfter("EUR", Map.of("perCase", new BigDecimal("200.004")), "rep1", "100.00",
                "rep2", "200.00");

        assertEquals(new BigDecimal("200.00"), calc.total());
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[1].params: give perCase, perRepPerPeriod or both: a cap without a limit caps nothing",
                problem(Map.of()));
        assertEquals("rules[1].params.perCase: must be at least 0, was -1", problem(Map.of("perCase", -1)));
        assertEquals("rules[1].params.perRepPerPeriod: must be a number, was \"1000 EUR\"",
                problem(Map.of("perRepPerPeriod", "1000 EUR")));
        assertEquals("rules[1].params.period: must be one of [MONTH, QUARTER, YEAR], was \"WEEK\"",
                problem(Map.of("perRepPerPeriod", 1000, "period", "WEEK")));
        assertEquals("rules[1].params.period: counts only for perRepPerPeriod, which is not given",
                problem(Map.of("perCase", 1000, "period", "YEAR")));
        assertEquals("rules[1].params: unknown parameter(s) [perMonth]; this rule takes perCase, perRepPerPeriod, "
                + "period", problem(Map.of("perMonth", 1000)));
        rule.checkParams(new RuleParams("rules[1].params", Map.of("perCase", 0)));
    }

    @Test
    void describesItself() {
        assertEquals("cap", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Limits what the rules before it paid: perCase for the whole case, shared across its reps, and "
                + "perRepPerPeriod for each rep over a period (MONTH, QUARTER or YEAR; default MONTH).",
                rule.description());
    }
}
