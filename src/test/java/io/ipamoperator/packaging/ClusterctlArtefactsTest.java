package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.testing.GoTestTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusterctl release artefacts ({@code clusterctl/}, {@code clusterctl-settings.json}) are what the chart renders,
 * what clusterctl expects of an IPAM provider, and what the real clusterctl (built from the Go module proxy) renders
 * from a local provider repository with {@code clusterctl generate provider --ipam}.
 */
class ClusterctlArtefactsTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+):=([^}]*)}");
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleBinding",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration");

    @TempDir
    Path work;

    /** The components file with every variable at its default, as clusterctl would substitute it. */
    private static List<HasMetadata> withDefaults(String components) {
        Matcher variables = VARIABLE.matcher(components);
        return new KubernetesSerialization().unmarshal(variables.replaceAll(m -> Matcher.quoteReplacement(m.group(2))));
    }

    private static List<HasMetadata> committed() throws IOException {
        return withDefaults(Files.readString(ClusterctlComponents.COMPONENTS));
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found =
                objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void componentsFileIsTheChartRenderedForClusterctl() throws IOException {
        String rendered = ClusterctlComponents.render();
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(ClusterctlComponents.DIRECTORY);
            Files.writeString(ClusterctlComponents.COMPONENTS, rendered);
        }
        assertThat(ClusterctlComponents.COMPONENTS)
                .as(ClusterctlComponents.COMPONENTS + " is out of date: run ./mvnw verify -Dcrds.update=true")
                .hasContent(rendered);
    }

    @Test
    void componentsUseTheFourVariablesWithTheChartsDefaults() throws IOException {
        String components = Files.readString(ClusterctlComponents.COMPONENTS);
        Map<String, String> defaults = new HashMap<>();
        VARIABLE.matcher(components).results().forEach(m -> defaults.put(m.group(1), m.group(2)));

        assertThat(defaults)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "IPAM_OPERATOR_NAMESPACE", "ipam-operator-system",
                        "IPAM_OPERATOR_IMAGE", "ghcr.io/ipam-operator/ipam-operator:" + RenderedChart.appVersion(),
                        "IPAM_OPERATOR_REPLICAS", "2",
                        "IPAM_OPERATOR_LOG_LEVEL", "INFO"));
        assertThat(components).doesNotContain("__", "helm.sh/", "managed-by: Helm");
    }

    @Test
    void everyObjectCarriesTheProviderLabelAndLivesInTheProvidersNamespace() throws IOException {
        List<HasMetadata> objects = committed();

        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels())
                    .as(object.getKind() + " " + object.getMetadata().getName())
                    .containsEntry("cluster.x-k8s.io/provider", ClusterctlComponents.PROVIDER_LABEL);
            if (!CLUSTER_SCOPED.contains(object.getKind())) {
                assertThat(object.getMetadata().getNamespace())
                        .as(object.getKind() + " " + object.getMetadata().getName())
                        .isEqualTo("ipam-operator-system");
            }
        });
        assertThat(objects)
                .filteredOn(object -> object.getKind().equals("Namespace"))
                .extracting(object -> object.getMetadata().getName())
                .containsExactly("ipam-operator-system");
    }

    @Test
    void poolCrdsCarryClusterctlsMoveHierarchyLabel() throws IOException {
        List<CustomResourceDefinition> crds = committed().stream()
                .filter(CustomResourceDefinition.class::isInstance)
                .map(CustomResourceDefinition.class::cast)
                .toList();

        assertThat(crds)
                .extracting(crd -> crd.getSpec().getNames().getKind())
                .containsExactlyInAnyOrder(
                        "InClusterIPPool", "GlobalInClusterIPPool", "InClusterPrefixPool", "GlobalInClusterPrefixPool");
        assertThat(crds)
                .allSatisfy(crd -> assertThat(crd.getMetadata().getLabels())
                        .containsEntry("clusterctl.cluster.x-k8s.io/move-hierarchy", ""));
    }

    @Test
    void metadataMapsTheCurrentReleaseSeriesToTheV1beta2Contract() throws IOException {
        JsonNode metadata = new ObjectMapper(new YAMLFactory()).readTree(ClusterctlComponents.METADATA.toFile());
        String[] version = RenderedChart.appVersion().split("\\.");

        assertThat(metadata.get("apiVersion").asText()).isEqualTo("clusterctl.cluster.x-k8s.io/v1alpha3");
        assertThat(metadata.get("kind").asText()).isEqualTo("Metadata");
        assertThat(metadata.get("releaseSeries"))
                .as(
                        "the release series of %s (clusterctl refuses a release whose series is missing)",
                        version[0] + "." + version[1])
                .anySatisfy(series -> {
                    assertThat(series.get("major").asInt()).isEqualTo(Integer.parseInt(version[0]));
                    assertThat(series.get("minor").asInt()).isEqualTo(Integer.parseInt(version[1]));
                    assertThat(series.get("contract").asText()).isEqualTo("v1beta2");
                });
    }

    @Test
    void settingsNameTheProviderItsComponentsFileAndTheNextVersion() throws IOException {
        JsonNode settings = new ObjectMapper().readTree(ClusterctlComponents.SETTINGS.toFile());

        assertThat(settings.get("name").asText()).isEqualTo(ClusterctlComponents.PROVIDER);
        assertThat(settings.at("/config/componentsFile").asText())
                .isEqualTo(ClusterctlComponents.COMPONENTS.getFileName().toString());
        assertThat(settings.at("/config/nextVersion").asText()).isEqualTo("v" + RenderedChart.appVersion());
    }

    @Test
    void clusterctlGenerateProviderRendersTheComponentsWithTheirDefaults() throws IOException {
        GoTestTools.Result generated = generateProvider(Map.of());

        assertThat(generated.exitCode()).as(generated.output()).isZero();
        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(generated.output());
        Deployment deployment = only(objects, Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("ipam-operator-system");
        DeploymentSpec spec = deployment.getSpec();
        assertThat(spec.getReplicas()).isEqualTo(2);
        assertThat(spec.getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/ipam-operator/ipam-operator:" + RenderedChart.appVersion());
        assertThat(objects).hasSameSizeAs(committed());
    }

    @Test
    void clusterctlGenerateProviderSubstitutesTheUsersVariables() {
        GoTestTools.Result generated = generateProvider(Map.of(
                "IPAM_OPERATOR_NAMESPACE", "capi-ipam-system",
                "IPAM_OPERATOR_IMAGE", "registry.example.com/ipam/ipam-operator:0.1.0-test",
                "IPAM_OPERATOR_REPLICAS", "3",
                "IPAM_OPERATOR_LOG_LEVEL", "DEBUG"));

        assertThat(generated.exitCode()).as(generated.output()).isZero();
        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(generated.output());
        Deployment deployment = only(objects, Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("capi-ipam-system");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        var container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example.com/ipam/ipam-operator:0.1.0-test");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("IPAM_LOG_LEVEL");
            assertThat(env.getValue()).isEqualTo("DEBUG");
        });
        assertThat(objects)
                .filteredOn(object -> object.getKind().equals("ClusterRoleBinding"))
                .allSatisfy(binding -> assertThat(((ClusterRoleBinding) binding).getSubjects())
                        .extracting(Subject::getNamespace)
                        .containsOnly("capi-ipam-system"));
    }

    private GoTestTools.Result generateProvider(Map<String, String> variables) {
        return clusterctl(variables, "generate", "provider", "--ipam", ClusterctlComponents.PROVIDER);
    }

    private GoTestTools.Result clusterctl(Map<String, String> variables, String... arguments) {
        try {
            return ClusterctlRepository.clusterctl(
                    ClusterctlRepository.create(work.resolve("repository")), work, variables, arguments);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
