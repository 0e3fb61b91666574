package io.ipamoperator.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election over a Lease, so that with several replicas exactly one allocates. quarkus-operator-sdk uses
 * this configuration in the profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (the
 * production profile): the other replicas reconcile nothing until they win the lease (their informers and index
 * are kept warm).
 *
 * <p>The Lease lives in {@code ipam.leader-election.lease-namespace} if set, else in the client's namespace (the
 * pod's namespace in a cluster, the kubeconfig context's namespace outside), else in {@value #DEFAULT_NAMESPACE}.
 * The SDK's own "exit on stop leading" is off: it calls {@code System.exit} from inside the shutdown and hangs the
 * JVM on SIGTERM; {@link Leadership} decides instead what losing the lease means (see {@link LeaseRelease}).
 */
@ApplicationScoped
public class LeaderElection {

    /** Where the Lease goes when neither the configuration nor the client names a namespace (as kubectl does). */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final String leaseName;
    private final Optional<String> leaseNamespace;
    private final Leadership leadership;
    private final KubernetesClient client;

    @Inject
    public LeaderElection(
            @ConfigProperty(name = "ipam.leader-election.lease-name", defaultValue = "ipam-operator-leader")
                    String leaseName,
            @ConfigProperty(name = "ipam.leader-election.lease-namespace") Optional<String> leaseNamespace,
            Leadership leadership,
            KubernetesClient client) {
        this.leaseName = leaseName;
        this.leaseNamespace = leaseNamespace;
        this.leadership = leadership;
        this.client = client;
    }

    /** Only asked for in the profiles that run leader election; tells {@link Leadership} what happens. */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection() {
        String identity = identity();
        String namespace = namespace();
        leadership.electionActive(identity, new Leadership.Lease(namespace, leaseName));
        LOG.infof("Leader election: Lease %s/%s, identity %s", namespace, leaseName, identity);
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withLeaderCallbacks(new LeaderCallbacks(
                        leadership::startedLeading, leadership::stoppedLeading, leadership::newLeader))
                .withExitOnStopLeading(false)
                .build();
    }

    private String namespace() {
        if (leaseNamespace.isPresent() && !leaseNamespace.get().isBlank()) {
            return leaseNamespace.get();
        }
        String clients = client.getConfiguration().getNamespace();
        if (clients != null && !clients.isBlank()) {
            return clients;
        }
        LOG.infof(
                "Neither ipam.leader-election.lease-namespace nor the kubeconfig context names a namespace: "
                        + "the leader Lease goes to namespace %s",
                DEFAULT_NAMESPACE);
        return DEFAULT_NAMESPACE;
    }

    /** The pod name in a cluster; host name and process id elsewhere, so two local replicas differ. */
    static String identity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-"
                    + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "ipam-operator-" + ProcessHandle.current().pid();
        }
    }
}
