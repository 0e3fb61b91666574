package io.ipamoperator.health;

import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.IndexBuild;
import io.ipamoperator.leadership.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** Whether this replica can serve its role now, with the details a user reads in {@code /q/health}. */
@ApplicationScoped
public class AllocationState {

    private final Leadership leadership;
    private final AddressIndex index;
    private final IndexBuild build;

    @Inject
    public AllocationState(Leadership leadership, AddressIndex index, IndexBuild build) {
        this.leadership = leadership;
        this.index = index;
        this.build = build;
    }

    /** Standby, or deciding with the index built. */
    public boolean ready() {
        return !leadership.decides() || index.readiness().isReady();
    }

    HealthCheckResponse report(String name) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name)
                .status(ready())
                .withData("role", leadership.role().label());
        leadership.currentLeader().ifPresent(leader -> response.withData("leader", leader));
        response.withData("index", index.readiness().isReady() ? "built" : "building");
        if (index.readiness().isReady()) {
            response.withData("indexedAddresses", index.size());
        }
        build.lastError().ifPresent(error -> response.withData("indexError", error));
        return response.build();
    }
}
