package io.ipamoperator.index;

/** A listener added to one of the process's change feeds; {@link #cancel()} removes it again. */
@FunctionalInterface
public interface ChangeSubscription {

    void cancel();
}
