package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.index.AddressIndex;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Wakes claims when the in-process index reports a change they depend on: their IPAddress (any change, including
 * deletion) and their pool (for claims waiting on it: created, fixed, unpaused, an address released). Only claims of
 * our pools are ever triggered. (Their Cluster is an informer event source of the claim controller.)
 */
public class ClaimWakeupEventSource<C extends HasMetadata> extends AbstractEventSource<Void, C> {

    private final IndexerResourceCache<C> claims;
    private final Predicate<C> ours;

    public ClaimWakeupEventSource(
            AddressIndex index, ClaimWaits waits, IndexerResourceCache<C> claims, Predicate<C> ours) {
        super(Void.class, "claim-wakeups");
        this.claims = claims;
        this.ours = ours;
        index.changes().onAddressChange(address -> {
            if (address.poolId().isPresent() && address.claimName() != null) {
                trigger(new ResourceID(address.claimName(), address.namespace()));
            }
        });
        index.changes().onPoolChange(pool -> waits.waitingFor(pool).forEach(this::trigger));
    }

    private void trigger(ResourceID claim) {
        if (isRunning() && claims.get(claim).filter(ours).isPresent()) {
            getEventHandler().handleEvent(new Event(claim));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(C primary) {
        return Set.of();
    }
}
