package io.ipamoperator.pool;

import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolOverlap;
import io.ipamoperator.api.pool.PoolStatus;
import io.ipamoperator.identity.PoolId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a pool's status depends on, read after its spec was handed to the index.
 *
 * @param invalidSpec the validation message when the spec is invalid
 * @param counters the index's counters (present while the spec is valid)
 * @param addressCount how many IPAddresses reference the pool, in range or not
 * @param overlaps every other pool whose allocatable addresses share addresses with this one
 * @param duplicates each address held by more than one IPAddress, as "address held by a, b"
 * @param current the status as it is now (null for a new pool)
 * @param draining whether the valid spec has {@code drainingAddresses}
 * @param preAllocating whether the valid spec has {@code preAllocations}
 * @param orphaned how many of its IPAddresses have been without their claim for a while; empty while claims are not
 *     known
 */
public record PoolFacts(
        PoolId pool,
        Optional<String> invalidSpec,
        Optional<PoolCounters> counters,
        int addressCount,
        Map<PoolId, PoolOverlap> overlaps,
        List<String> duplicates,
        PoolStatus current,
        Long generation,
        boolean draining,
        boolean preAllocating,
        OptionalInt orphaned) {

    /** Facts of a pool without draining ranges or pre-allocations. */
    public PoolFacts(
            PoolId pool,
            Optional<String> invalidSpec,
            Optional<PoolCounters> counters,
            int addressCount,
            Map<PoolId, PoolOverlap> overlaps,
            List<String> duplicates,
            PoolStatus current,
            Long generation) {
        this(
                pool,
                invalidSpec,
                counters,
                addressCount,
                overlaps,
                duplicates,
                current,
                generation,
                false,
                false,
                OptionalInt.empty());
    }
}
