package io.ipamoperator.claim;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims whose IPAddress this process has written and that have not been marked bound yet, so that a bind is
 * measured exactly once. A reconcile may see a claim's status from before its own last patch (the framework does
 * not put a status patch into its cache; another event can arrive first), and would otherwise take the claim for
 * newly bound a second time. An entry lives from the write until the first bind or the release: milliseconds.
 */
@ApplicationScoped
public class PendingBinds {

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    void written(ClaimView claim) {
        written.add(claim.key());
    }

    /** True exactly once after {@link #written}: the claim is bound now, for the first time. */
    boolean firstBind(ClaimView claim) {
        return written.remove(claim.key());
    }

    void forget(ClaimView claim) {
        written.remove(claim.key());
    }
}
