package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.PoolRefFields;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaimStatus;
import io.ipamoperator.runtime.InformerPaging;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import jakarta.enterprise.inject.Vetoed;
import java.util.List;
import java.util.Optional;

/**
 * Claims in the v1beta1 contract (CAPI up to v1.10). Registered by {@link ClaimControllers} when v1beta2 is not
 * served. {@code Ready} is written both as a CAPI v1beta1 condition ({@code status.conditions}, with severity) and
 * as a new-style condition ({@code status.v1beta2.conditions}), as CAPI v1.10 does.
 */
@Vetoed
@ControllerConfiguration(
        name = "ipaddressclaim-v1beta1",
        finalizerName = CapiNames.RELEASE_ADDRESS_FINALIZER,
        generationAwareEventProcessing = false,
        informer =
                @Informer(
                        genericFilter = V1Beta1ClaimReconciler.Ours.class,
                        onUpdateFilter = V1Beta1ClaimReconciler.NotOwnStatusEcho.class,
                        itemStore = ClaimStore.class,
                        informerListLimit = InformerPaging.LIST_LIMIT))
public class V1Beta1ClaimReconciler extends ClaimReconciler<IPAddressClaim> {

    public V1Beta1ClaimReconciler(Collaborators collaborators) {
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
            super(V1Beta1ClaimReconciler::addressRefOf, V1Beta1ClaimReconciler::readyOf);
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
        var status = claim.getStatus();
        V1Beta1Condition ready = status == null || status.conditions == null
                ? null
                : status.conditions.stream()
                        .filter(c -> CapiNames.READY_CONDITION.equals(c.type))
                        .findFirst()
                        .orElse(null);
        return ready == null
                ? null
                : new ReadyCondition(Conditions.TRUE.equals(ready.status), ready.reason, ready.message);
    }

    @Override
    protected IPAddressClaim statusPatch(IPAddressClaim claim, ClaimDecision decision) {
        IPAddressClaim patch = new IPAddressClaim();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(claim.getMetadata().getName())
                .withNamespace(claim.getMetadata().getNamespace())
                .build());
        IPAddressClaimStatus current = claim.getStatus();
        IPAddressClaimStatus status = new IPAddressClaimStatus();
        status.addressRef = decision.addressRef().map(LocalReference::new).orElse(null);
        ReadyCondition ready = decision.ready();
        boolean warning = CapiNames.REASON_POOL_EXHAUSTED.equals(ready.reason())
                || CapiNames.REASON_ALLOCATION_FAILED.equals(ready.reason());
        status.conditions = Conditions.setV1Beta1(
                current == null ? null : current.conditions,
                CapiNames.READY_CONDITION,
                ready.status(),
                ready.reason(),
                ready.message(),
                warning ? "Warning" : "Info",
                clock.instant());
        List<Condition> newStyle = current == null || current.v1beta2 == null ? null : current.v1beta2.conditions;
        status.v1beta2 = new IPAddressClaimStatus.V1Beta2();
        status.v1beta2.conditions = Conditions.set(
                newStyle,
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
