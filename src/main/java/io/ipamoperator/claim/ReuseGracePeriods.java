package io.ipamoperator.claim;

import io.ipamoperator.identity.PoolId;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses of deleted claims that their pool keeps for its {@code addressReuseGracePeriodSeconds} before
 * they may be handed out again. Filled by the claim lifecycle as it holds and releases them; after a restart
 * the deleting claims are reconciled again and fill it anew.
 */
@ApplicationScoped
public class ReuseGracePeriods {

    private record Held(PoolId pool, Instant reusableAt) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    void hold(PoolId pool, String claimKey, Instant reusableAt) {
        held.put(claimKey, new Held(pool, reusableAt));
    }

    void end(String claimKey) {
        held.remove(claimKey);
    }

    /** How many addresses of {@code pool} are in their reuse grace period now. */
    public long coolingDown(PoolId pool) {
        Instant now = clock.instant();
        return held.values().stream()
                .filter(h -> h.pool().equals(pool) && h.reusableAt().isAfter(now))
                .count();
    }
}
