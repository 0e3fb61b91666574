package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.PoolRefFields;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimStatus;
import io.ipamoperator.runtime.InformerPaging;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import jakarta.enterprise.inject.Vetoed;
import java.util.Optional;

/** Claims in the v1beta2 contract (CAPI v1.11+). Registered by {@link ClaimControllers} when v1beta2 is served. */
@Vetoed
@ControllerConfiguration(
        name = "ipaddressclaim-v1beta2",
        finalizerName = CapiNames.RELEASE_ADDRESS_FINALIZER,
        generationAwareEventProcessing = false,
        informer =
                @Informer(
                        genericFilter = V1Beta2ClaimReconciler.Ours.class,
                        onUpdateFilter = V1Beta2ClaimReconciler.NotOwnStatusEcho.class,
                        itemStore = ClaimStore.class,
                        informerListLimit = InformerPaging.LIST_LIMIT))
public class V1Beta2ClaimReconciler extends ClaimReconciler<IPAddressClaim> {

    public V1Beta2ClaimReconciler(Collaborators collaborators) {
        super(collaborators);
    }

    /** Claims of our pools only. */
    public static class Ours extends OurPoolFilter<IPAddressClaim> {
        public Ours() {
            super(claim -> claim.getSpec() == null ? null : claim.getSpec().poolRef);
        }
    }

    /** Every change of a claim but the echo of a status this process wrote. */
    public static class NotOwnStatusEcho extends OwnStatusEchoFilter<IPAddressClaim> {
        public NotOwnStatusEcho() {
            super(V1Beta2ClaimReconciler::addressRefOf, V1Beta2ClaimReconciler::readyOf);
        }
    }

    @Override
    protected PoolRefFields poolRef(IPAddressClaim claim) {
        return claim.getSpec() == null ? null : claim.getSpec().poolRef;
    }

    @Override
    protected String specClusterName(IPAddressClaim claim) {
        return claim.getSpec() == null ? null : claim.getSpec().clusterName;
    }

    @Override
    protected Optional<String> addressRef(IPAddressClaim claim) {
        return addressRefOf(claim);
    }

    @Override
    protected ReadyCondition ready(IPAddressClaim claim) {
        return readyOf(claim);
    }

    static Optional<String> addressRefOf(IPAddressClaim claim) {
        var status = claim.getStatus();
        return Optional.ofNullable(status == null || status.addressRef == null ? null : status.addressRef.name);
    }

    static ReadyCondition readyOf(IPAddressClaim claim) {
        Condition ready = claim.getStatus() == null
                ? null
                : Conditions.find(claim.getStatus().conditions, CapiNames.READY_CONDITION);
        return ready == null
                ? null
                : new ReadyCondition(Conditions.TRUE.equals(ready.getStatus()), ready.getReason(), ready.getMessage());
    }

    @Override
    protected IPAddressClaim statusPatch(IPAddressClaim claim, ClaimDecision decision) {
        IPAddressClaim patch = new IPAddressClaim();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(claim.getMetadata().getName())
                .withNamespace(claim.getMetadata().getNamespace())
                .build());
        IPAddressClaimStatus status = new IPAddressClaimStatus();
        status.addressRef = decision.addressRef().map(LocalReference::new).orElse(null);
        ReadyCondition ready = decision.ready();
        status.conditions = Conditions.set(
                claim.getStatus() == null ? null : claim.getStatus().conditions,
                CapiNames.READY_CONDITION,
                ready.status(),
                ready.reason(),
                ready.message(),
                claim.getMetadata().getGeneration(),
                clock.instant());
        patch.setStatus(status);
        return patch;
    }
}
