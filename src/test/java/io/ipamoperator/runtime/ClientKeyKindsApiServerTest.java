package io.ipamoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.testing.ClientKeys;
import io.ipamoperator.testing.ClientKeys.Kind;
import io.ipamoperator.testing.TestControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A kubeconfig whose client certificate, signed by the real API server's CA, has a key of any kind — given inline
 * or as files — gives a working client both ways the operator builds one: the configuration as Quarkus makes it
 * with the operator's customizer applied, and the audit mode's own client. Without the customizer an EC key in
 * PKCS#8 (envtest's) does not (the defect: the client guessed RSA).
 */
class ClientKeyKindsApiServerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, inline {1}")
    @CsvSource({
        "RSA_PKCS1, true",
        "RSA_PKCS8, false",
        "EC_P256_SEC1, false",
        "EC_P256_SEC1, true",
        "EC_P256_PKCS8, true",
        "EC_P256_PKCS8, false",
        "EC_P384_PKCS8, true"
    })
    void aClusterAdminWithAClientKeyOfThisKindIsServed(Kind kind, boolean inline) throws Exception {
        Path kubeconfig = ClientKeys.clusterAdmin(kind, TestControlPlane.workDir(), dir, inline)
                .kubeconfig();

        Config quarkus = Config.fromKubeconfig(Files.readString(kubeconfig));
        new ClientKeyAlgorithm().customize(quarkus);
        try (KubernetesClient operator =
                        new KubernetesClientBuilder().withConfig(quarkus).build();
                KubernetesClient audit = StandaloneClient.build(Config.fromKubeconfig(Files.readString(kubeconfig)))) {
            assertThat(operator.namespaces().withName("default").get()).isNotNull();
            assertThat(operator.resources(InClusterIPPool.class)
                            .inAnyNamespace()
                            .list())
                    .isNotNull();
            assertThat(audit.namespaces().withName("default").get()).isNotNull();
        }
    }

    @Test
    void withoutTheCustomizerAnEcPkcs8ClientKeyFails() throws Exception {
        // (a SEC1 key the client tells by its PEM label when it reads a kubeconfig, not when it is configured
        // otherwise)
        Path kubeconfig = ClientKeys.clusterAdmin(Kind.EC_P256_PKCS8, TestControlPlane.workDir(), dir, true)
                .kubeconfig();
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));

        assertThatThrownBy(() -> {
                    try (KubernetesClient client =
                            new KubernetesClientBuilder().withConfig(config).build()) {
                        client.namespaces().withName("default").get();
                    }
                })
                .hasStackTraceContaining("Invalid DER");
    }
}
