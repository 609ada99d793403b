package dev.winback.benchmarks.detect;

import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.CalibrationPeriod;
import dev.winback.detect.model.CustomerSummary;
import dev.winback.detect.model.Purchase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Customers simulated from the BG/NBD's own story with a fixed seed, as in BgNbdFitterTest, but on calendar days so
 * that the summaries look like the ones a shop produces (and most histories are distinct): each customer first buys
 * on one of the first 12 weeks of a 39-week calibration period, buys at a Poisson rate λ ~ Gamma(r, α) per week,
 * and after each repeat purchase drops out with probability p ~ Beta(a, b). Purchases on the same day are one
 * purchase day to the model. Spend per purchase is log-normal around $30.
 */
final class SyntheticCustomers {
    /** The CDNOW estimates of Fader, Hardie and Lee (2005). */
    static final BgNbdModel TRUTH = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    static final LocalDate CALIBRATION_END = LocalDate.of(2026, 9, 30);
    static final CalibrationPeriod CALIBRATION = new CalibrationPeriod(CALIBRATION_END);
    /** 39 weeks, the calibration period's first day included. */
    static final int CALIBRATION_DAYS = 39 * 7;
    static final int JOINING_DAYS = 12 * 7;
    static final long SEED = 20261123L;

    private SyntheticCustomers() {
    }

    /** The purchases of {@code customers} simulated customers up to the end of the calibration period. */
    static List<Purchase> purchases(int customers, long seed) {
        RandomGenerator random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, TRUTH.r(), 1 / TRUTH.alpha());
        BetaDistribution dropouts = new BetaDistribution(random, TRUTH.a(), TRUTH.b());
        LocalDate start = CALIBRATION_END.minusDays(CALIBRATION_DAYS - 1);
        // One LocalDate per day, shared, as a JDBC driver reading a date column would not; it only saves heap here.
        LocalDate[] days = new LocalDate[CALIBRATION_DAYS];
        for (int d = 0; d < days.length; d++) {
            days[d] = start.plusDays(d);
        }
        List<Purchase> purchases = new ArrayList<>(customers * 5 / 2);
        for (int i = 0; i < customers; i++) {
            String id = "c" + i;
            double lambda = rates.sample();
            double p = dropouts.sample();
            int first = random.nextInt(JOINING_DAYS);
            double ageWeeks = (CALIBRATION_DAYS - 1 - first) / 7.0;
            purchases.add(new Purchase(id, days[first], spend(random)));
            double time = 0;
            boolean alive = true;
            while (alive) {
                time += -Math.log(1 - random.nextDouble()) / lambda;
                if (time > ageWeeks) {
                    break;
                }
                int day = first + (int) Math.min(Math.floor(time * 7), CALIBRATION_DAYS - 1 - first);
                purchases.add(new Purchase(id, days[day], spend(random)));
                alive = random.nextDouble() >= p;
            }
        }
        return purchases;
    }

    /** The customers' summaries at the end of the calibration period. */
    static List<CustomerSummary> summaries(int customers, long seed) {
        return CALIBRATION.summarize(purchases(customers, seed));
    }

    private static double spend(RandomGenerator random) {
        return Math.round(100 * Math.exp(3.2 + 0.6 * random.nextGaussian())) / 100.0;
    }
}
