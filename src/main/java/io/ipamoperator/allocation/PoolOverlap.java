package io.ipamoperator.allocation;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The addresses two pools could both hand out. Pools of different families never overlap. The size is exact
 * and the first shared range names the overlap for a condition message.
 */
public record PoolOverlap(IpFamily family, IntervalSet shared) {

    public static Optional<PoolOverlap> between(PoolLayout one, PoolLayout other) {
        if (one.family() != other.family()) {
            return Optional.empty();
        }
        IntervalSet shared = one.addressSpace().intersection(other.addressSpace());
        return shared.isEmpty() ? Optional.empty() : Optional.of(new PoolOverlap(one.family(), shared));
    }

    public BigInteger size() {
        return shared.size();
    }

    /** The lowest shared range, written as a pool entry. */
    public AddressRange firstRange() {
        return new AddressRange(family, shared.intervals().get(0));
    }

    @Override
    public String toString() {
        int more = shared.intervals().size() - 1;
        return firstRange() + (more > 0 ? " and " + more + " more range(s)" : "");
    }
}
