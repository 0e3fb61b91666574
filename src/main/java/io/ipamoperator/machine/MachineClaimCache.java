package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.ipamoperator.runtime.CacheWithoutManagedFields;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * The IonosCloudMachine controller's claim cache: it keeps whole only the claims an IonosCloudMachine controls (the
 * ones this controller creates and reads); of every other claim it keeps the name alone — all the machine needs to
 * know of it is that it exists (a claim of the name it would create that is not its own is a name collision). The
 * informer still sees every claim (a field selector cannot select by owner, and the claims carry no label of their
 * own: they are created as the IONOS provider creates them), but another consumer's claim is cached whole once, by
 * the claim controller, not twice (a generic claim cost ~3.5 KB of heap, bench/RESULTS.md).
 *
 * <p>The framework's transforming store, so that, not being a full-state store, the informer hands out each added
 * object as it arrived rather than from here.
 */
final class MachineClaimCache extends TransformingItemStore<GenericKubernetesResource> {

    MachineClaimCache() {
        super(claim -> MachineClaims.controller(claim).isPresent()
                ? CacheWithoutManagedFields.withoutManagedFields(claim)
                : nameOnly(claim));
    }

    private static GenericKubernetesResource nameOnly(GenericKubernetesResource claim) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(claim.getMetadata().getNamespace());
        metadata.setName(claim.getMetadata().getName());
        metadata.setResourceVersion(claim.getMetadata().getResourceVersion());
        GenericKubernetesResource stub = new GenericKubernetesResource();
        stub.setApiVersion(claim.getApiVersion());
        stub.setKind(claim.getKind());
        stub.setMetadata(metadata);
        return stub;
    }
}
