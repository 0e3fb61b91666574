package io.ipamoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.testing.ClientKeys;
import io.ipamoperator.testing.ClientKeys.Kind;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged operator started with a kubeconfig whose client key is RSA (PKCS#1, PKCS#8) or EC (SEC1 as k3s
 * writes it, PKCS#8 as envtest writes it), with no hint of the algorithm: it becomes ready, and so does the audit
 * mode run. Every other kind and both ways of giving the key are covered, faster, by ClientKeyKindsApiServerTest.
 */
class ClientKeyKindsIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, inline {1}")
    @CsvSource({"RSA_PKCS1, true", "RSA_PKCS8, false", "EC_P256_SEC1, false", "EC_P256_PKCS8, true"})
    void theOperatorBecomesReadyWithAClientKeyOfThisKind(Kind kind, boolean inline) {
        Path kubeconfig = ClientKeys.clusterAdmin(kind, TestControlPlane.workDir(), dir, inline)
                .kubeconfig();
        String name = "client-key-" + kind.name().toLowerCase().replace('_', '-');

        try (OperatorProcess operator = OperatorProcess.startReady(name, kubeconfig, Duration.ofMinutes(2))) {
            assertThat(operator.health("ready")).contains("\"status\": \"UP\"");
            assertThat(operator.log()).doesNotContain("Invalid DER").doesNotContain("ERROR");
        }
    }

    @Test
    void theAuditRunsWithAnEcPkcs8ClientKey() throws Exception {
        Path kubeconfig = ClientKeys.clusterAdmin(Kind.EC_P256_PKCS8, TestControlPlane.workDir(), dir, true)
                .kubeconfig();
        List<String> command = new ArrayList<>(OperatorProcess.command());
        command.addAll(List.of("audit", "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(dir.resolve("audit.err").toFile())
                .redirectOutput(dir.resolve("audit.out").toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());

        Process audit = builder.start();

        assertThat(audit.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(dir.resolve("audit.err"), StandardCharsets.UTF_8);
        // 0 or 1 by what the other tests left in the shared cluster; 2 is "could not run"
        assertThat(audit.exitValue()).as(stderr).isIn(0, 1);
        assertThat(Files.readString(dir.resolve("audit.out"))).contains("\"findings\"");
    }
}
