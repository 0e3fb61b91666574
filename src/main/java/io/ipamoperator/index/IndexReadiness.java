package io.ipamoperator.index;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the allocation index holds every IPAddress: opened once by {@link IndexBuild}; the controllers' index event
 * sources wait for it before the framework lets them reconcile, so after a restart (or on a new leader) no decision is
 * made from a partial view.
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
     * Waits up to {@code timeout} for the index to be built: what {@link IndexEventSource#start()} does, so that the
     * framework lets no reconcile of the controller run before. True once it is built.
     */
    public boolean awaitReady(Duration timeout) {
        try {
            return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexNotReadyException("Interrupted while waiting for the allocation index to be built");
        }
    }

    /**
     * Fails, without waiting, when the index is not built: a reconcile never runs before (its controller's index
     * event source holds it back), so this only guards against a controller without one.
     */
    public void requireReady() {
        if (!isReady()) {
            throw new IndexNotReadyException("The allocation index is not built yet (see /q/health/ready); retrying");
        }
    }
}
