package dev.winback.bounty.rule.finderclosersplit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
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

class FinderCloserSplitRuleTest {
    private final FinderCloserSplitRule rule = new FinderCloserSplitRule();

    /**
     * A calculation in which an earning rule (index 0) gave the closer {@code earned}; the split runs as rule 1.
     */
    private static BountyCalculation closerEarned(String finder, String closer, String currency, String earned) {
        WinBackFacts facts = new WinBackFacts();
        facts.finder = finder;
        facts.closer = closer;
        BountyCalculation calc = BountyCalculation.of(facts, currency);
        calc.startRule("double-commission", 0);
        if (earned != null) {
            calc.add(closer, new BigDecimal(earned), "earned");
        }
        return calc;
    }

    private void split(BountyCalculation calc, Object finderShare, Object closerShare) {
        calc.startRule(rule.name(), 1);
        rule.apply(calc, new RuleParams("rules[1].params", Map.of("finderShare", finderShare, "closerShare",
                closerShare)));
    }

    private InvalidInputException problem(Map<String, ?> params) {
        return assertThrows(InvalidInputException.class,
                () -> rule.checkParams(new RuleParams("rules[1].params", params)));
    }

    @Test
    void aThirdToTheFinderKeepsTheTotalToTheCent() {
        BountyCalculation calc = closerEarned("finder", "closer", "EUR", "100.01");

        // 100.01 × 0.3333333333 = 33.336666663... -> 33.34 to the finder; the closer keeps 100.01 - 33.34 = 66.67
        split(calc, new BigDecimal("0.3333333333"), new BigDecimal("0.6666666667"));

        assertEquals(2, calc.lines().size());
        BountyLine closer = calc.lines().get(0);
        BountyLine finder = calc.lines().get(1);
        assertEquals(new BigDecimal("66.67"), closer.amount());
        assertEquals("finder", finder.rep());
        assertEquals(new BigDecimal("33.34"), finder.amount());
        assertEquals(new BigDecimal("100.01"), calc.total());
        // The finder's part stays the earning rule's: the ledger says what it was earned for.
        assertEquals("double-commission", finder.rule());
        assertEquals(0, finder.ruleIndex());
        String step = "finder finder gets 33.33333333% of closer closer's 100.01 EUR from double-commission = "
                + "33.34 EUR; the closer keeps 66.67 EUR";
        assertEquals(List.of("earned", step), closer.steps());
        assertEquals(List.of(step), finder.steps());
    }

    @Test
    void everyLineOfTheCloserIsSplitAndOtherRepsAreLeftAlone() {
        BountyCalculation calc = closerEarned("rep2", "rep1", "EUR", "100.00");
        calc.add("rep3", new BigDecimal("40.00"), "a colleague's line");
        calc.startRule("fixed-bounty", 1);
        calc.add("rep1", new BigDecimal("250.00"), "fixed");

        // 0.3 × 100.00 = 30.00 and 0.3 × 250.00 = 75.00 to rep2; rep1 keeps 70.00 + 175.00
        calc.startRule(rule.name(), 2);
        rule.apply(calc, new RuleParams("rules[2].params", Map.of("finderShare", 0.3, "closerShare", 0.7)));

        assertEquals(new BigDecimal("245.00"), calc.total("rep1"));
        assertEquals(new BigDecimal("105.00"), calc.total("rep2"));
        assertEquals(new BigDecimal("40.00"), calc.total("rep3"));
        assertEquals(new BigDecimal("390.00"), calc.total());
        // one line of rep2 per earning rule
        assertEquals(List.of("rep1 double-commission#0 70.00", "rep3 double-commission#0 40.00",
                "rep1 fixed-bounty#1 175.00", "rep2 double-commission#0 30.00", "rep2 fixed-bounty#1 75.00"),
                calc.lines().stream().map(BountyLine::toString).toList());
    }

    @ParameterizedTest
    @CsvSource({
        // 0.25 × 0.5 = 0.125: a tie, half-even gives the finder the even 0.12; the closer keeps 0.13
        "EUR, 0.25, 0.12, 0.13",
        // 0.27 × 0.5 = 0.135: a tie, half-even gives the finder the even 0.14; the closer keeps 0.13
        "EUR, 0.27, 0.14, 0.13",
        // 1001 × 0.5 = 500.5 yen: a tie, half-even gives the finder the even 500; the closer keeps 501
        "JPY, 1001, 500, 501",
        // 1.001 × 0.5 = 0.5005 dinars: a tie at the fils, the finder gets the even 0.500; the closer keeps 0.501
        "KWD, 1.001, 0.500, 0.501",
    })
    void halvesRoundHalfEvenForTheFinderAndTheCloserKeepsTheRest(String currency, String earned, String finder,
            String closer) {
        BountyCalculation calc = closerEarned("finder", "closer", currency, earned);

        split(calc, 0.5, 0.5);

        assertEquals(new BigDecimal(finder), calc.total("finder"));
        assertEquals(new BigDecimal(closer), calc.total("closer"));
        assertEquals(new BigDecimal(earned), calc.total());
    }

