package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fitter and the predictions against customers simulated from the model's own story, where the truth is known:
 * rates from a gamma, dropout probabilities from a beta, Poisson purchases, a coin flip after each repeat purchase.
 */
class BgNbdFitterTest {
    private static final BgNbdModel TRUTH = new BgNbdModel(0.25, 4.0, 0.8, 2.5);
    private static final int CUSTOMERS = 20_000;
    private static final double HOLDOUT = 39;

    private static final List<Simulated> simulated = new ArrayList<>();
    private static BgNbdFit fit;

    /** One simulated customer: calibration history, whether still alive at T, and purchases in the holdout. */
    record Simulated(RepeatBuying history, boolean alive, int holdoutPurchases) {
    }

    @BeforeAll
    static void simulateAndFit() {
        RandomGenerator random = new Well19937c(20051);
        GammaDistribution rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
        BetaDistribution dropouts = new BetaDistribution(random, TRUTH.a(), TRUTH.b());
        for (int i = 0; i < CUSTOMERS; i++) {
            double lambda = rates.sample();
            double p = dropouts.sample();
            // Customers join over a quarter, as in CDNOW: T between 26 and 39 weeks.
            double age = 26 + 13 * random.nextDouble();
            int x = 0;
            int later = 0;
            double recency = 0;
            double time = 0;
            boolean alive = true;
            while (alive) {
                time += -Math.log(1 - random.nextDouble()) / lambda;
                if (time > age + HOLDOUT) {
                    break;
                }
                if (time <= age) {
                    x++;
                    recency = time;
                } else {
                    later++;
                }
                alive = random.nextDouble() >= p;
            }
            boolean aliveAtAge = alive || time > age;
            simulated.add(new Simulated(new RepeatBuying(x, recency, age), aliveAtAge, later));
        }
        fit = new BgNbdFitter().fit(simulated.stream().map(Simulated::history).toList());
        System.out.printf("Simulated %d customers from %s: fitted %s, LL %.4f (at the truth %.4f)%n", CUSTOMERS, TRUTH,
                fit.model(), fit.logLikelihood(), logLikelihood(TRUTH));
    }

    @Test
    void findsTheMaximumOfTheLikelihood() {
        double atTruth = logLikelihood(TRUTH);
        // The MLE is at least as likely as the truth, and not by more than chance allows:
        // 2 (LL_fit − LL_truth) is chi-squared with 4 degrees of freedom, whose 99.9% point is 18.47.
        double lr = 2 * (fit.logLikelihood() - atTruth);
        assertTrue(lr >= 0 && lr < 18.47, "likelihood ratio statistic " + lr);
        assertEquals(logLikelihood(fit.model()), fit.logLikelihood(), 1e-6);
    }

    @Test
    void recoversTheParameters() {
        BgNbdModel m = fit.model();
        assertEquals(TRUTH.r(), m.r(), 0.1 * TRUTH.r(), "r");
        assertEquals(TRUTH.alpha(), m.alpha(), 0.15 * TRUTH.alpha(), "alpha");
        assertEquals(TRUTH.a(), m.a(), 0.3 * TRUTH.a(), "a");
        assertEquals(TRUTH.b(), m.b(), 0.3 * TRUTH.b(), "b");
    }

    @Test
    void probabilityAliveMatchesTheShareStillAlive() {
        double predicted = 0;
        int alive = 0;
        int repeaters = 0;
        for (Simulated s : simulated) {
            if (s.history().frequency() > 0) {
                repeaters++;
                predicted += TRUTH.probabilityAlive(s.history());
                alive += s.alive() ? 1 : 0;
            }
        }
        assertEquals((double) alive / repeaters, predicted / repeaters, 0.02, repeaters + " repeat buyers");
    }

    @Test
    void conditionalExpectationMatchesTheHoldout() {
        double predicted = 0;
        long actual = 0;
        for (Simulated s : simulated) {
            predicted += fit.model().conditionalExpectedPurchases(s.history(), HOLDOUT);
            actual += s.holdoutPurchases();
        }
        assertEquals(actual, predicted, 0.05 * actual);
    }

    @Test
    void theOrderOfCustomersDoesNotMatter() {
        List<RepeatBuying> shuffled = new ArrayList<>(simulated.stream().map(Simulated::history).toList());
        Collections.reverse(shuffled);
        assertEquals(fit.logLikelihood(), new BgNbdFitter().fit(shuffled).logLikelihood(), 1e-6);
    }

    @Test
    void refusesWhatItCannotFit() {
        assertThrows(IllegalArgumentException.class, () -> new BgNbdFitter().fit(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new BgNbdFitter().fit(List.of(new RepeatBuying(0, 0, 10), new RepeatBuying(0, 0, 20))));
    }

    private static double logLikelihood(BgNbdModel model) {
        return simulated.stream().mapToDouble(s -> model.logLikelihood(s.history())).sum();
    }
}
