package io.ipamoperator.claim;

import io.ipamoperator.index.ClaimPresence;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which IPAddressClaims exist, answered from the claim controller's informer cache (no API call): the orphaned
 * address check asks it whether an IPAddress's claim is still there.
 */
@ApplicationScoped
public class LiveClaims implements ClaimPresence {

    private final AtomicReference<IndexedResourceCache<?>> cache = new AtomicReference<>();

    void use(IndexedResourceCache<?> claims) {
        cache.set(claims);
    }

    /** True once the claim controller runs, so that {@link #exists} can answer. */
    @Override
    public boolean known() {
        return cache.get() != null;
    }

    /** Whether the claim exists; empty until the claim controller runs (on a standby replica, for example). */
    @Override
    public Optional<Boolean> exists(String namespace, String name) {
        IndexedResourceCache<?> claims = cache.get();
        return claims == null
                ? Optional.empty()
                : Optional.of(claims.get(new ResourceID(name, namespace)).isPresent());
    }
}
