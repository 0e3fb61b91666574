package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.webhook.WebhookRegistration;
import io.ipamoperator.webhook.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints, renders, ships exactly the committed CRDs, and {@code kubernetes/operator.yaml} (the
 * plain manifests) is what the chart renders with its defaults. {@code ./mvnw verify -Dcrds.update=true} refreshes
 * both after a change.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm/ipam-operator");
    static final Path PLAIN = Path.of("kubernetes/operator.yaml");

    /** The chart with its defaults, without the CRDs (kubernetes/crds holds them for plain installs). */
    static String render() {
        return template().call();
    }

    /** {@link #render()} still to be given values. */
    static TemplateCommand template() {
        return templateWithCrds().set("crds.enabled", false);
    }

    /** The chart as release ipam-operator in ipam-system, with its CRDs, still to be given values. */
    static TemplateCommand templateWithCrds() {
        return new Helm(CHART).template().withName("ipam-operator").withNamespace("ipam-system");
    }

    /** The chart with its CRDs and every monitoring object (ServiceMonitor, PrometheusRule, dashboard) enabled. */
    private static TemplateCommand templateWithMonitoring() {
        return templateWithCrds()
                .set("monitoring.serviceMonitor.enabled", true)
                .set("monitoring.rules.enabled", true)
                .set("monitoring.dashboard.enabled", true);
    }

    private static <T extends HasMetadata> T only(String rendered, Class<T> kind) {
        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(rendered);
        return objects.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one " + kind.getSimpleName());
                })
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName()));
    }

    @Test
    void chartLintsCleanInStrictMode() {
        var result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void theValuesSchemaRefusesAnUnknownKeyAndAValueOfTheWrongType() {
        assertThatThrownBy(() -> template().set("image.tags", "1.0").call())
                .hasMessageContaining("image")
                .hasMessageContaining("tags");
        assertThatThrownBy(() -> template().set("replicaCount", "two").call()).hasMessageContaining("replicaCount");
        assertThatThrownBy(
                        () -> template().set("webhooks.certificates", "vault").call())
                .hasMessageContaining("/webhooks/certificates");
    }

    @Test
    void everyValueOfTheChartIsTypedByItsSchema() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory())
                .readTree(CHART.resolve("values.yaml").toFile());
        JsonNode schema =
                new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());

        assertThat(untyped("", values, schema)).isEmpty();
    }

    /** The paths of values.yaml that the schema gives no type (objects are followed into their properties). */
    private static List<String> untyped(String path, JsonNode value, JsonNode schema) {
        if (schema == null || schema.isMissingNode() || !(schema.has("type") || schema.has("oneOf"))) {
            return List.of(path.isEmpty() ? "(root)" : path);
        }
        if (!value.isObject() || !schema.has("properties")) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        value.fields()
                .forEachRemaining(field -> missing.addAll(untyped(
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                        field.getValue(),
                        schema.path("properties").get(field.getKey()))));
        return missing;
    }

    @Test
    void anImageDigestReplacesTheTag() {
        String digest = "sha256:" + "ab".repeat(32);

        assertThat(template().set("image.digest", digest).call())
                .contains("image: \"ghcr.io/ipam-operator/ipam-operator@" + digest + "\"")
                .doesNotContain("ipam-operator:0.1.0\"");
    }

    @Test
    void pullSecretsAndThePriorityClassGoIntoThePodSpec() {
        String rendered = template()
                .set("imagePullSecrets[0].name", "registry-credentials")
                .set("priorityClassName", "system-cluster-critical")
                .call();

        Deployment deployment = only(rendered, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getImagePullSecrets())
                .extracting(secret -> secret.getName())
                .containsExactly("registry-credentials");
        assertThat(deployment.getSpec().getTemplate().getSpec().getPriorityClassName())
                .isEqualTo("system-cluster-critical");
    }

    @Test
    void replicasMayBeEvictedOneAtATimeAndPreferDifferentNodesAndZones() {
        String rendered = render();

        PodDisruptionBudget budget = only(rendered, PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        Deployment deployment = only(rendered, Deployment.class);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(term ->
                        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(spread -> {
            assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
        });
        assertThat(template().set("replicaCount", 1).call())
                .as("a single replica gets no budget: it would block every drain")
                .doesNotContain("kind: PodDisruptionBudget");
    }

    @Test
    void everyObjectTheChartMakesCarriesTheRecommendedLabels() {
        String rendered = templateWithMonitoring()
                .set("webhooks.certificates", "cert-manager")
                .call();

        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(rendered);
        assertThat(objects)
                .hasSizeGreaterThan(15)
                .allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                        .as(object.getKind() + " " + object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/name", "ipam-operator")
                        .containsEntry("app.kubernetes.io/instance", "ipam-operator")
                        .containsEntry("app.kubernetes.io/version", "0.1.0")
                        .containsEntry("app.kubernetes.io/managed-by", "Helm")
                        .containsKey("helm.sh/chart"));
    }

    @Test
    void plainManifestsAreTheChartRenderedWithItsDefaults() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(PLAIN, rendered);
        }
        assertThat(PLAIN)
                .as("kubernetes/operator.yaml is out of date: run ./mvnw verify -Dcrds.update=true")
                .hasContent(rendered);
    }

    @Test
    void plainRulesFileIsThePrometheusRuleRenderedWithItsDefaults() throws IOException {
        String rendered = AlertRulesFile.render();
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(AlertRulesFile.PLAIN.getParent());
            Files.writeString(AlertRulesFile.PLAIN, rendered);
        }
        assertThat(AlertRulesFile.PLAIN)
                .as(AlertRulesFile.PLAIN + " is out of date: run ./mvnw verify -Dcrds.update=true")
                .hasContent(rendered);
    }

    @Test
    void monitoringObjectsAreRenderedOnlyWhenEnabled() {
        assertThat(render()).doesNotContain("kind: ServiceMonitor", "kind: PrometheusRule", "grafana_dashboard");

        String rendered = templateWithMonitoring().call();

        assertThat(rendered)
                .contains(
                        "kind: ServiceMonitor",
                        "path: /q/metrics",
                        "kind: PrometheusRule",
                        "alert: IpamPoolNearlyFull",
                        "grafana_dashboard: \"1\"",
                        "ipam-operator.json: |-",
                        "\"uid\": \"ipam-operator\"");
    }

    @Test
    void chartShipsExactlyTheCommittedCrds() throws IOException {
        List<Path> committed = list(Path.of("kubernetes/crds"));
        if (Boolean.getBoolean("crds.update")) {
            for (Path crd : committed) {
                Files.copy(
                        crd,
                        CHART.resolve("files/crds").resolve(crd.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> shipped = list(CHART.resolve("files/crds"));
        assertThat(shipped)
                .extracting(Path::getFileName)
                .map(Path::toString)
                .containsExactlyElementsOf(
                        committed.stream().map(p -> p.getFileName().toString()).toList());
        for (Path crd : committed) {
            assertThat(CHART.resolve("files/crds").resolve(crd.getFileName())).hasSameTextualContentAs(crd);
        }
    }

    @Test
    void theChartInstallsTheCrdsAsTemplatesKeptOnUninstall() {
        String rendered = templateWithCrds().call();

        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(rendered);
        List<HasMetadata> crds = objects.stream()
                .filter(o -> o.getKind().equals("CustomResourceDefinition"))
                .toList();
        assertThat(crds)
                .hasSize(4)
                .allSatisfy(crd -> assertThat(crd.getMetadata().getAnnotations())
                        .containsEntry("helm.sh/resource-policy", "keep"));
    }

    @Test
    void deploymentRunsReplicasWithDistinctIdentitiesAndProbes() {
        String rendered = render();

        assertThat(rendered)
                .contains(
                        "kind: Deployment",
                        "replicas: 2",
                        "fieldPath: metadata.name",
                        "path: /q/health/ready",
                        "path: /q/health/live",
                        "path: /q/health/started",
                        "name: IPAM_IONOSCLOUDMACHINE_ENABLED");
    }

    @Test
    void chartWebhooksAreTheOnesTheOperatorServes() {
        String rendered = render();
        ValidatingWebhookConfiguration chartValidating = only(rendered, ValidatingWebhookConfiguration.class);
        MutatingWebhookConfiguration chartMutating = only(rendered, MutatingWebhookConfiguration.class);
        WebhookRegistration registration = new WebhookRegistration(null, new ChartDefaults());
        URI base = URI.create("https://operator");

        assertThat(chartValidating.getMetadata().getName()).isEqualTo(registration.validatingName());
        assertThat(chartMutating.getMetadata().getName()).isEqualTo(registration.mutatingName());
        assertThat(chartValidating.getWebhooks())
                .extracting(w ->
                        w.getName() + " " + w.getClientConfig().getService().getPath() + " " + w.getRules()
                                + " " + w.getFailurePolicy() + " " + w.getMatchPolicy() + " " + w.getSideEffects() + " "
                                + w.getAdmissionReviewVersions())
                .containsExactlyElementsOf(registration.validating(base, "").getWebhooks().stream()
                        .map(w -> w.getName() + " "
                                + w.getClientConfig()
                                        .getUrl()
                                        .substring(base.toString().length()) + " "
                                + w.getRules() + " " + w.getFailurePolicy() + " " + w.getMatchPolicy() + " "
                                + w.getSideEffects() + " " + w.getAdmissionReviewVersions())
                        .toList());
        assertThat(chartMutating.getWebhooks())
                .extracting(w ->
                        w.getName() + " " + w.getClientConfig().getService().getPath() + " " + w.getRules())
                .containsExactlyElementsOf(registration.mutating(base, "").getWebhooks().stream()
                        .map(w -> w.getName() + " "
                                + w.getClientConfig()
                                        .getUrl()
                                        .substring(base.toString().length()) + " "
                                + w.getRules())
                        .toList());
    }

    @Test
    void certManagerModeMountsItsSecretAndAsksForCaInjection() {
        String rendered =
                templateWithCrds().set("webhooks.certificates", "cert-manager").call();

        assertThat(rendered)
                .contains(
                        "kind: Certificate",
                        "cert-manager.io/inject-ca-from: ipam-system/ipam-operator-webhook-cert",
                        "name: IPAM_WEBHOOK_CERTIFICATE_DIR",
                        "secretName: ipam-operator-webhook-cert");
        assertThat(render()).doesNotContain("kind: Certificate", "cert-manager.io");
    }

    @Test
    void webhooksOffRendersNoConfigurationAndTurnsTheServerOff() {
        String rendered = templateWithCrds().set("webhooks.enabled", false).call();

        assertThat(rendered).doesNotContain("WebhookConfiguration").contains("name: IPAM_WEBHOOK_PORT", "value: \"0\"");
    }

    /** The operator's settings as the chart's deployment sets them for the release {@code ipam-operator}. */
    private static final class ChartDefaults implements WebhookSettings {
        public int port() {
            return 9443;
        }

        public Optional<URI> url() {
            return Optional.empty();
        }

        public Optional<String> certificateDir() {
            return Optional.empty();
        }

        public String certificateSecret() {
            return "ipam-operator-webhook-cert";
        }

        public String service() {
            return "ipam-operator-webhook";
        }

        public Optional<String> namespace() {
            return Optional.empty();
        }

        public String configurationPrefix() {
            return "ipam-operator";
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
