package io.ipamoperator.audit;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressRecord;
import java.util.List;
import java.util.Optional;

/**
 * What the audit reads of a cluster, at one moment: our pools (with their layout when the spec is valid), every
 * IPAddress that references one of our pool kinds, and every claim that does.
 */
public record AuditInput(List<Pool> pools, List<AddressRecord> addresses, List<Claim> claims) {

    public AuditInput {
        pools = List.copyOf(pools);
        addresses = List.copyOf(addresses);
        claims = List.copyOf(claims);
    }

    /** A pool; {@code layout} is empty when its spec is invalid. */
    public record Pool(PoolId id, Optional<PoolLayout> layout) {}

    /**
     * A claim of one of our pool kinds.
     *
     * @param addressRef the IPAddress its status names, if any
     * @param readyReason its Ready condition's reason, if any
     */
    public record Claim(
            String namespace,
            String name,
            PoolId pool,
            boolean deleting,
            Optional<String> addressRef,
            Optional<String> readyReason) {

        public String key() {
            return namespace + "/" + name;
        }
    }
}
