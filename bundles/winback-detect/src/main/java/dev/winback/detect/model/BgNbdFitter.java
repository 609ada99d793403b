package dev.winback.detect.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Fits the BG/NBD by maximum likelihood.
 *
 * <p>The search runs on the logarithms of r, α, a and b, which keeps them positive and evens out their scales.
 * BOBYQA (Powell's derivative-free trust-region method) needs about half the likelihood evaluations of a
 * Nelder-Mead simplex to reach the paper's digits on CDNOW. It is restarted from its optimum with a fresh, small
 * trust region until a restart no longer improves the likelihood, which guards against an early stop.
 * The bounds, e<sup>±25</sup>, are far outside any sensible parameter and only stop a degenerate base (nobody
 * drops out, say) from running off to infinity.
 *
 * <p>Customers with the same (x, t<sub>x</sub>, T) contribute the same term, and with histories counted in days
 * there are far fewer distinct triples than customers; the likelihood is summed per triple, and the logarithms and
 * gamma functions per distinct T, t<sub>x</sub> and x.
 */
public final class BgNbdFitter {
    private static final int MAX_EVALUATIONS = 100_000;
    private static final int MAX_RESTARTS = 20;
    /** Improvement of the log-likelihood below which a restart counts as confirming the optimum. */
    private static final double CONFIRMED = 1e-9;
    private static final double BOUND = 25;
    private static final double INITIAL_RADIUS = 0.5;
    private static final double RESTART_RADIUS = 0.05;
    /** The trust region at which the search stops, in log-parameters. */
    private static final double FINAL_RADIUS = 1e-10;
    /** 2n + 1 for the n = 4 parameters, the number Powell recommends. */
    private static final int INTERPOLATION_POINTS = 9;

    /**
     * @throws IllegalArgumentException if there are no customers, or no repeat purchases at all (then the
     *     likelihood has no maximum: any dropout process explains a base where nobody came back)
     */
    public BgNbdFit fit(Collection<RepeatBuying> customers) {
        AggregatedLikelihood likelihood = new AggregatedLikelihood(customers);
        PointValuePair best = minimize(likelihood, likelihood.startingPoint(), INITIAL_RADIUS);
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair next = minimize(likelihood, best.getPoint(), RESTART_RADIUS);
            boolean improved = next.getValue() < best.getValue() - CONFIRMED;
            if (next.getValue() < best.getValue()) {
                best = next;
            }
            if (!improved) {
                break;
            }
        }
        double[] p = best.getPoint();
        BgNbdModel model = new BgNbdModel(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3]));
        return new BgNbdFit(model, -best.getValue(), likelihood.customers, likelihood.evaluations);
    }

    private static PointValuePair minimize(AggregatedLikelihood likelihood, double[] start, double radius) {
        double[] lower = {-BOUND, -BOUND, -BOUND, -BOUND};
        double[] upper = {BOUND, BOUND, BOUND, BOUND};
        double[] inside = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            // BOBYQA wants its first trust region inside the bounds.
            inside[i] = Math.max(-BOUND + radius, Math.min(BOUND - radius, start[i]));
        }
        return new BOBYQAOptimizer(INTERPOLATION_POINTS, radius, FINAL_RADIUS).optimize(
                new ObjectiveFunction(likelihood),
                GoalType.MINIMIZE,
                new InitialGuess(inside),
                new SimpleBounds(lower, upper),
                new MaxEval(MAX_EVALUATIONS));
    }

    /** Minus the log-likelihood of the base, as a function of (ln r, ln α, ln a, ln b). */
    private static final class AggregatedLikelihood implements MultivariateFunction {
        final int customers;
        final int[] frequencies;
        final double[] customersPerFrequency;
        final double[] ages;
        final double[] recencies;
        final int[] groupFrequency;
        final int[] groupAge;
        /** -1 for x = 0, where t<sub>x</sub> plays no part. */
        final int[] groupRecency;
        final double[] groupCustomers;
        final double totalFrequency;
        final double totalAge;
        int evaluations;

        AggregatedLikelihood(Collection<RepeatBuying> histories) {
            if (histories.isEmpty()) {
                throw new IllegalArgumentException("cannot fit the BG/NBD without customers");
            }
            Map<RepeatBuying, Integer> groups = new HashMap<>();
            TreeMap<Integer, Integer> byFrequency = new TreeMap<>();
            TreeMap<Double, Integer> byAge = new TreeMap<>();
            TreeMap<Double, Integer> byRecency = new TreeMap<>();
            double sumX = 0;
            double sumT = 0;
            for (RepeatBuying h : histories) {
                groups.merge(h, 1, Integer::sum);
                byFrequency.merge(h.frequency(), 1, Integer::sum);
                byAge.putIfAbsent(h.age(), 0);
                if (h.frequency() > 0) {
                    byRecency.putIfAbsent(h.recency(), 0);
                }
                sumX += h.frequency();
                sumT += h.age();
            }
            if (sumX == 0) {
                throw new IllegalArgumentException("cannot fit the BG/NBD: no customer made a repeat purchase");
            }
            customers = histories.size();
            totalFrequency = sumX;
            totalAge = sumT;

            frequencies = new int[byFrequency.size()];
            customersPerFrequency = new double[frequencies.length];
            int i = 0;
            for (Map.Entry<Integer, Integer> e : byFrequency.entrySet()) {
                frequencies[i] = e.getKey();
                customersPerFrequency[i] = e.getValue();
                e.setValue(i++);
            }
            ages = index(byAge);
            recencies = index(byRecency);

            int size = groups.size();
            groupFrequency = new int[size];
            groupAge = new int[size];
            groupRecency = new int[size];
            groupCustomers = new double[size];
            int g = 0;
            for (Map.Entry<RepeatBuying, Integer> e : groups.entrySet()) {
                RepeatBuying h = e.getKey();
                groupFrequency[g] = byFrequency.get(h.frequency());
                groupAge[g] = byAge.get(h.age());
                groupRecency[g] = h.frequency() > 0 ? byRecency.get(h.recency()) : -1;
                groupCustomers[g] = e.getValue();
                g++;
            }
        }

        private static double[] index(TreeMap<Double, Integer> values) {
            double[] sorted = new double[values.size()];
            int i = 0;
            for (Map.Entry<Double, Integer> e : values.entrySet()) {
                sorted[i] = e.getKey();
                e.setValue(i++);
            }
            return sorted;
        }

        /**
         * r = 1 and α matching the observed purchase rate (biased low by dropouts, which the search corrects);
         * a = b = 1, a uniform dropout probability.
         */
        double[] startingPoint() {
            return new double[] {0, Math.log(Math.max(totalAge, 1e-6) / totalFrequency), 0, 0};
        }

        @Override
        public double value(double[] logParameters) {
            evaluations++;
            double r = Math.exp(logParameters[0]);
            double alpha = Math.exp(logParameters[1]);
            double a = Math.exp(logParameters[2]);
            double b = Math.exp(logParameters[3]);
            if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || Double.isInfinite(r + alpha + a + b)) {
                return Double.POSITIVE_INFINITY;
            }
            double[] logAge = new double[ages.length];
            for (int k = 0; k < ages.length; k++) {
                logAge[k] = Math.log(alpha + ages[k]);
            }
            double[] logRecency = new double[recencies.length];
            for (int j = 0; j < recencies.length; j++) {
                logRecency[j] = Math.log(alpha + recencies[j]);
            }
            double logA = Math.log(a);
            double ll = customers * (r * Math.log(alpha) - Gamma.logGamma(r) - Beta.logBeta(a, b));
            double[] logDropout = new double[frequencies.length];
            for (int i = 0; i < frequencies.length; i++) {
                int x = frequencies[i];
                ll += customersPerFrequency[i] * (Gamma.logGamma(r + x) + Beta.logBeta(a, b + x));
                logDropout[i] = x > 0 ? logA - Math.log(b + x - 1) : Double.NaN;
            }
            for (int g = 0; g < groupCustomers.length; g++) {
                int i = groupFrequency[g];
                double rx = r + frequencies[i];
                double stillAlive = -rx * logAge[groupAge[g]];
                double term = stillAlive;
                if (groupRecency[g] >= 0) {
                    double droppedOut = logDropout[i] - rx * logRecency[groupRecency[g]];
                    // log-sum-exp; log(1 + y) instead of log1p(y) because Math.log is an intrinsic and log1p is
                    // not, and the digits log1p would keep are below 1e-16 of a term that is summed anyway.
                    double d = droppedOut - stillAlive;
                    term = d > 0 ? droppedOut + Math.log(1 + Math.exp(-d)) : stillAlive + Math.log(1 + Math.exp(d));
                }
                ll += groupCustomers[g] * term;
            }
            return Double.isNaN(ll) ? Double.POSITIVE_INFINITY : -ll;
        }
    }
}
