package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaimWaitsTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final PoolId OTHER = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "other");

    private final ClaimWaits waits = new ClaimWaits();

    @Test
    void aWaitingClaimHasWaitedSinceItsCreation() {
        waits.waitForPool(POOL, claim("old", Instant.now().minus(Duration.ofMinutes(30)), null));
        waits.waitForPool(POOL, claim("new", Instant.now(), null));

        assertThat(waits.countWaitingFor(POOL)).isEqualTo(2);
        assertThat(waits.longestWaitFor(POOL).orElseThrow()).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(31));
    }

    @Test
    void aDeletingClaimHasWaitedSinceItBeganToWait() {
        waits.waitForPool(POOL, claim("leaving", Instant.now().minus(Duration.ofDays(3)), Instant.now()));

        assertThat(waits.longestWaitFor(POOL).orElseThrow()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aClaimWaitsForOnePoolAtATime() {
        ClaimView claim = claim("moved", Instant.now(), null);
        waits.waitForPool(POOL, claim);
        waits.waitForPool(OTHER, claim);

        assertThat(waits.countWaitingFor(POOL)).isZero();
        assertThat(waits.countWaitingFor(OTHER)).isEqualTo(1);
    }

    @Test
    void aBoundClaimStopsWaiting() {
        ClaimView claim = claim("bound", Instant.now(), null);
        waits.waitForPool(POOL, claim);
        waits.stopWaiting(POOL, claim);

        assertThat(waits.countWaitingFor(POOL)).isZero();
        assertThat(waits.longestWaitFor(POOL)).isEmpty();
    }

    private static ClaimView claim(String name, Instant created, Instant deleted) {
        return ClaimFixtures.view(name, created, deleted);
    }
}
