package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Spec of {@link InClusterPrefixPool} and {@link GlobalInClusterPrefixPool} (v1alpha2, IPv6 only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrefixPoolSpec {

    @Required
    @Size(max = IPPoolSpec.MAX_ENTRIES)
    @JsonPropertyDescription(
            "IPv6 aggregates (network-aligned CIDRs) to carve sub-prefixes from (at most 4096, each at most 128 characters).")
    public List<@Size(max = IPPoolSpec.MAX_ENTRY_LENGTH) String> prefixes;

    @Default("64")
    @Min(1)
    @Max(128)
    @ValidationRule(value = "self == oldSelf", message = "spec.allocationPrefixLength is immutable")
    @JsonPropertyDescription("Length of each allocated sub-prefix (default 64); immutable once the pool exists.")
    public Integer allocationPrefixLength;

    @Size(max = IPPoolSpec.MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription("IPv6 gateway copied to every allocated IPAddress (informational, blocks nothing).")
    public String gateway;

    @Size(max = IPPoolSpec.MAX_ENTRIES)
    @JsonPropertyDescription(
            "Addresses, ranges or CIDRs; a sub-prefix overlapping any of them is never allocated (at most 4096 entries, each at most 128 characters).")
    public List<@Size(max = IPPoolSpec.MAX_ENTRY_LENGTH) String> excludedPrefixes;
}
