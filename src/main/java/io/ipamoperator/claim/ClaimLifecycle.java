package io.ipamoperator.claim;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressIndex;
import io.ipamoperator.index.AllocationAttempt;
import io.ipamoperator.runtime.WaitRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of one claim, the same for both contract versions, as a short story: read the facts from the in-process
 * caches; let {@link ClaimDecider} decide the step; if the step takes an address, let the index try (its answer is
 * one more fact); let {@link ClaimPlanner} make the plan; let {@link ClaimPlanExecutor} apply it.
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

    private final AddressIndex index;
    private final ClaimWaits waits;
    private final PendingBinds pendingBinds;
    private final ClaimPlanner planner;
    private final ClaimPlanExecutor executor;
    private final Event<AllocationEvent> observers;
    private final Clock clock;

    @Inject
    public ClaimLifecycle(
            AddressIndex index,
            ClaimWaits waits,
            PendingBinds pendingBinds,
            ClaimPlanExecutor executor,
            Event<AllocationEvent> observers,
            Clock clock,
            WaitRetry waitRetry) {
        this.index = index;
        this.waits = waits;
        this.pendingBinds = pendingBinds;
        this.planner = new ClaimPlanner(waitRetry.after());
        this.executor = executor;
        this.observers = observers;
        this.clock = clock;
    }

    /**
     * Binds the claim; {@code cluster} is its Cluster as the claim controller's Cluster informer has it, and
     * {@code queue} the other claims of its pool, of which those created earlier are served first.
     *
     * <p>The claim is registered as waiting for its pool before any fact is read, so that a change of the pool from
     * then on wakes it, also one that lands while it decides; a plan that does not wait for the pool unregisters it.
     */
    public ClaimDecision bind(ClaimView claim, ClusterState cluster, ClaimQueue queue) {
        PoolId pool = poolOf(claim);
        waits.waitForPool(pool, claim);
        ClaimFacts facts = facts(claim, pool, cluster);
        ClaimStep step = ClaimDecider.bind(facts);
        ClaimPlan plan;
        if (step instanceof ClaimStep.Allocate) {
            plan = attempt(facts, Optional.empty(), servedFirst(claim, pool, queue));
        } else if (step instanceof ClaimStep.AllocateRequested requested) {
            plan = attempt(facts, Optional.of(requested.requested()), List.of());
        } else {
            plan = planner.bind(facts, step, pendingBinds.awaited(claim), clock.instant());
        }
        return executor.apply(claim, pool, plan);
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
        return executor.apply(claim, pool, planner.release(facts, step, clock.instant()));
    }

    /**
     * Lets the index try to take the lowest free address, once one is left for each claim of {@code servedFirst},
     * or exactly {@code requested}; the answer is planned for like any other fact. How long choosing took (lock wait
     * included) is measured.
     */
    private ClaimPlan attempt(ClaimFacts facts, Optional<RequestedAddress> requested, List<String> servedFirst) {
        PoolId pool = facts.pool();
        String holder = facts.claim().key();
        PoolLayout layout = index.layout(pool).orElseThrow();
        long start = System.nanoTime();
        AllocationAttempt attempt = requested
                .map(wanted -> index.allocateRequested(
                        pool, holder, wanted.address(), wanted.prefixLength().orElse(layout.allocatedPrefixLength())))
                .orElseGet(() -> index.tryAllocate(pool, holder, servedFirst));
        observers.fire(new AllocationEvent.Decided(pool, Duration.ofNanos(System.nanoTime() - start)));
        return planner.attempted(facts, attempt, requested, layout);
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
                    && !index.allocationInFlight(pool, other.key(), ClaimPlanner.IN_FLIGHT_WAIT) // cheap checks first
                    && index.address(other.namespace(), other.name()).isEmpty()
                    && ClaimDecider.bind(facts(other, pool, queue.clusterOf(other))) instanceof ClaimStep.Allocate) {
                earlier.add(other.key());
            }
        }
        return earlier;
    }

    private PoolId poolOf(ClaimView claim) {
        index.readiness().requireReady();
        PoolKind kind = PoolKind.of(claim.poolApiGroup(), claim.poolKind())
                .orElseThrow(() -> new IllegalArgumentException(claim + " does not reference one of our pools"));
        return PoolId.referenced(kind, claim.namespace(), claim.poolName());
    }

    /**
     * The claim's facts. Whether an allocation is in flight is read before the claim's IPAddress: the index clears
     * the one as it records the other, so read in this order the two never both look absent while the informer
     * indexes the IPAddress — which would allocate the claim a second address.
     */
    private ClaimFacts facts(ClaimView claim, PoolId pool, ClusterState cluster) {
        boolean inFlight = index.allocationInFlight(pool, claim.key(), ClaimPlanner.IN_FLIGHT_WAIT);
        return new ClaimFacts(
                claim,
                pool,
                index.pool(pool),
                index.layout(pool).isPresent(),
                index.address(claim.namespace(), claim.name()),
                cluster,
                inFlight,
                index.sharers(pool, claim.key()),
                index.preAllocation(pool, claim.key()));
    }
}
