package io.ipamoperator.leadership;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.OperatorProcess;
import io.ipamoperator.testing.TestControlPlane;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the packaged operator (production profile, leader election on) starts and ends, as separate processes: a
 * kubeconfig without a namespace, SIGTERM to the leader of two replicas, and an HTTP port already taken.
 */
class PackagedOperatorLifecycleIT {

    private static final String LEASE = "ipam-operator-leader";

    @Test
    void aKubeconfigWhoseContextNamesNoNamespacePutsTheLeaseInDefault() throws Exception {
        Path kubeconfig = kubeconfigWithoutNamespace();
        try (KubernetesClient client = TestControlPlane.newClient();
                OperatorProcess operator =
                        OperatorProcess.startReady("no-namespace", kubeconfig, Duration.ofMinutes(1))) {
            await().atMost(scaled(Duration.ofSeconds(30))).until(() -> "no-namespace".equals(holder(client)));
            assertThat(operator.log())
                    .contains("the leader Lease goes to namespace default")
                    .contains("Leader election: Lease default/" + LEASE + ", identity no-namespace");
            operator.terminate();
            assertThat(operator.awaitExit(Duration.ofSeconds(30))).isPresent();
        }
    }

    @Test
    void sigtermToTheLeaderReleasesItsLeaseAndTheStandbyTakesOver() throws Exception {
        Path kubeconfig = TestControlPlane.workDir().resolve("kubeconfig");
        try (KubernetesClient client = TestControlPlane.newClient()) {
            OperatorProcess one = OperatorProcess.startReady("sigterm-one", kubeconfig, Duration.ofMinutes(1));
            OperatorProcess two = OperatorProcess.startReady("sigterm-two", kubeconfig, Duration.ofMinutes(1));
            try {
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .until(() -> List.of("sigterm-one", "sigterm-two").contains(holder(client)));
                OperatorProcess leader = holder(client).equals("sigterm-one") ? one : two;
                OperatorProcess standby = leader == one ? two : one;
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .untilAsserted(() -> assertThat(leader.health("ready"))
                                .contains("\"role\": \"leader\"", "\"index\": \"built\""));

                long signalled = System.nanoTime();
                leader.terminate();
                Optional<Integer> exit = leader.awaitExit(Duration.ofSeconds(30));
                long exited = System.nanoTime();

                assertThat(exit).as("the leader ends on SIGTERM").isPresent();
                assertThat(leader.log()).contains("Released the leader Lease default/" + LEASE);
                assertThat(holder(client))
                        .as("the lease is not left to the dead leader")
                        .isNotEqualTo(leader.name());
                await().atMost(scaled(Duration.ofMinutes(1)))
                        .untilAsserted(() -> assertThat(standby.health("ready"))
                                .contains("\"role\": \"leader\"", "\"index\": \"built\""));
                long tookOver = System.nanoTime();
                System.out.printf(
                        "SIGTERM handover: the leader exited %d ms after the signal; the standby led with "
                                + "its index built %d ms after the signal%n",
                        (exited - signalled) / 1_000_000, (tookOver - signalled) / 1_000_000);
                assertThat(holder(client)).isEqualTo(standby.name());
            } finally {
                one.close();
                two.close();
            }
        }
    }

    @Test
    void anHttpPortAlreadyTakenMakesTheOperatorSayWhyAndExitNonZero() throws Exception {
        Path kubeconfig = TestControlPlane.workDir().resolve("kubeconfig");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
                OperatorProcess operator = OperatorProcess.start("port-taken", kubeconfig, taken.getLocalPort())) {
            Optional<Integer> exit = operator.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).as("the operator exits instead of hanging").isPresent();
            assertThat(exit.get()).isNotZero();
            assertThat(operator.log()).containsIgnoringCase("port").contains(Integer.toString(taken.getLocalPort()));
        }
    }

    private static Path kubeconfigWithoutNamespace() throws Exception {
        String kubeconfig = Files.readString(TestControlPlane.workDir().resolve("kubeconfig"));
        String withoutNamespace = kubeconfig.replace(", namespace: default}", "}");
        assertThat(withoutNamespace).isNotEqualTo(kubeconfig).doesNotContain("namespace");
        Path file = Files.createDirectories(Path.of("target/it-logs")).resolve("kubeconfig-without-namespace");
        Files.writeString(file, withoutNamespace);
        return file;
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
