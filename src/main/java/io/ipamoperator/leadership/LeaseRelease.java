package io.ipamoperator.leadership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * A clean handover on shutdown (SIGTERM, a rolling update): the shutdown is marked first, so that losing the lease
 * while the operator stops is expected and exits nothing; then, after the SDK has stopped the controllers (and with
 * them every decision), a leader gives its Lease back — holder cleared — so a standby takes over at its next retry
 * (about 2 s) instead of waiting for the lease to expire (15 s). The Java Operator SDK does not release the lease
 * itself (it builds the fabric8 elector with {@code releaseOnCancel=false}).
 */
@ApplicationScoped
public class LeaseRelease {

    private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

    private final Leadership leadership;
    private final KubernetesClient client;

    @Inject
    public LeaseRelease(Leadership leadership, KubernetesClient client) {
        this.leadership = leadership;
        this.client = client;
    }

    void shutdownBegins(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        leadership.shuttingDown();
    }

    /** Runs after quarkus-operator-sdk stopped the operator (its observer has the default priority). */
    void controllersStopped(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 100) ShutdownEvent shutdown) {
        leadership.heldLease().ifPresent(this::release);
    }

    private void release(Leadership.HeldLease held) {
        try {
            var resource = client.leases()
                    .inNamespace(held.lease().namespace())
                    .withName(held.lease().name());
            Lease lease = resource.get();
            if (lease == null
                    || lease.getSpec() == null
                    || !held.identity().equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            lease.getSpec().setHolderIdentity(null);
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setRenewTime(ZonedDateTime.now().truncatedTo(ChronoUnit.MICROS));
            resource.lockResourceVersion(lease.getMetadata().getResourceVersion())
                    .replace(lease);
            LOG.infof(
                    "Released the leader Lease %s/%s for a standby to take over",
                    held.lease().namespace(), held.lease().name());
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "Could not release the leader Lease %s/%s (a standby takes it over when it expires): %s",
                    held.lease().namespace(), held.lease().name(), e.getMessage());
        }
    }
}
