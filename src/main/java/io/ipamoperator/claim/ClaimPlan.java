package io.ipamoperator.claim;

import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.index.PoolState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What one claim reconcile is to do, as {@link ClaimPlanner} decides it from the claim's facts (and, when the claim
 * tried to take an address, the index's answer): {@link ClaimPlanExecutor} applies any plan in one fixed order —
 * the IPAddress change, the grace period, the wait, the metrics, the Event, the log line — and returns its
 * {@code outcome} for the reconciler to write.
 *
 * @param address what happens to the claim's IPAddress
 * @param outcome the claim's status, finalizer and when to look again
 * @param poolWait whether the claim keeps waiting for a change of its pool
 * @param measured what the metrics are told, once the IPAddress change succeeded
 * @param transition the Event a changed Ready condition calls for
 * @param note the log line, if the user needs one
 * @param reusableAt for a deleted claim whose address its pool keeps: when the address may be handed out again
 */
public record ClaimPlan(
        AddressChange address,
        ClaimDecision outcome,
        PoolWait poolWait,
        List<AllocationEvent> measured,
        Optional<ConditionTransition> transition,
        Optional<Note> note,
        Optional<Instant> reusableAt) {

    public ClaimPlan {
        measured = List.copyOf(measured);
    }

    /** A plan that only answers with {@code outcome}; the other parts are added by the with-methods. */
    static ClaimPlan answer(ClaimDecision outcome, PoolWait poolWait) {
        return new ClaimPlan(
                new AddressChange.None(),
                outcome,
                poolWait,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    ClaimPlan changing(AddressChange change) {
        return new ClaimPlan(change, outcome, poolWait, measured, transition, note, reusableAt);
    }

    ClaimPlan measuring(AllocationEvent event) {
        return new ClaimPlan(
                address,
                outcome,
                poolWait,
                Stream.concat(measured.stream(), Stream.of(event)).toList(),
                transition,
                note,
                reusableAt);
    }

    ClaimPlan telling(ConditionTransition event) {
        return new ClaimPlan(address, outcome, poolWait, measured, Optional.of(event), note, reusableAt);
    }

    ClaimPlan noting(Logger.Level level, String text) {
        return new ClaimPlan(
                address, outcome, poolWait, measured, transition, Optional.of(new Note(level, text)), reusableAt);
    }

    ClaimPlan holdingUntil(Instant reusable) {
        return new ClaimPlan(address, outcome, poolWait, measured, transition, note, Optional.of(reusable));
    }

    /** What happens to the claim's IPAddress. */
    public sealed interface AddressChange {

        /** Nothing. */
        record None() implements AddressChange {}

        /** Write the claim's IPAddress for {@code address}, granted by the index. */
        record Create(IpAddress address, PoolLayout layout, PoolState pool) implements AddressChange {}

        /**
         * The claim's IPAddress exists in its pool: add what it lacks (owner references, finalizer, label) unless
         * the cache shows it {@code complete}.
         */
        record Adopt(boolean complete, PoolState pool) implements AddressChange {}

        /** Delete the claim's IPAddress, which shares its address with an earlier one, so another is allocated. */
        record Yield() implements AddressChange {}

        /** The claim is deleted: delete its IPAddress (if any is left) and count the address as released. */
        record Release() implements AddressChange {}
    }

    /** The claim's place among the claims that wait for their pool to change. */
    public enum PoolWait {
        /** Keep waiting: the pool's next change wakes the claim. */
        WAIT,
        /** Stop waiting for the pool. */
        STOP,
        /** The claim is gone: forget every wait of it. */
        FORGET
    }

    /** A log line about the claim: its level and text (the claim's name is put in front). */
    public record Note(Logger.Level level, String text) {}
}
