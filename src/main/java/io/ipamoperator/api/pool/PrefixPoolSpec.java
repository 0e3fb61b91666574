package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Spec of {@link InClusterPrefixPool} and {@link GlobalInClusterPrefixPool} (v1alpha2, IPv6 only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrefixPoolSpec {

    @Required
    @JsonPropertyDescription("IPv6 aggregates (network-aligned CIDRs) to carve sub-prefixes from.")
    public List<String> prefixes;

    @Default("64")
    @Min(1)
    @Max(128)
    @JsonPropertyDescription("Length of each allocated sub-prefix; immutable.")
    public Integer allocationPrefixLength;

    @JsonPropertyDescription("IPv6 gateway copied to every allocated IPAddress (informational, blocks nothing).")
    public String gateway;

    @JsonPropertyDescription("Addresses, ranges or CIDRs; a sub-prefix overlapping any of them is never allocated.")
    public List<String> excludedPrefixes;
}
