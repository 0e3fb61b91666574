package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import io.ipamoperator.testing.OperatorProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API server and etcd go away for 10 s in the middle of a 1000-claim storm and come back on the same data: the
 * packaged operator stays alive, its informers resume, and every claim ends bound with no address handed out twice
 * and exact pool counters. A control plane of its own, so the other tests never see the outage.
 */
class ApiServerRestartStormIT {

    @Test
    void apiServerRestartedMidStormLeavesEveryClaimBoundWithoutDuplicates() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        try (LocalControlPlane controlPlane = LocalControlPlane.start(
                        project,
                        project.resolve("target/control-plane-outage-"
                                + ProcessHandle.current().pid()));
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(controlPlane.clientConfig())
                        .build()) {
            Manifests manifests = new Manifests(client);
            manifests.applyDirectory(project.resolve("kubernetes/crds"));
            manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
            manifests.awaitCrdsSettled();
            ClaimStorm storm = ClaimStorm.prepare(client, "outage");
            storm.createClaims(1000); // all waiting before the operator starts, so the outage hits a storm in full flow
            try (OperatorProcess operator =
                    OperatorProcess.startReady("outage", controlPlane.kubeconfig(), Duration.ofMinutes(1))) {
                await().atMost(scaled(Duration.ofMinutes(2)))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> storm.bound() >= 200);
                int boundBeforeOutage = storm.bound();

                controlPlane.restart(Duration.ofSeconds(10));

                System.out.printf("API server outage of 10 s with %d of 1000 claims bound%n", boundBeforeOutage);
                assertThat(boundBeforeOutage)
                        .as("the outage came in the middle of the storm")
                        .isLessThan(1000);

                assertThat(operator.isAlive())
                        .as("the operator survives the outage")
                        .isTrue();
                storm.assertAllBoundWithoutDuplicates(1000, Duration.ofMinutes(4));
                assertThat(operator.isAlive()).isTrue();
                assertThat(operator.health("live")).contains("\"status\": \"UP\"");
            }
        }
    }
}
