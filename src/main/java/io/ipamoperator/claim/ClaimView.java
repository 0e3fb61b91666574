package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.ipamoperator.api.capi.CapiNames;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the claim lifecycle reads of an {@code IPAddressClaim}, whichever contract version it came in.
 *
 * @param apiVersion the version the claim was read in (also the owner reference's apiVersion)
 * @param clusterName {@code spec.clusterName}, or the deprecated {@code cluster.x-k8s.io/cluster-name} label
 * @param creationTimestamp when the claim was created (null only for hand-made views)
 */
public record ClaimView(
        String apiVersion,
        String namespace,
        String name,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant creationTimestamp,
        Instant deletionTimestamp,
        Optional<String> clusterName,
        String poolApiGroup,
        String poolKind,
        String poolName,
        Optional<String> addressRef,
        ReadyCondition ready) {

    public ClaimView {
        labels = labels == null ? Map.of() : labels;
        annotations = annotations == null ? Map.of() : annotations;
    }

    static Optional<String> clusterName(String specClusterName, Map<String, String> labels) {
        if (specClusterName != null && !specClusterName.isEmpty()) {
            return Optional.of(specClusterName);
        }
        return Optional.ofNullable(labels == null ? null : labels.get(CapiNames.CLUSTER_NAME_LABEL));
    }

    public boolean deleting() {
        return deletionTimestamp != null;
    }

    public boolean paused() {
        return annotations.containsKey(CapiNames.PAUSED_ANNOTATION);
    }

    /** The value of the claim's {@code ipam.cluster.x-k8s.io/requested-address} annotation, if it has one. */
    public Optional<String> requestedAddress() {
        return Optional.ofNullable(annotations.get(CapiNames.REQUESTED_ADDRESS_ANNOTATION));
    }

    /** {@code namespace/name}: also the key of the claim's IPAddress, which has the claim's name. */
    public String key() {
        return key(namespace, name);
    }

    /** The {@link #key()} of the claim with this metadata. */
    static String key(ObjectMeta metadata) {
        return key(metadata.getNamespace(), metadata.getName());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return "IPAddressClaim " + key();
    }
}
