package io.ipamoperator.claim;

import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.index.PoolState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The claim's story as pure decisions: the facts read from the caches, and for a release the current time, in; the
 * next {@link ClaimStep} out. No I/O, no clock of its own: every rule is unit-tested table-style.
 *
 * <p>Bind: a paused claim, a paused Cluster and a missing Cluster are skipped; a paused pool is waited for; an
 * IPAddress of the claim's name is adopted if it is in the claim's pool and reported if it is in another — unless
 * the claim is not bound yet and an earlier IPAddress holds the same address, then it yields (is deleted); an
 * address allocated but not indexed yet is waited for; a pool that is missing, being deleted or invalid cannot
 * serve; otherwise an address is allocated: the one the claim's {@code requested-address} annotation or its pool's
 * {@code spec.preAllocations} names (never another; both naming different ones is refused), else the lowest free.
 *
 * <p>Release: a paused Cluster holds the finalizer of a claim that holds an address (an IPAddress of its name, or an
 * allocation being written) — one that holds nothing is released at once, as the in-cluster provider, which adds its
 * finalizer only once the Cluster is found and not paused, lets it go; a paused pool holds the finalizer; the claim's own address is held for the pool's
 * {@code addressReuseGracePeriodSeconds} after the claim's deletion timestamp (not when the pool itself is being
 * deleted); otherwise the address is released. A claim whose Cluster is gone may still be released.
 */
public final class ClaimDecider {

    private ClaimDecider() {}

    public static ClaimStep bind(ClaimFacts facts) {
        if (facts.claim().paused()) {
            return new ClaimStep.Skip(facts.claim() + " is paused");
        }
        if (facts.cluster() == ClusterState.MISSING) {
            return new ClaimStep.Skip(
                    "its Cluster " + facts.claim().clusterName().orElse("") + " does not exist yet");
        }
        if (facts.cluster() == ClusterState.PAUSED) {
            return new ClaimStep.Skip(
                    "its Cluster " + facts.claim().clusterName().orElse("") + " is paused");
        }
        Optional<PoolState> pool = facts.poolState();
        if (pool.isPresent() && pool.get().paused()) {
            return new ClaimStep.WaitForPausedPool();
        }
        if (facts.address().isPresent()) {
            if (facts.addressInOwnPool()) {
                var own = facts.address().get();
                var earlier = facts.earlierSharer();
                if (!facts.bound() && earlier.isPresent()) {
                    return new ClaimStep.YieldSharedAddress("IPAddress " + own.key() + " holds " + own.address()
                            + ", which IPAddress " + earlier.get().key() + " (created no later) holds too");
                }
                String poolUid = pool.map(PoolState::uid).orElse(null);
                boolean complete = own.adoptedBy(
                        facts.claim().uid(), poolUid, facts.claim().clusterName());
                if (!complete && pool.isEmpty()) {
                    // restored before its pool: adopted (owner reference to the pool included) once the pool exists
                    return new ClaimStep.PoolCannotServe(
                            AllocationEvent.Result.POOL_NOT_FOUND,
                            facts.pool() + " not found; IPAddress " + own.key() + " is adopted once it exists");
                }
                return new ClaimStep.Adopt(complete);
            }
            var address = facts.address().get();
            return new ClaimStep.ForeignAddress("IPAddress " + address.key() + " already exists and belongs to "
                    + address.poolKind() + " " + address.poolName() + "; delete it or point the claim at that pool");
        }
        if (facts.allocationInFlight()) {
            return new ClaimStep.AwaitWrittenAddress();
        }
        if (pool.isEmpty()) {
            return new ClaimStep.PoolCannotServe(AllocationEvent.Result.POOL_NOT_FOUND, facts.pool() + " not found");
        }
        if (pool.get().deleting()) {
            return new ClaimStep.PoolCannotServe(
                    AllocationEvent.Result.POOL_NOT_READY, facts.pool() + " is being deleted");
        }
        if (!facts.poolAllocatable()) {
            return new ClaimStep.PoolCannotServe(
                    AllocationEvent.Result.POOL_NOT_READY,
                    facts.pool() + " has an invalid spec; see its Ready condition");
        }
        return allocation(facts);
    }

    private static ClaimStep allocation(ClaimFacts facts) {
        Optional<RequestedAddress> preAllocated = facts.preAllocated().map(RequestedAddress::preAllocated);
        Optional<String> annotation = facts.claim().requestedAddress();
        if (annotation.isEmpty()) {
            return preAllocated.<ClaimStep>map(ClaimStep.AllocateRequested::new).orElseGet(ClaimStep.Allocate::new);
        }
        Optional<RequestedAddress> requested = RequestedAddress.parse(annotation.get());
        if (requested.isEmpty()) {
            return new ClaimStep.UnusableRequest("the annotation " + CapiNames.REQUESTED_ADDRESS_ANNOTATION + "=\""
                    + annotation.get() + "\" is not an IP address (or, for a prefix pool, address/length)");
        }
        if (preAllocated.isPresent() && !requested.get().sameAs(preAllocated.get())) {
            return new ClaimStep.UnusableRequest(
                    "the annotation " + CapiNames.REQUESTED_ADDRESS_ANNOTATION + " asks for "
                            + requested.get() + " but " + facts.pool() + " pre-allocates " + preAllocated.get()
                            + " to this claim; remove one of them");
        }
        return new ClaimStep.AllocateRequested(requested.get());
    }

    public static ClaimStep release(ClaimFacts facts, Instant now) {
        if (facts.cluster() == ClusterState.PAUSED) {
            if (facts.address().isEmpty() && !facts.allocationInFlight()) {
                return new ClaimStep.Release(); // nothing allocated while its Cluster is paused: nothing to keep
            }
            return new ClaimStep.Hold(Optional.empty(), false, "its Cluster is paused");
        }
        Optional<PoolState> pool = facts.poolState();
        if (pool.isPresent() && pool.get().paused()) {
            return new ClaimStep.Hold(Optional.empty(), true, facts.pool() + " is paused");
        }
        if (facts.addressInOwnPool()
                && pool.isPresent()
                && !pool.get().deleting()
                && pool.get().gracePeriodSeconds() > 0) {
            Instant reusable =
                    facts.claim().deletionTimestamp().plusSeconds(pool.get().gracePeriodSeconds());
            Duration remaining = Duration.between(now, reusable);
            if (!remaining.isNegative() && !remaining.isZero()) {
                return new ClaimStep.Hold(
                        Optional.of(remaining), false, "address reuse grace period until " + reusable);
            }
        }
        return new ClaimStep.Release();
    }
}
