package io.ipamoperator.health;

import io.ipamoperator.index.IndexBuild;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when a restart is the cure: the IPAddress or Cluster informer has stopped for good (it retries every
 * list and watch error; only an object it cannot read stops it), so the index no longer follows the cluster.
 * A slow API server or a lost watch does not make this fail: the informers reconnect by themselves.
 */
@Liveness
@ApplicationScoped
public class CachesLiveness implements HealthCheck {

    @Inject
    IndexBuild build;

    @Override
    public HealthCheckResponse call() {
        boolean stopped = build.anyCacheStopped();
        var response = HealthCheckResponse.named("caches").status(!stopped);
        if (stopped) {
            response.withData("caches", "an informer stopped for good; restart the operator to rebuild the index");
        }
        return response.build();
    }
}
