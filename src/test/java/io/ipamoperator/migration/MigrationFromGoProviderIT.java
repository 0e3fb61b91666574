package io.ipamoperator.migration;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import io.ipamoperator.testing.OperatorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-place switch from the Go in-cluster provider, on a control plane of its own set up as the provider leaves
 * it: its CRD (v1alpha1 stored, later v1alpha2 as storage, a status schema without conditions), a pool stored in
 * each version, claims and IPAddresses with its finalizers and owner references. Then, as the README says: our
 * CRDs applied server-side over the provider's, our operator started. Every object stays readable, not one
 * address moves, new claims get the next free address.
 */
class MigrationFromGoProviderIT {

    private static final String GROUP = CapiNames.IPAM_GROUP;
    private static final String NAMESPACE = "legacy";

    @Test
    void anInPlaceSwitchKeepsEveryAddressAndBindsNewClaims() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        Path migration = project.resolve("src/test/resources/migration");
        try (LocalControlPlane controlPlane = LocalControlPlane.start(
                        // a new, empty cluster each run: the provider's CRD shapes cannot be applied over ours
                        project,
                        project.resolve("target/control-plane-migration-"
                                + ProcessHandle.current().pid()));
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(controlPlane.clientConfig())
                        .build()) {
            Manifests manifests = new Manifests(client);
            manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
            manifests.applyFile(migration.resolve("1-provider-v1alpha1.yaml"));
            manifests.awaitCrdsSettled();
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            client.genericKubernetesResources(GROUP + "/v1alpha1", "InClusterIPPool")
                    .inNamespace(NAMESPACE)
                    .resource(pool("v1alpha1", "old", Map.of("subnet", "10.10.0.0/24", "gateway", "10.10.0.1")))
                    .create();
            manifests.applyFile(migration.resolve("2-provider-v1alpha2.yaml"));
            manifests.awaitCrdsSettled();
            client.genericKubernetesResources(GROUP + "/v1alpha2", "InClusterIPPool")
                    .inNamespace(NAMESPACE)
                    .resource(pool(
                            "v1alpha2", "new", Map.of("addresses", List.of("10.20.0.10-10.20.0.20"), "prefix", 24)))
                    .create();
            allocatedByTheProvider(client, "old", "old-claim", "10.10.0.2", "10.10.0.1");
            allocatedByTheProvider(client, "new", "new-claim", "10.20.0.10", null);
            assertThat(client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("inclusterippools." + GROUP)
                            .get()
                            .getStatus()
                            .getStoredVersions())
                    .contains("v1alpha1", "v1alpha2");

            manifests.applyDirectory(project.resolve("kubernetes/crds"));
            manifests.awaitCrdsSettled();
            int webhooks = OperatorProcess.freePort();
            try (OperatorProcess operator = OperatorProcess.start(
                            "migration",
                            controlPlane.kubeconfig(),
                            OperatorProcess.freePort(),
                            Map.of(
                                    "IPAM_WEBHOOK_PORT",
                                    Integer.toString(webhooks),
                                    "IPAM_WEBHOOK_URL",
                                    "https://127.0.0.1:" + webhooks))
                    .awaitReady(Duration.ofMinutes(2))) {
                InClusterIPPool old = client.resources(InClusterIPPool.class)
                        .inNamespace(NAMESPACE)
                        .withName("old")
                        .get();
                assertThat(old.getSpec().addresses).containsExactly("10.10.0.1-10.10.0.254");
                assertThat(old.getSpec().prefix).isEqualTo(24);

                client.resource(ClaimFixturesAccess.claim(NAMESPACE, "old-next", "old"))
                        .create();
                client.resource(ClaimFixturesAccess.claim(NAMESPACE, "new-next", "new"))
                        .create();
                await().atMost(scaled(Duration.ofMinutes(1))).untilAsserted(() -> {
                    assertThat(ClaimFixturesAccess.address(client, NAMESPACE, "old-next"))
                            .isEqualTo("10.10.0.3");
                    assertThat(ClaimFixturesAccess.address(client, NAMESPACE, "new-next"))
                            .isEqualTo("10.20.0.11");
                });
                assertThat(ClaimFixturesAccess.address(client, NAMESPACE, "old-claim"))
                        .isEqualTo("10.10.0.2");
                assertThat(ClaimFixturesAccess.address(client, NAMESPACE, "new-claim"))
                        .isEqualTo("10.20.0.10");
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .alias("the pools' conditions are stored now that the schema has them")
                        .untilAsserted(() -> assertThat(client.resources(InClusterIPPool.class)
                                        .inNamespace(NAMESPACE)
                                        .withName("old")
                                        .get()
                                        .getStatus()
                                        .conditions)
                                .isNotEmpty());
                // the operator's status write stored the pool as v1alpha2 through the conversion; v1alpha1 now serves
                // it as the provider would: with the defaults of its subnet
                assertThat(client.genericKubernetesResources(GROUP + "/v1alpha1", "InClusterIPPool")
                                .inNamespace(NAMESPACE)
                                .withName("old")
                                .get()
                                .getAdditionalProperties()
                                .get("spec"))
                        .isEqualTo(Map.of(
                                "subnet", "10.10.0.0/24",
                                "gateway", "10.10.0.1",
                                "start", "10.10.0.1",
                                "end", "10.10.0.254",
                                "prefix", 24));
                assertThat(operator.log()).doesNotContain("ERROR");
            }
        }
    }

    private static GenericKubernetesResource pool(String version, String name, Map<String, Object> spec) {
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion(GROUP + "/" + version);
        pool.setKind("InClusterIPPool");
        pool.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withFinalizers(IPPools.PROTECT_POOL_FINALIZER)
                .build());
        pool.setAdditionalProperty("spec", spec);
        return pool;
    }

    /** A claim and its IPAddress as the provider leaves them: finalizers, owner references, the claim's status. */
    private static void allocatedByTheProvider(
            KubernetesClient client, String pool, String claimName, String address, String gateway) {
        var claim = ClaimFixturesAccess.claim(NAMESPACE, claimName, pool);
        claim.getMetadata().setFinalizers(List.of(CapiNames.RELEASE_ADDRESS_FINALIZER));
        claim = client.resource(claim).create();
        String poolUid = client.genericKubernetesResources(GROUP + "/v1alpha2", "InClusterIPPool")
                .inNamespace(NAMESPACE)
                .withName(pool)
                .get()
                .getMetadata()
                .getUid();
        GenericKubernetesResource ipAddress = ClaimFixturesAccess.ipAddress(NAMESPACE, claimName, pool, address);
        ipAddress.getMetadata().setFinalizers(List.of(CapiNames.PROTECT_ADDRESS_FINALIZER));
        ipAddress
                .getMetadata()
                .setOwnerReferences(List.of(
                        new OwnerReferenceBuilder()
                                .withApiVersion(GROUP + "/v1beta2")
                                .withKind("IPAddressClaim")
                                .withName(claimName)
                                .withUid(claim.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build(),
                        new OwnerReferenceBuilder()
                                .withApiVersion(GROUP + "/v1alpha2")
                                .withKind("InClusterIPPool")
                                .withName(pool)
                                .withUid(poolUid)
                                .withController(false)
                                .withBlockOwnerDeletion(true)
                                .build()));
        if (gateway != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = new LinkedHashMap<>(
                    (Map<String, Object>) ipAddress.getAdditionalProperties().get("spec"));
            spec.put("gateway", gateway);
            ipAddress.setAdditionalProperty("spec", spec);
        }
        client.resource(ipAddress).create();
        claim.setStatus(new io.ipamoperator.api.capi.v1beta2.IPAddressClaimStatus());
        claim.getStatus().addressRef = new io.ipamoperator.api.capi.LocalReference();
        claim.getStatus().addressRef.name = claimName;
        client.resource(claim).updateStatus();
    }
}
