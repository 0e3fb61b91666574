package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta1.IPAddressClaimStatus;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
        informer = @Informer(genericFilter = V1Beta1ClaimReconciler.Ours.class))
public class V1Beta1ClaimReconciler extends ClaimReconciler<IPAddressClaim> {

    private final Clock clock = Clock.systemUTC();

    public V1Beta1ClaimReconciler(ClaimControllers.Dependencies dependencies) {
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
        V1Beta1Condition ready = status == null || status.conditions == null
                ? null
                : status.conditions.stream()
                        .filter(c -> CapiNames.READY_CONDITION.equals(c.type))
                        .findFirst()
                        .orElse(null);
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
                        : new ReadyCondition(Conditions.TRUE.equals(ready.status), ready.reason, ready.message));
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
        status.conditions = v1beta1Ready(current == null ? null : current.conditions, ready);
        List<Condition> newStyle = current == null || current.v1beta2 == null ? null : current.v1beta2.conditions;
        status.v1beta2 = new IPAddressClaimStatus.V1Beta2();
        status.v1beta2.conditions = Conditions.set(
                newStyle,
                CapiNames.READY_CONDITION,
                ready.status(),
                ready.reason(),
                ready.message(),
                claim.getMetadata().getGeneration(),
                clock);
        patch.setStatus(status);
        return patch;
    }

    private List<V1Beta1Condition> v1beta1Ready(List<V1Beta1Condition> existing, ReadyCondition ready) {
        List<V1Beta1Condition> result = new ArrayList<>();
        V1Beta1Condition previous = null;
        for (V1Beta1Condition condition : existing == null ? List.<V1Beta1Condition>of() : existing) {
            if (CapiNames.READY_CONDITION.equals(condition.type)) {
                previous = condition;
            } else {
                result.add(condition);
            }
        }
        V1Beta1Condition condition = new V1Beta1Condition();
        condition.type = CapiNames.READY_CONDITION;
        condition.status = ready.status() ? Conditions.TRUE : Conditions.FALSE;
        condition.severity = ready.status()
                ? null
                : CapiNames.REASON_POOL_EXHAUSTED.equals(ready.reason())
                                || CapiNames.REASON_ALLOCATION_FAILED.equals(ready.reason())
                        ? "Warning"
                        : "Info";
        condition.reason = ready.status() ? null : ready.reason();
        condition.message = ready.status() ? null : ready.message();
        condition.lastTransitionTime = previous != null && condition.status.equals(previous.status)
                ? previous.lastTransitionTime
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        result.add(condition);
        return result;
    }
}
