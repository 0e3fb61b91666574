package io.ipamoperator.monitoring;

import io.ipamoperator.allocation.PoolCounters;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.claim.ClaimWaits;
import io.ipamoperator.claim.LiveClaims;
import io.ipamoperator.claim.ReuseGracePeriods;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.pool.PoolEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The per-pool gauges (labels {@code pool}, {@code namespace}, {@code kind}, {@code family}). They are read from
 * the allocation index when Prometheus scrapes, so they are as current as the index; the conflict counts
 * (overlapping pools, duplicate addresses) are the pool reconciler's last findings, which it refreshes on every
 * change of the pool or its addresses.
 *
 * <p>Counts are exact integers in the index; a gauge is a double, exact up to 2^53. Beyond that (IPv6 pools
 * larger than a /75) capacity and free are rounded to about 16 significant digits, and the utilisation ratio is
 * computed exactly before it is rounded once.
 */
@ApplicationScoped
public class PoolMetrics {

    static final String FAMILY = "family";

    private final PoolSeries series;
    private final AddressIndex index;
    private final ClaimWaits waits;
    private final ReuseGracePeriods gracePeriods;
    private final LiveClaims claims;

    @Inject
    public PoolMetrics(
            PoolSeries series,
            AddressIndex index,
            ClaimWaits waits,
            ReuseGracePeriods gracePeriods,
            LiveClaims claims) {
        this.series = series;
        this.index = index;
        this.waits = waits;
        this.gracePeriods = gracePeriods;
        this.claims = claims;
    }

    /** What the pool reconciler found last; the gauges read it. */
    private record Findings(String family, int overlappingPools, int duplicateAddresses) {}

    private final Map<PoolId, Findings> findings = new ConcurrentHashMap<>();

    void on(@Observes PoolEvent event) {
        PoolId pool = event.pool();
        if (event instanceof PoolEvent.Forgotten) {
            findings.remove(pool);
            series.forget(pool);
            return;
        }
        PoolEvent.Observed observed = (PoolEvent.Observed) event;
        String family = index.layout(pool)
                .map(layout -> layout.family().name().toLowerCase(java.util.Locale.ROOT))
                .orElse("");
        Findings now = new Findings(family, observed.overlappingPools(), observed.duplicateAddresses());
        Findings before = findings.put(pool, now);
        boolean first = series.observe(pool);
        if (!first && before != null && !before.family().equals(family)) {
            series.removeMeters(pool, "ipam.pool."); // the gauges, to be registered under the new family
        }
        if (first || before == null || !before.family().equals(family)) {
            series.ifLive(pool, registry -> register(registry, pool, Tags.concat(PoolTags.of(pool), FAMILY, family)));
        }
    }

    private void register(MeterRegistry registry, PoolId pool, Tags tags) {
        gauge(
                registry,
                "ipam.pool.addresses.capacity",
                "Addresses the pool may hand out (sub-prefixes for prefix pools)",
                tags,
                pool,
                id -> counters(id).map(c -> c.total().doubleValue()).orElse(0.0));
        gauge(
                registry,
                "ipam.pool.addresses.used",
                "IPAddresses that reference the pool, in range or not",
                tags,
                pool,
                id -> counters(id).map(c -> (double) c.used()).orElse((double) index.addressCount(id)));
        gauge(
                registry,
                "ipam.pool.addresses.free",
                "Allocatable addresses nobody holds",
                tags,
                pool,
                id -> counters(id).map(c -> c.free().doubleValue()).orElse(0.0));
        gauge(
                registry,
                "ipam.pool.addresses.out.of.range",
                "IPAddresses of the pool outside its allocatable addresses",
                tags,
                pool,
                id -> counters(id).map(c -> (double) c.outOfRange()).orElse((double) index.addressCount(id)));
        gauge(
                registry,
                "ipam.pool.addresses.reserved",
                "Addresses never handed out: excluded, gateway, network, broadcast",
                tags,
                pool,
                id -> index.layout(id)
                        .map(PoolLayout::reservedUnits)
                        .map(BigInteger::doubleValue)
                        .orElse(0.0));
        gauge(
                registry,
                "ipam.pool.addresses.preallocated",
                "Addresses spec.preAllocations keeps for claims that do not hold them now",
                tags,
                pool,
                id -> counters(id).map(c -> (double) c.reserved()).orElse(0.0));
        gauge(
                registry,
                "ipam.pool.addresses.draining",
                "Addresses still allocated inside spec.drainingAddresses",
                tags,
                pool,
                id -> counters(id).map(c -> (double) c.drainingHeld()).orElse(0.0));
        gauge(
                registry,
                "ipam.pool.addresses.cooling.down",
                "Released addresses kept for the pool's reuse grace period",
                tags,
                pool,
                gracePeriods::coolingDown);
        gauge(
                registry,
                "ipam.pool.utilization.ratio",
                "Share of the allocatable addresses in use (NaN without any)",
                tags,
                pool,
                id -> counters(id).map(PoolMetrics::utilization).orElse(Double.NaN));
        gauge(
                registry,
                "ipam.pool.ready",
                "1 while the pool's spec is valid and it can allocate",
                tags,
                pool,
                id -> index.layout(id).isPresent()
                                && index.pool(id)
                                        .map(state -> !state.deleting())
                                        .orElse(false)
                        ? 1
                        : 0);
        gauge(
                registry,
                "ipam.pool.claims.waiting",
                "Claims waiting for the pool (exhausted, not ready, paused)",
                tags,
                pool,
                waits::countWaitingFor);
        gauge(
                registry,
                "ipam.pool.claims.waiting.longest.seconds",
                "How long the longest-waiting claim has waited",
                tags,
                pool,
                id -> waits.longestWaitFor(id)
                        .map(wait -> wait.toMillis() / 1000.0)
                        .orElse(0.0));
        gauge(
                registry,
                "ipam.pool.overlapping.pools",
                "Other pools sharing allocatable addresses with this one",
                tags,
                pool,
                id -> findings(id).map(Findings::overlappingPools).orElse(0));
        gauge(
                registry,
                "ipam.pool.addresses.duplicate",
                "Addresses held by more than one IPAddress",
                tags,
                pool,
                id -> findings(id).map(Findings::duplicateAddresses).orElse(0));
        gauge(
                registry,
                "ipam.pool.addresses.orphaned",
                "IPAddresses whose claim does not exist (NaN until claims are known)",
                tags,
                pool,
                this::orphaned);
    }

    private static void gauge(
            MeterRegistry registry,
            String name,
            String description,
            Tags tags,
            PoolId pool,
            ToDoubleFunction<PoolId> value) {
        Gauge.builder(name, pool, value)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    private Optional<PoolCounters> counters(PoolId pool) {
        return index.counters(pool);
    }

    private Optional<Findings> findings(PoolId pool) {
        return Optional.ofNullable(findings.get(pool));
    }

    private double orphaned(PoolId pool) {
        if (!claims.known()) {
            return Double.NaN;
        }
        return index.countAddresses(pool, claims::orphans);
    }

    /** (capacity − free) / capacity, computed exactly and rounded once. */
    static double utilization(PoolCounters counters) {
        if (counters.total().signum() == 0) {
            return Double.NaN;
        }
        BigInteger inUse = counters.total().subtract(counters.free());
        return new BigDecimal(inUse)
                .divide(new BigDecimal(counters.total()), MathContext.DECIMAL64)
                .doubleValue();
    }
}
