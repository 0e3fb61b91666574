package io.ipamoperator.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Triggers a pool's reconciler when the index reports that the pool's addresses changed, so counters and the
 * finalizer follow IPAddresses without a second informer on them.
 */
public class PoolChangeEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P> {

    public PoolChangeEventSource(AddressIndex index, PoolKind kind) {
        super(Void.class, "address-index-" + kind.kind());
        index.changes().onPoolChange(pool -> {
            if (pool.kind() == kind && isRunning()) {
                getEventHandler().handleEvent(new Event(new ResourceID(pool.name(), pool.namespace())));
            }
        });
    }

    @Override
    public Set<Void> getSecondaryResources(P primary) {
        return Set.of();
    }
}
