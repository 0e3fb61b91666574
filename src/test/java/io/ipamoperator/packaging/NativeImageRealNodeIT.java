package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.claim.ClaimStorm;
import io.ipamoperator.testing.RealNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * The chart with the native image on a real node ({@code --set image.tag=<version>-native}): both replicas Ready,
 * the webhook answering through its Service, and a storm of 1000 claims bound within the pod's memory limit, with
 * the heap the executable reports sized from that limit by the image's entrypoint ({@code heap-from-limit}: half
 * of it) and no replica restarted or OOM-killed. Needs the native image archive, which {@code .ci/native} (or
 * {@code ./mvnw package -Pnative}) builds before {@code .ci/real-node} runs; without it the class is skipped, or
 * fails where the tier is required (CI).
 */
@Tag("real-node")
@ExtendWith(RealNode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeImageRealNodeIT {

    private static final Path ARCHIVE =
            Path.of(System.getProperty("native.image.archive", "target/ipam-operator-native-image.tar"));
    /** The image's entrypoint's own line: what it read and what it gave the executable. */
    private static final Pattern HEAP_LINE =
            Pattern.compile("heap-from-limit: memory limit (\\d+) bytes \\([^)]*\\): -Xmx(\\d+)m \\((\\d+) %\\)");

    /** The operator's own line at start (monitoring.HeapReport): Runtime.maxMemory(). */
    private static final Pattern HEAP_REPORTED = Pattern.compile("Heap: at most \\d+ MiB \\((\\d+) bytes\\)");

    private static RealNode node;
    private static KubernetesClient client;
    private static RealNodeRelease operator;

    @BeforeAll
    static void installWithTheNativeImage() {
        if (!Files.isRegularFile(ARCHIVE)) {
            String reason = "no native image archive at " + ARCHIVE
                    + " (.ci/native or ./mvnw package -Pnative builds it; .ci/run runs .ci/native before this tier)";
            if (Boolean.parseBoolean(System.getenv("IPAM_REAL_NODE_REQUIRED"))) {
                throw new IllegalStateException("real node required (IPAM_REAL_NODE_REQUIRED=true): " + reason);
            }
            throw new TestAbortedException("native image on the real node skipped: " + reason);
        }
        node = RealNode.current();
        client = node.newClient();
        node.importImage(ARCHIVE);
        operator = new RealNodeRelease(node, client);
        String version = RealNodeRelease.chartValue(HelmChartTest.CHART, "appVersion");
        operator.install(HelmChartTest.CHART, Map.of("image.tag", version + "-native"));
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
    void bothReplicasRunTheNativeExecutableWithAHeapSizedFromTheMemoryLimit() throws Exception {
        List<Pod> pods = operator.pods();
        assertThat(pods).hasSize(2);
        for (Pod pod : pods) {
            assertThat(RealNodeRelease.operator(pod).getImage()).endsWith("-native");
            long limit = RealNodeRelease.memoryLimit(pod);
            String log = client.pods()
                    .inNamespace(RealNodeRelease.NAMESPACE)
                    .withName(pod.getMetadata().getName())
                    .getLog();
            Matcher chosen = HEAP_LINE.matcher(log);
            assertThat(chosen.find())
                    .as(
                            "the entrypoint's heap line in the log of %s:\n%s",
                            pod.getMetadata().getName(), log)
                    .isTrue();
            assertThat(Long.parseLong(chosen.group(1)))
                    .as("the memory limit the entrypoint read")
                    .isEqualTo(limit);
            assertThat(Long.parseLong(chosen.group(2)) * 1024 * 1024)
                    .as("-Xmx: half the limit")
                    .isBetween(limit / 2 - 1024 * 1024, limit / 2);
            // what the executable itself reports (its memory pools have no maximum: jvm_memory_max_bytes is -1);
            // blind to the limit, it would take 80 % of the machine's memory
            Matcher reported = HEAP_REPORTED.matcher(log);
            assertThat(reported.find())
                    .as(
                            "the operator's heap line in the log of %s:\n%s",
                            pod.getMetadata().getName(), log)
                    .isTrue();
            long heapMax = Long.parseLong(reported.group(1));
            assertThat(heapMax)
                    .as(
                            "heap max reported by %s with a %d-byte memory limit",
                            pod.getMetadata().getName(), limit)
                    .isBetween((long) (limit * 0.40), limit / 2);
        }
    }

    @Test
    @Order(2)
    void theWebhookRefusesABadPoolThroughItsService() {
        operator.assertWebhookRefusesAMixedFamilyPool("native-webhook");
    }

    @Test
    @Order(3)
    void aStormOf1000ClaimsIsServedWithoutARestartOrAnOomKill() throws Exception {
        ClaimStorm storm = ClaimStorm.prepare(client, "native-storm");
        storm.createClaims(1000);
        storm.assertAllBoundWithoutDuplicates(1000, Duration.ofSeconds(180));
        assertThat(storm.claims()).isEqualTo(storm.bound());
        for (Pod pod : operator.pods()) {
            ContainerStatus container = RealNodeRelease.operator(pod);
            assertThat(container.getRestartCount())
                    .as("%s restarted (last state %s)", pod.getMetadata().getName(), container.getLastState())
                    .isZero();
            assertThat(container.getLastState().getTerminated())
                    .as("%s terminated before", pod.getMetadata().getName())
                    .isNull();
        }
    }
}
