package io.ipamoperator.packaging;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.claim.ClaimStorm;
import io.ipamoperator.testing.PrometheusServer;
import io.ipamoperator.testing.RealNode;
import io.ipamoperator.testing.TestNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart and the JVM image on a real node, as a user installs them: {@code helm install} into a namespace that
 * enforces the {@code restricted} Pod Security Standard, the image imported into the node's containerd (no
 * registry). Both replicas run as pods and pass their probes, one holds the Lease, the webhooks answer the API server
 * through their Service, v1alpha1 reads are converted, claims are bound, a storm of 1000 claims is served within the
 * pod's memory limit (the JVM sizes its heap from it), the PodDisruptionBudget refuses to evict the second replica
 * while the first is gone, and the pods log no ERROR.
 */
@Tag("real-node")
@ExtendWith(RealNode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallRealNodeIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("image.archive", "target/ipam-operator-image.tar"));
    private static final String LEASE = "ipam-operator-leader";
    /**
     * The one dashboard series that a healthy operator does not have: the SDK registers its reconcile-failure
     * counter at the first failure, so the panel shows "No data" rather than 0 until then.
     */
    private static final String COUNTED_FROM_THE_FIRST_FAILURE =
            "operator_sdk_controllers_execution_reconcile_failure_total";

    private static RealNode node;
    private static KubernetesClient client;
    private static RealNodeRelease operator;
    private static String namespace;
    private static Release release;

    @BeforeAll
    static void install() {
        assertThat(ARCHIVE)
                .as("the image archive (./mvnw package builds it; -Dimage.skip leaves it out)")
                .exists();
        node = RealNode.current();
        client = node.newClient();
        node.importImage(ARCHIVE);
        namespace = RealNodeRelease.NAMESPACE;
        operator = new RealNodeRelease(node, client);
        release = operator.install(HelmChartTest.CHART, Map.of());
        operator.awaitBothReplicasReady();
    }

    @AfterAll
    static void close() {
        if (operator != null) {
            operator.uninstall();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void bothReplicasRunUnderTheRestrictedPodSecurityStandardAndPassTheirProbes() {
        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(operator.pods()).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeName()).isEqualTo(RealNode.NODE_NAME);
            assertThat(pod.getStatus().getPodIP()).startsWith("10.244.0.");
            ContainerStatus container = RealNodeRelease.operator(pod);
            assertThat(container.getImage()).contains("ipam-operator");
            assertThat(container.getReady()).isTrue();
            assertThat(container.getStarted()).isTrue();
            assertThat(container.getRestartCount()).isZero();
        });
    }

    @Test
    @Order(2)
    void oneReplicaHoldsTheLease() {
        List<String> pods =
                operator.pods().stream().map(pod -> pod.getMetadata().getName()).toList();
        await("the leader Lease held by a replica")
                .atMost(scaled(Duration.ofSeconds(30)))
                .untilAsserted(() -> {
                    Lease lease = client.leases()
                            .inNamespace(namespace)
                            .withName(LEASE)
                            .get();
                    assertThat(lease).isNotNull();
                    assertThat(lease.getSpec().getHolderIdentity()).isIn(pods);
                });
    }

    @Test
    @Order(3)
    void theValidatingWebhookRefusesABadPoolThroughItsService() {
        operator.assertWebhookRefusesAMixedFamilyPool("webhook");
    }

    @Test
    @Order(4)
    void v1alpha1IsConvertedByTheOperatorBothWays() {
        String ns = TestNamespaces.create(client, "conversion");
        GenericKubernetesResource old = new GenericKubernetesResource();
        old.setApiVersion("ipam.cluster.x-k8s.io/v1alpha1");
        old.setKind("InClusterIPPool");
        old.setMetadata(
                new ObjectMetaBuilder().withName("old-style").withNamespace(ns).build());
        old.setAdditionalProperties(Map.of("spec", Map.of("subnet", "10.30.0.0/24", "gateway", "10.30.0.1")));
        client.resource(old).create();

        InClusterIPPool stored = client.resources(InClusterIPPool.class)
                .inNamespace(ns)
                .withName("old-style")
                .get();
        assertThat(stored.getSpec().addresses).containsExactly("10.30.0.1-10.30.0.254");
        assertThat(stored.getSpec().prefix).isEqualTo(24);

        InClusterIPPool current = new InClusterIPPool();
        current.setMetadata(
                new ObjectMetaBuilder().withName("new-style").withNamespace(ns).build());
        current.setSpec(new IPPoolSpec(List.of("10.31.0.10-10.31.0.20"), 24, "10.31.0.1"));
        client.resource(current).create();
        GenericKubernetesResource read = client.genericKubernetesResources(
                        "ipam.cluster.x-k8s.io/v1alpha1", "InClusterIPPool")
                .inNamespace(ns)
                .withName("new-style")
                .get();
        assertThat(read.getApiVersion()).isEqualTo("ipam.cluster.x-k8s.io/v1alpha1");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) read.getAdditionalProperties().get("spec");
        assertThat(spec)
                .containsEntry("addresses", List.of("10.31.0.10-10.31.0.20"))
                .containsEntry("gateway", "10.31.0.1")
                .containsEntry("prefix", 24);
    }

    @Test
    @Order(5)
    void claimsAreBound() {
        String ns = TestNamespaces.create(client, "claims");
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName("nodes").withNamespace(ns).build());
        pool.setSpec(new IPPoolSpec(List.of("10.10.0.10-10.10.0.100"), 24, "10.10.0.1"));
        client.resource(pool).create();
        for (int i = 0; i < 3; i++) {
            client.resource(ClaimFixturesAccess.claim(ns, "node-" + i, "nodes")).create();
        }
        await("3 claims bound")
                .atMost(scaled(Duration.ofSeconds(30)))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(client.resources(IPAddressClaim.class)
                                .inNamespace(ns)
                                .list()
                                .getItems())
                        .hasSize(3)
                        .allSatisfy(claim -> assertThat(Optional.ofNullable(claim.getStatus())
                                        .map(status -> status.addressRef)
                                        .map(ref -> ref.name))
                                .contains(claim.getMetadata().getName())));
        assertThat(List.of(
                        ClaimFixturesAccess.address(client, ns, "node-0"),
                        ClaimFixturesAccess.address(client, ns, "node-1"),
                        ClaimFixturesAccess.address(client, ns, "node-2")))
                .doesNotHaveDuplicates()
                .allSatisfy(address -> assertThat(address).startsWith("10.10.0."));
    }

    @Test
    @Order(6)
    void aStormOf1000ClaimsIsServedWithinTheMemoryLimitWhoseHeapTheJvmSizedFromIt() throws Exception {
        ClaimStorm storm = ClaimStorm.prepare(client, "storm");
        storm.createClaims(1000);
        storm.assertAllBoundWithoutDuplicates(1000, Duration.ofSeconds(180));

        for (Pod pod : operator.pods()) {
            ContainerStatus container = RealNodeRelease.operator(pod);
            assertThat(container.getRestartCount())
                    .as("%s restarted (last state %s)", pod.getMetadata().getName(), container.getLastState())
                    .isZero();
            long limitBytes = RealNodeRelease.memoryLimit(pod);
            long heapMax = RealNodeRelease.heapMax(pod);
            // MaxRAMPercentage=65 of the container's limit (SerialGC: the pools' maxima add up to the heap less one
            // survivor space); a JVM blind to the cgroup would size it from the machine's 24 GiB
            assertThat(heapMax)
                    .as(
                            "heap max of %s with a %d-byte memory limit",
                            pod.getMetadata().getName(), limitBytes)
                    .isBetween((long) (limitBytes * 0.60), (long) (limitBytes * 0.66));
        }
    }

    @Test
    @Order(7)
    void prometheusScrapesBothPodsEveryDashboardQueryHasDataAndTheExhaustionAlertFiresAndClears() throws Exception {
        Assumptions.assumeTrue(
                RealNode.onPath("prometheus"), "no prometheus on the PATH (Debian: apt-get install prometheus)");
        Path rules = Path.of("kubernetes/monitoring/ipam-operator-rules.yaml");
        // what pod discovery finds (Debian's Prometheus has none of its own): the pods' IPs, port http
        Map<String, String> targets = operator.pods().stream()
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getStatus().getPodIP() + ":8080"));
        try (PrometheusServer prometheus =
                PrometheusServer.start(targets, rules, node.workDir().resolve("prometheus"))) {
            await("both pods scraped")
                    .atMost(scaled(Duration.ofSeconds(60)))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(prometheus.query("up{job=\"ipam-operator\"} == 1"))
                            .hasSize(2));

            // a pool of 4 addresses and 5 claims: full, one claim waiting
            String ns = TestNamespaces.create(client, "exhausted");
            InClusterIPPool pool = new InClusterIPPool();
            pool.setMetadata(
                    new ObjectMetaBuilder().withName("small").withNamespace(ns).build());
            pool.setSpec(new IPPoolSpec(List.of("10.12.0.1-10.12.0.4"), 24, null));
            client.resource(pool).create();
            for (int i = 0; i < 5; i++) {
                client.resource(ClaimFixturesAccess.claim(ns, "claim-" + i, "small"))
                        .create();
            }

            // IpamPoolExhaustedWithClaimsWaiting (for: 2m) fires for the pool, and clears once it has room again
            await("IpamPoolExhaustedWithClaimsWaiting firing for " + ns + "/small")
                    .atMost(scaled(Duration.ofMinutes(4)))
                    .pollInterval(Duration.ofSeconds(5))
                    .until(() -> exhaustionAlert(prometheus, ns).equals("firing"));
            for (int i = 0; i < 5; i++) {
                client.resources(IPAddressClaim.class)
                        .inNamespace(ns)
                        .withName("claim-" + i)
                        .delete();
            }
            await("IpamPoolExhaustedWithClaimsWaiting cleared")
                    .atMost(scaled(Duration.ofSeconds(60)))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> exhaustionAlert(prometheus, ns).isEmpty());

            // every expression of the Grafana dashboard, for any namespace and pool, returns series (now that
            // addresses were allocated and released); an alarm panel's threshold (" > 0") is left out, its series
            // must exist
            List<String> expressions = GrafanaDashboardTest.expressions();
            await("every dashboard query answered with data")
                    .atMost(scaled(Duration.ofSeconds(60)))
                    .pollInterval(Duration.ofSeconds(5))
                    .untilAsserted(() -> {
                        List<String> empty = expressions.stream()
                                .map(expr -> expr.replace("$namespace", ".*").replace("$pool", ".*"))
                                .map(expr -> expr.startsWith("label_values(")
                                        ? expr.substring("label_values(".length(), expr.lastIndexOf(','))
                                        : expr)
                                .map(expr -> expr.endsWith(" > 0") ? expr.substring(0, expr.length() - 4) : expr)
                                .filter(expr -> !expr.contains(COUNTED_FROM_THE_FIRST_FAILURE))
                                .filter(expr -> prometheus.query(expr).isEmpty())
                                .toList();
                        assertThat(empty).as("dashboard queries without data").isEmpty();
                    });
        }
    }

    /** The state of the exhaustion alert for pool {@code small} of {@code ns}: "", "pending" or "firing". */
    private static String exhaustionAlert(PrometheusServer prometheus, String ns) {
        for (JsonNode alert : prometheus.alerts()) {
            JsonNode labels = alert.path("labels");
            if (labels.path("alertname").asText().equals("IpamPoolExhaustedWithClaimsWaiting")
                    && labels.path("namespace").asText().equals(ns)
                    && labels.path("pool").asText().equals("small")) {
                return alert.path("state").asText();
            }
        }
        return "";
    }

    @Test
    @Order(8)
    void thePodsLogNoError() {
        operator.assertPodsLogNoError();
    }

    @Test
    @Order(9)
    void theDisruptionBudgetLetsADrainEvictOnlyOneReplicaAtATime() throws IOException {
        List<Pod> pods = operator.pods();
        assertThat(pods).hasSize(2);
        // what `kubectl drain` does for each pod of the node: the Eviction API, which honours the budget. A client
        // that does not retry: fabric8 retries a 429 until the budget allows, as drain does (below)
        try (KubernetesClient once = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(node.config())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
            boolean first = once.pods()
                    .inNamespace(namespace)
                    .withName(pods.get(0).getMetadata().getName())
                    .evict();
            boolean second = once.pods()
                    .inNamespace(namespace)
                    .withName(pods.get(1).getMetadata().getName())
                    .evict();
            assertThat(first).as("the first eviction").isTrue();
            assertThat(second)
                    .as("the second eviction while the first replica is not back (maxUnavailable 1)")
                    .isFalse();
        }
        operator.awaitBothReplicasReady();
        assertThat(client.pods()
                        .inNamespace(namespace)
                        .withName(pods.get(1).getMetadata().getName())
                        .get())
                .as("the replica the budget protected")
                .isNotNull();
        // the drain goes on: once the replacement is Ready, the budget lets the second replica go
        assertThat(client.pods()
                        .inNamespace(namespace)
                        .withName(pods.get(1).getMetadata().getName())
                        .evict())
                .isTrue();
        operator.awaitBothReplicasReady();
        assertThat(operator.pods())
                .extracting(pod -> pod.getMetadata().getName())
                .doesNotContainAnyElementsOf(
                        pods.stream().map(pod -> pod.getMetadata().getName()).toList());

        // whichever replica led, a claim made now is bound (a new leader took over if needed)
        String ns = TestNamespaces.create(client, "after-drain");
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(
                new ObjectMetaBuilder().withName("nodes").withNamespace(ns).build());
        pool.setSpec(new IPPoolSpec(List.of("10.11.0.10-10.11.0.20"), 24, null));
        client.resource(pool).create();
        client.resource(ClaimFixturesAccess.claim(ns, "after-drain", "nodes")).create();
        await("a claim bound after the eviction")
                .atMost(scaled(Duration.ofSeconds(60)))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(ClaimFixturesAccess.address(client, ns, "after-drain"))
                        .startsWith("10.11.0."));
        Files.writeString(
                node.logs().resolve("operator-pods.txt"), operator.describe() + "\n"); // for the record of the run
    }
}
