package io.ipamoperator.claim;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.claim.ClaimFacts.ClusterState;
import io.ipamoperator.claim.ClaimPlan.AddressChange;
import io.ipamoperator.claim.ClaimPlan.PoolWait;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.index.AllocationAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger.Level;

/**
 * Turns what {@link ClaimDecider} decided for a claim — and, when it tried to take an address, the index's answer
 * ({@link AllocationAttempt}) — into the {@link ClaimPlan} the executor applies: the IPAddress change, the status
 * and every message a user reads, the metric outcome, the Event, the log line, the wait and when to look again.
 * Pure: facts and the time in, a plan out; table-tested in {@code ClaimPlannerTest}.
 *
 * <p>Every outcome that waits for an event (a pool change, a Cluster, a release) also asks for a look again after
 * the wait-retry bound; an IPAddress just written is waited for in the index for {@link #IN_FLIGHT_WAIT}.
 */
public final class ClaimPlanner {

    /**
     * How long a written IPAddress is waited for in the index before the claim is allocated again (its write got
     * lost, or it was deleted before the informer saw it); normally the informer reports it in milliseconds.
     */
    public static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(30);

    /** How long a waiting claim goes at most without a look. */
    private final Duration waitRetry;

    public ClaimPlanner(Duration waitRetry) {
        this.waitRetry = waitRetry;
    }

    /**
     * The plan for a bind step that needs no address from the index (every step but {@link ClaimStep.Allocate} and
     * {@link ClaimStep.AllocateRequested}, whose plans {@link #attempted} makes). {@code awaitedBind}: this process
     * wrote the claim's IPAddress and the claim was not reported bound since, so a bind now is its first.
     */
    public ClaimPlan bind(ClaimFacts facts, ClaimStep step, boolean awaitedBind, Instant now) {
        ClaimView claim = facts.claim();
        if (step instanceof ClaimStep.Skip skip) {
            ClaimPlan plan = ClaimPlan.answer(waiting(ClaimDecision.unchanged()), PoolWait.STOP);
            return facts.cluster() == ClusterState.MISSING
                    ? plan.noting(Level.INFO, skip.why() + "; waiting for it")
                    : plan.noting(Level.DEBUG, "left alone, " + skip.why());
        }
        if (step instanceof ClaimStep.WaitForPausedPool) {
            return ClaimPlan.answer(waiting(ClaimDecision.unchanged()), PoolWait.WAIT)
                    .noting(Level.DEBUG, facts.pool() + " is paused");
        }
        if (step instanceof ClaimStep.ForeignAddress foreign) {
            return notReady(claim, CapiNames.REASON_ALLOCATION_FAILED, foreign.message(), PoolWait.STOP);
        }
        if (step instanceof ClaimStep.AwaitWrittenAddress) {
            return ClaimPlan.answer(ClaimDecision.unchanged().requeueAfter(IN_FLIGHT_WAIT), PoolWait.STOP)
                    .noting(Level.DEBUG, "waiting for its IPAddress to be indexed");
        }
        if (step instanceof ClaimStep.YieldSharedAddress yield) {
            // the deletion wakes the claim
            return ClaimPlan.answer(waiting(ClaimDecision.unchanged()), PoolWait.STOP)
                    .changing(new AddressChange.Yield())
                    .noting(Level.INFO, yield.message() + "; deleting it to allocate another address");
        }
        if (step instanceof ClaimStep.Adopt adopt) {
            ClaimPlan plan = decided(claim, ClaimPlan.answer(ClaimDecision.bound(claim.name()), PoolWait.STOP))
                    .changing(new AddressChange.Adopt(
                            adopt.complete(), facts.poolState().orElse(null)));
            return awaitedBind && claim.creationTimestamp() != null
                    ? plan.measuring(
                            new AllocationEvent.Bound(facts.pool(), Duration.between(claim.creationTimestamp(), now)))
                    : plan;
        }
        if (step instanceof ClaimStep.UnusableRequest unusable) {
            return notReady(claim, CapiNames.REASON_ALLOCATION_FAILED, unusable.message(), PoolWait.WAIT)
                    .measuring(
                            new AllocationEvent.Attempted(facts.pool(), AllocationEvent.Result.REQUESTED_UNAVAILABLE));
        }
        if (step instanceof ClaimStep.PoolCannotServe cannot) {
            return notReady(claim, CapiNames.REASON_POOL_NOT_READY, cannot.message(), PoolWait.WAIT)
                    .measuring(new AllocationEvent.Attempted(facts.pool(), cannot.result()));
        }
        throw new IllegalArgumentException(
                step + " is not a bind step that needs no allocation; try the allocation and plan with attempted()");
    }

