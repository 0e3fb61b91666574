package io.ipamoperator.identity;

import io.fabric8.kubernetes.client.CustomResource;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.GlobalInClusterPrefixPool;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import java.util.Arrays;
import java.util.Optional;

/** Our four pool kinds: scope (namespaced or global) and family (IP addresses or IPv6 prefixes). */
public enum PoolKind {
    IN_CLUSTER_IP_POOL(IPPools.IN_CLUSTER_IP_POOL, true, false, InClusterIPPool.class),
    GLOBAL_IN_CLUSTER_IP_POOL(IPPools.GLOBAL_IN_CLUSTER_IP_POOL, false, false, GlobalInClusterIPPool.class),
    IN_CLUSTER_PREFIX_POOL(IPPools.IN_CLUSTER_PREFIX_POOL, true, true, InClusterPrefixPool.class),
    GLOBAL_IN_CLUSTER_PREFIX_POOL(IPPools.GLOBAL_IN_CLUSTER_PREFIX_POOL, false, true, GlobalInClusterPrefixPool.class);

    private final String kind;
    private final boolean namespaced;
    private final boolean prefixPool;
    private final Class<? extends CustomResource<?, ?>> type;

    PoolKind(String kind, boolean namespaced, boolean prefixPool, Class<? extends CustomResource<?, ?>> type) {
        this.kind = kind;
        this.namespaced = namespaced;
        this.prefixPool = prefixPool;
        this.type = type;
    }

    /** The kind named by a pool reference, if it is one of ours (group {@code ipam.cluster.x-k8s.io}). */
    public static Optional<PoolKind> of(String apiGroup, String kind) {
        if (!CapiNames.IPAM_GROUP.equals(apiGroup)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(value -> value.kind.equals(kind)).findFirst();
    }

    public static PoolKind of(Class<?> type) {
        return Arrays.stream(values())
                .filter(value -> value.type.equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " is not a pool kind"));
    }

    public String kind() {
        return kind;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public boolean prefixPool() {
        return prefixPool;
    }

    public Class<? extends CustomResource<?, ?>> type() {
        return type;
    }
}
