package dev.winback.detect.model;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD ("beta-geometric / negative binomial distribution") model of Fader, Hardie and Lee (2005), "Counting
 * Your Customers the Easy Way", Marketing Science 24(2): while alive, a customer buys at a Poisson rate λ, gamma
 * distributed over customers with shape r and rate α; after each repeat purchase they drop out for good with
 * probability p, beta distributed with (a, b). Times are in the unit the model was fitted in (weeks in Winback).
 *
 * <p>The BG/NBD lets customers drop out only right after a repeat purchase, so a customer who never bought again
 * is alive by definition ({@link #probabilityAlive} is 1 for x = 0). Lapses of one-time buyers have to be judged by
 * something else, such as their weeks of silence.
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha rate (inverse scale) of the purchase-rate distribution, in the model's time unit
 * @param a first shape of the dropout-probability distribution
 * @param b second shape of the dropout-probability distribution
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    /** Below this distance from 1, the expectations are taken as their limit at a = 1 (the formulas are 0/0 there). */
    private static final double A_NEAR_ONE = 1e-6;

    public BgNbdModel {
        requirePositive("r", r);
        requirePositive("alpha", alpha);
        requirePositive("a", a);
        requirePositive("b", b);
    }

    /**
     * The customer's log-likelihood, the log of the paper's likelihood function:
     * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
     * + ln[(α+T)^−(r+x) + δ<sub>x&gt;0</sub> a/(b+x−1) (α+t<sub>x</sub>)^−(r+x)],
     * the bracket in log-sum-exp form because both powers underflow for frequent buyers.
     */
    public double logLikelihood(RepeatBuying customer) {
        int x = customer.frequency();
        double rx = r + x;
        double head = Gamma.logGamma(rx) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Beta.logBeta(a, b + x) - Beta.logBeta(a, b);
        double stillAlive = -rx * Math.log(alpha + customer.age());
        if (x == 0) {
            return head + stillAlive;
        }
        double droppedOut = Math.log(a) - Math.log(b + x - 1) - rx * Math.log(alpha + customer.recency());
        return head + logSumExp(stillAlive, droppedOut);
    }

    /**
     * P(alive | x, t<sub>x</sub>, T) = 1 / (1 + δ<sub>x&gt;0</sub> a/(b+x−1) ((α+T)/(α+t<sub>x</sub>))^(r+x)):
     * Bayes' rule on the two terms of the likelihood, "alive at T" against "dropped out after the last purchase".
     */
    public double probabilityAlive(RepeatBuying customer) {
        int x = customer.frequency();
        if (x == 0) {
            return 1.0;
        }
        double logOddsDead = Math.log(a) - Math.log(b + x - 1)
                + (r + x) * Math.log1p((customer.age() - customer.recency()) / (alpha + customer.recency()));
        return 1.0 / (1.0 + Math.exp(logOddsDead));
    }

    /** E[X(t)], paper eq. 7: the number of repeat purchases a new customer makes in their first t time units. */
    public double expectedPurchasesNewCustomer(double t) {
        requireHorizon(t);
        return expectedPurchasesWhileAlive(a, r, alpha, b, t);
    }

    /**
     * E[Y(t) | x, t<sub>x</sub>, T], paper eq. 10: the repeat purchases this customer is expected to make in the
     * next t time units. It is P(alive) times what an alive customer with this history would buy: their rate is
     * then Gamma(r+x, α+T) and their dropout probability Beta(a, b+x), which is eq. 7 with those parameters.
     */
    public double conditionalExpectedPurchases(RepeatBuying customer, double t) {
        requireHorizon(t);
        int x = customer.frequency();
        return probabilityAlive(customer)
                * expectedPurchasesWhileAlive(a, r + x, alpha + customer.age(), b + x, t);
    }

    /**
     * Eq. 7 for a customer alive at time 0 whose rate is Gamma(shape, rate) and dropout probability Beta(a, beta):
     * (a+β−1)/(a−1) [1 − (rate/(rate+t))^shape <sub>2</sub>F<sub>1</sub>(shape, β; a+β−1; t/(rate+t))].
     */
    static double expectedPurchasesWhileAlive(double a, double shape, double rate, double beta, double t) {
        if (t == 0) {
            return 0.0;
        }
        if (Math.abs(a - 1) < A_NEAR_ONE) {
            // a = 1 is a removable singularity; the mean of both sides is exact to O(h^2).
            return (closedForm(1 + A_NEAR_ONE, shape, rate, beta, t) + closedForm(1 - A_NEAR_ONE, shape, rate, beta, t))
                    / 2;
        }
        return closedForm(a, shape, rate, beta, t);
    }

    private static double closedForm(double a, double shape, double rate, double beta, double t) {
        double c = a + beta - 1;
        double logDiscount = -shape * Math.log1p(t / rate);
        double tail = GaussHypergeometric.seriesTail(shape, beta, c, t / (rate + t));
        // 1 − q·F written as (1 − q) − q·(F − 1), so short horizons keep their digits.
        double bracket = -Math.expm1(logDiscount) - Math.exp(logDiscount) * tail;
        return c / (a - 1) * bracket;
    }

    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(Math.min(u, v) - max));
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
        }
    }

    private static void requireHorizon(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("the horizon must be finite and >= 0, was " + t);
        }
    }
}
