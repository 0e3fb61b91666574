package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingBindsTest {

    private final PendingBinds binds = new PendingBinds();

    @Test
    void aWrittenClaimIsBoundForTheFirstTimeOnlyOnce() {
        binds.written(claim("a"));

        assertThat(binds.firstBind(claim("a"))).isTrue();
        // a later reconcile that sees the claim's status from before its bind patch
        assertThat(binds.firstBind(claim("a"))).isFalse();
    }

    @Test
    void aClaimThisProcessDidNotWriteForIsNoFirstBind() {
        binds.written(claim("a"));

        assertThat(binds.firstBind(claim("adopted"))).isFalse();
    }

    @Test
    void aReleasedClaimIsNoLongerPending() {
        binds.written(claim("a"));
        binds.forget(claim("a"));

        assertThat(binds.firstBind(claim("a"))).isFalse();
    }

    private static ClaimView claim(String name) {
        return new ClaimView(
                "ipam.cluster.x-k8s.io/v1beta2",
                "ns",
                name,
                "uid-" + name,
                Map.of(),
                Map.of(),
                Instant.now(),
                null,
                Optional.empty(),
                "ipam.cluster.x-k8s.io",
                "InClusterIPPool",
                "pool",
                Optional.empty(),
                null);
    }
}
