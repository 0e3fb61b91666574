package io.ipamoperator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared serving certificate in its Secret on the real API server, as several replicas see it. */
class CertificateStoreApiServerTest {

    private KubernetesClient client;
    private String namespace;

    @BeforeEach
    void namespace() {
        client = TestControlPlane.newClient();
        namespace = TestNamespaces.create(client, "certificates");
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void replicasStartingTogetherEndUpWithOneCertificate() {
        Clock now = Clock.systemUTC();
        List<CompletableFuture<ServingCertificate>> replicas = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> store(now).ensure()))
                .toList();

        List<ServingCertificate> seen =
                replicas.stream().map(CompletableFuture::join).toList();

        assertThat(seen).allSatisfy(certificate -> assertThat(certificate).isEqualTo(seen.get(0)));
        assertThat(store(now).stored()).contains(seen.get(0));
    }

    @Test
    void aLeafCloseToExpiryIsRenewedInTheSecretFromTheSameCa() {
        Instant issued = Instant.now().minus(CertificateAuthority.LEAF_LIFETIME).plus(Duration.ofDays(5));
        ServingCertificate old = store(Clock.fixed(issued, ZoneOffset.UTC)).ensure();

        ServingCertificate renewed = store(Clock.systemUTC()).ensure();

        assertThat(renewed.notAfter()).isAfter(old.notAfter());
        assertThat(renewed.caBundle()).isEqualTo(old.caBundle());
        assertThat(store(Clock.systemUTC()).stored()).contains(renewed);
    }

    private CertificateStore store(Clock clock) {
        WebhookSettings settings = new Settings(namespace);
        return new CertificateStore(client, settings, new WebhookRegistration(client, settings), clock);
    }

    private record Settings(String ns) implements WebhookSettings {
        public int port() {
            return 9443;
        }

        public Optional<URI> url() {
            return Optional.of(URI.create("https://127.0.0.1:9443"));
        }

        public Optional<String> certificateDir() {
            return Optional.empty();
        }

        public String certificateSecret() {
            return "webhook-cert";
        }

        public String service() {
            return "ipam-operator-webhook";
        }

        public Optional<String> namespace() {
            return Optional.of(ns);
        }

        public String configurationPrefix() {
            return "ipam-operator";
        }
    }
}
