package io.ipamoperator.claim;

import java.util.Comparator;

/**
 * The order in which a pool serves the claims that wait for its lowest free address: the order they were created
 * in (creation timestamp, then name, as the timestamp has whole seconds only). Claims of different pools are
 * served independently, in parallel.
 */
final class ServingOrder {

    private static final Comparator<ClaimView> ORDER =
            Comparator.comparing(ClaimView::creationTimestamp).thenComparing(ClaimView::name);

    private ServingOrder() {}

    /** True when {@code one} is served before {@code other}; never for a claim whose creation time is not known. */
    static boolean servedBefore(ClaimView one, ClaimView other) {
        return one.creationTimestamp() != null
                && other.creationTimestamp() != null
                && !one.key().equals(other.key())
                && ORDER.compare(one, other) < 0;
    }
}
