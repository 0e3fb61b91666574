package io.ipamoperator.api.pool;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** {@code status.ipAddresses}: the pool's counters, capped at the int64 maximum for huge IPv6 pools. */
public class PoolAddressCounts {

    @Required
    @JsonPropertyDescription("Number of allocatable addresses (or prefixes) in the pool.")
    public long total;

    @Required
    @JsonPropertyDescription("Number of IPAddresses that reference the pool.")
    public long used;

    @Required
    @JsonPropertyDescription("Number of allocatable addresses (or prefixes) not in use.")
    public long free;

    @Required
    @JsonPropertyDescription("Number of addresses in use that are outside the pool's allocatable set.")
    public long outOfRange;

    @JsonPropertyDescription(
            "Number of pre-allocated addresses (spec.preAllocations) whose claim does not hold them now; neither used"
                    + " nor free.")
    public Long reserved;

    @JsonPropertyDescription("Number of addresses still allocated inside spec.drainingAddresses.")
    public Long draining;

    public PoolAddressCounts() {}

    public PoolAddressCounts(long total, long used, long free, long outOfRange) {
        this.total = total;
        this.used = used;
        this.free = free;
        this.outOfRange = outOfRange;
    }
}
