package io.ipamoperator.claim;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims whose IPAddress this process has written and that have not been reported bound since, so that a bind
 * is measured exactly once: a fact the claim's plan is decided from. A reconcile may see a claim's status from
 * before its own last patch (the framework does not put a status patch into its cache; another event can arrive
 * first), so the claim's status alone cannot tell a first bind from a second. An entry lives from the write until
 * the first bind or the release: milliseconds.
 */
@ApplicationScoped
public class PendingBinds {

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    void written(ClaimView claim) {
        written.add(claim.key());
    }

    /** True from {@link #written} until {@link #bound}: a bind of the claim now is its first. */
    boolean awaited(ClaimView claim) {
        return written.contains(claim.key());
    }

    void bound(ClaimView claim) {
        written.remove(claim.key());
    }

    void forget(ClaimView claim) {
        written.remove(claim.key());
    }
}
