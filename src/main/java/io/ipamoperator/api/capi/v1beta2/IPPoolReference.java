package io.ipamoperator.api.capi.v1beta2;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.ipamoperator.api.capi.PoolRefFields;

/** v1beta2 {@code spec.poolRef}: group, kind and name are all required. */
public class IPPoolReference implements PoolRefFields {

    @Required
    @Size(min = 1, max = 253)
    public String apiGroup;

    @Required
    @Size(min = 1, max = 63)
    public String kind;

    @Required
    @Size(min = 1, max = 253)
    public String name;

    public IPPoolReference() {}

    public IPPoolReference(String apiGroup, String kind, String name) {
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
