package io.ipamoperator.claim;

import io.ipamoperator.identity.ClusterApi;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.AddressIndex;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Registers the claim reconciler for the contract version the cluster serves: v1beta2 when served (CAPI v1.11+),
 * else v1beta1 (CAPI up to v1.10). Both reconcilers are {@code @Vetoed} so the framework does not register both;
 * this runs before the operator starts.
 */
@ApplicationScoped
public class ClaimControllers {

    private static final Logger LOG = Logger.getLogger(ClaimControllers.class);

    private final IpamContract contract;
    private final ClaimReconciler.Collaborators collaborators;

    @Inject
    public ClaimControllers(
            IpamContract contract,
            ClaimLifecycle lifecycle,
            AddressIndex index,
            ClaimWaits waits,
            LiveClaims liveClaims,
            ClusterApi clusterApi,
            StatusEchoes echoes,
            Clock clock) {
        this.contract = contract;
        this.collaborators =
                new ClaimReconciler.Collaborators(lifecycle, index, waits, liveClaims, clusterApi, echoes, clock);
    }

    void register(@Observes @Priority(10) StartupEvent startup, Operator operator) {
        if (contract == IpamContract.V1BETA2) {
            operator.register(new V1Beta2ClaimReconciler(collaborators));
        } else {
            operator.register(new V1Beta1ClaimReconciler(collaborators));
        }
        LOG.infof("Serving IPAddressClaims of %s", contract.apiVersion());
    }
}
