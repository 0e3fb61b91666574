package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReuseGracePeriodsTest {

    private static final PoolId POOL = new PoolId(PoolKind.GLOBAL_IN_CLUSTER_IP_POOL, null, "pool");

    private final ReuseGracePeriods gracePeriods = new ReuseGracePeriods();

    @Test
    void anAddressCoolsDownUntilItsGracePeriodEnds() {
        gracePeriods.hold(POOL, "ns/a", Instant.now().plus(Duration.ofMinutes(5)));
        gracePeriods.hold(POOL, "ns/b", Instant.now().minus(Duration.ofSeconds(1)));

        assertThat(gracePeriods.coolingDown(POOL)).isEqualTo(1);
    }

    @Test
    void aReleasedAddressNoLongerCoolsDown() {
        gracePeriods.hold(POOL, "ns/a", Instant.now().plus(Duration.ofMinutes(5)));
        gracePeriods.end("ns/a");

        assertThat(gracePeriods.coolingDown(POOL)).isZero();
    }
}
