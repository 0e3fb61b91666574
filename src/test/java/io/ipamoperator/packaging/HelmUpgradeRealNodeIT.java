package io.ipamoperator.packaging;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimStorm;
import io.ipamoperator.testing.RealNode;
import io.ipamoperator.testing.TestNamespaces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An upgrade on a real node as a user does it, under load: the next release's CRDs applied first (here our pool CRD
 * with one more optional spec field, {@code futureField}), then {@code helm upgrade} to the next chart (version and
 * appVersion {@value #NEXT}, so the pods roll to the next image: a new build of ours, the same layers under another
 * config) while a storm of 1000 claims is being created and pools are created, updated (with the new field) and
 * deleted all along. Every claim is bound, no address is handed out twice, no IPAddress is left without its claim,
 * and no pool write is refused (the webhooks' failurePolicy is Fail: a write no replica answers is refused). Then
 * back to the first release, the same way with 100 more claims; that puts the first release's CRD back too, so the
 * new field is no longer served (the API server prunes it from what it reads).
 *
 * <p>helm-java (0.0.21) has no {@code rollback} command (manusa/helm-java#351); the way back is {@code helm
 * upgrade} to the previous revision's chart and values, which renders and applies what {@code helm rollback} would
 * re-apply (the previous revision's manifest), as a new revision.
 */
@Tag("real-node")
@ExtendWith(RealNode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmUpgradeRealNodeIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("image.archive", "target/ipam-operator-image.tar"));
    private static final String REPOSITORY = "ghcr.io/ipam-operator/ipam-operator";
    private static final String NEXT = "0.1.1";
    private static final String POOL_CRD = "inclusterippools.ipam.cluster.x-k8s.io-v1.yml";
    private static final String NEW_FIELD = "futureField";
    private static RealNode node;
    private static KubernetesClient client;
    private static RealNodeRelease operator;
    private static String firstVersion;
    private static Path nextChart;
    private static String newerCrd;
    private static ClaimStorm storm;
    /** A pool the upgrade's writer gave the new field to: namespace, name. */
    private static List<String> poolWithTheNewField;

    @BeforeAll
    static void installTheFirstRelease() throws IOException {
        assertThat(ARCHIVE)
                .as("the image archive (./mvnw package builds it; -Dimage.skip leaves it out)")
                .exists();
        node = RealNode.current();
        client = node.newClient();
        node.importImage(ARCHIVE);
        Path work = node.workDir().resolve("upgrade");
        Files.createDirectories(work);
        node.importImage(ImageArchives.rebuilt(
                ARCHIVE,
                REPOSITORY + ":" + NEXT,
                Map.of("org.opencontainers.image.version", NEXT, "io.ipamoperator.test.build", "next"),
                work.resolve("next-image.tar")));
        firstVersion = RealNodeRelease.chartValue(HelmChartTest.CHART, "appVersion");
        nextChart = nextChart(work.resolve("next-chart"));

        operator = new RealNodeRelease(node, client);
        operator.install(HelmChartTest.CHART, Map.of());
        operator.awaitBothReplicasReady();
    }

    @AfterAll
    static void uninstall() {
        if (operator != null) {
            operator.uninstall();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void helmUpgradeRollsThePodsToTheNextBuildDuringAStormAndRefusesNoPoolWrite() throws Exception {
        List<Pod> before = operator.pods();
        // as the upgrade notes say: the CRDs first (kubectl apply --server-side -f kubernetes/crds/), then the chart
        CustomResourceDefinition crd = client.getKubernetesSerialization()
                .unmarshal(new ByteArrayInputStream(newerCrd.getBytes(StandardCharsets.UTF_8)));
        client.resource(crd).fieldManager("kubectl").forceConflicts().serverSideApply();
        await("the newer CRD served").atMost(scaled(Duration.ofSeconds(30))).until(() -> hasNewField(poolCrd()));

        storm = ClaimStorm.prepare(client, "upgrade");
        Roll roll;
        try (PoolWriter writer = PoolWriter.start(client, TestNamespaces.create(client, "upgrade-writes"))) {
            storm.createClaims(0, 300);
            int writesBefore = writer.writes();
            Release upgraded = operator.upgrade(nextChart, Map.of());
            assertThat(upgraded.getStatus()).isEqualTo("deployed");
            int next = createClaimsWhileRolling(300, 900, NEXT);
            storm.createClaims(next, 1000);
            awaitRolledTo(NEXT);
            roll = new Roll(next - 300, writer.writes() - writesBefore);
            writer.stop();
            assertThat(writer.refused())
                    .as("pool writes refused during the upgrade")
                    .isEmpty();
            assertThat(writer.lastUpdated())
                    .as("the new field of the last pool updated")
                    .containsEntry(NEW_FIELD, writer.lastValue());
            poolWithTheNewField = List.of(writer.namespace, writer.lastUpdatedName());
        }

        assertRolled(before, NEXT, roll);
        storm.assertAllBoundWithoutDuplicates(1000, Duration.ofSeconds(180));
        assertThat(storm.claims()).as("claims").isEqualTo(1000).isEqualTo(storm.bound());
        assertThat(Helm.history(RealNodeRelease.NAME)
                        .withNamespace(RealNodeRelease.NAMESPACE)
                        .withKubeConfig(node.kubeconfig())
                        .call())
                .extracting(ReleaseHistory::getRevision, ReleaseHistory::getAppVersion)
                .contains(tuple(2, NEXT));
        operator.assertPodsLogNoError();
    }

    @Test
    @Order(2)
    void backToTheFirstReleaseTheSameWayWithMoreClaims() throws Exception {
        assertThat(storm).as("the storm of the upgrade (the test before)").isNotNull();
        List<Pod> before = operator.pods();
        Roll roll;
        try (PoolWriter writer = PoolWriter.start(client, TestNamespaces.create(client, "rollback-writes"))) {
            // helm rollback: the previous revision's chart and values again
            int writesBefore = writer.writes();
            Release back = operator.upgrade(HelmChartTest.CHART, Map.of());
            assertThat(back.getStatus()).isEqualTo("deployed");
            int next = createClaimsWhileRolling(1000, 1090, firstVersion);
            storm.createClaims(next, 1100);
            awaitRolledTo(firstVersion);
            roll = new Roll(next - 1000, writer.writes() - writesBefore);
            writer.stop();
            assertThat(writer.refused())
                    .as("pool writes refused during the rollback")
                    .isEmpty();
        }

        assertRolled(before, firstVersion, roll);
        storm.assertAllBoundWithoutDuplicates(1100, Duration.ofSeconds(180));
        assertThat(storm.claims()).as("claims").isEqualTo(1100).isEqualTo(storm.bound());
        assertThat(hasNewField(poolCrd()))
                .as("the CRD as the first release has it again (a rollback applies the previous CRDs too)")
                .isFalse();
        GenericKubernetesResource written = client.genericKubernetesResources(
                        "ipam.cluster.x-k8s.io/v1alpha2", "InClusterIPPool")
                .inNamespace(poolWithTheNewField.get(0))
                .withName(poolWithTheNewField.get(1))
                .get();
        @SuppressWarnings("unchecked")
        Map<String, Object> servedSpec =
                (Map<String, Object>) written.getAdditionalProperties().get("spec");
        assertThat(servedSpec)
                .as(
                        "pool %s, given the new field during the upgrade, as served after the rollback",
                        poolWithTheNewField)
                .containsKey("addresses")
                .doesNotContainKey(NEW_FIELD);
        assertThat(Helm.history(RealNodeRelease.NAME)
                        .withNamespace(RealNodeRelease.NAMESPACE)
                        .withKubeConfig(node.kubeconfig())
                        .call())
                .extracting(ReleaseHistory::getRevision, ReleaseHistory::getAppVersion)
                .contains(tuple(3, firstVersion));
        operator.assertPodsLogNoError();
    }

    /** What was written while the pods rolled. */
    private record Roll(int claimsDuringTheRoll, int poolWritesDuringTheRoll) {}

    /**
     * Creates claims {@code from} onwards, a few at a time, until the pods have rolled to {@code version} or
     * {@code upTo} is reached; returns the next claim's number.
     */
    private static int createClaimsWhileRolling(int from, int upTo, String version) throws Exception {
        int next = from;
        while (next < upTo && !rolledTo(version)) {
            int end = Math.min(next + 10, upTo);
            storm.createClaims(next, end);
            next = end;
            Thread.sleep(200);
        }
        return next;
    }

    private static void awaitRolledTo(String version) {
        await("the pods rolled to " + version)
                .atMost(scaled(Duration.ofSeconds(180)))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rolledTo(version))
                        .as(() -> "rolled to " + version + "\n" + operator.describe())
                        .isTrue());
    }

    /** Whether the Deployment has rolled out {@code version} and no pod of another version is left, even stopping. */
    private static boolean rolledTo(String version) {
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(RealNodeRelease.NAMESPACE)
                .withName(RealNodeRelease.DEPLOYMENT)
                .get();
        DeploymentStatus status = deployment.getStatus();
        List<Pod> all = client.pods()
                .inNamespace(RealNodeRelease.NAMESPACE)
                .withLabel("app.kubernetes.io/instance", RealNodeRelease.NAME)
                .list()
                .getItems();
        return status != null
                && Objects.equals(
                        status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                && Objects.equals(status.getUpdatedReplicas(), 2)
                && Objects.equals(status.getReadyReplicas(), 2)
                && Objects.equals(status.getAvailableReplicas(), 2)
                && Objects.equals(status.getReplicas(), 2)
                && all.size() == 2
                && all.stream()
                        .allMatch(pod ->
                                pod.getSpec().getContainers().get(0).getImage().equals(REPOSITORY + ":" + version));
    }

    private static void assertRolled(List<Pod> before, String version, Roll roll) {
        Set<String> old =
                before.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> oldImages = before.stream()
                .map(pod -> RealNodeRelease.operator(pod).getImageID())
                .collect(Collectors.toSet());
        List<Pod> after = operator.pods();
        assertThat(after).hasSize(2).allSatisfy(pod -> {
            ContainerStatus container = RealNodeRelease.operator(pod);
            assertThat(pod.getMetadata().getName()).as("a new pod").isNotIn(old);
            assertThat(container.getImage()).isEqualTo(REPOSITORY + ":" + version);
            assertThat(container.getImageID()).as("another image than before").isNotIn(oldImages);
            assertThat(container.getRestartCount())
                    .as("%s restarted (last state %s)", pod.getMetadata().getName(), container.getLastState())
                    .isZero();
        });
        assertThat(roll.claimsDuringTheRoll())
                .as("claims created while the pods rolled")
                .isPositive();
        assertThat(roll.poolWritesDuringTheRoll())
                .as("pool writes from the helm command until the pods had rolled")
                .isPositive();
        System.out.printf(
                "[real-node] roll to %s: %d claims created while the pods rolled, %d pool writes until they had%n",
                version, roll.claimsDuringTheRoll(), roll.poolWritesDuringTheRoll());
    }

    private static CustomResourceDefinition poolCrd() {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("inclusterippools." + CapiNames.IPAM_GROUP)
                .get();
    }

    private static boolean hasNewField(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().stream()
                .filter(version -> version.getName().equals("v1alpha2"))
                .anyMatch(version -> version.getSchema()
                        .getOpenAPIV3Schema()
                        .getProperties()
                        .get("spec")
                        .getProperties()
                        .containsKey(NEW_FIELD));
    }

    /**
     * The next release's chart: ours with version and appVersion {@value #NEXT} and the pool CRD with one more
     * optional spec field in v1alpha2 (also kept as {@link #newerCrd}, what the user applies before the upgrade).
     */
    private static Path nextChart(Path into) throws IOException {
        if (Files.exists(into)) {
            try (Stream<Path> old = Files.walk(into)) {
                old.sorted(Collections.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(HelmChartTest.CHART)) {
            for (Path file : files.toList()) {
                Path copy = into.resolve(HelmChartTest.CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Path chartYaml = into.resolve("Chart.yaml");
        Files.writeString(
                chartYaml,
                Files.readString(chartYaml)
                        .replaceAll("(?m)^version: .*$", "version: " + NEXT)
                        .replaceAll("(?m)^appVersion: .*$", "appVersion: \"" + NEXT + "\""));
        Path crdFile = into.resolve("files/crds").resolve(POOL_CRD);
        String crd = Files.readString(crdFile);
        // the first version of the file is v1alpha2 (the stored one), its spec's properties the first ones
        String properties = "\n            properties:\n";
        int at = crd.indexOf(properties);
        assertThat(crd.substring(0, at)).contains("name: \"v1alpha2\"").doesNotContain("v1alpha1");
        newerCrd = crd.substring(0, at + properties.length())
                + "              " + NEW_FIELD + ":\n"
                + "                description: \"A field the next release added.\"\n"
                + "                type: \"string\"\n"
                + crd.substring(at + properties.length());
        Files.writeString(crdFile, newerCrd);
        assertThat(RealNodeRelease.chartValue(into, "appVersion")).isEqualTo(NEXT);
        return into;
    }

    /**
     * Writes pools all along, as users and other controllers do during an upgrade: every quarter second it creates
     * a pool (with the new field), updates the one made before (the new field, by a merge patch: no conflict with
     * the operator's own writes) and deletes an unused one from before that; each goes through the webhooks. What
     * the API server refused, and why, is kept.
     */
    private static final class PoolWriter implements AutoCloseable {

        private final KubernetesClient client;
        private final String namespace;
        private final Thread thread;
        private final AtomicInteger writes = new AtomicInteger();
        private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;
        private volatile String lastUpdated;
        private volatile String lastValue;

        private PoolWriter(KubernetesClient client, String namespace) {
            this.client = client;
            this.namespace = namespace;
            this.thread = new Thread(this::run, "pool-writer");
        }

        static PoolWriter start(KubernetesClient client, String namespace) {
            PoolWriter writer = new PoolWriter(client, namespace);
            writer.thread.start();
            return writer;
        }

        private void run() {
            for (int n = 0; !stopped; n++) {
                int pool = n;
                write("create w-" + n, () -> client.resource(pool(pool)).create());
                if (n >= 1) {
                    String value = "updated-" + n;
                    write(
                            "update w-" + (n - 1),
                            () -> client.genericKubernetesResources("ipam.cluster.x-k8s.io/v1alpha2", "InClusterIPPool")
                                    .inNamespace(namespace)
                                    .withName("w-" + (pool - 1))
                                    .patch(
                                            PatchContext.of(PatchType.JSON_MERGE),
                                            "{\"spec\":{\"" + NEW_FIELD + "\":\"" + value + "\"}}"));
                    lastUpdated = "w-" + (n - 1);
                    lastValue = value;
                }
                if (n >= 3) {
                    write(
                            "delete w-" + (n - 3),
                            () -> client.genericKubernetesResources("ipam.cluster.x-k8s.io/v1alpha2", "InClusterIPPool")
                                    .inNamespace(namespace)
                                    .withName("w-" + (pool - 3))
                                    .delete());
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void write(String what, Runnable write) {
            try {
                write.run();
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                refused.add(what + ": " + e.getMessage());
            }
        }

        /** Pool n: 10 addresses of its own (10.60.0.0/16 holds 4096 such pools), with the new field. */
        private GenericKubernetesResource pool(int n) {
            int first = n * 16;
            String base = "10.60." + (first / 256 % 256) + ".";
            GenericKubernetesResource pool = new GenericKubernetesResource();
            pool.setApiVersion("ipam.cluster.x-k8s.io/v1alpha2");
            pool.setKind("InClusterIPPool");
            pool.setMetadata(new ObjectMetaBuilder()
                    .withName("w-" + n)
                    .withNamespace(namespace)
                    .build());
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("addresses", List.of(base + (first % 256) + "-" + base + (first % 256 + 9)));
            spec.put("prefix", 16);
            spec.put(NEW_FIELD, "created-" + n);
            pool.setAdditionalProperty("spec", spec);
            return pool;
        }

        int writes() {
            return writes.get();
        }

        List<String> refused() {
            return List.copyOf(refused);
        }

        String lastUpdatedName() {
            return lastUpdated;
        }

        String lastValue() {
            return lastValue;
        }

        /** The spec of the pool updated last. */
        @SuppressWarnings("unchecked")
        Map<String, Object> lastUpdated() {
            GenericKubernetesResource pool = client.genericKubernetesResources(
                            "ipam.cluster.x-k8s.io/v1alpha2", "InClusterIPPool")
                    .inNamespace(namespace)
                    .withName(lastUpdated)
                    .get();
            return (Map<String, Object>) pool.getAdditionalProperties().get("spec");
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
