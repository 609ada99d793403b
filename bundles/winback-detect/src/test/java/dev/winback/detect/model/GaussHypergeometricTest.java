package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaussHypergeometricTest {

    @Test
    void isOneAtZero() {
        assertEquals(1.0, GaussHypergeometric.value(2.3, 4.1, 0.7, 0.0));
    }

    @Test
    void matchesClosedForms() {
        for (double z : new double[] {0.01, 0.3, 0.5, 0.9, 0.999}) {
            // 2F1(1, 1; 2; z) = −ln(1 − z) / z
            assertEquals(-Math.log1p(-z) / z, GaussHypergeometric.value(1, 1, 2, z), 1e-13 * (-Math.log1p(-z) / z));
            // 2F1(a, b; b; z) = (1 − z)^−a
            double expected = Math.pow(1 - z, -0.37);
            assertEquals(expected, GaussHypergeometric.value(0.37, 2.5, 2.5, z), 1e-13 * expected);
        }
        // 2F1(1/2, 1/2; 3/2; z²) = arcsin(z) / z
        assertEquals(Math.asin(0.5) / 0.5, GaussHypergeometric.value(0.5, 0.5, 1.5, 0.25), 1e-15);
    }

    @Test
    void keepsItsDigitsWhereTheTermsFirstGrow() {
        // Large a and b make the terms grow for hundreds of steps before they fall; reference: SciPy hyp2f1.
        assertEquals(34.52577978845206, GaussHypergeometric.value(1.5, 2.5, 3.2, 0.97), 1e-12 * 34.5);
        // 2F1(a, b; b; z) again, with a peak near n = 1900 and a sum near 1e44.
        double expected = Math.pow(1 - 0.95, -34.0);
        assertEquals(expected, GaussHypergeometric.value(34, 100.5, 100.5, 0.95), 1e-12 * expected);
    }

    @Test
    void tailIsTheFunctionMinusOneWithoutCancellation() {
        double z = 1e-12;
        // 2F1(1, 1; 2; z) − 1 = z/2 + z²/3 + …, which 1 + tail − 1 would round to about 5.00044e-13.
        assertEquals(z / 2 + z * z / 3, GaussHypergeometric.seriesTail(1, 1, 2, z), 1e-28);
    }

    @Test
    void refusesWhereTheSeriesDoesNotConverge() {
        assertThrows(IllegalArgumentException.class, () -> GaussHypergeometric.value(1, 1, 2, 1.0));
        assertThrows(IllegalArgumentException.class, () -> GaussHypergeometric.value(1, 1, 2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> GaussHypergeometric.value(1, 1, -2, 0.5));
        assertThrows(ArithmeticException.class, () -> GaussHypergeometric.value(1, 1, 2, 1 - 1e-9));
    }
}
