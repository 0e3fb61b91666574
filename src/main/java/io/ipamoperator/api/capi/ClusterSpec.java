package io.ipamoperator.api.capi;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Cluster.spec}: {@code paused} is read; everything else is kept as it came. */
@PreserveUnknownFields
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterSpec {

    /** While true, no controller acts on the cluster's objects. */
    public Boolean paused;

    @JsonIgnore
    private final Map<String, Object> otherFields = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    @JsonAnySetter
    public void otherField(String name, Object value) {
        otherFields.put(name, value);
    }
}
