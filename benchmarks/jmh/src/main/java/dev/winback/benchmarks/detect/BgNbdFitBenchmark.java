package dev.winback.benchmarks.detect;

import dev.winback.detect.model.BgNbdFit;
import dev.winback.detect.model.BgNbdFitter;
import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.CalibrationPeriod;
import dev.winback.detect.model.CustomerSummary;
import dev.winback.detect.model.Purchase;
import dev.winback.detect.model.RepeatBuying;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fitting the BG/NBD by maximum likelihood, end to end from the customers' summaries: summaries → (x, t<sub>x</sub>,
 * T) → fit. The {@code summarizeAndFit} variants start one step earlier, from the raw purchases, and include
 * {@link CalibrationPeriod#summarize} (the step a database {@code GROUP BY} can take over).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class BgNbdFitBenchmark {

    /** 24,000 synthetic customers from the CDNOW parameters, daily resolution. */
    @State(Scope.Benchmark)
    public static class Synthetic {
        @Param("24000")
        public int customers;

        List<Purchase> purchases;
        List<CustomerSummary> summaries;

        @Setup(Level.Trial)
        public void simulate() {
            purchases = SyntheticCustomers.purchases(customers, SyntheticCustomers.SEED);
            summaries = SyntheticCustomers.CALIBRATION.summarize(purchases);
            describe("synthetic", purchases, summaries);
        }
    }

    /** The CDNOW sample, 2,357 customers, calibration to 1997-09-30. */
    @State(Scope.Benchmark)
    public static class Cdnow {
        /** Where CDNOW_sample.txt is; blank: found from the working directory upwards under shared/data/cdnow. */
        @Param("")
        public String cdnowFile;

        final CalibrationPeriod calibration = new CalibrationPeriod(CdnowPurchases.CALIBRATION_END);
        List<Purchase> purchases;
        List<CustomerSummary> summaries;

        @Setup(Level.Trial)
        public void read() {
            Path file = CdnowPurchases.locate(cdnowFile);
            purchases = CdnowPurchases.read(file);
            summaries = calibration.summarize(purchases);
            if (summaries.size() != 2357) {
                throw new IllegalStateException(file + " is not the CDNOW sample: " + summaries.size()
                        + " customers in the calibration period, expected 2357");
            }
            describe("CDNOW " + file, purchases, summaries);
        }
    }

    @Benchmark
    public BgNbdFit fitSynthetic(Synthetic data) {
        return fit(data.summaries);
    }

    @Benchmark
    public BgNbdFit summarizeAndFitSynthetic(Synthetic data) {
        return fit(SyntheticCustomers.CALIBRATION.summarize(data.purchases));
    }

    @Benchmark
    public BgNbdFit fitCdnow(Cdnow data) {
        return fit(data.summaries);
    }

    @Benchmark
    public BgNbdFit summarizeAndFitCdnow(Cdnow data) {
        return fit(data.calibration.summarize(data.purchases));
    }

    private static BgNbdFit fit(List<CustomerSummary> summaries) {
        return new BgNbdFitter().fit(summaries.stream().map(CustomerSummary::repeatBuying).toList());
    }

    /** Prints once per trial what the benchmark works on and the fit it reaches, so the figures can be checked. */
    static void describe(String what, List<Purchase> purchases, List<CustomerSummary> summaries) {
        List<RepeatBuying> histories = summaries.stream().map(CustomerSummary::repeatBuying).toList();
        int repeaters = (int) histories.stream().filter(h -> h.frequency() > 0).count();
        BgNbdFit fit = new BgNbdFitter().fit(histories);
        BgNbdModel m = fit.model();
        System.out.printf("%n%s: %,d purchases, %,d customers (%,d repeat buyers), %,d distinct (x, t_x, T);"
                + " fit r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.3f in %d evaluations%n", what, purchases.size(),
                summaries.size(), repeaters, new HashSet<>(histories).size(), m.r(), m.alpha(), m.a(), m.b(),
                fit.logLikelihood(), fit.evaluations());
    }
}
