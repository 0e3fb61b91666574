package io.ipamoperator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An IPAddress without its claim counts as orphaned only once it has been seen so for the grace period. */
class OrphanSightingsTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "pool");
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private final OrphanSightings sightings = new OrphanSightings(Duration.ofSeconds(30));

    @Test
    void aFreshSightingIsPendingAndConfirmedAfterTheGracePeriod() {
        assertThat(sightings.look(POOL, List.of("ns/a"), NOW)).isEqualTo(new OrphanSightings.Sighting(0, true));
        assertThat(sightings.look(POOL, List.of("ns/a"), NOW.plusSeconds(29)))
                .isEqualTo(new OrphanSightings.Sighting(0, true));
        assertThat(sightings.look(POOL, List.of("ns/a"), NOW.plusSeconds(30)))
                .isEqualTo(new OrphanSightings.Sighting(1, false));
    }

    @Test
    void anAddressWhoseClaimCameBackStartsOverWhenItIsSeenOrphanedAgain() {
        sightings.look(POOL, List.of("ns/a"), NOW);
        sightings.look(POOL, List.of(), NOW.plusSeconds(10)); // a release passed through: seen once, then gone

        assertThat(sightings.look(POOL, List.of("ns/a"), NOW.plusSeconds(35)))
                .isEqualTo(new OrphanSightings.Sighting(0, true));
    }
}
