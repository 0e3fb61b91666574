package io.ipamoperator.api.capi.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressClaimSpec {

    /** Name of the owning Cluster in the claim's namespace. */
    @Size(min = 1, max = 63)
    public String clusterName;

    @Required
    public IPPoolReference poolRef;
}
