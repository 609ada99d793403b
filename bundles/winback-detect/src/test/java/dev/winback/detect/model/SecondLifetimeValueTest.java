package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SecondLifetimeValueTest {
    private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    private static final LocalDate FIRST = LocalDate.of(1997, 1, 1);
    private static final LocalDate CUT_OFF = LocalDate.of(1997, 9, 30);

    private static CustomerSummary customer(int frequency, int activeDays, double monetaryValue) {
        return new CustomerSummary("c", FIRST, FIRST.plusDays(activeDays), CUT_OFF, frequency, monetaryValue);
    }

    @Test
    void withoutAHorizonOnlyTheReturnPurchaseCounts() {
        assertEquals(35.0, SecondLifetimeValue.of(CDNOW, customer(3, 70, 35), 0), 1e-12);
    }

    @Test
    void aOneTimeBuyerIsWorthANewCustomer() {
        double expected = 25 * (1 + CDNOW.expectedPurchasesNewCustomer(52));
        assertEquals(expected, SecondLifetimeValue.of(CDNOW, customer(0, 0, 25), 52), 1e-12 * expected);
    }

    @Test
    void usesTheRateTheCustomerShowedWhileActive() {
        // x = 4 repeat purchases over 10 weeks: rate Gamma(r+4, α+10), dropout Beta(a, b); integrated independently.
        double integral = Integrals.expectedPurchasesWhileAlive(0.793, 0.243 + 4, 4.414 + 10, 2.426, 52);
        double expected = 30 * (1 + integral);
        assertEquals(expected, SecondLifetimeValue.of(CDNOW, customer(4, 70, 30), 52), 1e-8 * expected);
    }

    @Test
    void isProportionalToTheSpendPerPurchase() {
        double one = SecondLifetimeValue.of(CDNOW, customer(2, 40, 1), 52);
        assertEquals(80 * one, SecondLifetimeValue.of(CDNOW, customer(2, 40, 80), 52), 1e-12 * 80 * one);
        assertEquals(0.0, SecondLifetimeValue.of(CDNOW, customer(2, 40, 0), 52));
    }

    @Test
    void ranksFrequentBuyersAndLongerHorizonsHigher() {
        double occasional = SecondLifetimeValue.of(CDNOW, customer(1, 100, 30), 52);
        double regular = SecondLifetimeValue.of(CDNOW, customer(8, 100, 30), 52);
        assertTrue(regular > occasional);
        assertTrue(SecondLifetimeValue.of(CDNOW, customer(8, 100, 30), 104) > regular);
        // The same purchases packed into a shorter active spell mean a faster buyer.
        assertTrue(SecondLifetimeValue.of(CDNOW, customer(8, 50, 30), 52) > regular);
    }

    @Test
    void theSilenceBeforeTheWinBackIsNotHeldAgainstTheCustomer() {
        CustomerSummary leftEarly = new CustomerSummary("c", FIRST, FIRST.plusDays(70), FIRST.plusDays(80), 4, 30);
        CustomerSummary leftLongAgo = new CustomerSummary("c", FIRST, FIRST.plusDays(70), FIRST.plusDays(800), 4, 30);
        assertEquals(SecondLifetimeValue.of(CDNOW, leftEarly, 52), SecondLifetimeValue.of(CDNOW, leftLongAgo, 52));
    }

    @Test
    void rejectsANegativeHorizon() {
        assertThrows(IllegalArgumentException.class, () -> SecondLifetimeValue.of(CDNOW, customer(0, 0, 1), -1));
    }
}
