package io.ipamoperator.claim;

/** The {@code Ready} condition of a claim: true once bound, else false with a CAPI reason and a message. */
public record ReadyCondition(boolean status, String reason, String message) {

    public static final String REASON_ADDRESS_ALLOCATED = "AddressAllocated";

    public static ReadyCondition bound(String address) {
        return new ReadyCondition(true, REASON_ADDRESS_ALLOCATED, "bound to IPAddress " + address);
    }

    public static ReadyCondition notReady(String reason, String message) {
        return new ReadyCondition(false, reason, message);
    }
}
