package io.ipamoperator.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.pool.IPPoolSpec;
import io.ipamoperator.api.pool.IPPools;
import io.ipamoperator.api.pool.v1alpha1.IPPoolV1Alpha1;
import io.ipamoperator.api.pool.v1alpha1.SpecConversion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts one IP pool object between v1alpha1 and v1alpha2. The source's spec rides along in the annotation
 * {@value #DATA_ANNOTATION} (the name CAPI's conversions use): up-converted objects carry their v1alpha1 spec with
 * the defaults its {@code subnet} implies, as the provider keeps it, so reading them back in v1alpha1 gives what was
 * written plus {@code start}, {@code end} and {@code prefix} (unless the pool was changed since in a way v1alpha1
 * sees); down-converted objects carry their v1alpha2 spec, so a v1alpha1 update keeps
 * {@code excludedAddresses}, {@code allocateReservedIPAddresses} and {@code addressReuseGracePeriodSeconds}.
 */
public final class PoolConversion {

    public static final String DATA_ANNOTATION = "cluster.x-k8s.io/conversion-data";
    static final String V1ALPHA1 = CapiNames.IPAM_GROUP + "/" + IPPoolV1Alpha1.VERSION;
    static final String V1ALPHA2 = CapiNames.IPAM_GROUP + "/" + IPPools.VERSION;

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
        io.ipamoperator.api.pool.v1alpha1.IPPoolSpec defaulted =
                SpecConversion.defaulted(spec(object, io.ipamoperator.api.pool.v1alpha1.IPPoolSpec.class));
        IPPoolSpec hub = SpecConversion.up(defaulted);
        JsonNode data = data(object);
        if (V1ALPHA2.equals(data.path("apiVersion").asText())) {
            SpecConversion.restoreV1Alpha2Fields(serialization.convertValue(data.path("spec"), IPPoolSpec.class), hub);
        }
        // the spec as defaulted, as the provider keeps it: read back in v1alpha1 it shows start, end and prefix
        return rewrite(object, V1ALPHA2, hub, V1ALPHA1, defaulted);
    }

    private ObjectNode down(ObjectNode object) {
        IPPoolSpec hub = spec(object, IPPoolSpec.class);
        io.ipamoperator.api.pool.v1alpha1.IPPoolSpec spoke = SpecConversion.down(hub);
        JsonNode data = data(object);
        if (V1ALPHA1.equals(data.path("apiVersion").asText())) {
            io.ipamoperator.api.pool.v1alpha1.IPPoolSpec written =
                    serialization.convertValue(data.path("spec"), io.ipamoperator.api.pool.v1alpha1.IPPoolSpec.class);
            io.ipamoperator.api.pool.v1alpha1.IPPoolSpec defaulted = SpecConversion.defaulted(written);
            if (SpecConversion.sameInV1Alpha1(SpecConversion.up(defaulted), hub)) {
                // defaulted again: an annotation written before the defaults were kept gives the same answer
                spoke = defaulted;
            }
        }
        return rewrite(object, V1ALPHA1, spoke, V1ALPHA2, hub);
    }

    private ObjectNode rewrite(
            ObjectNode object, String apiVersion, Object spec, String sourceVersion, Object sourceSpec) {
        ObjectNode result = object.deepCopy();
        result.put("apiVersion", apiVersion);
        result.set("spec", serialization.convertValue(spec, JsonNode.class));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("apiVersion", sourceVersion);
        data.put("spec", sourceSpec);
        ObjectNode metadata = result.with("metadata");
        metadata.with("annotations").put(DATA_ANNOTATION, serialization.asJson(data));
        return result;
    }

    private <T> T spec(ObjectNode object, Class<T> type) {
        JsonNode spec = object.path("spec");
        try {
            return spec.isObject()
                    ? serialization.convertValue(spec, type)
                    : type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode data(ObjectNode object) {
        JsonNode annotation = object.path("metadata").path("annotations").path(DATA_ANNOTATION);
        if (!annotation.isTextual()) {
            return serialization.convertValue(Map.of(), JsonNode.class);
        }
        try {
            return serialization.unmarshal(annotation.asText(), JsonNode.class);
        } catch (RuntimeException e) {
            return serialization.convertValue(Map.of(), JsonNode.class); // not ours: convert without it
        }
    }
}
