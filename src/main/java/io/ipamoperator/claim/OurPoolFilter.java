package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.api.capi.PoolRefFields;
import io.ipamoperator.identity.PoolKind;
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
        return namesOurPool(poolRef.apply(claim));
    }

    /** True when the pool reference names one of our pool kinds; other claims are never touched. */
    static boolean namesOurPool(PoolRefFields ref) {
        return ref != null && PoolKind.of(ref.apiGroup(), ref.kind()).isPresent();
    }
}
