package io.ipamoperator.claim;

import io.ipamoperator.identity.PoolId;
import java.time.Duration;
import java.util.Locale;

/**
 * What the claim lifecycle did, fired as a CDI event for whoever observes allocation (the metrics): the claim
 * layer knows nothing of its observers.
 */
public sealed interface AllocationEvent {

    PoolId pool();

    /** The outcome of one attempt to give a claim an address. */
    enum Result {
        ALLOCATED,
        EXHAUSTED,
        POOL_NOT_FOUND,
        POOL_NOT_READY,
        /** The claim's requested (or pre-allocated) address is held by another claim. */
        REQUESTED_HELD,
        /** The claim's requested address cannot be had from the pool (outside it, reserved, draining, ...). */
        REQUESTED_UNAVAILABLE,
        ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One attempt, and how it ended. */
    record Attempted(PoolId pool, Result result) implements AllocationEvent {}

    /** Choosing and marking the address took {@code took} (lock wait included). */
    record Decided(PoolId pool, Duration took) implements AllocationEvent {}

    /** The claim got its address {@code sinceCreation} after it was created. */
    record Bound(PoolId pool, Duration sinceCreation) implements AllocationEvent {}

    /** A deleted claim's address went back to its pool. */
    record Released(PoolId pool) implements AllocationEvent {}
}
