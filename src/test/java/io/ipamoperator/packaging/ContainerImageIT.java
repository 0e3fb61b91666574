package io.ipamoperator.packaging;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.v1beta2.IPAddress;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimSpec;
import io.ipamoperator.api.capi.v1beta2.IPPoolReference;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCI image the build writes ({@code target/ipam-operator-image.tar}, by Jib without a container engine), read
 * as a registry would and run as a container runtime would: its layers unpacked into a root filesystem, its
 * entrypoint started there under its own user (chroot in fresh mount and PID namespaces, with /proc and /dev as a
 * runtime provides them) against the test API server. Needs root, as chroot does.
 */
class ContainerImageIT {

    /** The JVM image, or the native one when the {@code native} profile names it. */
    private static final Path ARCHIVE = Path.of(System.getProperty("image.archive", "target/ipam-operator-image.tar"));

    private static final boolean NATIVE = ARCHIVE.getFileName().toString().contains("native");
    private static final Path LAYOUT = Path.of("target/image-check/layout");
    private static final Path ROOTFS = Path.of("target/image-check/rootfs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode index;
    private static JsonNode config;

    @BeforeAll
    static void unpackTheImage() throws Exception {
        assertThat(ARCHIVE)
                .as("the image is built by ./mvnw package (not skipped with -Dimage.skip)")
                .isRegularFile();
        deleteTree(LAYOUT.getParent());
        Files.createDirectories(LAYOUT);
        Files.createDirectories(ROOTFS);
        run(List.of("tar", "-xf", ARCHIVE.toAbsolutePath().toString(), "-C", LAYOUT.toString()));
        index = JSON.readTree(LAYOUT.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(
                blob(index.path("manifests").get(0).path("digest")).toFile());
        config = JSON.readTree(blob(manifest.path("config").path("digest")).toFile());
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            run(List.of(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "-xzf",
                    blob(layer.path("digest")).toAbsolutePath().toString(),
                    "-C",
                    ROOTFS.toString()));
        }
    }

    @Test
    void theImageIsNamedAsTheChartAndThePlainManifestsRunIt() throws IOException {
        String reference = index.path("manifests")
                .get(0)
                .path("annotations")
                .path("org.opencontainers.image.ref.name")
                .asText();

        if (NATIVE) {
            assertThat(reference).isEqualTo("ghcr.io/ipam-operator/ipam-operator:0.1.0-native");
            assertThat(HelmChartTest.template().set("image.tag", "0.1.0-native").call())
                    .as("the chart runs it with --set image.tag=0.1.0-native")
                    .contains("image: \"" + reference + "\"");
            return;
        }
        assertThat(reference).isEqualTo("ghcr.io/ipam-operator/ipam-operator:0.1.0");
        assertThat(HelmChartTest.render()).contains("image: \"" + reference + "\"");
        assertThat(Files.readString(HelmChartTest.PLAIN)).contains("image: \"" + reference + "\"");
    }

    @Test
    void skopeoReadsTheArchiveAsTheOciImageThatIsPushedToARegistry() throws Exception {
        JsonNode inspected =
                JSON.readTree(run(List.of("skopeo", "inspect", "oci-archive:" + ARCHIVE.toAbsolutePath())));

        assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected
                        .path("Labels")
                        .path("org.opencontainers.image.title")
                        .asText())
                .isEqualTo("ipam-operator");
        if (NATIVE) {
            assertThat(inspected.path("Layers"))
                    .as("the Debian base and the executable with its libraries, each a layer of its own")
                    .hasSize(2);
        } else {
            assertThat(inspected.path("Layers"))
                    .as("the Debian base, the Quarkus dependencies and the application, each a layer of its own")
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theImageRunsAsANonRootUserAndCarriesOciLabels() {
        JsonNode container = config.path("config");

        assertThat(container.path("User").asText()).isEqualTo("65532:65532");
        assertThat(container
                        .path("Labels")
                        .path("org.opencontainers.image.version")
                        .asText())
                .isEqualTo("0.1.0");
        assertThat(container
                        .path("Labels")
                        .path("org.opencontainers.image.source")
                        .asText())
                .startsWith("https://");
        assertThat(container
                        .path("Labels")
                        .path("org.opencontainers.image.licenses")
                        .asText())
                .isEqualTo("Apache-2.0");
        assertThat(ROOTFS.resolve("etc/passwd")).content().contains("nonroot:x:65532:65532:");
    }

    @Test
    void theImageHasNoShellAndSaysWhichDebianPackagesItIsMadeOf() throws IOException {
        try (Stream<Path> files = Files.walk(ROOTFS)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .doesNotContain("sh", "bash", "dash", "busybox", "apt-get", "dpkg");
        }
        assertThat(ROOTFS.resolve("usr/share/ipam-operator/packages.txt"))
                .content()
                .contains("libc6 2.", "ca-certificates ");
    }

    @Test
    void theImageCarriesTheRuntimeItsEntrypointNeedsAndNoOther() throws IOException {
        String packages = Files.readString(ROOTFS.resolve("usr/share/ipam-operator/packages.txt"));
        if (NATIVE) {
            assertThat(packages).as("the native image needs no Java runtime").doesNotContain("openjdk");
            assertThat(ROOTFS.resolve("deployments/ipam-operator-runner")).isNotEmptyFile();
            assertThat(ROOTFS.resolve("deployments/lib/libjava.so"))
                    .as("the JDK libraries the executable loads at start, beside it")
                    .isNotEmptyFile();
        } else {
            assertThat(packages).contains("openjdk-17-jre-headless 17.");
            assertThat(ROOTFS.resolve("usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts"))
                    .as("the Java truststore is made from Debian's CA certificates")
                    .isNotEmptyFile();
        }
    }

    @Test
    void theEntrypointRunsInTheImagesOwnRootFilesystemBecomesReadyAndBindsAClaim() throws Exception {
        assertThat(run(List.of("id", "-u")).strip())
                .as("running the image here needs root (chroot into its root filesystem)")
                .isEqualTo("0");
        Path kubeconfig = ROOTFS.resolve("tmp/kubeconfig");
        Files.copy(TestControlPlane.workDir().resolve("kubeconfig"), kubeconfig);
        run(List.of("chmod", "644", kubeconfig.toString()));

        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        String root = ROOTFS.toAbsolutePath().toString();
        String user = config.path("config").path("User").asText();
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + root + "/proc",
                "sh",
                "-c",
                "user=\"$1\"; shift; mount --rbind /dev \"$0/dev\" && exec chroot --userspec=\"$user\" \"$0\" \"$@\"",
                root,
                user));
        command.addAll(entrypoint);

        try (KubernetesClient client = TestControlPlane.newClient();
                OperatorProcess operator = OperatorProcess.start(
                                "image",
                                command,
                                kubeconfig,
                                OperatorProcess.freePort(),
                                Map.of(
                                        "KUBECONFIG", "/tmp/kubeconfig",
                                        "IPAM_LEADER_ELECTION_LEASE_NAME", "ipam-operator-image-check"))
                        .awaitReady(Duration.ofMinutes(2))) {
            String namespace = TestNamespaces.create(client, "image");
            InClusterIPPool pool = new InClusterIPPool();
            pool.setMetadata(new ObjectMetaBuilder()
                    .withName("pool")
                    .withNamespace(namespace)
                    .build());
            pool.setSpec(new IPPoolSpec(List.of("10.77.0.10-10.77.0.20"), 24, "10.77.0.1"));
            client.resource(pool).create();
            IPAddressClaim claim = new IPAddressClaim();
            claim.setMetadata(new ObjectMetaBuilder()
                    .withName("node")
                    .withNamespace(namespace)
                    .build());
            claim.setSpec(new IPAddressClaimSpec());
            claim.getSpec().poolRef = new IPPoolReference("ipam.cluster.x-k8s.io", "InClusterIPPool", "pool");
            client.resource(claim).create();

            await().alias("the operator in the image binds the claim")
                    .atMost(scaled(Duration.ofMinutes(1)))
                    .untilAsserted(() -> assertThat(client.resources(IPAddress.class)
                                    .inNamespace(namespace)
                                    .withName("node")
                                    .get())
                            .isNotNull()
                            .satisfies(address ->
                                    assertThat(address.getSpec().address).isEqualTo("10.77.0.10")));
        }
    }

    private static Path blob(JsonNode digest) {
        return LAYOUT.resolve("blobs/sha256").resolve(digest.asText().substring("sha256:".length()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static void deleteTree(Path directory) throws IOException, InterruptedException {
        if (Files.exists(directory)) {
            run(List.of("rm", "-rf", directory.toString()));
        }
    }
}
