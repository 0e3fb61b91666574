package io.ipamoperator.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ChangeSubscription;
import io.ipamoperator.index.IndexChanges;
import io.ipamoperator.index.IndexEventSource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;

/**
 * Triggers a pool's reconciler when the index reports that the pool's addresses changed, so counters and the
 * finalizer follow IPAddresses without a second informer on them.
 */
public class PoolChangeEventSource<P extends HasMetadata> extends IndexEventSource<P> {

    private final PoolKind kind;

    public PoolChangeEventSource(AddressIndex index, PoolKind kind) {
        super("address-index-" + kind.kind(), index);
        this.kind = kind;
    }

    @Override
    protected List<ChangeSubscription> subscribe(IndexChanges changes) {
        return List.of(changes.onPoolChange(pool -> {
            if (pool.kind() == kind) {
                wake(new ResourceID(pool.name(), pool.namespace()));
            }
        }));
    }
}
