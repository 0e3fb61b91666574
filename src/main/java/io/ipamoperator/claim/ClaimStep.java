package io.ipamoperator.claim;

import java.time.Duration;

/** What a claim's reconcile is to do next: the value {@link ClaimDecider} returns and {@link ClaimLifecycle} applies. */
public sealed interface ClaimStep {

    /** Leave the claim alone: it, or its Cluster, is paused, or its Cluster does not exist yet. */
    record Skip(String why) implements ClaimStep {}

    /** Its pool is paused: leave the claim alone and look again when the pool changes. */
    record WaitForPausedPool() implements ClaimStep {}

    /** The pool cannot serve it now; say why ({@code Ready=False}) and wait for the pool to change. */
    record PoolCannotServe(AllocationEvent.Result result, String message) implements ClaimStep {}

    /** An IPAddress of the claim's name exists in another pool: nothing is overwritten. */
    record ForeignAddress(String message) implements ClaimStep {}

    /**
     * The claim's IPAddress exists in its pool: adopt it (add what is missing, unless the cache shows it
     * {@code complete} already: the claim's own IPAddresses always are) and report the claim bound.
     */
    record Adopt(boolean complete) implements ClaimStep {}

    /**
     * The claim's IPAddress holds an address another, earlier IPAddress holds too, and the claim is not bound yet:
     * delete it, so the claim is allocated another address.
     */
    record YieldSharedAddress(String message) implements ClaimStep {}

    /** An address was allocated and its IPAddress written, but not indexed yet: bind once it is. */
    record AwaitWrittenAddress() implements ClaimStep {}

    /** Take the lowest free address of the pool and write the IPAddress. */
    record Allocate() implements ClaimStep {}

    /** Take exactly the address the claim asks for (annotation or pre-allocation) and write the IPAddress. */
    record AllocateRequested(RequestedAddress requested) implements ClaimStep {}

    /** What the claim asks for cannot be read or contradicts its pre-allocation: say so, allocate nothing. */
    record UnusableRequest(String message) implements ClaimStep {}

    /**
     * Deletion: keep the finalizer (and the address); look again after {@code after}, or when the pool changes if
     * {@code waitForPool}.
     */
    record Hold(java.util.Optional<Duration> after, boolean waitForPool, String why) implements ClaimStep {}

    /** Deletion: delete the claim's IPAddress and let the finalizer go. */
    record Release() implements ClaimStep {}
}
