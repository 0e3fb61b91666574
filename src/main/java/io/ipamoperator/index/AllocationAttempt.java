package io.ipamoperator.index;

import io.ipamoperator.allocation.IpAddress;
import java.util.List;

/**
 * The index's answer to a claim that tried to take an address: a fact the claim's plan is decided from. The lowest
 * free address is granted or the pool is exhausted; a requested (or pre-allocated) address is granted, held by
 * others, or refused.
 */
public sealed interface AllocationAttempt {

    /** The address is now the claim's; its IPAddress is to be written. */
    record Granted(IpAddress address) implements AllocationAttempt {}

    /**
     * No free address is left for the claim, after one was left for each of {@code leftToEarlier} claims of the pool
     * created before it.
     */
    record Exhausted(int leftToEarlier) implements AllocationAttempt {}

    /** Others hold the requested address (named): the claim waits for them to release it. */
    record HeldBy(List<String> holders) implements AllocationAttempt {
        public HeldBy {
            holders = List.copyOf(holders);
        }
    }

    /** The requested address cannot be had from this pool as its spec stands, and why. */
    record Refused(String why) implements AllocationAttempt {}
}
