package io.ipamoperator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.identity.IpamContract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * What the operator decides once per process and injects everywhere: the wall clock (tests pass a fixed one to
 * the pure decisions instead) and the IPAM contract version the cluster serves, discovered once.
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
    IpamContract contract(KubernetesClient client) {
        IpamContract contract = IpamContract.discover(client);
        LOG.infof("Using the Cluster API IPAM contract %s", contract.apiVersion());
        return contract;
    }
}
