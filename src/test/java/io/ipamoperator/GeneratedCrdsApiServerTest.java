package io.ipamoperator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed under {@code kubernetes/} are exactly the ones generated from the model classes (the
 * Quarkus build writes them to {@code target/kubernetes/} before this test runs). After changing a model class,
 * run {@code ./mvnw verify -Dcrds.update=true} once to refresh the committed files.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class GeneratedCrdsApiServerTest {

    private static final Path GENERATED = Path.of("target/kubernetes");
    private static final List<String> OURS =
            List.of("inclusterippools", "globalinclusterippools", "inclusterprefixpools", "globalinclusterprefixpools");

    @Inject
    KubernetesClient client;

    @Test
    void committedCrdsMatchTheModel() throws IOException {
        List<Path> generated;
        try (Stream<Path> files = Files.list(GENERATED)) {
            generated = files.filter(file -> file.getFileName().toString().endsWith("-v1.yml"))
                    .sorted()
                    .toList();
        }
        assertThat(generated).hasSize(8);
        for (Path file : generated) {
            String name = file.getFileName().toString();
            Path committed = Path.of(
                    "kubernetes", OURS.contains(name.substring(0, name.indexOf('.'))) ? "crds" : "dependencies", name);
            if (Boolean.getBoolean("crds.update")) {
                Files.copy(file, committed, StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(committed)
                    .as("%s is out of date: run ./mvnw verify -Dcrds.update=true", committed)
                    .hasSameTextualContentAs(file);
        }
    }

    @Test
    void everyKindAndFieldOfOurCrdsIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        for (String plural : OURS) {
            JsonNode crd = new YAMLMapper()
                    .readTree(Path.of("kubernetes/crds", plural + ".ipam.cluster.x-k8s.io-v1.yml")
                            .toFile());
            for (JsonNode version : crd.path("spec").path("versions")) {
                collectUndescribed(
                        version.path("schema").path("openAPIV3Schema"),
                        plural + "/" + version.path("name").asText(),
                        undescribed);
            }
        }
        assertThat(undescribed).as("schema nodes without a description").isEmpty();
    }

    @Test
    void theApiServerPublishesTheKindDescriptionsKubectlExplainShows() throws IOException {
        JsonNode schemas = new ObjectMapper()
                .readTree(client.raw("/openapi/v3/apis/ipam.cluster.x-k8s.io/v1alpha2"))
                .path("components")
                .path("schemas");
        for (String kind : List.of(
                "InClusterIPPool", "GlobalInClusterIPPool", "InClusterPrefixPool", "GlobalInClusterPrefixPool")) {
            assertThat(schemas.path("io.x-k8s.cluster.ipam.v1alpha2." + kind)
                            .path("description")
                            .asText())
                    .as("description of %s", kind)
                    .startsWith(kind + " is a");
        }
    }

    /** Objects and scalars need a description; the items of a list are described by the list itself. */
    private static void collectUndescribed(JsonNode schema, String path, List<String> undescribed) {
        boolean listItem = path.endsWith("[]");
        if (!schema.has("description") && !(listItem && !schema.has("properties"))) {
            undescribed.add(path);
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            collectUndescribed(property.getValue(), path + "." + property.getKey(), undescribed);
        }
        if (schema.has("items")) {
            collectUndescribed(schema.path("items"), path + "[]", undescribed);
        }
    }
}
