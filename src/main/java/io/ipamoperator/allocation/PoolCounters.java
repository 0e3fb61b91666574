package io.ipamoperator.allocation;

import java.math.BigInteger;

/**
 * A pool's counters. {@code total} and {@code free} are exact (an IPv6 /64 has 2^64 addresses); the API's int64
 * fields get them through {@link #capped(BigInteger)}. {@code free} counts only allocatable units nobody holds,
 * so out-of-range allocations do not make it smaller (the in-cluster provider under-reports it). {@code reserved}
 * counts pre-allocated units their claim does not hold yet (not free, not used); {@code drainingHeld} the units still
 * held in draining ranges.
 */
public record PoolCounters(
        BigInteger total, long used, BigInteger free, long outOfRange, long reserved, long drainingHeld) {

    /** Counters of a pool without pre-allocations or draining ranges. */
    public PoolCounters(BigInteger total, long used, BigInteger free, long outOfRange) {
        this(total, used, free, outOfRange, 0, 0);
    }

    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** {@code value} as an int64, capped at 2^63-1. */
    public static long capped(BigInteger value) {
        return value.compareTo(INT64_MAX) > 0 ? Long.MAX_VALUE : value.longValueExact();
    }
}
