package io.ipamoperator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.claim.AllocationEvent;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pool has series exactly while it exists: nothing counted after it is forgotten brings one back. */
class PoolSeriesTest {

    private static final PoolId POOL = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "gone");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PoolSeries series = new PoolSeries(registry);
    private final AllocationMetrics metrics = new AllocationMetrics(series);

    @Test
    void aReleaseCountedAfterThePoolWasForgottenCreatesNoSeries() {
        series.observe(POOL);
        metrics.on(new AllocationEvent.Attempted(POOL, AllocationEvent.Result.ALLOCATED));
        assertThat(registry.find("ipam.allocations")
                        .tag("pool", "gone")
                        .counter()
                        .count())
                .isEqualTo(1.0);

        series.forget(POOL);
        metrics.on(new AllocationEvent.Released(POOL));
        metrics.on(new AllocationEvent.Bound(POOL, Duration.ofSeconds(1)));
        metrics.on(new AllocationEvent.Decided(POOL, Duration.ofNanos(100)));

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void anAttemptAgainstAPoolThatDoesNotExistCreatesNoSeries() {
        metrics.on(new AllocationEvent.Attempted(POOL, AllocationEvent.Result.POOL_NOT_FOUND));

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aPoolCreatedAgainUnderTheSameNameGetsSeriesAgain() {
        series.observe(POOL);
        series.forget(POOL);
        assertThat(series.observe(POOL)).isTrue();

        metrics.on(new AllocationEvent.Released(POOL));

        assertThat(registry.find("ipam.releases").tag("pool", "gone").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void forgettingAPoolLeavesOtherPoolsSeriesAlone() {
        PoolId other = new PoolId(PoolKind.IN_CLUSTER_IP_POOL, "ns", "kept");
        series.observe(POOL);
        series.observe(other);
        metrics.on(new AllocationEvent.Released(POOL));
        metrics.on(new AllocationEvent.Released(other));

        series.forget(POOL);

        assertThat(registry.find("ipam.releases").counters())
                .singleElement()
                .satisfies(counter -> assertThat(counter.getId().getTag("pool")).isEqualTo("kept"));
    }
}
