package io.ipamoperator.claim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.ControlPlaneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @Test
    void thousandClaimsAtOnceAreAllBoundWithoutDuplicatesAndCountersAreExact() throws Exception {
        ClaimStorm storm = ClaimStorm.prepare(client, "storm");

        storm.createClaims(1000);

        storm.assertAllBoundWithoutDuplicates(1000, Duration.ofMinutes(4));
    }
}
