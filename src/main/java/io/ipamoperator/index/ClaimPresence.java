package io.ipamoperator.index;

import java.util.Optional;

/**
 * Whether an IPAddressClaim exists, as the claim controller's cache knows it: what the pool reconciler asks to find
 * IPAddresses whose claim is gone, without depending on the claim reconciler.
 */
public interface ClaimPresence {

    /** True once claims are known (the claim controller runs on this replica). */
    boolean known();

    /** Whether the claim exists; empty while claims are not known (before the claim controller runs). */
    Optional<Boolean> exists(String namespace, String name);

    /** True when the IPAddress names no claim, or names one known not to exist (unknown claims count as present). */
    default boolean orphans(AddressRecord address) {
        return address.claimName() == null
                || !exists(address.namespace(), address.claimName()).orElse(true);
    }
}
