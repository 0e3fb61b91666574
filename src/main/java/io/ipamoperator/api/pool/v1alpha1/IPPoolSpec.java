package io.ipamoperator.api.pool.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Spec of the v1alpha1 {@code InClusterIPPool} and {@code GlobalInClusterIPPool} (deprecated). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPPoolSpec {

    @Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ENTRIES)
    @JsonPropertyDescription("Addresses to allocate from: single IPs, ranges (a-b) or CIDRs.")
    public List<@Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ENTRY_LENGTH) String> addresses;

    @Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription(
            "Subnet (CIDR) to allocate from; start and end default to its second and second-to-last address.")
    public String subnet;

    @Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription("First address of the range to allocate from.")
    public String start;

    @Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription("Last address of the range to allocate from.")
    public String end;

    @Max(128)
    @JsonPropertyDescription("Prefix length written to every allocated IPAddress; defaults to the subnet's.")
    public Integer prefix;

    @Size(max = io.ipamoperator.api.pool.IPPoolSpec.MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription("Gateway written to every allocated IPAddress.")
    public String gateway;
}
