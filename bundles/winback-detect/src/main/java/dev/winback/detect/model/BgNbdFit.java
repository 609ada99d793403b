package dev.winback.detect.model;

/**
 * The outcome of fitting the BG/NBD to a customer base.
 *
 * @param model the maximum-likelihood parameters
 * @param logLikelihood the log-likelihood of the whole base at those parameters, to compare fits on the same data
 * @param customers how many customers the fit saw
 * @param evaluations how many times the optimiser evaluated the likelihood, a hint at how hard the fit was
 */
public record BgNbdFit(BgNbdModel model, double logLikelihood, int customers, int evaluations) {
}
