package io.ipamoperator.leadership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;

/**
 * Leader election over a Lease, so that with several replicas exactly one allocates. quarkus-operator-sdk uses
 * this configuration in the profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (the
 * production profile): the other replicas start no controller and build no index until they win the lease, and
 * a leader that loses it exits so that it never decides from a stale index.
 */
@ApplicationScoped
public class LeaderElection {

    @ConfigProperty(name = "ipam.leader-election.lease-name", defaultValue = "ipam-operator-leader")
    String leaseName;

    /** Defaults to the namespace the operator runs in (the client's namespace). */
    @ConfigProperty(name = "ipam.leader-election.lease-namespace")
    Optional<String> leaseNamespace;

    @Inject
    Leadership leadership;

    /** Only asked for in the profiles that run leader election; tells {@link Leadership} what happens. */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection() {
        String identity = identity();
        leadership.electionActive(identity);
        LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
                .aLeaderElectionConfiguration(leaseName)
                .withIdentity(identity)
                .withLeaderCallbacks(new LeaderCallbacks(leadership::startedLeading, () -> {
                }, leadership::newLeader))
                .withExitOnStopLeading(true);
        leaseNamespace.ifPresent(builder::withLeaseNamespace);
        return builder.build();
    }

    /** The pod name in a cluster; host name and process id elsewhere, so two local replicas differ. */
    static String identity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "ipam-operator-" + ProcessHandle.current().pid();
        }
    }
}
