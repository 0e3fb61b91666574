package io.ipamoperator.pool;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PoolSpecs;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** Reconciles namespaced prefix pools ({@code InClusterPrefixPool}). */
@ControllerConfiguration(
        name = "inclusterprefixpool",
        finalizerName = IPPools.PROTECT_POOL_FINALIZER,
        generationAwareEventProcessing = false)
public class InClusterPrefixPoolReconciler extends PoolReconciler<PrefixPoolSpec, InClusterPrefixPool> {

    @Override
    protected PoolValidation<? extends PoolLayout> validate(InClusterPrefixPool pool) {
        return PrefixPoolDefinition.validate(PoolSpecs.prefixPool(pool.getSpec()));
    }

    @Override
    protected InClusterPrefixPool newPool() {
        return new InClusterPrefixPool();
    }
}
