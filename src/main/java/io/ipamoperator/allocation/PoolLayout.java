package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * How a valid pool maps allocations to the units its {@link PoolAllocator} counts: an IP pool's unit is the
 * address itself, a prefix pool's unit is the index of a sub-prefix.
 */
public sealed interface PoolLayout permits IpPoolDefinition, PrefixPoolDefinition {

    /** The units that may be handed out. */
    IntervalSet allocatableUnits();

    /** The unit an existing allocation ({@code address}/{@code prefixLength}) occupies, if it maps to one. */
    Optional<BigInteger> unitOf(IpAddress address, int prefixLength);

    /** The address an allocated unit is written as. */
    IpAddress addressOf(BigInteger unit);

    /** The prefix length written into every allocation of the pool. */
    int allocatedPrefixLength();

    /** The gateway written into every allocation, if any. */
    Optional<IpAddress> gateway();

    /** Every address the pool may hand out, for overlap checks between pools. */
    IntervalSet addressSpace();

    /**
     * How many units the pool's entries cover but never hands out: excluded entries, the gateway and the subnet's
     * network and broadcast addresses of an IP pool, the excluded sub-prefixes of a prefix pool.
     */
    BigInteger reservedUnits();

    /** The pool's family (prefix pools are always IPv6). */
    IpFamily family();

    /**
     * Why the allocation {@code address}/{@code prefixLength} is not one the pool may hand out (outside it, its
     * gateway, reserved, excluded, of the other family, misaligned), as a sentence for the claim; empty when it
     * is allocatable.
     */
    Optional<String> whyNotAllocatable(IpAddress address, int prefixLength);

    /** Allocatable units nothing new is allocated from (a range being drained); their allocations stay valid. */
    default IntervalSet drainingUnits() {
        return IntervalSet.empty();
    }

    /** Units kept for one claim each: holder key ({@code namespace/name}) → unit; no other claim gets them. */
    default Map<String, BigInteger> preAllocatedUnits() {
        return Map.of();
    }

    /** The {@link #preAllocatedUnits() pre-allocated units} as a set, whoever they are kept for. */
    default IntervalSet preAllocatedSet() {
        return IntervalSet.of(
                preAllocatedUnits().values().stream().map(Interval::single).toList());
    }
}
