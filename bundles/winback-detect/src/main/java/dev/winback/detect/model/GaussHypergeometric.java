package dev.winback.detect.model;

/**
 * The Gaussian hypergeometric function <sub>2</sub>F<sub>1</sub>(a, b; c; z) for 0 &lt;= z &lt; 1, which the
 * BG/NBD expectations need and Commons Math does not have.
 *
 * <p>The power series is enough here: the model calls it with z = t / (scale + t), below 1 for every finite
 * horizon, and with a, b &gt; 0 so that the terms end up positive and decreasing. It slows down as z nears 1
 * (about ln(eps) / ln(z) terms), hence the cap on terms instead of a silent wrong answer.
 */
final class GaussHypergeometric {
    /** Enough for z = 1 - 1e-5, a horizon 100,000 times the customer's age. */
    static final int MAX_TERMS = 5_000_000;
    private static final double EPSILON = 1e-16;

    private GaussHypergeometric() {
    }

    static double value(double a, double b, double c, double z) {
        return 1.0 + seriesTail(a, b, c, z);
    }

    /**
     * <sub>2</sub>F<sub>1</sub>(a, b; c; z) - 1, the series without its leading 1; callers that subtract the
     * function from 1 keep the digits that the subtraction would cancel.
     */
    static double seriesTail(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 series needs 0 <= z < 1, was " + z);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c = " + c);
        }
        double term = 1.0;
        double sum = 0.0;
        double ratio = a * b / c * z;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= ratio;
            sum += term;
            ratio = (a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)) * z;
            // Stop once the terms shrink geometrically and what is left (about a geometric tail) is negligible;
            // a small term alone is not enough while the terms still grow towards their peak.
            double shrink = Math.abs(ratio);
            if (term == 0 || (shrink < 1 && Math.abs(term) * shrink / (1 - shrink) <= EPSILON * Math.abs(sum))) {
                return sum;
            }
            if (!Double.isFinite(sum)) {
                throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") overflows");
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
                + MAX_TERMS + " terms");
    }
}
