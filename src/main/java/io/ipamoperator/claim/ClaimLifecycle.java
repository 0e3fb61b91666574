package io.ipamoperator.claim;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.events.EventRecorder;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.RequestedAllocation;
import io.ipamoperator.runtime.WaitRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The life of one claim, the same for both contract versions, in two steps: read the facts from the in-process
 * caches and let {@link ClaimDecider} decide; then apply the step — the one place that allocates, writes, records
 * Events and tells the observers ({@link AllocationEvent}).
 *
 * <p>An address is marked as taken in the index before its IPAddress is written and given back if the write
 * fails, so parallel workers never collide. The claim is bound when the informer reports the IPAddress (the
 * next reconcile, woken by it), not right after the write: by then the index holds every IPAddress created
 * before it, also those written by others (clusterctl move, a restore), and a duplicate is undone before any
 * consumer sees the address. A claim that cannot be served waits: the pool's next change (or its Cluster's)
 * wakes it at once, and a look again after {@link WaitRetry} bounds the wait should that change be missed.
 */
@ApplicationScoped
public class ClaimLifecycle {

    private static final Logger LOG = Logger.getLogger(ClaimLifecycle.class);

    /**
     * How long a written IPAddress is waited for in the index before the claim is allocated again (its write got
     * lost, or it was deleted before the informer saw it); normally the informer reports it in milliseconds.
     */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(30);

    private final AddressIndex index;
    private final ClaimWaits waits;
    private final PendingBinds pendingBinds;
    private final AddressWriter writer;
    private final EventRecorder events;
    private final ReuseGracePeriods gracePeriods;
    private final Event<AllocationEvent> observers;
    private final IpamContract contract;
    private final Clock clock;

    /** How long a waiting claim goes at most without a look ({@link WaitRetry}). */
    private final Duration waitRetry;

    @Inject
    public ClaimLifecycle(
            AddressIndex index,
            ClaimWaits waits,
            PendingBinds pendingBinds,
            AddressWriter writer,
            EventRecorder events,
            ReuseGracePeriods gracePeriods,
            Event<AllocationEvent> observers,
            IpamContract contract,
            Clock clock,
            WaitRetry waitRetry) {
        this.index = index;
        this.waits = waits;
        this.pendingBinds = pendingBinds;
        this.writer = writer;
        this.events = events;
        this.gracePeriods = gracePeriods;
        this.observers = observers;
        this.contract = contract;
        this.clock = clock;
        this.waitRetry = waitRetry.after();
    }

