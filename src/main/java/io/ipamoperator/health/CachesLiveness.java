package io.ipamoperator.health;

import io.ipamoperator.index.AddressInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when a restart is the cure: the IPAddress informer of the index has stopped for good (it retries every
 * list and watch error; only an object it cannot read stops it), so the index no longer follows the cluster.
 * A slow API server or a lost watch does not make this fail: the informers reconnect by themselves. (The informers
 * of the controllers, Clusters and claims among them, are in the SDK's own health check.)
 */
@Liveness
@ApplicationScoped
public class CachesLiveness implements HealthCheck {

    private final AddressInformer addresses;

    @Inject
    public CachesLiveness(AddressInformer addresses) {
        this.addresses = addresses;
    }

    @Override
    public HealthCheckResponse call() {
        boolean stopped = addresses.hasStopped();
        var response = HealthCheckResponse.named("caches").status(!stopped);
        if (stopped) {
            response.withData("ipaddresses", "informer stopped; restart the operator to rebuild the index");
        }
        return response.build();
    }
}
