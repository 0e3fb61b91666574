package io.ipamoperator.monitoring;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.ipamoperator.pool.PoolId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the claim lifecycle did, per pool: allocation attempts by result, releases, the time from a claim's
 * creation to its address, and the time the allocation decision itself took (lock wait included). Histogram
 * buckets are fixed and few, so a pool costs a bounded number of series.
 */
@ApplicationScoped
public class AllocationMetrics {

    /** The outcome of one attempt to give a claim an address. */
    public enum Result {
        ALLOCATED, EXHAUSTED, POOL_NOT_FOUND, POOL_NOT_READY, ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String ALLOCATIONS = "ipam.allocations";
    static final String RELEASES = "ipam.releases";
    static final String BIND_DURATION = "ipam.claim.bind.duration";
    static final String DECISION_DURATION = "ipam.allocation.decision.duration";

    private static final Duration[] BIND_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900);
    private static final Duration[] DECISION_BUCKETS = seconds(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005,
            0.01, 0.05, 0.1);

    @Inject
    MeterRegistry registry;

    public void attempted(PoolId pool, Result result) {
        Counter.builder(ALLOCATIONS).description("Attempts to give a claim an address, by result")
                .tags(PoolTags.of(pool)).tag("result", result.label()).register(registry).increment();
    }

    /** The claim got its address {@code sinceCreation} after it was created. */
    public void bound(PoolId pool, Duration sinceCreation) {
        Timer.builder(BIND_DURATION).description("Time from a claim's creation to its IPAddress")
                .tags(PoolTags.of(pool)).serviceLevelObjectives(BIND_BUCKETS).register(registry)
                .record(sinceCreation.isNegative() ? Duration.ZERO : sinceCreation);
    }

    /** Choosing and marking the address took {@code decision}. */
    public void decided(PoolId pool, Duration decision) {
        Timer.builder(DECISION_DURATION).description("Time to choose and mark a free address in the index")
                .tags(PoolTags.of(pool)).serviceLevelObjectives(DECISION_BUCKETS).register(registry).record(decision);
    }

    public void released(PoolId pool) {
        Counter.builder(RELEASES).description("Addresses released by deleted claims").tags(PoolTags.of(pool))
                .register(registry).increment();
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