    /**
     * Binds the claim; {@code cluster} is its Cluster as the claim controller's Cluster informer has it, and
     * {@code queue} the other claims of its pool, of which those created earlier are served first.
     *
     * <p>The claim is registered as waiting for its pool before any fact is read, so that a change of the pool from
     * then on wakes it, also one that lands while it decides; a claim that turns out not to wait is unregistered
     * after. Every outcome that waits for an event also asks for a look again after {@link #waitRetry}.
     */
    public ClaimDecision bind(ClaimView claim, ClusterState cluster, ClaimQueue queue) {
        PoolId pool = poolOf(claim);
        waits.waitForPool(pool, claim);
        ClaimFacts facts = facts(claim, pool, cluster);
        ClaimStep step = ClaimDecider.bind(facts);
        if (!waitsForPool(step)) {
            waits.stopWaiting(pool, claim);
        }
        if (step instanceof ClaimStep.Skip skip) {
            if (facts.cluster() == ClusterState.MISSING) {
                LOG.infof("%s: %s; waiting for it", claim, skip.why());
            } else {
                LOG.debugf("%s: left alone, %s", claim, skip.why());
            }
            return ClaimDecision.unchanged().requeueAfter(waitRetry);
        }
        if (step instanceof ClaimStep.WaitForPausedPool) {
            LOG.debugf("%s: %s is paused", claim, pool);
            return ClaimDecision.unchanged().requeueAfter(waitRetry);
        }
        if (step instanceof ClaimStep.ForeignAddress foreign) {
            return decided(
                            claim,
                            ClaimDecision.notReady(
                                    Optional.empty(), CapiNames.REASON_ALLOCATION_FAILED, foreign.message()))
                    .requeueAfter(waitRetry);
        }
        if (step instanceof ClaimStep.AwaitWrittenAddress) {
            LOG.debugf("%s: waiting for its IPAddress to be indexed", claim);
            return ClaimDecision.unchanged().requeueAfter(IN_FLIGHT_WAIT);
        }
        if (step instanceof ClaimStep.YieldSharedAddress yield) {
            LOG.infof("%s: %s; deleting it to allocate another address", claim, yield.message());
            writer.deleteClaimsAddress(contract.apiVersion(), claim, pool);
            return ClaimDecision.unchanged().requeueAfter(waitRetry); // the deletion wakes the claim
        }
        if (step instanceof ClaimStep.Adopt adopt) {
            // a live read and a write only when the cache shows something missing (a restored or moved IPAddress);
            // the decider adopts an incomplete IPAddress only once its pool is known
            if (!adopt.complete()
                    && writer.adopt(
                            contract.apiVersion(),
                            claim,
                            pool,
                            facts.poolState().orElseThrow())) {
                LOG.infof(
                        "%s: adopted the existing IPAddress %s (%s)",
                        claim, claim.key(), facts.address().orElseThrow().address());
            }
            if (pendingBinds.firstBind(claim) && claim.creationTimestamp() != null) {
                observers.fire(
                        new AllocationEvent.Bound(pool, Duration.between(claim.creationTimestamp(), clock.instant())));
            }
            return decided(claim, ClaimDecision.bound(claim.name()));
        }
        if (step instanceof ClaimStep.UnusableRequest unusable) {
            observers.fire(new AllocationEvent.Attempted(pool, AllocationEvent.Result.REQUESTED_UNAVAILABLE));
            return decided(
                            claim,
                            ClaimDecision.notReady(
                                    Optional.empty(), CapiNames.REASON_ALLOCATION_FAILED, unusable.message()))
                    .requeueAfter(waitRetry);
        }
        if (step instanceof ClaimStep.PoolCannotServe cannot) {
            observers.fire(new AllocationEvent.Attempted(pool, cannot.result()));
            return decided(
                            claim,
                            ClaimDecision.notReady(Optional.empty(), CapiNames.REASON_POOL_NOT_READY, cannot.message()))
                    .requeueAfter(waitRetry);
        }
        if (step instanceof ClaimStep.AllocateRequested requested) {
            return allocate(claim, facts, Optional.of(requested.requested()), List.of());
        }
        return allocate(claim, facts, Optional.empty(), servedFirst(claim, pool, queue));
    }

    /** The steps after which the claim waits for a change of its pool. */
    private static boolean waitsForPool(ClaimStep step) {
        return step instanceof ClaimStep.WaitForPausedPool
                || step instanceof ClaimStep.UnusableRequest
                || step instanceof ClaimStep.PoolCannotServe
                || step instanceof ClaimStep.Allocate
                || step instanceof ClaimStep.AllocateRequested;
    }

    /**
     * The claims of the pool created before {@code claim} that would take the pool's lowest free address now too:
     * each of them is left one free address below the one {@code claim} gets, so a pool serves its claims in the
     * order they were created whichever reconcile runs first. Only claims without an address are looked at, and of
     * those only the earlier ones are decided for.
     */
    private List<String> servedFirst(ClaimView claim, PoolId pool, ClaimQueue queue) {
        List<String> earlier = new ArrayList<>();
        for (ClaimView other : queue.unboundClaimsOf(pool)) {
            if (ServingOrder.servedBefore(other, claim)
                    && index.address(other.namespace(), other.name()).isEmpty()
                    && !index.allocationInFlight(pool, other.key(), IN_FLIGHT_WAIT) // cheap checks first
                    && ClaimDecider.bind(facts(other, pool, queue.clusterOf(other))) instanceof ClaimStep.Allocate) {
                earlier.add(other.key());
            }
        }
        return earlier;
    }

