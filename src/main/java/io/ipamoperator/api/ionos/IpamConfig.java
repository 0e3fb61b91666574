package io.ipamoperator.api.ionos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.ipamoperator.api.capi.PoolReference;

/** The pool references of one NIC, inlined in the machine spec (primary NIC) and in each additional network. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpamConfig {

    @JsonPropertyDescription("Pool the NIC's IPv4 address is claimed from.")
    @ValidationRule(
            value = "self.apiGroup == 'ipam.cluster.x-k8s.io'",
            message = "ipv4PoolRef allows only IPAMConfig apiGroup ipam.cluster.x-k8s.io")
    @ValidationRule(
            value = "self.kind == 'InClusterIPPool' || self.kind == 'GlobalInClusterIPPool'",
            message = "ipv4PoolRef allows either InClusterIPPool or GlobalInClusterIPPool")
    @ValidationRule(value = "self.name != ''", message = "ipv4PoolRef.name is required")
    public PoolReference ipv4PoolRef;

    @JsonPropertyDescription("Pool the NIC's IPv6 address is claimed from.")
    @ValidationRule(
            value = "self.apiGroup == 'ipam.cluster.x-k8s.io'",
            message = "ipv6PoolRef allows only IPAMConfig apiGroup ipam.cluster.x-k8s.io")
    @ValidationRule(
            value = "self.kind == 'InClusterIPPool' || self.kind == 'GlobalInClusterIPPool'",
            message = "ipv6PoolRef allows either InClusterIPPool or GlobalInClusterIPPool")
    @ValidationRule(value = "self.name != ''", message = "ipv6PoolRef.name is required")
    public PoolReference ipv6PoolRef;
}
