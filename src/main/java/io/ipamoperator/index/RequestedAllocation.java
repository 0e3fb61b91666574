package io.ipamoperator.index;

import io.ipamoperator.allocation.IpAddress;
import java.util.List;

/** The index's answer to a claim that asks for one address (requested or pre-allocated): that one or none. */
public sealed interface RequestedAllocation {

    /** The address is now the claim's; its IPAddress is to be written. */
    record Granted(IpAddress address) implements RequestedAllocation {}

    /** Others hold it (named): the claim waits for them to release it. */
    record HeldBy(List<String> holders) implements RequestedAllocation {
        public HeldBy {
            holders = List.copyOf(holders);
        }
    }

    /** It cannot be had from this pool as its spec stands, and why. */
    record Refused(String why) implements RequestedAllocation {}
}
