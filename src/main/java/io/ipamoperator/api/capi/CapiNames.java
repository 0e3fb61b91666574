package io.ipamoperator.api.capi;

/** Labels, annotations and finalizers of the Cluster API IPAM contract, spelled exactly as CAPI spells them. */
public final class CapiNames {

    public static final String IPAM_GROUP = "ipam.cluster.x-k8s.io";
    public static final String CLUSTER_GROUP = "cluster.x-k8s.io";

    public static final String CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
    public static final String PAUSED_ANNOTATION = "cluster.x-k8s.io/paused";
    /** On a pool: its deletion is not refused while IPAddresses reference it (the in-cluster provider's name). */
    public static final String SKIP_DELETE_VALIDATION_ANNOTATION = "ipam.cluster.x-k8s.io/skip-validate-delete-webhook";
    /** Set by {@code clusterctl move} on what it deletes from the source cluster after copying it. */
    public static final String DELETE_FOR_MOVE_ANNOTATION = "clusterctl.cluster.x-k8s.io/delete-for-move";

    /**
     * On a claim (our extension): the one address (for a prefix pool the one sub-prefix) it is to get, or none.
     * On an IonosCloudMachine: the primary NIC's addresses, one per family, comma-separated, copied onto its claims.
     */
    public static final String REQUESTED_ADDRESS_ANNOTATION = "ipam.cluster.x-k8s.io/requested-address";

    /** Finalizer on claims: the claim's address is released before the claim goes away. */
    public static final String RELEASE_ADDRESS_FINALIZER = "ipam.cluster.x-k8s.io/ReleaseAddress";
    /** Finalizer on IPAddresses: the address is deleted only by the claim's release. */
    public static final String PROTECT_ADDRESS_FINALIZER = "ipam.cluster.x-k8s.io/ProtectAddress";

    public static final String READY_CONDITION = "Ready";
    public static final String REASON_POOL_NOT_READY = "PoolNotReady";
    public static final String REASON_POOL_EXHAUSTED = "PoolExhausted";
    public static final String REASON_ALLOCATION_FAILED = "AllocationFailed";

    private CapiNames() {}
}
