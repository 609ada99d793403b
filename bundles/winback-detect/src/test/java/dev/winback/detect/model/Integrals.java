package dev.winback.detect.model;

import org.apache.commons.math3.special.Beta;

/**
 * The BG/NBD expectations computed the long way, by integrating over the dropout probability, so that the tests
 * check the hypergeometric closed forms against something that does not use them.
 */
final class Integrals {
    private static final double STEP = 1.0 / 128;
    private static final double RANGE = 5;

    private Integrals() {
    }

    /**
     * E[purchases in (0, t]] for a customer alive at 0 with rate ~ Gamma(shape, rate) and dropout p ~ Beta(a, beta).
     * Given λ and p the expectation is (1 − e^(−λpt))/p; averaging over λ gives (1 − (rate/(rate+pt))^shape)/p,
     * which is integrated against the beta density by tanh-sinh quadrature, indifferent to the density's poles
     * at 0 and 1.
     */
    static double expectedPurchasesWhileAlive(double a, double shape, double rate, double beta, double t) {
        double logNorm = Beta.logBeta(a, beta);
        double sum = 0;
        for (double u = -RANGE; u <= RANGE; u += STEP) {
            // p = logistic(π sinh u), written so that both p and 1 − p keep their digits near the ends.
            double s = Math.PI * Math.sinh(u);
            double logP = -Math.log1p(Math.exp(-s));
            double logQ = -Math.log1p(Math.exp(s));
            double p = Math.exp(logP);
            double perP = -Math.expm1(-shape * Math.log1p(p * t / rate)) / p;
            // density p^(a−1) q^(beta−1) / B times dp/du = p q π cosh u
            sum += perP * Math.exp(a * logP + beta * logQ - logNorm) * Math.PI * Math.cosh(u);
        }
        return sum * STEP;
    }
}
