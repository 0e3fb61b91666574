package io.ipamoperator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.testing.ControlPlaneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
}
