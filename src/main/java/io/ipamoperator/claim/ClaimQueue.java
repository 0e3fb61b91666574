package io.ipamoperator.claim;

import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.identity.PoolId;
import java.util.List;

/**
 * The other claims of a pool as the claim controller's cache has them, read when a claim takes the pool's lowest
 * free address: the claims created before it that wait for one too are served first ({@link ServingOrder}).
 */
public interface ClaimQueue {

    /** A queue with no other claim in it (a claim decided on its own). */
    ClaimQueue EMPTY = new ClaimQueue() {
        @Override
        public List<ClaimView> unboundClaimsOf(PoolId pool) {
            return List.of();
        }

        @Override
        public ClusterState clusterOf(ClaimView claim) {
            return ClusterState.NONE;
        }
    };

    /** The claims that reference {@code pool}, have no address in their status and are not being deleted. */
    List<ClaimView> unboundClaimsOf(PoolId pool);

    /** What is known of {@code claim}'s Cluster. */
    ClusterState clusterOf(ClaimView claim);
}
