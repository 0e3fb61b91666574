package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Spec of {@link InClusterIPPool} and {@link GlobalInClusterIPPool} (v1alpha2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPPoolSpec {

    @Required
    @JsonPropertyDescription(
            "Addresses that may be allocated: single IPs, ranges (A-B) and CIDRs, all of one IP family.")
    public List<String> addresses;

    @Required
    @Min(0)
    @Max(128)
    @JsonPropertyDescription(
            "Prefix length written to every allocated IPAddress; with the lowest address it defines the pool's subnet.")
    public int prefix;

    @JsonPropertyDescription("Gateway written to every allocated IPAddress; never allocated itself.")
    public String gateway;

    @JsonPropertyDescription("Allow allocating the subnet's network address (and, for IPv4, its broadcast address).")
    public Boolean allocateReservedIPAddresses;

    @JsonPropertyDescription("Addresses that are never allocated: single IPs, ranges (A-B) and CIDRs.")
    public List<String> excludedAddresses;

    @Min(0)
    @JsonPropertyDescription("Seconds an address stays reserved after its claim was deleted before it can be reused.")
    public Integer addressReuseGracePeriodSeconds;

    public IPPoolSpec() {}

    public IPPoolSpec(List<String> addresses, int prefix, String gateway) {
        this.addresses = addresses;
        this.prefix = prefix;
        this.gateway = gateway;
    }
}
