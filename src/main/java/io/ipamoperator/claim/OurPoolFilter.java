package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.api.capi.PoolRefFields;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import java.util.function.Function;

/**
 * Lets only claims whose {@code spec.poolRef} names one of our pool kinds reach the claim reconciler, so other
 * claims never get our finalizer or any other change.
 */
public class OurPoolFilter<C extends HasMetadata> implements GenericFilter<C> {

    private final Function<C, PoolRefFields> poolRef;

    protected OurPoolFilter(Function<C, PoolRefFields> poolRef) {
        this.poolRef = poolRef;
    }

    @Override
    public boolean accept(C claim) {
        PoolRefFields ref = poolRef.apply(claim);
        return ref != null && ClaimLifecycle.isOurs(ref.apiGroup(), ref.kind());
    }
}
