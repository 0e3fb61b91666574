package io.ipamoperator.claim;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.PoolState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a claim's next step depends on, read from the in-process caches before anything is decided.
 *
 * @param pool the pool the claim references
 * @param poolState the pool as its reconciler last saw it; empty when it does not exist (or was not seen yet)
 * @param poolAllocatable true while the pool has a valid layout to allocate from
 * @param address the IPAddress of the claim's name, whichever pool it references
 * @param cluster what is known of the claim's Cluster
 * @param allocationInFlight true while an address allocated to the claim awaits its IPAddress in the index
 * @param sharers the other IPAddresses holding the address of the claim's IPAddress (normally none)
 * @param preAllocated the address the pool's {@code spec.preAllocations} keeps for the claim, if any
 */
public record ClaimFacts(
        ClaimView claim,
        PoolId pool,
        Optional<PoolState> poolState,
        boolean poolAllocatable,
        Optional<AddressRecord> address,
        ClusterState cluster,
        boolean allocationInFlight,
        List<AddressRecord> sharers,
        Optional<IpAddress> preAllocated) {

    public ClaimFacts {
        sharers = List.copyOf(sharers);
    }

    /** Facts of a claim its pool pre-allocates nothing to. */
    public ClaimFacts(
            ClaimView claim,
            PoolId pool,
            Optional<PoolState> poolState,
            boolean poolAllocatable,
            Optional<AddressRecord> address,
            ClusterState cluster,
            boolean allocationInFlight,
            List<AddressRecord> sharers) {
        this(claim, pool, poolState, poolAllocatable, address, cluster, allocationInFlight, sharers, Optional.empty());
    }

    /** The claim's Cluster, as the paused check sees it. */
    public enum ClusterState {
        /** The claim names no Cluster. */
        NONE,
        /** It names one that does not exist (yet). */
        MISSING,
        PAUSED,
        ACTIVE
    }

    /** True when the IPAddress of the claim's name references the claim's own pool. */
    boolean addressInOwnPool() {
        return address.isPresent() && address.get().poolId().equals(Optional.of(pool));
    }

    /** True when the claim's status already names its IPAddress. */
    boolean bound() {
        return claim.addressRef().equals(Optional.of(claim.name()));
    }

    /**
     * An IPAddress holding the same address as the claim's that was created no later than it (or whose age is not
     * known): the one the claim's IPAddress yields to while the claim is not bound.
     */
    Optional<AddressRecord> earlierSharer() {
        Instant own = address.map(AddressRecord::created).orElse(null);
        return sharers.stream()
                .filter(other -> own == null
                        || other.created() == null
                        || !other.created().isAfter(own))
                .findFirst();
    }
}
