package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipamoperator.testing.GoTestTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OLM bundle ({@code bundle/}) is what {@link OlmBundle} generates from the chart and the CRDs, passes the
 * operator-framework validators (built from the Go module proxy), and carries what OperatorHub shows a user.
 */
class OlmBundleTest {

    private static final Path CSV = OlmBundle.DIRECTORY.resolve("manifests/ipam-operator.clusterserviceversion.yaml");

    private static JsonNode csv() throws IOException {
        return RenderedChart.YAML.readTree(CSV.toFile());
    }

    @Test
    void bundleIsGeneratedFromTheChartAndTheCrds() throws IOException {
        Map<Path, String> rendered = OlmBundle.render();
        if (Boolean.getBoolean("crds.update")) {
            for (Path stale : files()) {
                Files.delete(OlmBundle.DIRECTORY.resolve(stale));
            }
            for (Map.Entry<Path, String> file : rendered.entrySet()) {
                Path target = OlmBundle.DIRECTORY.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        }
        assertThat(files())
                .as("bundle/ is out of date: run ./mvnw verify -Dcrds.update=true")
                .containsExactlyInAnyOrderElementsOf(rendered.keySet());
        rendered.forEach((path, content) -> assertThat(OlmBundle.DIRECTORY.resolve(path))
                .as("bundle/%s is out of date: run ./mvnw verify -Dcrds.update=true", path)
                .hasContent(content));
    }

    @Test
    void operatorFrameworkValidatorsFindNoErrorAndNoWarning() {
        GoTestTools.Result validated = GoTestTools.run(
                List.of(GoTestTools.olmValidate().toString(), OlmBundle.DIRECTORY.toString(), "1.34"),
                Map.of(),
                Path.of(".").toAbsolutePath());

        assertThat(validated.exitCode()).as(validated.output()).isZero();
        assertThat(validated.output())
                .doesNotContain("ERROR", "WARN")
                .contains("bundle ipam-operator.v" + RenderedChart.appVersion() + " is valid");
    }

    @Test
    void csvCarriesWhatOperatorHubShows() throws IOException {
        JsonNode csv = csv();
        JsonNode spec = csv.get("spec");

        assertThat(spec.get("description").asText()).contains("drop-in replacement", "IPAddressClaim");
        assertThat(spec.at("/icon/0/mediatype").asText()).isEqualTo("image/svg+xml");
        assertThat(new String(java.util.Base64.getDecoder()
                        .decode(spec.at("/icon/0/base64data").asText())))
                .startsWith("<svg");
        assertThat(spec.get("keywords")).extracting(JsonNode::asText).contains("cluster-api", "ipam");
        assertThat(spec.get("maintainers")).isNotEmpty();
        assertThat(spec.get("links")).isNotEmpty();
        assertThat(spec.get("minKubeVersion").asText()).isEqualTo("1.29.0");
        assertThat(spec.get("version").asText()).isEqualTo(RenderedChart.appVersion());
        List<String> supported = new ArrayList<>();
        spec.get("installModes").forEach(mode -> {
            if (mode.get("supported").asBoolean()) {
                supported.add(mode.get("type").asText());
            }
        });
        assertThat(supported).containsExactly("AllNamespaces");
        assertThat(csv.at("/metadata/annotations/containerImage").asText())
                .isEqualTo("ghcr.io/ipam-operator/ipam-operator:" + RenderedChart.appVersion());
    }

    @Test
    void almExamplesOfferAPoolOfEveryOwnedKindAndVersion() throws IOException {
        JsonNode csv = csv();
        JsonNode examples = new ObjectMapper()
                .readTree(csv.at("/metadata/annotations/alm-examples").asText());
        List<String> owned = new ArrayList<>();
        csv.at("/spec/customresourcedefinitions/owned")
                .forEach(api -> owned.add(api.get("kind").asText() + " "
                        + api.get("name").asText().replaceFirst("^[^.]+\\.", "") + "/"
                        + api.get("version").asText()));

        assertThat(examples)
                .extracting(example -> example.get("kind").asText() + " "
                        + example.get("apiVersion").asText())
                .containsExactlyElementsOf(owned);
        assertThat(csv.at("/spec/description").asText())
                .as("the claim, which OLM does not accept as an example of a bundle that does not own its API")
                .contains("kind: IPAddressClaim");
    }

    @Test
    void csvMayNotWriteCrdsWhichOlmManages() throws IOException {
        JsonNode rules = csv().at("/spec/install/spec/clusterPermissions/0/rules");

        assertThat(rules)
                .filteredOn(rule -> rule.get("resources").toString().contains("customresourcedefinitions"))
                .singleElement()
                .satisfies(rule -> assertThat(rule.get("verbs"))
                        .extracting(JsonNode::asText)
                        .containsExactly("get", "list"));
    }

    @Test
    void ownedCrdsDescribeEveryServedVersionOfTheFourPoolKinds() throws IOException {
        JsonNode owned = csv().at("/spec/customresourcedefinitions/owned");

        assertThat(owned)
                .extracting(crd ->
                        crd.get("kind").asText() + "/" + crd.get("version").asText())
                .containsExactlyInAnyOrder(
                        "GlobalInClusterIPPool/v1alpha2",
                        "GlobalInClusterIPPool/v1alpha1",
                        "GlobalInClusterPrefixPool/v1alpha2",
                        "InClusterIPPool/v1alpha2",
                        "InClusterIPPool/v1alpha1",
                        "InClusterPrefixPool/v1alpha2");
        assertThat(owned).allSatisfy(crd -> {
            assertThat(crd.get("displayName").asText()).isNotBlank();
            assertThat(crd.get("description").asText()).contains("pool");
        });
    }

    @Test
    void deploymentUsesOlmsWebhookCertificateAndServesEveryChartWebhook() throws IOException {
        JsonNode spec = csv().get("spec");
        JsonNode env = spec.at("/install/spec/deployments/0/spec/template/spec/containers/0/env");
        List<String> names = new ArrayList<>();
        env.forEach(variable -> names.add(variable.get("name").asText()));

        assertThat(names).contains("IPAM_WEBHOOK_CERTIFICATE_DIR").doesNotContain("IPAM_WEBHOOK_CERTIFICATE_SECRET");
        assertThat(env)
                .anySatisfy(variable ->
                        assertThat(variable.path("value").asText()).isEqualTo(OlmBundle.OLM_CERTIFICATE_DIR));
        List<String> paths = new ArrayList<>();
        spec.get("webhookdefinitions")
                .forEach(webhook -> paths.add(webhook.get("webhookPath").asText()));
        String chart = HelmChartTest.render();
        assertThat(paths)
                .as("one definition per chart webhook, and the conversion")
                .hasSize(chart.split("    clientConfig:", -1).length - 1 + 1)
                .allSatisfy(path -> assertThat(chart.contains("path: " + path) || path.equals("/convert"))
                        .as(path)
                        .isTrue());
        assertThat(spec.get("webhookdefinitions"))
                .filteredOn(webhook -> webhook.get("type").asText().equals("ConversionWebhook"))
                .singleElement()
                .satisfies(conversion -> assertThat(conversion.get("conversionCRDs"))
                        .extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder(
                                "inclusterippools.ipam.cluster.x-k8s.io",
                                "globalinclusterippools.ipam.cluster.x-k8s.io"));
    }

    private static List<Path> files() throws IOException {
        if (!Files.isDirectory(OlmBundle.DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(OlmBundle.DIRECTORY)) {
            return walk.filter(Files::isRegularFile)
                    .map(OlmBundle.DIRECTORY::relativize)
                    .sorted()
                    .toList();
        }
    }
}
