package dev.winback.api.detect;

/**
 * A BG/NBD model fitted by maximum likelihood (Fader, Hardie and Lee 2005): purchases while alive are Poisson with
 * a gamma(r, alpha) distributed rate per week; after each purchase the customer drops out with a beta(a, b)
 * distributed probability.
 */
public class FittedModel {
    public double r;
    public double alpha;
    public double a;
    public double b;
    /** Log-likelihood of the calibration data at the optimum. */
    public double logLikelihood;
    /** Customers the model was fitted on. */
    public long customers;
}
