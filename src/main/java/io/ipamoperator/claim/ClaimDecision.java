package io.ipamoperator.claim;

import java.time.Duration;
import java.util.Optional;

/**
 * What a claim reconcile decided for the claim's status: whether to write it (its {@code addressRef} and
 * {@code Ready} condition), whether the claim may lose its finalizer, and when to look again.
 */
public record ClaimDecision(
        Kind kind, Optional<String> addressRef, ReadyCondition ready, Optional<Duration> requeueAfter) {

    public enum Kind {
        /** Leave the status alone (paused, waiting for a Cluster, ...). */
        UNCHANGED,
        /** Write addressRef and Ready. */
        STATUS,
        /** Deletion: keep the finalizer, look again later (grace period, paused). */
        KEEP_FINALIZER,
        /** Deletion done: the finalizer may go. */
        RELEASED
    }

    static ClaimDecision unchanged() {
        return new ClaimDecision(Kind.UNCHANGED, Optional.empty(), null, Optional.empty());
    }

    static ClaimDecision bound(String addressName) {
        return new ClaimDecision(
                Kind.STATUS, Optional.of(addressName), ReadyCondition.bound(addressName), Optional.empty());
    }

    static ClaimDecision notReady(Optional<String> addressRef, String reason, String message) {
        return new ClaimDecision(Kind.STATUS, addressRef, ReadyCondition.notReady(reason, message), Optional.empty());
    }

    static ClaimDecision keepFinalizer(Optional<Duration> after) {
        return new ClaimDecision(Kind.KEEP_FINALIZER, Optional.empty(), null, after);
    }

    static ClaimDecision released() {
        return new ClaimDecision(Kind.RELEASED, Optional.empty(), null, Optional.empty());
    }

    ClaimDecision requeueAfter(Duration after) {
        return new ClaimDecision(kind, addressRef, ready, Optional.of(after));
    }
}
