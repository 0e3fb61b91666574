package io.ipamoperator.api.capi;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Cluster.status}: not read by this operator, kept as it came. */
@PreserveUnknownFields
public class ClusterStatus {

    @JsonIgnore
    private final Map<String, Object> fields = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> fields() {
        return fields;
    }

    @JsonAnySetter
    public void field(String name, Object value) {
        fields.put(name, value);
    }
}
