package io.ipamoperator.claim;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status each claim was last given by this process, until its echo comes back through the claim watch. The
 * claim controller has to see every change of a claim (not only of its generation: the {@code paused} annotation, a
 * label, the finalizer), so without this the echo of its own status patch is one more reconcile per write, and one
 * that does not wait for the framework's retry back-off after a failed attempt (an error status is a write too).
 *
 * <p>Only the echo is dropped: an update that changes nothing but the status, to exactly what this process wrote.
 * A status changed by anybody else still reaches the reconciler, which puts it right. An entry lives from the write
 * until its echo or the claim's release: milliseconds, unless the write failed (then the next write replaces it).
 *
 * <p>Written here because JOSDK 5.2 does not filter the echo of a reconciler's own write (see
 * {@link OwnStatusEchoFilter}).
 */
@ApplicationScoped
public class StatusEchoes {

    private record Written(Optional<String> addressRef, ReadyCondition ready) {}

    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /** The status of {@code decision} is being written to the claim {@code claimKey}. */
    void writing(String claimKey, ClaimDecision decision) {
        written.put(claimKey, new Written(decision.addressRef(), decision.ready()));
    }

    /**
     * True, once, when a claim's new status is the one this process last wrote to it: the update is the echo of that
     * write. The caller checks that nothing but the status changed.
     */
    boolean isEcho(String claimKey, Optional<String> addressRef, ReadyCondition ready) {
        return written.remove(claimKey, new Written(addressRef, ready));
    }

    void forget(String claimKey) {
        written.remove(claimKey);
    }
}
