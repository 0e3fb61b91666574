package io.ipamoperator.pool;

import io.ipamoperator.identity.PoolId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Since when each IPAddress of a pool has been seen without its claim. An IPAddress counts as orphaned only once it
 * has been seen so for {@code ipam.orphan-grace} (default 30 s): while a claim is released its IPAddress and the claim
 * go away through two informers, and for a moment the one may be seen without the other.
 */
@ApplicationScoped
public class OrphanSightings {

    private final Map<PoolId, Map<String, Instant>> seen = new ConcurrentHashMap<>();
    private final Duration grace;

    @Inject
    public OrphanSightings(@ConfigProperty(name = "ipam.orphan-grace", defaultValue = "30s") Duration grace) {
        this.grace = grace;
    }

    /** How long an IPAddress must be seen without its claim before the pool reports it. */
    Duration grace() {
        return grace;
    }

    /** The outcome of one look: how many orphans are confirmed, and whether others wait for confirmation. */
    public record Sighting(int confirmed, boolean pending) {}

    /** Records that {@code orphans} (keys) are the pool's IPAddresses without a claim at {@code now}. */
    Sighting look(PoolId pool, Collection<String> orphans, Instant now) {
        Map<String, Instant> previous = seen.getOrDefault(pool, Map.of());
        Map<String, Instant> current = new HashMap<>();
        int confirmed = 0;
        for (String key : orphans) {
            Instant since = previous.getOrDefault(key, now);
            current.put(key, since);
            if (!since.plus(grace).isAfter(now)) {
                confirmed++;
            }
        }
        if (current.isEmpty()) {
            seen.remove(pool);
        } else {
            seen.put(pool, current);
        }
        return new Sighting(confirmed, current.size() > confirmed);
    }

    void forget(PoolId pool) {
        seen.remove(pool);
    }
}
