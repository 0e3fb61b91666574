package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator is killed in the middle of a 1000-claim storm and started again: the new process rebuilds
 * its index from the IPAddresses that exist, binds the rest, and hands out no address twice.
 */
class OperatorRestartStormIT {

    @Test
    void operatorKilledAndRestartedMidStormBindsEveryClaimWithoutDuplicates() throws Exception {
        try (KubernetesClient client = TestControlPlane.newClient()) {
            var kubeconfig = TestControlPlane.workDir().resolve("kubeconfig");
            ClaimStorm storm = ClaimStorm.prepare(client, "restart");
            OperatorProcess first = OperatorProcess.startReady("restart-first", kubeconfig, Duration.ofMinutes(1));

            storm.createClaims(1000);
            await().atMost(scaled(Duration.ofMinutes(2)))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> storm.bound() >= 200);
            first.kill();

            try (OperatorProcess second =
                    OperatorProcess.startReady("restart-second", kubeconfig, Duration.ofMinutes(1))) {
                storm.assertAllBoundWithoutDuplicates(1000, Duration.ofMinutes(4));
            }
        }
    }
}