    /**
     * Releases the claim's address when the claim is being deleted. As in {@link #bind}, the wait for a paused pool
     * is registered before the facts are read.
     */
    public ClaimDecision release(ClaimView claim, ClusterState cluster) {
        PoolId pool = poolOf(claim);
        waits.waitForPool(pool, claim);
        ClaimFacts facts = facts(claim, pool, cluster);
        ClaimStep step = ClaimDecider.release(facts, clock.instant());
        if (step instanceof ClaimStep.Hold hold) {
            LOG.debugf("%s: keeping its address, %s", claim, hold.why());
            if (hold.after().isPresent()) {
                gracePeriods.hold(
                        pool, claim.key(), clock.instant().plus(hold.after().get()));
            }
            if (!hold.waitForPool()) {
                waits.stopWaiting(pool, claim);
            }
            return ClaimDecision.keepFinalizer(Optional.of(hold.after().orElse(waitRetry)));
        }
        // a live read, not the index: an IPAddress written a moment ago may not be indexed yet
        writer.deleteClaimsAddress(contract.apiVersion(), claim, pool).ifPresent(released -> {
            observers.fire(new AllocationEvent.Released(pool));
            LOG.infof("%s: released %s to %s", claim, released, pool);
        });
        gracePeriods.end(claim.key());
        waits.forget(claim);
        pendingBinds.forget(claim);
        return ClaimDecision.released();
    }

