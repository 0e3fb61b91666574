package io.ipamoperator.migration;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import io.ipamoperator.testing.OperatorProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An upgrade half done: the CRDs of a newer release are applied (here: ours with one more spec field,
 * {@code futureField}, on the two namespaced pool kinds) while the operator of the running release, which does not
 * know that field, still runs. A pool using the field must be admitted by its webhooks, converted to and from
 * v1alpha1 without losing the field, reconciled, and allocated from; the field must stay stored. On a control plane
 * of its own, since the other tests share the committed CRDs.
 */
class CrdAheadOfOperatorIT {

    private static final String GROUP = CapiNames.IPAM_GROUP;
    private static final String NAMESPACE = "upgrade";

    @Test
    void aPoolUsingAFieldOfANewerCrdIsAdmittedConvertedReconciledAndAllocatedFrom() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        try (LocalControlPlane controlPlane = LocalControlPlane.start(
                        project,
                        project.resolve("target/control-plane-newer-crd-"
                                + ProcessHandle.current().pid()));
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(controlPlane.clientConfig())
                        .build()) {
            Manifests manifests = new Manifests(client);
            manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
            manifests.applyDirectory(project.resolve("kubernetes/crds"));
            withFutureField(client, project.resolve("kubernetes/crds/inclusterippools.ipam.cluster.x-k8s.io-v1.yml"));
            withFutureField(
                    client, project.resolve("kubernetes/crds/inclusterprefixpools.ipam.cluster.x-k8s.io-v1.yml"));
            manifests.awaitCrdsSettled();
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
            int webhooks = OperatorProcess.freePort();
            try (OperatorProcess operator = OperatorProcess.start(
                            "newer-crd",
                            controlPlane.kubeconfig(),
                            OperatorProcess.freePort(),
                            Map.of(
                                    "IPAM_WEBHOOK_PORT",
                                    Integer.toString(webhooks),
                                    "IPAM_WEBHOOK_URL",
                                    "https://127.0.0.1:" + webhooks))
                    .awaitReady(Duration.ofMinutes(2))) {
                awaitWebhooksRegistered(client);

                // validation (create, then update: the old and the new object) and the prefix pools' defaulting
                pools(client, "v1alpha2", "InClusterIPPool")
                        .resource(pool(
                                "v1alpha2",
                                "InClusterIPPool",
                                "pool",
                                Map.of(
                                        "addresses",
                                        List.of("10.40.0.10-10.40.0.20"),
                                        "prefix",
                                        24,
                                        "futureField",
                                        "created")))
                        .create();
                edit(pools(client, "v1alpha2", "InClusterIPPool").withName("pool"), pool -> {
                    spec(pool).put("gateway", "10.40.0.1");
                    spec(pool).put("futureField", "updated");
                });
                GenericKubernetesResource prefixPool = pools(client, "v1alpha2", "InClusterPrefixPool")
                        .resource(pool(
                                "v1alpha2",
                                "InClusterPrefixPool",
                                "prefixes",
                                Map.of(
                                        "prefixes",
                                        List.of("fd00:40::/56"),
                                        "allocationPrefixLength",
                                        0,
                                        "futureField",
                                        "created")))
                        .create();
                assertThat(spec(prefixPool)).containsEntry("allocationPrefixLength", 64);

                // read in v1alpha1 through the conversion webhook, and updated there: the field is kept
                edit(pools(client, "v1alpha1", "InClusterIPPool").withName("pool"), pool -> {
                    assertThat(spec(pool)).containsEntry("gateway", "10.40.0.1");
                    spec(pool).put("gateway", "10.40.0.2");
                });
                Map<String, Object> stored = spec(pools(client, "v1alpha2", "InClusterIPPool")
                        .withName("pool")
                        .get());
                assertThat(stored)
                        .containsEntry("gateway", "10.40.0.2")
                        .containsEntry("futureField", "updated")
                        .containsEntry("addresses", List.of("10.40.0.10-10.40.0.20"));

                // reconciled and allocated from
                await().atMost(scaled(Duration.ofMinutes(1))).untilAsserted(() -> {
                    assertThat(ready(client, "InClusterIPPool", "pool")).isEqualTo("True");
                    assertThat(ready(client, "InClusterPrefixPool", "prefixes")).isEqualTo("True");
                });
                client.resource(ClaimFixturesAccess.claim(NAMESPACE, "claim", "pool"))
                        .create();
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .until(() -> "10.40.0.10".equals(ClaimFixturesAccess.address(client, NAMESPACE, "claim")));

                // the operator's own writes (finalizer, status) left the field where it was
                assertThat(spec(pools(client, "v1alpha2", "InClusterIPPool")
                                .withName("pool")
                                .get()))
                        .containsEntry("futureField", "updated");
                assertThat(spec(pools(client, "v1alpha2", "InClusterPrefixPool")
                                .withName("prefixes")
                                .get()))
                        .containsEntry("futureField", "created");
                assertThat(operator.log()).doesNotContain("ERROR").doesNotContain("Unrecognized field");
            }
        }
    }

    /** Applies the CRD of {@code file} with a string property {@code futureField} added to its v1alpha2 spec. */
    private static void withFutureField(KubernetesClient client, Path file) throws Exception {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
            List<HasMetadata> items = client.load(in).items();
            crd = (CustomResourceDefinition) items.get(0);
        }
        CustomResourceDefinitionVersion v1alpha2 = crd.getSpec().getVersions().stream()
                .filter(version -> version.getName().equals("v1alpha2"))
                .findFirst()
                .orElseThrow();
        v1alpha2.getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .put(
                        "futureField",
                        new JSONSchemaPropsBuilder()
                                .withType("string")
                                .withDescription("A field a newer release added.")
                                .build());
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd)
                .fieldManager("newer-release")
                .forceConflicts()
                .serverSideApply();
    }

    /**
     * A read-modify-write, as {@code kubectl edit} does, again on a conflict with the operator's own writes (its
     * finalizer, its status).
     */
    private static void edit(Resource<GenericKubernetesResource> pool, Consumer<GenericKubernetesResource> change) {
        await().atMost(scaled(Duration.ofSeconds(30)))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    pool.edit(seen -> {
                        change.accept(seen);
                        return seen;
                    });
                    return true;
                });
    }

    private static void awaitWebhooksRegistered(KubernetesClient client) {
        await().atMost(scaled(Duration.ofSeconds(60)))
                .until(() -> client.admissionRegistration()
                                        .v1()
                                        .validatingWebhookConfigurations()
                                        .withName("ipam-operator-validating-webhook-configuration")
                                        .get()
                                != null
                        && "Webhook"
                                .equals(client.apiextensions()
                                        .v1()
                                        .customResourceDefinitions()
                                        .withName("inclusterippools." + GROUP)
                                        .get()
                                        .getSpec()
                                        .getConversion()
                                        .getStrategy()));
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            pools(KubernetesClient client, String version, String kind) {
        MixedOperation<
                        GenericKubernetesResource,
                        io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                        Resource<GenericKubernetesResource>>
                all = client.genericKubernetesResources(GROUP + "/" + version, kind);
        return all.inNamespace(NAMESPACE);
    }

    private static GenericKubernetesResource pool(String version, String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion(GROUP + "/" + version);
        pool.setKind(kind);
        pool.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        pool.setAdditionalProperty("spec", new java.util.LinkedHashMap<>(spec));
        return pool;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource pool) {
        return (Map<String, Object>) pool.getAdditionalProperties().get("spec");
    }

    /** The status of the pool's Ready condition, or null. */
    @SuppressWarnings("unchecked")
    private static String ready(KubernetesClient client, String kind, String name) {
        GenericKubernetesResource pool =
                pools(client, "v1alpha2", kind).withName(name).get();
        Map<String, Object> status =
                (Map<String, Object>) pool.getAdditionalProperties().get("status");
        if (status == null || !(status.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        return conditions.stream()
                .map(condition -> (Map<String, Object>) condition)
                .filter(condition -> "Ready".equals(condition.get("type")))
                .map(condition -> (String) condition.get("status"))
                .findFirst()
                .orElse(null);
    }
}
