package io.ipamoperator.monitoring;

import io.ipamoperator.claim.AllocationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * What the claim lifecycle did, per pool: allocation attempts by result, releases, the time from a claim's
 * creation to its address, and the time the allocation decision itself took (lock wait included). Histogram
 * buckets are fixed and few, so a pool costs a bounded number of series; a pool has series only while it exists
 * ({@link PoolSeries}).
 */
@ApplicationScoped
public class AllocationMetrics {

    static final String ALLOCATIONS = "ipam.allocations";
    static final String RELEASES = "ipam.releases";
    static final String BIND_DURATION = "ipam.claim.bind.duration";
    static final String DECISION_DURATION = "ipam.allocation.decision.duration";

    private static final Duration[] BIND_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900);
    private static final Duration[] DECISION_BUCKETS =
            seconds(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1);

    private final PoolSeries series;

    @Inject
    public AllocationMetrics(PoolSeries series) {
        this.series = series;
    }

    void on(@Observes AllocationEvent event) {
        series.ifLive(event.pool(), registry -> {
            if (event instanceof AllocationEvent.Attempted attempted) {
                Counter.builder(ALLOCATIONS)
                        .description("Attempts to give a claim an address, by result")
                        .tags(PoolTags.of(event.pool()))
                        .tag("result", attempted.result().label())
                        .register(registry)
                        .increment();
            } else if (event instanceof AllocationEvent.Bound bound) {
                Timer.builder(BIND_DURATION)
                        .description("Time from a claim's creation to the IPAddress this replica allocated for it")
                        .tags(PoolTags.of(event.pool()))
                        .serviceLevelObjectives(BIND_BUCKETS)
                        .register(registry)
                        .record(bound.sinceCreation().isNegative() ? Duration.ZERO : bound.sinceCreation());
            } else if (event instanceof AllocationEvent.Decided decided) {
                Timer.builder(DECISION_DURATION)
                        .description("Time to choose and mark a free address in the index")
                        .tags(PoolTags.of(event.pool()))
                        .serviceLevelObjectives(DECISION_BUCKETS)
                        .register(registry)
                        .record(decided.took());
            } else if (event instanceof AllocationEvent.Released) {
                Counter.builder(RELEASES)
                        .description("Addresses released by deleted claims")
                        .tags(PoolTags.of(event.pool()))
                        .register(registry)
                        .increment();
            }
        });
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
