package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.ipamoperator.index.CachedClaim;
import io.ipamoperator.index.ChangeSubscription;
import io.ipamoperator.index.ClaimDirectory;
import io.ipamoperator.index.ClaimPresence;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The IPAddressClaims as the claim controller's informer caches them, answered without an API call: whether a claim
 * exists (the orphaned address check of the pool reconciler), and what the IonosCloudMachine controller reads of
 * the claims it creates — so the process watches and caches every claim once, not once per controller.
 */
@ApplicationScoped
public class LiveClaims implements ClaimPresence, ClaimDirectory {

    private static final String BY_CONTROLLER = "by-controller";

    private final AtomicReference<Cache<?>> cache = new AtomicReference<>();
    private final List<Consumer<CachedClaim>> listeners = new CopyOnWriteArrayList<>();

    /** The claim controller's cache, indexed here by controller owner; {@code read} reads a claim of its version. */
    <C extends HasMetadata> void use(
            IndexerResourceCache<C> claims, ClaimStore<C> store, Function<C, CachedClaim> read) {
        claims.addIndexer(
                BY_CONTROLLER,
                claim -> controller(claim)
                        .map(owner -> List.of(key(claim.getMetadata().getNamespace(), owner.getUid())))
                        .orElse(List.of()));
        store.onChange(claim -> {
            if (controller(claim).isPresent()) {
                CachedClaim changed = read.apply(claim);
                listeners.forEach(listener -> listener.accept(changed));
            }
        });
        cache.set(new Cache<>(claims, read));
    }

    /** True once the claim controller runs, so that {@link #exists} can answer. */
    @Override
    public boolean known() {
        return cache.get() != null;
    }

    /** Whether the claim exists; empty until the claim controller runs (on a standby replica, for example). */
    @Override
    public Optional<Boolean> exists(String namespace, String name) {
        Cache<?> claims = cache.get();
        return claims == null
                ? Optional.empty()
                : Optional.of(
                        claims.claims().get(new ResourceID(name, namespace)).isPresent());
    }

    @Override
    public boolean synced() {
        Cache<?> claims = cache.get();
        return claims != null
                && claims.claims() instanceof InformerWrappingEventSourceHealthIndicator<?> informers
                && informers.informerHealthIndicators().values().stream().allMatch(informer -> informer.hasSynced());
    }

    @Override
    public Optional<CachedClaim> claim(String namespace, String name) {
        Cache<?> claims = cache.get();
        return claims == null ? Optional.empty() : claims.claim(new ResourceID(name, namespace));
    }

    @Override
    public List<CachedClaim> controlledBy(String namespace, String controllerUid) {
        Cache<?> claims = cache.get();
        return claims == null ? List.of() : claims.byIndex(BY_CONTROLLER, key(namespace, controllerUid));
    }

    @Override
    public ChangeSubscription onControlledClaimChange(Consumer<CachedClaim> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The claim's controller owner, if it has one. */
    static Optional<OwnerReference> controller(HasMetadata claim) {
        List<OwnerReference> owners = claim.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream()
                        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
                        .findFirst();
    }

    private static String key(String namespace, String uid) {
        return namespace + "/" + uid;
    }

    /** The cache and how to read a claim of its contract version. */
    private record Cache<C extends HasMetadata>(IndexerResourceCache<C> claims, Function<C, CachedClaim> read) {

        Optional<CachedClaim> claim(ResourceID id) {
            return claims.get(id).map(read);
        }

        List<CachedClaim> byIndex(String index, String key) {
            return claims.byIndex(index, key).stream().map(read).toList();
        }
    }
}