    /**
     * Allocates the lowest free address once one is left for each claim of {@code servedFirst}, or exactly
     * {@code requested}, and writes the claim's IPAddress. The claim waits for its pool meanwhile (registered by
     * {@link #bind}): a release right after an exhausted answer wakes it.
     */
    private ClaimDecision allocate(
            ClaimView claim, ClaimFacts facts, Optional<RequestedAddress> requested, List<String> servedFirst) {
        PoolId pool = facts.pool();
        PoolLayout layout = index.layout(pool).orElseThrow();
        long decisionStart = System.nanoTime();
        Optional<RequestedAllocation> outcome = requested.map(wanted -> index.allocateRequested(
                pool, claim.key(), wanted.address(), wanted.prefixLength().orElse(layout.allocatedPrefixLength())));
        Optional<IpAddress> address = outcome.isPresent()
                ? outcome.filter(RequestedAllocation.Granted.class::isInstance)
                        .map(granted -> ((RequestedAllocation.Granted) granted).address())
                : index.allocate(pool, claim.key(), servedFirst);
        observers.fire(new AllocationEvent.Decided(pool, Duration.ofNanos(System.nanoTime() - decisionStart)));
        if (outcome.isPresent() && address.isEmpty()) {
            return requestNotGranted(claim, pool, requested.get(), outcome.get());
        }
        if (address.isEmpty()) {
            observers.fire(new AllocationEvent.Attempted(pool, AllocationEvent.Result.EXHAUSTED));
            return decided(
                            claim,
                            ClaimDecision.notReady(
                                    Optional.empty(),
                                    CapiNames.REASON_POOL_EXHAUSTED,
                                    pool + " has no free address"
                                            + (servedFirst.isEmpty()
                                                    ? ""
                                                    : " left after the " + servedFirst.size()
                                                            + " claim(s) created earlier")
                                            + "; the claim is bound as soon as one is released"))
                    .requeueAfter(waitRetry);
        }
        try {
            writer.create(contract.apiVersion(), claim, pool, facts.poolState().orElseThrow(), layout, address.get());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                // the framework retries with back-off; waking on our own abandon below would retry at once, forever
                waits.stopWaiting(pool, claim);
            }
            index.abandon(pool, address.get(), claim.key());
            if (e.getCode() == 409) {
                LOG.infof("%s: IPAddress %s appeared meanwhile; looking again", claim, claim.key());
                return ClaimDecision.unchanged().requeueAfter(Duration.ofSeconds(1));
            }
            observers.fire(new AllocationEvent.Attempted(pool, AllocationEvent.Result.ERROR));
            throw e;
        }
        waits.stopWaiting(pool, claim);
        pendingBinds.written(claim);
        observers.fire(new AllocationEvent.Attempted(pool, AllocationEvent.Result.ALLOCATED));
        LOG.debugf("%s: allocated %s/%d from %s", claim, address.get(), layout.allocatedPrefixLength(), pool);
        // bound when the informer reports the IPAddress, which wakes the claim
        return ClaimDecision.unchanged().requeueAfter(IN_FLIGHT_WAIT);
    }

    /** The requested address is held by others (wait for them) or cannot be had (wait for the pool to change). */
    private ClaimDecision requestNotGranted(
            ClaimView claim, PoolId pool, RequestedAddress requested, RequestedAllocation outcome) {
        String message;
        AllocationEvent.Result result;
        if (outcome instanceof RequestedAllocation.HeldBy held) {
            result = AllocationEvent.Result.REQUESTED_HELD;
            message = requested + ", asked for by " + requested.source() + ", is held by "
                    + String.join(", ", held.holders()) + "; the claim is bound to it as soon as it is released";
        } else {
            result = AllocationEvent.Result.REQUESTED_UNAVAILABLE;
            message = requested.source() + " asks for " + requested + ", which " + pool + " cannot give: "
                    + ((RequestedAllocation.Refused) outcome).why();
        }
        observers.fire(new AllocationEvent.Attempted(pool, result));
        return decided(claim, ClaimDecision.notReady(Optional.empty(), CapiNames.REASON_ALLOCATION_FAILED, message))
                .requeueAfter(waitRetry);
    }

    private PoolId poolOf(ClaimView claim) {
        index.readiness().requireReady();
        PoolKind kind = PoolKind.of(claim.poolApiGroup(), claim.poolKind())
                .orElseThrow(() -> new IllegalArgumentException(claim + " does not reference one of our pools"));
        return PoolId.referenced(kind, claim.namespace(), claim.poolName());
    }

    private ClaimFacts facts(ClaimView claim, PoolId pool, ClusterState cluster) {
        return new ClaimFacts(
                claim,
                pool,
                index.pool(pool),
                index.layout(pool).isPresent(),
                index.address(claim.namespace(), claim.name()),
                cluster,
                index.allocationInFlight(pool, claim.key(), IN_FLIGHT_WAIT),
                index.sharers(pool, claim.key()),
                index.preAllocation(pool, claim.key()));
    }

    /**
     * Records an Event (and, when not ready, a log line) when the claim's Ready condition changes: a Warning when it
     * cannot be served, a Normal one when a claim that could not be served is bound. A claim bound at its first
     * attempt gets none — its condition says so, and an Event per claim would be one more API write per bind.
     */
    private ClaimDecision decided(ClaimView claim, ClaimDecision decision) {
        if (decision.ready() != null && !decision.ready().equals(claim.ready())) {
            var about = EventRecorder.about(
                    claim.apiVersion(), "IPAddressClaim", claim.namespace(), claim.name(), claim.uid());
            if (decision.ready().status()) {
                if (claim.ready() != null && !claim.ready().status()) {
                    events.normal(
                            about, decision.ready().reason(), decision.ready().message());
                }
            } else {
                events.warning(
                        about, decision.ready().reason(), decision.ready().message());
                LOG.infof(
                        "%s: not ready (%s): %s",
                        claim, decision.ready().reason(), decision.ready().message());
            }
        }
        return decision;
    }
}
