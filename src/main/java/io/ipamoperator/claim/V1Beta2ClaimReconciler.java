package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimStatus;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Claims in the v1beta2 contract (CAPI v1.11+). Registered by {@link ClaimControllers} when v1beta2 is served. */
@Vetoed
@ControllerConfiguration(
        name = "ipaddressclaim-v1beta2",
        finalizerName = CapiNames.RELEASE_ADDRESS_FINALIZER,
        generationAwareEventProcessing = false,
        informer = @Informer(genericFilter = V1Beta2ClaimReconciler.Ours.class))
public class V1Beta2ClaimReconciler extends ClaimReconciler<IPAddressClaim> {

    private final Clock clock = Clock.systemUTC();

    public V1Beta2ClaimReconciler(ClaimControllers.Dependencies dependencies) {
        super(dependencies);
    }

    /** Claims of our pools only. */
    public static class Ours extends OurPoolFilter<IPAddressClaim> {
        public Ours() {
            super(claim -> claim.getSpec() == null ? null : claim.getSpec().poolRef);
        }
    }

    @Override
    protected boolean ours(IPAddressClaim claim) {
        return new Ours().accept(claim);
    }

    @Override
    protected ClaimView view(IPAddressClaim claim) {
        var metadata = claim.getMetadata();
        var status = claim.getStatus();
        Condition ready = status == null ? null : Conditions.find(status.conditions, CapiNames.READY_CONDITION);
        return new ClaimView(
                claim.getApiVersion(),
                metadata.getNamespace(),
                metadata.getName(),
                metadata.getUid(),
                metadata.getLabels(),
                metadata.getAnnotations(),
                instant(metadata.getCreationTimestamp()),
                metadata.getDeletionTimestamp() == null ? null : Instant.parse(metadata.getDeletionTimestamp()),
                ClaimView.clusterName(claim.getSpec().clusterName, metadata.getLabels()),
                claim.getSpec().poolRef.apiGroup,
                claim.getSpec().poolRef.kind,
                claim.getSpec().poolRef.name,
                Optional.ofNullable(status == null || status.addressRef == null ? null : status.addressRef.name),
                ready == null
                        ? null
                        : new ReadyCondition(
                                Conditions.TRUE.equals(ready.getStatus()), ready.getReason(), ready.getMessage()));
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
                clock);
        patch.setStatus(status);
        return patch;
    }
}
