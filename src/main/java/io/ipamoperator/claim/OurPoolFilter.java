package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;

/**
 * Lets only claims whose {@code spec.poolRef} names one of our pool kinds reach the claim reconciler, so other
 * claims never get our finalizer or any other change.
 */
public abstract class OurPoolFilter<C extends HasMetadata> implements GenericFilter<C> {

    protected abstract String poolApiGroup(C claim);

    protected abstract String poolKind(C claim);

    @Override
    public boolean accept(C claim) {
        return ClaimLifecycle.isOurs(poolApiGroup(claim), poolKind(claim));
    }
}
