package io.ipamoperator.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * {@code spec.poolRef} of claims and addresses. In v1beta2 all three fields are required; in v1beta1 (a
 * TypedLocalObjectReference) {@code apiGroup} may be missing, which the v1beta1 CRD variant allows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolReference implements PoolRefFields {

    public String apiGroup;

    @Required
    public String kind;

    @Required
    public String name;

    public PoolReference() {}

    public PoolReference(String apiGroup, String kind, String name) {
        this.apiGroup = apiGroup;
        this.kind = kind;
        this.name = name;
    }

    @Override
    public String apiGroup() {
        return apiGroup;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }
}
