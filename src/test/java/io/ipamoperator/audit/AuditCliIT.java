package io.ipamoperator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The audit as a user runs it: the packaged operator (jar or native executable) with {@code audit} as its first
 * argument reports and repairs against a cluster whose operator is not running, and exits without starting one.
 */
class AuditCliIT {

    @Test
    void thePackagedOperatorAuditsAndRepairsAClusterWithoutStartingTheOperator() throws Exception {
        try (KubernetesClient client = TestControlPlane.newClient()) {
            String namespace = TestNamespaces.create(client, "audit-cli");
            InClusterIPPool pool = new InClusterIPPool();
            pool.setMetadata(new ObjectMetaBuilder()
                    .withName("pool")
                    .withNamespace(namespace)
                    .build());
            pool.setSpec(new IPPoolSpec(List.of("10.9.0.10-10.9.0.20"), 24, null));
            client.resource(pool).create();
            var orphan = ClaimFixturesAccess.ipAddress(namespace, "restored", "pool", "10.9.0.12");
            orphan.getMetadata().setFinalizers(List.of(CapiNames.PROTECT_ADDRESS_FINALIZER));
            client.resource(orphan).create();
            client.resource(ClaimFixturesAccess.claim(namespace, "waiting", "pool"))
                    .create();

            Run report = audit("--output", "json");

            assertThat(report.code()).as(report.stderr()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(report.stdout());
            assertThat(findings(json, namespace))
                    .containsExactlyInAnyOrder(
                            "orphaned IPAddress " + namespace + "/restored",
                            "unbound IPAddressClaim " + namespace + "/waiting");

            Run repair = audit("--repair", "--confirm");

            assertThat(repair.stdout()).contains("deleted IPAddress " + namespace + "/restored");
            assertThat(client.genericKubernetesResources(CapiNames.IPAM_GROUP + "/v1beta2", "IPAddress")
                            .inNamespace(namespace)
                            .withName("restored")
                            .get())
                    .isNull();
            assertThat(findings(
                            new ObjectMapper()
                                    .readTree(audit("--output", "json").stdout()),
                            namespace))
                    .containsExactly("unbound IPAddressClaim " + namespace + "/waiting");
        }
    }

    @Test
    void aWrongArgumentIsRefusedWithTheUsageAndExitCode2() throws Exception {
        Run run = audit("--output", "yaml");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.stderr())
                .contains("--output takes table or json, not 'yaml'")
                .contains("usage: audit");
    }

    private static List<String> findings(JsonNode report, String namespace) {
        List<String> found = new ArrayList<>();
        for (JsonNode finding : report.path("findings")) {
            if (namespace.equals(finding.path("namespace").asText())) {
                found.add(finding.path("kind").asText() + " "
                        + finding.path("objectKind").asText() + " " + namespace + "/"
                        + finding.path("name").asText());
            }
        }
        return found;
    }

    private record Run(int code, String stdout, String stderr) {}

    private static Run audit(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(OperatorProcess.command());
        command.add("audit");
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(Path.of("target/it-logs"));
        Path stdout = Files.createTempFile(logs, "audit-", ".out");
        Path stderr = Files.createTempFile(logs, "audit-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment()
                .put(
                        "KUBECONFIG",
                        TestControlPlane.workDir().resolve("kubeconfig").toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("audit did not exit within 2 minutes: it must not start the operator");
        }
        return new Run(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
