package io.ipamoperator.index;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The IPAddressClaims as the claim controller caches them, for the other controllers that read claims (the
 * IonosCloudMachine controller): one watch and one cache of every claim in the process instead of one per
 * controller. Empty until the claim controller has listed them ({@link #synced()}).
 */
public interface ClaimDirectory {

    /** True once the claim controller's cache holds its initial list. */
    boolean synced();

    /** The claim of that name, as cached. */
    Optional<CachedClaim> claim(String namespace, String name);

    /** The claims in {@code namespace} whose controller owner has UID {@code controllerUid}. */
    List<CachedClaim> controlledBy(String namespace, String controllerUid);

    /**
     * Calls {@code listener} with every claim that has a controller owner, as it enters, changes in or leaves the
     * cache — after the cache holds the change, on the informer's thread (so: quickly, without blocking).
     */
    ChangeSubscription onControlledClaimChange(Consumer<CachedClaim> listener);
}
