package io.ipamoperator.runtime;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.ClusterApi;
import io.ipamoperator.identity.IpamContract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the operator decides once per process and injects everywhere: the wall clock (tests pass a fixed one to
 * the pure decisions instead), the bound on every wait for an event, the IPAM contract version the cluster serves and the version it serves Clusters
 * in, each discovered once.
 */
@ApplicationScoped
public class RuntimeProducers {

    private static final Logger LOG = Logger.getLogger(RuntimeProducers.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ClusterApi clusterApi(KubernetesClient client) {
        APIGroup group = client.getApiGroup(CapiNames.CLUSTER_GROUP);
        if (group == null || group.getPreferredVersion() == null) {
            LOG.warn("Cluster API's Cluster kind is not served: claims and machines that name a Cluster wait for it");
            return new ClusterApi(Optional.empty());
        }
        String apiVersion = group.getPreferredVersion().getGroupVersion();
        LOG.infof("Watching Clusters in %s", apiVersion);
        return new ClusterApi(Optional.of(apiVersion));
    }

    @Produces
    @Singleton
    WaitRetry waitRetry(@ConfigProperty(name = WaitRetry.KEY, defaultValue = WaitRetry.DEFAULT) Duration after) {
        return new WaitRetry(after);
    }

    @Produces
    @Singleton
    IpamContract contract(KubernetesClient client) {
        IpamContract contract = IpamContract.discover(client);
        LOG.infof("Using the Cluster API IPAM contract %s", contract.apiVersion());
        return contract;
    }
}
