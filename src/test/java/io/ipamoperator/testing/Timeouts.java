package io.ipamoperator.testing;

import java.time.Duration;

/**
 * The one knob for every wait in the tests: each time-out is written as what an idle machine needs with a wide
 * margin, and multiplied here by {@code IPAM_TEST_TIMEOUT_FACTOR} (environment) or
 * {@code -Dipam.test.timeout-factor} (default {@value #DEFAULT_FACTOR}), so a loaded or slow machine stretches all of
 * them alike. Only upper bounds are scaled: a wait ends as soon as its condition holds, and nothing a test asserts
 * depends on the factor.
 */
public final class Timeouts {

    public static final double DEFAULT_FACTOR = 2.0;

    private Timeouts() {}

    public static double factor() {
        String configured = System.getProperty("ipam.test.timeout-factor", System.getenv("IPAM_TEST_TIMEOUT_FACTOR"));
        if (configured == null || configured.isBlank()) {
            return DEFAULT_FACTOR;
        }
        double factor = Double.parseDouble(configured.trim());
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("IPAM_TEST_TIMEOUT_FACTOR must be a number >= 1, not " + configured);
        }
        return factor;
    }

    /** {@code nominal} times the factor. */
    public static Duration scaled(Duration nominal) {
        return Duration.ofMillis(Math.round(nominal.toMillis() * factor()));
    }
}
