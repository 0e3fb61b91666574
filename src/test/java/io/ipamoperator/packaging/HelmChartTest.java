package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.webhook.WebhookRegistration;
import io.ipamoperator.webhook.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return new Helm(CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-system")
                .set("crds.enabled", false)
                .call();
    }

    @Test
    void chartLintsClean() {
        var result = new Helm(CHART).lint().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
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

        String rendered = new Helm(CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-system")
                .set("monitoring.serviceMonitor.enabled", true)
                .set("monitoring.rules.enabled", true)
                .set("monitoring.dashboard.enabled", true)
                .call();

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
        String rendered = new Helm(CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-system")
                .call();

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
        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(render());
        ValidatingWebhookConfiguration chartValidating = objects.stream()
                .filter(ValidatingWebhookConfiguration.class::isInstance)
                .map(ValidatingWebhookConfiguration.class::cast)
                .findFirst()
                .orElseThrow();
        MutatingWebhookConfiguration chartMutating = objects.stream()
                .filter(MutatingWebhookConfiguration.class::isInstance)
                .map(MutatingWebhookConfiguration.class::cast)
                .findFirst()
                .orElseThrow();
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
        String rendered = new Helm(CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-system")
                .set("webhooks.certificates", "cert-manager")
                .call();

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
        String rendered = new Helm(CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-system")
                .set("webhooks.enabled", false)
                .call();

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
