package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimSpec;
import io.ipamoperator.api.capi.v1beta2.IPPoolReference;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders and readers shared by the claim tests. */
final class ClaimFixtures {

    static final String GROUP = "ipam.cluster.x-k8s.io";

    private ClaimFixtures() {}

    /** A claim as the lifecycle reads it: {@code ns/<name>} of InClusterIPPool {@code ns/pool}, no labels. */
    static ClaimView view(String name, Instant created, Instant deleted) {
        return view(name, created, deleted, Map.of());
    }

    /** The same, with {@code annotations}. */
    static ClaimView view(String name, Instant created, Instant deleted, Map<String, String> annotations) {
        return new ClaimView(
                GROUP + "/v1beta2",
                "ns",
                name,
                "uid-" + name,
                Map.of(),
                annotations,
                created,
                deleted,
                Optional.empty(),
                GROUP,
                "InClusterIPPool",
                "pool",
                Optional.empty(),
                null);
    }

    static InClusterIPPool pool(KubernetesClient client, String namespace, String name, List<String> addresses) {
        return pool(client, namespace, name, new IPPoolSpec(addresses, 24, null));
    }

    static InClusterIPPool pool(KubernetesClient client, String namespace, String name, IPPoolSpec spec) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setSpec(spec);
        return client.resource(pool).create();
    }

    static GlobalInClusterIPPool globalPool(KubernetesClient client, String name, List<String> addresses) {
        GlobalInClusterIPPool pool = new GlobalInClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.setSpec(new IPPoolSpec(addresses, 24, null));
        return client.resource(pool).create();
    }

    static IPAddressClaim claim(String namespace, String name, String kind, String pool) {
        IPAddressClaim claim = new IPAddressClaim();
        claim.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        IPAddressClaimSpec spec = new IPAddressClaimSpec();
        spec.poolRef = new IPPoolReference(GROUP, kind, pool);
        claim.setSpec(spec);
        return claim;
    }

    static IPAddressClaim createClaim(KubernetesClient client, String namespace, String name, String pool) {
        return client.resource(claim(namespace, name, "InClusterIPPool", pool)).create();
    }

    static IPAddressClaim getClaim(KubernetesClient client, String namespace, String name) {
        return client.resources(IPAddressClaim.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    static IPAddress getAddress(KubernetesClient client, String namespace, String name) {
        return client.resources(IPAddress.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    static String address(KubernetesClient client, String namespace, String name) {
        IPAddress address = getAddress(client, namespace, name);
        return address == null ? null : address.getSpec().address;
    }

    /** The claim's Ready condition as "True" / "False:Reason", or null. */
    static String ready(KubernetesClient client, String namespace, String name) {
        IPAddressClaim claim = getClaim(client, namespace, name);
        if (claim == null || claim.getStatus() == null) {
            return null;
        }
        var ready = Conditions.find(claim.getStatus().conditions, "Ready");
        return ready == null ? null : "True".equals(ready.getStatus()) ? "True" : "False:" + ready.getReason();
    }

    static GenericKubernetesResource ipAddress(
            String namespace, String name, String poolKind, String pool, String address) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(GROUP + "/v1beta2");
        resource.setKind("IPAddress");
        resource.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        resource.setAdditionalProperty(
                "spec",
                Map.of(
                        "claimRef",
                        Map.of("name", name),
                        "poolRef",
                        Map.of("apiGroup", GROUP, "kind", poolKind, "name", pool),
                        "address",
                        address,
                        "prefix",
                        24));
        return resource;
    }
}
