package io.ipamoperator.runtime;

import java.time.Duration;

/**
 * The bound on every wait of a claim or a machine for an event (a pool created, fixed, unpaused or given an address
 * back; a Cluster created or unpaused; an IPAddress written or deleted; a claim bound): the event wakes the object at
 * once, and should one ever be missed, the object looks again after {@code after}. Configured by
 * {@code ipam.wait-retry} ({@code IPAM_WAIT_RETRY}, default 30 s); the tests set it longer than any of their waits,
 * so that they prove the events, not the retry.
 */
public record WaitRetry(Duration after) {

    public static final String KEY = "ipam.wait-retry";
    public static final String DEFAULT = "30s";

    public WaitRetry {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException(KEY + " must be positive, not " + after);
        }
    }
}
