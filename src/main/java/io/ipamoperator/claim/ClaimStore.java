package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ipamoperator.runtime.CacheWithoutManagedFields;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The claim controller's informer cache ({@code @Informer(itemStore)}): claims without their managed fields, and a
 * callback after each claim is stored or removed, so that {@link LiveClaims} can tell other controllers of a change
 * of any claim — also of the ones the controller's filters keep from its reconciler (claims of other providers'
 * pools, the echo of its own status writes). The framework creates it from its class (registered for reflection
 * for the native executable); the reconciler finds it in its configuration — an instance cannot be handed to the
 * framework for a reconciler registered by hand (see {@link OwnStatusEchoFilter}).
 */
@RegisterForReflection
public class ClaimStore<C extends HasMetadata> extends CacheWithoutManagedFields<C> {

    private final List<Consumer<C>> listeners = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with each claim after it was stored, and with each claim removed. */
    void onChange(Consumer<C> listener) {
        listeners.add(listener);
    }

    @Override
    public C put(String key, C claim) {
        C previous = super.put(key, claim);
        changed(claim);
        return previous;
    }

    @Override
    public C remove(String key) {
        C removed = super.remove(key);
        if (removed != null) {
            changed(removed);
        }
        return removed;
    }

    private void changed(C claim) {
        for (Consumer<C> listener : listeners) {
            listener.accept(claim);
        }
    }
}
