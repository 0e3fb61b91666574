package io.ipamoperator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.ipamoperator.addresses.AddressInformer;
import io.ipamoperator.claim.ClusterCache;

/**
 * Down only when a restart is the cure: the IPAddress or Cluster informer has stopped for good (it retries every
 * list and watch error; only an object it cannot read stops it), so the index no longer follows the cluster.
 * A slow API server or a lost watch does not make this fail: the informers reconnect by themselves.
 */
@Liveness
@ApplicationScoped
public class CachesLiveness implements HealthCheck {

    @Inject
    AddressInformer addresses;

    @Inject
    ClusterCache clusters;

    @Override
    public HealthCheckResponse call() {
        boolean addressesStopped = addresses.hasStopped();
        boolean clustersStopped = clusters.hasStopped();
        var response = HealthCheckResponse.named("caches").status(!addressesStopped && !clustersStopped);
        if (addressesStopped) {
            response.withData("ipaddresses", "informer stopped; restart the operator to rebuild the index");
        }
        if (clustersStopped) {
            response.withData("clusters", "informer stopped; restart the operator");
        }
        return response.build();
    }
}
