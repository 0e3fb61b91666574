package io.ipamoperator.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.GlobalInClusterPrefixPool;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Build-time step of the CRD generation (configured as {@code quarkus.operator-sdk.crd.post-processor}) that adds
 * what the generator of fabric8 7.4 cannot: the kind-level description {@code kubectl explain <kind>} shows, taken
 * from each pool class's {@link JsonClassDescription}, descriptions for the fields of a pool's {@code
 * status.conditions[]}, whose type is fabric8's undocumented {@code Condition}, and the label {@value
 * #MOVE_HIERARCHY_LABEL}: {@code clusterctl move} then moves every pool together with the IPAddresses it owns
 * (in-cluster provider issues 207, 212 and 262).
 *
 * <p>Written by hand because the generator has no annotation for it (fabric8 kubernetes-client issue 7375). This
 * class is not part of the packaged operator (it is left out of the jar); it only runs inside the build.
 */
public class PoolCrdPostProcessor implements CRDPostProcessor {

    static final String MOVE_HIERARCHY_LABEL = "clusterctl.cluster.x-k8s.io/move-hierarchy";

    private static final List<Class<? extends HasMetadata>> POOL_KINDS = List.of(
            InClusterIPPool.class,
            GlobalInClusterIPPool.class,
            InClusterPrefixPool.class,
            GlobalInClusterPrefixPool.class,
            io.ipamoperator.api.pool.v1alpha1.InClusterIPPool.class,
            io.ipamoperator.api.pool.v1alpha1.GlobalInClusterIPPool.class);

    private static final Map<String, String> CONDITION_FIELDS = Map.of(
            "type", "Type of the condition, for example Ready.",
            "status", "Status of the condition: True, False or Unknown.",
            "reason", "Machine-readable reason for the condition's last transition, in CamelCase.",
            "message", "Human-readable message with details about the last transition.",
            "lastTransitionTime", "When the condition last changed from one status to another (RFC 3339).",
            "observedGeneration", "The pool's metadata.generation the condition was computed from.");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            if (isPool(definition)) {
                definition.getMetadata().setLabels(Map.of(MOVE_HIERARCHY_LABEL, ""));
            }
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
                kindDescription(definition, version.getName()).ifPresent(description -> {
                    schema.setDescription(description);
                    describeConditions(schema);
                });
            }
        }
        return crd;
    }

    private static boolean isPool(CustomResourceDefinition crd) {
        return POOL_KINDS.stream()
                .anyMatch(kind -> HasMetadata.getKind(kind)
                                .equals(crd.getSpec().getNames().getKind())
                        && HasMetadata.getGroup(kind).equals(crd.getSpec().getGroup()));
    }

    private static Optional<String> kindDescription(CustomResourceDefinition crd, String version) {
        return POOL_KINDS.stream()
                .filter(kind -> HasMetadata.getKind(kind)
                        .equals(crd.getSpec().getNames().getKind()))
                .filter(kind ->
                        HasMetadata.getApiVersion(kind).equals(crd.getSpec().getGroup() + "/" + version))
                .findFirst()
                .map(kind -> kind.getAnnotation(JsonClassDescription.class))
                .map(JsonClassDescription::value);
    }

    private static void describeConditions(JSONSchemaProps schema) {
        Optional.ofNullable(schema.getProperties())
                .map(root -> root.get("status"))
                .map(JSONSchemaProps::getProperties)
                .map(status -> status.get("conditions"))
                .map(conditions -> conditions.getItems().getSchema())
                .ifPresent(condition -> {
                    condition.setDescription("A condition of the pool, as in Kubernetes' metav1.Condition.");
                    condition.getProperties().forEach((field, props) -> {
                        if (props.getDescription() == null) {
                            props.setDescription(CONDITION_FIELDS.get(field));
                        }
                    });
                });
    }
}
