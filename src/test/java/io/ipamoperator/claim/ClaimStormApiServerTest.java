package io.ipamoperator.claim;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.ipamoperator.testing.TestNamespaces;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1000 claims created at once across 3 pools (two namespaced, one global) and 2 namespaces: every claim is bound,
 * no address is handed out twice, and every pool's counters are exact.
 */
@QuarkusTest
@QuarkusTestResource(ControlPlaneTestResource.class)
class ClaimStormApiServerTest {

    @Inject
    KubernetesClient client;

    /**
     * A claim created 0–50 ms after its pool, 150 times: each is bound, whether its first look found the pool
     * missing, found it just indexed or raced its indexing.
     */
    @Test
    void claimsCreatedMillisecondsAfterTheirPoolsAreAllBound() throws Exception {
        String namespace = TestNamespaces.create(client, "pool-race");
        int pairs = 150;
        for (int i = 0; i < pairs; i++) {
            ClaimFixtures.pool(client, namespace, "race-" + i, List.of("10.2." + (i / 100) + "." + (i % 100 + 10)));
            Thread.sleep(i % 51);
            ClaimFixtures.createClaim(client, namespace, "race-" + i, "race-" + i);
        }

        await().atMost(scaled(Duration.ofSeconds(60))).untilAsserted(() -> {
            List<String> unbound = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                if (!"True".equals(ClaimFixtures.ready(client, namespace, "race-" + i))) {
                    unbound.add("race-" + i);
                }
            }
            assertThat(unbound).as("claims without an address").isEmpty();
        });
    }

    @Test
    void thousandClaimsAtOnceAreAllBoundWithoutDuplicatesAndCountersAreExact() throws Exception {
        ClaimStorm storm = ClaimStorm.prepare(client, "storm");

        storm.createClaims(1000);

        storm.assertAllBoundWithoutDuplicates(1000, Duration.ofMinutes(4));
    }
}
