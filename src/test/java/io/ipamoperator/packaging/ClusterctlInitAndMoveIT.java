package io.ipamoperator.packaging;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import io.ipamoperator.testing.GoTestTools;
import io.ipamoperator.testing.OperatorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusterctl path end to end, with the real clusterctl (built from the Go module proxy) and two real control
 * planes: {@code clusterctl init --ipam ipam-operator} installs our components from a local provider repository on
 * each, and {@code clusterctl move} takes a Cluster with its pools, claims and IPAddresses from one to the other
 * without reallocating or losing an address (in-cluster provider issues 207, 212, 262).
 *
 * <p>No kubelet runs here, so the Deployment clusterctl installs cannot start; the operator runs beside each control
 * plane as the packaged-operator tests run it, and registers URL-based webhooks in place of the Service-based ones
 * the components carry.
 */
class ClusterctlInitAndMoveIT {

    private static final String CAPI_VERSION = "v1.14.2";
    private static final String NAMESPACE = "tenant";
    private static final String CLUSTER = "workload";
    private static final String PROVIDER_NAMESPACE = "ipam-operator-system";

    @TempDir
    Path work;

    @Test
    void initInstallsTheOperatorAndMoveKeepsEveryAddress() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        Path config = ClusterctlRepository.createWithClusterApi(work.resolve("repository"), CAPI_VERSION);
        long pid = ProcessHandle.current().pid();
        try (LocalControlPlane source =
                        LocalControlPlane.start(project, project.resolve("target/control-plane-move-source-" + pid));
                LocalControlPlane target =
                        LocalControlPlane.start(project, project.resolve("target/control-plane-move-target-" + pid));
                KubernetesClient from = client(source);
                KubernetesClient to = client(target)) {
            init(source, from, config);
            init(target, to, config);
            try (OperatorProcess sourceOperator = operator("move-source", source, Map.of());
                    OperatorProcess targetOperator =
                            operator("move-target", target, Map.of("IPAM_LOG_LEVEL", "DEBUG"))) {
                GenericKubernetesResource cluster = provisionedCluster(from);
                createPools(from);
                for (int i = 0; i < 6; i++) {
                    from.resource(ownedBy(cluster, ClaimFixturesAccess.claim(NAMESPACE, "node-" + i, "nodes")))
                            .create();
                }
                for (int i = 0; i < 2; i++) {
                    from.resource(ownedBy(
                                    cluster,
                                    ClaimFixturesAccess.claim(
                                            NAMESPACE, "vip-" + i, "GlobalInClusterIPPool", "shared-move")))
                            .create();
                }
                Map<String, String> before = awaitAllBound(from, 8);
                assertThat(before.values()).doesNotHaveDuplicates();

                GoTestTools.Result move = clusterctl(
                        "move",
                        "--kubeconfig",
                        source.kubeconfig().toString(),
                        "--to-kubeconfig",
                        target.kubeconfig().toString(),
                        "--namespace",
                        NAMESPACE);
                assertThat(move.exitCode()).as(move.output()).isZero();

                Map<String, String> after = awaitAllBound(to, 8);
                assertThat(after).as("every claim keeps its address").isEqualTo(before);
                assertThat(addresses(to))
                        .as("one IPAddress per claim, none created twice")
                        .isEqualTo(before);
                assertThat(from.resources(IPAddressClaim.class)
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems())
                        .as("the claims left the source")
                        .isEmpty();
                assertThat(from.resources(InClusterIPPool.class)
                                .inNamespace(NAMESPACE)
                                .list()
                                .getItems())
                        .as("the namespaced pool left the source despite its addresses (delete-for-move)")
                        .isEmpty();
                assertThat(targetOperator.log())
                        .as("IPAM_LOG_LEVEL=DEBUG: the target left the claims alone while their Cluster was paused")
                        .contains("left alone");

                to.resource(ownedBy(clusterIn(to), ClaimFixturesAccess.claim(NAMESPACE, "node-after-move", "nodes")))
                        .create();
                Map<String, String> withNew = awaitAllBound(to, 9);
                assertThat(withNew.get("node-after-move"))
                        .as("a claim after the move gets the next free address, not a moved one")
                        .isEqualTo("10.70.0.16")
                        .isNotIn(before.values());
                assertThat(targetOperator.log()).doesNotContain("ERROR");
            }
        }
    }

    private void init(LocalControlPlane controlPlane, KubernetesClient client, Path config) {
        Manifests manifests = new Manifests(client);
        manifests.applyFile(Path.of("src/test/resources/clusterctl/cert-manager-api.yaml"));
        manifests.awaitCrdsSettled();

        GoTestTools.Result init = clusterctl(
                "init",
                "--kubeconfig",
                controlPlane.kubeconfig().toString(),
                "--core",
                "cluster-api:" + CAPI_VERSION,
                "--bootstrap",
                "kubeadm:" + CAPI_VERSION,
                "--control-plane",
                "kubeadm:" + CAPI_VERSION,
                "--ipam",
                ClusterctlComponents.PROVIDER + ":v" + RenderedChart.appVersion());

        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(init.output()).contains("Installing provider=\"ipam-ipam-operator\"");
        GenericKubernetesResource inventory = client.genericKubernetesResources(
                        "clusterctl.cluster.x-k8s.io/v1alpha3", "Provider")
                .inNamespace(PROVIDER_NAMESPACE)
                .withName(ClusterctlComponents.PROVIDER_LABEL)
                .get();
        assertThat(inventory).as("clusterctl's inventory records our provider").isNotNull();
        assertThat(inventory.get("type").toString()).isEqualTo("IPAMProvider");
        assertThat(inventory.get("version").toString()).isEqualTo("v" + RenderedChart.appVersion());
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(PROVIDER_NAMESPACE)
                .withName("ipam-operator")
                .get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/ipam-operator/ipam-operator:" + RenderedChart.appVersion());
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("inclusterippools.ipam.cluster.x-k8s.io")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsKeys("clusterctl.cluster.x-k8s.io", "clusterctl.cluster.x-k8s.io/move-hierarchy")
                .containsEntry("cluster.x-k8s.io/provider", ClusterctlComponents.PROVIDER_LABEL);

        // The components' webhook configurations point at the Service of pods that cannot run here; the operator
        // process registers its own by URL.
        client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("ipam-operator-validating-webhook-configuration")
                .delete();
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("ipam-operator-mutating-webhook-configuration")
                .delete();
    }

    private static OperatorProcess operator(String name, LocalControlPlane controlPlane, Map<String, String> extra)
            throws Exception {
        int webhooks = OperatorProcess.freePort();
        Map<String, String> environment = new HashMap<>(Map.of(
                "IPAM_WEBHOOK_PORT",
                Integer.toString(webhooks),
                "IPAM_WEBHOOK_URL",
                "https://127.0.0.1:" + webhooks,
                "KUBERNETES_NAMESPACE",
                PROVIDER_NAMESPACE));
        environment.putAll(extra);
        return OperatorProcess.start(name, controlPlane.kubeconfig(), OperatorProcess.freePort(), environment)
                .awaitReady(scaled(Duration.ofMinutes(2)));
    }

    private static void createPools(KubernetesClient client) {
        InClusterIPPool nodes = new InClusterIPPool();
        nodes.setMetadata(new ObjectMetaBuilder()
                .withName("nodes")
                .withNamespace(NAMESPACE)
                .withLabels(Map.of(CapiNames.CLUSTER_NAME_LABEL, CLUSTER))
                .build());
        nodes.setSpec(new IPPoolSpec(List.of("10.70.0.10-10.70.0.40"), 24, "10.70.0.1"));
        GlobalInClusterIPPool shared = new GlobalInClusterIPPool();
        shared.setMetadata(new ObjectMetaBuilder().withName("shared-move").build());
        shared.setSpec(new IPPoolSpec(List.of("10.71.0.10-10.71.0.20"), 24, null));
        await().atMost(scaled(Duration.ofMinutes(1)))
                .ignoreExceptions()
                .alias("the pools are admitted once the operator's webhooks answer")
                .untilAsserted(() -> {
                    client.resource(nodes).serverSideApply();
                    client.resource(shared).serverSideApply();
                });
    }

    /** A v1beta2 Cluster whose infrastructure and control plane are up, as clusterctl move requires. */
    private static GenericKubernetesResource provisionedCluster(KubernetesClient client) {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.setApiVersion("cluster.x-k8s.io/v1beta2");
        cluster.setKind("Cluster");
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName(CLUSTER)
                .withNamespace(NAMESPACE)
                .build());
        cluster.setAdditionalProperty("spec", Map.of());
        client.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        GenericKubernetesResource created = client.resource(cluster).create();
        created.setAdditionalProperty(
                "status",
                Map.of(
                        "initialization",
                        Map.of("infrastructureProvisioned", true, "controlPlaneInitialized", true),
                        "conditions",
                        List.of(Map.of(
                                "type", "ControlPlaneInitialized",
                                "status", "True",
                                "reason", "Initialized",
                                "message", "",
                                "lastTransitionTime", "2026-12-01T00:00:00Z"))));
        return client.resource(created).updateStatus();
    }

    private static GenericKubernetesResource clusterIn(KubernetesClient client) {
        return client.genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster")
                .inNamespace(NAMESPACE)
                .withName(CLUSTER)
                .get();
    }

    /** The claim as a Machine would create it: owned by (here) the Cluster, labelled with its name. */
    private static IPAddressClaim ownedBy(GenericKubernetesResource cluster, IPAddressClaim claim) {
        claim.getMetadata().setLabels(Map.of(CapiNames.CLUSTER_NAME_LABEL, CLUSTER));
        claim.getMetadata()
                .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(cluster.getApiVersion())
                        .withKind("Cluster")
                        .withName(CLUSTER)
                        .withUid(cluster.getMetadata().getUid())
                        .build()));
        return claim;
    }

    /** Claim name to bound address, once {@code count} claims of the namespace are Ready with an address. */
    private static Map<String, String> awaitAllBound(KubernetesClient client, int count) {
        return await().atMost(scaled(Duration.ofMinutes(2)))
                .until(
                        () -> {
                            List<IPAddressClaim> claims = client.resources(IPAddressClaim.class)
                                    .inNamespace(NAMESPACE)
                                    .list()
                                    .getItems();
                            Map<String, String> bound = new TreeMap<>();
                            for (IPAddressClaim claim : claims) {
                                if (claim.getStatus() != null
                                        && claim.getStatus().addressRef != null
                                        && claim.getStatus().addressRef.name != null) {
                                    String address = ClaimFixturesAccess.address(
                                            client, NAMESPACE, claim.getStatus().addressRef.name);
                                    if (address != null) {
                                        bound.put(claim.getMetadata().getName(), address);
                                    }
                                }
                            }
                            return claims.size() == count && bound.size() == count ? bound : null;
                        },
                        java.util.Objects::nonNull);
    }

    /** IPAddress name to address, of the namespace. */
    private static Map<String, String> addresses(KubernetesClient client) {
        return client.resources(IPAddress.class).inNamespace(NAMESPACE).list().getItems().stream()
                .collect(Collectors.toMap(
                        a -> a.getMetadata().getName(),
                        a -> a.getSpec().address,
                        (a, b) -> {
                            throw new AssertionError("two IPAddresses named alike");
                        },
                        TreeMap::new));
    }

    private GoTestTools.Result clusterctl(String... arguments) {
        return ClusterctlRepository.clusterctl(work.resolve("repository/clusterctl.yaml"), work, Map.of(), arguments);
    }

    private static KubernetesClient client(LocalControlPlane controlPlane) {
        return new KubernetesClientBuilder()
                .withConfig(controlPlane.clientConfig())
                .build();
    }
}
