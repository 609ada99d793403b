package dev.winback.api.bounty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BountyCalculationTest {

    private static BountyCalculation started(String currency) {
        BountyCalculation calc = BountyCalculation.of(new WinBackFacts(), currency);
        calc.startRule("double-commission", 0);
        return calc;
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    @ParameterizedTest
    @CsvSource({"EUR, 2", "USD, 2", "JPY, 0", "KWD, 3", "BHD, 3"})
    void minorUnitIsTheCurrencysDefaultFractionDigits(String currency, int digits) {
        assertEquals(digits, BountyCalculation.minorUnit(currency));
        assertEquals(digits, BountyCalculation.of(new WinBackFacts(), currency).scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"XAU", "XXX"})
    void refusesCurrenciesWithoutAMinorUnit(String code) {
        // Gold and "no currency" have no minor unit: nobody can be paid a bounty in them.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BountyCalculation.minorUnit(code));
        assertEquals(code + " is not a currency money can be paid in", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BountyCalculation.of(new WinBackFacts(), code));
    }

    @Test
    void refusesACodeThatIsNotACurrencyAndANegativeScale() {
        assertThrows(IllegalArgumentException.class, () -> BountyCalculation.of(new WinBackFacts(), "EURO"));
        assertThrows(IllegalArgumentException.class,
                () -> new BountyCalculation(new WinBackFacts(), "EUR", -1, RoundingMode.HALF_EVEN));
    }

    @Test
    void ofRoundsHalfEven() {
        BountyCalculation calc = BountyCalculation.of(new WinBackFacts(), "EUR");
        assertEquals("EUR", calc.currency());
        assertEquals(RoundingMode.HALF_EVEN, calc.rounding());
    }

    @ParameterizedTest
    @CsvSource({
        // half-even: a tie goes to the even neighbour, anything else to the nearest
        "EUR, 0.125, 0.12",
        "EUR, 0.135, 0.14",
        "EUR, 0.1251, 0.13",
        "EUR, -0.125, -0.12",
        "JPY, 2.5, 2",
        "JPY, 3.5, 4",
        "KWD, 0.0125, 0.012",
        "KWD, 0.0135, 0.014",
    })
    void everyAmountIsRoundedHalfEvenToTheMinorUnit(String currency, String amount, String rounded) {
        BountyCalculation calc = started(currency);

        BountyLine line = calc.add("rep1", money(amount), "test");

        assertEquals(money(rounded), line.amount());
        assertEquals(money(rounded), calc.round(money(amount)));
    }

    @Test
    void moneyShowsTheRoundedAmountAndTheCurrency() {
        assertEquals("100.00 EUR", started("EUR").money(money("100")));
        assertEquals("0.12 EUR", started("EUR").money(money("0.125")));
        // 1234.5 is a tie: half-even keeps the even 1234
        assertEquals("1234 JPY", started("JPY").money(money("1234.5")));
        assertEquals("1.000 KWD", started("KWD").money(BigDecimal.ONE));
    }

    @Test
    void addMergesAmountsOfTheSameRepAndRuleIndex() {
        BountyCalculation calc = started("EUR");

        BountyLine first = calc.add("rep1", money("10.00"), "first");
        BountyLine second = calc.add("rep1", money("2.50"), "second");

        assertSame(first, second);
        assertEquals(1, calc.lines().size());
        assertEquals(money("12.50"), first.amount());
        assertEquals(List.of("first", "second"), first.steps());
        assertEquals(List.of("double-commission: rep1: first", "double-commission: rep1: second"), calc.steps());
    }

    @Test
    void theSameRuleAtAnotherIndexOrAnotherRepWritesANewLine() {
        BountyCalculation calc = started("EUR");
        calc.add("rep1", money("10.00"), "first use");
        calc.add("rep2", money("1.00"), "other rep");
        // A plan may use a rule twice; each use keeps its own line.
        calc.startRule("double-commission", 1);
        calc.add("rep1", money("5.00"), "second use");

        assertEquals(3, calc.lines().size());
        assertEquals(List.of(0, 0, 1), calc.lines().stream().map(BountyLine::ruleIndex).toList());
        assertEquals(Set.of("rep1", "rep2"), calc.reps());
        assertEquals(money("15.00"), calc.total("rep1"));
        assertEquals(money("16.00"), calc.total());
        assertEquals(BigDecimal.ZERO, calc.total("nobody"));
    }

    @Test
    void moveKeepsTheTotalToTheCentAndTheLinesRule() {
        BountyCalculation calc = started("EUR");
        BountyLine closer = calc.add("closer", money("100.01"), "earned");
        calc.startRule("finder-closer-split", 1);

        // 100.01 / 3 = 33.3366... -> 33.34 moves; the closer keeps 100.01 - 33.34 = 66.67
        calc.move(closer, "finder", money("100.01").divide(money("3"), 10, RoundingMode.HALF_EVEN), "a third");

        assertEquals(money("66.67"), closer.amount());
        BountyLine finder = calc.lines().get(1);
        assertEquals("finder", finder.rep());
        assertEquals(money("33.34"), finder.amount());
        // The moved amount stays the earning rule's: the split changes who, not why.
        assertEquals("double-commission", finder.rule());
        assertEquals(0, finder.ruleIndex());
        assertEquals(money("100.01"), calc.total());
        assertEquals(List.of("earned", "a third"), closer.steps());
        assertEquals("finder-closer-split: finder: a third", calc.steps().get(1));
    }

    @Test
    void moveIntoAnExistingLineOfTheSameRuleAddsToIt() {
        BountyCalculation calc = started("EUR");
        BountyLine closer = calc.add("closer", money("60.00"), "earned");
        BountyLine finder = calc.add("finder", money("40.00"), "earned");

        calc.move(closer, "finder", money("10.00"), "finder's share");

        assertEquals(2, calc.lines().size());
        assertEquals(money("50.00"), finder.amount());
        assertEquals(money("50.00"), closer.amount());
    }

    @Test
    void moveRefusesALineOfAnotherCalculation() {
        BountyCalculation calc = started("EUR");
        BountyLine foreign = started("EUR").add("rep1", BigDecimal.ONE, "elsewhere");

        assertThrows(IllegalArgumentException.class, () -> calc.move(foreign, "rep2", BigDecimal.ONE, "x"));
    }

    @Test
    void linesNeedARuleAndARep() {
        BountyCalculation calc = BountyCalculation.of(new WinBackFacts(), "EUR");
        assertThrows(IllegalStateException.class, () -> calc.add("rep1", BigDecimal.ONE, "before any rule"));

        calc.startRule("fixed-bounty", 0);
        assertThrows(IllegalArgumentException.class, () -> calc.add(null, BigDecimal.ONE, "nobody"));
        assertThrows(IllegalArgumentException.class, () -> calc.add(" ", BigDecimal.ONE, "nobody"));
        assertEquals(List.of(), calc.lines());
    }

    @Test
    void notesArePrefixedWithTheRunningRule() {
        BountyCalculation calc = BountyCalculation.of(new WinBackFacts(), "EUR");
        calc.note("before the plan");
        calc.startRule("cap", 2);
        calc.note("within the cap");

        assertEquals(List.of("before the plan", "cap: within the cap"), calc.steps());
        assertEquals("cap", calc.currentRule());
        assertEquals(List.of(), calc.lines());
    }

    @Test
    void noLineGoesBeyondWhatTheLedgerKeeps() {
        BountyCalculation calc = started("EUR");
        assertThrows(IllegalArgumentException.class, () -> calc.add("rep1", new BigDecimal("1e14"), "too much"));
        assertThrows(IllegalArgumentException.class, () -> calc.add("rep1", new BigDecimal("-1e14"), "too little"));
        assertEquals(new BigDecimal("99999999999999.99"), calc.add("rep1", new BigDecimal("99999999999999.99"),
                "the most").amount());
        // adding to a line may not take it past the limit either
        assertThrows(IllegalArgumentException.class, () -> calc.add("rep1", BigDecimal.ONE, "one more"));
    }
}
