package io.ipamoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.internal.CertUtils;
import io.ipamoperator.testing.ClientKeys;
import io.ipamoperator.testing.ClientKeys.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client key's algorithm read from the key, for every kind a kubeconfig carries, given inline or as a file; and
 * with it the Kubernetes client's own key loader accepts the key, which without it refuses every EC key.
 */
class ClientKeyAlgorithmTest {

    @TempDir
    static Path dir;

    private static final Map<Kind, ClientKeys.Client> CLIENTS = new EnumMap<>(Kind.class);

    @BeforeAll
    static void keys() {
        for (Kind kind : Kind.values()) {
            CLIENTS.put(kind, ClientKeys.selfSigned(kind, dir));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anInlineKeyTellsItsAlgorithmAndTheClientLoadsIt(Kind kind) throws Exception {
        ClientKeys.Client client = CLIENTS.get(kind);
        Config config = new ConfigBuilder(Config.empty())
                .withClientCertData(ClientKeys.base64(client.certificate()))
                .withClientKeyData(ClientKeys.base64(client.key()))
                .build();

        ClientKeyAlgorithm.apply(config);

        assertThat(config.getClientKeyAlgo()).isEqualTo(kind.algorithm());
        assertThat(loadedKey(config).getAlgorithm()).isEqualTo(kind.algorithm());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aKeyFileTellsItsAlgorithmAndTheClientLoadsIt(Kind kind) throws Exception {
        ClientKeys.Client client = CLIENTS.get(kind);
        Config config = new ConfigBuilder(Config.empty())
                .withClientCertFile(client.certificate().toString())
                .withClientKeyFile(client.key().toString())
                .build();

        ClientKeyAlgorithm.apply(config);

        assertThat(config.getClientKeyAlgo()).isEqualTo(kind.algorithm());
        assertThat(loadedKey(config).getAlgorithm()).isEqualTo(kind.algorithm());
    }

    @ParameterizedTest
    @EnumSource(
            value = Kind.class,
            names = {"EC_P256_SEC1", "EC_P256_PKCS8"})
    void withoutTheAlgorithmTheClientRefusesAnEcKey(Kind kind) {
        ClientKeys.Client client = CLIENTS.get(kind);
        Config config = new ConfigBuilder(Config.empty())
                .withClientCertData(ClientKeys.base64(client.certificate()))
                .withClientKeyData(ClientKeys.base64(client.key()))
                .build();

        // the defect this class fixes: the client guesses RSA
        assertThatThrownBy(() -> loadedKey(config)).hasMessageContaining("Invalid DER");
    }

    @Test
    void aWrongHintIsCorrectedByTheKey() {
        ClientKeys.Client client = CLIENTS.get(Kind.EC_P256_PKCS8);
        Config config = new ConfigBuilder(Config.empty())
                .withClientKeyData(ClientKeys.base64(client.key()))
                .withClientKeyAlgo("RSA")
                .build();

        assertThat(ClientKeyAlgorithm.apply(config).getClientKeyAlgo()).isEqualTo("EC");
    }

    @Test
    void aConfigurationWithoutAClientKeyIsLeftAlone() {
        // the in-cluster service account, a token
        Config config =
                new ConfigBuilder(Config.empty()).withOauthToken("token").build();
        String before = config.getClientKeyAlgo();

        assertThat(ClientKeyAlgorithm.apply(config).getClientKeyAlgo()).isEqualTo(before);
    }

    @Test
    void aKeyThatDoesNotTellLeavesTheConfigurationAsItIs() throws Exception {
        Path encrypted = Files.writeString(
                dir.resolve("encrypted.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        Path missing = dir.resolve("missing.key");

        for (Path key : new Path[] {encrypted, missing}) {
            Config config = new ConfigBuilder(Config.empty())
                    .withClientKeyFile(key.toString())
                    .withClientKeyAlgo("EC")
                    .build();

            assertThat(ClientKeyAlgorithm.apply(config).getClientKeyAlgo()).isEqualTo("EC");
        }
        assertThat(ClientKeyAlgorithm.of("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"))
                .isEmpty();
    }

    @Test
    void aCertificateBeforeTheKeyIsPassedOver() throws Exception {
        ClientKeys.Client client = CLIENTS.get(Kind.EC_P256_SEC1);
        String pem = Files.readString(client.certificate()) + Files.readString(client.key());

        assertThat(ClientKeyAlgorithm.of(pem)).contains("EC");
    }

    @Test
    void theProcessDefaultIsTheAlgorithmOfTheKubeconfigsKeyUnlessTheUserSetOne() throws Exception {
        ClientKeys.Client client = CLIENTS.get(Kind.EC_P256_PKCS8);
        Path kubeconfig = Files.writeString(dir.resolve("process.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {client-certificate-data: %s, client-key-data: %s}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """.formatted(
                        ClientKeys.base64(client.certificate()), ClientKeys.base64(client.key())));
        String algo = Config.KUBERNETES_CLIENT_KEY_ALGO_SYSTEM_PROPERTY;
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
        try {
            ClientKeyAlgorithm.setProcessDefault();
            assertThat(System.getProperty(algo)).isEqualTo("EC");
            assertThat(Config.autoConfigure(null).getClientKeyAlgo()).isEqualTo("EC");

            System.setProperty(algo, "RSA");
            ClientKeyAlgorithm.setProcessDefault();
            assertThat(System.getProperty(algo)).isEqualTo("RSA");
        } finally {
            System.clearProperty(algo);
            System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        }
    }

    /** The client key as the Kubernetes client loads it when it builds its TLS context. */
    private static Key loadedKey(Config config) throws Exception {
        KeyStore store = CertUtils.createKeyStore(
                config.getClientCertData(),
                config.getClientCertFile(),
                config.getClientKeyData(),
                config.getClientKeyFile(),
                config.getClientKeyAlgo(),
                "changeit",
                null,
                null);
        String alias = Collections.list(store.aliases()).get(0);
        return store.getKey(alias, "changeit".toCharArray());
    }
}
