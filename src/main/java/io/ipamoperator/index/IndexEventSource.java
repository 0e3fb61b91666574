package io.ipamoperator.index;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    private final AddressIndex index;
    private final List<ChangeSubscription> subscriptions = new ArrayList<>();

    protected IndexEventSource(String name, AddressIndex index) {
        super(Void.class, name);
        this.index = index;
    }

    /** Subscribes to the feeds that wake this source's resources; called once per start. */
    protected abstract List<ChangeSubscription> subscribe(IndexChanges changes);

    @Override
    public synchronized void start() throws OperatorException {
        index.readiness().awaitReady();
        subscriptions.addAll(subscribe(index.changes()));
        super.start();
    }

    @Override
    public synchronized void stop() throws OperatorException {
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
