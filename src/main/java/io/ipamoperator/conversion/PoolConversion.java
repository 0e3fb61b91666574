package io.ipamoperator.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.v1alpha1.IPPoolV1Alpha1;
import io.ipamoperator.api.pool.v1alpha1.SpecConversion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts one IP pool object between v1alpha1 and v1alpha2. The source's spec rides along in the annotation
 * {@value #DATA_ANNOTATION} (the name CAPI's conversions use): up-converted objects carry their v1alpha1 spec with
 * the defaults its {@code subnet} implies, as the provider keeps it, so reading them back in v1alpha1 gives what was
 * written plus {@code start}, {@code end} and {@code prefix} (unless the pool was changed since in a way v1alpha1
 * sees); down-converted objects carry their v1alpha2 spec, so a v1alpha1 update keeps
 * {@code excludedAddresses}, {@code allocateReservedIPAddresses} and {@code addressReuseGracePeriodSeconds}.
 *
 * <p>A spec field our model does not have (one a newer CRD added, before this operator is upgraded) is not dropped:
 * it rides along in the annotation too and comes back on the way up, so a v1alpha1 read and update keeps it. The
 * other version does not show it (what it means there is the newer operator's to say).
 */
public final class PoolConversion {

    public static final String DATA_ANNOTATION = "cluster.x-k8s.io/conversion-data";
    static final String V1ALPHA1 = CapiNames.IPAM_GROUP + "/" + IPPoolV1Alpha1.VERSION;
    static final String V1ALPHA2 = CapiNames.IPAM_GROUP + "/" + IPPools.VERSION;

    private static final Set<String> V1ALPHA1_FIELDS = properties(io.ipamoperator.api.pool.v1alpha1.IPPoolSpec.class);
    private static final Set<String> V1ALPHA2_FIELDS = properties(IPPoolSpec.class);

    private final KubernetesSerialization serialization;

    public PoolConversion(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /** {@code object} in {@code desiredApiVersion}; unchanged when it is in that version already. */
    public ObjectNode convert(ObjectNode object, String desiredApiVersion) {
        String from = object.path("apiVersion").asText();
        if (from.equals(desiredApiVersion)) {
            return object;
        }
        if (from.equals(V1ALPHA1) && desiredApiVersion.equals(V1ALPHA2)) {
            return up(object);
        }
        if (from.equals(V1ALPHA2) && desiredApiVersion.equals(V1ALPHA1)) {
            return down(object);
        }
        throw new IllegalArgumentException("cannot convert " + from + " to " + desiredApiVersion);
    }

    private ObjectNode up(ObjectNode object) {
        JsonNode written = object.path("spec");
        io.ipamoperator.api.pool.v1alpha1.IPPoolSpec defaulted = SpecConversion.defaulted(
                known(written, V1ALPHA1_FIELDS, io.ipamoperator.api.pool.v1alpha1.IPPoolSpec.class));
        IPPoolSpec hub = SpecConversion.up(defaulted);
        ObjectNode hubUnknown = JsonNodeFactory.instance.objectNode();
        JsonNode data = data(object);
        if (V1ALPHA2.equals(data.path("apiVersion").asText())) {
            JsonNode kept = data.path("spec");
            SpecConversion.restoreV1Alpha2Fields(known(kept, V1ALPHA2_FIELDS, IPPoolSpec.class), hub);
            hubUnknown = unknown(kept, V1ALPHA2_FIELDS);
        }
        // the spec as defaulted, as the provider keeps it: read back in v1alpha1 it shows start, end and prefix
        return rewrite(
                object, V1ALPHA2, with(hub, hubUnknown), V1ALPHA1, with(defaulted, unknown(written, V1ALPHA1_FIELDS)));
    }

    private ObjectNode down(ObjectNode object) {
        JsonNode stored = object.path("spec");
        IPPoolSpec hub = known(stored, V1ALPHA2_FIELDS, IPPoolSpec.class);
        ObjectNode spoke = with(SpecConversion.down(hub), JsonNodeFactory.instance.objectNode());
        JsonNode data = data(object);
        if (V1ALPHA1.equals(data.path("apiVersion").asText())) {
            JsonNode kept = data.path("spec");
            io.ipamoperator.api.pool.v1alpha1.IPPoolSpec defaulted = SpecConversion.defaulted(
                    known(kept, V1ALPHA1_FIELDS, io.ipamoperator.api.pool.v1alpha1.IPPoolSpec.class));
            if (SpecConversion.sameInV1Alpha1(SpecConversion.up(defaulted), hub)) {
                // defaulted again: an annotation written before the defaults were kept gives the same answer
                spoke = with(defaulted, unknown(kept, V1ALPHA1_FIELDS));
            }
        }
        return rewrite(object, V1ALPHA1, spoke, V1ALPHA2, with(hub, unknown(stored, V1ALPHA2_FIELDS)));
    }

    private ObjectNode rewrite(
            ObjectNode object, String apiVersion, ObjectNode spec, String sourceVersion, ObjectNode sourceSpec) {
        ObjectNode result = object.deepCopy();
        result.put("apiVersion", apiVersion);
        result.set("spec", spec);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("apiVersion", sourceVersion);
        data.put("spec", sourceSpec);
        ObjectNode metadata = result.with("metadata");
        metadata.with("annotations").put(DATA_ANNOTATION, serialization.asJson(data));
        return result;
    }

    /** The spec's fields our model has, read into it (a spec that is no object reads as an empty one). */
    private <T> T known(JsonNode spec, Set<String> fields, Class<T> type) {
        ObjectNode known = JsonNodeFactory.instance.objectNode();
        if (spec.isObject()) {
            spec.fields().forEachRemaining(field -> {
                if (fields.contains(field.getKey())) {
                    known.set(field.getKey(), field.getValue());
                }
            });
        }
        return serialization.convertValue(known, type);
    }

    /** The spec's fields our model does not have, as they are. */
    private static ObjectNode unknown(JsonNode spec, Set<String> fields) {
        ObjectNode unknown = JsonNodeFactory.instance.objectNode();
        if (spec.isObject()) {
            spec.fields().forEachRemaining(field -> {
                if (!fields.contains(field.getKey())) {
                    unknown.set(field.getKey(), field.getValue());
                }
            });
        }
        return unknown;
    }

    /** {@code spec} as JSON with {@code unknown} fields added after its own. */
    private ObjectNode with(Object spec, ObjectNode unknown) {
        ObjectNode json = serialization.convertValue(spec, ObjectNode.class);
        json.setAll(unknown);
        return json;
    }

    private JsonNode data(ObjectNode object) {
        JsonNode annotation = object.path("metadata").path("annotations").path(DATA_ANNOTATION);
        if (!annotation.isTextual()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return serialization.unmarshal(annotation.asText(), JsonNode.class);
        } catch (RuntimeException e) {
            return JsonNodeFactory.instance.objectNode(); // not ours: convert without it
        }
    }

    /** The JSON property names of a model class. */
    private static Set<String> properties(Class<?> type) {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.getSerializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}
