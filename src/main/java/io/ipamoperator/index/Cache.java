package io.ipamoperator.index;

/**
 * An in-process cache fed by an informer. Every cache the operator needs is started once, by {@link IndexBuild},
 * when this replica starts deciding (at start-up, or on winning the lease) — never from inside a reconcile — and
 * the index is ready only when all of them hold their initial list.
 */
public interface Cache {

    /** What is cached, for logs and health ("IPAddresses", "Clusters"). */
    String name();

    /** False for a cache nobody needs in this configuration (it is then not started). */
    default boolean wanted() {
        return true;
    }

    /** Lists and starts watching; returns once the initial list is in; idempotent; throws on failure. */
    void start();

    /** True when the cache ran and its informer has stopped for good: a restart is the cure. */
    boolean hasStopped();
}
