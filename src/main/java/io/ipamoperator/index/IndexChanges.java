package io.ipamoperator.index;

import io.ipamoperator.identity.PoolId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The index's change feed, for the event sources that turn it into reconciles: a pool whose addresses, layout or
 * state changed, and an IPAddress that appeared, changed or went away.
 */
@ApplicationScoped
public class IndexChanges {

    private final List<Consumer<PoolId>> poolListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<AddressRecord>> addressListeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} about every pool whose addresses, layout or state change. */
    public ChangeSubscription onPoolChange(Consumer<PoolId> listener) {
        poolListeners.add(listener);
        return () -> poolListeners.remove(listener);
    }

    /** Tells {@code listener} about every IPAddress that appears, changes or goes away. */
    public ChangeSubscription onAddressChange(Consumer<AddressRecord> listener) {
        addressListeners.add(listener);
        return () -> addressListeners.remove(listener);
    }

    void poolChanged(PoolId pool) {
        poolListeners.forEach(listener -> listener.accept(pool));
    }

    void addressChanged(AddressRecord address) {
        addressListeners.forEach(listener -> listener.accept(address));
    }
}
