package io.ipamoperator.monitoring;

import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.leadership.Leadership;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The replica's own state ({@code ipam_operator_leader}, {@code ipam_operator_index_ready}) and the reconciler
 * metrics of the Java Operator SDK. The SDK's default collects series per reconciled object (one per claim);
 * this operator uses its per-controller form instead, so the number of series does not grow with the claims.
 */
@ApplicationScoped
public class OperatorMetrics {

    void register(@Observes StartupEvent startup, MeterRegistry registry, Leadership leadership, AddressIndex index) {
        Gauge.builder("ipam.operator.leader", leadership, l -> l.decides() ? 1 : 0)
                .description("1 when this replica makes allocation decisions (leader, or no leader election)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("ipam.operator.index.ready", index, i -> i.readiness().isReady() ? 1 : 0)
                .description("1 once the allocation index holds every IPAddress")
                .strongReference(true)
                .register(registry);
    }

    @Produces
    @Singleton
    Metrics reconcilerMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
