package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ChangeSubscription;
import io.ipamoperator.index.IndexChanges;
import io.ipamoperator.index.IndexEventSource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.function.Predicate;

/**
 * Wakes claims when the in-process index reports a change they depend on: their IPAddress (any change, including
 * deletion) and their pool (for claims waiting on it: created, fixed, unpaused, an address released). Only claims of
 * our pools are ever triggered. (Their Cluster is an informer event source of the claim controller.)
 */
public class ClaimWakeupEventSource<C extends HasMetadata> extends IndexEventSource<C> {

    private final ClaimWaits waits;
    private final IndexerResourceCache<C> claims;
    private final Predicate<C> ours;

    public ClaimWakeupEventSource(
            AddressIndex index, ClaimWaits waits, IndexerResourceCache<C> claims, Predicate<C> ours) {
        super("claim-wakeups", index);
        this.waits = waits;
        this.claims = claims;
        this.ours = ours;
    }

    @Override
    protected List<ChangeSubscription> subscribe(IndexChanges changes) {
        return List.of(
                changes.onAddressChange(address -> {
                    if (address.poolId().isPresent() && address.claimName() != null) {
                        wakeOurs(new ResourceID(address.claimName(), address.namespace()));
                    }
                }),
                changes.onPoolChange(pool -> waits.waitingFor(pool).forEach(this::wakeOurs)));
    }

    private void wakeOurs(ResourceID claim) {
        if (claims.get(claim).filter(ours).isPresent()) {
            wake(claim);
        }
    }
}