    /**
     * The plan after the claim tried to take an address: the lowest free one, or {@code requested}. Granted: write
     * its IPAddress (in {@code layout}'s prefix length and gateway) and stop waiting; otherwise say why, and wait for
     * the pool to change (a release wakes the claim).
     */
    public ClaimPlan attempted(
            ClaimFacts facts, AllocationAttempt attempt, Optional<RequestedAddress> requested, PoolLayout layout) {
        ClaimView claim = facts.claim();
        if (attempt instanceof AllocationAttempt.Granted granted) {
            return ClaimPlan.answer(ClaimDecision.unchanged().requeueAfter(IN_FLIGHT_WAIT), PoolWait.STOP)
                    .changing(new AddressChange.Create(
                            granted.address(), layout, facts.poolState().orElseThrow()))
                    .measuring(new AllocationEvent.Attempted(facts.pool(), AllocationEvent.Result.ALLOCATED))
                    .noting(
                            Level.DEBUG,
                            "allocated " + granted.address() + "/" + layout.allocatedPrefixLength() + " from "
                                    + facts.pool());
        }
        if (attempt instanceof AllocationAttempt.Exhausted exhausted) {
            String message = facts.pool() + " has no free address"
                    + (exhausted.leftToEarlier() == 0
                            ? ""
                            : " left after the " + exhausted.leftToEarlier() + " claim(s) created earlier")
                    + "; the claim is bound as soon as one is released";
            return notReady(claim, CapiNames.REASON_POOL_EXHAUSTED, message, PoolWait.WAIT)
                    .measuring(new AllocationEvent.Attempted(facts.pool(), AllocationEvent.Result.EXHAUSTED));
        }
        RequestedAddress wanted = requested.orElseThrow(
                () -> new IllegalArgumentException(attempt + " answers a request, but the claim requested nothing"));
        if (attempt instanceof AllocationAttempt.HeldBy held) {
            String message = wanted + ", asked for by " + wanted.source() + ", is held by "
                    + String.join(", ", held.holders()) + "; the claim is bound to it as soon as it is released";
            return notReady(claim, CapiNames.REASON_ALLOCATION_FAILED, message, PoolWait.WAIT)
                    .measuring(new AllocationEvent.Attempted(facts.pool(), AllocationEvent.Result.REQUESTED_HELD));
        }
        String message = wanted.source() + " asks for " + wanted + ", which " + facts.pool() + " cannot give: "
                + ((AllocationAttempt.Refused) attempt).why();
        return notReady(claim, CapiNames.REASON_ALLOCATION_FAILED, message, PoolWait.WAIT)
                .measuring(new AllocationEvent.Attempted(facts.pool(), AllocationEvent.Result.REQUESTED_UNAVAILABLE));
    }

    /** The plan for a deleted claim: keep its address (and finalizer) for now, or release it. */
    public ClaimPlan release(ClaimFacts facts, ClaimStep step, Instant now) {
        if (step instanceof ClaimStep.Hold hold) {
            ClaimPlan plan = ClaimPlan.answer(
                            ClaimDecision.keepFinalizer(Optional.of(hold.after().orElse(waitRetry))),
                            hold.waitForPool() ? PoolWait.WAIT : PoolWait.STOP)
                    .noting(Level.DEBUG, "keeping its address, " + hold.why());
            return hold.after().map(after -> plan.holdingUntil(now.plus(after))).orElse(plan);
        }
        if (step instanceof ClaimStep.Release) {
            return ClaimPlan.answer(ClaimDecision.released(), PoolWait.FORGET).changing(new AddressChange.Release());
        }
        throw new IllegalArgumentException(step + " is not a release step");
    }

    private ClaimDecision waiting(ClaimDecision decision) {
        return decision.requeueAfter(waitRetry);
    }

    private ClaimPlan notReady(ClaimView claim, String reason, String message, PoolWait poolWait) {
        return decided(
                claim, ClaimPlan.answer(waiting(ClaimDecision.notReady(Optional.empty(), reason, message)), poolWait));
    }

    /**
     * An Event (and, when not ready, a log line) when the claim's Ready condition changes: a Warning when it cannot
     * be served, a Normal one when a claim that could not be served is bound. A claim bound at its first attempt
     * gets none — its condition says so, and an Event per claim would be one more API write per bind.
     */
    private static ClaimPlan decided(ClaimView claim, ClaimPlan plan) {
        ReadyCondition ready = plan.outcome().ready();
        if (ready == null || ready.equals(claim.ready())) {
            return plan;
        }
        if (ready.status()) {
            return claim.ready() != null && !claim.ready().status()
                    ? plan.telling(
                            new ConditionTransition(false, CapiNames.READY_CONDITION, ready.reason(), ready.message()))
                    : plan;
        }
        return plan.telling(new ConditionTransition(true, CapiNames.READY_CONDITION, ready.reason(), ready.message()))
                .noting(Level.INFO, "not ready (" + ready.reason() + "): " + ready.message());
    }
}
