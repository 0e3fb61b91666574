package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;

/** The claim fixtures for tests in other packages. */
public final class ClaimFixturesAccess {

    private ClaimFixturesAccess() {}

    public static GenericKubernetesResource ipAddress(String namespace, String name, String pool, String address) {
        return ClaimFixtures.ipAddress(namespace, name, "InClusterIPPool", pool, address);
    }

    public static IPAddressClaim claim(String namespace, String name, String pool) {
        return ClaimFixtures.claim(namespace, name, "InClusterIPPool", pool);
    }

    /** A claim on the pool of kind {@code poolKind} (InClusterIPPool, GlobalInClusterIPPool ...). */
    public static IPAddressClaim claim(String namespace, String name, String poolKind, String pool) {
        return ClaimFixtures.claim(namespace, name, poolKind, pool);
    }

    public static String address(KubernetesClient client, String namespace, String name) {
        return ClaimFixtures.address(client, namespace, name);
    }
}
