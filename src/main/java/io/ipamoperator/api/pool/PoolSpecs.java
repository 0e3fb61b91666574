package io.ipamoperator.api.pool;

import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PrefixPoolSpecification;

/** Turns the pools' wire specs into the allocation core's plain values (a missing spec is an empty one). */
public final class PoolSpecs {

    private PoolSpecs() {}

    /**
     * The core's view of an IP pool's spec; {@code namespace} is a namespaced pool's (its pre-allocations name
     * claims there), null for a global pool.
     */
    public static IpPoolSpecification ipPool(IPPoolSpec spec, String namespace) {
        IPPoolSpec s = spec == null ? new IPPoolSpec() : spec;
        return new IpPoolSpecification(
                s.addresses,
                s.prefix,
                s.gateway,
                s.excludedAddresses,
                Boolean.TRUE.equals(s.allocateReservedIPAddresses),
                s.addressReuseGracePeriodSeconds,
                s.drainingAddresses,
                s.preAllocations,
                namespace);
    }

    public static PrefixPoolSpecification prefixPool(PrefixPoolSpec spec) {
        PrefixPoolSpec s = spec == null ? new PrefixPoolSpec() : spec;
        return new PrefixPoolSpecification(s.prefixes, s.allocationPrefixLength, s.gateway, s.excludedPrefixes);
    }

    /** Seconds a released address stays reserved: {@code addressReuseGracePeriodSeconds}, never negative. */
    public static int gracePeriodSeconds(IPPoolSpec spec) {
        Integer seconds = spec == null ? null : spec.addressReuseGracePeriodSeconds;
        return seconds == null ? 0 : Math.max(0, seconds);
    }
}
