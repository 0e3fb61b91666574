package io.ipamoperator.claim;

import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.ClusterCache;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Registers the claim reconciler for the contract version the cluster serves: v1beta2 when served (CAPI v1.11+),
 * else v1beta1 (CAPI up to v1.10). Both reconcilers are {@code @Vetoed} so the framework does not register both;
 * this runs before the operator starts.
 */
@ApplicationScoped
public class ClaimControllers {

    private static final Logger LOG = Logger.getLogger(ClaimControllers.class);

    @Inject
    IpamContract contract;

    @Inject
    ClaimLifecycle lifecycle;

    @Inject
    AddressIndex index;

    @Inject
    ClusterCache clusters;

    @Inject
    ClaimWaits waits;

    @Inject
    LiveClaims liveClaims;

    /** What a claim reconciler needs; passed by hand because the reconcilers are not CDI beans. */
    public record Dependencies(
            ClaimLifecycle lifecycle,
            AddressIndex index,
            ClusterCache clusters,
            ClaimWaits waits,
            LiveClaims liveClaims) {}

    void register(@Observes @Priority(10) StartupEvent startup, Operator operator) {
        Dependencies dependencies = new Dependencies(lifecycle, index, clusters, waits, liveClaims);
        if (contract == IpamContract.V1BETA2) {
            operator.register(new V1Beta2ClaimReconciler(dependencies));
        } else {
            operator.register(new V1Beta1ClaimReconciler(dependencies));
        }
        LOG.infof("Serving IPAddressClaims of %s", contract.apiVersion());
    }
}
