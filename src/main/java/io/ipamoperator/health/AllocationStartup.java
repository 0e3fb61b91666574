package io.ipamoperator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the allocation index is built (or at once on a standby): the start-up probe covers the initial
 * list of every IPAddress, so a big cluster does not make the liveness probe restart a replica that is still
 * reading it.
 */
@Startup
@ApplicationScoped
public class AllocationStartup implements HealthCheck {

    private final AllocationState state;

    @Inject
    public AllocationStartup(AllocationState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        return state.report("allocation-index");
    }
}
