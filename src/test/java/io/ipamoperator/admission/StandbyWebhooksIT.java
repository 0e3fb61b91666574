package io.ipamoperator.admission;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.claim.ClaimFixturesAccess;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import io.ipamoperator.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas with webhooks, registered by URL: the standby, which allocates nothing, answers the
 * webhooks from its own index exactly as the leader would; when the replica the registration points at stops,
 * the other one takes the registration over.
 */
class StandbyWebhooksIT {

    private static final String CONFIGURATION = "ipam-operator-validating-webhook-configuration";

    @Test
    void aStandbyAnswersTheWebhooksFromTheClusterState() throws Exception {
        Path kubeconfig = TestControlPlane.workDir().resolve("kubeconfig");
        int leaderWebhooks = OperatorProcess.freePort();
        int standbyWebhooks = OperatorProcess.freePort();
        try (KubernetesClient client = TestControlPlane.newClient();
                OperatorProcess leader = OperatorProcess.start(
                                "webhooks-leader", kubeconfig, OperatorProcess.freePort(), webhooks(leaderWebhooks))
                        .awaitReady(Duration.ofMinutes(1))) {
            await().atMost(scaled(Duration.ofMinutes(1)))
                    .untilAsserted(() -> assertThat(leader.health("ready")).contains("\"role\": \"leader\""));
            String namespace = TestNamespaces.create(client, "standby-webhooks");
            client.resource(pool(namespace)).create();
            client.resource(ClaimFixturesAccess.claim(namespace, "held", "pool"))
                    .create();
            await().atMost(scaled(Duration.ofMinutes(1)))
                    .until(() -> ClaimFixturesAccess.address(client, namespace, "held") != null);
            String held = ClaimFixturesAccess.address(client, namespace, "held");

            try (OperatorProcess standby = OperatorProcess.start(
                            "webhooks-standby", kubeconfig, OperatorProcess.freePort(), webhooks(standbyWebhooks))
                    .awaitReady(Duration.ofMinutes(1))) {
                assertThat(standby.health("ready")).contains("\"role\": \"standby\"", "\"server\": \"serving\"");
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .until(() -> registeredUrl(client).contains(":" + standbyWebhooks + "/"));

                assertThatThrownBy(() -> client.resources(InClusterIPPool.class)
                                .inNamespace(namespace)
                                .withName("pool")
                                .patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"spec\": {\"addresses\": [\"10.9.0.50-10.9.0.60\"]}}"))
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(400);
                            assertThat(e.getMessage())
                                    .contains("pool addresses do not contain allocated addresses: [" + held + "]");
                        });
                assertThatThrownBy(() -> client.resources(InClusterIPPool.class)
                                .inNamespace(namespace)
                                .withName("pool")
                                .delete())
                        .isInstanceOfSatisfying(
                                KubernetesClientException.class,
                                e -> assertThat(e.getMessage()).contains("Pool has IPAddresses allocated"));
                assertThat(standby.log()).contains("Refused an update of InClusterIPPool " + namespace + "/pool");
            }

            await().atMost(scaled(Duration.ofMinutes(3)))
                    .alias("the leader registers itself again once the standby's registration is gone")
                    .until(() -> registeredUrl(client).contains(":" + leaderWebhooks + "/"));
        }
    }

    private static Map<String, String> webhooks(int port) {
        return Map.of("IPAM_WEBHOOK_PORT", Integer.toString(port), "IPAM_WEBHOOK_URL", "https://127.0.0.1:" + port);
    }

    private static String registeredUrl(KubernetesClient client) {
        ValidatingWebhookConfiguration configuration = client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(CONFIGURATION)
                .get();
        return configuration == null
                ? ""
                : configuration.getWebhooks().get(0).getClientConfig().getUrl();
    }

    private static InClusterIPPool pool(String namespace) {
        InClusterIPPool pool = new InClusterIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName("pool")
                .withNamespace(namespace)
                .build());
        pool.setSpec(new IPPoolSpec(List.of("10.9.0.10-10.9.0.60"), 24, null));
        return pool;
    }
}
