package io.ipamoperator.conversion;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.ipamoperator.testing.WebhooksProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * v1alpha1 pools through the real API server and the operator's conversion webhook: what a v1alpha1 client
 * writes is stored as v1alpha2, served back in v1alpha1 as written plus the defaults of its subnet (as the provider
 * serves it), and allocated from like any pool.
 */
@QuarkusTest
@TestProfile(WebhooksProfile.class)
@QuarkusTestResource(ControlPlaneTestResource.class)
class PoolConversionApiServerTest {

    private static final String V1ALPHA1 = "ipam.cluster.x-k8s.io/v1alpha1";

    @Inject
    KubernetesClient client;

    private String namespace;

    @BeforeEach
    void namespace() {
        namespace = TestNamespaces.create(client, "conversion");
        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(() -> "Webhook"
                        .equals(client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName("inclusterippools.ipam.cluster.x-k8s.io")
                                .get()
                                .getSpec()
                                .getConversion()
                                .getStrategy()));
    }

    /** The last column: what the pool reads back as in v1alpha1, written plus the defaults of its subnet. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            subnet only     | {"subnet": "10.0.0.0/24"}                                            | ["10.0.0.1-10.0.0.254"]               | 24 | {"start": "10.0.0.1", "end": "10.0.0.254", "prefix": 24}
            start/end only  | {"start": "10.0.1.10", "end": "10.0.1.20", "prefix": 24}              | ["10.0.1.10-10.0.1.20"]               | 24 | {}
            addresses       | {"addresses": ["10.0.2.0/25", "10.0.2.200"], "prefix": 24}           | ["10.0.2.0/25","10.0.2.200"]          | 24 | {}
            mixed           | {"addresses": ["10.0.3.5"], "subnet": "10.0.3.0/24", "start": "10.0.3.100"} | ["10.0.3.5","10.0.3.100-10.0.3.254"] | 24 | {"end": "10.0.3.254", "prefix": 24}
            """)
    void aV1alpha1PoolIsStoredAsV1alpha2AndReadBackWithItsSubnetsDefaults(
            String shape, String spec, String expectedAddresses, int expectedPrefix, String defaults) {
        String name = shape.replace(' ', '-').replace('/', '-');
        v1alpha1Pools().resource(v1alpha1Pool(name, spec)).create();

        InClusterIPPool stored = client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        GenericKubernetesResource readBack = v1alpha1Pools().withName(name).get();

        assertThat(client.getKubernetesSerialization().asJson(stored.getSpec().addresses))
                .isEqualTo(expectedAddresses.replace(" ", ""));
        assertThat(stored.getSpec().prefix).isEqualTo(expectedPrefix);
        assertThat(readBack.getApiVersion()).isEqualTo(V1ALPHA1);
        Map<String, Object> expected = new HashMap<>(json(spec));
        expected.putAll(json(defaults));
        assertThat(readBack.getAdditionalProperties().get("spec")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"InClusterIPPool", "GlobalInClusterIPPool"})
    void aV1alpha1PoolOfSubnetAndGatewayReadsBackWithStartEndAndPrefix(String kind) {
        boolean global = kind.startsWith("Global");
        String name = global ? namespace + "-defaults" : "defaults";
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion(V1ALPHA1);
        pool.setKind(kind);
        pool.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(global ? null : namespace)
                .build());
        pool.setAdditionalProperty("spec", Map.of("subnet", "1.1.1.1/24", "gateway", "1.1.1.1"));
        var pools = client.genericKubernetesResources(V1ALPHA1, kind);
        Resource<GenericKubernetesResource> written =
                global ? pools.resource(pool) : pools.inNamespace(namespace).resource(pool);
        written.create();
        try {
            GenericKubernetesResource readBack = global
                    ? pools.withName(name).get()
                    : pools.inNamespace(namespace).withName(name).get();

            assertThat(readBack.getApiVersion()).isEqualTo(V1ALPHA1);
            assertThat(readBack.getAdditionalProperties().get("spec"))
                    .isEqualTo(Map.of(
                            "subnet",
                            "1.1.1.1/24",
                            "gateway",
                            "1.1.1.1",
                            "start",
                            "1.1.1.1",
                            "end",
                            "1.1.1.254",
                            "prefix",
                            24));
        } finally {
            if (global) {
                pools.withName(name).delete();
            }
        }
    }

    @Test
    void aV1alpha2OnlyFieldSurvivesAnUpdateInV1alpha1() {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("hub-only")
                .withNamespace(namespace)
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.0.4.0/24"), 24, null));
        pool.getSpec().excludedAddresses = List.of("10.0.4.7");
        pool.getSpec().addressReuseGracePeriodSeconds = 30;
        client.resource(pool).create();

        // read-modify-write in v1alpha1, as kubectl edit does (again on a conflict with the operator's own writes)
        await().atMost(scaled(Duration.ofSeconds(30)))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    GenericKubernetesResource seen =
                            v1alpha1Pools().withName("hub-only").get();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) seen.getAdditionalProperties().get("spec");
                    spec.put("gateway", "10.0.4.1");
                    v1alpha1Pools().resource(seen).update();
                    return true;
                });

        InClusterIPPool updated = client.resources(InClusterIPPool.class)
                .inNamespace(namespace)
                .withName("hub-only")
                .get();
        assertThat(updated.getSpec().gateway).isEqualTo("10.0.4.1");
        assertThat(updated.getSpec().excludedAddresses).containsExactly("10.0.4.7");
        assertThat(updated.getSpec().addressReuseGracePeriodSeconds).isEqualTo(30);
    }

    @Test
    void aGlobalV1alpha1PoolIsConvertedToo() {
        String name = namespace + "-global";
        GenericKubernetesResource global = new GenericKubernetesResource();
        global.setApiVersion(V1ALPHA1);
        global.setKind("GlobalInClusterIPPool");
        global.setMetadata(new ObjectMetaBuilder().withName(name).build());
        global.setAdditionalProperty("spec", Map.of("subnet", "10.0.5.0/28"));
        client.genericKubernetesResources(V1ALPHA1, "GlobalInClusterIPPool")
                .resource(global)
                .create();

        GlobalInClusterIPPool stored =
                client.resources(GlobalInClusterIPPool.class).withName(name).get();

        assertThat(stored.getSpec().addresses).containsExactly("10.0.5.1-10.0.5.14");
        assertThat(stored.getSpec().prefix).isEqualTo(28);
        client.resources(GlobalInClusterIPPool.class).withName(name).delete();
    }

    @Test
    void aClaimOnAPoolWrittenInV1alpha1IsBound() {
        v1alpha1Pools()
                .resource(v1alpha1Pool("old-style", "{\"subnet\": \"10.0.6.0/24\"}"))
                .create();

        client.resource(ClaimFixturesAccess.claim(namespace, "claim", "old-style"))
                .create();

        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(() -> "10.0.6.1".equals(ClaimFixturesAccess.address(client, namespace, "claim")));
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            v1alpha1PoolsAll() {
        return client.genericKubernetesResources(V1ALPHA1, "InClusterIPPool");
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            v1alpha1Pools() {
        return v1alpha1PoolsAll().inNamespace(namespace);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String object) {
        return client.getKubernetesSerialization().unmarshal(object, Map.class);
    }

    @SuppressWarnings("unchecked")
    private GenericKubernetesResource v1alpha1Pool(String name, String spec) {
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion(V1ALPHA1);
        pool.setKind("InClusterIPPool");
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pool.setAdditionalProperty("spec", client.getKubernetesSerialization().unmarshal(spec, Map.class));
        return pool;
    }
}
