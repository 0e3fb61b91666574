package io.ipamoperator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this replica can do its part: a leader (or the only replica) once its allocation index is built, a
 * standby at once — it says {@code role: standby} and which replica leads. The framework's own readiness check
 * adds that every controller's informers are synced.
 */
@Readiness
@ApplicationScoped
public class AllocationReadiness implements HealthCheck {

    private final AllocationState state;

    @Inject
    public AllocationReadiness(AllocationState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        return state.report("allocation");
    }
}
