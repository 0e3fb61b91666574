package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged operator with leader election: only the leader allocates (and says so in its
 * readiness; the standby is ready, says it stands by and keeps its index built, webhooks or not); the leader is
 * killed in the middle of a 1000-claim storm, the other takes the lease over and binds the rest from the index it
 * kept, with no address handed out twice. Webhooks are off here: the standby's index is not for them.
 */
class LeaderElectionStormIT {

    private static final String LEASE = "ipam-operator-leader";

    @Test
    void standbyTakesOverWhenTheLeaderDiesMidStormWithoutDuplicates() throws Exception {
        try (KubernetesClient client = TestControlPlane.newClient()) {
            var kubeconfig = TestControlPlane.workDir().resolve("kubeconfig");
            ClaimStorm storm = ClaimStorm.prepare(client, "leader");
            Map<String, String> noWebhooks = Map.of("IPAM_WEBHOOK_PORT", "0");
            OperatorProcess one =
                    OperatorProcess.startReady("replica-one", kubeconfig, Duration.ofMinutes(1), noWebhooks);
            OperatorProcess two =
                    OperatorProcess.startReady("replica-two", kubeconfig, Duration.ofMinutes(1), noWebhooks);
            try {
                await().atMost(scaled(Duration.ofMinutes(1))).until(() -> holder(client) != null);
                String leaderName = holder(client);
                OperatorProcess leader = leaderName.equals("replica-one") ? one : two;
                OperatorProcess standby = leader == one ? two : one;
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .untilAsserted(() -> assertThat(leader.health("ready"))
                                .contains("\"role\": \"leader\"", "\"index\": \"built\""));
                assertThat(standby.health("ready"))
                        .contains("\"status\": \"UP\"", "\"role\": \"standby\"", "\"leader\": \"" + leaderName + "\"");
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .untilAsserted(() -> assertThat(standby.health("ready"))
                                .as("a standby keeps its index, without webhooks too")
                                .contains("\"role\": \"standby\"", "\"index\": \"built\""));
                assertThat(standby.health("started")).contains("\"status\": \"UP\"");

                storm.createClaims(1000);
                await().atMost(scaled(Duration.ofMinutes(2)))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> storm.bound() >= 200);
                leader.kill();

                storm.assertAllBoundWithoutDuplicates(1000, Duration.ofMinutes(4));
                assertThat(holder(client)).isEqualTo(standby.name());
                assertThat(standby.health("ready")).contains("\"role\": \"leader\"");
                assertThat(standby.isAlive()).isTrue();
            } finally {
                for (OperatorProcess replica : List.of(one, two)) {
                    replica.close();
                }
            }
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
