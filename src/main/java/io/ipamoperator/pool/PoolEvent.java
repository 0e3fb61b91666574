package io.ipamoperator.pool;

import io.ipamoperator.identity.PoolId;

/** What the pool reconciler found, fired as a CDI event for its observers (the metrics). */
public sealed interface PoolEvent {

    PoolId pool();

    /**
     * The reconciler saw the pool (fired before claims waiting on it are woken, so anything they do is counted
     * against a pool its observers know).
     */
    record Observed(PoolId pool, int overlappingPools, int duplicateAddresses) implements PoolEvent {}

    /** The pool is gone: no IPAddress references it and its finalizer was removed. */
    record Forgotten(PoolId pool) implements PoolEvent {}
}
