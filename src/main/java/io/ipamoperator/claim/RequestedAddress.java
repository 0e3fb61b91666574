package io.ipamoperator.claim;

import io.ipamoperator.allocation.IpAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one address a claim asks for: its {@code ipam.cluster.x-k8s.io/requested-address} annotation (an address,
 * or for a prefix pool {@code address/length}; a bare address there means the pool's allocation length), or the
 * address its pool pre-allocates to it.
 *
 * @param source where it comes from, for messages
 */
public record RequestedAddress(IpAddress address, OptionalInt prefixLength, String source) {

    static final String ANNOTATION_SOURCE = "its requested-address annotation";
    static final String PRE_ALLOCATION_SOURCE = "its pool's spec.preAllocations";

    /** The annotation's value, parsed; empty when it is not an address or {@code address/length}. */
    static Optional<RequestedAddress> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        Optional<IpAddress> address = IpAddress.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(new RequestedAddress(address.get(), OptionalInt.empty(), ANNOTATION_SOURCE));
        }
        try {
            int length = Integer.parseInt(trimmed.substring(slash + 1));
            return length < 0 || length > address.get().family().bits()
                    ? Optional.empty()
                    : Optional.of(new RequestedAddress(address.get(), OptionalInt.of(length), ANNOTATION_SOURCE));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static RequestedAddress preAllocated(IpAddress address) {
        return new RequestedAddress(address, OptionalInt.empty(), PRE_ALLOCATION_SOURCE);
    }

    /** Whether this and {@code other} ask for the same allocation (a missing length matches any). */
    boolean sameAs(RequestedAddress other) {
        return address.equals(other.address)
                && (prefixLength.isEmpty()
                        || other.prefixLength.isEmpty()
                        || prefixLength.getAsInt() == other.prefixLength.getAsInt());
    }

    @Override
    public String toString() {
        return prefixLength.isPresent() ? address + "/" + prefixLength.getAsInt() : address.toString();
    }
}
