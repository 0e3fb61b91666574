package io.ipamoperator.api.capi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.PoolReference;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressSpec {

    @Required
    public LocalReference claimRef;

    @Required
    public PoolReference poolRef;

    @Required
    public String address;

    @Required
    public int prefix;

    public String gateway;
}
