package io.ipamoperator.claim;

import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressRecord;
import io.ipamoperator.index.PoolState;
import java.util.Optional;

/**
 * Everything a claim's next step depends on, read from the in-process caches before anything is decided.
 *
 * @param pool the pool the claim references
 * @param poolState the pool as its reconciler last saw it; empty when it does not exist (or was not seen yet)
 * @param poolAllocatable true while the pool has a valid layout to allocate from
 * @param address the IPAddress of the claim's name, whichever pool it references
 * @param cluster what is known of the claim's Cluster
 */
public record ClaimFacts(
        ClaimView claim,
        PoolId pool,
        Optional<PoolState> poolState,
        boolean poolAllocatable,
        Optional<AddressRecord> address,
        ClusterState cluster) {

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
}
