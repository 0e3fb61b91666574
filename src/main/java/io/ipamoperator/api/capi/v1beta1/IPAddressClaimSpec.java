package io.ipamoperator.api.capi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.ipamoperator.api.capi.PoolReference;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressClaimSpec {

    /** Name of the owning Cluster in the claim's namespace (optional; the cluster-name label is the older way). */
    public String clusterName;

    @Required
    public PoolReference poolRef;
}
