package io.ipamoperator.index;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the allocation index holds every IPAddress: opened once by {@link IndexBuild}; reconcilers wait for it,
 * so after a restart (or on a new leader) no decision is made from a partial view.
 */
@ApplicationScoped
public class IndexReadiness {

    private final CountDownLatch ready = new CountDownLatch(1);

    /** Called once the informer's initial list is indexed. */
    void markReady() {
        ready.countDown();
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /**
     * Waits (up to two minutes) until the index is built; a reconcile that runs first fails and is retried by the
     * framework rather than deciding from a partial view.
     */
    public void requireReady() {
        try {
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IndexNotReadyException(
                        "The allocation index is not built yet (see /q/health/ready); retrying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexNotReadyException("Interrupted while waiting for the allocation index");
        }
    }
}
