package io.ipamoperator.api.pool.v1alpha1;

/** The v1alpha1 version name and the warning the API server gives its clients. */
public final class IPPoolV1Alpha1 {

    public static final String VERSION = "v1alpha1";
    public static final String DEPRECATION_WARNING =
            "ipam.cluster.x-k8s.io/v1alpha1 pools are deprecated; use ipam.cluster.x-k8s.io/v1alpha2";

    private IPPoolV1Alpha1() {}
}
