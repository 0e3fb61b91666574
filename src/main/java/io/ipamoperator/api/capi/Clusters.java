package io.ipamoperator.api.capi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/** What the operator reads of a Cluster API {@code Cluster}, whichever version it was read in. */
public final class Clusters {

    private Clusters() {}

    /** Paused by {@code spec.paused} or by the {@code cluster.x-k8s.io/paused} annotation. */
    @SuppressWarnings("unchecked")
    public static boolean paused(GenericKubernetesResource cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        Map<String, Object> spec =
                (Map<String, Object>) cluster.getAdditionalProperties().getOrDefault("spec", Map.of());
        return Boolean.TRUE.equals(spec.get("paused"))
                || (annotations != null && annotations.containsKey(CapiNames.PAUSED_ANNOTATION));
    }
}
