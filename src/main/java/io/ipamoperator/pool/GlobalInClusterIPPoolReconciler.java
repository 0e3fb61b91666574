package io.ipamoperator.pool;

import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.PoolSpecs;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** Reconciles cluster-scoped IP pools ({@code GlobalInClusterIPPool}). */
@ControllerConfiguration(
        name = "globalinclusterippool",
        finalizerName = IPPools.PROTECT_POOL_FINALIZER,
        generationAwareEventProcessing = false)
public class GlobalInClusterIPPoolReconciler extends PoolReconciler<IPPoolSpec, GlobalInClusterIPPool> {

    @Override
    protected PoolValidation<? extends PoolLayout> validate(GlobalInClusterIPPool pool) {
        return IpPoolDefinition.validate(PoolSpecs.ipPool(pool.getSpec(), null));
    }

    @Override
    protected int gracePeriodSeconds(GlobalInClusterIPPool pool) {
        return PoolSpecs.gracePeriodSeconds(pool.getSpec());
    }

    @Override
    protected GlobalInClusterIPPool newPool() {
        return new GlobalInClusterIPPool();
    }
}
