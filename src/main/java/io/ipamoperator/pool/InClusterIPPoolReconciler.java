package io.ipamoperator.pool;

import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PoolValidation;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.PoolSpecs;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** Reconciles namespaced IP pools ({@code InClusterIPPool}). */
@ControllerConfiguration(
        name = "inclusterippool",
        finalizerName = IPPools.PROTECT_POOL_FINALIZER,
        generationAwareEventProcessing = false)
public class InClusterIPPoolReconciler extends PoolReconciler<IPPoolSpec, InClusterIPPool> {

    @Override
    protected PoolValidation<? extends PoolLayout> validate(InClusterIPPool pool) {
        return IpPoolDefinition.validate(
                PoolSpecs.ipPool(pool.getSpec(), pool.getMetadata().getNamespace()));
    }

    @Override
    protected int gracePeriodSeconds(InClusterIPPool pool) {
        return PoolSpecs.gracePeriodSeconds(pool.getSpec());
    }

    @Override
    protected InClusterIPPool newPool() {
        return new InClusterIPPool();
    }
}
