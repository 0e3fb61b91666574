package io.ipamoperator.index;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the allocation index (starts the IPAddress informer, then opens {@link IndexReadiness}) as soon as the
 * process starts, on every replica: a standby keeps its index as it keeps its controllers' informers, so it answers
 * webhooks from it and takes the lease over without listing every IPAddress first, and the initial list — the slow
 * part of a start on a big cluster — runs beside the controllers' own lists instead of after them. Readiness and the
 * start-up probe wait for it. A failed build (API not served yet, RBAC missing) is retried every few seconds and its
 * error is shown by the health checks.
 */
@ApplicationScoped
public class IndexBuild {

    private static final Logger LOG = Logger.getLogger(IndexBuild.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final AddressInformer informer;
    private final AddressIndex index;

    private volatile String lastError;
    private volatile boolean stopping;
    private Thread builder;

    @Inject
    public IndexBuild(AddressInformer informer, AddressIndex index) {
        this.informer = informer;
        this.index = index;
    }

    /**
     * Starts the build (in its own thread) before anything else at start: the controllers' index event sources wait
     * for it in their start, and quarkus-operator-sdk starts them from a start-up observer of its own (priority 3123).
     */
    void onStart(@Observes @Priority(1) StartupEvent startup) {
        buildInBackground();
    }

    /** The error of the last failed attempt, while the index is not built. */
    public Optional<String> lastError() {
        return index.readiness().isReady() ? Optional.empty() : Optional.ofNullable(lastError);
    }

    private synchronized void buildInBackground() {
        if (builder != null) {
            return;
        }
        builder = new Thread(this::build, "ipam-index-build");
        builder.setDaemon(true);
        builder.start();
    }

    private void build() {
        long started = System.nanoTime();
        while (!stopping) {
            try {
                informer.start();
                index.readiness().markReady();
                lastError = null;
                LOG.infof(
                        "Allocation index built in %d ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return;
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warnf(
                        "Could not build the allocation index yet (trying again in %ds): %s",
                        RETRY.toSeconds(), e.getMessage());
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        Thread current = builder;
        if (current != null) {
            current.interrupt();
        }
    }
}
