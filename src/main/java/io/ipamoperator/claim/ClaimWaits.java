package io.ipamoperator.claim;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ipamoperator.pool.PoolId;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Who is waiting for what: claims waiting for a pool (missing, not ready or exhausted) and claims of a Cluster,
 * so that a pool change or a Cluster change wakes exactly those claims, at once, instead of a timer.
 */
@ApplicationScoped
public class ClaimWaits {

    private final Map<PoolId, Set<ResourceID>> waitingForPool = new ConcurrentHashMap<>();
    private final Map<String, Set<ResourceID>> claimsOfCluster = new ConcurrentHashMap<>();

    void waitForPool(PoolId pool, ClaimView claim) {
        waitingForPool.computeIfAbsent(pool, key -> ConcurrentHashMap.newKeySet()).add(id(claim));
    }

    void stopWaiting(PoolId pool, ClaimView claim) {
        Set<ResourceID> waiting = waitingForPool.get(pool);
        if (waiting != null) {
            waiting.remove(id(claim));
        }
    }

    void belongsToCluster(String clusterName, ClaimView claim) {
        claimsOfCluster.computeIfAbsent(claim.namespace() + "/" + clusterName, key -> ConcurrentHashMap.newKeySet())
                .add(id(claim));
    }

    void forget(ClaimView claim) {
        ResourceID id = id(claim);
        waitingForPool.values().forEach(set -> set.remove(id));
        claimsOfCluster.values().forEach(set -> set.remove(id));
    }

    /** The claims waiting for {@code pool}. */
    public Set<ResourceID> waitingFor(PoolId pool) {
        return Set.copyOf(waitingForPool.getOrDefault(pool, Set.of()));
    }

    public Set<ResourceID> ofCluster(String namespace, String name) {
        return Set.copyOf(claimsOfCluster.getOrDefault(namespace + "/" + name, Set.of()));
    }

    private static ResourceID id(ClaimView claim) {
        return new ResourceID(claim.name(), claim.namespace());
    }
}
