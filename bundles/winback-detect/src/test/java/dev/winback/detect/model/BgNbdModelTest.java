package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class BgNbdModelTest {
    /** The paper's CDNOW estimates, rounded as published. */
    private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    @Test
    void customersWithoutRepeatPurchasesAreAlive() {
        for (double age : new double[] {0, 1, 39, 500}) {
            assertEquals(1.0, CDNOW.probabilityAlive(new RepeatBuying(0, 0, age)));
        }
    }

    @Test
    void silenceLowersTheProbabilityOfBeingAlive() {
        double previous = 1.0;
        for (double age = 10; age <= 200; age += 5) {
            double alive = CDNOW.probabilityAlive(new RepeatBuying(3, 10, age));
            assertTrue(alive < previous, "P(alive) must fall as the silence grows, at T = " + age);
            previous = alive;
        }
    }

    @Test
    void aRecentPurchaseRaisesTheProbabilityOfBeingAlive() {
        double previous = 0.0;
        for (double recency = 1; recency <= 40; recency += 1) {
            double alive = CDNOW.probabilityAlive(new RepeatBuying(3, recency, 40));
            assertTrue(alive > previous, "P(alive) must rise with t_x, at t_x = " + recency);
            previous = alive;
        }
    }

    @Test
    void aCustomerWhoJustBoughtMayStillHaveDroppedOutAfterIt() {
        // t_x = T: the only doubt left is the coin flip right after the last purchase.
        RepeatBuying justBought = new RepeatBuying(4, 30, 30);
        assertEquals(1 / (1 + 0.793 / (2.426 + 4 - 1)), CDNOW.probabilityAlive(justBought), 1e-15);
    }

    @Test
    void probabilityAliveByHand() {
        // x = 2, t_x = 30.43, T = 38.86: a/(b+x−1) = 0.793/3.426 = 0.231465;
        // ((α+T)/(α+t_x))^(r+x) = (43.274/34.844)^2.243 = 1.625768; 1/(1 + 0.231465 · 1.625768) = 0.726579.
        assertEquals(0.726578570080673, CDNOW.probabilityAlive(new RepeatBuying(2, 30.43, 38.86)), 1e-12);
    }

    @Test
    void frequentBuyersDoNotUnderflow() {
        RepeatBuying heavy = new RepeatBuying(400, 38, 39);
        assertTrue(Double.isFinite(CDNOW.logLikelihood(heavy)));
        double alive = CDNOW.probabilityAlive(heavy);
        assertTrue(alive > 0 && alive < 1);
        RepeatBuying gone = new RepeatBuying(400, 1, 39);
        assertEquals(0.0, CDNOW.probabilityAlive(gone), 1e-300);
        assertTrue(Double.isFinite(CDNOW.conditionalExpectedPurchases(heavy, 39)));
    }

    @Test
    void logLikelihoodIsThePapersLikelihood() {
        // The likelihood written plainly, fine for small x: B(a,b+x)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
        // + B(a+1,b+x−1)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
        int x = 3;
        double tx = 20, age = 35;
        double common = Math.exp(Gamma.logGamma(r + x) - Gamma.logGamma(r)) * Math.pow(alpha, r);
        double likelihood = Math.exp(Beta.logBeta(a, b + x) - Beta.logBeta(a, b)) * common
                / Math.pow(alpha + age, r + x)
                + Math.exp(Beta.logBeta(a + 1, b + x - 1) - Beta.logBeta(a, b)) * common
                / Math.pow(alpha + tx, r + x);
        assertEquals(Math.log(likelihood), CDNOW.logLikelihood(new RepeatBuying(x, tx, age)), 1e-12);

        double noRepeat = Math.exp(Beta.logBeta(a, b) - Beta.logBeta(a, b)) * Math.pow(alpha, r)
                / Math.pow(alpha + age, r);
        assertEquals(Math.log(noRepeat), CDNOW.logLikelihood(new RepeatBuying(0, 0, age)), 1e-12);
    }

    @Test
    void newCustomerExpectationMatchesTheIntegral() {
        for (BgNbdModel m : new BgNbdModel[] {CDNOW, new BgNbdModel(1.7, 12, 3.1, 1.4),
                new BgNbdModel(0.5, 2, 1.0, 3)}) {
            for (double t : new double[] {0.5, 13, 39, 78, 520}) {
                double integral = Integrals.expectedPurchasesWhileAlive(m.a(), m.r(), m.alpha(), m.b(), t);
                assertEquals(integral, m.expectedPurchasesNewCustomer(t), 1e-8 * integral, m + ", t = " + t);
            }
        }
    }

    @Test
    void conditionalExpectationMatchesTheIntegral() {
        RepeatBuying[] histories = {new RepeatBuying(0, 0, 38.86), new RepeatBuying(1, 2, 30),
                new RepeatBuying(2, 30.43, 38.86), new RepeatBuying(7, 35, 36), new RepeatBuying(25, 5, 39)};
        for (BgNbdModel m : new BgNbdModel[] {CDNOW, new BgNbdModel(1.7, 12, 3.1, 1.4)}) {
            for (RepeatBuying h : histories) {
                for (double t : new double[] {1, 39, 104}) {
                    int x = h.frequency();
                    double integral = m.probabilityAlive(h) * Integrals.expectedPurchasesWhileAlive(
                            m.a(), m.r() + x, m.alpha() + h.age(), m.b() + x, t);
                    assertEquals(integral, m.conditionalExpectedPurchases(h, t), 1e-8 * integral + 1e-15,
                            m + ", " + h + ", t = " + t);
                }
            }
        }
    }

    @Test
    void conditionalExpectationForTheWorkedExample() {
        // x = 2, t_x = 30.43, T = 38.86 over the next 39 weeks; reference value from SciPy's hyp2f1.
        assertEquals(1.226028174767135, CDNOW.conditionalExpectedPurchases(new RepeatBuying(2, 30.43, 38.86), 39),
                1e-11);
        assertEquals(1.1967231933207985, CDNOW.expectedPurchasesNewCustomer(39), 1e-11);
    }

    @Test
    void expectationsStartAtZeroAndGrow() {
        RepeatBuying h = new RepeatBuying(3, 20, 39);
        assertEquals(0.0, CDNOW.expectedPurchasesNewCustomer(0));
        assertEquals(0.0, CDNOW.conditionalExpectedPurchases(h, 0));
        double previousNew = 0;
        double previousConditional = 0;
        for (double t = 1; t <= 260; t += 1) {
            double fresh = CDNOW.expectedPurchasesNewCustomer(t);
            double conditional = CDNOW.conditionalExpectedPurchases(h, t);
            assertTrue(fresh > previousNew && conditional > previousConditional, "at t = " + t);
            previousNew = fresh;
            previousConditional = conditional;
        }
    }

    @Test
    void shortHorizonsBuyAtTheCurrentRate() {
        // Over a short t an alive customer buys about t·E[λ]; for a new customer E[λ] = r/α.
        double t = 1e-6;
        assertEquals(0.243 / 4.414 * t, CDNOW.expectedPurchasesNewCustomer(t), 1e-6 * 0.243 / 4.414 * t);
    }

    @Test
    void aEqualToOneIsTheLimit() {
        BgNbdModel atOne = new BgNbdModel(0.5, 2, 1.0, 3);
        BgNbdModel near = new BgNbdModel(0.5, 2, 1.0 + 1e-3, 3);
        double expected = atOne.expectedPurchasesNewCustomer(39);
        assertTrue(Double.isFinite(expected));
        assertEquals(near.expectedPurchasesNewCustomer(39), expected, 1e-2 * expected);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new BgNbdModel(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BgNbdModel(1, Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> CDNOW.expectedPurchasesNewCustomer(-1));
        assertThrows(IllegalArgumentException.class, () -> new RepeatBuying(1, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new RepeatBuying(0, 2, 4));
    }
}
