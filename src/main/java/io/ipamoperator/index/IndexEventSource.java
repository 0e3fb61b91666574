package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event source over the in-process address index. Its {@link #start()} waits until the index is built, so the
 * framework, which starts a controller's event sources before it lets any reconcile run, holds the controller's
 * reconciles until every IPAddress is known — no reconcile waits for the index on its own thread. While it runs it
 * listens to the index's change feed (and whatever else a subclass subscribes to) and turns what concerns its
 * controller into events; stopped, it unsubscribes.
 *
 * <p>Written here because the index is no Kubernetes resource: the SDK's informer event sources cannot carry it, and
 * its {@code SimpleInboundEventSource} neither waits for anything at start nor ever unsubscribes.
 */
public abstract class IndexEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P> {

    /** How often a start waiting for the index looks whether the source was stopped meanwhile. */
    private static final Duration STOP_CHECK = Duration.ofSeconds(1);

    private final AddressIndex index;
    private final List<ChangeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    /** How often this source was stopped: a start gives up when a stop came after it began. */
    private final AtomicInteger stops = new AtomicInteger();

    protected IndexEventSource(String name, AddressIndex index) {
        super(Void.class, name);
        this.index = index;
    }

    /** Subscribes to the feeds that wake this source's resources; called once per start. */
    protected abstract List<ChangeSubscription> subscribe(IndexChanges changes);

    /**
     * Waits for the index build, then subscribes. Not synchronized with {@link #stop()}: a process stopping before
     * its index was ever built (the API server unreachable, RBAC missing) stops at once instead of waiting behind
     * this start; the start then gives up.
     */
    @Override
    public void start() throws OperatorException {
        int stopsBefore = stops.get();
        while (!index.readiness().awaitReady(STOP_CHECK)) {
            if (stops.get() != stopsBefore) {
                return;
            }
        }
        subscriptions.addAll(subscribe(index.changes()));
        super.start();
    }

    @Override
    public void stop() throws OperatorException {
        stops.incrementAndGet();
        subscriptions.forEach(ChangeSubscription::cancel);
        subscriptions.clear();
        super.stop();
    }

    /** Reconciles {@code resource}, if this source runs. */
    protected void wake(ResourceID resource) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(resource));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(P primary) {
        return Set.of();
    }
}
