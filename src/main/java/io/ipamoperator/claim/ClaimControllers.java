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
    private final ClaimLifecycle lifecycle;
    private final AddressIndex index;
    private final ClaimWaits waits;
    private final LiveClaims liveClaims;
    private final ClusterApi clusterApi;
    private final Clock clock;

    @Inject
    public ClaimControllers(
            IpamContract contract,
            ClaimLifecycle lifecycle,
            AddressIndex index,
            ClaimWaits waits,
            LiveClaims liveClaims,
            ClusterApi clusterApi,
            Clock clock) {
        this.contract = contract;
        this.lifecycle = lifecycle;
        this.index = index;
        this.waits = waits;
        this.liveClaims = liveClaims;
        this.clusterApi = clusterApi;
        this.clock = clock;
    }

    void register(@Observes @Priority(10) StartupEvent startup, Operator operator) {
        if (contract == IpamContract.V1BETA2) {
            operator.register(new V1Beta2ClaimReconciler(lifecycle, index, waits, liveClaims, clusterApi, clock));
        } else {
            operator.register(new V1Beta1ClaimReconciler(lifecycle, index, waits, liveClaims, clusterApi, clock));
        }
        LOG.infof("Serving IPAddressClaims of %s", contract.apiVersion());
    }
}
