package io.ipamoperator.claim;

import io.ipamoperator.identity.PoolId;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which claims wait for a pool (missing, not ready or exhausted), so that a pool change wakes exactly those claims,
 * at once, instead of a timer. A claim waits for one pool at a time. For the waiting-claims metrics each wait has a start: the claim's creation (a claim
 * waits only while it has no address, so that is how long it has gone without one, across restarts), or the
 * moment a deleting claim began to wait for its paused pool.
 */
@ApplicationScoped
public class ClaimWaits {

    private final Map<PoolId, Map<ResourceID, Instant>> waitingForPool = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    void waitForPool(PoolId pool, ClaimView claim) {
        ResourceID id = id(claim);
        waitingForPool.forEach((other, waiting) -> {
            if (!other.equals(pool)) {
                waiting.remove(id); // the claim's pool reference changed
            }
        });
        Instant since =
                claim.creationTimestamp() == null || claim.deleting() ? clock.instant() : claim.creationTimestamp();
        waitingForPool.computeIfAbsent(pool, key -> new ConcurrentHashMap<>()).putIfAbsent(id, since);
    }

    void stopWaiting(PoolId pool, ClaimView claim) {
        Map<ResourceID, Instant> waiting = waitingForPool.get(pool);
        if (waiting != null) {
            waiting.remove(id(claim));
        }
    }

    void forget(ClaimView claim) {
        ResourceID id = id(claim);
        waitingForPool.values().forEach(waiting -> waiting.remove(id));
    }

    /** The claims waiting for {@code pool}. */
    public Set<ResourceID> waitingFor(PoolId pool) {
        return Set.copyOf(waitingForPool.getOrDefault(pool, Map.of()).keySet());
    }

    /** How many claims wait for {@code pool}. */
    public int countWaitingFor(PoolId pool) {
        return waitingForPool.getOrDefault(pool, Map.of()).size();
    }

    /** How long the claim that has waited longest for {@code pool} has been waiting; empty if none waits. */
    public Optional<Duration> longestWaitFor(PoolId pool) {
        return waitingForPool.getOrDefault(pool, Map.of()).values().stream()
                .min(Instant::compareTo)
                .map(since -> Duration.between(since, clock.instant()));
    }

    private static ResourceID id(ClaimView claim) {
        return new ResourceID(claim.name(), claim.namespace());
    }
}
