package io.ipamoperator.index;

import io.ipamoperator.leadership.Leadership;
import io.ipamoperator.webhook.WebhookSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the allocation index (starts the IPAddress informer, then opens {@link IndexReadiness}) as soon as this
 * replica decides (at start-up, or when it wins the lease; at start-up on every replica when it serves webhooks,
 * which answer from the index), not at the first reconcile: readiness and the start-up probe wait for it, and on a big cluster the initial list of
 * IPAddresses is the slow part of a start. A failed build (API not served yet, RBAC missing) is retried every few
 * seconds and its error is shown by the health checks.
 */
@ApplicationScoped
public class IndexBuild {

    private static final Logger LOG = Logger.getLogger(IndexBuild.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final AddressInformer informer;
    private final AddressIndex index;
    private final Leadership leadership;
    private final WebhookSettings webhooks;

    private volatile String lastError;
    private volatile boolean stopping;
    private Thread builder;

    @Inject
    public IndexBuild(AddressInformer informer, AddressIndex index, Leadership leadership, WebhookSettings webhooks) {
        this.informer = informer;
        this.index = index;
        this.leadership = leadership;
        this.webhooks = webhooks;
    }

    void onStart(@Observes StartupEvent startup) {
        if (webhooks.enabled()) {
            buildInBackground(); // a standby answers webhooks from the index too
        } else {
            leadership.whenDeciding(this::buildInBackground);
        }
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
