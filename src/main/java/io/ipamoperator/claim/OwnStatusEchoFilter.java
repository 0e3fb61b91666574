package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.quarkus.arc.Arc;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The claim controller's update filter: every change of a claim reaches the reconciler (its generation alone would
 * miss the {@code paused} annotation, labels and the finalizer) except the echo of a status this process wrote, which
 * would be one more reconcile per write and, after a failed attempt, one that ignores the retry back-off.
 *
 * <p>Written here, and built from its class, because the SDK cannot do either for us yet. JOSDK 5.2 (what
 * quarkus-operator-sdk 7.4 brings) lets a reconciler's own status write come back as an event; 5.3's
 * {@code ResourceOperations} filters that echo itself — drop this filter and {@link StatusEchoes} when the extension
 * moves to it. A filter instance cannot be handed over either: the extension applies configuration overriders
 * ({@code ConfigurableReconciler}) only to the reconcilers it registers itself, and the claim reconciler is registered
 * by hand ({@link ClaimControllers} picks one of the two contract versions at start; JOSDK's own
 * {@code register(reconciler, overrider)} fails under the extension with a ClassCastException, tried). So the filter
 * finds the process's {@link StatusEchoes} in the container the first time it needs them.
 */
public class OwnStatusEchoFilter<C extends HasMetadata> implements OnUpdateFilter<C> {

    private final Function<C, Optional<String>> addressRef;
    private final Function<C, ReadyCondition> ready;
    private final Supplier<StatusEchoes> echoesSupplier;
    private volatile StatusEchoes echoes;

    protected OwnStatusEchoFilter(Function<C, Optional<String>> addressRef, Function<C, ReadyCondition> ready) {
        this(
                addressRef,
                ready,
                () -> Arc.container().instance(StatusEchoes.class).get());
    }

    OwnStatusEchoFilter(
            Function<C, Optional<String>> addressRef,
            Function<C, ReadyCondition> ready,
            Supplier<StatusEchoes> echoes) {
        this.addressRef = addressRef;
        this.ready = ready;
        this.echoesSupplier = echoes;
    }

    @Override
    public boolean accept(C updated, C previous) {
        return !(onlyStatusChanged(updated, previous)
                && echoes().isEcho(
                                ClaimView.key(updated.getMetadata()), addressRef.apply(updated), ready.apply(updated)));
    }

    private StatusEchoes echoes() {
        StatusEchoes known = echoes;
        if (known == null) {
            known = echoesSupplier.get();
            echoes = known;
        }
        return known;
    }

    private static boolean onlyStatusChanged(HasMetadata updated, HasMetadata previous) {
        var now = updated.getMetadata();
        var before = previous.getMetadata();
        return Objects.equals(now.getGeneration(), before.getGeneration())
                && Objects.equals(now.getLabels(), before.getLabels())
                && Objects.equals(now.getAnnotations(), before.getAnnotations())
                && Objects.equals(now.getFinalizers(), before.getFinalizers())
                && Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
                && Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp());
    }
}
