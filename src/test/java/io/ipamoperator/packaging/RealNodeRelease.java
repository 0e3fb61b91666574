package io.ipamoperator.packaging;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.RealNode;
import io.ipamoperator.testing.TestNamespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The chart installed on the real node as a user does it, for the real-node tests: release {@value #NAME} in
 * namespace {@value #NAMESPACE}, which enforces the {@code restricted} Pod Security Standard, images imported into
 * the node's containerd ({@code image.pullPolicy=Never}). Every test class installs it and uninstalls it when done
 * (the CRDs stay, as {@code crds.keep} says, and the next install adopts them: hence one release name for all).
 */
final class RealNodeRelease {

    static final String NAME = "ipam";
    static final String NAMESPACE = "ipam-system";
    static final String DEPLOYMENT = NAME + "-ipam-operator";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^.*\\bERROR\\b.*$");

    private final RealNode node;
    private final KubernetesClient client;

    RealNodeRelease(RealNode node, KubernetesClient client) {
        this.node = node;
        this.client = client;
    }

    /** {@code helm install} of {@code chart} with {@code values} (besides {@code image.pullPolicy=Never}). */
    Release install(Path chart, Map<String, Object> values) {
        if (client.namespaces().withName(NAMESPACE).get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .withLabels(Map.of(
                                    "pod-security.kubernetes.io/enforce", "restricted",
                                    "pod-security.kubernetes.io/enforce-version", "latest",
                                    "pod-security.kubernetes.io/warn", "restricted"))
                            .endMetadata()
                            .build())
                    .create();
        }
        InstallCommand install = new Helm(chart)
                .install()
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .withKubeConfig(node.kubeconfig())
                .set("image.pullPolicy", "Never");
        values.forEach(install::set);
        return install.call();
    }

    /**
     * {@code helm upgrade} to {@code chart} with {@code values} (besides {@code image.pullPolicy=Never}); returns
     * once Helm has applied the manifests, not when the pods have rolled.
     */
    Release upgrade(Path chart, Map<String, Object> values) {
        UpgradeCommand upgrade = new Helm(chart)
                .upgrade()
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .withKubeConfig(node.kubeconfig())
                .set("image.pullPolicy", "Never");
        values.forEach(upgrade::set);
        return upgrade.call();
    }

    /** {@code helm uninstall}, then until the operator's pods are gone (the next class installs anew). */
    void uninstall() {
        Helm.uninstall(NAME)
                .withNamespace(NAMESPACE)
                .withKubeConfig(node.kubeconfig())
                .ignoreNotFound()
                .call();
        await("the operator's pods gone after helm uninstall")
                .atMost(scaled(Duration.ofSeconds(60)))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client.pods()
                        .inNamespace(NAMESPACE)
                        .withLabel("app.kubernetes.io/instance", NAME)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    /** The release's pods that are not being deleted. */
    List<Pod> pods() {
        return client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/instance", NAME)
                .list()
                .getItems()
                .stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    void awaitBothReplicasReady() {
        await("both replicas Ready")
                .atMost(scaled(Duration.ofSeconds(120)))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pods())
                        .as(() -> "operator pods; node logs in " + node.logs() + "\n" + describe())
                        .hasSize(2)
                        .allSatisfy(pod -> assertThat(ready(pod)).isTrue()));
    }

    /** Each of the release's pods has logged something, and no line with ERROR. */
    void assertPodsLogNoError() {
        for (Pod pod : pods()) {
            String log = client.pods()
                    .inNamespace(NAMESPACE)
                    .withName(pod.getMetadata().getName())
                    .getLog();
            assertThat(log).as("the log of %s", pod.getMetadata().getName()).isNotBlank();
            assertThat(ERROR_LINE.matcher(log).results().map(MatchResult::group).toList())
                    .as("ERROR lines in the log of %s", pod.getMetadata().getName())
                    .isEmpty();
        }
    }

    /**
     * A pool whose gateway is of the other IP family than its addresses is refused by the operator's validating
     * webhook, reached through the chart's Service: the API server's answer names the webhook's reason.
     */
    void assertWebhookRefusesAMixedFamilyPool(String namespacePrefix) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("mixed-families")
                .withNamespace(TestNamespaces.create(client, namespacePrefix))
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.20.0.10-10.20.0.20"), 24, "fd00::1"));

        assertThatThrownBy(() -> client.resource(pool).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("denied the request")
                .hasMessageContaining("provided gateway and addresses are of mixed IP families");
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The operator container's status. */
    static ContainerStatus operator(Pod pod) {
        return pod.getStatus().getContainerStatuses().get(0);
    }

    /** Every pod of the namespace with its phase and container statuses, and the namespace's events. */
    String describe() {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                        .map(pod -> pod.getMetadata().getName() + " "
                                + pod.getStatus().getPhase() + " "
                                + pod.getStatus().getContainerStatuses())
                        .collect(Collectors.joining("\n"))
                + "\nevents: "
                + client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .map(e -> e.getReason() + ": " + e.getMessage())
                        .collect(Collectors.joining("\n"));
    }

    /** The pod's memory limit in bytes. */
    static long memoryLimit(Pod pod) {
        Quantity limit =
                pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory");
        return Quantity.getAmountInBytes(limit).longValue();
    }

    /** The sum of the heap pools' maxima, from the pod's own /q/metrics (the node reaches pod IPs). */
    static long heapMax(Pod pod) throws IOException, InterruptedException {
        String metrics = metrics(pod);
        Matcher matcher = Pattern.compile("(?m)^jvm_memory_max_bytes\\{([^}]*)\\} (\\S+)$")
                .matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(2));
            if (matcher.group(1).contains("area=\"heap\"") && value > 0) {
                sum += value;
            }
        }
        assertThat(sum).as("jvm_memory_max_bytes{area=heap} in\n%s", metrics).isPositive();
        return (long) sum;
    }

    /** The pod's /q/metrics. */
    static String metrics(Pod pod) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + pod.getStatus().getPodIP() + ":8080/q/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A top-level value of the chart's Chart.yaml (version, appVersion). */
    static String chartValue(Path chart, String key) {
        try {
            Matcher value = Pattern.compile("(?m)^" + key + ": \"?([^\"\\s]+)\"?$")
                    .matcher(Files.readString(chart.resolve("Chart.yaml")));
            assertThat(value.find()).as("%s in %s", key, chart).isTrue();
            return value.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
