package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** Spec of {@link InClusterIPPool} and {@link GlobalInClusterIPPool} (v1alpha2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPPoolSpec {

    /**
     * Schema bounds, so that a spec the API server stores stays small to parse and cheap for CEL (the content of
     * each entry is checked by the operator's validation).
     */
    public static final int MAX_ENTRIES = 4096;

    public static final int MAX_ENTRY_LENGTH = 128;
    /** Longest textual IP address (an IPv6 address with an embedded IPv4 one) with room to spare. */
    public static final int MAX_ADDRESS_LENGTH = 64;

    @Required
    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "Addresses that may be allocated: single IPs, ranges (A-B) and CIDRs, all of one IP family (at most 4096 entries, each at most 128 characters).")
    public List<@Size(max = MAX_ENTRY_LENGTH) String> addresses;

    @Required
    @Min(0)
    @Max(128)
    @JsonPropertyDescription(
            "Prefix length written to every allocated IPAddress; with the lowest address it defines the pool's subnet.")
    public int prefix;

    @Size(max = MAX_ADDRESS_LENGTH)
    @JsonPropertyDescription("Gateway written to every allocated IPAddress; never allocated itself.")
    public String gateway;

    @JsonPropertyDescription("Allow allocating the subnet's network address (and, for IPv4, its broadcast address).")
    public Boolean allocateReservedIPAddresses;

    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "Addresses that are never allocated: single IPs, ranges (A-B) and CIDRs (at most 4096 entries, each at most 128 characters).")
    public List<@Size(max = MAX_ENTRY_LENGTH) String> excludedAddresses;

    @Min(0)
    @JsonPropertyDescription("Seconds an address stays reserved after its claim was deleted before it can be reused.")
    public Integer addressReuseGracePeriodSeconds;

    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "Entries of addresses (single IPs, ranges A-B, CIDRs) being drained: nothing new is allocated from them, the"
                    + " addresses allocated there stay valid; once status.ipAddresses.draining is 0 they can be removed"
                    + " from addresses. An extension of this operator (the in-cluster provider has no such field).")
    public List<@Size(max = MAX_ENTRY_LENGTH) String> drainingAddresses;

    @Size(max = MAX_ENTRIES)
    @JsonPropertyDescription(
            "Addresses kept for claims that may not exist yet: claim name (for a GlobalInClusterIPPool namespace/name)"
                    + " to a single IP address of the pool. Nobody else gets the address; the named claim gets it"
                    + " whenever it is created, also again after it was deleted and re-created. An extension of this"
                    + " operator (the in-cluster provider has no such field).")
    public Map<String, @Size(max = MAX_ADDRESS_LENGTH) String> preAllocations;

    public IPPoolSpec() {}

    public IPPoolSpec(List<String> addresses, int prefix, String gateway) {
        this.addresses = addresses;
        this.prefix = prefix;
        this.gateway = gateway;
    }
}
