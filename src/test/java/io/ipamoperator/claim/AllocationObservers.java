package io.ipamoperator.claim;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The observers of allocation (the metrics) as the unit tests of the claim story see them: a consumer, or nobody. */
final class AllocationObservers implements Event<AllocationEvent> {

    private final Consumer<AllocationEvent> consumer;

    private AllocationObservers(Consumer<AllocationEvent> consumer) {
        this.consumer = consumer;
    }

    /** Nobody listens. */
    static AllocationObservers none() {
        return new AllocationObservers(event -> {});
    }

    /** {@code consumer} is told of every event, in order. */
    static AllocationObservers to(Consumer<AllocationEvent> consumer) {
        return new AllocationObservers(consumer);
    }

    @Override
    public void fire(AllocationEvent event) {
        consumer.accept(event);
    }

    @Override
    public <U extends AllocationEvent> CompletionStage<U> fireAsync(U event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends AllocationEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event<AllocationEvent> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    public <U extends AllocationEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends AllocationEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