    @Test
    void aCaseTheCloserFoundIsNotSplit() {
        BountyCalculation calc = closerEarned("rep1", "rep1", "EUR", "100.00");

        split(calc, 0.3, 0.7);

        assertEquals(List.of("rep1 double-commission#0 100.00"),
                calc.lines().stream().map(BountyLine::toString).toList());
        assertEquals("finder-closer-split: rep1 both found and closed the case: nothing to split",
                calc.steps().get(1));
    }

    @Test
    void aCaseWithoutFinderIsNotSplit() {
        BountyCalculation calc = closerEarned(null, "rep1", "EUR", "100.00");

        split(calc, 0.3, 0.7);

        assertEquals(new BigDecimal("100.00"), calc.total("rep1"));
        assertEquals(1, calc.lines().size());
        assertEquals("finder-closer-split: the case has no finder: closer rep1 keeps everything",
                calc.steps().get(1));
    }

    @Test
    void nothingEarnedNothingSplit() {
        BountyCalculation calc = closerEarned("rep2", "rep1", "EUR", null);

        split(calc, 0.3, 0.7);

        assertEquals(List.of(), calc.lines());
        assertEquals(List.of("finder-closer-split: closer rep1 has earned nothing so far: nothing to split"),
                calc.steps());
    }

    @Test
    void aZeroFinderShareMovesNothing() {
        BountyCalculation calc = closerEarned("rep2", "rep1", "EUR", "100.00");

        split(calc, 0, 1);

        assertEquals(1, calc.lines().size());
        assertEquals("finder-closer-split: finderShare is 0: closer rep1 keeps everything", calc.steps().get(1));
    }

    @Test
    void sharesThatDoNotAddUpToOneNameBoth() {
        InvalidInputException e = problem(Map.of("finderShare", 0.3, "closerShare", 0.6));

        String message = "finderShare 0.3 and closerShare 0.6 add up to 0.9; they must add up to exactly 1 (a third "
                + "is 0.3333 and 0.6667)";
        assertEquals(List.of("rules[1].params.finderShare", "rules[1].params.closerShare"),
                e.problems().stream().map(FieldProblem::field).toList());
        assertEquals(List.of(message, message), e.problems().stream().map(FieldProblem::message).toList());
        // A third written as 0.33 and 0.67 adds up; 0.333 and 0.666 does not.
        rule.checkParams(new RuleParams("rules[1].params", Map.of("finderShare", 0.33, "closerShare", 0.67)));
        problem(Map.of("finderShare", 0.333, "closerShare", 0.666));
    }

    @Test
    void checkParamsNamesTheBadParameter() {
        assertEquals("rules[1].params.finderShare: is required", problem(Map.of("closerShare", 0.7)).getMessage());
        assertEquals("rules[1].params.closerShare: is required", problem(Map.of("finderShare", 0.3)).getMessage());
        assertEquals("rules[1].params.finderShare: must be a number, was \"30%\"",
                problem(Map.of("finderShare", "30%", "closerShare", 0.7)).getMessage());
        assertEquals("rules[1].params.finderShare: must be from 0 to 1, was -0.5",
                problem(Map.of("finderShare", -0.5, "closerShare", 0.7)).getMessage());
        assertEquals("rules[1].params.closerShare: must be from 0 to 1, was 1.5",
                problem(Map.of("finderShare", 0.3, "closerShare", 1.5)).getMessage());
        assertEquals("rules[1].params: unknown parameter(s) [finder]; this rule takes finderShare, closerShare",
                problem(Map.of("finder", 0.3, "closerShare", 0.7)).getMessage());
    }

    @Test
    void describesItself() {
        assertEquals("finder-closer-split", rule.name());
        assertEquals("1.0", rule.version());
        assertEquals("Moves finderShare of every line the closer has so far to the rep who made the first contact; "
                + "the closer keeps closerShare, and the two fractions add up to exactly 1.", rule.description());
    }
}
