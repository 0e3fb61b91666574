package io.ipamoperator.api.pool;

import java.util.Set;

/** Names shared by the pool kinds, as the in-cluster provider defines them. */
public final class IPPools {

    public static final String VERSION = "v1alpha2";

    public static final String IN_CLUSTER_IP_POOL = "InClusterIPPool";
    public static final String GLOBAL_IN_CLUSTER_IP_POOL = "GlobalInClusterIPPool";
    public static final String IN_CLUSTER_PREFIX_POOL = "InClusterPrefixPool";
    public static final String GLOBAL_IN_CLUSTER_PREFIX_POOL = "GlobalInClusterPrefixPool";

    /** The kinds a claim's {@code spec.poolRef.kind} must name for this operator to serve it. */
    public static final Set<String> KINDS = Set.of(
            IN_CLUSTER_IP_POOL, GLOBAL_IN_CLUSTER_IP_POOL, IN_CLUSTER_PREFIX_POOL, GLOBAL_IN_CLUSTER_PREFIX_POOL);

    /** Finalizer on pools, removed only when no IPAddress references the pool. */
    public static final String PROTECT_POOL_FINALIZER = "ipam.cluster.x-k8s.io/ProtectPool";

    private IPPools() {}
}
