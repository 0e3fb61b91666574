package io.ipamoperator.pool;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.api.pool.GlobalInClusterPrefixPool;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.PoolSpecs;
import io.ipamoperator.api.pool.PrefixPoolSpec;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** Reconciles cluster-scoped prefix pools ({@code GlobalInClusterPrefixPool}). */
@ControllerConfiguration(
        name = "globalinclusterprefixpool",
        finalizerName = IPPools.PROTECT_POOL_FINALIZER,
        generationAwareEventProcessing = false)
public class GlobalInClusterPrefixPoolReconciler extends PoolReconciler<PrefixPoolSpec, GlobalInClusterPrefixPool> {

    @Override
    protected PoolValidation<? extends PoolLayout> validate(GlobalInClusterPrefixPool pool) {
        return PrefixPoolDefinition.validate(PoolSpecs.prefixPool(pool.getSpec()));
    }

    @Override
    protected GlobalInClusterPrefixPool newPool() {
        return new GlobalInClusterPrefixPool();
    }
}
