package io.ipamoperator.api.capi.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.ipamoperator.api.capi.LocalReference;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressSpec {

    @Required
    public LocalReference claimRef;

    @Required
    public IPPoolReference poolRef;

    @Required
    @Size(min = 1, max = 39)
    public String address;

    @Required
    @Min(0)
    @Max(128)
    public Integer prefix;

    @Size(min = 1, max = 39)
    public String gateway;
}
