package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.ClusterApi;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ClaimDirectory;
import io.ipamoperator.runtime.WaitRetry;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Registers the IonosCloudMachine reconciler when it is enabled ({@code ipam.ionoscloudmachine.enabled}, default
 * true) and the cluster serves {@code ionoscloudmachines.infrastructure.cluster.x-k8s.io/v1alpha1}. Turn it off
 * where the IONOS infrastructure provider should manage the machines' claims alone and this operator only serves
 * them as IPAM provider.
 */
@ApplicationScoped
public class MachineControllers {

    private static final Logger LOG = Logger.getLogger(MachineControllers.class);
    private static final String API_VERSION = "infrastructure.cluster.x-k8s.io/v1alpha1";

    private final boolean enabled;
    private final KubernetesClient client;
    private final MachineClaims claims;
    private final AddressIndex index;
    private final IpamContract contract;
    private final ClusterApi clusterApi;
    private final EventRecorder events;
    private final ClaimDirectory cachedClaims;
    private final Clock clock;
    private final Duration waitRetry;

    @Inject
    public MachineControllers(
            @ConfigProperty(name = "ipam.ionoscloudmachine.enabled", defaultValue = "true") boolean enabled,
            KubernetesClient client,
            MachineClaims claims,
            AddressIndex index,
            IpamContract contract,
            ClusterApi clusterApi,
            EventRecorder events,
            ClaimDirectory cachedClaims,
            Clock clock,
            WaitRetry waitRetry) {
        this.enabled = enabled;
        this.client = client;
        this.claims = claims;
        this.index = index;
        this.contract = contract;
        this.clusterApi = clusterApi;
        this.events = events;
        this.cachedClaims = cachedClaims;
        this.clock = clock;
        this.waitRetry = waitRetry.after();
    }

    void register(@Observes @Priority(11) StartupEvent startup, Operator operator) {
        if (!enabled) {
            LOG.info("The IonosCloudMachine reconciler is disabled (ipam.ionoscloudmachine.enabled=false)");
            return;
        }
        APIResourceList resources = client.getApiResources(API_VERSION);
        if (resources == null
                || resources.getResources().stream().noneMatch(r -> r.getName().equals("ionoscloudmachines"))) {
            LOG.infof("%s IonosCloudMachine is not served: its reconciler is not started", API_VERSION);
            return;
        }
        operator.register(new IonosCloudMachineReconciler(
                claims, index, events, contract, clusterApi, cachedClaims, clock, waitRetry));
    }
}
