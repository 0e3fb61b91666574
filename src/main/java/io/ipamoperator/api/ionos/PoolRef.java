package io.ipamoperator.api.ionos;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A core {@code TypedLocalObjectReference} naming an IP pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolRef {

    public String apiGroup;

    @Required
    public String kind;

    @Required
    public String name;

    public PoolRef() {}

    public PoolRef(String apiGroup, String kind, String name) {
        this.apiGroup = apiGroup;
        this.kind = kind;
        this.name = name;
    }
}
