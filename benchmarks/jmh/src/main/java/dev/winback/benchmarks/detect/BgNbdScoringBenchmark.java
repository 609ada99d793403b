package dev.winback.benchmarks.detect;

import dev.winback.detect.model.BgNbdFit;
import dev.winback.detect.model.BgNbdFitter;
import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.CustomerSummary;
import dev.winback.detect.model.RepeatBuying;
import dev.winback.detect.model.SecondLifetimeValue;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Scoring a customer base with a fitted model: per customer P(alive), the conditional expected repeat purchases over
 * the next 52 weeks and the second lifetime value over 52 weeks, written to three arrays. One operation scores
 * the whole base (1,000,000 customers by default); the aim is under 10 s for the million.
 *
 * <p>The customers are simulated like the fit benchmark's, and the model is fitted in the setup on the first
 * 24,000 of them (the same seed, so the same customers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@State(Scope.Benchmark)
public class BgNbdScoringBenchmark {
    static final double HORIZON_WEEKS = 52;

    @Param("1000000")
    public int customers;

    BgNbdModel model;
    CustomerSummary[] base;
    double[] probabilityAlive;
    double[] expectedPurchases;
    double[] secondLifetimeValue;

    @Setup(Level.Trial)
    public void simulateAndFit() {
        List<CustomerSummary> summaries = SyntheticCustomers.summaries(customers, SyntheticCustomers.SEED);
        base = summaries.toArray(CustomerSummary[]::new);
        BgNbdFit fit = new BgNbdFitter().fit(summaries.subList(0, Math.min(24_000, summaries.size())).stream()
                .map(CustomerSummary::repeatBuying).toList());
        model = fit.model();
        probabilityAlive = new double[base.length];
        expectedPurchases = new double[base.length];
        secondLifetimeValue = new double[base.length];
        System.out.printf("%nscoring %,d customers with %s%n", base.length, model);
    }

    /** One thread, the customers in order. */
    @Benchmark
    public double[] scoreSequential() {
        for (int i = 0; i < base.length; i++) {
            score(i);
        }
        return secondLifetimeValue;
    }

    /** A parallel stream over the common fork-join pool (as many workers as cores, here 2). */
    @Benchmark
    public double[] scoreParallel() {
        IntStream.range(0, base.length).parallel().forEach(this::score);
        return secondLifetimeValue;
    }

    private void score(int i) {
        CustomerSummary customer = base[i];
        RepeatBuying history = customer.repeatBuying();
        probabilityAlive[i] = model.probabilityAlive(history);
        expectedPurchases[i] = model.conditionalExpectedPurchases(history, HORIZON_WEEKS);
        secondLifetimeValue[i] = SecondLifetimeValue.of(model, customer, HORIZON_WEEKS);
    }
}
